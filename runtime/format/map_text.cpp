// Text-mode map printing, byte-identical to bpftrace v0.17.
#include "runtime/format/map_format.h"
#include "runtime/format/map_internal.h"

namespace sonde::format {

namespace {

// `count 3, average 21, total 63`; only the average is divided, as bpftrace does.
std::string stats_text(const StatsValue& stats, uint64_t div) {
  return "count " + std::to_string(stats.count) + ", average " +
         detail::integer_text(detail::divide(stats_average(stats), div)) + ", total " +
         detail::integer_text(stats.total);
}

// One `@m[k]: value` line. A stack value already ends with a newline (its
// frames each end one), so it gets no second one.
std::string value_line(const std::string& key_text, const Value& value, uint64_t div) {
  std::string line = key_text + ": " + to_text(detail::divide_value(value, div));
  if (line.back() != '\n')
    line += '\n';
  return line;
}

} // namespace

std::string format_map_text(const Map& map, const PrintLimits& limits) {
  if (map.entries.empty())
    return "";
  const uint64_t div = detail::effective_div(limits);
  std::string out;
  for (const MapEntry* entry : sorted_entries(map, limits.top)) {
    const std::string key_text = format_map_key(map.name, entry->key);
    switch (map.kind) {
    case MapKind::Hist:
    case MapKind::Lhist: {
      const auto& hist = std::get<HistCounts>(entry->value);
      // Each histogram is its own block: header with a trailing space, the
      // rows, then an empty line.
      out += key_text + ": \n";
      out += map.kind == MapKind::Hist ? format_hist_rows(hist.counts, map.hist_k, div)
                                       : format_lhist_rows(hist.counts, map.lhist, div);
      out += "\n";
      break;
    }
    case MapKind::Avg:
      out += key_text + ": " +
             detail::integer_text(
                 detail::divide(stats_average(std::get<StatsValue>(entry->value)), div)) +
             "\n";
      break;
    case MapKind::Stats:
      out += key_text + ": " + stats_text(std::get<StatsValue>(entry->value), div) + "\n";
      break;
    case MapKind::Plain:
    case MapKind::Count:
    case MapKind::Sum:
    case MapKind::Min:
    case MapKind::Max:
      out += value_line(key_text, std::get<Value>(entry->value), div);
      break;
    }
  }
  // avg and stats maps end with an empty line, as in v0.17.
  if (map.kind == MapKind::Avg || map.kind == MapKind::Stats)
    out += "\n";
  return out;
}

} // namespace sonde::format
