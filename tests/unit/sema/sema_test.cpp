// Semantic errors: one row per mistake a user can make, with the exact
// located message and hint.
#include "compiler/kernel/kernel.h"
#include "compiler/sema/sema.h"
#include "grammar/parse.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sonde::test {
namespace {

struct Checked {
  bool ok = false;
  std::string diagnostics;
  sema::Result result;
};

Checked check(const std::string& source, std::vector<std::string> params = {}) {
  ast::SourceFiles files;
  uint32_t file = files.add("stdin", source);
  ast::Diagnostics diags;
  Checked checked;
  auto program = grammar::parse(file, files, {}, diags);
  if (program) {
    static kernel::Kernel kernel;
    sema::Options options;
    options.params = std::move(params);
    checked.ok = sema::analyse(*program, kernel, options, diags, checked.result);
  }
  std::ostringstream text;
  diags.print(text, files);
  checked.diagnostics = text.str();
  return checked;
}

struct ErrorCase {
  const char* name;
  const char* source;
  const char* expected;
};

const ErrorCase kErrorCases[] = {
    {"unknown_function", R"SRC(BEGIN { foo(1); })SRC",
     R"ERR(stdin:1:9-12: ERROR: Unknown function: foo
BEGIN { foo(1); }
        ~~~
HINT: man sonde lists the functions
)ERR"},
    {"misspelt_function", R"SRC(BEGIN { prinft("x"); })SRC",
     R"ERR(stdin:1:9-15: ERROR: Unknown function: prinft
BEGIN { prinft("x"); }
        ~~~~~~
HINT: did you mean 'print'?
)ERR"},
    {"hist_of_a_string", R"SRC(BEGIN { @h = hist("abc"); })SRC",
     R"ERR(stdin:1:14-25: ERROR: hist() only supports integer arguments (string provided)
BEGIN { @h = hist("abc"); }
             ~~~~~~~~~~~
HINT: aggregate a number, e.g. a size or a latency
)ERR"},
    {"printf_type_mismatch", R"SRC(BEGIN { printf("%d\n", "abc"); })SRC",
     R"ERR(stdin:1:9-30: ERROR: printf: %d specifier expects a value of type integer (string supplied)
BEGIN { printf("%d\n", "abc"); }
        ~~~~~~~~~~~~~~~~~~~~~
HINT: %d %u %x print integers, %s strings, %r buffers
)ERR"},
    {"printf_too_few_arguments", R"SRC(BEGIN { printf("%d %d\n", 1); })SRC",
     R"ERR(stdin:1:9-29: ERROR: printf: Not enough arguments for format string (2 expected, 1 given)
BEGIN { printf("%d %d\n", 1); }
        ~~~~~~~~~~~~~~~~~~~~
HINT: each argument needs a conversion such as %d or %s in the format
)ERR"},
    {"printf_bad_conversion", R"SRC(BEGIN { printf("%q\n", 1); })SRC",
     R"ERR(stdin:1:16-22: ERROR: printf: invalid conversion specifier '%q'
BEGIN { printf("%q\n", 1); }
               ~~~~~~
HINT: use %% for a literal '%'
)ERR"},
    {"too_many_arguments", R"SRC(BEGIN { $x = str(1, 2, 3); })SRC",
     R"ERR(stdin:1:14-26: ERROR: str() takes up to 2 arguments (3 provided)
BEGIN { $x = str(1, 2, 3); }
             ~~~~~~~~~~~~
HINT: see man sonde for its arguments
)ERR"},
    {"undefined_variable", R"SRC(BEGIN { print($y); })SRC",
     R"ERR(stdin:1:15-17: ERROR: Undefined or undeclared variable: $y
BEGIN { print($y); }
              ~~
HINT: assign it first: $y = ...;
)ERR"},
    {"map_value_type_mismatch", R"SRC(BEGIN { @x = 1; @x = "str"; })SRC",
     R"ERR(stdin:1:17-27: ERROR: Type mismatch for @x: trying to assign value of type 'string[4]' when map already contains a value of type 'int64'
BEGIN { @x = 1; @x = "str"; }
                ~~~~~~~~~~
HINT: a map keeps the type of its first assignment; use another map for the other type
)ERR"},
    {"map_key_mismatch", R"SRC(BEGIN { @x[1] = 1; @x["a"] = 2; })SRC",
     R"ERR(stdin:1:20-27: ERROR: Argument mismatch for @x: trying to access with arguments: [string[2]] when map expects arguments: [int64]
BEGIN { @x[1] = 1; @x["a"] = 2; }
                   ~~~~~~~
HINT: use the same key types everywhere
)ERR"},
    {"unsafe_function", R"SRC(BEGIN { system("ls"); })SRC",
     R"ERR(stdin:1:9-21: ERROR: system() is an unsafe function being used in safe mode
BEGIN { system("ls"); }
        ~~~~~~~~~~~~
HINT: run sonde with --unsafe to allow it
)ERR"},
    {"arg_in_tracepoint", R"SRC(tracepoint:syscalls:sys_enter_openat { printf("%d\n", arg0); })SRC",
     R"ERR(stdin:1:55-59: ERROR: The arg0 builtin can only be used with rawtracepoint, kprobe, uprobe and usdt probes
tracepoint:syscalls:sys_enter_openat { printf("%d\n", arg0); }
                                                      ~~~~
HINT: use args.FIELD for tracepoint arguments
)ERR"},
    {"unknown_tracepoint", R"SRC(tracepoint:nosuch:event { exit(); })SRC",
     R"ERR(stdin:1:1-24: ERROR: tracepoint not found: nosuch:event
tracepoint:nosuch:event { exit(); }
~~~~~~~~~~~~~~~~~~~~~~~
HINT: there is no tracepoint category 'nosuch'; list them with: sonde -l 'tracepoint:*'
)ERR"},
    {"misspelt_tracepoint", R"SRC(tracepoint:syscalls:sys_enter_opnat { exit(); })SRC",
     R"ERR(stdin:1:1-36: ERROR: tracepoint not found: syscalls:sys_enter_opnat
tracepoint:syscalls:sys_enter_opnat { exit(); }
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
HINT: did you mean tracepoint:syscalls:sys_enter_openat?
)ERR"},
    {"unknown_tracepoint_wildcard", R"SRC(tracepoint:syscalls:sys_enter_nosuch* { exit(); })SRC",
     R"ERR(stdin:1:1-38: ERROR: tracepoints not found: syscalls:sys_enter_nosuch*
tracepoint:syscalls:sys_enter_nosuch* { exit(); }
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
HINT: list the tracepoints with: sonde -l 'tracepoint:syscalls:*'
)ERR"},
    {"unknown_tracepoint_field",
     R"SRC(tracepoint:syscalls:sys_enter_openat { printf("%d\n", args->nosuchfield); })SRC",
     R"ERR(stdin:1:55-72: ERROR: Struct/union of type 'struct _tracepoint_syscalls_sys_enter_openat' does not contain a field named 'nosuchfield'
tracepoint:syscalls:sys_enter_openat { printf("%d\n", args->nosuchfield); }
                                                      ~~~~~~~~~~~~~~~~~
HINT: list the fields with: sonde -lv 'tracepoint:syscalls:sys_enter_openat'
)ERR"},
    {"misspelt_tracepoint_field",
     R"SRC(tracepoint:syscalls:sys_enter_openat { printf("%d\n", args->flag); })SRC",
     R"ERR(stdin:1:55-65: ERROR: Struct/union of type 'struct _tracepoint_syscalls_sys_enter_openat' does not contain a field named 'flag'
tracepoint:syscalls:sys_enter_openat { printf("%d\n", args->flag); }
                                                      ~~~~~~~~~~
HINT: did you mean 'flags'?
)ERR"},
    {"misspelt_builtin", R"SRC(BEGIN { @x = pidd; })SRC",
     R"ERR(stdin:1:14-18: ERROR: Unknown identifier: 'pidd'
BEGIN { @x = pidd; }
             ~~~~
HINT: did you mean 'pid'?
)ERR"},
    {"aggregation_not_assigned", R"SRC(BEGIN { count(); })SRC",
     R"ERR(stdin:1:9-16: ERROR: count() should be assigned to a map
BEGIN { count(); }
        ~~~~~~~
HINT: write @name = count(...);
)ERR"},
    {"constant_division_by_zero", R"SRC(BEGIN { @x = 5 / 0; })SRC",
     R"ERR(stdin:1:14-19: ERROR: division by zero: the right side of '/' is 0
BEGIN { @x = 5 / 0; }
             ~~~~~
HINT: the divisor is always 0 here; check the constant
)ERR"},
    {"lhist_needs_constants", R"SRC(BEGIN { $a = 1; @l = lhist(5, $a, 100, 10); })SRC",
     R"ERR(stdin:1:22-43: ERROR: lhist() min, max and step must be constants
BEGIN { $a = 1; @l = lhist(5, $a, 100, 10); }
                     ~~~~~~~~~~~~~~~~~~~~~
HINT: for example lhist($ms, 0, 100, 10)
)ERR"},
    {"unroll_out_of_range", R"SRC(BEGIN { unroll(101) { @x++; } })SRC",
     R"ERR(stdin:1:16-19: ERROR: unroll count must be between 1 and 100, not 101
BEGIN { unroll(101) { @x++; } }
               ~~~
HINT: use a while loop for more iterations
)ERR"},
    {"break_outside_a_loop", R"SRC(BEGIN { break; })SRC",
     R"ERR(stdin:1:9-14: ERROR: break can only be used in a loop
BEGIN { break; }
        ~~~~~
HINT: use return to leave the probe
)ERR"},
    {"undefined_map", R"SRC(BEGIN { print(@nothere); })SRC",
     R"ERR(stdin:1:15-23: ERROR: Undefined map: @nothere
BEGIN { print(@nothere); }
              ~~~~~~~~
HINT: assign to @nothere somewhere in the script before reading it
)ERR"},
    {"retval_in_tracepoint", R"SRC(tracepoint:syscalls:sys_exit_openat { @ = retval; })SRC",
     R"ERR(stdin:1:43-49: ERROR: The retval builtin can only be used with kretprobe, uretprobe and fexit probes, not tracepoint
tracepoint:syscalls:sys_exit_openat { @ = retval; }
                                          ~~~~~~
HINT: move it into a probe of one of those kinds
stdin:1:43-49: ERROR: a value of type void cannot be stored in a map
tracepoint:syscalls:sys_exit_openat { @ = retval; }
                                          ~~~~~~
HINT: store an integer, a string or a tuple of them
stdin:1:39-40: ERROR: Undefined map: @
tracepoint:syscalls:sys_exit_openat { @ = retval; }
                                      ~
HINT: assign to @ somewhere in the script before reading it
)ERR"},
    {"args_in_begin", R"SRC(BEGIN { @ = args->x; })SRC",
     R"ERR(stdin:1:13-17: ERROR: The args builtin can only be used with tracepoint, rawtracepoint, fentry, fexit and uprobe probes, not BEGIN
BEGIN { @ = args->x; }
            ~~~~
HINT: move it into a probe of one of those kinds
)ERR"},
    {"aggregation_read_in_expression", R"SRC(BEGIN { @c = count(); @d = @c + 1; })SRC",
     R"ERR(stdin:1:28-30: ERROR: the value of @c (a count() map) cannot be read in an expression
BEGIN { @c = count(); @d = @c + 1; }
                           ~~
HINT: print it with print(@c)
)ERR"},
    {"string_arithmetic", R"SRC(BEGIN { @x = comm + 1; })SRC",
     R"ERR(stdin:1:19-20: ERROR: Type mismatch for '+': operating on 'string[16]' and 'int64'
BEGIN { @x = comm + 1; }
                  ~
HINT: arithmetic works on integers
)ERR"},
    {"interval_unit", R"SRC(interval:weeks:1 { exit(); })SRC",
     R"ERR(stdin:1:1-17: ERROR: invalid interval probe 'interval:weeks:1': unknown time unit 'weeks'
interval:weeks:1 { exit(); }
~~~~~~~~~~~~~~~~
HINT: the form is interval:s|ms|us|hz:N or interval:DURATION
)ERR"},
    {"unsupported_probe_kind", R"SRC(usdt:/bin/true:probe { exit(); })SRC",
     R"ERR(stdin:1:1-21: ERROR: usdt probes are not supported by this version of sonde yet
usdt:/bin/true:probe { exit(); }
~~~~~~~~~~~~~~~~~~~~
HINT: supported probe types: BEGIN, END, tracepoint, rawtracepoint, interval, profile, software, hardware, uprobe, uretprobe, kprobe, kretprobe
)ERR"},
};

class SemaErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(SemaErrorTest, IsLocatedAndExplained) {
  const ErrorCase& c = GetParam();
  Checked checked = check(c.source);
  EXPECT_FALSE(checked.ok);
  EXPECT_EQ(checked.diagnostics, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Errors, SemaErrorTest, testing::ValuesIn(kErrorCases),
                         [](const testing::TestParamInfo<ErrorCase>& row) {
                           return std::string(row.param.name);
                         });

TEST(Sema, PositionalUsedNumericallyButGivenText) {
  Checked checked = check("BEGIN { @x = $1; }", {"hello"});
  EXPECT_FALSE(checked.ok);
  EXPECT_EQ(checked.diagnostics,
            "stdin:1:14-16: ERROR: $1 used numerically but given \"hello\". Try using str($1).\n"
            "BEGIN { @x = $1; }\n"
            "             ~~\n"
            "HINT: positional parameters that are not numbers are read with str($N)\n");
}

TEST(Sema, MissingPositionalIsZeroAndStrOfTextIsFine) {
  EXPECT_TRUE(check("BEGIN { @x = $2; printf(\"%s\\n\", str($1)); }", {"hello"}).ok);
}

TEST(Sema, MapTypesComeFromEveryProbe) {
  // @total is read in END before the tracepoint that writes it is checked.
  Checked checked =
      check("END { printf(\"%d\\n\", @total); } "
            "tracepoint:syscalls:sys_enter_read { @total = 1; @by[comm, pid] = count(); "
            "@h = hist(args->count); @l = lhist(args->count, 0, 1000, 100); }");
  ASSERT_TRUE(checked.ok) << checked.diagnostics;
  const auto& maps = checked.result.maps;
  ASSERT_EQ(maps.size(), 4u);
  const sema::MapSymbol& by = maps[checked.result.map_index.at("@by")];
  EXPECT_EQ(by.aggregation, bundle::Aggregation::Count);
  ASSERT_TRUE(by.key);
  EXPECT_EQ(by.key->to_string(), "(string[16],uint64)");
  const sema::MapSymbol& l = maps[checked.result.map_index.at("@l")];
  EXPECT_EQ(l.aggregation, bundle::Aggregation::Lhist);
  EXPECT_EQ(l.lhist_max, 1000);
  EXPECT_EQ(l.lhist_step, 100);
  EXPECT_EQ(maps[checked.result.map_index.at("@total")].value->to_string(), "int64");
}

TEST(Sema, StringMapValuesTakeTheLargestCapacity) {
  Checked checked = check("BEGIN { @s = \"ab\"; @s = comm; }");
  ASSERT_TRUE(checked.ok) << checked.diagnostics;
  EXPECT_EQ(checked.result.maps[0].value->to_string(), "string[16]");
}

TEST(Sema, WildcardsExpandToOneProbeWithManyTargets) {
  Checked checked = check("tracepoint:syscalls:sys_enter_* { @[probe] = count(); } BEGIN { }");
  ASSERT_TRUE(checked.ok) << checked.diagnostics;
  ASSERT_EQ(checked.result.probes.size(), 2u);
  EXPECT_GT(checked.result.probes[0].targets.size(), 300u);
  EXPECT_EQ(checked.result.attach_point_count, checked.result.probes[0].targets.size() + 1);
  EXPECT_EQ(checked.result.probe_names[checked.result.probes[0].targets[5].cookie],
            checked.result.probes[0].names[5]);
}

TEST(Sema, TracepointArgsHaveFormatTypes) {
  Checked checked =
      check("tracepoint:syscalls:sys_enter_openat { @[str(args->filename)] = sum(args->flags); }");
  ASSERT_TRUE(checked.ok) << checked.diagnostics;
  const sema::ProbeInfo& probe = checked.result.probes[0];
  ASSERT_TRUE(probe.args_type);
  const ast::TypeField* filename = probe.args_type->element->field("filename");
  ASSERT_NE(filename, nullptr);
  EXPECT_EQ(filename->type->kind, ast::TypeKind::Pointer);
  EXPECT_TRUE(filename->type->user);
  EXPECT_EQ(filename->offset, 24u);
}

TEST(Sema, KernelStructFieldsComeFromBtf) {
  Checked checked = check("BEGIN { @p = curtask->real_parent->pid; @c[curtask->comm] = count(); "
                          "$t = (struct task_struct *)curtask; @v = $t->se.vruntime; }");
  ASSERT_TRUE(checked.ok) << checked.diagnostics;
  const auto& maps = checked.result.maps;
  EXPECT_EQ(maps[checked.result.map_index.at("@c")].key->to_string(), "string[16]");
}

TEST(Sema, MisspeltKernelFieldIsSuggested) {
  Checked checked = check("BEGIN { @x = curtask->pidd; }");
  EXPECT_FALSE(checked.ok);
  EXPECT_EQ(
      checked.diagnostics,
      "stdin:1:14-27: ERROR: Struct/union of type 'struct task_struct' does not contain a field "
      "named 'pidd'\nBEGIN { @x = curtask->pidd; }\n             ~~~~~~~~~~~~~\nHINT: did you mean "
      "'pid'?\n");
}

TEST(Sema, UnknownStructInACast) {
  Checked checked = check("BEGIN { $t = (struct no_such_thing *)0; }");
  EXPECT_FALSE(checked.ok);
  EXPECT_NE(checked.diagnostics.find("unknown type 'struct no_such_thing *' in a cast"),
            std::string::npos)
      << checked.diagnostics;
}

TEST(Sema, SiblingBlocksMayGiveAVariableDifferentTypes) {
  EXPECT_TRUE(check("BEGIN { if (1) { $x = 1; } else { $x = \"s\"; } }").ok);
  Checked nested = check("BEGIN { $x = 1; if (1) { $x = \"s\"; } }");
  EXPECT_FALSE(nested.ok);
  EXPECT_NE(nested.diagnostics.find("Type mismatch for $x"), std::string::npos)
      << nested.diagnostics;
}

TEST(Sema, AProgramWithoutProbesIsAnError) {
  Checked checked = check("struct X { int a; }");
  EXPECT_FALSE(checked.ok);
  EXPECT_NE(checked.diagnostics.find("ERROR: the script has no probes"), std::string::npos);
}

} // namespace
} // namespace sonde::test
