#include "runtime/fold.h"

#include "runtime/format/hist.h"

#include <map>

namespace sonde::runtime {

namespace {

using bundle::Aggregation;
using format::Value;

Bytes slot(const RawMap& raw, const RawEntry& entry, size_t cpu) {
  Bytes all(reinterpret_cast<const uint8_t*>(entry.values.data()), entry.values.size());
  size_t offset = cpu * raw.stride;
  if (offset >= all.size())
    return {};
  return all.subspan(offset, std::min(raw.stride, all.size() - offset));
}

size_t slot_count(const RawMap& raw, const RawEntry& entry) {
  if (raw.stride == 0)
    return 1;
  return std::min(raw.cpus, entry.values.size() / raw.stride);
}

uint64_t sum_u64(const RawMap& raw, const RawEntry& entry, size_t offset) {
  uint64_t total = 0;
  for (size_t cpu = 0; cpu < slot_count(raw, entry); ++cpu)
    total += read_uint(slot(raw, entry, cpu), offset, 8);
  return total;
}

// Min/Max: each CPU holds {int64 value; uint64 set}; CPUs that never ran
// the aggregation do not take part.
Value fold_extreme(const RawMap& raw, const RawEntry& entry, bool is_min) {
  bool any = false;
  int64_t best = 0;
  for (size_t cpu = 0; cpu < slot_count(raw, entry); ++cpu) {
    Bytes bytes = slot(raw, entry, cpu);
    if (read_uint(bytes, 8, 8) == 0)
      continue;
    auto value = static_cast<int64_t>(read_uint(bytes, 0, 8));
    if (!any || (is_min ? value < best : value > best))
      best = value;
    any = true;
  }
  return Value::signed_int(best);
}

// Min/Max/Avg/Stats entries record whether they ever saw a value; one that
// did not (a zero-initialised array slot) is not an entry of the script map.
bool has_samples(const bundle::MapInfo& map, const RawMap& raw, const RawEntry& entry) {
  switch (map.aggregation) {
  case Aggregation::Min:
  case Aggregation::Max:
  case Aggregation::Avg:
  case Aggregation::Stats:
    return sum_u64(raw, entry, 8) != 0;
  default:
    return true;
  }
}

size_t bucket_count(const bundle::MapInfo& map) {
  if (map.aggregation == Aggregation::Hist)
    return format::hist_bucket_count(map.hist_bits);
  return format::lhist_bucket_count({map.lhist_min, map.lhist_max, map.lhist_step});
}

std::string_view view(const std::string& bytes, size_t length) {
  return std::string_view(bytes).substr(0, length);
}

Bytes as_bytes(std::string_view text) {
  return Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

format::Map fold_histogram(const bundle::MapInfo& map, const RawMap& raw, const DecodeContext& ctx,
                           format::Map out) {
  // Key prefix bytes -> bucket counts; ordered so output does not depend on
  // the kernel's iteration order before the formatter sorts.
  std::map<std::string, std::vector<uint64_t>> groups;
  size_t buckets = bucket_count(map);
  for (const RawEntry& entry : raw.entries) {
    if (entry.key.size() < 8)
      continue;
    size_t prefix = entry.key.size() - 8;
    uint64_t index = read_uint(as_bytes(entry.key), prefix, 8);
    std::vector<uint64_t>& counts = groups[std::string(view(entry.key, prefix))];
    counts.resize(buckets);
    if (buckets == 0)
      continue;
    counts[std::min<uint64_t>(index, buckets - 1)] += sum_u64(raw, entry, 0);
  }
  for (auto& [key, counts] : groups) {
    format::MapEntry entry;
    // A scalar hist may carry 8 zero bytes of key before the bucket.
    if (map.key.kind != bundle::Layout::Kind::None)
      entry.key = decode_key(map.key, as_bytes(key), ctx);
    entry.value = format::HistCounts{std::move(counts)};
    out.entries.push_back(std::move(entry));
  }
  return out;
}

} // namespace

format::MapKind map_kind(Aggregation aggregation) {
  switch (aggregation) {
  case Aggregation::None:
    return format::MapKind::Plain;
  case Aggregation::Count:
    return format::MapKind::Count;
  case Aggregation::Sum:
    return format::MapKind::Sum;
  case Aggregation::Min:
    return format::MapKind::Min;
  case Aggregation::Max:
    return format::MapKind::Max;
  case Aggregation::Avg:
    return format::MapKind::Avg;
  case Aggregation::Stats:
    return format::MapKind::Stats;
  case Aggregation::Hist:
    return format::MapKind::Hist;
  case Aggregation::Lhist:
    return format::MapKind::Lhist;
  }
  return format::MapKind::Plain;
}

format::EntryValue fold_value(const bundle::MapInfo& map, const RawMap& raw, const RawEntry& entry,
                              const DecodeContext& ctx) {
  switch (map.aggregation) {
  case Aggregation::None:
    return decode_value(map.value, slot(raw, entry, 0), ctx);
  case Aggregation::Count:
    return Value::unsigned_int(sum_u64(raw, entry, 0));
  case Aggregation::Sum:
    return Value::signed_int(static_cast<int64_t>(sum_u64(raw, entry, 0)));
  case Aggregation::Min:
  case Aggregation::Max:
    return fold_extreme(raw, entry, map.aggregation == Aggregation::Min);
  case Aggregation::Avg:
  case Aggregation::Stats: {
    format::StatsValue stats;
    stats.total = format::Integer{sum_u64(raw, entry, 0), true, 64};
    stats.count = sum_u64(raw, entry, 8);
    return stats;
  }
  case Aggregation::Hist:
  case Aggregation::Lhist:
    return format::HistCounts{{sum_u64(raw, entry, 0)}};
  }
  return Value::unsigned_int(0);
}

format::Map fold_map(const bundle::MapInfo& map, const RawMap& raw, const DecodeContext& ctx) {
  format::Map out;
  out.name = map.name;
  out.kind = map_kind(map.aggregation);
  out.hist_k = map.hist_bits;
  out.lhist = {map.lhist_min, map.lhist_max, map.lhist_step};
  if (map.aggregation == Aggregation::Hist || map.aggregation == Aggregation::Lhist)
    return fold_histogram(map, raw, ctx, std::move(out));
  for (const RawEntry& entry : raw.entries) {
    if (!has_samples(map, raw, entry))
      continue;
    format::MapEntry folded;
    folded.key = decode_key(map.key, as_bytes(entry.key), ctx);
    folded.value = fold_value(map, raw, entry, ctx);
    out.entries.push_back(std::move(folded));
  }
  return out;
}

} // namespace sonde::runtime
