// Text-mode map printing: layout, sorting, print(@m, top, div), against the
// bpftrace v0.17 transcripts.
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

Value stack(std::vector<std::string> frames, StackMode mode = StackMode::Bpftrace) {
  return Value::stack(std::move(frames), mode);
}

struct MapTextCase {
  const char* name;
  std::vector<Map> maps; // printed one after the other, as the exit dump does
  PrintLimits limits;
  std::string expected;
};

class MapText : public testing::TestWithParam<MapTextCase> {};

TEST_P(MapText, PrintsFullText) {
  std::string out;
  for (const Map& map : GetParam().maps)
    out += format_map_text(map, GetParam().limits);
  EXPECT_EQ(out, GetParam().expected);
}

const std::vector<std::string> kKernelFrames = {"perf_syscall_enter+397", "syscall_trace_enter+384",
                                                "do_syscall_64+506",
                                                "entry_SYSCALL_64_after_hwframe+118"};
const std::vector<std::string> kKernelPerfFrames = {
    "ffffffff814b2b2d perf_syscall_enter+397", "ffffffff81417d70 syscall_trace_enter+384",
    "ffffffff821ef81a do_syscall_64+506", "ffffffff81000130 entry_SYSCALL_64_after_hwframe+118"};
const std::vector<std::string> kUserFrames = {"clock_nanosleep+35", "middle+21", "top+21",
                                              "main+41", "__libc_start_call_main+122"};
const std::vector<std::string> kUserPerfFrames = {
    "7fb61e180503 clock_nanosleep+35 (/usr/lib/x86_64-linux-gnu/libc.so.6)",
    "5569f850c192 middle+21 (./prog/loop)", "5569f850c1ab top+21 (./prog/loop)",
    "5569f850c1d9 main+41 (./prog/loop)",
    "7fb61e0d824a __libc_start_call_main+122 (/usr/lib/x86_64-linux-gnu/libc.so.6)"};

Map stack_count_map(std::string name, std::vector<std::string> frames, StackMode mode) {
  return keyed(std::move(name), MapKind::Count,
               {{{stack(std::move(frames), mode)}, Value::unsigned_int(6)}});
}

Map one_to_four() {
  return keyed(
      "@", MapKind::Plain,
      {{{num(3)}, num(30)}, {{num(1)}, num(10)}, {{num(4)}, num(40)}, {{num(2)}, num(20)}});
}

