// Directives, macro expansion, #if arithmetic and located errors of the
// preprocessor, on scripts held in memory.
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sonde::grammar::test {
namespace {

size_t count_lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// ---- scripts that preprocess cleanly -------------------------------------

struct OutputCase {
  const char* name;
  std::string input;
  std::string expected;
};

class PreprocessOutput : public testing::TestWithParam<OutputCase> {};

TEST_P(PreprocessOutput, ProducesExpectedText) {
  const OutputCase& c = GetParam();
  PpRun run = run_preprocessor(c.input);
  ASSERT_TRUE(run.ok) << run.first_error_message();
  EXPECT_EQ(run.diags.error_count(), 0u);
  EXPECT_EQ(run.out.text, c.expected);
  EXPECT_EQ(run.out.lines.size(), count_lines(run.out.text));
}

const OutputCase kOutputCases[] = {
    {"empty_input", "", ""},
    {"single_newline", "\n", "\n"},
    {"plain_line_unchanged", "BEGIN { print(1); }\n", "BEGIN { print(1); }\n"},
    {"last_line_without_newline", "a\nb", "a\nb\n"},
    {"object_like_define", "#define N 5\nx = N;\n", "\nx = 5;\n"},
    {"define_with_empty_body", "#define NOTHING\nx NOTHING y\n", "\nx  y\n"},
    {"define_body_comment_dropped", "#define N 5 // five\nN\n", "\n5\n"},
    {"define_body_block_comment_dropped", "#define N /* five */ 5\nN\n", "\n5\n"},
    {"indented_directive_with_spaces", "  #  define N 7\nN\n", "\n7\n"},
    {"undef_removes_macro", "#define N 5\n#undef N\nN\n", "\n\nN\n"},
    {"redefine_replaces_value", "#define N 5\n#define N 6\nN\n", "\n\n6\n"},
    {"macro_using_macro", "#define A B + 1\n#define B 2\nA\n", "\n\n2 + 1\n"},
    {"self_reference_not_expanded_again", "#define X X + 1\nX\n", "\nX + 1\n"},
    {"mutual_recursion_stops", "#define A B\n#define B A\nA B\n", "\n\nA B\n"},
    {"function_like_two_params", "#define ADD(a, b) a + b\nADD(1, 2)\n", "\n1 + 2\n"},
    {"function_like_zero_params", "#define ZERO() 0\nZERO()\n", "\n0\n"},
    {"function_like_empty_argument", "#define ID(x) [x]\nID()\n", "\n[]\n"},
    {"function_like_space_before_paren", "#define SQ(x) x*x\nSQ (3)\n", "\n3*3\n"},
    {"function_like_name_alone_untouched", "#define SQ(x) x*x\nSQ + 1\n", "\nSQ + 1\n"},
    {"function_like_nested_argument", "#define SQ(x) (x)*(x)\nSQ(SQ(2))\n",
     "\n((2)*(2))*((2)*(2))\n"},
    {"argument_with_parens_and_string_commas", "#define FIRST(a, b) a\nFIRST((1, 2), \"x,y\")\n",
     "\n(1, 2)\n"},
    {"argument_whitespace_trimmed", "#define ID(x) <x>\nID(   7   )\n", "\n<7>\n"},
    {"parameter_not_replaced_in_body_string", "#define SHOW(x) printf(\"x\", x)\nSHOW(3)\n",
     "\nprintf(\"x\", 3)\n"},
    {"variadic_macro", "#define P(fmt, ...) printf(fmt, __VA_ARGS__)\nP(\"%d %d\", 1, 2)\n",
     "\nprintf(\"%d %d\", 1, 2)\n"},
    {"variadic_part_omitted", "#define P(fmt, ...) f(fmt __VA_ARGS__)\nP(\"a\")\n",
     "\nf(\"a\" )\n"},
    {"expansion_takes_arguments_from_following_text", "#define f g\n#define g(x) x+1\nf(2)\n",
     "\n\n2+1\n"},
    {"hash_operators_do_not_crash", "#define S(x) #x ## x\nS(a)\n", "\n#a ## a\n"},
    {"multi_line_define_joined", "#define L 1 + \\\n    2\nL\n", "\n\n1 + 2\n"},
    {"not_expanded_in_string", "#define N 5\nprintf(\"N=%d\", N);\n", "\nprintf(\"N=%d\", 5);\n"},
    {"not_expanded_in_string_with_escaped_quote", "#define N 5\n\"a\\\"N\" N\n",
     "\n\"a\\\"N\" 5\n"},
    {"not_expanded_in_line_comment", "#define N 5\nN // N\n", "\n5 // N\n"},
    {"not_expanded_in_block_comment", "#define N 5\nN /* N */ N\n", "\n5 /* N */ 5\n"},
    {"block_comment_spanning_lines", "#define N 5\n/* N\nN\n#define N 6\n*/ N\n",
     "\n/* N\nN\n#define N 6\n*/ 5\n"},
    {"not_expanded_after_dollar_or_at", "#define N 5\n$N = @N[N];\n", "\n$N = @N[5];\n"},
    {"not_expanded_after_dot_or_arrow", "#define N 5\nargs->N + s.N + s . N + N\n",
     "\nargs->N + s.N + s . N + 5\n"},
    {"not_expanded_inside_numbers", "#define ms 3\n#define x 4\n10ms 0x1f\n", "\n\n10ms 0x1f\n"},
    {"identifier_prefix_not_expanded", "#define N 5\nNN N_1 N\n", "\nNN N_1 5\n"},
    {"space_keeps_tokens_apart", "#define NEG -1\n5-NEG\n", "\n5- -1\n"},
    {"predefined_errno", "r == -EPERM || r == -ENOENT\n", "r == -1 || r == -2\n"},
    {"predefined_open_flag", "flags & O_CREAT\n", "flags & 64\n"},
    {"predefined_can_be_redefined", "#define EPERM 99\nEPERM\n", "\n99\n"},
    {"predefined_visible_to_ifdef", "#ifdef EPERM\nyes\n#endif\n", "\nyes\n\n"},
    {"btf_always_available", "#ifndef BPFTRACE_HAVE_BTF\nstruct x {};\n#endif\n", "\n\n\n"},
    {"shebang_becomes_empty", "#!/usr/bin/env sonde\nBEGIN {}\n", "\nBEGIN {}\n"},
    {"hash_inside_line_is_not_directive", "printf(\"#define X\");\n", "printf(\"#define X\");\n"},
    {"null_directive_ignored", "#\nx\n", "\nx\n"},
    {"pragma_ignored", "#pragma anything at all\nx\n", "\nx\n"},
    {"crlf_line_endings", "#define N 1\r\nN\r\n", "\n1\r\n"},
    {"ifdef_true", "#define A\n#ifdef A\nyes\n#endif\n", "\n\nyes\n\n"},
    {"ifdef_false", "#ifdef A\nyes\n#endif\n", "\n\n\n"},
    {"ifndef_true", "#ifndef A\nyes\n#endif\n", "\nyes\n\n"},
    {"else_taken", "#ifdef A\nyes\n#else\nno\n#endif\n", "\n\n\nno\n\n"},
    {"elif_chain_picks_first_true", "#if 0\na\n#elif 1\nb\n#elif 1\nc\n#else\nd\n#endif\n",
     "\n\n\nb\n\n\n\n\n\n"},
    {"elifdef_and_elifndef",
     "#if 0\na\n#elifdef EPERM\nb\n#endif\n#if 0\n#elifndef EPERM\nc\n#endif\n",
     "\n\n\nb\n\n\n\n\n\n"},
    {"nested_inside_false_branch_stays_off",
     "#if 0\n#if 1\na\n#else\nb\n#endif\n#else\nc\n#endif\n", "\n\n\n\n\n\n\nc\n\n"},
    {"define_in_false_branch_ignored", "#if 0\n#define N 1\n#endif\nN\n", "\n\n\nN\n"},
    {"error_in_false_branch_ignored", "#ifdef NOPE\n#error stop\n#foo\n#endif\nok\n",
     "\n\n\n\nok\n"},
    {"comment_hides_endif_in_false_branch", "#if 0\n/*\n#endif\n*/\n#endif\nx\n", "\n\n\n\n\nx\n"},
    {"directive_comment_spanning_lines", "#define N 1 /* a\nb */\nN\n", "\n\n1\n"},
    {"defined_with_and_without_parens", "#define A\n#if defined A && defined(A)\nyes\n#endif\n",
     "\n\nyes\n\n"},
    {"macro_in_if_expression", "#define V 3\n#if V * 2 == 6\nyes\n#endif\n", "\n\nyes\n\n"},
    {"function_like_in_if_expression", "#define SQ(x) ((x) * (x))\n#if SQ(3) == 9\nyes\n#endif\n",
     "\n\nyes\n\n"},
    {"defined_produced_by_macro",
     "#define A\n#define HAVE_A defined(A)\n#define HAVE_B defined B\n#if HAVE_A && !HAVE_B\nyes\n"
     "#endif\n",
     "\n\n\n\nyes\n\n"},
    {"include_of_macro_naming_system_header", "#define H <linux/sched.h>\n#include H\nx\n",
     "\n\nx\n"},
    {"attach_point_expanded", "#define FN vfs_read\nkprobe:FN { }\n", "\nkprobe:vfs_read { }\n"},
};

INSTANTIATE_TEST_SUITE_P(Cases, PreprocessOutput, testing::ValuesIn(kOutputCases),
                         [](const auto& row) { return std::string(row.param.name); });

// ---- #if arithmetic --------------------------------------------------------

struct ConditionCase {
  const char* name;
  std::string expression;
  bool expected;
};

class IfExpression : public testing::TestWithParam<ConditionCase> {};

TEST_P(IfExpression, Evaluates) {
  const ConditionCase& c = GetParam();
  PpRun run = run_preprocessor("#define TWO 2\n#if " + c.expression + "\nT\n#else\nF\n#endif\n");
  ASSERT_TRUE(run.ok) << run.first_error_message();
  EXPECT_EQ(run.out.text, c.expected ? "\n\nT\n\n\n\n" : "\n\n\n\nF\n\n");
}

const ConditionCase kConditionCases[] = {
    {"precedence_mul_over_add", "1 + 2 * 3 == 7", true},
    {"parentheses", "(1 + 2) * 3 == 9", true},
    {"division_truncates", "10 / 3 == 3", true},
    {"negative_division_truncates_toward_zero", "-7 / 2 == -3", true},
    {"remainder_sign_follows_dividend", "-7 % 3 == -1", true},
    {"left_shift", "1 << 4 == 16", true},
    {"arithmetic_right_shift", "-16 >> 2 == -4", true},
    {"shift_by_64_gives_zero", "(1 << 64) == 0", true},
    {"hex_literal", "0xff == 255", true},
    {"octal_literal", "010 == 8", true},
    {"binary_literal", "0b101 == 5", true},
    {"suffixes", "10UL + 5ull == 15", true},
    {"bit_and", "(7 & 3) == 3", true},
    {"bit_or", "(4 | 1) == 5", true},
    {"bit_xor", "(6 ^ 3) == 5", true},
    {"logical_not", "!0", true},
    {"logical_not_of_nonzero", "!5", false},
    {"complement", "~0 == -1", true},
    {"unary_plus_minus", "-(+3) == -3", true},
    {"ternary_true", "(1 ? 2 : 3) == 2", true},
    {"ternary_false", "(0 ? 2 : 3) == 3", true},
    {"nested_ternary", "(0 ? 1 : 0 ? 2 : 3) == 3", true},
    {"logical_and_false", "1 && 0", false},
    {"logical_or_true", "0 || 2", true},
    {"greater", "3 > 2", true},
    {"greater_equal", "2 >= 2", true},
    {"less_equal_false", "1 <= 0", false},
    {"not_equal_false", "1 != 1", false},
    {"zero_is_false", "0", false},
    {"unknown_identifier_is_zero", "UNKNOWN_NAME == 0", true},
    {"macro_value", "TWO * TWO == 4", true},
    {"defined_macro", "defined(TWO)", true},
    {"not_defined", "!defined NOPE", true},
    {"signed_comparison", "-1 < 0", true},
    {"unsigned_comparison_converts", "-1 < 0u", false},
    {"large_decimal_is_unsigned", "18446744073709551615 == -1", true},
    {"short_circuit_and_skips_division_by_zero", "0 && 1 / 0", false},
    {"short_circuit_or_skips_division_by_zero", "1 || 1 / 0", true},
    {"ternary_skips_division_by_zero", "(0 ? 1 / 0 : 5) == 5", true},
    {"int64_min_divided_by_minus_one", "(-9223372036854775807 - 1) / -1 < 0", true},
    {"predefined_constant", "EPERM == 1 && O_DIRECT == 040000", true},
};

INSTANTIATE_TEST_SUITE_P(Cases, IfExpression, testing::ValuesIn(kConditionCases),
                         [](const auto& row) { return std::string(row.param.name); });

// ---- errors, with their location -----------------------------------------

struct ErrorCase {
  const char* name;
  std::string input;
  std::string message;
  uint32_t line;
  uint32_t column;
  uint32_t end_column;
  std::string hint_part; // empty: not checked
};

class PreprocessError : public testing::TestWithParam<ErrorCase> {};

TEST_P(PreprocessError, ReportsLocatedError) {
  const ErrorCase& c = GetParam();
  PpRun run = run_preprocessor(c.input);
  EXPECT_FALSE(run.ok);
  const ast::Diagnostic* error = run.first_error();
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->message, c.message);
  ASSERT_TRUE(error->location.has_value());
  EXPECT_EQ(error->location->file, run.main_file);
  EXPECT_EQ(error->location->line, c.line);
  EXPECT_EQ(error->location->column, c.column);
  EXPECT_EQ(error->location->end_line, c.line);
  EXPECT_EQ(error->location->end_column, c.end_column);
  if (!c.hint_part.empty()) {
    EXPECT_NE(error->hint.find(c.hint_part), std::string::npos) << error->hint;
  }
}

const ErrorCase kErrorCases[] = {
    {"else_without_if", "x\n#else\n", "#else without #if", 2, 1, 6, ""},
    {"endif_without_if", "#endif\n", "#endif without #if", 1, 1, 7, ""},
    {"elif_without_if", "#elif 1\n", "#elif without #if", 1, 1, 8, ""},
    {"else_after_else", "#if 1\n#else\n#else\n#endif\n", "#else after #else", 3, 1, 6, "line 1"},
    {"elif_after_else", "#if 1\n#else\n#elif 1\n#endif\n", "#elif after #else", 3, 1, 8, ""},
    {"unterminated_if", "x\n#if 1\ny\n", "unterminated #if (missing #endif)", 2, 1, 6, "#endif"},
    {"unterminated_ifdef_reports_outermost", "#ifdef A\n  #ifdef B\n#endif\n",
     "unterminated #ifdef (missing #endif)", 1, 1, 9, ""},
    {"unterminated_many_reports_count", "#if 1\n#if 1\n#if 1\n",
     "unterminated #if (missing #endif)", 1, 1, 6, "3 conditionals"},
    {"unknown_directive", "#foo bar\n", "unknown preprocessor directive #foo", 1, 1, 5,
     "supported"},
    {"misspelled_directive", "#defin X 1\n", "unknown preprocessor directive #defin", 1, 1, 7,
     "did you mean #define?"},
    {"line_directive_unsupported", "# 12 \"file.c\"\n",
     "unknown preprocessor directive # 12 \"file.c\"", 1, 1, 14, ""},
    {"error_directive", "BEGIN {}\n  #error \"stop here\"\n", "#error \"stop here\"", 2, 3, 21, ""},
    {"division_by_zero", "#if 1/0\n#endif\n", "division by zero in #if expression", 1, 6, 7, ""},
    {"modulo_by_zero_from_macro", "#define Z 0\n#if 5 % Z\n#endif\n",
     "division by zero in #if expression", 2, 7, 8, ""},
    {"missing_close_paren", "#if (1\n#endif\n", "missing ')' in #if expression", 1, 6, 7, ""},
    {"missing_operator", "#if 1 2\n#endif\n", "unexpected '2' in #if expression", 1, 7, 8,
     "operator"},
    {"missing_colon", "#if 1 ? 2\n#endif\n", "missing ':' in #if expression", 1, 9, 10, ""},
    {"if_without_expression", "#if\n#endif\n", "#if needs an expression", 1, 1, 4, ""},
    {"string_in_if", "#if \"a\"\n#endif\n", "unexpected '\"a\"' in #if expression", 1, 5, 8, ""},
    {"float_in_if", "#if 1.5\n#endif\n", "floating-point number 1.5 in #if expression", 1, 5, 8,
     ""},
    {"integer_too_large_in_if", "#if 99999999999999999999\n#endif\n",
     "integer 99999999999999999999 is too large for #if (64 bits)", 1, 5, 25, ""},
    {"defined_without_name", "#if defined\n#endif\n", "\"defined\" needs a macro name", 1, 5, 12,
     ""},
    {"defined_unclosed_paren", "#if defined(A\n#endif\n", "\"defined\" needs a macro name", 1, 5,
     12, ""},
    {"ifdef_without_name", "#ifdef\n#endif\n", "#ifdef needs a macro name", 1, 1, 7, ""},
    {"undef_without_name", "#undef\n", "#undef needs a macro name", 1, 1, 7, ""},
    {"define_without_name", "#define\n", "#define needs a macro name", 1, 1, 8, ""},
    {"define_number_as_name", "#define 1x 2\n", "#define needs a macro name", 1, 1, 13, ""},
    {"define_defined", "#define defined 1\n", "\"defined\" cannot be a macro name", 1, 9, 16, ""},
    {"parameter_list_trailing_comma", "#define F(a,) a\n",
     "malformed parameter list of macro F: unexpected ')'", 1, 1, 16, "#define F(a, b)"},
    {"parameter_list_unclosed", "#define F(a\n", "malformed parameter list of macro F: missing ')'",
     1, 1, 12, ""},
    {"duplicate_parameter", "#define F(a, a) a\n",
     "malformed parameter list of macro F: duplicate parameter a", 1, 1, 18, ""},
    {"too_few_arguments", "#define F(a, b) a + b\nx = F(1);\n",
     "macro F expects 2 arguments, 1 given", 2, 5, 9, "(a, b)"},
    {"too_many_arguments", "#define F(a) a\nF(1, 2)\n", "macro F expects 1 argument, 2 given", 2, 1,
     8, ""},
    {"arguments_to_zero_parameter_macro", "#define F() 0\nF(1)\n",
     "macro F expects 0 arguments, 1 given", 2, 1, 5, ""},
    {"too_few_variadic_arguments", "#define F(a, b, ...) a\nF(1)\n",
     "macro F expects at least 2 arguments, 1 given", 2, 1, 5, ""},
    {"unterminated_argument_list", "#define F(a) a\nx F(1, (2)\n",
     "unterminated argument list for macro F", 2, 3, 4, "same line"},
    {"include_without_file_name", "#include foo\n", "#include expects \"FILE\" or <FILE>", 1, 1, 13,
     ""},
    {"include_unclosed_quote", "#include \"foo.h\n", "#include expects \"FILE\" or <FILE>", 1, 1,
     16, ""},
    {"include_empty_name", "#include \"\"\n", "empty file name in #include", 1, 1, 12, ""},
    {"include_missing_file", "\n#include \"sonde_no_such_header.h\"\n",
     "include file not found: \"sonde_no_such_header.h\"", 2, 1, 34, "add a directory with -I DIR"},
    {"unterminated_comment_in_directive", "#define X 1 /* never closed\nmore\n",
     "unterminated /* comment in a directive", 1, 1, 28, ""},
    {"error_after_include_keeps_line", "#include <linux/sched.h>\n#endif\n", "#endif without #if",
     2, 1, 7, ""},
};

INSTANTIATE_TEST_SUITE_P(Cases, PreprocessError, testing::ValuesIn(kErrorCases),
                         [](const auto& row) { return std::string(row.param.name); });

// ---- warnings ------------------------------------------------------------

struct WarningCase {
  const char* name;
  std::string input;
  std::string message;
};

class PreprocessWarning : public testing::TestWithParam<WarningCase> {};

TEST_P(PreprocessWarning, WarnsAndSucceeds) {
  const WarningCase& c = GetParam();
  PpRun run = run_preprocessor(c.input);
  EXPECT_TRUE(run.ok) << run.first_error_message();
  ASSERT_EQ(run.diags.all().size(), 1u);
  EXPECT_EQ(run.diags.all()[0].severity, ast::Severity::Warning);
  EXPECT_EQ(run.diags.all()[0].message, c.message);
}

const WarningCase kWarningCases[] = {
    {"warning_directive", "#warning check this\n", "#warning check this"},
    {"text_after_endif", "#if 1\n#endif FOO\n", "extra text after #endif is ignored"},
    {"text_after_else", "#if 1\n#else FOO\n#endif\n", "extra text after #else is ignored"},
    {"text_after_ifdef_name", "#ifdef A B\n#endif\n", "extra text after #ifdef A is ignored"},
    {"text_after_undef_name", "#undef A B\n", "extra text after #undef A is ignored"},
};

INSTANTIATE_TEST_SUITE_P(Cases, PreprocessWarning, testing::ValuesIn(kWarningCases),
                         [](const auto& row) { return std::string(row.param.name); });

TEST(PreprocessErrors, StopsAfterTwentyErrors) {
  std::string script;
  for (int i = 0; i < 100; ++i)
    script += "#bogus\n";
  PpRun run = run_preprocessor(script);
  EXPECT_FALSE(run.ok);
  EXPECT_EQ(run.diags.error_count(), 20u);
}

TEST(PreprocessErrors, ErrorsInBothBranchesOfSkippedCodeAreNotReported) {
  PpRun run = run_preprocessor("#if 0\n#if 1/0\n#endif\n#define F(\n#endif\n");
  EXPECT_TRUE(run.ok) << run.first_error_message();
}

TEST(PreprocessErrors, ForcedIncludeMissingHasClearMessage) {
  PreprocessOptions options;
  options.forced_includes = {"sonde_no_such_forced.h"};
  PpRun run = run_preprocessor("x\n", options);
  EXPECT_FALSE(run.ok);
  const ast::Diagnostic* error = run.first_error();
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->message, "forced include file not found: sonde_no_such_forced.h");
  EXPECT_NE(error->hint.find("--include"), std::string::npos);
}

} // namespace
} // namespace sonde::grammar::test
