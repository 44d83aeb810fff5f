// One row per syntax error: source -> the exact diagnostics the user sees.
#include "parse_helpers.h"

#include <gtest/gtest.h>

namespace sonde::test {
namespace {

struct ErrorCase {
  const char* name;
  const char* source;
  const char* expected;
};

const ErrorCase kErrorCases[] = {
    {"unexpected_end_of_file", R"SRC(BEGIN { printf("hi\n") )SRC",
     R"ERR(stdin:1:24-24: ERROR: syntax error, unexpected end of file, expecting }
BEGIN { printf("hi\n") 
                       
HINT: the program ends inside a block: close it with }
)ERR"},
    {"unexpected_semicolon", R"SRC(BEGIN { @x = 1 +; })SRC",
     R"ERR(stdin:1:17-18: ERROR: syntax error, unexpected ;
BEGIN { @x = 1 +; }
                ~
HINT: an expression is missing before ';'
)ERR"},
    {"error_on_a_later_line",
     R"SRC(BEGIN { printf("%d\n", 1 +
2 * ); })SRC",
     R"ERR(stdin:2:5-6: ERROR: syntax error, unexpected )
2 * ); }
    ~
HINT: an expression is missing before ')'
)ERR"},
    {"missing_closing_parenthesis", R"SRC(BEGIN { printf("%d\n", 1; })SRC",
     R"ERR(stdin:1:25-26: ERROR: syntax error, unexpected ;, expecting )
BEGIN { printf("%d\n", 1; }
                        ~
HINT: a ( is not closed; add )
)ERR"},
    {"statements_need_separators", R"SRC(BEGIN { @x = 1 @y = 2 })SRC",
     R"ERR(stdin:1:16-18: ERROR: syntax error, unexpected map, expecting }
BEGIN { @x = 1 @y = 2 }
               ~~
HINT: end each statement with ;
)ERR"},
    {"unknown_probe_type", R"SRC(nosuchprobe:foo { exit(); })SRC",
     R"ERR(stdin:1:1-16: ERROR: unknown probe type 'nosuchprobe'
nosuchprobe:foo { exit(); }
~~~~~~~~~~~~~~~
HINT: probe types are BEGIN, END, tracepoint, rawtracepoint, kprobe, kretprobe, uprobe, uretprobe, usdt, profile, interval, software, hardware, watchpoint, fentry, fexit and iter
)ERR"},
    {"misspelt_probe_type", R"SRC(tracepiont:syscalls:sys_enter_read { })SRC",
     R"ERR(stdin:1:1-35: ERROR: unknown probe type 'tracepiont'
tracepiont:syscalls:sys_enter_read { }
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
HINT: did you mean 'tracepoint'?
)ERR"},
    {"too_few_fields", R"SRC(tracepoint:sched { })SRC",
     R"ERR(stdin:1:1-17: ERROR: tracepoint probe 'tracepoint:sched' has 1 field after the probe type, expected 2 fields
tracepoint:sched { }
~~~~~~~~~~~~~~~~
HINT: the form is tracepoint:CATEGORY:EVENT
)ERR"},
    {"begin_takes_no_fields", R"SRC(BEGIN:x { })SRC",
     R"ERR(stdin:1:1-8: ERROR: BEGIN takes no arguments, but 'BEGIN:x' has 1 field
BEGIN:x { }
~~~~~~~
HINT: the form is BEGIN
)ERR"},
    {"empty_field", R"SRC(tracepoint::sched_switch { })SRC",
     R"ERR(stdin:1:1-25: ERROR: attach point 'tracepoint::sched_switch' has an empty field 1
tracepoint::sched_switch { }
~~~~~~~~~~~~~~~~~~~~~~~~
HINT: the form is tracepoint:CATEGORY:EVENT
)ERR"},
    {"watchpoint_needs_three_fields", R"SRC(watchpoint:0x1000:8 { })SRC",
     R"ERR(stdin:1:1-20: ERROR: watchpoint probe 'watchpoint:0x1000:8' has 2 fields after the probe type, expected 3 fields
watchpoint:0x1000:8 { }
~~~~~~~~~~~~~~~~~~~
HINT: the form is watchpoint:ADDRESS:LENGTH:MODE
)ERR"},
    {"unterminated_string", R"SRC(BEGIN { printf("abc); })SRC",
     R"ERR(stdin:1:16-24: ERROR: unterminated string
