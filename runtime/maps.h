// Reading and resetting the BPF maps behind script maps: every entry with
// all its per-CPU values, clear() and zero().
#pragma once

#include "runtime/fold.h"

#include <string>

struct bpf_map;

namespace sonde::runtime {

// True when the map keeps one value per possible CPU.
bool is_per_cpu(const bpf_map* map);

// Reads every entry of `map` (keys, and for per-CPU maps every CPU's slot).
// False with `error` set when the kernel refuses.
bool read_raw_map(const bpf_map* map, RawMap& out, std::string& error);

// clear(): deletes every entry; array maps, whose entries cannot be deleted,
// are zeroed instead.
bool clear_map(const bpf_map* map, std::string& error);

// zero(): keeps the keys and sets every value (on every CPU) to zero.
bool zero_map(const bpf_map* map, std::string& error);

} // namespace sonde::runtime

#include <vector>

struct bpf_object;

namespace sonde::runtime {

// The script's maps matched to their BPF maps in the loaded object.
class MapTable {
public:
  // Finds every MapInfo's BPF map by bpf_name; false with `error` naming
  // the first one missing.
  bool resolve(bpf_object* object, const std::vector<bundle::MapInfo>& maps, std::string& error);

  size_t size() const { return infos_.size(); }
  const bundle::MapInfo& info(size_t index) const { return infos_[index]; }

  // The map's current content, folded and decoded for the formatter.
  bool read(size_t index, const DecodeContext& ctx, format::Map& out, std::string& error) const;
  // clear() and zero() of the script.
  bool clear(size_t index, std::string& error);
  bool zero(size_t index, std::string& error);
  // Whether the exit-time dump should leave the map out: it was cleared and
  // nothing was stored since (array maps keep zeroed entries, so this is
  // what tells a cleared scalar from one holding 0).
  bool skip_at_exit(size_t index, const RawMap& raw) const;

private:
  std::vector<bundle::MapInfo> infos_;
  std::vector<const bpf_map*> maps_;
  std::vector<bool> cleared_;
};

} // namespace sonde::runtime
