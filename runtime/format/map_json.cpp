// -f json map printing: one {"type": ..., "data": {...}} object per line.
#include "runtime/format/map_format.h"
#include "runtime/format/map_internal.h"

namespace sonde::format {

namespace {

const char* message_type_of(MapKind kind) {
  switch (kind) {
  case MapKind::Hist:
  case MapKind::Lhist:
    return "hist";
  case MapKind::Avg:
  case MapKind::Stats:
    return "stats";
  default:
    return "map";
  }
}

// A key as a JSON object member name: the key parts' text joined with ",".
std::string json_key(const std::vector<Value>& key) {
  std::string joined;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0)
      joined += ",";
    joined += to_text(key[i]);
  }
  return "\"" + json_escape(joined) + "\"";
}

std::string json_entry_value(const Map& map, const MapEntry& entry, uint64_t div) {
  switch (map.kind) {
  case MapKind::Hist:
    return format_hist_json(std::get<HistCounts>(entry.value).counts, map.hist_k, div);
  case MapKind::Lhist:
    return format_lhist_json(std::get<HistCounts>(entry.value).counts, map.lhist, div);
  case MapKind::Avg:
    return detail::integer_text(
        detail::divide(stats_average(std::get<StatsValue>(entry.value)), div));
  case MapKind::Stats: {
    const auto& stats = std::get<StatsValue>(entry.value);
    return "{\"count\": " + std::to_string(stats.count) +
           ", \"average\": " + detail::integer_text(detail::divide(stats_average(stats), div)) +
           ", \"total\": " + detail::integer_text(stats.total) + "}";
  }
  case MapKind::Plain:
  case MapKind::Count:
  case MapKind::Sum:
  case MapKind::Min:
  case MapKind::Max:
    break;
  }
  return to_json(detail::divide_value(std::get<Value>(entry.value), div));
}

} // namespace

std::string format_map_json(const Map& map, const PrintLimits& limits) {
  if (map.entries.empty())
    return "";
  const uint64_t div = detail::effective_div(limits);
  const auto entries = sorted_entries(map, limits.top);
  const bool keyed = !entries.front()->key.empty();

  std::string data;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0)
      data += ", ";
    if (keyed)
      data += json_key(entries[i]->key) + ": ";
    data += json_entry_value(map, *entries[i], div);
  }
  if (keyed)
    data = "{" + data + "}";
  return std::string("{\"type\": \"") + message_type_of(map.kind) + "\", \"data\": {\"" +
         json_escape(map.name) + "\": " + data + "}}\n";
}

} // namespace sonde::format
