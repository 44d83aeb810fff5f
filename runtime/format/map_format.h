// Printing a whole map, as print(@m) and the exit-time dump do, in text
// (byte-identical to bpftrace v0.17) and JSON (-f json).
//
// The runtime reads the BPF map, sums per-CPU slots, decodes each key into
// one Value per key part and each value into an EntryValue, and calls
// format_map(). Order of entries in `Map::entries` does not matter: the
// formatter sorts them.
#pragma once

#include "runtime/format/hist.h"
#include "runtime/format/output_mode.h"
#include "runtime/format/value.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sonde::format {

// What the map's values are, which decides sorting and layout.
enum class MapKind {
  Plain, // @m = expr: any Value (integers sort by value, the rest by key)
  Count, // count()
  Sum,   // sum()
  Min,   // min()
  Max,   // max()
  Avg,   // avg(): a StatsValue, printed as its average
  Stats, // stats(): a StatsValue
  Hist,  // hist(): HistCounts in the hist layout (see hist.h)
  Lhist, // lhist(): HistCounts in the lhist layout
};

// avg() and stats() state: number of samples and their sum. `total` keeps
// the signedness of the aggregated expression, which decides whether the
// average uses signed division.
struct StatsValue {
  uint64_t count = 0;
  Integer total;
};

// Per-bucket counts of hist()/lhist(), indexed as hist.h describes.
struct HistCounts {
  std::vector<uint64_t> counts;
};

// Value for Plain/Count/Sum/Min/Max, StatsValue for Avg/Stats, HistCounts
// for Hist/Lhist.
using EntryValue = std::variant<Value, StatsValue, HistCounts>;

struct MapEntry {
  std::vector<Value> key; // one Value per key part; empty for a scalar map
  EntryValue value;
};

struct Map {
  std::string name; // with the '@': "@h", or "@" for the anonymous map
  MapKind kind = MapKind::Plain;
  unsigned hist_k = 0; // hist(n, k)
  LinearLayout lhist;  // lhist(n, min, max, step)
  std::vector<MapEntry> entries;
};

// The optional arguments of print(@m, top, div): keep only the `top` largest
// entries (0 keeps all), divide values by `div` (0 is taken as 1). `div`
// divides integer values, averages (not a stats() count or total, as in
// bpftrace) and bucket counts (bars stay scaled on the undivided counts).
struct PrintLimits {
  uint64_t top = 0;
  uint64_t div = 1;
};

// The average of a stats/avg entry (total / count, signed when the total is;
// 0 when there are no samples).
Integer stats_average(const StatsValue& stats);

// The entries in print order: integer-valued maps (Count, Sum, Min, Max and
// Plain maps of integers) ascending by value, Avg/Stats ascending by total,
// Hist/Lhist ascending by the sum of their counts, any other map by key;
// ties broken by key. With `top`, only the last `top` of that order.
std::vector<const MapEntry*> sorted_entries(const Map& map, uint64_t top = 0);

// `@name[k1, k2]`, or `@name` for a scalar map: the key as text output shows it.
std::string format_map_key(const std::string& name, const std::vector<Value>& key);

// The map in text mode, exactly as v0.17 prints it:
//   Plain/Count/Sum/Min/Max  `@m[k]: v` lines, no blank line after the map
//   Avg                      `@m[k]: avg` lines, then one empty line
//   Stats                    `@m[k]: count N, average A, total T` lines, then one empty line
//   Hist/Lhist               per entry `@m[k]: ` (trailing space), its rows, one empty line
// An empty map yields "" (v0.17 printed a stray empty line; sonde prints
// nothing, and the exit-time dump skips maps the script cleared anyway).
std::string format_map_text(const Map& map, const PrintLimits& limits = {});

// The map as one -f json line (with its newline): type "map", "hist" or
// "stats"; keyed maps as an object keyed by the key parts joined with ",".
// An empty map yields "".
std::string format_map_json(const Map& map, const PrintLimits& limits = {});

// format_map_text() or format_map_json() depending on `mode`.
std::string format_map(const Map& map, OutputMode mode, const PrintLimits& limits = {});

} // namespace sonde::format
