// Value model: text and JSON forms, key ordering.
#include "test_support.h"

#include <gtest/gtest.h>

#include <string>

namespace sonde::format::test {
namespace {

struct TextCase {
  const char* name;
  Value value;
  std::string text;
  std::string json;
};

class ValueForms : public testing::TestWithParam<TextCase> {};

TEST_P(ValueForms, Text) {
  EXPECT_EQ(to_text(GetParam().value), GetParam().text);
}

TEST_P(ValueForms, Json) {
  EXPECT_EQ(to_json(GetParam().value), GetParam().json);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ValueForms,
    testing::Values(TextCase{"negative", num(-5), "-5", "-5"},
                    TextCase{"unsigned_max", Value::unsigned_int(UINT64_MAX),
                             "18446744073709551615", "18446744073709551615"},
                    TextCase{"signed_8_bit_wraps", Value::signed_int(255, 8), "-1", "-1"},
                    TextCase{"unsigned_16_bit_truncates", Value::unsigned_int(0x12345, 16), "9029",
                             "9029"},
                    TextCase{"bool", Value::boolean(true), "true", "true"},
                    TextCase{"string_unquoted_in_text", str("a \"q\" string"), "a \"q\" string",
                             "\"a \\\"q\\\" string\""},
                    TextCase{"buffer", Value::buffer(std::string("hi\0\n", 4)), "hi\\x00\\x0a",
                             "\"hi\\\\x00\\\\x0a\""},
                    TextCase{"pointer", Value::pointer(0xffff8881), "0xffff8881", "\"0xffff8881\""},
                    TextCase{"nested_tuple_6_7",
                             Value::tuple({num(1), str("two"), Value::tuple({num(3), num(4)})}),
                             "(1, two, (3, 4))", "[1,\"two\",[3,4]]"},
                    TextCase{"empty_tuple", Value::tuple({}), "()", "[]"},
                    TextCase{"record", Value::record({{"a", num(1)}, {"b", str("x")}}),
                             "{ .a = 1, .b = x }", "{\"a\": 1, \"b\": \"x\"}"},
                    TextCase{"array", Value::array({num(1), num(2), num(3)}), "[1,2,3]", "[1,2,3]"},
                    TextCase{"inet", Value::text("::1", TextKind::InetAddress), "::1", "\"::1\""},
                    TextCase{"stack_bpftrace_mode", Value::stack({"a+1", "b+2"}),
                             "\n    a+1\n    b+2\n", "\"\\n    a+1\\n    b+2\\n\""},
                    TextCase{"stack_perf_mode", Value::stack({"ff a+1"}, StackMode::Perf),
                             "\n\tff a+1\n", "\"\\n\\tff a+1\\n\""},
                    TextCase{"stack_raw_mode", Value::stack({"ffffffff81000130"}, StackMode::Raw),
                             "\nffffffff81000130\n", "\"\\nffffffff81000130\\n\""},
                    TextCase{"stack_empty", Value::stack({}), "\n", "\"\\n\""}),
    CaseName());

struct OrderCase {
  const char* name;
  Value less;
  Value greater;
};

class ValueOrder : public testing::TestWithParam<OrderCase> {};

TEST_P(ValueOrder, Orders) {
  EXPECT_TRUE(compare_values(GetParam().less, GetParam().greater) < 0);
  EXPECT_TRUE(compare_values(GetParam().greater, GetParam().less) > 0);
  EXPECT_TRUE(compare_values(GetParam().less, GetParam().less) == 0);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ValueOrder,
    testing::Values(OrderCase{"integers", num(-1), num(1)},
                    OrderCase{"negative_below_unsigned", num(-1), Value::unsigned_int(0)},
                    OrderCase{"unsigned_above_int64_max", num(INT64_MAX),
                              Value::unsigned_int(UINT64_MAX)},
                    OrderCase{"strings", str("a"), str("b")},
                    OrderCase{"prefix_first", str("a"), str("ab")},
                    OrderCase{"tuples_by_element", Value::tuple({num(1), str("a")}),
                              Value::tuple({num(1), str("b")})},
                    OrderCase{"kinds_by_kind", num(99), str("0")}),
    CaseName());

TEST(KeyOrder, ComparesElementByElement) {
  EXPECT_TRUE(compare_keys({num(1), str("b")}, {num(2), str("a")}) < 0);
  EXPECT_TRUE(compare_keys({num(2), str("a")}, {num(2), str("a")}) == 0);
  EXPECT_TRUE(compare_keys({}, {num(0)}) < 0);
}

TEST(JsonEscape, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json_escape("a\"b\\c\nd\re\tf"), "a\\\"b\\\\c\\nd\\re\\tf");
  EXPECT_EQ(json_escape(std::string("\x00\x1f", 2)), "\\u0000\\u001f");
  EXPECT_EQ(json_escape("caf\xc3\xa9"), "caf\xc3\xa9");
}

} // namespace
} // namespace sonde::format::test
