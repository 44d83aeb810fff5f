// One row per construct of probes and statements: source -> AST text (see
// compiler/ast/printer.h for the format). Expressions: expressions_test.cpp.
#include "parse_helpers.h"

#include <gtest/gtest.h>

namespace sonde::test {
namespace {

const AstCase kAstCases[] = {
    {"probe_with_optional_last_semicolon", R"SRC(BEGIN { printf("hi\n"); exit() })SRC",
     R"AST(probe
  attach BEGIN
  block
    call printf
      string "hi\n"
    call exit
)AST"},
    {"multiple_attach_points_across_lines",
     R"SRC(tracepoint:syscalls:sys_enter_openat,
  t:syscalls:sys_enter_close { @[probe] = count(); })SRC",
     R"AST(probe
  attach tracepoint:syscalls:sys_enter_openat
  attach tracepoint:syscalls:sys_enter_close
  block
    assign =
      map @
        ident probe
      call count
)AST"},
    {"wildcard_attach_points", R"SRC(tracepoint:syscalls:sys_enter_* , kprobe:vfs_* {})SRC",
     R"AST(probe
  attach tracepoint:syscalls:sys_enter_*
  attach kprobe:vfs_*
  block
)AST"},
    {"quoted_attach_point_fields",
     R"SRC(uprobe:"/tmp/a path:with colon":main, uprobe:libc:"fn(char const*)" {})SRC",
     R"AST(probe
  attach uprobe:/tmp/a path:with colon:main
  attach uprobe:libc:fn(char const*)
  block
)AST"},
    {"positional_parameter_in_attach_point",
     R"SRC(tracepoint:syscalls:sys_enter_$1 { @ = count(); })SRC",
     R"AST(probe
  attach tracepoint:syscalls:sys_enter_$1
  block
    assign =
      map @
      call count
)AST"},
    {"path_attach_point_then_predicate",
     R"SRC(uprobe:/bin/bash:readline/pid == 1/{ @ = count(); })SRC",
     R"AST(probe
  attach uprobe:/bin/bash:readline
  predicate
    binary ==
      ident pid
      int 1
  block
    assign =
      map @
      call count
)AST"},
    {"probe_aliases_are_canonicalised",
     R"SRC(k:vfs_read, kr:vfs_read, u:/bin/sh:main, ur:/bin/sh:main, U:/usr/bin/python3:python:function__entry, p:hz:99, i:s:1, s:faults:1, h:cache-misses:1000, w:0x1000:8:rw, f:vfs_read, fr:vfs_read, kfunc:vfs_open, kretfunc:vfs_open, it:task, rt:sched_switch, tp_btf:sched_wakeup, aw:0x2000:4:w {})SRC",
     R"AST(probe
  attach kprobe:vfs_read
  attach kretprobe:vfs_read
  attach uprobe:/bin/sh:main
  attach uretprobe:/bin/sh:main
  attach usdt:/usr/bin/python3:python:function__entry
  attach profile:hz:99
  attach interval:s:1
  attach software:faults:1
  attach hardware:cache-misses:1000
  attach watchpoint:0x1000:8:rw
  attach fentry:vfs_read
  attach fexit:vfs_read
  attach fentry:vfs_open
  attach fexit:vfs_open
  attach iter:task
  attach rawtracepoint:sched_switch
  attach rawtracepoint:sched_wakeup
  attach asyncwatchpoint:0x2000:4:w
  block
)AST"},
    {"lowercase_begin_end_and_case_insensitive_providers",
     R"SRC(begin { } end { } Tracepoint:sched:sched_switch { })SRC",
     R"AST(probe
  attach BEGIN
  block
probe
  attach END
  block
probe
  attach tracepoint:sched:sched_switch
  block
)AST"},
    {"offsets_and_addresses_in_attach_points",
     R"SRC(kprobe:tcp_sendmsg+16, uprobe:/bin/bash:0x4a2b0, kprobe:mymod:myfunc, usdt:/bin/x:probe {})SRC",
     R"AST(probe
  attach kprobe:tcp_sendmsg+16
  attach uprobe:/bin/bash:0x4a2b0
  attach kprobe:mymod:myfunc
  attach usdt:/bin/x:probe
  block
)AST"},
    {"duration_forms_of_interval_and_profile",
     R"SRC(interval:1s, interval:ms:100, profile:99, profile:us:1000, software:cpu-clock:100000 {})SRC",
     R"AST(probe
  attach interval:1s
  attach interval:ms:100
  attach profile:99
  attach profile:us:1000
  attach software:cpu-clock:100000
  block
)AST"},
    {"predicate_with_division", R"SRC(BEGIN /$1 / 2 > 0/ { })SRC",
     R"AST(probe
  attach BEGIN
  predicate
    binary >
      binary /
        positional $1
        int 2
      int 0
  block
)AST"},
    {"block_expression", R"SRC(BEGIN { $a = { let $b = 1; $b + 1 }; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $a
      block-expr
        block
          let $b
            int 1
          value
            binary +
              variable $b
              int 1
)AST"},
    {"if_else_if_else_with_parentheses",
     R"SRC(BEGIN { if ($a > 1) { @x = 1; } else if ($a < 0) { @x = 2; } else { @x = 3; } })SRC",
     R"AST(probe
  attach BEGIN
  block
    if
      binary >
        variable $a
        int 1
      then
        assign =
          map @x
          int 1
      else
        if
          binary <
            variable $a
            int 0
          then
            assign =
              map @x
              int 2
          else
            assign =
              map @x
              int 3
)AST"},
    {"if_without_parentheses",
     R"SRC(BEGIN { if $x > 1 { @big++; } if comm == "bash" { exit(); } })SRC",
     R"AST(probe
  attach BEGIN
  block
    if
      binary >
        variable $x
        int 1
      then
        unary ++ (postfix)
          map @big
    if
      binary ==
        ident comm
        string "bash"
      then
        call exit
)AST"},
    {"unroll_while_break_continue",
     R"SRC(BEGIN { unroll(3) { @u++; } $i = 0; while ($i < 10) { $i++; if ($i == 2) { continue; } if ($i > 5) { break; } } })SRC",
     R"AST(probe
  attach BEGIN
  block
    unroll
      int 3
      block
        unary ++ (postfix)
          map @u
    assign =
      variable $i
      int 0
    while
      binary <
        variable $i
        int 10
      block
        unary ++ (postfix)
          variable $i
        if
          binary ==
            variable $i
            int 2
          then
            continue
        if
          binary >
            variable $i
            int 5
          then
            break
)AST"},
    {"for_over_map_and_range",
     R"SRC(BEGIN { for ($kv : @m) { print($kv.0); print($kv.1); } for ($i : 0..10) { @s += $i; } })SRC",
     R"AST(probe
  attach BEGIN
  block
    for $kv
      map @m
      block
        call print
          field .0
            variable $kv
        call print
          field .1
            variable $kv
    for-range $i
      int 0
      int 10
      block
        assign +=
          map @s
          variable $i
)AST"},
    {"return_and_empty_statements", R"SRC(BEGIN { ;; return; } END { })SRC",
     R"AST(probe
  attach BEGIN
  block
    return
probe
  attach END
  block
)AST"},
    {"config_block",
     R"SRC(config = { max_map_keys = 8192; stack_mode = perf; str_trunc_trailer = ".."; print_maps_on_exit = false; }
BEGIN { })SRC",
     R"AST(config
  entry max_map_keys
    int 8192
  entry stack_mode
    ident perf
  entry str_trunc_trailer
    string ".."
  entry print_maps_on_exit
    bool false
probe
  attach BEGIN
  block
)AST"},
    {"macros",
     R"SRC(macro add_one(x) { x + 1 }
macro bump($v, @m) { $v += 1; @m += 1; }
macro one() { 1 }
begin { $a = 1; bump($a, @c); print(add_one($a)); print(one()); })SRC",
     R"AST(macro add_one(x)
  block
    value
      binary +
        ident x
        int 1
macro bump($v, @m)
  block
    assign +=
      variable $v
      int 1
    assign +=
      map @m
      int 1
macro one()
  block
    value
      int 1
probe
  attach BEGIN
  block
    assign =
      variable $a
      int 1
    call bump
      variable $a
      map @c
    call print
      call add_one
        variable $a
    call print
      call one
)AST"},
    {"delete_forms_and_map_functions",
     R"SRC(BEGIN { delete(@m[1]); delete(@m, 1); clear(@m); zero(@m); print(@m, 10, 2); $h = has_key(@m, 2); $l = len(@m); })SRC",
     R"AST(probe
  attach BEGIN
  block
    call delete
      map @m
        int 1
    call delete
      map @m
      int 1
    call clear
      map @m
    call zero
      map @m
    call print
      map @m
      int 10
      int 2
    assign =
      variable $h
      call has_key
        map @m
        int 2
    assign =
      variable $l
      call len
        map @m
)AST"},
    {"discard_assignment", R"SRC(BEGIN { _ = 1; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      ident _
      int 1
)AST"},
    {"builtins_are_identifiers_and_may_be_called",
     R"SRC(BEGIN { printf("%d %s %d\n", pid, comm(), nsecs); @[kstack(perf, 3)] = count(); })SRC",
     R"AST(probe
  attach BEGIN
  block
    call printf
      string "%d %s %d\n"
      ident pid
      call comm
      ident nsecs
    assign =
      map @
        call kstack
          ident perf
          int 3
      call count
)AST"},
    {"positional_parameters", R"SRC(BEGIN { printf("%d %s %d\n", $1, str($2), $#); })SRC",
     R"AST(probe
  attach BEGIN
  block
    call printf
      string "%d %s %d\n"
      positional $1
      call str
        positional $2
      positional-count $#
)AST"},
    {"aggregations",
     R"SRC(BEGIN { @c = count(); @s = sum(5); @a = avg(5); @mn = min(1); @mx = max(9); @st = stats(3); @h = hist(10); @h2 = hist(10, 2); @l = lhist(5, 0, 100, 10); })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      map @c
      call count
    assign =
      map @s
      call sum
        int 5
    assign =
      map @a
      call avg
        int 5
    assign =
      map @mn
      call min
        int 1
    assign =
      map @mx
      call max
        int 9
    assign =
      map @st
      call stats
        int 3
    assign =
      map @h
      call hist
        int 10
    assign =
      map @h2
      call hist
        int 10
        int 2
    assign =
      map @l
      call lhist
        int 5
        int 0
        int 100
        int 10
)AST"},
    {"address_of_and_deref_of_maps", R"SRC(BEGIN { $p = &@m; $q = *$p; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $p
      unary &
        map @m
    assign =
      variable $q
      unary *
        variable $p
)AST"},
    {"shebang_line_is_ignored", "#!/usr/bin/env sonde\nBEGIN { exit(); }\n",
     R"AST(probe
  attach BEGIN
  block
    call exit
)AST"},
    {"crlf_line_endings", "BEGIN {\r\n  @x = 1;\r\n}\r\n",
     R"AST(probe
  attach BEGIN
  block
    assign =
      map @x
      int 1
)AST"},
};

