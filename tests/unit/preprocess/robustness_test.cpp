// Garbage and extreme input: the preprocessor must finish, keep one output
// line per input line where it succeeds, and report runaway constructs as
// errors instead of crashing or looping.
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

namespace sonde::grammar::test {
namespace {

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i)
    out.append(piece);
  return out;
}

// Lines in the input, the last one counted even without its newline.
size_t count_input_lines(const std::string& input) {
  auto newlines = static_cast<size_t>(std::count(input.begin(), input.end(), '\n'));
  return newlines + (!input.empty() && input.back() != '\n' ? 1 : 0);
}

struct RobustnessCase {
  const char* name;
  std::function<std::string()> input;
  std::string error; // empty: must succeed
  // Checked on success: the expected output, or empty to check only that
  // it has as many lines as the input.
  std::function<std::string()> expected_text;
};

class Robustness : public testing::TestWithParam<RobustnessCase> {};

TEST_P(Robustness, FinishesCleanly) {
  const RobustnessCase& c = GetParam();
  std::string input = c.input();
  PpRun run = run_preprocessor(input);
  if (!c.error.empty()) {
    EXPECT_FALSE(run.ok);
    EXPECT_EQ(run.first_error_message(), c.error);
    return;
  }
  ASSERT_TRUE(run.ok) << run.first_error_message();
  EXPECT_EQ(run.out.lines.size(),
            static_cast<size_t>(std::count(run.out.text.begin(), run.out.text.end(), '\n')));
  if (c.expected_text) {
    EXPECT_EQ(run.out.text, c.expected_text());
  } else {
    EXPECT_EQ(run.out.lines.size(), count_input_lines(input));
  }
}

const RobustnessCase kRobustnessCases[] = {
    {"nul_bytes_pass_through", [] { return std::string("a\0b\n#define X 1\nX\0X\n", 20); }, "",
     [] {
       return std::string("a\0b\n\n1\0"
                          "1\n",
                          9);
     }},
    {"invalid_utf8_passes_through", [] { return std::string("\xff\xfe EPERM \xc3\n"); }, "",
     [] { return std::string("\xff\xfe 1 \xc3\n"); }},
    {"ten_thousand_nested_ifs",
     [] { return repeat("#if 1\n", 10000) + "x\n" + repeat("#endif\n", 10000); }, "",
     [] { return repeat("\n", 10000) + "x\n" + repeat("\n", 10000); }},
    {"ten_thousand_nested_false_ifs",
     [] { return "#if 0\n" + repeat("#if 1\n", 9999) + "x\n" + repeat("#endif\n", 10000); }, "",
     nullptr},
    {"ten_thousand_unterminated_ifs", [] { return repeat("#ifdef A\n", 10000); },
     "unterminated #ifdef (missing #endif)", nullptr},
    {"huge_line_of_macros", [] { return "#define N 1\n" + repeat("N ", 500000) + "\n"; }, "",
     [] { return "\n" + repeat("1 ", 500000) + "\n"; }},
    {"exponential_macro_growth",
     [] {
       std::string s = "#define A0 x\n";
       for (int i = 1; i <= 40; ++i)
         s += "#define A" + std::to_string(i) + " A" + std::to_string(i - 1) + " A" +
              std::to_string(i - 1) + "\n";
       return s + "A40\n";
     },
     "macro expansion of A40 is too large", nullptr},
    {"deep_parentheses_in_if", [] { return "#if " + repeat("(", 100000) + "1\n#endif\n"; },
     "#if expression is nested too deeply", nullptr},
    {"many_unary_operators_in_if", [] { return "#if " + repeat("!", 100000) + "1\n#endif\n"; },
     "#if expression is nested too deeply", nullptr},
    {"long_ternary_chain_in_if", [] { return "#if " + repeat("0 ? 1 : ", 100000) + "1\n#endif\n"; },
     "#if expression is nested too deeply", nullptr},
    {"long_flat_expression_in_if",
     [] { return "#if " + repeat("1 + ", 100000) + "1 == 100001\nyes\n#endif\n"; }, "",
     [] { return std::string("\nyes\n\n"); }},
    {"deeply_nested_macro_arguments",
     [] { return "#define F(x) x\n" + repeat("F(", 5000) + "1" + repeat(")", 5000) + "\n"; },
     "macro arguments are nested too deeply in F", nullptr},
    {"moderately_nested_macro_arguments",
     [] { return "#define F(x) (x)\n" + repeat("F(", 50) + "1" + repeat(")", 50) + "\n"; }, "",
     [] { return "\n" + repeat("(", 50) + "1" + repeat(")", 50) + "\n"; }},
    {"unterminated_string", [] { return std::string("#define N 1\nx = \"N\n"); }, "",
     [] { return std::string("\nx = \"N\n"); }},
    {"unterminated_block_comment_left_to_lexer", [] { return std::string("x /* N\nEPERM\n"); }, "",
     [] { return std::string("x /* N\nEPERM\n"); }},
    {"backslash_at_end_of_input", [] { return std::string("#define X \\"); }, "",
     [] { return std::string("\n"); }},
    {"lone_hash_and_bang", [] { return std::string("#\n#!\n"); },
     "unknown preprocessor directive #!", nullptr},
    {"function_like_define_cut_short", [] { return std::string("#define F("); },
     "malformed parameter list of macro F: missing ')'", nullptr},
    {"only_blank_lines", [] { return std::string("\n\n   \n\t\n"); }, "", nullptr},
    {"carriage_returns_only", [] { return std::string("\r\r\r\n#\r\n"); }, "", nullptr},
    {"binary_garbage",
     [] {
       std::string s;
       for (int i = 0; i < 4096; ++i) {
         char c = static_cast<char>((i * 7919) % 256);
         s.push_back(c == '#' || c == '\\' ? 'x' : c); // no directives
       }
       return s;
     },
     "", nullptr},
};

INSTANTIATE_TEST_SUITE_P(Cases, Robustness, testing::ValuesIn(kRobustnessCases),
                         [](const auto& row) { return std::string(row.param.name); });

} // namespace
} // namespace sonde::grammar::test
