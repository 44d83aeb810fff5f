// State shared by the flex lexer and the bison parser while one script is
// parsed. Private to grammar/.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "grammar/preprocess.h"

#include <memory>
#include <string>

namespace sonde::grammar {

// What the lexer is inside at brace depth 0 when it is not in a probe list:
// code runs until a closing brace (probe body, config, macro), a ';' (let,
// import) or the end of a predicate.
enum class TopLevelConstruct { None, Block, Statement, Predicate };

class Driver {
public:
  Driver(const Preprocessed& pp, ast::Diagnostics& diags) : pp(pp), diags(diags) {}

  const Preprocessed& pp;
  ast::Diagnostics& diags;
  std::unique_ptr<ast::Program> program = std::make_unique<ast::Program>();

  // Lexer position in the preprocessed text (1-based).
  uint32_t line = 1;
  uint32_t column = 1;

  // Lexer context.
  TopLevelConstruct construct = TopLevelConstruct::None;
  int depth = 0;                    // brace depth inside the current construct
  bool after_member_access = false; // previous token was '.' or '->'
  bool typedef_name_next = false;   // the next identifier names a type in a cast
  int cdef_depth = 0;               // brace depth of a captured C definition
  std::string cdef_text;
  uint32_t cdef_line = 1, cdef_column = 1;
  std::string string_value; // literal being lexed
  uint32_t string_line = 1, string_column = 1;
  int comment_return_state = 0;

  static constexpr size_t kMaxErrors = 10;
  static constexpr int kMaxNesting = 256;
  bool too_many_errors() const { return diags.error_count() >= kMaxErrors; }
  int nesting = 0;      // open ( [ { in code
  int operator_run = 0; // consecutive operator tokens
  bool stopped = false; // input ended early; later syntax errors are noise

  // Location of `text` starting at the current position; advances past it.
  ast::Location advance(const char* text, size_t length);
  // Location spanning from an earlier output position to the current one.
  ast::Location span_from(uint32_t line, uint32_t column) const;
  // Empty location at the end of the input, for "unexpected end of file".
  ast::Location end_of_input() const;

  // Reports an error unless the limit of errors per run has been reached.
  void error(const ast::Location& loc, std::string message, std::string hint = {}) {
    if (!too_many_errors())
      diags.error(loc, std::move(message), std::move(hint));
  }
};

} // namespace sonde::grammar
