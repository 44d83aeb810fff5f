#include "grammar/cdecl_tokens.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <limits>
#include <unordered_set>

namespace sonde::grammar::cdecl {

namespace {

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_identifier_char(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// How a character looks inside quotes in a message: 'a', '\0', '\x7f'.
std::string printable(char c) {
  unsigned char byte = static_cast<unsigned char>(c);
  if (byte == 0)
    return "\\0";
  if (byte < 0x20 || byte >= 0x7f) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
    return buffer;
  }
  return std::string(1, c);
}

// Operators longest first, so "<<" wins over "<".
constexpr std::array<std::string_view, 10> kLongPuncts = {
    "...", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "->"};
constexpr std::string_view kShortPuncts = "{}()[];,*:=+-/%|&^~!<>?.";

class Tokenizer {
public:
  Tokenizer(std::string_view text, uint32_t line, uint32_t column)
      : text_(text), line_(line), column_(column) {}

  std::vector<Token> run() {
    while (skip_space_and_comments())
      tokens_.push_back(next_token());
    Token end;
    end.kind = TokenKind::End;
    if (tokens_.empty()) {
      end.line = end.end_line = first_line_;
      end.column = first_column_;
    } else {
      end.line = end.end_line = tokens_.back().end_line;
      end.column = tokens_.back().end_column;
    }
    end.end_column = end.column + 1;
    tokens_.push_back(std::move(end));
    return std::move(tokens_);
  }

private:
  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_;
  uint32_t column_;
  uint32_t first_line_ = line_;
  uint32_t first_column_ = column_;
  std::vector<Token> tokens_;

  char at(size_t offset = 0) const {
    return pos_ + offset < text_.size() ? text_[pos_ + offset] : '\0';
  }
  bool at_end() const { return pos_ >= text_.size(); }

  void step() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  // Skips whitespace and comments; returns false at the end of the text. An
  // unterminated block comment becomes an Invalid token.
  bool skip_space_and_comments() {
    while (!at_end()) {
      char c = at();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
        step();
      } else if (c == '/' && at(1) == '/') {
        while (!at_end() && at() != '\n')
          step();
      } else if (c == '/' && at(1) == '*') {
        Token opening = begin_token(TokenKind::Invalid);
        opening.text = text_.substr(pos_, 2);
        opening.end_line = opening.line;
        opening.end_column = opening.column + 2;
        step();
        step();
        while (!at_end() && !(at() == '*' && at(1) == '/'))
          step();
        if (at_end()) {
          opening.problem = "unterminated comment: '/*' has no matching '*/'";
          tokens_.push_back(std::move(opening));
          return false;
        }
        step();
        step();
      } else {
        return true;
      }
    }
    return false;
  }

  Token begin_token(TokenKind kind) const {
    Token token;
    token.kind = kind;
    token.line = line_;
    token.column = column_;
    return token;
  }

  Token finish(Token token, size_t start) const {
    token.text = text_.substr(start, pos_ - start);
    token.end_line = line_;
    token.end_column = column_;
    return token;
  }

  Token next_token() {
    size_t start = pos_;
    char c = at();
    if (is_identifier_start(c)) {
      Token token = begin_token(TokenKind::Identifier);
      while (!at_end() && is_identifier_char(at()))
        step();
      return finish(std::move(token), start);
    }
    if (is_digit(c) || (c == '.' && is_digit(at(1)))) {
      // A preprocessing number: digits, letters, '_', '.', and a sign after
      // an exponent letter, so "1e+5" stays one (rejected) token.
      Token token = begin_token(TokenKind::Number);
      while (!at_end()) {
        char d = at();
        char previous = pos_ > start ? text_[pos_ - 1] : '\0';
        bool exponent_sign = (d == '+' || d == '-') && (previous == 'e' || previous == 'E' ||
                                                        previous == 'p' || previous == 'P');
        if (!is_identifier_char(d) && d != '.' && !exponent_sign)
          break;
        step();
      }
      return finish(std::move(token), start);
    }
    if (c == '\'' || c == '"')
      return quoted(c == '\'' ? TokenKind::Char : TokenKind::String);
    for (std::string_view punct : kLongPuncts) {
      if (text_.substr(pos_, punct.size()) == punct) {
        Token token = begin_token(TokenKind::Punct);
        for (size_t i = 0; i < punct.size(); ++i)
          step();
        return finish(std::move(token), start);
      }
    }
    Token token = begin_token(kShortPuncts.find(c) != std::string_view::npos && c != '\0'
                                  ? TokenKind::Punct
                                  : TokenKind::Invalid);
    step();
    if (token.kind == TokenKind::Invalid) {
      // Keep a multi-byte UTF-8 character together.
      while (!at_end() && (static_cast<unsigned char>(c) & 0x80) &&
             (static_cast<unsigned char>(at()) & 0xc0) == 0x80)
        step();
      token.problem = "unexpected character '" + printable(c) + "'";
    }
    return finish(std::move(token), start);
  }

