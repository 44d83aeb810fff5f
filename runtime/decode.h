// Turning the bytes BPF programs write (map keys and values, event payloads)
// into the formatter's values, following the Layouts of the Manifest.
//
// Pure: whatever needs the outside world (kernel symbols, stack maps, user
// names, cgroup paths, the boot time) comes in through DecodeContext, so
// tests decode without a kernel.
#pragma once

#include "compiler/bundle.h"
#include "runtime/format/value.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace sonde::runtime {

using Bytes = std::span<const uint8_t>;

// Resolvers for the Layout kinds that bytes alone cannot print. Any of them
// may be empty; the decoder then falls back to a plain number.
struct DecodeContext {
  const std::vector<std::string>* probe_names = nullptr;
  // Kernel address -> symbol name ("do_nanosleep"); "" when unknown.
  std::function<std::string(uint64_t address)> ksym;
  // User address + pid -> symbol name ("main"); "" when unknown.
  std::function<std::string(uint64_t address, uint64_t pid)> usym;
  // Stack id (+ pid for user stacks) -> frames, innermost first, formatted
  // for `mode`.
  std::function<std::vector<std::string>(const bundle::Layout& layout, int64_t stack_id,
                                         uint64_t pid)>
      stack;
  // uid -> user name; "" when unknown.
  std::function<std::string(uint64_t uid)> username;
  // cgroup id -> path; "" when unknown.
  std::function<std::string(uint64_t id)> cgroup_path;
  // Added to a boot-relative timestamp to get nanoseconds since the epoch.
  int64_t boot_to_epoch_ns = 0;
};

// Reads a little-endian unsigned integer of `size` bytes (1, 2, 4 or 8) at
// `offset`; 0 when the bytes are too short.
uint64_t read_uint(Bytes bytes, size_t offset, size_t size);

// The value `layout` describes, read from `bytes` (which start where the
// value starts: a field's offset is relative to its enclosing value).
format::Value decode_value(const bundle::Layout& layout, Bytes bytes, const DecodeContext& ctx);

// A map key as the formatter wants it: one Value per key part (a Tuple key
// splits into its elements), empty for a scalar map.
std::vector<format::Value> decode_key(const bundle::Layout& layout, Bytes bytes,
                                      const DecodeContext& ctx);

// The fields of an argument Tuple (printf arguments, print's value...), each
// decoded at its offset within `payload`.
std::vector<format::Value> decode_args(const bundle::Layout& args, Bytes payload,
                                       const DecodeContext& ctx);

} // namespace sonde::runtime
