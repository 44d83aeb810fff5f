// Entry order and the pieces of map printing shared by text and JSON.
#include "runtime/format/map_format.h"
#include "runtime/format/map_internal.h"

#include <algorithm>
#include <numeric>
#include <optional>

namespace sonde::format {

namespace {

bool is_integer_kind(MapKind kind) {
  return kind == MapKind::Count || kind == MapKind::Sum || kind == MapKind::Min ||
         kind == MapKind::Max || kind == MapKind::Plain;
}

// The value an entry sorts by, or nullopt when the map sorts by key only.
std::optional<Value> sort_rank(MapKind kind, const MapEntry& entry) {
  if (const auto* value = std::get_if<Value>(&entry.value)) {
    if (is_integer_kind(kind) && value->as_integer() != nullptr)
      return *value;
    return std::nullopt;
  }
  if (const auto* stats = std::get_if<StatsValue>(&entry.value))
    return Value{stats->total};
  const auto& hist = std::get<HistCounts>(entry.value);
  return Value::unsigned_int(std::accumulate(hist.counts.begin(), hist.counts.end(), uint64_t{0}));
}

} // namespace

Integer stats_average(const StatsValue& stats) {
  if (stats.count == 0)
    return Integer{0, stats.total.is_signed, 64};
  if (stats.total.is_signed) {
    const int64_t average = stats.total.as_signed() / static_cast<int64_t>(stats.count);
    return Integer{static_cast<uint64_t>(average), true, 64};
  }
  return Integer{stats.total.as_unsigned() / stats.count, false, 64};
}

std::vector<const MapEntry*> sorted_entries(const Map& map, uint64_t top) {
  struct Ranked {
    const MapEntry* entry;
    std::optional<Value> rank;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(map.entries.size());
  bool every_entry_ranked = true;
  for (const auto& entry : map.entries) {
    ranked.push_back({&entry, sort_rank(map.kind, entry)});
    every_entry_ranked = every_entry_ranked && ranked.back().rank.has_value();
  }

  // A map whose values do not all have a rank (a Plain map of strings or
  // tuples) sorts by key alone, as v0.17 does.
  std::sort(ranked.begin(), ranked.end(), [every_entry_ranked](const Ranked& a, const Ranked& b) {
    if (every_entry_ranked) {
      if (auto order = compare_values(*a.rank, *b.rank); order != 0)
        return order < 0;
    }
    // v0.17 left ties in whatever order the kernel returned them; the key
    // makes the output stable.
    return compare_keys(a.entry->key, b.entry->key) < 0;
  });

  size_t skip = 0;
  if (top != 0 && ranked.size() > top)
    skip = ranked.size() - static_cast<size_t>(top);
  std::vector<const MapEntry*> result;
  result.reserve(ranked.size() - skip);
  for (size_t i = skip; i < ranked.size(); ++i)
    result.push_back(ranked[i].entry);
  return result;
}

std::string format_map_key(const std::string& name, const std::vector<Value>& key) {
  if (key.empty())
    return name;
  std::string out = name + "[";
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0)
      out += ", ";
    out += to_text(key[i]);
  }
  return out + "]";
}

std::string format_map(const Map& map, OutputMode mode, const PrintLimits& limits) {
  return mode == OutputMode::Json ? format_map_json(map, limits) : format_map_text(map, limits);
}

namespace detail {

uint64_t effective_div(const PrintLimits& limits) {
  return limits.div == 0 ? 1 : limits.div;
}

Integer divide(const Integer& value, uint64_t div) {
  if (div <= 1)
    return value;
  if (value.is_signed)
    return Integer{static_cast<uint64_t>(value.as_signed() / static_cast<int64_t>(div)), true,
                   value.width};
  return Integer{value.as_unsigned() / div, false, value.width};
}

Value divide_value(const Value& value, uint64_t div) {
  if (const auto* integer = value.as_integer())
    return Value{divide(*integer, div)};
  return value;
}

std::string integer_text(const Integer& value) {
  return value.is_signed ? std::to_string(value.as_signed()) : std::to_string(value.as_unsigned());
}

} // namespace detail

} // namespace sonde::format