INSTANTIATE_TEST_SUITE_P(
    Transcripts, MapText,
    testing::Values(
        MapTextCase{"aggregations_6_3",
                    {scalar("@a", MapKind::Avg, stats_of({10, 33})),
                     scalar("@c", MapKind::Count, Value::unsigned_int(2)),
                     scalar("@mn", MapKind::Min, num(-3)), scalar("@mx", MapKind::Max, num(99)),
                     scalar("@s", MapKind::Sum, num(42))},
                    {},
                    read_expected("aggregations_6_3.txt")},
        MapTextCase{"stats_6_3",
                    {keyed("@kst", MapKind::Stats,
                           {{{str("b")}, stats_of({100})}, {{str("a")}, stats_of({1})}}),
                     scalar("@st", MapKind::Stats, stats_of({10, 20, 33}))},
                    {},
                    read_expected("stats_6_3.txt")},
        MapTextCase{
            "keyed_maps_6_6",
            {keyed("@hk", MapKind::Hist,
                   {{{str("write")}, hist_of({100})}, {{str("read")}, hist_of({10})}}),
             keyed("@m", MapKind::Plain,
                   {{{num(1), str("a")}, num(10)},
                    {{num(2), str("b")}, num(5)},
                    {{num(3), str("c")}, num(20)}}),
             keyed("@s", MapKind::Count,
                   {{{str("y")}, Value::unsigned_int(2)}, {{str("x")}, Value::unsigned_int(1)}})},
            {},
            read_expected("keyed_maps_6_6.txt")},
        MapTextCase{
            "stacks_6_10",
            {stack_count_map("@k", kKernelFrames, StackMode::Bpftrace),
             stack_count_map("@k2", {kKernelFrames[0], kKernelFrames[1]}, StackMode::Bpftrace),
             stack_count_map("@kp", kKernelPerfFrames, StackMode::Perf),
             stack_count_map("@u", kUserFrames, StackMode::Bpftrace),
             stack_count_map("@u3", {kUserFrames[0], kUserFrames[1], kUserFrames[2]},
                             StackMode::Bpftrace),
             stack_count_map("@up", kUserPerfFrames, StackMode::Perf)},
            {},
            read_expected("stacks_6_10.txt")},
        MapTextCase{
            "probe_keys_6_2",
            {keyed("@", MapKind::Count,
                   {{{Value::text("tracepoint:syscalls:sys_enter_close")}, Value::unsigned_int(43)},
                    {{Value::text("tracepoint:syscalls:sys_enter_openat")},
                     Value::unsigned_int(33)}})},
            {},
            "@[tracepoint:syscalls:sys_enter_openat]: 33\n"
            "@[tracepoint:syscalls:sys_enter_close]: 43\n"},
        MapTextCase{"tuple_value_6_7",
                    {scalar("@t", MapKind::Plain, Value::tuple({num(5), str("six")}))},
                    {},
                    "@t: (5, six)\n"},
        MapTextCase{
            "print_all_6_9", {one_to_four()}, {}, "@[1]: 10\n@[2]: 20\n@[3]: 30\n@[4]: 40\n"},
        MapTextCase{"print_top_6_9", {one_to_four()}, {2, 1}, "@[3]: 30\n@[4]: 40\n"},
        MapTextCase{"print_top_div_6_9", {one_to_four()}, {2, 10}, "@[3]: 3\n@[4]: 4\n"},
        MapTextCase{"zeroed_6_9",
                    {scalar("@empty", MapKind::Count, Value::unsigned_int(0)),
                     keyed("@never", MapKind::Plain, {}),
                     keyed("@z", MapKind::Count, {{{num(1)}, Value::unsigned_int(0)}})},
                    {},
                    // v0.17 printed a blank line for the empty @never; sonde prints nothing.
                    "@empty: 0\n@z[1]: 0\n"}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    Rules, MapText,
    testing::Values(
        MapTextCase{"ties_broken_by_key",
                    {keyed("@c", MapKind::Count,
                           {{{str("b")}, Value::unsigned_int(1)},
                            {{str("c")}, Value::unsigned_int(0)},
                            {{str("a")}, Value::unsigned_int(1)}})},
                    {},
                    "@c[c]: 0\n@c[a]: 1\n@c[b]: 1\n"},
        MapTextCase{"signed_values_ascending",
                    {keyed("@s", MapKind::Sum,
                           {{{num(1)}, num(-5)}, {{num(2)}, num(3)}, {{num(3)}, num(-10)}})},
                    {},
                    "@s[3]: -10\n@s[1]: -5\n@s[2]: 3\n"},
        MapTextCase{"unsigned_values_above_int64_max",
                    {keyed("@u", MapKind::Max,
                           {{{num(1)}, Value::unsigned_int(UINT64_MAX)},
                            {{num(2)}, Value::unsigned_int(7)}})},
                    {},
                    "@u[2]: 7\n@u[1]: 18446744073709551615\n"},
        MapTextCase{
            "integer_keys_numeric_order",
            {keyed("@k", MapKind::Plain,
                   {{{num(10)}, str("ten")}, {{num(-1)}, str("minus")}, {{num(2)}, str("two")}})},
            {},
            "@k[-1]: minus\n@k[2]: two\n@k[10]: ten\n"},
        MapTextCase{"keyed_avg_blank_line_after_map",
                    {keyed("@a", MapKind::Avg,
                           {{{str("y")}, stats_of({4, 6})}, {{str("x")}, stats_of({1})}}),
                     scalar("@b", MapKind::Count, Value::unsigned_int(1))},
                    {},
                    "@a[x]: 1\n@a[y]: 5\n\n@b: 1\n"},
        MapTextCase{"stats_signed_average",
                    {scalar("@st", MapKind::Stats, stats_of({-10, -20, 3}))},
                    {},
                    "@st: count 3, average -9, total -27\n\n"},
        MapTextCase{"stats_div_only_average",
                    {scalar("@st", MapKind::Stats, stats_of({100, 300}))},
                    {0, 10},
                    "@st: count 2, average 20, total 400\n\n"},
        MapTextCase{"stats_without_samples",
                    {scalar("@st", MapKind::Stats, StatsValue{})},
                    {},
                    "@st: count 0, average 0, total 0\n\n"},
        MapTextCase{
            "hist_top_keeps_largest_total",
            {keyed("@h", MapKind::Hist,
                   {{{str("big")}, hist_of({1, 1, 1})}, {{str("small")}, hist_of({1})}})},
            {1, 1},
            "@h[big]: \n"
            "[1]                    3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"},
        MapTextCase{"record_and_bool_values",
                    {scalar("@b", MapKind::Plain, Value::boolean(true)),
                     scalar("@r", MapKind::Plain, Value::record({{"a", num(1)}, {"b", str("x")}}))},
                    {},
                    "@b: true\n@r: { .a = 1, .b = x }\n"},
        MapTextCase{"stack_value_no_extra_newline",
                    {keyed("@s", MapKind::Plain,
                           {{{num(1)}, stack({"f+1", "g+2"})}, {{num(2)}, stack({"h+3"})}})},
                    {},
                    "@s[1]: \n    f+1\n    g+2\n@s[2]: \n    h+3\n"},
        MapTextCase{"empty_map_prints_nothing", {keyed("@gone", MapKind::Hist, {})}, {}, ""}),
    CaseName());

TEST(MapKey, FormatsScalarAndMultiKey) {
  EXPECT_EQ(format_map_key("@x", {}), "@x");
  EXPECT_EQ(format_map_key("@m", {num(1), str("a")}), "@m[1, a]");
  EXPECT_EQ(format_map_key("@t", {Value::tuple({num(1), num(2)})}), "@t[(1, 2)]");
}

} // namespace
} // namespace sonde::format::test
