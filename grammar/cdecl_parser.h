// The recursive-descent parser behind parse_c_definition (grammar/cdecl.h).
// Private to grammar/. Tokens, errors, declarations and specifiers are in
// cdecl.cpp; records and enums in cdecl_records.cpp; declarators, derived
// types and constant expressions in cdecl_types.cpp.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "grammar/cdecl_tokens.h"
#include "grammar/preprocess.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sonde::grammar::cdecl {

// Where a declarator is used, for messages and the checks that differ.
enum class DeclaratorUse { Member, Typedef, Parameter, Variable };

// The type and flags read from a run of declaration specifiers.
struct Specifiers {
  ast::TypeSpec type;
  bool is_typedef = false;
  const Token* named_token = nullptr; // the type is this typedef-like name
  bool defines_body = false;          // a struct/union/enum with '{ ... }'
  bool has_tag = false;               // a struct/union/enum specifier
};

// One derivation a declarator applies to its base type.
struct DeclaratorOp {
  enum class Kind { Pointer, Array, Function } kind = Kind::Pointer;
  ast::Location loc;
  bool is_const = false;             // Pointer: "* const"
  std::optional<uint64_t> length;    // Array: none for "[]"
  std::vector<ast::TypeSpec> params; // Function
  bool variadic = false;             // Function
};

struct Declarator {
  const Token* name = nullptr;   // null for an abstract declarator
  std::vector<DeclaratorOp> ops; // applied to the base type, first to last
};

// Thrown after a syntax error has been reported; caught where parsing resumes.
struct SyntaxError {};
// Thrown to give up on the whole definition (too deeply nested, too many errors).
struct StopParsing {};

class Parser {
public:
  Parser(std::vector<Token> tokens, const Preprocessed& pp, std::vector<ast::CDecl>& out,
         ast::Diagnostics& diags);

  // Parses every declaration in the text; false when an error was reported.
  bool parse_all();

private:
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int brace_depth_ = 0;
  int nesting_ = 0;
  size_t errors_ = 0;
  bool end_reported_ = false;
  const Preprocessed& pp_;
  std::vector<ast::CDecl>& out_;
  ast::Diagnostics& diags_;
  std::unordered_map<std::string, int64_t> constants_; // enumerators usable in expressions

  // Bounds the recursion of every construct that can nest.
  class NestingGuard {
  public:
    explicit NestingGuard(Parser& parser);
    ~NestingGuard() { --parser_.nesting_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

  private:
    Parser& parser_;
  };

  // Tokens.
  const Token& peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& previous() const { return tokens_[pos_ > 0 ? pos_ - 1 : 0]; }
  const Token& take();
  static bool is(const Token& token, std::string_view punct) {
    return token.kind == TokenKind::Punct && token.text == punct;
  }
  bool at(std::string_view punct) const { return is(peek(), punct); }
  bool at_word(std::string_view word) const {
    return peek().kind == TokenKind::Identifier && peek().text == word;
  }
  bool at_end() const { return peek().kind == TokenKind::End; }
  bool at_name() const { return peek().kind == TokenKind::Identifier && !is_keyword(peek().text); }
  bool accept(std::string_view punct);
  std::string describe(const Token& token) const;

  // Locations and errors.
  ast::Location loc(const Token& token) const;
  ast::Location span(const Token& first, const Token& last) const;
  ast::Location after(const Token& token) const;
  void report(const ast::Location& where, std::string message, std::string hint = {});
  [[noreturn]] void fail(const ast::Location& where, std::string message, std::string hint = {});
  void check_unexpected_token();
  [[noreturn]] void fail_here(std::string message, std::string hint = {});
  [[noreturn]] void fail_after_previous(std::string message, std::string hint = {});
  const Token& expect(std::string_view punct, std::string message);
  [[noreturn]] void fail_missing_separator(const Specifiers& spec, const Declarator& declarator,
                                           std::string message);

  // Recovery.
  void skip_past_declaration();
  void skip_member(int depth);

  // Attributes.
  void skip_attribute();
  void skip_attributes();

  // Declarations and specifiers (cdecl.cpp).
  void parse_declaration();
  void declare_tag(Specifiers& spec);
  void parse_typedef_declarators(const Token& first, Specifiers& spec);
  Specifiers parse_specifiers(DeclaratorUse use);
  std::string missing_type_message(DeclaratorUse use, bool after_typedef) const;
  void report_named_with_integer_words(const Token& name, const Specifiers& spec,
                                       const std::vector<const Token*>& integer_words);
  ast::TypeSpec integer_type_from_words(const std::vector<const Token*>& words);

  // Records and enums (cdecl_records.cpp).
  ast::TypeSpec parse_record_specifier(Specifiers& spec);
  void parse_record_body(ast::CRecord& record);
  void parse_member(ast::CRecord& record);
  void parse_bit_width(ast::CField& field);
  void check_members(const ast::CRecord& record);
  ast::TypeSpec parse_enum_specifier(Specifiers& spec);
  void parse_enum_body(ast::CEnum& definition);
  void parse_enumerator(ast::CEnum& definition, int64_t& next_value, bool& next_overflows);

  // Declarators and derived types (cdecl_types.cpp).
  Declarator parse_declarator(DeclaratorUse use);
  DeclaratorOp parse_array_suffix();
  DeclaratorOp parse_parameter_list();
  ast::TypeSpec build_type(ast::TypeSpec base, Declarator& declarator, DeclaratorUse use);

  // Constant expressions (cdecl_types.cpp).
  ConstantValue parse_constant_expression();
  ConstantValue parse_binary(int min_precedence);
  ConstantValue parse_unary();
  ConstantValue parse_primary();
  ConstantValue apply_binary(const Token& op, ConstantValue lhs, ConstantValue rhs);
};

// A deep copy; record_def and enum_def stay shared.
ast::TypeSpec clone(const ast::TypeSpec& type);

const char* use_name(DeclaratorUse use);

} // namespace sonde::grammar::cdecl