  // 'c' or "text"; stops at the end of the line when unterminated.
  Token quoted(TokenKind kind) {
    size_t start = pos_;
    char quote = at();
    Token token = begin_token(kind);
    step();
    while (!at_end() && at() != quote && at() != '\n') {
      if (at() == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n')
        step();
      step();
    }
    if (at_end() || at() != quote) {
      token.kind = TokenKind::Invalid;
      token.problem = kind == TokenKind::Char ? "missing terminating ' character"
                                              : "missing terminating '\"' character";
      return finish(std::move(token), start);
    }
    step();
    return finish(std::move(token), start);
  }
};

} // namespace

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool is_const_word(std::string_view w) {
  return is_one_of(w, {"const", "__const", "__const__"});
}

bool is_ignored_qualifier(std::string_view w) {
  return is_one_of(w, {"volatile", "__volatile", "__volatile__", "restrict", "__restrict",
                       "__restrict__", "__extension__", "__user", "__kernel", "__iomem", "__rcu",
                       "__percpu", "__force", "__bitwise", "__randomize_layout", "__packed",
                       "__may_alias", "__always_unused", "__maybe_unused"});
}

bool is_attribute_word(std::string_view w) {
  return is_one_of(w, {"__attribute__", "__attribute", "__aligned", "alignas", "_Alignas"});
}

bool is_storage_class(std::string_view w) {
  return is_one_of(w, {"static", "extern", "register", "auto", "inline", "__inline", "__inline__",
                       "_Thread_local", "thread_local", "_Noreturn"});
}

bool is_floating_word(std::string_view w) {
  return is_one_of(w, {"float", "double", "_Float16", "_Float32", "_Float64", "_Float128",
                       "__float128", "_Complex", "_Decimal32", "_Decimal64", "_Decimal128"});
}

bool is_integer_word(std::string_view w) {
  return is_one_of(w, {"signed", "__signed", "__signed__", "unsigned", "char", "short", "int",
                       "long", "_Bool", "void"});
}

bool is_keyword(std::string_view w) {
  static const std::unordered_set<std::string_view> keywords = {
      "auto",           "break",         "case",    "continue", "default",  "do",
      "else",           "enum",          "for",     "goto",     "if",       "return",
      "sizeof",         "struct",        "switch",  "typedef",  "union",    "while",
      "_Alignof",       "__alignof__",   "_Atomic", "typeof",   "__typeof", "__typeof__",
      "_Static_assert", "static_assert", "__int128"};
  return keywords.count(w) || is_const_word(w) || is_ignored_qualifier(w) || is_attribute_word(w) ||
         is_storage_class(w) || is_floating_word(w) || is_integer_word(w);
}

std::vector<Token> tokenize(std::string_view text, uint32_t line, uint32_t column) {
  return Tokenizer(text, line, column).run();
}

bool parse_c_integer(std::string_view text, ConstantValue& out, std::string& error) {
  std::string spelled(text);
  // Split off the suffix: any trailing run of u/U/l/L.
  size_t suffix_start = text.size();
  while (suffix_start > 0 &&
         std::string_view("uUlL").find(text[suffix_start - 1]) != std::string_view::npos)
    --suffix_start;
  std::string_view body = text.substr(0, suffix_start);
  std::string_view suffix = text.substr(suffix_start);

  unsigned base = 10;
  std::string_view digits = body;
  if (body.size() > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    base = 16;
    digits = body.substr(2);
  } else if (body.size() > 1 && body[0] == '0' && (body[1] == 'b' || body[1] == 'B')) {
    base = 2;
    digits = body.substr(2);
  } else if (body.size() > 1 && body[0] == '0') {
    base = 8;
    digits = body.substr(1);
  }
  bool looks_floating = body.find('.') != std::string_view::npos ||
                        (base == 16 ? digits.find_first_of("pP") != std::string_view::npos
                                    : body.find_first_of("eE") != std::string_view::npos);
  if (looks_floating) {
    error = "floating point constant '" + spelled + "' is not supported";
    return false;
  }

  int u_count = 0;
  int l_count = 0;
  for (char c : suffix)
    (c == 'u' || c == 'U' ? u_count : l_count) += 1;
  bool suffix_ok = u_count <= 1 && l_count <= 2 && suffix.find("lL") == std::string_view::npos &&
                   suffix.find("Ll") == std::string_view::npos &&
                   (l_count < 2 || suffix.find("ll") != std::string_view::npos ||
                    suffix.find("LL") != std::string_view::npos);
  if (!suffix_ok) {
    error = "invalid suffix '" + std::string(suffix) + "' on integer constant '" + spelled + "'";
    return false;
  }
  if (digits.empty()) {
    error = "integer constant '" + spelled + "' has no digits";
    return false;
  }

  const char* base_name = base == 16  ? "hexadecimal"
                          : base == 8 ? "octal"
                          : base == 2 ? "binary"
                                      : "decimal";
  uint64_t value = 0;
  for (const char& c : digits) {
    unsigned digit = 99;
    if (c >= '0' && c <= '9')
      digit = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
      digit = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      digit = static_cast<unsigned>(c - 'A' + 10);
    if (digit >= base) {
      bool is_letter = is_identifier_start(c);
      if (is_letter && !(base == 16 && digit < 16)) {
        std::string_view rest = text.substr(static_cast<size_t>(&c - text.data()));
        error = "invalid suffix '" + std::string(rest) + "' on integer constant '" + spelled + "'";
      } else {
        error = "invalid digit '" + std::string(1, c) + "' in " + base_name + " constant '" +
                spelled + "'";
      }
      return false;
    }
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / base) {
      error = "integer constant '" + spelled + "' is too large for 64 bits";
      return false;
    }
    value = value * base + digit;
  }
  out.bits = value;
  out.is_unsigned = u_count > 0 || value > static_cast<uint64_t>(INT64_MAX);
  return true;
}

