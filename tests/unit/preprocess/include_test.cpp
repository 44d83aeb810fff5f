// #include, -I directories, forced includes and errors located in included
// files, on real files in a scratch directory.
#include "test_support.h"

#include <gtest/gtest.h>

#include <utility>

namespace sonde::grammar::test {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

std::string substitute_tmp(std::string text, const TempDir& tmp) {
  const std::string placeholder = "{tmp}";
  for (size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at))
    text.replace(at, placeholder.size(), tmp.path().string());
  return text;
}

struct IncludeCase {
  const char* name;
  Files files;                                // relative path -> content; "main.bt" is the script
  std::vector<std::string> include_dirs;      // relative to the scratch directory
  std::vector<std::string> forced;            // relative to it too, or "@NAME" for NAME as is
  std::string expected_text;                  // when no error is expected
  std::vector<std::string> expected_included; // relative paths
  std::vector<std::string> expected_system;
  std::string error;      // empty: success expected; "{tmp}" stands for the directory
  std::string error_file; // relative path of the file the error points into
  uint32_t error_line = 0;
};

struct PreparedRun {
  PpRun run;
  std::string main_path;
};

PreparedRun prepare_and_run(const IncludeCase& c, const TempDir& tmp) {
  std::string main_text;
  for (const auto& [relative, content] : c.files) {
    tmp.write(relative, content);
    if (relative == "main.bt")
      main_text = content;
  }
  PreprocessOptions options;
  for (const std::string& dir : c.include_dirs)
    options.include_dirs.push_back(tmp / dir);
  for (const std::string& forced : c.forced)
    options.forced_includes.push_back(forced.starts_with("@") ? forced.substr(1) : tmp / forced);
  std::string main_path = tmp / "main.bt";
  return PreparedRun{run_preprocessor(main_text, options, main_path), main_path};
}

class Include : public testing::TestWithParam<IncludeCase> {};

TEST_P(Include, Works) {
  const IncludeCase& c = GetParam();
  TempDir tmp;
  PreparedRun prepared = prepare_and_run(c, tmp);
  PpRun& run = prepared.run;
  if (c.error.empty()) {
    ASSERT_TRUE(run.ok) << run.first_error_message();
    EXPECT_EQ(run.out.text, c.expected_text);
    std::vector<std::string> expected_included;
    for (const std::string& relative : c.expected_included)
      expected_included.push_back(tmp / relative);
    EXPECT_EQ(run.out.included_paths, expected_included);
    EXPECT_EQ(run.out.system_headers, c.expected_system);
    return;
  }
  EXPECT_FALSE(run.ok);
  const ast::Diagnostic* error = run.first_error();
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->message, substitute_tmp(c.error, tmp));
  ASSERT_TRUE(error->location.has_value());
  EXPECT_EQ(run.files.name(error->location->file), tmp / c.error_file);
  EXPECT_EQ(error->location->line, c.error_line);
  EXPECT_EQ(error->location->column, 1u);
}

