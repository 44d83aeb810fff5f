// The preprocessor's view of a line: just enough of a lexer to find
// identifiers outside strings and comments, and to keep everything else byte
// for byte.
#include "grammar/preprocess_internal.h"

#include <array>

namespace sonde::grammar::pp {

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_identifier_char(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ascii_punct(char c) {
  static constexpr std::string_view punct = "!#%&'()*+,-./:;<=>?[\\]^`{|}~";
  return punct.find(c) != std::string_view::npos;
}

// Longest first, so maximal munch picks "<<=" over "<<".
constexpr std::array<std::string_view, 24> kOperators = {
    "<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=",
    "&&",  "||",  "+=",  "-=", "*=", "/=", "%=", "&=", "|=", "^=", "::", "##"};

size_t operator_length(std::string_view rest) {
  for (std::string_view op : kOperators)
    if (rest.substr(0, op.size()) == op)
      return op.size();
  return 1;
}

// Length of the block comment text starting at `pos` (just after "/*" or at
// the start of a line inside a comment), up to and including "*/".
size_t block_comment_length(std::string_view line, size_t pos, bool& still_open) {
  size_t close = line.find("*/", pos);
  if (close == std::string_view::npos) {
    still_open = true;
    return line.size() - pos;
  }
  still_open = false;
  return close + 2 - pos;
}

} // namespace

std::vector<Token> tokenize(std::string_view line, bool& in_block_comment) {
  std::vector<Token> tokens;
  size_t pos = 0;
  auto push = [&](TokenKind kind, size_t length) {
    Token token;
    token.kind = kind;
    token.text = line.substr(pos, length);
    token.src_begin = static_cast<uint32_t>(pos + 1);
    token.src_end = static_cast<uint32_t>(pos + length + 1);
    tokens.push_back(std::move(token));
    pos += length;
  };

  if (in_block_comment)
    push(TokenKind::Comment, block_comment_length(line, 0, in_block_comment));

  while (pos < line.size()) {
    char c = line[pos];
    std::string_view rest = line.substr(pos);
    if (is_space(c)) {
      size_t end = pos;
      while (end < line.size() && is_space(line[end]))
        ++end;
      push(TokenKind::Space, end - pos);
    } else if (rest.starts_with("//")) {
      push(TokenKind::Comment, rest.size());
    } else if (rest.starts_with("/*")) {
      push(TokenKind::Comment, 2 + block_comment_length(line, pos + 2, in_block_comment));
    } else if (c == '"') {
      size_t end = pos + 1;
      while (end < line.size() && line[end] != '"')
        end += (line[end] == '\\' && end + 1 < line.size()) ? 2 : 1;
      if (end < line.size())
        ++end; // the closing quote
      push(TokenKind::String, end - pos);
    } else if (c == '$' || c == '@') {
      size_t end = pos + 1;
      while (end < line.size() && is_identifier_char(line[end]))
        ++end;
      push(TokenKind::Variable, end - pos);
    } else if (is_identifier_start(c)) {
      size_t end = pos + 1;
      while (end < line.size() && is_identifier_char(line[end]))
        ++end;
      push(TokenKind::Identifier, end - pos);
    } else if (is_digit(c) || (c == '.' && rest.size() > 1 && is_digit(rest[1]))) {
      // A C "pp-number": also swallows suffixes (10ms, 5UL), hex digits and
      // exponents, so no identifier is found inside a number.
      size_t end = pos + 1;
      while (end < line.size()) {
        char d = line[end];
        if ((d == '+' || d == '-') && (line[end - 1] == 'e' || line[end - 1] == 'E' ||
                                       line[end - 1] == 'p' || line[end - 1] == 'P'))
          ++end;
        else if (is_identifier_char(d) || d == '.')
          ++end;
        else
          break;
      }
      push(TokenKind::Number, end - pos);
    } else if (is_ascii_punct(c)) {
      push(TokenKind::Punct, operator_length(rest));
    } else {
      push(TokenKind::Other, 1);
    }
  }
  return tokens;
}

bool tokens_would_glue(const Token& prev, const Token& next) {
  if (prev.text.empty() || next.text.empty())
    return false;
  char a = prev.text.back();
  char b = next.text.front();
  if (is_identifier_char(a) && is_identifier_char(b))
    return true;
  if ((a == '$' || a == '@') && is_identifier_char(b))
    return true;
  if (prev.kind == TokenKind::Number &&
      (b == '.' || ((b == '+' || b == '-') && (a == 'e' || a == 'E' || a == 'p' || a == 'P'))))
    return true;
  if (a == '.' && is_digit(b))
    return true;
  static constexpr std::array<std::string_view, 25> pairs = {
      "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=",
      "*=", "/=", "%=", "&=", "|=", "^=", "::", "..", "//", "/*", "*/", "##"};
  const char pair[2] = {a, b};
  for (std::string_view p : pairs)
    if (p == std::string_view(pair, 2))
      return true;
  return false;
}

void tokenize_macro_body(Macro& macro) {
  bool in_comment = false;
  std::vector<Token> raw = tokenize(macro.body, in_comment);
  static constexpr std::string_view single_space = " ";
  macro.body_tokens.clear();
  for (Token& token : raw) {
    if (token.is_blank()) {
      if (!macro.body_tokens.empty() && macro.body_tokens.back().kind != TokenKind::Space) {
        Token space = token;
        space.kind = TokenKind::Space;
        space.text = single_space;
        macro.body_tokens.push_back(std::move(space));
      }
      continue;
    }
    macro.body_tokens.push_back(std::move(token));
  }
  if (!macro.body_tokens.empty() && macro.body_tokens.back().kind == TokenKind::Space)
    macro.body_tokens.pop_back();
}

} // namespace sonde::grammar::pp
