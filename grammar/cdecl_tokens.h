// Tokens and constants of the C declaration parser (grammar/cdecl.cpp).
// Private to grammar/.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::grammar::cdecl {

enum class TokenKind {
  Identifier, // names and keywords alike
  Number,     // a preprocessing number: 42, 0x2a, 10UL, also 1.5 (rejected later)
  Char,       // 'a', '\n' (with the quotes)
  String,     // "text" (with the quotes), only meaningful inside attributes
  Punct,      // { } ( ) [ ] ; , * : = ... << >> and the other operators
  Invalid,    // a character or an unterminated construct; `problem` says which
  End,        // after the last token
};

// A token with its span in output coordinates of the preprocessed text
// (1-based, end column exclusive).
struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;
  uint32_t line = 1;
  uint32_t column = 1;
  uint32_t end_line = 1;
  uint32_t end_column = 1;
  std::string problem; // Invalid only: "unexpected character '#'" ...
};

// Splits `text`, which starts at output line `line`, column `column`, into
// tokens; whitespace and comments are dropped. The result always ends with
// one End token, placed just after the last token.
std::vector<Token> tokenize(std::string_view text, uint32_t line, uint32_t column);

// An integer value of a constant expression, computed in 64 bits.
struct ConstantValue {
  uint64_t bits = 0;
  bool is_unsigned = false;
  int64_t as_signed() const { return static_cast<int64_t>(bits); }
  bool is_negative() const { return !is_unsigned && as_signed() < 0; }
};

// A C integer constant: 42, 0x2a, 052, 0b101, with u/l/ul/ll/ull suffixes.
// On failure returns false with a message ("invalid digit '9' in octal
// constant", "floating point constant '1.5' is not supported").
bool parse_c_integer(std::string_view text, ConstantValue& out, std::string& error);

// A C character constant with its quotes: 'a', '\n', '\x41', '\101'. Its
// value is that of a (signed) char, as in C on x86_64.
bool parse_c_char(std::string_view text, ConstantValue& out, std::string& error);

// Word classes. Keywords are lexed as identifiers and told apart here.
bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words);
bool is_const_word(std::string_view word); // const __const __const__
// Qualifiers and kernel annotations that do not change the type for sonde:
// volatile, restrict, __user, __rcu, __packed ...
bool is_ignored_qualifier(std::string_view word);
// Attributes followed by a parenthesized argument list: __attribute__, __aligned ...
bool is_attribute_word(std::string_view word);
bool is_storage_class(std::string_view word); // static extern inline ...
bool is_floating_word(std::string_view word); // float double _Float128 ...
bool is_integer_word(std::string_view word);  // signed unsigned char short int long _Bool void
// Words that cannot name a member, typedef, tag or enumerator.
bool is_keyword(std::string_view word);

} // namespace sonde::grammar::cdecl