std::vector<IncludeCase> include_cases() {
  std::vector<IncludeCase> cases = {
      {.name = "relative_to_including_file",
       .files = {{"main.bt", "a\n#include \"sub/x.h\"\nb\n"},
                 {"sub/x.h", "#include \"y.h\"\nx\n"},
                 {"sub/y.h", "y\n"}},
       .expected_text = "a\ny\nx\nb\n",
       .expected_included = {"sub/x.h", "sub/y.h"}},
      {.name = "found_in_include_dir",
       .files = {{"main.bt", "#include \"c.h\"\nC\n"}, {"inc/c.h", "#define C 3\n"}},
       .include_dirs = {"inc"},
       .expected_text = "\n3\n",
       .expected_included = {"inc/c.h"}},
      {.name = "including_directory_searched_first",
       .files = {{"main.bt", "#include \"h.h\"\n"}, {"h.h", "local\n"}, {"inc/h.h", "other\n"}},
       .include_dirs = {"inc"},
       .expected_text = "local\n",
       .expected_included = {"h.h"}},
      {.name = "include_dirs_searched_in_order",
       .files = {{"main.bt", "#include \"h.h\"\n"}, {"one/h.h", "one\n"}, {"two/h.h", "two\n"}},
       .include_dirs = {"one", "two"},
       .expected_text = "one\n",
       .expected_included = {"one/h.h"}},
      {.name = "angle_include_found_in_include_dir",
       .files = {{"main.bt", "#include <my/defs.h>\nV\n"}, {"inc/my/defs.h", "#define V 9\n"}},
       .include_dirs = {"inc"},
       .expected_text = "\n9\n",
       .expected_included = {"inc/my/defs.h"}},
      {.name = "angle_include_not_searched_next_to_script",
       .files = {{"main.bt", "#include <defs.h>\nV\n"}, {"defs.h", "#define V 9\n"}},
       .expected_text = "\nV\n",
       .expected_system = {"defs.h"}},
      {.name = "missing_angle_include_is_system_header",
       .files =
           {{"main.bt",
             "#include <linux/sched.h>\n#include <net/sock.h>\n#include <linux/sched.h>\nx\n"}},
       .expected_text = "\n\n\nx\n",
       .expected_system = {"linux/sched.h", "net/sock.h"}},
      {.name = "include_guard_includes_once",
       .files = {{"main.bt", "#include \"g.h\"\n#include \"g.h\"\nx\n"},
                 {"g.h", "#ifndef G\n#define G\ng\n#endif\n"}},
       .expected_text = "\n\ng\n\n\n\n\n\nx\n",
       .expected_included = {"g.h"}},
      {.name = "pragma_once_includes_once",
       .files = {{"main.bt", "#include \"p.h\"\n#include \"p.h\"\nx\n"},
                 {"p.h", "#pragma once\np\n"}},
       .expected_text = "\np\nx\n",
       .expected_included = {"p.h"}},
      {.name = "macro_from_header_used_in_script",
       .files = {{"main.bt", "#include \"m.h\"\nprint(TWICE(LIMIT));\n"},
                 {"m.h", "#define LIMIT 10\n#define TWICE(x) ((x) * 2)\n"}},
       .expected_text = "\n\nprint(((10) * 2));\n",
       .expected_included = {"m.h"}},
      {.name = "include_name_from_macro",
       .files = {{"main.bt", "#define HDR \"m.h\"\n#include HDR\n"}, {"m.h", "m\n"}},
       .expected_text = "\nm\n",
       .expected_included = {"m.h"}},
      {.name = "include_with_spaces_and_comment",
       .files = {{"main.bt", "  #  include   \"m.h\"   // the header\n"}, {"m.h", "m\n"}},
       .expected_text = "m\n",
       .expected_included = {"m.h"}},
      {.name = "empty_header_leaves_no_line",
       .files = {{"main.bt", "a\n#include \"e.h\"\nb\n"}, {"e.h", ""}},
       .expected_text = "a\nb\n",
       .expected_included = {"e.h"}},
      {.name = "forced_include_comes_first",
       .files = {{"main.bt", "F\n"}, {"f.h", "#define F 4\nf\n"}},
       .forced = {"f.h"},
       .expected_text = "\nf\n4\n",
       .expected_included = {"f.h"}},
      {.name = "forced_includes_in_order",
       .files = {{"main.bt", "B\n"}, {"a.h", "#define A 1\n"}, {"b.h", "#define B A + 1\n"}},
       .forced = {"a.h", "b.h"},
       .expected_text = "\n\n1 + 1\n",
       .expected_included = {"a.h", "b.h"}},
      {.name = "forced_include_found_in_include_dir",
       .files = {{"main.bt", "Q\n"}, {"inc/sonde_forced_via_include_dir.h", "#define Q 5\n"}},
       .include_dirs = {"inc"},
       .forced = {"@sonde_forced_via_include_dir.h"},
       .expected_text = "\n5\n",
       .expected_included = {"inc/sonde_forced_via_include_dir.h"}},
      {.name = "missing_include",
       .files = {{"main.bt", "x\n#include \"nope.h\"\n"}},
       .include_dirs = {"inc"},
       .error = "include file not found: \"nope.h\"",
       .error_file = "main.bt",
       .error_line = 2},
      {.name = "include_cycle",
       .files = {{"main.bt", "#include \"a.h\"\n"},
                 {"a.h", "#include \"b.h\"\n"},
                 {"b.h", "\n#include \"a.h\"\n"}},
       .error = "include cycle: {tmp}/a.h -> {tmp}/b.h -> {tmp}/a.h",
       .error_file = "b.h",
       .error_line = 2},
      {.name = "header_including_itself",
       .files = {{"main.bt", "#include \"a.h\"\n"}, {"a.h", "#include \"a.h\"\n"}},
       .error = "include cycle: {tmp}/a.h -> {tmp}/a.h",
       .error_file = "a.h",
       .error_line = 1},
      {.name = "script_including_itself",
       .files = {{"main.bt", "#include \"main.bt\"\n"}},
       .error = "include cycle: {tmp}/main.bt -> {tmp}/main.bt",
       .error_file = "main.bt",
       .error_line = 1},
      {.name = "error_located_in_included_file",
       .files = {{"main.bt", "a\n#include \"e.h\"\n"}, {"e.h", "x\ny\n#else\n"}},
       .error = "#else without #if",
       .error_file = "e.h",
       .error_line = 3},
      {.name = "unterminated_if_in_included_file",
       .files = {{"main.bt", "#if 1\n#include \"e.h\"\n#endif\n"}, {"e.h", "\n#ifdef X\n"}},
       .error = "unterminated #ifdef (missing #endif)",
       .error_file = "e.h",
       .error_line = 2},
      {.name = "endif_in_header_cannot_close_script_if",
       .files = {{"main.bt", "#if 1\n#include \"c.h\"\n#endif\n"}, {"c.h", "#endif\n"}},
       .error = "#endif without #if",
       .error_file = "c.h",
       .error_line = 1},
      {.name = "macro_error_located_in_included_file",
       .files = {{"main.bt", "#define F(a, b) a\n#include \"u.h\"\n"}, {"u.h", "\n\nF(1)\n"}},
       .error = "macro F expects 2 arguments, 1 given",
       .error_file = "u.h",
       .error_line = 3},
  };

  // h0.h includes h1.h includes ... : the 33rd level is refused.
  IncludeCase deep{.name = "include_depth_limit"};
  deep.files.push_back({"main.bt", "#include \"h0.h\"\n"});
  for (int i = 0; i < 40; ++i)
    deep.files.push_back(
        {"h" + std::to_string(i) + ".h", "#include \"h" + std::to_string(i + 1) + ".h\"\n"});
  deep.error = "#include nested too deeply (more than 32 levels) at {tmp}/h32.h";
  deep.error_file = "h31.h";
  deep.error_line = 1;
  cases.push_back(std::move(deep));
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, Include, testing::ValuesIn(include_cases()),
                         [](const auto& row) { return std::string(row.param.name); });

