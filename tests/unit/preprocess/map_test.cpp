// Preprocessed::map: output spans back to source spans around macro
// expansions, and the column runs behind it.
#include "test_support.h"

#include <gtest/gtest.h>

namespace sonde::grammar::test {
namespace {

struct MapCase {
  const char* name;
  std::string input;
  // Output span (1-based, end column exclusive).
  uint32_t line, column, end_line, end_column;
  // Expected source span; its file is the script.
  uint32_t src_line, src_column, src_end_line, src_end_column;
};

class MapSpan : public testing::TestWithParam<MapCase> {};

TEST_P(MapSpan, MapsToSource) {
  const MapCase& c = GetParam();
  PpRun run = run_preprocessor(c.input);
  ASSERT_TRUE(run.ok) << run.first_error_message();
  ast::Location loc = run.out.map(c.line, c.column, c.end_line, c.end_column);
  EXPECT_EQ(loc.file, run.main_file);
  EXPECT_EQ(loc.line, c.src_line);
  EXPECT_EQ(loc.column, c.src_column);
  EXPECT_EQ(loc.end_line, c.src_end_line);
  EXPECT_EQ(loc.end_column, c.src_end_column);
}

// Output line 2 of kObject is "x = 1 + y;" from "x = LONGNAME + y;".
const std::string kObject = "#define LONGNAME 1\nx = LONGNAME + y;\n";
// Output line 2 of kFunction is "z = 1 + 2;" from "z = ADD(1, 2);".
const std::string kFunction = "#define ADD(a, b) a + b\nz = ADD(1, 2);\n";

const MapCase kMapCases[] = {
    {"verbatim_before_expansion", kObject, 2, 1, 2, 2, 2, 1, 2, 2},
    {"expanded_token_maps_to_invocation", kObject, 2, 5, 2, 6, 2, 5, 2, 13},
    {"verbatim_after_expansion_is_shifted", kObject, 2, 7, 2, 8, 2, 14, 2, 15},
    {"last_token_after_expansion", kObject, 2, 9, 2, 10, 2, 16, 2, 17},
    {"span_over_expansion_and_verbatim", kObject, 2, 5, 2, 10, 2, 5, 2, 17},
    {"span_starting_before_expansion", kObject, 2, 1, 2, 6, 2, 1, 2, 13},
    {"end_of_line_after_expansion", kObject, 2, 11, 2, 11, 2, 18, 2, 18},
    {"function_like_invocation_span", kFunction, 2, 7, 2, 8, 2, 5, 2, 14},
    {"whole_function_like_expansion", kFunction, 2, 5, 2, 10, 2, 5, 2, 14},
    {"semicolon_after_function_like", kFunction, 2, 10, 2, 11, 2, 14, 2, 15},
    {"directive_line_maps_identically", kObject, 1, 1, 1, 1, 1, 1, 1, 1},
    {"unchanged_line_maps_identically", "a\nbcd\n", 2, 2, 2, 4, 2, 2, 2, 4},
    {"span_across_lines", "ab\ncd\n", 1, 2, 2, 2, 1, 2, 2, 2},
    {"line_past_end_maps_to_end_of_last_line", "ab\ncd\n", 9, 1, 9, 3, 2, 3, 2, 3},
    {"end_past_end_clamped", "ab\ncd\n", 1, 1, 50, 7, 1, 1, 2, 3},
    {"column_zero_clamped", "ab\n", 1, 0, 1, 0, 1, 1, 1, 1},
    {"reversed_span_collapses", "abcdef\n", 1, 5, 1, 2, 1, 5, 1, 5},
    {"nested_expansion_maps_to_outer_invocation", "#define A B\n#define B 42\nx A y\n", 3, 3, 3, 5,
     3, 3, 3, 4},
    {"glue_space_maps_to_expansion", "#define NEG -1\n5-NEG;\n", 2, 3, 2, 4, 2, 3, 2, 6},
    {"text_after_glue_space", "#define NEG -1\n5-NEG;\n", 2, 6, 2, 7, 2, 6, 2, 7},
};

INSTANTIATE_TEST_SUITE_P(Cases, MapSpan, testing::ValuesIn(kMapCases),
                         [](const auto& row) { return std::string(row.param.name); });

TEST(ColumnRuns, DescribeVerbatimAndExpandedPieces) {
  PpRun run = run_preprocessor(kObject);
  ASSERT_TRUE(run.ok);
  ASSERT_EQ(run.out.lines.size(), 2u);
  EXPECT_TRUE(run.out.lines[0].runs.empty());
  const std::vector<ColumnRun>& runs = run.out.lines[1].runs;
  ASSERT_EQ(runs.size(), 3u);
  // "x = " verbatim, "1" from LONGNAME, " + y;" verbatim.
  EXPECT_EQ(runs[0].out_begin, 1u);
  EXPECT_EQ(runs[0].out_end, 5u);
  EXPECT_EQ(runs[0].src_begin, 1u);
  EXPECT_FALSE(runs[0].expanded);
  EXPECT_EQ(runs[1].out_begin, 5u);
  EXPECT_EQ(runs[1].out_end, 6u);
  EXPECT_EQ(runs[1].src_begin, 5u);
  EXPECT_EQ(runs[1].src_end, 13u);
  EXPECT_TRUE(runs[1].expanded);
  EXPECT_EQ(runs[2].out_begin, 6u);
  EXPECT_EQ(runs[2].out_end, 11u);
  EXPECT_EQ(runs[2].src_begin, 13u);
  EXPECT_EQ(runs[2].src_end, 18u);
  EXPECT_FALSE(runs[2].expanded);
}

TEST(ColumnRuns, LinesWithOnlyFieldNamesStayVerbatim) {
  PpRun run = run_preprocessor("args->EPERM\n");
  ASSERT_TRUE(run.ok);
  EXPECT_EQ(run.out.text, "args->EPERM\n");
  EXPECT_TRUE(run.out.lines[0].runs.empty());
}

TEST(MapSpan, MapsIntoIncludedFile) {
  TempDir tmp;
  tmp.write("h.h", "#define V 7\nq = V;\n");
  PpRun run = run_preprocessor("a\n#include \"h.h\"\n", {}, tmp / "main.bt");
  ASSERT_TRUE(run.ok) << run.first_error_message();
  ASSERT_EQ(run.out.text, "a\n\nq = 7;\n");
  ast::Location loc = run.out.map(3, 5, 3, 6);
  EXPECT_EQ(run.files.name(loc.file), tmp / "h.h");
  EXPECT_EQ(loc.line, 2u);
  EXPECT_EQ(loc.column, 5u);
  EXPECT_EQ(loc.end_column, 6u);
  // A span from the script into the header keeps only its start.
  ast::Location across = run.out.map(1, 1, 3, 2);
  EXPECT_EQ(across.file, run.main_file);
  EXPECT_EQ(across.line, 1u);
  EXPECT_EQ(across.end_line, 1u);
  EXPECT_EQ(across.end_column, 2u);
}

TEST(MapSpan, EmptyOutputDoesNotCrash) {
  PpRun run = run_preprocessor("");
  ASSERT_TRUE(run.ok);
  ast::Location loc = run.out.map(1, 1, 1, 1);
  EXPECT_EQ(loc.line, 1u);
  EXPECT_EQ(loc.column, 1u);
  ast::Location huge = run.out.map(UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX);
  EXPECT_EQ(huge.line, 1u);
}

TEST(MapSpan, HugeColumnsAreClamped) {
  PpRun run = run_preprocessor(kObject);
  ast::Location loc = run.out.map(2, UINT32_MAX - 1, 2, UINT32_MAX);
  EXPECT_EQ(loc.line, 2u);
  EXPECT_GE(loc.column, 18u);
  EXPECT_GE(loc.end_column, loc.column);
}

} // namespace
} // namespace sonde::grammar::test
