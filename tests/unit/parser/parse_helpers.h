// Shared by the parser tests: parse a script and render the AST or the
// diagnostics as text.
#pragma once

#include "compiler/ast/printer.h"
#include "grammar/parse.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace sonde::test {

struct ParseOutcome {
  bool ok = false;
  std::string ast;         // printer output, without the "program" line
  std::string diagnostics; // formatted as the user sees them
};

inline ParseOutcome parse_text(const std::string& text, bool with_locations = false) {
  ast::SourceFiles files;
  uint32_t file = files.add("stdin", text);
  ast::Diagnostics diags;
  auto program = grammar::parse(file, files, {}, diags);
  ParseOutcome outcome;
  std::ostringstream errors;
  diags.print(errors, files);
  outcome.diagnostics = errors.str();
  outcome.ok = program != nullptr;
  if (program) {
    std::ostringstream out;
    ast::print_program(out, *program, files, with_locations);
    std::string text_out = out.str();
    // Drop "program\n" and one level of indentation, to keep tables short.
    std::istringstream lines(text_out.substr(text_out.find('\n') + 1));
    for (std::string line; std::getline(lines, line);)
      outcome.ast += line.substr(2) + "\n";
  }
  return outcome;
}

// One row of a source -> AST table.
struct AstCase {
  const char* name;
  const char* source;
  const char* expected_ast;
};

inline std::string ast_case_name(const testing::TestParamInfo<AstCase>& row) {
  return row.param.name;
}

inline void expect_ast(const AstCase& c) {
  ParseOutcome outcome = parse_text(c.source);
  ASSERT_TRUE(outcome.ok) << outcome.diagnostics;
  EXPECT_EQ(outcome.diagnostics, "");
  EXPECT_EQ(outcome.ast, c.expected_ast);
}

} // namespace sonde::test
