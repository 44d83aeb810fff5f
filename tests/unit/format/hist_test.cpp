// hist()/lhist(): bucket indices (shared with codegen), labels, bars and
// full histogram output against bpftrace v0.17 transcripts.
#include "test_support.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace sonde::format::test {
namespace {

struct HistIndexCase {
  const char* name;
  int64_t value;
  unsigned k;
  size_t index;
};

class HistIndex : public testing::TestWithParam<HistIndexCase> {};

TEST_P(HistIndex, LandsInBucket) {
  EXPECT_EQ(hist_bucket_index(GetParam().value, GetParam().k), GetParam().index);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HistIndex,
    testing::Values(HistIndexCase{"negative", -5, 0, 0},
                    HistIndexCase{"int64_min", INT64_MIN, 0, 0}, HistIndexCase{"zero", 0, 0, 1},
                    HistIndexCase{"one", 1, 0, 2}, HistIndexCase{"two", 2, 0, 3},
                    HistIndexCase{"three", 3, 0, 3}, HistIndexCase{"four", 4, 0, 4},
                    HistIndexCase{"just_below_1k", 1000, 0, 11},
                    HistIndexCase{"exactly_1k", 1024, 0, 12},
                    HistIndexCase{"two_to_31", int64_t{1} << 31, 0, 33},
                    HistIndexCase{"two_to_32", int64_t{1} << 32, 0, 34},
                    HistIndexCase{"five_billion", 5000000000, 0, 34},
                    HistIndexCase{"int64_max", INT64_MAX, 0, 64}, HistIndexCase{"k2_zero", 0, 2, 1},
                    HistIndexCase{"k2_seven", 7, 2, 8}, HistIndexCase{"k2_eight", 8, 2, 9},
                    HistIndexCase{"k2_nine", 9, 2, 9}, HistIndexCase{"k2_ten", 10, 2, 10},
                    HistIndexCase{"k2_fifteen", 15, 2, 12}, HistIndexCase{"k2_sixteen", 16, 2, 13},
                    HistIndexCase{"k2_two_twenty_four", 224, 2, 28},
                    HistIndexCase{"k5_int64_max", INT64_MAX, 5, 1888}),
    CaseName());

TEST(HistIndexUnsigned, FullRangeFitsTheBucketCount) {
  EXPECT_EQ(hist_bucket_index_unsigned(UINT64_MAX, 0), 65u);
  EXPECT_EQ(hist_bucket_count(0), 66u);
  EXPECT_EQ(hist_bucket_index_unsigned(UINT64_MAX, 5), 1920u);
  EXPECT_EQ(hist_bucket_count(5), 1921u);
  EXPECT_EQ(hist_bucket_index_unsigned(uint64_t{1} << 63, 0), 65u);
}

struct LabelCase {
  const char* name;
  size_t index;
  unsigned k;
  const char* label;
};

class HistLabel : public testing::TestWithParam<LabelCase> {};

TEST_P(HistLabel, Reads) {
  EXPECT_EQ(hist_bucket_label(GetParam().index, GetParam().k), GetParam().label);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HistLabel,
    testing::Values(LabelCase{"negatives", 0, 0, "(..., 0)"}, LabelCase{"zero", 1, 0, "[0]"},
                    LabelCase{"one", 2, 0, "[1]"}, LabelCase{"two_to_four", 3, 0, "[2, 4)"},
                    LabelCase{"kilo_boundary", 11, 0, "[512, 1K)"},
                    LabelCase{"kilo", 12, 0, "[1K, 2K)"}, LabelCase{"giga", 33, 0, "[2G, 4G)"},
                    LabelCase{"tera", 43, 0, "[2T, 4T)"}, LabelCase{"peta", 53, 0, "[2P, 4P)"},
                    LabelCase{"exa", 63, 0, "[2E, 4E)"}, LabelCase{"top", 65, 0, "[8E, 16E)"},
                    LabelCase{"k1_three", 4, 1, "[3]"}, LabelCase{"k1_four", 5, 1, "[4, 6)"},
                    LabelCase{"k1_six", 6, 1, "[6, 8)"}, LabelCase{"k1_eight", 7, 1, "[8, 12)"},
                    LabelCase{"k2_four", 5, 2, "[4]"}, LabelCase{"k2_seven", 8, 2, "[7]"},
                    LabelCase{"k2_eight", 9, 2, "[8, 10)"},
                    LabelCase{"k2_sixteen", 13, 2, "[16, 20)"},
                    LabelCase{"k2_two_twenty_four", 28, 2, "[224, 256)"},
                    LabelCase{"k2_no_suffix_below_width_1k", 37, 2, "[1024, 1280)"},
                    LabelCase{"k2_top", 252, 2, "[14E, 16E)"}),
    CaseName());

struct LhistIndexCase {
  const char* name;
  int64_t value;
  LinearLayout layout;
  size_t index;
};

class LhistIndex : public testing::TestWithParam<LhistIndexCase> {};

TEST_P(LhistIndex, LandsInBucket) {
  EXPECT_EQ(lhist_bucket_index(GetParam().value, GetParam().layout), GetParam().index);
}

constexpr LinearLayout kTens{0, 100, 10};
constexpr LinearLayout kUneven{0, 105, 10};
constexpr LinearLayout kAroundZero{-50, 50, 25};

INSTANTIATE_TEST_SUITE_P(Cases, LhistIndex,
                         testing::Values(LhistIndexCase{"below_min", -3, kTens, 0},
                                         LhistIndexCase{"min", 0, kTens, 1},
                                         LhistIndexCase{"first", 5, kTens, 1},
                                         LhistIndexCase{"second", 15, kTens, 2},
                                         LhistIndexCase{"last", 99, kTens, 10},
                                         LhistIndexCase{"max_overflows", 100, kTens, 11},
                                         LhistIndexCase{"above_max", 250, kTens, 11},
                                         LhistIndexCase{"int64_max", INT64_MAX, kTens, 11},
                                         LhistIndexCase{"uneven_last_full", 99, kUneven, 10},
                                         LhistIndexCase{"uneven_remainder", 104, kUneven, 11},
                                         LhistIndexCase{"uneven_max", 105, kUneven, 11},
                                         LhistIndexCase{"negative_below", -51, kAroundZero, 0},
                                         LhistIndexCase{"negative_min", -50, kAroundZero, 1},
                                         LhistIndexCase{"negative_first", -26, kAroundZero, 1},
                                         LhistIndexCase{"negative_second", -25, kAroundZero, 2},
                                         LhistIndexCase{"negative_last", 49, kAroundZero, 4},
                                         LhistIndexCase{"negative_max", 50, kAroundZero, 5}),
                         CaseName());

struct LhistLabelCase {
  const char* name;
  size_t index;
  LinearLayout layout;
  const char* label;
};

class LhistLabel : public testing::TestWithParam<LhistLabelCase> {};

TEST_P(LhistLabel, Reads) {
  EXPECT_EQ(lhist_bucket_label(GetParam().index, GetParam().layout), GetParam().label);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LhistLabel,
    testing::Values(LhistLabelCase{"underflow", 0, kTens, "(..., 0)"},
                    LhistLabelCase{"first", 1, kTens, "[0, 10)"},
                    LhistLabelCase{"overflow", 11, kTens, "[100, ...)"},
                    // v0.17 printed "[105, ...)" though 100..104 land there too.
                    LhistLabelCase{"uneven_overflow", 11, kUneven, "[100, ...)"},
                    LhistLabelCase{"kilo", 3, LinearLayout{0, 4096, 1024}, "[2K, 3K)"},
                    LhistLabelCase{"mega", 2, LinearLayout{0, 2097152, 1048576}, "[1M, 2M)"},
                    LhistLabelCase{"negative_kilo", 1, LinearLayout{-2048, 0, 1024}, "[-2K, -1K)"},
                    LhistLabelCase{"mixed_suffix", 2, LinearLayout{0, 2048, 512}, "[512, 1K)"},
                    LhistLabelCase{"negative_underflow", 0, kAroundZero, "(..., -50)"}),
    CaseName());

struct BarCase {
  const char* name;
  uint64_t count;
  uint64_t max_count;
  int width;
};

class BarWidth : public testing::TestWithParam<BarCase> {};

TEST_P(BarWidth, Scales) {
  EXPECT_EQ(hist_bar_width(GetParam().count, GetParam().max_count), GetParam().width);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BarWidth,
    testing::Values(BarCase{"one_of_three", 1, 3, 17}, BarCase{"two_of_three", 2, 3, 34},
                    BarCase{"full", 3, 3, 52}, BarCase{"one_of_two", 1, 2, 26},
                    BarCase{"empty", 0, 5, 0}, BarCase{"one_of_fifty_two", 1, 52, 1},
                    BarCase{"tiny_share", 1, 100, 0}, BarCase{"no_max", 0, 0, 0},
                    BarCase{"huge_counts", uint64_t{1} << 40, uint64_t{1} << 41, 26}),
    CaseName());

Map hist_map(std::string name, HistCounts counts, unsigned k = 0) {
  Map map{std::move(name), MapKind::Hist, k, {}, {}};
  map.entries.push_back({{}, std::move(counts)});
  return map;
}

Map lhist_map(std::string name, HistCounts counts, const LinearLayout& layout) {
  Map map{std::move(name), MapKind::Lhist, 0, layout, {}};
  map.entries.push_back({{}, std::move(counts)});
  return map;
}

struct HistOutputCase {
  const char* name;
  Map map;
  std::string expected;
};

class HistOutput : public testing::TestWithParam<HistOutputCase> {};

TEST_P(HistOutput, PrintsFullText) {
  EXPECT_EQ(format_map_text(GetParam().map), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Transcripts, HistOutput,
    testing::Values(
        HistOutputCase{"hist_6_4",
                       hist_map("@h", hist_of({-5, 0, 1, 2, 3, 5, 7, 1000, 1024, 1500, 2047,
                                               1048576, 1073741824})),
                       read_expected("hist_6_4.txt")},
        HistOutputCase{"hist_above_2g_fixed",
                       hist_map("@h", hist_of({int64_t{1} << 31, int64_t{1} << 32, 5000000000})),
                       read_expected("hist_2g_fixed.txt")},
        HistOutputCase{"lhist_6_5",
                       lhist_map("@l", lhist_of({-3, 5, 15, 15, 37, 100, 250}, kTens), kTens),
                       read_expected("lhist_6_5.txt")},
        HistOutputCase{"lhist_kilo_6_5",
                       lhist_map("@k", lhist_of({2048, 3000}, LinearLayout{0, 4096, 1024}),
                                 LinearLayout{0, 4096, 1024}),
                       read_expected("lhist_kilo_6_5.txt")},
        HistOutputCase{
            "lhist_uneven_overflow_fixed",
            lhist_map("@u", lhist_of({95, 100, 104, 200}, kUneven), kUneven),
            "@u: \n"
            "[90, 100)              1 |@@@@@@@@@@@@@@@@@                                   |\n"
            "[100, ...)             3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"},
        HistOutputCase{
            "hist_k2_sub_buckets", hist_map("@s", hist_of({3, 8, 9, 10, 40, 47}, 2), 2),
            "@s: \n"
            "[3]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[4]                    0 |                                                    |\n"
            "[5]                    0 |                                                    |\n"
            "[6]                    0 |                                                    |\n"
            "[7]                    0 |                                                    |\n"
            "[8, 10)                2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[10, 12)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[12, 14)               0 |                                                    |\n"
            "[14, 16)               0 |                                                    |\n"
            "[16, 20)               0 |                                                    |\n"
            "[20, 24)               0 |                                                    |\n"
            "[24, 28)               0 |                                                    |\n"
            "[28, 32)               0 |                                                    |\n"
            "[32, 40)               0 |                                                    |\n"
            "[40, 48)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"},
        HistOutputCase{
            "hist_int64_max", hist_map("@x", hist_of({INT64_MAX})),
            "@x: \n"
            "[4E, 8E)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"},
        HistOutputCase{"hist_all_buckets_zero", hist_map("@z", HistCounts{{0, 0, 0}}), "@z: \n\n"}),
    CaseName());

TEST(HistDiv, DividesShownCountsButScalesBarsOnRawCounts) {
  EXPECT_EQ(format_hist_rows(hist_of({1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2}).counts, 0, 5),
            "[1]                    2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n");
}

} // namespace
} // namespace sonde::format::test
