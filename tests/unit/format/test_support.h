// Helpers shared by the format tests: expected-output files and map builders.
#pragma once

#include "runtime/format/format.h"

#include <fstream>
#include <initializer_list>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace sonde::format::test {

// The content of tests/unit/format/expected/<name>, or a marker that makes
// the comparison fail loudly when the file is missing.
inline std::string read_expected(const std::string& name) {
  std::ifstream file(std::string(FORMAT_EXPECTED_DIR) + "/" + name, std::ios::binary);
  if (!file)
    return "<missing expected file " + name + ">";
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

// Bucket counts as hist(n, k) would leave them after seeing `values`.
inline HistCounts hist_of(std::initializer_list<int64_t> values, unsigned k = 0) {
  HistCounts hist{std::vector<uint64_t>(hist_bucket_count(k), 0)};
  for (const int64_t value : values)
    ++hist.counts[hist_bucket_index(value, k)];
  return hist;
}

// Bucket counts as lhist(n, min, max, step) would leave them.
inline HistCounts lhist_of(std::initializer_list<int64_t> values, const LinearLayout& layout) {
  HistCounts hist{std::vector<uint64_t>(lhist_bucket_count(layout), 0)};
  for (const int64_t value : values)
    ++hist.counts[lhist_bucket_index(value, layout)];
  return hist;
}

// avg()/stats() state after seeing `values` (signed).
inline StatsValue stats_of(std::initializer_list<int64_t> values) {
  StatsValue stats;
  int64_t total = 0;
  for (const int64_t value : values) {
    ++stats.count;
    total += value;
  }
  stats.total = Integer{static_cast<uint64_t>(total), true, 64};
  return stats;
}

// Names each row of a parameterized test after the row's `name` field, so a
// failure says which case broke.
struct CaseName {
  template <typename Info>
  std::string operator()(const Info& row) const {
    return row.param.name;
  }
};

inline Value num(int64_t value) {
  return Value::signed_int(value);
}

inline Value str(std::string text) {
  return Value::string(std::move(text));
}

namespace {

// How gtest shows a failing row: by its name rather than as raw bytes. It
// lives in the unnamed namespace the test files declare their row structs
// in, so argument-dependent lookup finds it.
template <typename Row>
requires requires(const Row& row) {
  row.name;
}
void PrintTo(const Row& row, std::ostream* out) {
  *out << row.name;
}

} // namespace

} // namespace sonde::format::test