BEGIN { printf("abc); }
               ~~~~~~~~
HINT: close the string with " on the same line
stdin:1:24-24: ERROR: syntax error, unexpected end of file, expecting )
BEGIN { printf("abc); }
                       
HINT: a ( is not closed; add )
)ERR"},
    {"unterminated_string_at_end_of_file", R"SRC(BEGIN { printf("abc)SRC",
     R"ERR(stdin:1:16-20: ERROR: unterminated string
BEGIN { printf("abc
               ~~~~
HINT: close the string with " on the same line
stdin:1:20-20: ERROR: syntax error, unexpected end of file, expecting )
BEGIN { printf("abc
                   
HINT: a ( is not closed; add )
)ERR"},
    {"unterminated_comment", R"SRC(BEGIN { } /* never closed)SRC",
     R"ERR(stdin:1:13-26: ERROR: unterminated comment
BEGIN { } /* never closed
            ~~~~~~~~~~~~~
HINT: close the comment with */
)ERR"},
    {"invalid_escape", R"SRC(BEGIN { printf("\q"); })SRC",
     R"ERR(stdin:1:17-19: ERROR: invalid escape character '\q'
BEGIN { printf("\q"); }
                ~~
HINT: valid escapes are \n \t \r \" \\ \OOO (octal) and \xHH (hex)
)ERR"},
    {"octal_escape_out_of_range", R"SRC(BEGIN { printf("\777"); })SRC",
     R"ERR(stdin:1:17-21: ERROR: octal escape \777 is out of range
BEGIN { printf("\777"); }
                ~~~~
HINT: an octal escape is at most \377
)ERR"},
    {"character_literal", R"SRC(BEGIN { $c = 'a'; })SRC",
     R"ERR(stdin:1:14-17: ERROR: character literals are not supported
BEGIN { $c = 'a'; }
             ~~~
HINT: use the character's number instead, e.g. 65 for 'A'
)ERR"},
    {"integer_literal_too_large", R"SRC(BEGIN { $x = 99999999999999999999; })SRC",
     R"ERR(stdin:1:14-34: ERROR: integer literal is too large: 99999999999999999999
BEGIN { $x = 99999999999999999999; }
             ~~~~~~~~~~~~~~~~~~~~
HINT: integer literals must fit in 64 bits (at most 18446744073709551615)
)ERR"},
    {"invalid_integer_suffix", R"SRC(BEGIN { $x = 5q; })SRC",
     R"ERR(stdin:1:14-16: ERROR: invalid suffix 'q' on integer literal 5q
BEGIN { $x = 5q; }
             ~~
HINT: duration suffixes are ns, us, ms, s, m, h and d; C suffixes U, L and UL are accepted
)ERR"},
    {"invalid_octal_digit", R"SRC(BEGIN { $x = 09; })SRC",
     R"ERR(stdin:1:14-16: ERROR: invalid digit '9' in octal literal 09
BEGIN { $x = 09; }
             ~~
HINT: a leading 0 makes an octal number; write it without the 0 for decimal
)ERR"},
    {"scientific_overflow", R"SRC(BEGIN { $x = 1e30; })SRC",
     R"ERR(stdin:1:14-18: ERROR: integer literal is too large: 1e30
BEGIN { $x = 1e30; }
             ~~~~
HINT: integer literals must fit in 64 bits (at most 18446744073709551615)
)ERR"},
    {"invalid_character", R"SRC(BEGIN { $x = 1 # 2; })SRC",
     R"ERR(stdin:1:16-17: ERROR: invalid character '#'
BEGIN { $x = 1 # 2; }
               ~
HINT: comments start with //; # only starts preprocessor lines
stdin:1:18-19: ERROR: syntax error, unexpected integer, expecting }
BEGIN { $x = 1 # 2; }
                 ~
HINT: end each statement with ;
)ERR"},
    {"dollar_without_name", R"SRC(BEGIN { $ = 1; })SRC",
     R"ERR(stdin:1:9-10: ERROR: '$' must be followed by a variable name or a parameter number
BEGIN { $ = 1; }
        ~
HINT: write $name for a variable, $1 for the first parameter, $# for their count
stdin:1:11-12: ERROR: syntax error, unexpected =
BEGIN { $ = 1; }
          ~
HINT: an expression is missing before '='
)ERR"},
    {"recovers_and_reports_several_errors", R"SRC(BEGIN { @x = ; @y = 1; @z = ; })SRC",
     R"ERR(stdin:1:14-15: ERROR: syntax error, unexpected ;
BEGIN { @x = ; @y = 1; @z = ; }
             ~
HINT: an expression is missing before ';'
stdin:1:29-30: ERROR: syntax error, unexpected ;
BEGIN { @x = ; @y = 1; @z = ; }
                            ~
HINT: an expression is missing before ';'
)ERR"},
    {"second_config_block",
     R"SRC(config = { a = 1 }
config = { b = 2 }
BEGIN { })SRC",
     R"ERR(stdin:2:1-7: ERROR: only one config block is allowed
config = { b = 2 }
~~~~~~
HINT: merge the settings into the first config block
)ERR"},
    {"import_is_not_supported",
     R"SRC(import "lib.bt";
BEGIN { })SRC",
     R"ERR(stdin:1:1-17: ERROR: import is not supported
import "lib.bt";
~~~~~~~~~~~~~~~~
HINT: copy the definitions into the script, or #include a header
)ERR"},
    {"record_with_unnamed_field", R"SRC(BEGIN { $r = (a = 1, 2); })SRC",
     R"ERR(stdin:1:22-23: ERROR: record field needs a name
BEGIN { $r = (a = 1, 2); }
                     ~
HINT: write (name = value, ...) for a record, or (a, b) for a tuple
)ERR"},
    {"duplicate_record_field", R"SRC(BEGIN { $r = (a = 1, a = 2); })SRC",
     R"ERR(stdin:1:22-27: ERROR: record field 'a' is given twice
BEGIN { $r = (a = 1, a = 2); }
                     ~~~~~
HINT: name each field of a record once
)ERR"},
    {"stray_closing_brace", R"SRC(} BEGIN { })SRC",
     R"ERR(stdin:1:1-2: ERROR: syntax error, unexpected }
} BEGIN { }
~
HINT: this } has no matching {
)ERR"},
    {"unterminated_c_definition", R"SRC(struct X { int a;)SRC",
     R"ERR(stdin:1:1-18: ERROR: unterminated C definition
struct X { int a;
~~~~~~~~~~~~~~~~~
HINT: end the definition with '}' or ';'
)ERR"},
    {"let_needs_a_variable", R"SRC(BEGIN { let x = 1; })SRC",
     R"ERR(stdin:1:13-14: ERROR: syntax error, unexpected identifier, expecting variable
BEGIN { let x = 1; }
            ~
HINT: man sonde describes the syntax
)ERR"},
    {"tuple_index_needs_a_field", R"SRC(BEGIN { $t = (1, 2); $x = $t.; })SRC",
     R"ERR(stdin:1:30-31: ERROR: syntax error, unexpected ;, expecting identifier or integer
BEGIN { $t = (1, 2); $x = $t.; }
                             ~
HINT: an expression is missing before ';'
)ERR"},
    {"zero_length_array_cast", R"SRC(BEGIN { $x = (uint8[0])1; })SRC",
     R"ERR(stdin:1:15-23: ERROR: array length must be at least 1
BEGIN { $x = (uint8[0])1; }
              ~~~~~~~~
HINT: for example (uint8[8])x
)ERR"},
};

class SyntaxErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(SyntaxErrorTest, IsLocatedAndExplained) {
  const ErrorCase& c = GetParam();
  ParseOutcome outcome = parse_text(c.source);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.diagnostics, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Errors, SyntaxErrorTest, testing::ValuesIn(kErrorCases),
                         [](const testing::TestParamInfo<ErrorCase>& row) {
                           return std::string(row.param.name);
                         });

TEST(SyntaxErrors, NulByteIsAnInvalidCharacter) {
  ParseOutcome outcome = parse_text(std::string("BEGIN { $x = 1\0; }", 18));
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.diagnostics.find("stdin:1:15-16: ERROR: invalid character 0x00"),
            std::string::npos)
      << outcome.diagnostics;
}

TEST(SyntaxErrors, InvalidUtf8IsAnInvalidCharacter) {
  ParseOutcome outcome = parse_text("BEGIN { $x = \xc3\x28; }");
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.diagnostics.find("stdin:1:14-15: ERROR: invalid character 0xc3"),
            std::string::npos)
      << outcome.diagnostics;
}

