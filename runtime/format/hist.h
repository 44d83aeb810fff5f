// hist() and lhist(): where a value lands (the same arithmetic codegen emits
// in BPF, so tests can compare both sides) and how the buckets print.
//
// hist(n, k) layout, with N = 2^k sub-buckets per power of two (k = 0..5):
//   index 0             n < 0                          "(..., 0)"
//   index 1 .. 2N       n == index - 1, one value each  "[0]", "[1]", ...
//   index > 2N          n in [2^p, 2^(p+1)), p >= k+1, cut into N equal
//                       sub-buckets of width 2^(p-k):
//                       index = (p - k + 1) * N + ((n >> (p - k)) & (N - 1)) + 1
// For k = 0 this is v0.17's layout: 0 negatives, 1 "[0]", 2 "[1]", 3 "[2, 4)",
// and index i >= 3 holds [2^(i-2), 2^(i-1)). Unlike v0.17 (which clamped every
// value >= 2^31 into [2G, 4G)), the full 64-bit range is bucketed.
//
// lhist(n, min, max, step) layout, with B = (max - min) / step:
//   index 0             n < min                         "(..., min)"
//   index 1 .. B        [min + (i-1)*step, min + i*step) "[lo, hi)"
//   index B + 1         n >= min + B*step (max included) "[min + B*step, ...)"
// v0.17 labelled the last bucket "[max, ...)", which is wrong when step does
// not divide max - min; we label it with the bound it really starts at.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::format {

// The largest k hist(n, k) accepts.
inline constexpr unsigned kMaxHistSubBucketBits = 5;

// The arguments of lhist(n, min, max, step); the compiler guarantees
// step > 0 and max > min.
struct LinearLayout {
  int64_t min = 0;
  int64_t max = 0;
  int64_t step = 1;
};

// Number of buckets hist(n, k) needs to cover every int64/uint64 value.
size_t hist_bucket_count(unsigned k);

// Bucket index of a signed value for hist(n, k); negative values go to 0.
size_t hist_bucket_index(int64_t value, unsigned k);

// Bucket index of an unsigned value for hist(n, k) (never the negative bucket).
size_t hist_bucket_index_unsigned(uint64_t value, unsigned k);

// Number of buckets lhist needs: the B regular ones plus under- and overflow.
size_t lhist_bucket_count(const LinearLayout& layout);

// Bucket index of a value for lhist.
size_t lhist_bucket_index(int64_t value, const LinearLayout& layout);

// The text label of hist bucket `index`, e.g. "[0]", "[1K, 2K)", "(..., 0)".
std::string hist_bucket_label(size_t index, unsigned k);

// The text label of lhist bucket `index`, e.g. "(..., 0)", "[2K, 3K)", "[100, ...)".
std::string lhist_bucket_label(size_t index, const LinearLayout& layout);

// Width in '@' of the bar of a bucket holding `count` when the fullest bucket
// holds `max_count`: the fullest is 52 wide, others truncated in proportion,
// computed in single precision exactly as bpftrace does (1 of 3 -> 17).
int hist_bar_width(uint64_t count, uint64_t max_count);

// One histogram row: label left-aligned in 16 columns, `shown_count` right-
// aligned in 8, " |", the bar for `count` padded to 52, "|", newline.
std::string format_hist_row(std::string_view label, uint64_t count, uint64_t shown_count,
                            uint64_t max_count);

// The rows of a hist from its first to its last non-empty bucket ("" when all
// are empty). Counts are divided by `div` for display (print(@h, 0, div)).
std::string format_hist_rows(const std::vector<uint64_t>& counts, unsigned k, uint64_t div = 1);

// The rows of an lhist from its first to its last non-empty bucket.
std::string format_lhist_rows(const std::vector<uint64_t>& counts, const LinearLayout& layout,
                              uint64_t div = 1);

// A hist as a JSON array of {"min", "max", "count"} objects over the same
// bucket range as the text rows; the negative bucket has only "max".
std::string format_hist_json(const std::vector<uint64_t>& counts, unsigned k, uint64_t div = 1);

// An lhist as a JSON array; the underflow bucket has only "max", the
// overflow bucket only "min".
std::string format_lhist_json(const std::vector<uint64_t>& counts, const LinearLayout& layout,
                              uint64_t div = 1);

} // namespace sonde::format
