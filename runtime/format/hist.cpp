#include "runtime/format/hist.h"

#include <algorithm>
#include <bit>
#include <cstdio>

namespace sonde::format {

namespace {

constexpr int kBarWidth = 52;

unsigned clamp_k(unsigned k) {
  return std::min(k, kMaxHistSubBucketBits);
}

// The lower bound of the sub-bucket that index `index` (> 2N) starts, as the
// pair (2^power, N + sub) whose product is the bound. Splitting it this way
// lets labels pick a suffix from `power` without overflowing at 2^64.
struct PowerBound {
  unsigned power; // log2 of the sub-bucket width
  uint64_t multiple;
};

PowerBound power_bound(size_t index, unsigned k) {
  const uint64_t n = uint64_t{1} << k;
  return PowerBound{static_cast<unsigned>((index >> k) - 1), n + (index & (n - 1))};
}

// "512", "1K", "16E": the bound with the largest 1024-based suffix whose
// power of two still divides the sub-bucket width.
std::string power_label(size_t index, unsigned k) {
  static constexpr const char* kSuffixes[] = {"", "K", "M", "G", "T", "P", "E"};
  const PowerBound bound = power_bound(index, k);
  const unsigned decade = std::min(bound.power / 10, 6u);
  const unsigned rest = bound.power - 10 * decade;
  return std::to_string((uint64_t{1} << rest) * bound.multiple) + kSuffixes[decade];
}

// Bound of an lhist bucket, with K or M when it is an exact multiple of 1024
// or 1048576 (v0.17 decides per bound).
std::string linear_label(int64_t number) {
  constexpr int64_t kilo = 1024;
  constexpr int64_t mega = 1024 * 1024;
  if (number == 0)
    return "0";
  if (number % mega == 0)
    return std::to_string(number / mega) + "M";
  if (number % kilo == 0)
    return std::to_string(number / kilo) + "K";
  return std::to_string(number);
}

int64_t regular_bucket_count(const LinearLayout& layout) {
  if (layout.step <= 0 || layout.max <= layout.min)
    return 0;
  return (layout.max - layout.min) / layout.step;
}

int64_t linear_lower_bound(size_t index, const LinearLayout& layout) {
  return layout.min + static_cast<int64_t>(index - 1) * layout.step;
}

// First and last index (inclusive) holding a non-zero count among the first
// `limit` buckets; first > last when all are empty.
struct IndexRange {
  size_t first = 1;
  size_t last = 0;
  uint64_t max_count = 0;
  bool empty() const { return first > last; }
};

IndexRange non_empty_range(const std::vector<uint64_t>& counts, size_t limit) {
  IndexRange range;
  bool seen = false;
  const size_t end = std::min(counts.size(), limit);
  for (size_t i = 0; i < end; ++i) {
    range.max_count = std::max(range.max_count, counts[i]);
    if (counts[i] == 0)
      continue;
    if (!seen)
      range.first = i;
    seen = true;
    range.last = i;
  }
  return range;
}

uint64_t safe_div(uint64_t div) {
  return div == 0 ? 1 : div;
}

std::string json_bucket(const std::string& bounds, uint64_t count) {
  return "{" + bounds + "\"count\": " + std::to_string(count) + "}";
}

} // namespace

size_t hist_bucket_count(unsigned k) {
  k = clamp_k(k);
  return (size_t{65} - k) * (size_t{1} << k) + 1;
}

size_t hist_bucket_index(int64_t value, unsigned k) {
  if (value < 0)
    return 0;
  return hist_bucket_index_unsigned(static_cast<uint64_t>(value), k);
}

size_t hist_bucket_index_unsigned(uint64_t value, unsigned k) {
  k = clamp_k(k);
  const uint64_t n = uint64_t{1} << k;
  if (value < 2 * n)
    return value + 1;
  const unsigned power = static_cast<unsigned>(std::bit_width(value)) - 1; // >= k + 1
  const uint64_t sub = (value >> (power - k)) & (n - 1);
  return (power - k + 1) * n + sub + 1;
}

size_t lhist_bucket_count(const LinearLayout& layout) {
  return static_cast<size_t>(regular_bucket_count(layout)) + 2;
}

size_t lhist_bucket_index(int64_t value, const LinearLayout& layout) {
  if (value < layout.min)
    return 0;
  const int64_t buckets = regular_bucket_count(layout);
  if (buckets == 0)
    return 1;
  // Unsigned difference: value - min cannot overflow once value >= min.
  const uint64_t offset = static_cast<uint64_t>(value) - static_cast<uint64_t>(layout.min);
  const uint64_t bucket = offset / static_cast<uint64_t>(layout.step);
  return static_cast<size_t>(std::min(bucket, static_cast<uint64_t>(buckets))) + 1;
}

std::string hist_bucket_label(size_t index, unsigned k) {
  k = clamp_k(k);
  if (index == 0)
    return "(..., 0)";
  if (index <= (size_t{2} << k))
    return "[" + std::to_string(index - 1) + "]";
  return "[" + power_label(index - 1, k) + ", " + power_label(index, k) + ")";
}

std::string lhist_bucket_label(size_t index, const LinearLayout& layout) {
  const auto overflow = static_cast<size_t>(regular_bucket_count(layout)) + 1;
  if (index == 0)
    return "(..., " + linear_label(layout.min) + ")";
  if (index >= overflow)
    return "[" + linear_label(linear_lower_bound(overflow, layout)) + ", ...)";
  return "[" + linear_label(linear_lower_bound(index, layout)) + ", " +
         linear_label(linear_lower_bound(index + 1, layout)) + ")";
}

int hist_bar_width(uint64_t count, uint64_t max_count) {
  if (max_count == 0)
    return 0;
  // bpftrace computes count / (float)max * 52 and truncates; doing the same
  // float arithmetic keeps every bar byte-identical.
  const float ratio = static_cast<float>(count) / static_cast<float>(max_count);
  return static_cast<int>(ratio * static_cast<float>(kBarWidth));
}

std::string format_hist_row(std::string_view label, uint64_t count, uint64_t shown_count,
                            uint64_t max_count) {
  const std::string bar(static_cast<size_t>(hist_bar_width(count, max_count)), '@');
  const std::string label_text(label);
  char row[256];
  std::snprintf(row, sizeof(row), "%-16s%8llu |%-52s|\n", label_text.c_str(),
                static_cast<unsigned long long>(shown_count), bar.c_str());
  return row;
}

std::string format_hist_rows(const std::vector<uint64_t>& counts, unsigned k, uint64_t div) {
  k = clamp_k(k);
  const IndexRange range = non_empty_range(counts, hist_bucket_count(k));
  std::string out;
  for (size_t i = range.first; !range.empty() && i <= range.last; ++i)
    out += format_hist_row(hist_bucket_label(i, k), counts[i], counts[i] / safe_div(div),
                           range.max_count);
  return out;
}

std::string format_lhist_rows(const std::vector<uint64_t>& counts, const LinearLayout& layout,
                              uint64_t div) {
  const IndexRange range = non_empty_range(counts, lhist_bucket_count(layout));
  std::string out;
  for (size_t i = range.first; !range.empty() && i <= range.last; ++i)
    out += format_hist_row(lhist_bucket_label(i, layout), counts[i], counts[i] / safe_div(div),
                           range.max_count);
  return out;
}

std::string format_hist_json(const std::vector<uint64_t>& counts, unsigned k, uint64_t div) {
  k = clamp_k(k);
  const IndexRange range = non_empty_range(counts, hist_bucket_count(k));
  std::string out = "[";
  for (size_t i = range.first; !range.empty() && i <= range.last; ++i) {
    if (i > range.first)
      out += ", ";
    std::string bounds;
    if (i == 0) {
      bounds = "\"max\": -1, ";
    } else if (i <= (size_t{2} << k)) {
      const std::string value = std::to_string(i - 1);
      bounds = "\"min\": " + value + ", \"max\": " + value + ", ";
    } else {
      const PowerBound bound = power_bound(i - 1, k);
      const uint64_t low = (uint64_t{1} << bound.power) * bound.multiple;
      // low + width - 1 reaches 2^64 - 1 at most, never past it.
      const uint64_t high = low + ((uint64_t{1} << bound.power) - 1);
      bounds = "\"min\": " + std::to_string(low) + ", \"max\": " + std::to_string(high) + ", ";
    }
    out += json_bucket(bounds, counts[i] / safe_div(div));
  }
  return out + "]";
}

std::string format_lhist_json(const std::vector<uint64_t>& counts, const LinearLayout& layout,
                              uint64_t div) {
  const auto overflow = static_cast<size_t>(regular_bucket_count(layout)) + 1;
  const IndexRange range = non_empty_range(counts, lhist_bucket_count(layout));
  std::string out = "[";
  for (size_t i = range.first; !range.empty() && i <= range.last; ++i) {
    if (i > range.first)
      out += ", ";
    std::string bounds;
    if (i == 0) {
      bounds = "\"max\": " + std::to_string(layout.min - 1) + ", ";
    } else if (i == overflow) {
      bounds = "\"min\": " + std::to_string(linear_lower_bound(overflow, layout)) + ", ";
    } else {
      bounds = "\"min\": " + std::to_string(linear_lower_bound(i, layout)) +
               ", \"max\": " + std::to_string(linear_lower_bound(i + 1, layout) - 1) + ", ";
    }
    out += json_bucket(bounds, counts[i] / safe_div(div));
  }
  return out + "]";
}

} // namespace sonde::format
