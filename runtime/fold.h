// Folding raw BPF map entries into the formatter's map model: per-CPU slots
// combined per the Aggregation rules of bundle.h, hist/lhist composite keys
// grouped into per-key bucket arrays. Pure: the entries come from maps.cpp
// (or from a test).
#pragma once

#include "compiler/bundle.h"
#include "runtime/decode.h"
#include "runtime/format/map_format.h"

#include <string>
#include <vector>

namespace sonde::runtime {

// One BPF map entry as read from the kernel: the key bytes and the value
// bytes of every CPU (one slot for a map that is not per-CPU), each slot
// `stride` bytes apart (libbpf rounds per-CPU values up to 8 bytes).
struct RawEntry {
  std::string key;
  std::string values;
};

struct RawMap {
  size_t cpus = 1;   // number of value slots per entry
  size_t stride = 0; // bytes per slot
  std::vector<RawEntry> entries;
};

// The formatter's kind for a script map's aggregation.
format::MapKind map_kind(bundle::Aggregation aggregation);

// Combines the per-CPU slots of one entry's value: Count/Sum/Hist/Lhist
// summed, Min/Max folded over the CPUs that set them, Avg/Stats totals and
// counts summed, None decoded from the first slot.
format::EntryValue fold_value(const bundle::MapInfo& map, const RawMap& raw, const RawEntry& entry,
                              const DecodeContext& ctx);

// The whole map ready for format_map(): keys decoded, values folded, and for
// hist/lhist the trailing 8-byte bucket index of each key folded into the
// bucket array of the key before it. Min/Max/Avg/Stats entries that never
// received a value (an untouched array slot) are left out.
format::Map fold_map(const bundle::MapInfo& map, const RawMap& raw, const DecodeContext& ctx);

} // namespace sonde::runtime