class AstTest : public testing::TestWithParam<AstCase> {};

TEST_P(AstTest, PrintsExpectedTree) {
  expect_ast(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Constructs, AstTest, testing::ValuesIn(kAstCases), ast_case_name);

TEST(AstLocations, AreExactOneBasedAndEndExclusive) {
  ParseOutcome outcome = parse_text("BEGIN {\n  @x[pid] = 1 + 22;\n}", true);
  ASSERT_TRUE(outcome.ok) << outcome.diagnostics;
  EXPECT_EQ(outcome.ast, R"(probe @stdin:1:1-6
  attach BEGIN @stdin:1:1-6
  block @stdin:1:7-3:2
    assign = @stdin:2:3-19
      map @x @stdin:2:3-10
        ident pid @stdin:2:6-9
      binary + @stdin:2:13-19
        int 1 @stdin:2:13-14
        int 22 @stdin:2:17-19
)");
}

TEST(AstLocations, ParenthesesBelongToTheExpression) {
  ParseOutcome outcome = parse_text("BEGIN { $a = (1 + 2) * 3; }", true);
  ASSERT_TRUE(outcome.ok) << outcome.diagnostics;
  EXPECT_NE(outcome.ast.find("binary + @stdin:1:14-21"), std::string::npos) << outcome.ast;
  EXPECT_NE(outcome.ast.find("binary * @stdin:1:14-25"), std::string::npos) << outcome.ast;
}

} // namespace
} // namespace sonde::test