TEST(SyntaxErrors, StopsAfterTenErrors) {
  std::string source = "BEGIN {";
  for (int i = 0; i < 30; ++i)
    source += " @x = ;";
  source += " }";
  ParseOutcome outcome = parse_text(source);
  EXPECT_FALSE(outcome.ok);
  size_t errors = 0;
  for (size_t at = outcome.diagnostics.find("ERROR:"); at != std::string::npos;
       at = outcome.diagnostics.find("ERROR:", at + 1))
    ++errors;
  EXPECT_EQ(errors, 10u) << outcome.diagnostics;
}

TEST(SyntaxErrors, DeepNestingIsAnErrorNotACrash) {
  const std::string expected = "ERROR: expression is nested too deeply (more than 256 levels)";
  for (std::string source :
       {"BEGIN { $x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "; }",
        "BEGIN { $x = " + std::string(100000, '!') + "1; }",
        "BEGIN " + std::string(100000, '{') + std::string(100000, '}')}) {
    ParseOutcome outcome = parse_text(source);
    EXPECT_FALSE(outcome.ok);
    EXPECT_NE(outcome.diagnostics.find(expected), std::string::npos) << outcome.diagnostics;
    EXPECT_EQ(outcome.diagnostics.find("syntax error"), std::string::npos) << outcome.diagnostics;
  }
  ParseOutcome fine =
      parse_text("BEGIN { $x = " + std::string(200, '(') + "1" + std::string(200, ')') + "; }");
  EXPECT_TRUE(fine.ok) << fine.diagnostics;
}

