// The C declaration parser, part 3: declarators, derived types (pointers,
// arrays, function types) and integer constant expressions.

#include "grammar/cdecl_parser.h"

#include <limits>

namespace sonde::grammar::cdecl {

using ast::Location;
using ast::TypeSpec;
using Kind = TypeSpec::Kind;

namespace {

constexpr uint64_t kMaxArrayLength = uint64_t{1} << 32;

// C precedence of a binary operator, higher binds tighter; 0 if `token` is none.
int binary_precedence(const Token& token) {
  if (token.kind != TokenKind::Punct)
    return 0;
  static constexpr std::pair<std::string_view, int> kTable[] = {
      {"||", 1}, {"&&", 2}, {"|", 3}, {"^", 4},  {"&", 5},  {"==", 6},
      {"!=", 6}, {"<", 7},  {">", 7}, {"<=", 7}, {">=", 7}, {"<<", 8},
      {">>", 8}, {"+", 9},  {"-", 9}, {"*", 10}, {"/", 10}, {"%", 10}};
  for (const auto& [text, precedence] : kTable)
    if (token.text == text)
      return precedence;
  return 0;
}

// Could a '(' followed by this token start a cast?
bool starts_type_name(const Token& token) {
  return token.kind == TokenKind::Identifier &&
         (is_integer_word(token.text) || is_const_word(token.text) ||
          is_one_of(token.text, {"struct", "union", "enum", "bool"}));
}

} // namespace

// ---- Declarators ------------------------------------------------------------------

// declarator -> ('*' pointer-qualifier*)* direct-declarator
// direct-declarator -> [name | '(' declarator ')'] (array-suffix | parameter-list)*
Declarator Parser::parse_declarator(DeclaratorUse use) {
  NestingGuard guard(*this);
  bool name_required = use != DeclaratorUse::Parameter;
  Declarator result;
  std::vector<DeclaratorOp> pointers;
  while (at("*")) {
    DeclaratorOp op;
    op.kind = DeclaratorOp::Kind::Pointer;
    op.loc = loc(take());
    while (peek().kind == TokenKind::Identifier) {
      if (is_const_word(peek().text)) {
        take();
        op.is_const = true;
      } else if (is_ignored_qualifier(peek().text)) {
        take();
      } else if (is_attribute_word(peek().text)) {
        skip_attribute();
      } else {
        break;
      }
    }
    pointers.push_back(std::move(op));
  }

  // In a parameter, "(" may also open the parameter list of an unnamed
  // function type: "int (int)" but "int (*)(int)".
  Declarator inner;
  if (at("(") && (name_required || is(peek(1), "*") || is(peek(1), "("))) {
    take();
    inner = parse_declarator(use);
    expect(")", "expected ')' to close the declarator");
    result.name = inner.name;
  } else if (at_name()) {
    result.name = &take();
  } else if (name_required) {
    fail_here(std::string("expected a name for the ") + use_name(use) + ", found " +
              describe(peek()));
  }

  std::vector<DeclaratorOp> suffixes;
  while (true) {
    if (at("["))
      suffixes.push_back(parse_array_suffix());
    else if (at("("))
      suffixes.push_back(parse_parameter_list());
    else
      break;
  }

  // "*a[2][3]": a is an array of 2 arrays of 3 pointers: the pointers apply
  // first, then the suffixes from the right, then what the parentheses hold.
  result.ops = std::move(pointers);
  for (auto it = suffixes.rbegin(); it != suffixes.rend(); ++it)
    result.ops.push_back(std::move(*it));
  for (DeclaratorOp& op : inner.ops)
    result.ops.push_back(std::move(op));
  return result;
}

// array-suffix -> '[' [constant-expression] ']'
DeclaratorOp Parser::parse_array_suffix() {
  const Token& open = take();
  DeclaratorOp op;
  op.kind = DeclaratorOp::Kind::Array;
  if (!at("]")) {
    size_t start = pos_;
    ConstantValue length = parse_constant_expression();
    Location where = span(tokens_[start], previous());
    op.length = 0; // keeps an invalid size from also reading as a flexible array
    if (length.is_negative())
      report(where, "array size is negative (" + std::to_string(length.as_signed()) + ")");
    else if (length.bits > kMaxArrayLength)
      report(where, "array size " + std::to_string(length.bits) + " is too large",
             "at most " + std::to_string(kMaxArrayLength) + " elements");
    else
      op.length = length.bits;
  }
  const Token& close = expect("]", "expected ']' after the array size");
  op.loc = span(open, close);
  return op;
}

// parameter-list -> '(' ['void' | parameter (',' parameter)* [',' '...'] | '...'] ')'
// parameter -> specifiers [declarator] attributes
DeclaratorOp Parser::parse_parameter_list() {
  NestingGuard guard(*this);
  const Token& open = take();
  DeclaratorOp op;
  op.kind = DeclaratorOp::Kind::Function;
  if (at_word("void") && is(peek(1), ")")) {
    take();
  } else if (!at(")")) {
    while (true) {
      if (accept("...")) {
        op.variadic = true;
        break;
      }
      Specifiers spec = parse_specifiers(DeclaratorUse::Parameter);
      Declarator declarator = parse_declarator(DeclaratorUse::Parameter);
      skip_attributes();
      op.params.push_back(build_type(std::move(spec.type), declarator, DeclaratorUse::Parameter));
      if (!accept(","))
        break;
    }
  }
  const Token& close = expect(")", op.variadic ? "expected ')' after '...'"
                                               : "expected ',' or ')' in the parameter list");
  op.loc = span(open, close);
  return op;
}

// Applies the declarator's derivations to `base` and checks the result for
// its use.
TypeSpec Parser::build_type(TypeSpec base, Declarator& declarator, DeclaratorUse use) {
  std::string subject = use_name(use);
  if (declarator.name)
    subject += " '" + std::string(declarator.name->text) + "'";
  TypeSpec type = std::move(base);
  for (DeclaratorOp& op : declarator.ops) {
    switch (op.kind) {
    case DeclaratorOp::Kind::Pointer: {
      type = TypeSpec::pointer_to(std::move(type), op.loc);
      type.is_const = op.is_const;
      break;
    }
    case DeclaratorOp::Kind::Array: {
      if (type.kind == Kind::Function)
        report(op.loc, subject + " is declared as an array of functions",
               "use an array of function pointers: '(*name[N])(...)'");
      else if (type.kind == Kind::Void)
        report(op.loc, subject + " is declared as an array of void",
               "use a byte array ('char name[N]') or an array of 'void *'");
      else if (type.kind == Kind::Array && !type.size)
        report(op.loc, subject + " is an array of arrays of unknown size",
               "only the first dimension may be '[]'");
      TypeSpec array;
      array.kind = Kind::Array;
      array.loc = op.loc;
      array.size = op.length;
      array.element = std::make_unique<TypeSpec>(std::move(type));
      type = std::move(array);
      break;
    }
    case DeclaratorOp::Kind::Function: {
      if (type.kind == Kind::Array || type.kind == Kind::Function)
        report(op.loc,
               subject + " is declared as a function returning " +
                   (type.kind == Kind::Array ? "an array" : "a function"),
               "return a pointer instead");
      TypeSpec function;
      function.kind = Kind::Function;
      function.loc = op.loc;
      function.element = std::make_unique<TypeSpec>(std::move(type));
      function.params = std::move(op.params);
      function.variadic = op.variadic;
      type = std::move(function);
      break;
    }
    }
  }

  Location where = declarator.name ? loc(*declarator.name) : type.loc;
  switch (use) {
  case DeclaratorUse::Member:
    if (type.kind == Kind::Function)
      report(where, subject + " has a function type",
             "use a function pointer: '(*" + std::string(declarator.name->text) + ")(...)'");
    else if (type.kind == Kind::Void)
      report(where, subject + " has type 'void'", "use 'void *' for an untyped pointer");
    break;
  case DeclaratorUse::Parameter:
    // As in C, array and function parameters are pointers.
    if (type.kind == Kind::Array) {
      TypeSpec element = std::move(*type.element);
      type = TypeSpec::pointer_to(std::move(element), type.loc);
    } else if (type.kind == Kind::Function) {
      Location function_loc = type.loc;
      type = TypeSpec::pointer_to(std::move(type), function_loc);
    } else if (type.kind == Kind::Void) {
      report(where, subject + " has type 'void'",
             "'void' alone means no parameters: '(void)'; use 'void *' for a pointer");
    }
    break;
  case DeclaratorUse::Typedef:
  case DeclaratorUse::Variable:
    break;
  }
  return type;
}

// ---- Constant expressions -------------------------------------------------------------

// constant-expression -> binary ['?' constant-expression ':' constant-expression]
ConstantValue Parser::parse_constant_expression() {
  NestingGuard guard(*this);
  ConstantValue condition = parse_binary(1);
  if (!accept("?"))
    return condition;
  ConstantValue if_true = parse_constant_expression();
  expect(":", "expected ':' in the conditional expression");
  ConstantValue if_false = parse_constant_expression();
  ConstantValue chosen = condition.bits != 0 ? if_true : if_false;
  chosen.is_unsigned = if_true.is_unsigned || if_false.is_unsigned;
  return chosen;
}

// binary -> unary (binary-operator unary)*, grouped by C precedence
ConstantValue Parser::parse_binary(int min_precedence) {
  ConstantValue lhs = parse_unary();
  while (true) {
    int precedence = binary_precedence(peek());
    if (precedence == 0 || precedence < min_precedence)
      return lhs;
    const Token& op = take();
    ConstantValue rhs = parse_binary(precedence + 1);
    lhs = apply_binary(op, lhs, rhs);
  }
}

// unary -> ('-' | '+' | '~' | '!') unary | primary
ConstantValue Parser::parse_unary() {
  if (!at("-") && !at("+") && !at("~") && !at("!"))
    return parse_primary();
  NestingGuard guard(*this);
  const Token& op = take();
  ConstantValue value = parse_unary();
  if (op.text == "-")
    value.bits = 0 - value.bits;
  else if (op.text == "~")
    value.bits = ~value.bits;
  else if (op.text == "!")
    value = ConstantValue{value.bits == 0 ? 1u : 0u, false};
  return value;
}

// primary -> integer | character | enumerator-name | '(' constant-expression ')'
ConstantValue Parser::parse_primary() {
  const Token& token = peek();
  ConstantValue value;
  std::string error;
  if (token.kind == TokenKind::Number || token.kind == TokenKind::Char) {
    take();
    bool ok = token.kind == TokenKind::Number ? parse_c_integer(token.text, value, error)
                                              : parse_c_char(token.text, value, error);
    if (!ok)
      fail(loc(token), error);
    return value;
  }
  if (token.kind == TokenKind::Identifier) {
    std::string name(token.text);
    if (is_one_of(name, {"sizeof", "_Alignof", "__alignof__", "alignof"}))
      fail(loc(token), "'" + name + "' is not supported in constant expressions",
           "write the size as a number");
    auto found = constants_.find(name);
    if (found == constants_.end()) {
      std::vector<std::string> known;
      for (const auto& [known_name, known_value] : constants_)
        known.push_back(known_name);
      std::sort(known.begin(), known.end());
      auto suggestion = ast::closest_match(name, known);
      fail(loc(token),
           "unknown name '" + name + "' in constant expression" +
               (suggestion ? " (did you mean '" + *suggestion + "'?)" : ""),
           "only integer constants and enumerators defined earlier can be used");
    }
    take();
    return ConstantValue{static_cast<uint64_t>(found->second), false};
  }
  if (is(token, "(")) {
    if (starts_type_name(peek(1)))
      fail(span(token, peek(1)), "casts are not supported in constant expressions",
           "write the value without the cast");
    take();
    ConstantValue inner = parse_constant_expression();
    expect(")", "expected ')' to close the parenthesized expression");
    return inner;
  }
  fail_here("expected a constant expression, found " + describe(token));
}

// The value of `lhs op rhs` in 64 bits, unsigned when either side is.
ConstantValue Parser::apply_binary(const Token& op, ConstantValue lhs, ConstantValue rhs) {
  std::string_view o = op.text;
  bool is_unsigned = lhs.is_unsigned || rhs.is_unsigned;
  uint64_t a = lhs.bits;
  uint64_t b = rhs.bits;
  auto result = [&](uint64_t bits) { return ConstantValue{bits, is_unsigned}; };
  auto truth = [](bool value) { return ConstantValue{value ? 1u : 0u, false}; };
  // -1, 0 or 1, comparing as the usual arithmetic conversions would.
  int order = is_unsigned
                  ? (a < b ? -1 : a > b)
                  : (lhs.as_signed() < rhs.as_signed() ? -1 : lhs.as_signed() > rhs.as_signed());
  if (o == "+")
    return result(a + b);
  if (o == "-")
    return result(a - b);
  if (o == "*")
    return result(a * b);
  if (o == "/" || o == "%") {
    if (b == 0)
      fail(loc(op),
           std::string(o == "/" ? "division" : "remainder") + " by zero in constant expression");
    if (is_unsigned)
      return result(o == "/" ? a / b : a % b);
    int64_t x = lhs.as_signed();
    int64_t y = rhs.as_signed();
    if (x == std::numeric_limits<int64_t>::min() && y == -1)
      return result(o == "/" ? a : 0); // wraps, as two's complement hardware does
    return result(static_cast<uint64_t>(o == "/" ? x / y : x % y));
  }
  if (o == "<<" || o == ">>") {
    if (rhs.is_negative() || b >= 64)
      fail(loc(op),
           "shift count " +
               (rhs.is_negative() ? std::to_string(rhs.as_signed()) : std::to_string(b)) +
               " is out of range",
           "shift by 0 to 63 bits");
    if (o == "<<")
      return ConstantValue{a << b, lhs.is_unsigned};
    return ConstantValue{lhs.is_unsigned ? a >> b : static_cast<uint64_t>(lhs.as_signed() >> b),
                         lhs.is_unsigned};
  }
  if (o == "&")
    return result(a & b);
  if (o == "|")
    return result(a | b);
  if (o == "^")
    return result(a ^ b);
  if (o == "==")
    return truth(order == 0);
  if (o == "!=")
    return truth(order != 0);
  if (o == "<")
    return truth(order < 0);
  if (o == ">")
    return truth(order > 0);
  if (o == "<=")
    return truth(order <= 0);
  if (o == ">=")
    return truth(order >= 0);
  if (o == "&&")
    return truth(a != 0 && b != 0);
  return truth(a != 0 || b != 0); // "||"
}

} // namespace sonde::grammar::cdecl
