// printf engine: format parsing and checking (compile time) and formatting
// (run time) with C semantics.
#include "test_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sonde::format::test {
namespace {

std::string printf_text(const std::string& format, const std::vector<Value>& args) {
  const ParsedFormat parsed = parse_printf_format(format);
  if (parsed.error)
    return "<parse error: " + parsed.error->message + ">";
  return format_printf(parsed.format, args);
}

struct PrintfCase {
  const char* name;
  std::string format;
  std::vector<Value> args;
  std::string expected;
};

class Printf : public testing::TestWithParam<PrintfCase> {};

TEST_P(Printf, Formats) {
  EXPECT_EQ(printf_text(GetParam().format, GetParam().args), GetParam().expected);
}

Value u64(uint64_t value) {
  return Value::unsigned_int(value);
}

INSTANTIATE_TEST_SUITE_P(Transcripts, Printf,
                         testing::Values(
                             // Inventory 6.7, with v0.17's "%%" bug fixed (it printed "%%").
                             PrintfCase{"mixed_6_7",
                                        "%s|%d|%x|%5d|%-5d|%05d|%c|%u|%ld|%llx|%o|%%\n",
                                        {str("s"), num(-42), num(255), num(7), num(7), num(7),
                                         num(65), num(3), num(99), num(3054), num(8)},
                                        "s|-42|ff|    7|7    |00007|A|3|99|bee|10|%\n"},
                             PrintfCase{"hello_6_11", "hello %d\n", {num(5)}, "hello 5\n"},
                             PrintfCase{"literals_6_7",
                                        "%d %d %d %d %d\n",
                                        {num(16), num(8), num(1000000), num(1000), u64(5)},
                                        "16 8 1000000 1000 5\n"}),
                         CaseName());

INSTANTIATE_TEST_SUITE_P(
    CSemantics, Printf,
    testing::Values(PrintfCase{"d_reads_32_bits", "%d", {u64(4294967295)}, "-1"},
                    PrintfCase{"u_reads_32_bits", "%u", {u64(4294967295)}, "4294967295"},
                    PrintfCase{"u_of_minus_one", "%u", {num(-1)}, "4294967295"},
                    PrintfCase{"x_of_minus_one", "%x", {num(-1)}, "ffffffff"},
                    PrintfCase{"d_truncates_high_bits", "%d", {u64(0x100000005)}, "5"},
                    PrintfCase{"ld_reads_64_bits", "%ld", {u64(4294967295)}, "4294967295"},
                    PrintfCase{"lu_of_minus_one", "%lu", {num(-1)}, "18446744073709551615"},
                    PrintfCase{"llx_of_minus_one", "%llx", {num(-1)}, "ffffffffffffffff"},
                    PrintfCase{"lld_min", "%lld", {num(INT64_MIN)}, "-9223372036854775808"},
                    PrintfCase{"signed_32_bit_source_sign_extended",
                               "%lu",
                               {Value::signed_int(-1, 32)},
                               "18446744073709551615"},
                    PrintfCase{"unsigned_32_bit_source_zero_extended",
                               "%ld",
                               {Value::unsigned_int(4294967295, 32)},
                               "4294967295"},
                    PrintfCase{"zu_jd_td", "%zu %jd %td", {u64(1), num(-2), num(3)}, "1 -2 3"},
                    PrintfCase{"i_like_d", "%i", {num(-7)}, "-7"},
                    PrintfCase{"hhd_wraps", "%hhd", {num(300)}, "44"},
                    PrintfCase{"hhu", "%hhu", {num(-1)}, "255"},
                    PrintfCase{"hd_wraps", "%hd", {num(40000)}, "-25536"},
                    PrintfCase{"hu_wraps", "%hu", {num(70000)}, "4464"},
                    PrintfCase{"upper_hex", "%X", {num(255)}, "FF"},
                    PrintfCase{"alternate_hex", "%#x", {num(255)}, "0xff"},
                    PrintfCase{"alternate_octal", "%#o", {num(8)}, "010"},
                    PrintfCase{"plus_flag", "%+d", {num(5)}, "+5"},
                    PrintfCase{"space_flag", "% d", {num(5)}, " 5"},
                    PrintfCase{"precision_on_integer", "%.3d", {num(7)}, "007"},
                    PrintfCase{"left_zero_ignored", "%-05d|", {num(7)}, "7    |"},
                    PrintfCase{"pointer", "%p", {u64(0x1000)}, "0x1000"},
                    PrintfCase{"null_pointer_as_glibc", "%p", {u64(0)}, "(nil)"},
                    PrintfCase{"pointer_value",
                               "%p",
                               {Value::pointer(0xffffffff81000000)},
                               "0xffffffff81000000"},
                    PrintfCase{"char_low_byte", "%c", {num(0x141)}, "A"},
                    PrintfCase{"char_width", "%3c|", {num('z')}, "  z|"},
                    PrintfCase{"percent_alone", "100%%", {}, "100%"},
                    PrintfCase{"percent_between", "%d%%%d", {num(1), num(2)}, "1%2"},
                    PrintfCase{"bool_as_integer", "%d", {Value::boolean(true)}, "1"}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Strings, Printf,
    testing::Values(
        PrintfCase{"width", "%10s|", {str("hi")}, "        hi|"},
        PrintfCase{"left_width", "%-6s|", {str("hi")}, "hi    |"},
        PrintfCase{"precision_cuts", "%.3s", {str("abcdef")}, "abc"},
        PrintfCase{"left_width_precision", "%-8.3s|", {str("abcdef")}, "abc     |"},
        PrintfCase{"tuple_as_print",
                   "%s",
                   {Value::tuple({num(1), str("two"), Value::tuple({num(3), num(4)})})},
                   "(1, two, (3, 4))"},
        PrintfCase{"record_as_print", "%s", {Value::record({{"x", num(1)}})}, "{ .x = 1 }"},
        PrintfCase{
            "symbol_text", "%s", {Value::text("do_nanosleep", TextKind::Symbol)}, "do_nanosleep"},
        PrintfCase{"stack_starts_with_empty_line_6_10",
                   "%s\n",
                   {Value::stack({"5569f850c149 leaf+0 (./prog/loop)",
                                  "5569f850c192 middle+21 (./prog/loop)"},
                                 StackMode::Perf)},
                   "\n\t5569f850c149 leaf+0 (./prog/loop)\n\t5569f850c192 middle+21 "
                   "(./prog/loop)\n\n"},
        PrintfCase{"integer_fallback_text", "%s", {num(5)}, "5"},
        PrintfCase{"missing_argument_left_as_written", "%d %-3d", {num(1)}, "1 %-3d"}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Buffers, Printf,
    testing::Values(PrintfCase{"r_escapes_non_printable",
                               "%r",
                               {Value::buffer(std::string("a\x01 b\x7f\xff", 6))},
                               "a\\x01 b\\x7f\\xff"},
                    PrintfCase{"rx_escapes_all", "%rx", {Value::buffer("ab")}, "\\x61\\x62"},
                    PrintfCase{"rh_hex_bytes",
                               "%rh",
                               {Value::buffer(std::string("\x01\xab\x00", 3))},
                               "01 ab 00"},
                    PrintfCase{"rh_empty", "[%rh]", {Value::buffer("")}, "[]"},
                    PrintfCase{"r_width", "%-6r|", {Value::buffer("ab")}, "ab    |"},
                    PrintfCase{"r_of_string", "%r", {str("x\ty")}, "x\\x09y"}),
    CaseName());

struct FormatErrorCase {
  const char* name;
  std::string format;
  size_t offset;
  size_t length;
  std::string message;
};

class PrintfParseError : public testing::TestWithParam<FormatErrorCase> {};

TEST_P(PrintfParseError, IsLocated) {
  const ParsedFormat parsed = parse_printf_format(GetParam().format);
  ASSERT_TRUE(parsed.error.has_value());
  EXPECT_EQ(parsed.error->offset, GetParam().offset);
  EXPECT_EQ(parsed.error->length, GetParam().length);
  EXPECT_EQ(parsed.error->message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PrintfParseError,
    testing::Values(
        FormatErrorCase{"unknown_conversion", "%q", 0, 2, "invalid conversion specifier '%q'"},
        FormatErrorCase{"unknown_after_text", "abc %5q", 4, 3,
                        "invalid conversion specifier '%5q'"},
        FormatErrorCase{"float_not_supported", "%f", 0, 2, "invalid conversion specifier '%f'"},
        FormatErrorCase{"long_double_modifier", "%Ld", 0, 2, "invalid conversion specifier '%L'"},
        FormatErrorCase{"trailing_percent", "50%", 2, 1,
                        "incomplete conversion '%' at the end of the format string"},
        FormatErrorCase{"trailing_flags", "x %-5", 2, 3,
                        "incomplete conversion '%-5' at the end of the format string"},
        FormatErrorCase{"star_width", "%*d", 0, 2, "a '*' width or precision is not supported"},
        FormatErrorCase{"star_precision", "%.*d", 0, 3,
                        "a '*' width or precision is not supported"},
        FormatErrorCase{"wide_string", "%ls", 0, 3,
                        "length modifier in '%ls': only %d %i %u %x %X %o take one"},
        FormatErrorCase{"long_char", "%lc", 0, 3,
                        "length modifier in '%lc': only %d %i %u %x %X %o take one"},
        FormatErrorCase{"huge_width", "%99999d", 0, 6, "width or precision larger than 4096"}),
    CaseName());

TEST(PrintfParse, DescribesEachConversion) {
  const ParsedFormat parsed = parse_printf_format("a%-08.3llxb%sc%rhd%c%%");
  ASSERT_FALSE(parsed.error.has_value());
  const PrintfFormat& format = parsed.format;
  ASSERT_EQ(format.conversions.size(), 4u);
  EXPECT_EQ(format.literals, (std::vector<std::string>{"a", "b", "c", "d", "%"}));

  const Conversion& hex = format.conversions[0];
  EXPECT_EQ(hex.offset, 1u);
  EXPECT_EQ(hex.text, "%-08.3llx");
  EXPECT_EQ(hex.flags, "-0");
  EXPECT_EQ(hex.width, 8u);
  EXPECT_EQ(hex.precision, 3u);
  EXPECT_EQ(hex.length, LengthModifier::LongLong);
  EXPECT_EQ(hex.specifier, 'x');
  EXPECT_EQ(hex.expects, ArgClass::Integer);

  EXPECT_EQ(format.conversions[1].expects, ArgClass::String);
  EXPECT_EQ(format.conversions[2].expects, ArgClass::Buffer);
  EXPECT_EQ(format.conversions[2].buffer_style, BufferStyle::HexBytes);
  EXPECT_EQ(format.conversions[2].text, "%rh");
  EXPECT_EQ(format.conversions[3].expects, ArgClass::Char);
}

TEST(PrintfParse, BadConversionCarriesHint) {
  const ParsedFormat parsed = parse_printf_format("50%q");
  ASSERT_TRUE(parsed.error.has_value());
  EXPECT_EQ(parsed.error->hint, "use %% for a literal '%'");
}

TEST(PrintfParse, PointerAndPlainBuffer) {
  const ParsedFormat parsed = parse_printf_format("%p %r %rx");
  ASSERT_FALSE(parsed.error.has_value());
  EXPECT_EQ(parsed.format.conversions[0].expects, ArgClass::Pointer);
  EXPECT_EQ(parsed.format.conversions[1].buffer_style, BufferStyle::Escaped);
  EXPECT_EQ(parsed.format.conversions[2].buffer_style, BufferStyle::AllEscaped);
}

struct ArgCountCase {
  const char* name;
  std::string format;
  size_t supplied;
  bool ok;
  size_t offset;
  size_t length;
  std::string message;
};

class PrintfArgCount : public testing::TestWithParam<ArgCountCase> {};

TEST_P(PrintfArgCount, Checks) {
  const ParsedFormat parsed = parse_printf_format(GetParam().format);
  ASSERT_FALSE(parsed.error.has_value());
  const auto error = check_printf_argument_count(parsed.format, GetParam().supplied);
  ASSERT_EQ(!error.has_value(), GetParam().ok);
  if (!error)
    return;
  EXPECT_EQ(error->offset, GetParam().offset);
  EXPECT_EQ(error->length, GetParam().length);
  EXPECT_EQ(error->message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PrintfArgCount,
    testing::Values(ArgCountCase{"exact", "%d %s", 2, true, 0, 0, ""},
                    ArgCountCase{"none_needed", "100%%\n", 0, true, 0, 0, ""},
                    ArgCountCase{
                        "not_enough", "%d %-4s!", 1, false, 3, 4,
                        "not enough arguments for format string: nothing for '%-4s' (1 supplied, 2 "
                        "expected)"},
                    ArgCountCase{"too_many", "%d %s", 3, false, 0, 5,
                                 "too many arguments for format string (3 supplied, 2 expected)"},
                    ArgCountCase{"too_many_for_literal", "50%%", 1, false, 0, 4,
                                 "too many arguments for format string (1 supplied, 0 expected)"}),
    CaseName());

TEST(PrintfTypeError, NamesConversionAndTypes) {
  const ParsedFormat parsed = parse_printf_format("%d %s %rx %c");
  ASSERT_FALSE(parsed.error.has_value());
  const auto& conversions = parsed.format.conversions;
  EXPECT_EQ(printf_type_error(conversions[0], "string"),
            "%d specifier expects a value of type integer (string supplied)");
  EXPECT_EQ(printf_type_error(conversions[1], "integer"),
            "%s specifier expects a value of type string (integer supplied)");
  EXPECT_EQ(printf_type_error(conversions[2], "string"),
            "%rx specifier expects a value of type buffer (string supplied)");
  EXPECT_EQ(printf_type_error(conversions[3], "string"),
            "%c specifier expects a value of type integer (string supplied)");
}

} // namespace
} // namespace sonde::format::test
