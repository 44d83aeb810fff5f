// One row per construct of the language: source -> AST text (see
// compiler/ast/printer.h for the format).
#include "parse_helpers.h"

#include <gtest/gtest.h>

namespace sonde::test {
namespace {

struct AstCase {
  const char* name;
  const char* source;
  const char* expected_ast;
};

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
    {"integer_literal_forms",
     R"SRC(BEGIN { printf("%d %d %d %d %d %d\n", 0x10, 010, 1_000_000, 1e3, 5UL, 18446744073709551615); })SRC",
     R"AST(probe
  attach BEGIN
  block
    call printf
      string "%d %d %d %d %d %d\n"
      int 16
      int 8
      int 1000000
      int 1000
      int 5 unsigned
      int 18446744073709551615 unsigned
)AST"},
    {"duration_literals_in_nanoseconds",
     R"SRC(BEGIN { @a = 100ms; @b = 1s; @c = 5us; @d = 10ns; @e = 2m; @f = 1h; @g = 1d; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      map @a
      int 100000000
    assign =
      map @b
      int 1000000000
    assign =
      map @c
      int 5000
    assign =
      map @d
      int 10
    assign =
      map @e
      int 120000000000
    assign =
      map @f
      int 3600000000000
    assign =
      map @g
      int 86400000000000
)AST"},
    {"booleans", R"SRC(BEGIN { $t = true; $f = false; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $t
      bool true
    assign =
      variable $f
      bool false
)AST"},
    {"string_escapes",
     R"SRC(BEGIN { printf("tab[\t] quote[\"] backslash[\\] oct[\101] hex[\x42] nl\n"); })SRC",
     R"AST(probe
  attach BEGIN
  block
    call printf
      string "tab[\t] quote[\"] backslash[\\] oct[A] hex[B] nl\n"
)AST"},
    {"tuples",
     R"SRC(BEGIN { $a = (1, "two", (3, 4)); $e = (); $s = (1,); @t = (5, "six"); print($a.0); print($a.2.1); })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $a
      tuple
        int 1
        string "two"
        tuple
          int 3
          int 4
    assign =
      variable $e
      tuple
    assign =
      variable $s
      tuple
        int 1
    assign =
      map @t
      tuple
        int 5
        string "six"
    call print
      field .0
        variable $a
    call print
      field .1
        field .2
          variable $a
)AST"},
    {"records", R"SRC(BEGIN { $r = (color = "green", size = 2); print($r.color); })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $r
      record
        field-init color
          string "green"
        field-init size
          int 2
    call print
      field .color
        variable $r
)AST"},
    {"casts_to_builtin_and_struct_types",
     R"SRC(BEGIN { $a = (uint32)300; $b = (int8)-1; $c = (struct task_struct *)curtask; $d = (union u *)0; $e = (enum e)1; $f = (uint8[8])$a; $g = (u32)arg0; $h = (pid_t *)$c; $i = (void *)0; $j = (bool)1; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $a
      cast uint32
        int 300
    assign =
      variable $b
      cast int8
        unary -
          int 1
    assign =
      variable $c
      cast struct task_struct *
        ident curtask
    assign =
      variable $d
      cast union u *
        int 0
    assign =
      variable $e
      cast enum e
        int 1
    assign =
      variable $f
      cast uint8[8]
        variable $a
    assign =
      variable $g
      cast u32
        ident arg0
    assign =
      variable $h
      cast pid_t *
        variable $c
    assign =
      variable $i
      cast void *
        int 0
    assign =
      variable $j
      cast bool
        int 1
)AST"},
    {"let_declarations",
     R"SRC(BEGIN { let $a; let $b = 1; let $c: uint8 = 7; let $s: string[16]; let $t: typeof($b) = 2; let $p: struct task_struct **; })SRC",
     R"AST(probe
  attach BEGIN
  block
    let $a
    let $b
      int 1
    let $c: uint8
      int 7
    let $s: string[16]
    let $t: typeof(expr)
      int 2
    let $p: struct task_struct **
)AST"},
    {"scratch_variables_and_compound_assignment",
     R"SRC(BEGIN { $x = 1; $x += 2; $x -= 1; $x *= 3; $x /= 2; $x %= 5; $x &= 7; $x |= 8; $x ^= 1; $x <<= 2; $x >>= 1; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $x
      int 1
    assign +=
      variable $x
      int 2
    assign -=
      variable $x
      int 1
    assign *=
      variable $x
      int 3
    assign /=
      variable $x
      int 2
    assign %=
      variable $x
      int 5
    assign &=
      variable $x
      int 7
    assign |=
      variable $x
      int 8
    assign ^=
      variable $x
      int 1
    assign <<=
      variable $x
      int 2
    assign >>=
      variable $x
      int 1
)AST"},
    {"maps_scalar_keyed_multikey_tuple_key",
     R"SRC(BEGIN { @ = 1; @s = 2; @m[1] = 3; @mk[pid, comm] = 4; @tk[(1, 2)] = 5; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      map @
      int 1
    assign =
      map @s
      int 2
    assign =
      map @m
        int 1
      int 3
    assign =
      map @mk
        ident pid
        ident comm
      int 4
    assign =
      map @tk
        tuple
          int 1
          int 2
      int 5
)AST"},
    {"map_declarations",
     R"SRC(let @a = hash(10);
let @b = lruhash(100);
let @c = percpuhash(5);
let @d = percpulruhash(7);
BEGIN { @a[1] = 1; })SRC",
     R"AST(map-decl @a hash
  int 10
