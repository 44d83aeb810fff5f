// Integer literal forms, one row per form.
#include "grammar/literals.h"

#include <gtest/gtest.h>

namespace sonde::grammar {
namespace {

struct LiteralCase {
  const char* text;
  uint64_t value;
  bool is_unsigned;
};

const LiteralCase kValid[] = {
    {"0", 0, false},
    {"42", 42, false},
    {"0x10", 16, false},
    {"0XfF", 255, false},
    {"010", 8, false},
    {"1_000_000", 1000000, false},
    {"0x_ff_ff", 0xffff, false},
    {"1e3", 1000, false},
    {"2e6", 2000000, false},
    {"5U", 5, true},
    {"5UL", 5, true},
    {"5ul", 5, true},
    {"5LL", 5, false},
    {"5ULL", 5, true},
    {"5LU", 5, true},
    {"100ns", 100, false},
    {"10us", 10000, false},
    {"100ms", 100000000, false},
    {"1s", 1000000000, false},
    {"5m", 300000000000, false},
    {"1h", 3600000000000, false},
    {"2d", 172800000000000, false},
    {"9223372036854775807", 9223372036854775807ULL, false},
    {"9223372036854775808", 9223372036854775808ULL, true},
    {"18446744073709551615", 18446744073709551615ULL, true},
    {"0xffffffffffffffff", 18446744073709551615ULL, true},
};

TEST(IntegerLiterals, ValidForms) {
  for (const LiteralCase& c : kValid) {
    IntegerValue value;
    std::string error;
    ASSERT_TRUE(parse_integer_literal(c.text, value, error)) << c.text << ": " << error;
    EXPECT_EQ(value.value, c.value) << c.text;
    EXPECT_EQ(value.is_unsigned, c.is_unsigned) << c.text;
  }
}

struct InvalidCase {
  const char* text;
  const char* error;
};

const InvalidCase kInvalid[] = {
    {"18446744073709551616", "integer literal is too large: 18446744073709551616"},
    {"0x10000000000000000", "integer literal is too large: 0x10000000000000000"},
    {"1e20", "integer literal is too large: 1e20"},
    {"20000000000d", "integer literal is too large: 20000000000d"},
    {"08", "invalid digit '8' in octal literal 08"},
    {"5q", "invalid suffix 'q' on integer literal 5q"},
    {"5UUL", "invalid suffix 'UUL' on integer literal 5UUL"},
    {"5lL", "invalid suffix 'lL' on integer literal 5lL"},
    {"0x", "invalid hex literal: 0x"},
    {"0xg", "invalid hex literal: 0xg"},
    {"1e", "invalid suffix 'e' on integer literal 1e"},
};

TEST(IntegerLiterals, InvalidFormsNameTheProblem) {
  for (const InvalidCase& c : kInvalid) {
    IntegerValue value;
    std::string error;
    EXPECT_FALSE(parse_integer_literal(c.text, value, error)) << c.text;
    EXPECT_EQ(error, c.error) << c.text;
  }
}

} // namespace
} // namespace sonde::grammar