bool parse_c_char(std::string_view text, ConstantValue& out, std::string& error) {
  std::string_view body = text.substr(1, text.size() >= 2 ? text.size() - 2 : 0);
  if (body.empty()) {
    error = "empty character constant";
    return false;
  }
  size_t pos = 0;
  unsigned value = 0;
  if (body[0] != '\\') {
    value = static_cast<unsigned char>(body[0]);
    pos = 1;
  } else if (body.size() < 2) {
    error = "incomplete escape sequence in character constant " + std::string(text);
    return false;
  } else {
    char e = body[1];
    pos = 2;
    switch (e) {
    case 'n':
      value = '\n';
      break;
    case 't':
      value = '\t';
      break;
    case 'r':
      value = '\r';
      break;
    case 'a':
      value = '\a';
      break;
    case 'b':
      value = '\b';
      break;
    case 'f':
      value = '\f';
      break;
    case 'v':
      value = '\v';
      break;
    case 'e':
      value = 0x1b;
      break;
    case '\\':
    case '\'':
    case '"':
    case '?':
      value = static_cast<unsigned char>(e);
      break;
    case 'x': {
      size_t start = pos;
      while (pos < body.size() && std::isxdigit(static_cast<unsigned char>(body[pos]))) {
        char h = body[pos];
        unsigned digit = h <= '9' ? unsigned(h - '0') : unsigned((h | 0x20) - 'a' + 10);
        value = value * 16 + digit;
        if (value > 0xff) {
          error = "hex escape sequence out of range in character constant " + std::string(text);
          return false;
        }
        ++pos;
      }
      if (pos == start) {
        error = "\\x used with no following hex digits in " + std::string(text);
        return false;
      }
      break;
    }
    default:
      if (e >= '0' && e <= '7') {
        value = static_cast<unsigned>(e - '0');
        while (pos < body.size() && pos < 4 && body[pos] >= '0' && body[pos] <= '7')
          value = value * 8 + static_cast<unsigned>(body[pos++] - '0');
        if (value > 0xff) {
          error = "octal escape sequence out of range in character constant " + std::string(text);
          return false;
        }
      } else {
        error = "unknown escape sequence '\\" + printable(e) + "' in character constant";
        return false;
      }
    }
  }
  if (pos != body.size()) {
    error = "multi-character constant " + std::string(text) + " is not supported";
    return false;
  }
  // Plain char is signed on x86_64: '\xff' is -1.
  out.bits = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(value)));
  out.is_unsigned = false;
  return true;
}

} // namespace sonde::grammar::cdecl