map-decl @b lruhash
  int 100
map-decl @c percpuhash
  int 5
map-decl @d percpulruhash
  int 7
probe
  attach BEGIN
  block
    assign =
      map @a
        int 1
      int 1
)AST"},
    {"increment_and_decrement", R"SRC(BEGIN { @c++; ++@c; @c--; --@c; $i = 0; $i++; })SRC",
     R"AST(probe
  attach BEGIN
  block
    unary ++ (postfix)
      map @c
    unary ++ (prefix)
      map @c
    unary -- (postfix)
      map @c
    unary -- (prefix)
      map @c
    assign =
      variable $i
      int 0
    unary ++ (postfix)
      variable $i
)AST"},
    {"operator_precedence_is_c",
     R"SRC(BEGIN { $x = 1 + 2 * 3 << 1 & 0xff | 4 ^ 2 == 3 && !0 || ~1; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $x
      binary ||
        binary &&
          binary |
            binary &
              binary <<
                binary +
                  int 1
                  binary *
                    int 2
                    int 3
                int 1
              int 255
            binary ^
              int 4
              binary ==
                int 2
                int 3
          unary !
            int 0
        unary ~
          int 1
)AST"},
    {"relational_precedence_and_associativity",
     R"SRC(BEGIN { $x = 10 - 4 - 3; $y = 100 / 10 / 5; $z = 1 < 2 == 3 > 4; $w = a <= b != c >= d; $v = 8 % 3 * 2; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $x
      binary -
        binary -
          int 10
          int 4
        int 3
    assign =
      variable $y
      binary /
        binary /
          int 100
          int 10
        int 5
    assign =
      variable $z
      binary ==
        binary <
          int 1
          int 2
        binary >
          int 3
          int 4
    assign =
      variable $w
      binary !=
        binary <=
          ident a
          ident b
        binary >=
          ident c
          ident d
    assign =
      variable $v
      binary *
        binary %
          int 8
          int 3
        int 2
)AST"},
    {"unary_operators",
     R"SRC(BEGIN { $a = -1; $b = !$a; $c = ~$a; $d = *$p; $e = &$a; $f = - -$a; $g = +3; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $a
      unary -
        int 1
    assign =
      variable $b
      unary !
        variable $a
    assign =
      variable $c
      unary ~
        variable $a
    assign =
      variable $d
      unary *
        variable $p
    assign =
      variable $e
      unary &
        variable $a
    assign =
      variable $f
      unary -
        unary -
          variable $a
    assign =
      variable $g
      unary +
        int 3
)AST"},
    {"ternaries_nest_to_the_right", R"SRC(BEGIN { $x = $a ? 1 : $b ? 2 : 3; $y = $a ?: 5; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $x
      ternary
        variable $a
        int 1
        ternary
          variable $b
          int 2
          int 3
    assign =
      variable $y
      ternary ?:
        variable $a
        int 5
)AST"},
    {"field_access_arrow_dot_index",
     R"SRC(tracepoint:syscalls:sys_enter_execve { printf("%s\n", str(args->argv[0])); $n = args.filename; $p = curtask->real_parent->pid; $c = curtask.comm[0]; })SRC",
     R"AST(probe
  attach tracepoint:syscalls:sys_enter_execve
  block
    call printf
      string "%s\n"
      call str
        index
          field ->argv
            ident args
          int 0
    assign =
      variable $n
      field .filename
        ident args
    assign =
      variable $p
      field ->pid
        field ->real_parent
          ident curtask
    assign =
      variable $c
      index
        field .comm
          ident curtask
        int 0
)AST"},
    {"field_names_may_be_keywords",
     R"SRC(BEGIN { $a = $s->if; $b = $s.string; $c = $s.config; })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $a
      field ->if
        variable $s
    assign =
      variable $b
      field .string
        variable $s
    assign =
      variable $c
      field .config
        variable $s
)AST"},
    {"sizeof_and_offsetof",
     R"SRC(BEGIN { $a = sizeof(struct task_struct); $b = sizeof($x); $c = sizeof(uint32); $d = offsetof(struct task_struct, pid); $e = offsetof(struct sk_buff, head.next); })SRC",
     R"AST(probe
  attach BEGIN
  block
    assign =
      variable $a
      sizeof struct task_struct
    assign =
      variable $b
      sizeof
        variable $x
    assign =
      variable $c
      sizeof uint32
    assign =
      variable $d
      offsetof struct task_struct .pid
    assign =
      variable $e
      offsetof struct sk_buff .head.next
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
  const AstCase& c = GetParam();
  ParseOutcome outcome = parse_text(c.source);
  ASSERT_TRUE(outcome.ok) << outcome.diagnostics;
  EXPECT_EQ(outcome.diagnostics, "");
  EXPECT_EQ(outcome.ast, c.expected_ast);
}

INSTANTIATE_TEST_SUITE_P(Constructs, AstTest, testing::ValuesIn(kAstCases),
                         [](const testing::TestParamInfo<AstCase>& row) {
                           return std::string(row.param.name);
                         });

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
