// The C declaration parser, part 1: the entry point, tokens, errors and
// recovery, attributes, top-level declarations and specifiers. Records and
// enums are in cdecl_records.cpp; declarators, derived types and constant
// expressions in cdecl_types.cpp.

#include "grammar/cdecl.h"

#include "grammar/cdecl_parser.h"

namespace sonde::grammar {

bool parse_c_definition(std::string_view text, uint32_t line, uint32_t column,
                        const Preprocessed& pp, std::vector<ast::CDecl>& out,
                        ast::Diagnostics& diags) {
  cdecl::Parser parser(cdecl::tokenize(text, line, column), pp, out, diags);
  return parser.parse_all();
}

namespace cdecl {

using ast::CEnum;
using ast::CRecord;
using ast::CTypedef;
using ast::Location;
using ast::TypeSpec;
using Kind = TypeSpec::Kind;

namespace {

constexpr int kMaxNesting = 128;
constexpr size_t kMaxErrors = 10;

// Candidates for "did you mean" when a type specifier is misspelled.
const std::vector<std::string>& type_keywords() {
  static const std::vector<std::string> words = {
      "struct", "union", "enum", "typedef", "unsigned", "signed",   "char",
      "short",  "int",   "long", "void",    "const",    "volatile", "_Bool"};
  return words;
}

TypeSpec integer_type(std::string name, const Location& loc) {
  TypeSpec type;
  type.kind = Kind::Integer;
  type.name = std::move(name);
  type.loc = loc;
  return type;
}

} // namespace

TypeSpec clone(const TypeSpec& type) {
  TypeSpec copy;
  copy.kind = type.kind;
  copy.loc = type.loc;
  copy.name = type.name;
  copy.size = type.size;
  if (type.element)
    copy.element = std::make_unique<TypeSpec>(clone(*type.element));
  for (const TypeSpec& param : type.params)
    copy.params.push_back(clone(param));
  copy.variadic = type.variadic;
  if (type.typeof_type)
    copy.typeof_type = std::make_unique<TypeSpec>(clone(*type.typeof_type));
  copy.record_def = type.record_def;
  copy.enum_def = type.enum_def;
  copy.is_const = type.is_const;
  return copy;
}

const char* use_name(DeclaratorUse use) {
  switch (use) {
  case DeclaratorUse::Member:
    return "member";
  case DeclaratorUse::Typedef:
    return "typedef";
  case DeclaratorUse::Parameter:
    return "parameter";
  case DeclaratorUse::Variable:
    return "variable";
  }
  return "declaration";
}

Parser::Parser(std::vector<Token> tokens, const Preprocessed& pp, std::vector<ast::CDecl>& out,
               ast::Diagnostics& diags)
    : tokens_(std::move(tokens)), pp_(pp), out_(out), diags_(diags) {
  // Enumerators of earlier definitions are constants here too.
  for (const ast::CDecl& decl : out_)
    if (const auto* definition = std::get_if<std::shared_ptr<CEnum>>(&decl))
      for (const CEnum::Enumerator& enumerator : (*definition)->enumerators)
        constants_.emplace(enumerator.name, enumerator.value);
}

Parser::NestingGuard::NestingGuard(Parser& parser) : parser_(parser) {
  if (++parser_.nesting_ > kMaxNesting) {
    --parser_.nesting_;
    parser_.diags_.error(parser_.loc(parser_.peek()), "C definition is too deeply nested",
                         "at most " + std::to_string(kMaxNesting) +
                             " levels of parentheses, brackets and braces are allowed");
    ++parser_.errors_;
    throw StopParsing{};
  }
}

// definition-text -> declaration*
bool Parser::parse_all() {
  try {
    while (!at_end()) {
      size_t start = pos_;
      try {
        parse_declaration();
      } catch (const SyntaxError&) {
        skip_past_declaration();
      }
      if (pos_ == start)
        take();
    }
  } catch (const StopParsing&) {
  }
  return errors_ == 0;
}

// ---- Tokens -----------------------------------------------------------------

const Token& Parser::take() {
  const Token& token = tokens_[pos_];
  if (token.kind == TokenKind::End)
    return token;
  if (is(token, "{"))
    ++brace_depth_;
  else if (is(token, "}"))
    brace_depth_ = std::max(0, brace_depth_ - 1);
  ++pos_;
  return token;
}

bool Parser::accept(std::string_view punct) {
  if (!at(punct))
    return false;
  take();
  return true;
}

std::string Parser::describe(const Token& token) const {
  if (token.kind == TokenKind::End)
    return "the end of the definition";
  constexpr size_t kShown = 24;
  std::string text(token.text.substr(0, kShown));
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
      c = '?';
  return "'" + text + (token.text.size() > kShown ? "...'" : "'");
}

// ---- Locations and errors -----------------------------------------------------

Location Parser::loc(const Token& token) const {
  return pp_.map(token.line, token.column, token.end_line, token.end_column);
}

Location Parser::span(const Token& first, const Token& last) const {
  return pp_.map(first.line, first.column, last.end_line, last.end_column);
}

// One column just after `token`: where a missing ';' or ')' belongs.
Location Parser::after(const Token& token) const {
  return pp_.map(token.end_line, token.end_column, token.end_line, token.end_column + 1);
}

void Parser::report(const Location& where, std::string message, std::string hint) {
  diags_.error(where, std::move(message), std::move(hint));
  if (++errors_ >= kMaxErrors)
    throw StopParsing{};
}

void Parser::fail(const Location& where, std::string message, std::string hint) {
  report(where, std::move(message), std::move(hint));
  throw SyntaxError{};
}

// Reports a bad character or unterminated construct as such, and reports the
// end of the text only once (a truncated definition would otherwise produce
// one error per open brace).
void Parser::check_unexpected_token() {
  const Token& token = peek();
  if (token.kind == TokenKind::Invalid) {
    // An unterminated comment or constant ran to the end: that is the error.
    if (peek(1).kind == TokenKind::End)
      end_reported_ = true;
    fail(loc(token), token.problem);
  }
  if (token.kind == TokenKind::End) {
    if (end_reported_)
      throw SyntaxError{};
    end_reported_ = true;
  }
}

void Parser::fail_here(std::string message, std::string hint) {
  check_unexpected_token();
  fail(loc(peek()), std::move(message), std::move(hint));
}

void Parser::fail_after_previous(std::string message, std::string hint) {
  check_unexpected_token();
  fail(pos_ > 0 ? after(previous()) : loc(peek()), std::move(message), std::move(hint));
}

const Token& Parser::expect(std::string_view punct, std::string message) {
  if (!at(punct))
    fail_after_previous(std::move(message));
  return take();
}

// A declarator followed by a name or '*' was probably a misspelled type
// keyword ("strcut foo *p;", "unsigned lonng x;"): say so, else report `message`.
void Parser::fail_missing_separator(const Specifiers& spec, const Declarator& declarator,
                                    std::string message) {
  if (peek().kind == TokenKind::Identifier || at("*") || at("{")) {
    std::vector<const Token*> suspects;
    if (spec.named_token)
      suspects.push_back(spec.named_token);
    if (declarator.name && declarator.ops.empty())
      suspects.push_back(declarator.name);
    for (const Token* suspect : suspects)
      if (auto keyword = ast::closest_match(suspect->text, type_keywords()))
        fail(loc(*suspect), "unknown type specifier '" + std::string(suspect->text) +
                                "' (did you mean '" + *keyword + "'?)");
  }
  fail_after_previous(std::move(message));
}

// ---- Recovery -----------------------------------------------------------------

// Skips past the ';' that ends the current top-level declaration.
void Parser::skip_past_declaration() {
  while (!at_end()) {
    bool semicolon = at(";") && brace_depth_ == 0;
    take();
    if (semicolon)
      return;
  }
}

// Skips past the ';' that ends a member at brace depth `depth`, or up to the
// '}' that closes the record body.
void Parser::skip_member(int depth) {
  while (!at_end()) {
    if (at("}") && brace_depth_ == depth)
      return;
    bool semicolon = at(";") && brace_depth_ == depth;
    take();
    if (semicolon)
      return;
  }
}

// ---- Attributes ---------------------------------------------------------------

// attribute -> ('__attribute__' | '__aligned' | 'alignas' ...) '(' balanced-tokens ')'
void Parser::skip_attribute() {
  const Token& word = take();
  if (!at("("))
    fail_after_previous("expected '(' after '" + std::string(word.text) + "'",
                        "write attributes as __attribute__((name))");
  int depth = 0;
  do {
    const Token& token = peek();
    if (token.kind == TokenKind::End || is(token, ";") || is(token, "{") || is(token, "}"))
      fail_after_previous("expected ')' to close '" + std::string(word.text) + "'");
    if (is(token, "("))
      ++depth;
    else if (is(token, ")"))
      --depth;
    take();
  } while (depth > 0);
}

// attributes -> (attribute | '__packed' | '__randomize_layout')*
void Parser::skip_attributes() {
  while (peek().kind == TokenKind::Identifier) {
    if (is_attribute_word(peek().text))
      skip_attribute();
    else if (is_one_of(peek().text, {"__packed", "__randomize_layout", "__may_alias"}))
      take();
    else
      break;
  }
}

// ---- Declarations ---------------------------------------------------------------

// declaration -> specifiers [declarator attributes (',' declarator attributes)*] ';'
//              | 'typedef' specifiers declarator attributes (',' declarator attributes)* ';'
void Parser::parse_declaration() {
  const Token& first = peek();
  Specifiers spec = parse_specifiers(DeclaratorUse::Variable);
  if (spec.is_typedef) {
    parse_typedef_declarators(first, spec);
    return;
  }
  if (at(";") || at_end()) {
    declare_tag(spec);
    // bpftrace allows leaving out the ';' after a definition's '}'.
    if (!accept(";") && !spec.defines_body)
      fail_after_previous("expected ';' after '" + spec.type.to_string() + "'");
    return;
  }
  if (previous().kind == TokenKind::Punct && is(previous(), "}") && !at("*") && !at_name())
    fail_after_previous("expected ';' after the definition of '" + spec.type.to_string() + "'");
  Declarator declarator = parse_declarator(DeclaratorUse::Variable);
  fail(loc(*declarator.name),
       "cannot declare variable '" + std::string(declarator.name->text) + "' in a C definition",
       "only struct, union, enum and typedef definitions are allowed; to name a type, write "
       "'typedef'");
}

// What `struct X;`, `struct X { ... };` or `enum E { ... };` declares.
void Parser::declare_tag(Specifiers& spec) {
  if (!spec.has_tag) {
    report(spec.type.loc, "expected a struct, union, enum or typedef definition",
           "a type alone declares nothing");
    return;
  }
  if (spec.type.kind == Kind::Enum || (spec.defines_body && !spec.type.name.empty()))
    return; // the definition is already in `out`, or `enum E;` says nothing
  if (spec.defines_body) {
    std::string keyword = spec.type.kind == Kind::Union ? "union" : "struct";
    report(spec.type.loc, "anonymous " + keyword + " definition declares nothing",
           "give it a name ('" + keyword + " NAME { ... };') or name it with 'typedef'");
    return;
  }
  auto record = std::make_shared<CRecord>();
  record->loc = spec.type.loc;
  record->is_union = spec.type.kind == Kind::Union;
  record->name = spec.type.name;
  record->is_definition = false;
  out_.emplace_back(std::in_place_type<std::shared_ptr<CRecord>>, std::move(record));
}

// typedef-declarators -> declarator attributes (',' declarator attributes)* ';'
void Parser::parse_typedef_declarators(const Token& first, Specifiers& spec) {
  if (at(";") || at_end()) {
    if (!accept(";") && !spec.defines_body)
      fail_after_previous("expected a name for the typedef");
    diags_.warning(loc(first), "typedef declares no name",
                   "write the new type's name before ';': 'typedef struct foo foo_t;'");
    return;
  }
  while (true) {
    Declarator declarator = parse_declarator(DeclaratorUse::Typedef);
    skip_attributes();
    CTypedef alias;
    alias.loc = loc(*declarator.name);
    alias.name = std::string(declarator.name->text);
    alias.type = build_type(clone(spec.type), declarator, DeclaratorUse::Typedef);
    out_.emplace_back(std::in_place_type<CTypedef>, std::move(alias));
    if (accept(","))
      continue;
    if (accept(";"))
      return;
    fail_missing_separator(spec, declarator,
                           "expected ';' after typedef '" + std::string(declarator.name->text) +
                               "'");
  }
}

// specifiers -> (integer-word | qualifier | attribute | 'typedef' | record-specifier
//               | enum-specifier | type-name)+
Specifiers Parser::parse_specifiers(DeclaratorUse use) {
  Specifiers spec;
  const Token* first_type_token = nullptr;
  const Token* last_type_token = nullptr;
  std::vector<const Token*> integer_words;
  const Token* unsupported = nullptr; // a floating point or 128-bit type, already reported
  std::optional<TypeSpec> tag_or_name;
  const Token* tag_or_name_token = nullptr;
  bool is_const = false;

  auto has_type = [&] { return !integer_words.empty() || tag_or_name || unsupported; };
  auto note_type_token = [&](const Token& token) {
    if (!first_type_token)
      first_type_token = &token;
    last_type_token = &token;
  };

  while (peek().kind == TokenKind::Identifier) {
    const Token& token = peek();
    std::string_view word = token.text;
    if (is_const_word(word)) {
      take();
      is_const = true;
    } else if (is_attribute_word(word)) {
      skip_attribute();
    } else if (is_ignored_qualifier(word)) {
      take();
    } else if (word == "typedef") {
      take();
      if (use != DeclaratorUse::Variable)
        report(loc(token), std::string("'typedef' is not allowed in a ") + use_name(use),
               "typedefs are written at the top level of a script");
      else if (spec.is_typedef)
        report(loc(token), "duplicate 'typedef'");
      spec.is_typedef = use == DeclaratorUse::Variable;
    } else if (is_storage_class(word)) {
      take();
      report(loc(token), "'" + std::string(word) + "' cannot be used in a C type definition",
             "remove it");
    } else if (is_floating_word(word) || word == "__int128") {
      take();
      note_type_token(token);
      bool is_int128 = word == "__int128";
      if (!unsupported)
        report(loc(token),
               is_int128 ? std::string("128-bit integer type '__int128' is not supported")
                         : "floating point type '" + std::string(word) + "' is not supported",
               is_int128 ? "use two 64-bit members"
                         : "BPF programs cannot use floating point; use an integer type of the "
                           "same size");
      unsupported = &token;
    } else if (is_one_of(word, {"typeof", "__typeof", "__typeof__", "_Atomic"})) {
      fail_here("'" + std::string(word) + "' is not supported in C definitions",
                "write the type out");
    } else if (is_integer_word(word) || (word == "bool" && !has_type())) {
      take();
      note_type_token(token);
      integer_words.push_back(&token);
    } else if (is_one_of(word, {"struct", "union", "enum"})) {
      if (spec.defines_body)
        break; // "struct A { ... } struct B": a missing ';', reported by the caller
      bool conflicting = has_type();
      TypeSpec tag = word == "enum" ? parse_enum_specifier(spec) : parse_record_specifier(spec);
      spec.has_tag = true;
      if (conflicting) {
        report(tag.loc, "two or more data types in declaration specifiers",
               "a declaration has one type, e.g. 'struct foo' or 'unsigned int'");
      } else {
        tag_or_name = std::move(tag);
        tag_or_name_token = &token;
      }
    } else if (!is_keyword(word) && !has_type()) {
      take();
      note_type_token(token);
      TypeSpec named;
      named.kind = Kind::Named;
      named.name = std::string(word);
      named.loc = loc(token);
      tag_or_name = std::move(named);
      tag_or_name_token = &token;
      spec.named_token = &token;
    } else {
      break;
    }
  }

  if (unsupported) {
    spec.type = integer_type("int64", loc(*unsupported));
  } else if (tag_or_name) {
    spec.type = std::move(*tag_or_name);
    if (!integer_words.empty())
      report_named_with_integer_words(*tag_or_name_token, spec, integer_words);
  } else if (!integer_words.empty()) {
    spec.type = integer_type_from_words(integer_words);
    spec.type.loc = span(*first_type_token, *last_type_token);
  } else {
    fail_here(missing_type_message(use, spec.is_typedef));
  }
  spec.type.is_const = is_const;
  return spec;
}

std::string Parser::missing_type_message(DeclaratorUse use, bool after_typedef) const {
  std::string found = describe(peek());
  switch (use) {
  case DeclaratorUse::Member:
    return "expected a member declaration, found " + found;
  case DeclaratorUse::Parameter:
    return "expected a parameter type, found " + found;
  default:
    return after_typedef ? "expected a type after 'typedef', found " + found
                         : "expected 'struct', 'union', 'enum' or 'typedef', found " + found;
  }
}

// "unsinged int", "u32 long", "struct foo int".
void Parser::report_named_with_integer_words(const Token& name, const Specifiers& spec,
                                             const std::vector<const Token*>& integer_words) {
  if (spec.named_token) {
    std::string text(name.text);
    if (auto keyword = ast::closest_match(text, type_keywords()))
      report(loc(name), "unknown type specifier '" + text + "' (did you mean '" + *keyword + "'?)");
    else
      report(loc(name), "type name '" + text + "' cannot be combined with '" +
                            std::string(integer_words.front()->text) + "'");
    return;
  }
  report(loc(*integer_words.front()), "two or more data types in declaration specifiers",
         "a declaration has one type, e.g. 'struct foo' or 'unsigned int'");
}

// The canonical type of "unsigned long int", "char", "_Bool", "void" ...
// (x86_64 LP64: plain char is signed, long is 64 bits).
TypeSpec Parser::integer_type_from_words(const std::vector<const Token*>& words) {
  int signed_count = 0, unsigned_count = 0, char_count = 0, short_count = 0, int_count = 0,
      long_count = 0, bool_count = 0, void_count = 0;
  std::string spelled;
  for (const Token* token : words) {
    std::string_view w = token->text;
    spelled += (spelled.empty() ? "" : " ") + std::string(w);
    if (w == "signed" || w == "__signed" || w == "__signed__")
      ++signed_count;
    else if (w == "unsigned")
      ++unsigned_count;
    else if (w == "char")
      ++char_count;
    else if (w == "short")
      ++short_count;
    else if (w == "int")
      ++int_count;
    else if (w == "long")
      ++long_count;
    else if (w == "_Bool" || w == "bool")
      ++bool_count;
    else
      ++void_count;
  }
  Location where = span(*words.front(), *words.back());
  const char* duplicate = signed_count > 1     ? "signed"
                          : unsigned_count > 1 ? "unsigned"
                          : char_count > 1     ? "char"
                          : short_count > 1    ? "short"
                          : int_count > 1      ? "int"
                          : bool_count > 1     ? "_Bool"
                          : void_count > 1     ? "void"
                                               : nullptr;
  int integer_count =
      signed_count + unsigned_count + char_count + short_count + int_count + long_count;
  if (duplicate)
    report(where, std::string("duplicate '") + duplicate + "'");
  else if (long_count > 2)
    report(where, "'long long long' is too long", "the longest integer is 'long long' (64 bits)");
  else if (signed_count && unsigned_count)
    report(where, "both 'signed' and 'unsigned' in declaration specifiers");
  else if ((bool_count && integer_count) || (void_count && (integer_count || bool_count)) ||
           (char_count && (short_count || long_count || int_count)) || (short_count && long_count))
    report(where, "invalid combination of type specifiers '" + spelled + "'",
           "integer types are spelled like 'unsigned char', 'short', 'unsigned long long'");

  if (bool_count) {
    TypeSpec type;
    type.kind = Kind::Bool;
    type.name = "bool";
    type.loc = where;
    return type;
  }
  if (void_count) {
    TypeSpec type;
    type.kind = Kind::Void;
    type.name = "void";
    type.loc = where;
    return type;
  }
  std::string bits = char_count ? "8" : short_count ? "16" : long_count ? "64" : "32";
  return integer_type((unsigned_count ? "uint" : "int") + bits, where);
}

} // namespace cdecl
} // namespace sonde::grammar
