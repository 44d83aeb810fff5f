#include "test_support.h"

#include "runtime/fold.h"
#include "runtime/format/hist.h"

#include <gtest/gtest.h>

namespace sonde::runtime {
namespace {

using namespace test;
using bundle::Aggregation;
using bundle::MapInfo;

const DecodeContext kNoContext;

MapInfo map_of(Aggregation aggregation, Layout key = {}) {
  MapInfo map;
  map.name = "@m";
  map.aggregation = aggregation;
  map.key = std::move(key);
  return map;
}

// A per-CPU raw map with 8-byte slots.
RawMap per_cpu(size_t cpus, size_t stride = 8) {
  RawMap raw;
  raw.cpus = cpus;
  raw.stride = stride;
  return raw;
}

std::string text_value(const format::EntryValue& value) {
  return format::to_text(std::get<format::Value>(value));
}

TEST(FoldCount, SumsEveryCpu) {
  MapInfo map = map_of(Aggregation::Count);
  RawMap raw = per_cpu(3);
  RawEntry entry{le(0), le(2) + le(0) + le(5)};
  EXPECT_EQ(text_value(fold_value(map, raw, entry, kNoContext)), "7");
}

TEST(FoldSum, IsSigned) {
  MapInfo map = map_of(Aggregation::Sum);
  RawMap raw = per_cpu(2);
  RawEntry entry{le(0), le(static_cast<uint64_t>(-10)) + le(3)};
  EXPECT_EQ(text_value(fold_value(map, raw, entry, kNoContext)), "-7");
}

TEST(FoldMinMax, IgnoreCpusThatNeverSetAValue) {
  RawMap raw = per_cpu(3, 16);
  // CPU 0 unset (its 0 must not win a min), CPU 1 = 5, CPU 2 = -3.
  RawEntry entry{le(0), le(0) + le(0) + le(5) + le(1) + le(static_cast<uint64_t>(-3)) + le(1)};
  EXPECT_EQ(text_value(fold_value(map_of(Aggregation::Min), raw, entry, kNoContext)), "-3");
  EXPECT_EQ(text_value(fold_value(map_of(Aggregation::Max), raw, entry, kNoContext)), "5");
}

TEST(FoldMinMax, AllUnsetIsZero) {
  RawMap raw = per_cpu(2, 16);
  RawEntry entry{le(0), le(99) + le(0) + le(98) + le(0)};
  EXPECT_EQ(text_value(fold_value(map_of(Aggregation::Max), raw, entry, kNoContext)), "0");
}

TEST(FoldMap, LeavesOutEntriesThatNeverReceivedAValue) {
  RawMap raw = per_cpu(2, 16);
  raw.entries = {{le(0), le(0) + le(0) + le(0) + le(0)}};
  EXPECT_TRUE(fold_map(map_of(Aggregation::Max), raw, kNoContext).entries.empty());
  EXPECT_TRUE(fold_map(map_of(Aggregation::Avg), raw, kNoContext).entries.empty());
  raw.entries[0].values = le(0) + le(0) + le(7) + le(1);
  EXPECT_EQ(fold_map(map_of(Aggregation::Max), raw, kNoContext).entries.size(), 1u);
}

TEST(FoldStats, SumsTotalsAndCounts) {
  RawMap raw = per_cpu(2, 16);
  RawEntry entry{le(0), le(30) + le(2) + le(33) + le(1)};
  auto stats =
      std::get<format::StatsValue>(fold_value(map_of(Aggregation::Stats), raw, entry, kNoContext));
  EXPECT_EQ(stats.count, 3u);
  EXPECT_EQ(stats.total.as_signed(), 63);
  EXPECT_EQ(format::stats_average(stats).as_signed(), 21);
}

TEST(FoldPlain, DecodesTheValueLayout) {
  MapInfo map = map_of(Aggregation::None);
  map.value = tuple_layout({int_layout(8, true, 0), string_layout(8, 8)});
  RawMap raw;
  raw.stride = 16;
  RawEntry entry{le(0), le(5) + padded("six", 8)};
  EXPECT_EQ(text_value(fold_value(map, raw, entry, kNoContext)), "(5, six)");
}

TEST(FoldMap, DecodesKeysAndNamesTheMap) {
  MapInfo map = map_of(Aggregation::Count, string_layout(8));
  RawMap raw = per_cpu(1);
  raw.entries = {{padded("x", 8), le(1)}, {padded("y", 8), le(2)}};
  format::Map folded = fold_map(map, raw, kNoContext);
  EXPECT_EQ(folded.name, "@m");
  EXPECT_EQ(folded.kind, format::MapKind::Count);
  EXPECT_EQ(format::format_map_text(folded), "@m[x]: 1\n@m[y]: 2\n");
}

TEST(FoldMap, ScalarMapsHaveNoKey) {
  MapInfo map = map_of(Aggregation::Count);
  RawMap raw = per_cpu(2);
  raw.entries = {{le(0), le(1) + le(1)}};
  EXPECT_EQ(format::format_map_text(fold_map(map, raw, kNoContext)), "@m: 2\n");
}

TEST(FoldHist, GroupsBucketsOfAScalarHist) {
  MapInfo map = map_of(Aggregation::Hist);
  RawMap raw = per_cpu(2);
  // Keys are the bucket index alone; values per CPU.
  raw.entries = {{le(format::hist_bucket_index(1, 0)), le(1) + le(0)},
                 {le(format::hist_bucket_index(3, 0)), le(1) + le(1)}};
  format::Map folded = fold_map(map, raw, kNoContext);
  ASSERT_EQ(folded.entries.size(), 1u);
  EXPECT_TRUE(folded.entries[0].key.empty());
  const auto& counts = std::get<format::HistCounts>(folded.entries[0].value).counts;
  EXPECT_EQ(counts.size(), format::hist_bucket_count(0));
  EXPECT_EQ(counts[format::hist_bucket_index(1, 0)], 1u);
  EXPECT_EQ(counts[format::hist_bucket_index(3, 0)], 2u);
  EXPECT_EQ(format::format_map_text(folded),
            "@m: \n"
            "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

TEST(FoldHist, ScalarHistMayCarryZeroKeyBytes) {
  MapInfo map = map_of(Aggregation::Hist);
  RawMap raw = per_cpu(1);
  raw.entries = {{le(0) + le(2), le(4)}};
  format::Map folded = fold_map(map, raw, kNoContext);
  ASSERT_EQ(folded.entries.size(), 1u);
  EXPECT_TRUE(folded.entries[0].key.empty());
  EXPECT_EQ(std::get<format::HistCounts>(folded.entries[0].value).counts[2], 4u);
}

TEST(FoldHist, SplitsKeyedHistsByKeyPrefix) {
  MapInfo map = map_of(Aggregation::Hist, string_layout(8));
  RawMap raw = per_cpu(1);
  raw.entries = {{padded("read", 8) + le(5), le(1)},
                 {padded("write", 8) + le(8), le(3)},
                 {padded("read", 8) + le(6), le(2)}};
  format::Map folded = fold_map(map, raw, kNoContext);
  ASSERT_EQ(folded.entries.size(), 2u);
  for (const format::MapEntry& entry : folded.entries) {
    const auto& counts = std::get<format::HistCounts>(entry.value).counts;
    if (format::to_text(entry.key[0]) == "read") {
      EXPECT_EQ(counts[5], 1u);
      EXPECT_EQ(counts[6], 2u);
    } else {
      EXPECT_EQ(format::to_text(entry.key[0]), "write");
      EXPECT_EQ(counts[8], 3u);
    }
  }
}

TEST(FoldLhist, SizesBucketsFromTheLayoutAndClampsStrayIndexes) {
  MapInfo map = map_of(Aggregation::Lhist);
  map.lhist_min = 0;
  map.lhist_max = 100;
  map.lhist_step = 10;
  RawMap raw = per_cpu(1);
  raw.entries = {{le(2), le(1)}, {le(500), le(1)}};
  format::Map folded = fold_map(map, raw, kNoContext);
  const auto& counts = std::get<format::HistCounts>(folded.entries[0].value).counts;
  ASSERT_EQ(counts.size(), format::lhist_bucket_count({0, 100, 10}));
  EXPECT_EQ(counts[2], 1u);
  EXPECT_EQ(counts.back(), 1u);
}

TEST(FoldValue, ToleratesValuesShorterThanTheCpuCount) {
  MapInfo map = map_of(Aggregation::Count);
  RawMap raw = per_cpu(4);
  RawEntry entry{le(0), le(3)}; // one slot only
  EXPECT_EQ(text_value(fold_value(map, raw, entry, kNoContext)), "3");
}

TEST(MapKind, FollowsTheAggregation) {
  EXPECT_EQ(map_kind(Aggregation::None), format::MapKind::Plain);
  EXPECT_EQ(map_kind(Aggregation::Avg), format::MapKind::Avg);
  EXPECT_EQ(map_kind(Aggregation::Lhist), format::MapKind::Lhist);
}

} // namespace
} // namespace sonde::runtime
