// One row per kind of expression: literals, tuples, records, casts,
// variables, maps, operators and field access -> AST text (see
// compiler/ast/printer.h for the format).
#include "parse_helpers.h"

#include <gtest/gtest.h>

namespace sonde::test {
namespace {

const AstCase kExpressionCases[] = {
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
};

class ExpressionAstTest : public testing::TestWithParam<AstCase> {};

TEST_P(ExpressionAstTest, PrintsExpectedTree) {
  expect_ast(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Constructs, ExpressionAstTest, testing::ValuesIn(kExpressionCases),
                         ast_case_name);

} // namespace
} // namespace sonde::test
