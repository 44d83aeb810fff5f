// Pieces of the preprocessor shared by its source files: the line tokenizer,
// the macro table, the macro expander and the #if evaluator. Private to
// grammar/preprocess*.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sonde::grammar::pp {

enum class TokenKind {
  Identifier, // [A-Za-z_][A-Za-z0-9_]*
  Number,     // a digit (or '.' digit) and everything that can continue a number
  String,     // "...", possibly unterminated at the end of the line
  Variable,   // $name, @name, $1, a lone $ or @: never macro-expanded
  Space,
  Comment, // // ..., /* ... */ or the part of a block comment on this line
  Punct,   // an operator or punctuator, multi-character ones kept whole
  Other,   // any other byte (non-ASCII, NUL, control characters)
};

struct Token {
  TokenKind kind = TokenKind::Other;
  // Points into text that outlives the expansion: the line being expanded,
  // a macro body, or a static literal.
  std::string_view text;
  // Source columns (1-based, end exclusive) of the token or, for a token
  // produced by macro expansion, of the whole outermost invocation.
  uint32_t src_begin = 1;
  uint32_t src_end = 1;
  bool expanded = false;
  // Ids of the macros whose expansion produced this token; an identifier is
  // never expanded by a macro in its own hide set, which stops recursion.
  std::vector<uint32_t> hide_set;

  bool is(TokenKind k, std::string_view t) const { return kind == k && text == t; }
  bool is_blank() const { return kind == TokenKind::Space || kind == TokenKind::Comment; }
};

struct Macro {
  uint32_t id = 0;
  bool function_like = false;
  bool variadic = false; // the last parameter is "...", used as __VA_ARGS__
  std::vector<std::string> params;
  std::string body;
  std::vector<Token> body_tokens; // views into `body`; whitespace collapsed
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
// Node-based, so a Macro (and views into its body) stays put while others
// are added.
using MacroTable = std::unordered_map<std::string, Macro, StringHash, std::equal_to<>>;

bool is_identifier_start(char c);
bool is_identifier_char(char c);

// Splits one line into tokens that, concatenated, give the line back.
// `in_block_comment` says whether a /* comment is open at the start of the
// line and is updated for the next line.
std::vector<Token> tokenize(std::string_view line, bool& in_block_comment);

// Whether writing `next` right after `prev` would lex differently from the
// two tokens apart ("-" "-1" -> "--1"), so a space must separate them.
bool tokens_would_glue(const Token& prev, const Token& next);

// Gives a body its tokens: whitespace runs and comments become one space,
// leading and trailing blanks are dropped.
void tokenize_macro_body(Macro& macro);

struct PpError {
  uint32_t src_begin = 1; // columns, as in Token
  uint32_t src_end = 1;
  std::string message;
  std::string hint;
};

class MacroExpander {
public:
  // In #if expressions (`protect_defined`), the operand of a `defined`
  // produced by an expansion is not expanded either.
  explicit MacroExpander(const MacroTable& macros, bool protect_defined = false)
      : macros_(macros), protect_defined_(protect_defined) {}

  // Expands every macro invocation in `input` into `output`. Identifiers
  // right after '.' or '->' are struct fields and stay as they are. Returns
  // false with `error` set on a malformed invocation or a runaway expansion.
  bool expand(const std::vector<Token>& input, std::vector<Token>& output, PpError& error);

private:
  bool expand_tokens(const std::vector<Token>& input, std::vector<Token>& output, int depth,
                     PpError& error);
  const MacroTable& macros_;
  bool protect_defined_ = false;
  size_t expansions_ = 0;
  size_t produced_tokens_ = 0;
  std::string_view outermost_name_; // the source invocation being expanded
};

// Replaces `defined NAME` and `defined(NAME)` by 1 or 0 (before macro
// expansion, so NAME itself is not expanded).
bool replace_defined(const std::vector<Token>& input, const MacroTable& macros,
                     std::vector<Token>& output, PpError& error);

// Evaluates a macro-expanded #if expression with C's integer rules.
// Identifiers left after expansion count as 0.
bool evaluate_condition(const std::vector<Token>& tokens, bool& result, PpError& error);

} // namespace sonde::grammar::pp
