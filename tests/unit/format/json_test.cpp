// -f json output: maps, histograms, values and messages against the v0.17
// transcripts of inventory section 6.11.
#include "test_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sonde::format::test {
namespace {

Map scalar(std::string name, MapKind kind, EntryValue value) {
  Map map{std::move(name), kind, 0, {}, {}};
  map.entries.push_back({{}, std::move(value)});
  return map;
}

Map keyed(std::string name, MapKind kind, std::vector<MapEntry> entries) {
  return Map{std::move(name), kind, 0, {}, std::move(entries)};
}

Map lhist_map(std::string name, HistCounts counts, const LinearLayout& layout) {
  Map map{std::move(name), MapKind::Lhist, 0, layout, {}};
  map.entries.push_back({{}, std::move(counts)});
  return map;
}

struct JsonCase {
  const char* name;
  std::vector<Map> maps;
  PrintLimits limits;
  std::string expected;
};

class JsonMaps : public testing::TestWithParam<JsonCase> {};

TEST_P(JsonMaps, PrintsLines) {
  std::string out;
  for (const Map& map : GetParam().maps)
    out += format_map(map, OutputMode::Json, GetParam().limits);
  EXPECT_EQ(out, GetParam().expected);
}

constexpr LinearLayout kTens{0, 100, 10};

INSTANTIATE_TEST_SUITE_P(
    Transcripts, JsonMaps,
    testing::Values(
        JsonCase{"aggregations_6_11",
                 {scalar("@a", MapKind::Avg, stats_of({10, 33})),
                  scalar("@c", MapKind::Count, Value::unsigned_int(2)),
                  keyed("@kst", MapKind::Stats, {{{str("a")}, stats_of({1})}}),
                  scalar("@mn", MapKind::Min, num(-3)), scalar("@mx", MapKind::Max, num(99)),
                  scalar("@s", MapKind::Sum, num(42)),
                  scalar("@st", MapKind::Stats, stats_of({10, 20}))},
                 {},
                 read_expected("json_aggregations_6_11.txt")},
        JsonCase{"hists_6_11",
                 {scalar("@h", MapKind::Hist, hist_of({-5, 0, 1, 5, 1500})),
                  keyed("@hk", MapKind::Hist, {{{str("read")}, hist_of({10})}}),
                  lhist_map("@l", lhist_of({-3, 15, 250}, kTens), kTens)},
                 {},
                 read_expected("json_hists_6_11.txt")},
        JsonCase{"hist_above_2g_fixed",
                 {scalar("@h", MapKind::Hist, hist_of({int64_t{1} << 30, int64_t{1} << 31}))},
                 {},
                 read_expected("json_hist_2g_fixed.txt")},
        JsonCase{"stacks_6_11",
                 {keyed("@kk", MapKind::Count,
                        {{{Value::stack({"perf_syscall_enter+397", "syscall_trace_enter+384"})},
                          Value::unsigned_int(3)}}),
                  keyed("@up", MapKind::Count,
                        {{{Value::stack({"7f4f6675e503 clock_nanosleep+35 "
                                         "(/usr/lib/x86_64-linux-gnu/libc.so.6)",
                                         "55c6e82f6192 middle+21 (./prog/loop)"},
                                        StackMode::Perf)},
                          Value::unsigned_int(3)}})},
                 {},
                 read_expected("json_stacks_6_11.txt")}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Rules, JsonMaps,
    testing::Values(
        JsonCase{"print_top_div",
                 {keyed("@", MapKind::Plain,
                        {{{num(1)}, num(10)}, {{num(2)}, num(20)}, {{num(3)}, num(30)}})},
                 {2, 10},
                 "{\"type\": \"map\", \"data\": {\"@\": {\"2\": 2, \"3\": 3}}}\n"},
        JsonCase{"empty_map_omitted", {keyed("@e", MapKind::Count, {})}, {}, ""},
        JsonCase{"keyed_avg",
                 {keyed("@a", MapKind::Avg, {{{num(1)}, stats_of({2, 4})}})},
                 {},
                 "{\"type\": \"stats\", \"data\": {\"@a\": {\"1\": 3}}}\n"},
        JsonCase{
            "lhist_uneven_overflow_fixed",
            {lhist_map("@u", lhist_of({100}, LinearLayout{0, 105, 10}), LinearLayout{0, 105, 10})},
            {},
            "{\"type\": \"hist\", \"data\": {\"@u\": [{\"min\": 100, \"count\": 1}]}}\n"},
        JsonCase{"hist_top_of_64_bit_range",
                 {scalar("@h", MapKind::Hist, hist_of({INT64_MAX}))},
                 {},
                 "{\"type\": \"hist\", \"data\": {\"@h\": [{\"min\": 4611686018427387904, "
                 "\"max\": 9223372036854775807, \"count\": 1}]}}\n"},
        JsonCase{"key_escaped",
                 {keyed("@q", MapKind::Count, {{{str("a\"b\\c")}, Value::unsigned_int(1)}})},
                 {},
                 "{\"type\": \"map\", \"data\": {\"@q\": {\"a\\\"b\\\\c\": 1}}}\n"}),
    CaseName());

TEST(JsonHist, UnsignedTopBucketReaches2To64Minus1) {
  std::vector<uint64_t> counts(hist_bucket_count(0), 0);
  counts[hist_bucket_index_unsigned(UINT64_MAX, 0)] = 1;
  EXPECT_EQ(format_hist_json(counts, 0),
            "[{\"min\": 9223372036854775808, \"max\": 18446744073709551615, \"count\": 1}]");
}

TEST(JsonValues, Transcript6_11) {
  std::string out;
  out += format_print_value(OutputMode::Json,
                            Value::tuple({num(1), str("two"), Value::tuple({num(3), num(4)})}));
  out += format_print_value(OutputMode::Json, str("a \"q\" string"));
  out += format_print_value(OutputMode::Json, num(123));
  out += format_message(OutputMode::Json, MessageType::Printf, "hello 5\n");
  out += format_message(OutputMode::Json, MessageType::Time, "04:56\n");
  out += format_message(OutputMode::Json, MessageType::Printf, "04:56:39\n");
  out += format_map_json(
      keyed("@m", MapKind::Plain, {{{num(1), str("a")}, num(10)}, {{num(2), str("b")}, num(5)}}));
  out += format_map_json(keyed("@s", MapKind::Count, {{{str("x")}, Value::unsigned_int(1)}}));
  out += format_map_json(scalar("@t", MapKind::Plain, Value::tuple({num(5), str("six")})));
  EXPECT_EQ(out, read_expected("json_values_6_11.txt"));
}

struct JsonLineCase {
  const char* name;
  std::string actual;
  std::string expected;
};

class JsonLines : public testing::TestWithParam<JsonLineCase> {};

TEST_P(JsonLines, Match) {
  EXPECT_EQ(GetParam().actual, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, JsonLines,
    testing::Values(
        JsonLineCase{"attached_probes", format_attached_probes(OutputMode::Json, 1),
                     "{\"type\": \"attached_probes\", \"data\": {\"probes\": 1}}\n"},
        JsonLineCase{"lost_events", format_lost_events(OutputMode::Json, 12),
                     "{\"type\": \"lost_events\", \"data\": {\"events\": 12}}\n"},
        JsonLineCase{"cat", format_message(OutputMode::Json, MessageType::Cat, "Linux\n"),
                     "{\"type\": \"cat\", \"data\": \"Linux\\n\"}\n"},
        JsonLineCase{"syscall", format_message(OutputMode::Json, MessageType::Syscall, "sys\n"),
                     "{\"type\": \"syscall\", \"data\": \"sys\\n\"}\n"},
        JsonLineCase{"join", format_message(OutputMode::Json, MessageType::Join, "/bin/echo a b"),
                     "{\"type\": \"join\", \"data\": \"/bin/echo a b\"}\n"},
        JsonLineCase{"helper_error_6_12", format_helper_error_json("probe_read_str", -14, 1, 26),
                     "{\"type\": \"helper_error\", \"helper\": \"probe_read_str\", \"retcode\": "
                     "-14, \"line\": 1, \"col\": 26}\n"},
        JsonLineCase{"control_characters_escaped",
                     format_message(OutputMode::Json, MessageType::Printf,
                                    std::string("t\tr\rb\x01\x1f", 7)),
                     "{\"type\": \"printf\", \"data\": \"t\\tr\\rb\\u0001\\u001f\"}\n"},
        JsonLineCase{
            "record_value",
            format_print_value(OutputMode::Json, Value::record({{"a", num(1)}, {"b", str("x")}})),
            "{\"type\": \"value\", \"data\": {\"a\": 1, \"b\": \"x\"}}\n"},
        JsonLineCase{"bool_pointer_buffer_array",
                     format_print_value(OutputMode::Json,
                                        Value::tuple({Value::boolean(false), Value::pointer(0xff),
                                                      Value::buffer(std::string("a\0", 2)),
                                                      Value::array({num(1), num(2)})})),
                     "{\"type\": \"value\", \"data\": [false,\"0xff\",\"a\\\\x00\",[1,2]]}\n"},
        JsonLineCase{
            "inet_text_value",
            format_print_value(OutputMode::Json, Value::text("127.0.0.1", TextKind::InetAddress)),
            "{\"type\": \"value\", \"data\": \"127.0.0.1\"}\n"}),
    CaseName());

} // namespace
} // namespace sonde::format::test