TEST(IncludeDetails, MissingIncludeHintListsSearchedDirectories) {
  TempDir tmp;
  IncludeCase c{.name = "x",
                .files = {{"main.bt", "#include \"nope.h\"\n"}},
                .include_dirs = {"inc1", "inc2"}};
  PreparedRun prepared = prepare_and_run(c, tmp);
  const ast::Diagnostic* error = prepared.run.first_error();
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->hint, "searched: " + tmp.path().string() + ", " + (tmp / "inc1") + ", " +
                             (tmp / "inc2") + "; add a directory with -I DIR");
}

TEST(IncludeDetails, LinesMapToTheirFiles) {
  TempDir tmp;
  IncludeCase c{.name = "x",
                .files = {{"main.bt", "a\n#include \"h.h\"\nb\n"}, {"h.h", "#define H 1\nH\n"}},
                .forced = {"f.h"}};
  c.files.push_back({"f.h", "f\n"});
  PreparedRun prepared = prepare_and_run(c, tmp);
  PpRun& run = prepared.run;
  ASSERT_TRUE(run.ok) << run.first_error_message();
  EXPECT_EQ(run.out.text, "f\na\n\n1\nb\n");
  ASSERT_EQ(run.out.lines.size(), 5u);
  auto where = [&](size_t i) {
    return std::make_pair(run.files.name(run.out.lines[i].file), run.out.lines[i].line);
  };
  EXPECT_EQ(where(0), std::make_pair(tmp / "f.h", 1u));
  EXPECT_EQ(where(1), std::make_pair(prepared.main_path, 1u));
  EXPECT_EQ(where(2), std::make_pair(tmp / "h.h", 1u));
  EXPECT_EQ(where(3), std::make_pair(tmp / "h.h", 2u));
  EXPECT_EQ(where(4), std::make_pair(prepared.main_path, 3u));
  EXPECT_EQ(run.out.lines[0].file, run.files.size() - 2); // f.h was read first
  EXPECT_EQ(run.files.text(run.out.lines[2].file), "#define H 1\nH\n");
}

TEST(IncludeDetails, HeaderIncludedTwiceIsReadOnce) {
  TempDir tmp;
  IncludeCase c{.name = "x",
                .files = {{"main.bt", "#include \"h.h\"\n#include \"h.h\"\n"}, {"h.h", "h\n"}}};
  PreparedRun prepared = prepare_and_run(c, tmp);
  ASSERT_TRUE(prepared.run.ok);
  EXPECT_EQ(prepared.run.out.text, "h\nh\n");
  EXPECT_EQ(prepared.run.files.size(), 2u); // the script and h.h
  EXPECT_EQ(prepared.run.out.lines[0].file, prepared.run.out.lines[1].file);
}

} // namespace
} // namespace sonde::grammar::test
