// The Bundle: everything the runtime needs to run a compiled script, and
// nothing it would have to ask the AST for.
//
//   Bundle = the BPF ELF object (bytes) + the Manifest
//
// The Manifest names the programs and where each attaches, the maps and how
// to decode and print them, and the events the programs send through the
// ring buffer. The same serialised bytes are the compile-cache entry and the
// --emit-bundle / --run-bundle file.
//
// Data layout shared by codegen (which writes it) and the runtime (which
// reads it): every value has a Layout; integers are stored in their size
// (1, 2, 4 or 8 bytes, little endian); strings and buffers in a fixed
// capacity; tuples and records as their fields at the offsets given, each
// field aligned to its own alignment (at most 8).
#pragma once

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sonde::bundle {

inline constexpr uint32_t kFormatVersion = 3;

// How to decode and print one value.
struct Layout {
  enum class Kind : uint8_t {
    None,    // no value (void)
    Integer, // size 1/2/4/8, is_signed
    Bool,    // 1 byte
    String,  // NUL-terminated within `size` bytes
    Buffer,  // u32 length + `size - 4` bytes; printed with %r
    Tuple,   // fields
    Record,  // fields with names
    Array,   // `count` elements of fields[0]
    Pointer, // 8 bytes, printed as hex
    Ksym,    // 8-byte kernel address, printed as its symbol
    Usym,    // 8-byte user address + 8-byte pid
    Kstack,  // 8-byte stack id (+ pid for ustack); `count` = frame limit, `mode` below
    Ustack,
    Inet,      // 4-byte family + 16 bytes of address (ntop)
    Timestamp, // 8-byte boot-relative ns; `text` is the strftime format
    Username,  // 8-byte uid printed as a user name
    ProbeName, // 8-byte index into Manifest::probe_names
    Strerror,  // 8-byte errno printed as its text
    CgroupPath,
    MacAddr, // 6 bytes
    Enum,    // integer printed as an enumerator name when `names` has it
  };
  Kind kind = Kind::None;
  uint32_t size = 0;
  uint32_t offset = 0; // within the enclosing tuple/record/event
  bool is_signed = false;
  uint32_t count = 0; // Array length; stack frame limit
  std::string mode;   // stack mode: bpftrace, perf, raw
  std::string text;   // Timestamp format
  std::vector<Layout> fields;
  std::vector<std::string> names; // Record field names; Enum: "value=name" pairs

  template <class Archive>
  void serialize(Archive& ar) {
    ar(kind, size, offset, is_signed, count, mode, text, fields, names);
  }
};

enum class Aggregation : uint8_t { None, Count, Sum, Min, Max, Avg, Stats, Hist, Lhist };

// One script map (@name). Its BPF map is keyed by `key` bytes; for hist and
// lhist the key is `key` followed by an 8-byte bucket index (the runtime
// takes the last 8 bytes of the BPF key as the bucket, so a scalar hist may
// key by the bucket alone or by 8 zero bytes + bucket). Values:
//   None        `value` bytes
//   Count, Sum  8 bytes per CPU, summed (Sum signed)
//   Min, Max    {int64 value; uint64 set} per CPU, folded
//   Avg, Stats  {int64 total; uint64 count} per CPU, summed
//   Hist, Lhist 8-byte count per CPU and bucket, summed
struct MapInfo {
  std::string name;     // "@name", "@" for the anonymous map
  std::string bpf_name; // the map's name in the object
  Aggregation aggregation = Aggregation::None;
  Layout key; // Kind::None for a scalar map (the BPF key is 8 zero bytes)
  Layout value;
  bool per_cpu = false;
  uint32_t max_entries = 4096;
  uint32_t hist_bits = 0; // hist(n, k)
  int64_t lhist_min = 0, lhist_max = 0, lhist_step = 1;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(name, bpf_name, aggregation, key, value, per_cpu, max_entries, hist_bits, lhist_min,
       lhist_max, lhist_step);
  }
};

// One attach point after wildcard expansion.
struct AttachTarget {
  std::string target;  // kind-specific: "syscalls:sys_enter_openat", "hz:99", ...
  uint64_t cookie = 0; // index into Manifest::probe_names, read by `probe`

  template <class Archive>
  void serialize(Archive& ar) {
    ar(target, cookie);
  }
};

// One probe block: one BPF program, attached to every target.
struct ProbeInfo {
  std::string kind;         // canonical probe kind: "BEGIN", "tracepoint", "interval", ...
  std::string program_name; // the program's function name in the object
  std::vector<AttachTarget> targets;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(kind, program_name, targets);
  }
};

// Something a program asks user space to do. Every ring-buffer record starts
// with a uint64 event id: an index into Manifest::events.
struct EventInfo {
  enum class Kind : uint8_t {
    Printf,   // format + args
    Time,     // format (strftime)
    Cat,      // format + args -> a path, printed
    System,   // format + args -> a shell command, its output printed
    Join,     // args[0] is an Array of strings; format holds the separator
    Print,    // args[0] is the value
    PrintMap, // map index; payload: int64 top, int64 div
    Clear,    // map index
    Zero,     // map index
    Exit,     // payload: int64 exit code
  };
  Kind kind = Kind::Printf;
  std::string format;
  Layout args; // a Tuple of the arguments, offsets relative to the payload
  uint32_t map = 0;
  uint32_t payload_size = 0; // bytes after the 8-byte id
  std::string location;      // "stdin:1:9-30", for messages about this call

  template <class Archive>
  void serialize(Archive& ar) {
    ar(kind, format, args, map, payload_size, location);
  }
};

// A value the runtime writes into a map after loading, before attaching.
struct MapInit {
  std::string map;
  uint32_t key = 0;
  uint64_t value = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(map, key, value);
  }
};

struct Manifest {
  std::vector<ProbeInfo> probes;
  std::vector<MapInfo> maps;
  std::vector<EventInfo> events;
  std::vector<std::string> probe_names; // expanded names, for the `probe` builtin
  std::string ringbuf_name = "events";
  uint32_t attach_point_count = 0; // "Attaching N probes..."
  std::vector<std::string> config; // key=value settings the runtime honours
  // The BPF_MAP_TYPE_STACK_TRACE map that Kstack/Ustack ids index ("" when
  // the script uses no stacks). Added by the runtime: it needs the map to
  // turn a stack id into frames.
  std::string stack_map;
  // A one-entry array map the runtime fills with the boot-clock time (ns)
  // before attaching, for `elapsed` ("" when unused).
  std::string start_time_map;
  std::vector<MapInit> map_inits;
  // A per-CPU array whose one entry counts the events dropped because the
  // ring buffer was full; the runtime reports them ("Lost N events").
  std::string lost_events_map;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(probes, maps, events, probe_names, ringbuf_name, attach_point_count, config, stack_map,
       start_time_map, map_inits, lost_events_map);
  }
};

struct Bundle {
  uint32_t format_version = kFormatVersion;
  std::string object; // the BPF ELF object
  Manifest manifest;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(format_version, object, manifest);
  }
};

// Serialisation (cereal portable binary) and its inverse; deserialize
// returns false on bytes that are not a Bundle of this format version.
std::string serialize(const Bundle& bundle);
bool deserialize(const std::string& bytes, Bundle& bundle, std::string& error);

} // namespace sonde::bundle