TEST(SyntaxErrors, EmptyInputParsesToAnEmptyProgram) {
  ParseOutcome outcome = parse_text("");
  EXPECT_TRUE(outcome.ok) << outcome.diagnostics;
  EXPECT_EQ(outcome.ast, "");
}

TEST(SyntaxErrors, HugeLiteralIsAnError) {
  ParseOutcome outcome = parse_text("BEGIN { $x = " + std::string(5000, '9') + "; }");
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.diagnostics.find("integer literal is too large"), std::string::npos);
}

TEST(SyntaxErrors, EveryPrefixOfAScriptIsHandled) {
  // Truncating a valid script anywhere must give diagnostics, never a crash.
  const std::string script =
      "config = { max_map_keys = 10 }\nmacro m(x) { x + 1 }\n"
      "tracepoint:syscalls:sys_enter_openat /pid != 0 && comm == \"x\"/ {\n"
      "  @[comm, args.filename] = count(); $t = (1, \"a\"); if $t.0 > 1 { print(m(2)); }\n"
      "  for ($kv : @) { print($kv); } $r = (a = 1); $c = (struct task_struct *)curtask;\n}\n";
  for (size_t length = 0; length <= script.size(); ++length) {
    ParseOutcome outcome = parse_text(script.substr(0, length));
    if (!outcome.ok) {
      EXPECT_NE(outcome.diagnostics.find("ERROR:"), std::string::npos) << length;
    }
  }
}

} // namespace
} // namespace sonde::test
