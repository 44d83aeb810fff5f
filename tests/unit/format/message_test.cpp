// print() of values, event messages and bookkeeping lines in text mode, and
// time()/strftime() text.
#include "test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

namespace sonde::format::test {
namespace {

TEST(PrintValueText, Transcript6_7) {
  std::string out;
  out += format_print_value(OutputMode::Text,
                            Value::tuple({num(1), str("two"), Value::tuple({num(3), num(4)})}));
  out += format_print_value(OutputMode::Text, str("a string"));
  out += format_print_value(OutputMode::Text, num(123));
  out += format_print_value(OutputMode::Text, num(-5));
  out += format_print_value(OutputMode::Text, str("bpftrace"));
  EXPECT_EQ(out, "(1, two, (3, 4))\na string\n123\n-5\nbpftrace\n");
}

struct TextLineCase {
  const char* name;
  std::string actual;
  std::string expected;
};

class TextLines : public testing::TestWithParam<TextLineCase> {};

TEST_P(TextLines, Match) {
  EXPECT_EQ(GetParam().actual, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TextLines,
    testing::Values(
        TextLineCase{"attaching_one", format_attached_probes(OutputMode::Text, 1),
                     "Attaching 1 probe...\n"},
        TextLineCase{"attaching_many", format_attached_probes(OutputMode::Text, 3),
                     "Attaching 3 probes...\n"},
        TextLineCase{"lost_events", format_lost_events(OutputMode::Text, 7), "Lost 7 events\n"},
        TextLineCase{"printf_verbatim",
                     format_message(OutputMode::Text, MessageType::Printf, "Hello\n"), "Hello\n"},
        TextLineCase{"cat_verbatim", format_message(OutputMode::Text, MessageType::Cat, "Linux"),
                     "Linux"},
        TextLineCase{"join_adds_newline",
                     format_message(OutputMode::Text, MessageType::Join, "/bin/echo a b"),
                     "/bin/echo a b\n"},
        TextLineCase{"print_stack_6_10",
                     format_print_value(OutputMode::Text, Value::stack({"leaf+0", "middle+21"})),
                     "\n    leaf+0\n    middle+21\n\n"}),
    CaseName());

TEST(MessageTypeName, AllTypes) {
  EXPECT_EQ(message_type_name(MessageType::Syscall), "syscall");
  EXPECT_EQ(message_type_name(MessageType::LostEvents), "lost_events");
  EXPECT_EQ(message_type_name(MessageType::AttachedProbes), "attached_probes");
  EXPECT_EQ(message_type_name(MessageType::HelperError), "helper_error");
  EXPECT_EQ(message_type_name(MessageType::Stats), "stats");
}

struct WallclockCase {
  const char* name;
  std::string format;
  uint32_t nanoseconds;
  std::string expected;
};

class Wallclock : public testing::TestWithParam<WallclockCase> {
protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

// 1700000000 is 2023-11-14 22:13:20 UTC.
TEST_P(Wallclock, Formats) {
  EXPECT_EQ(format_wallclock(GetParam().format, 1700000000, GetParam().nanoseconds),
            GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Wallclock,
    testing::Values(
        WallclockCase{"default_time_format", std::string(kDefaultTimeFormat), 0, "22:13:20\n"},
        WallclockCase{"date_and_time", "%Y-%m-%d %H:%M:%S\n", 0, "2023-11-14 22:13:20\n"},
        WallclockCase{"microseconds_6_8", "%H:%M:%S.%f", 780125999, "22:13:20.780125"},
        WallclockCase{"microseconds_padded", "%f", 5000, "000005"},
        WallclockCase{"literal_percent_f", "%%f", 0, "%f"}, WallclockCase{"empty", "", 0, ""}),
    CaseName());

} // namespace
} // namespace sonde::format::test
