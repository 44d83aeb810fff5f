// #if / #elif expressions: C's integer arithmetic on 64-bit values, signed
// unless an operand is unsigned, with short-circuit && || ?: so that
// `#if 0 && 1 / 0` is fine. Never undefined behaviour here: arithmetic wraps
// on unsigned bits, and division by zero or shifts out of range are defined
// (an error and 0 / all-sign-bits respectively).
#include "grammar/preprocess_internal.h"

#include <limits>

namespace sonde::grammar::pp {

namespace {

// Parentheses, unary operators and ?: recurse; deeper input is rejected
// rather than risking the stack.
constexpr int kMaxNesting = 256;

struct Value {
  uint64_t bits = 0;
  bool is_unsigned = false;

  bool truthy() const { return bits != 0; }
  int64_t as_signed() const { return static_cast<int64_t>(bits); }
};

Value boolean(bool b) {
  return Value{b ? 1u : 0u, false};
}

int binary_precedence(const Token* token) {
  if (!token || token->kind != TokenKind::Punct)
    return -1;
  std::string_view op = token->text;
  if (op == "||")
    return 1;
  if (op == "&&")
    return 2;
  if (op == "|")
    return 3;
  if (op == "^")
    return 4;
  if (op == "&")
    return 5;
  if (op == "==" || op == "!=")
    return 6;
  if (op == "<" || op == "<=" || op == ">" || op == ">=")
    return 7;
  if (op == "<<" || op == ">>")
    return 8;
  if (op == "+" || op == "-")
    return 9;
  if (op == "*" || op == "/" || op == "%")
    return 10;
  return -1;
}

int digit_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return 99;
}

class ConditionParser {
public:
  explicit ConditionParser(const std::vector<Token>& tokens) {
    for (const Token& token : tokens)
      if (!token.is_blank())
        tokens_.push_back(&token);
  }

  bool parse(bool& result, PpError& error) {
    if (tokens_.empty()) {
      error =
          PpError{0, 0, "#if needs an expression", "for example: #if defined(NAME) && NAME > 1"};
      return false;
    }
    Value value = conditional(true);
    if (!failed_ && pos_ < tokens_.size())
      fail(tokens_[pos_], "unexpected '" + std::string(tokens_[pos_]->text) + "' in #if expression",
           "an operator may be missing between two operands");
    if (failed_) {
      error = error_;
      return false;
    }
    result = value.truthy();
    return true;
  }

private:
  std::vector<const Token*> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  PpError error_;

  const Token* peek() const { return pos_ < tokens_.size() ? tokens_[pos_] : nullptr; }

  bool accept(std::string_view op) {
    const Token* token = peek();
    if (token && token->is(TokenKind::Punct, op)) {
      ++pos_;
      return true;
    }
    return false;
  }

  Value fail(const Token* at, std::string message, std::string hint = {}) {
    if (failed_)
      return {};
    failed_ = true;
    if (!at && !tokens_.empty())
      at = tokens_.back();
    error_ = at ? PpError{at->src_begin, at->src_end, std::move(message), std::move(hint)}
                : PpError{0, 0, std::move(message), std::move(hint)};
    return {};
  }

  // Tracks recursion depth for the duration of one call.
  struct Nesting {
    explicit Nesting(int& depth) : depth(depth) { ++depth; }
    ~Nesting() { --depth; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    int& depth;
  };

  Value conditional(bool evaluate) {
    Nesting nesting(depth_);
    if (depth_ > kMaxNesting)
      return fail(peek(), "#if expression is nested too deeply");
    Value condition = binary(1, evaluate);
    if (failed_ || !accept("?"))
      return condition;
    Value if_true = conditional(evaluate && condition.truthy());
    if (failed_)
      return {};
    if (!accept(":"))
      return fail(peek(), "missing ':' in #if expression", "write COND ? A : B");
    Value if_false = conditional(evaluate && !condition.truthy());
    Value chosen = condition.truthy() ? if_true : if_false;
    chosen.is_unsigned = if_true.is_unsigned || if_false.is_unsigned;
    return chosen;
  }

  Value binary(int min_precedence, bool evaluate) {
    Value lhs = unary(evaluate);
    while (!failed_) {
      const Token* op = peek();
      int precedence = binary_precedence(op);
      if (precedence < min_precedence)
        break;
      ++pos_;
      if (op->text == "&&") {
        Value rhs = binary(precedence + 1, evaluate && lhs.truthy());
        lhs = boolean(lhs.truthy() && rhs.truthy());
      } else if (op->text == "||") {
        Value rhs = binary(precedence + 1, evaluate && !lhs.truthy());
        lhs = boolean(lhs.truthy() || rhs.truthy());
      } else {
        Value rhs = binary(precedence + 1, evaluate);
        lhs = apply(*op, lhs, rhs, evaluate);
      }
    }
    return lhs;
  }

  Value apply(const Token& op_token, Value a, Value b, bool evaluate) {
    std::string_view op = op_token.text;
    bool is_unsigned = a.is_unsigned || b.is_unsigned;
    auto less = [&](Value x, Value y) {
      return is_unsigned ? x.bits < y.bits : x.as_signed() < y.as_signed();
    };
    if (op == "==")
      return boolean(a.bits == b.bits);
    if (op == "!=")
      return boolean(a.bits != b.bits);
    if (op == "<")
      return boolean(less(a, b));
    if (op == ">")
      return boolean(less(b, a));
    if (op == "<=")
      return boolean(!less(b, a));
    if (op == ">=")
      return boolean(!less(a, b));
    if (op == "+")
      return Value{a.bits + b.bits, is_unsigned};
    if (op == "-")
      return Value{a.bits - b.bits, is_unsigned};
    if (op == "*")
      return Value{a.bits * b.bits, is_unsigned};
    if (op == "&")
      return Value{a.bits & b.bits, is_unsigned};
    if (op == "|")
      return Value{a.bits | b.bits, is_unsigned};
    if (op == "^")
      return Value{a.bits ^ b.bits, is_unsigned};
    if (op == "/" || op == "%") {
      if (b.bits == 0) {
        if (evaluate)
          return fail(&op_token, "division by zero in #if expression");
        return Value{0, is_unsigned};
      }
      if (is_unsigned)
        return Value{op == "/" ? a.bits / b.bits : a.bits % b.bits, true};
      if (a.as_signed() == std::numeric_limits<int64_t>::min() && b.as_signed() == -1)
        return Value{op == "/" ? a.bits : 0, false}; // wraps as the hardware would
      int64_t result = op == "/" ? a.as_signed() / b.as_signed() : a.as_signed() % b.as_signed();
      return Value{static_cast<uint64_t>(result), false};
    }
    // Shifts take the type of the left operand. Counts outside 0..63 are
    // undefined in C; here they shift everything out.
    bool count_out_of_range = (!b.is_unsigned && b.as_signed() < 0) || b.bits >= 64;
    bool negative = !a.is_unsigned && a.as_signed() < 0;
    if (op == "<<")
      return Value{count_out_of_range ? 0 : a.bits << b.bits, a.is_unsigned};
    if (count_out_of_range)
      return Value{negative ? ~uint64_t{0} : 0, a.is_unsigned};
    if (a.is_unsigned)
      return Value{a.bits >> b.bits, true};
    return Value{static_cast<uint64_t>(a.as_signed() >> b.bits), false};
  }

  Value unary(bool evaluate) {
    Nesting nesting(depth_);
    if (depth_ > kMaxNesting)
      return fail(peek(), "#if expression is nested too deeply");
    if (accept("+"))
      return unary(evaluate);
    if (accept("-")) {
      Value v = unary(evaluate);
      return Value{0 - v.bits, v.is_unsigned};
    }
    if (accept("~")) {
      Value v = unary(evaluate);
      return Value{~v.bits, v.is_unsigned};
    }
    if (accept("!"))
      return boolean(!unary(evaluate).truthy());
    return primary(evaluate);
  }

  Value primary(bool evaluate) {
    const Token* token = peek();
    if (!token)
      return fail(nullptr, "#if expression ends too early", "an operand is missing at the end");
    if (token->is(TokenKind::Punct, "(")) {
      ++pos_;
      Value inner = conditional(evaluate);
      if (!failed_ && !accept(")"))
        return fail(peek(), "missing ')' in #if expression");
      return inner;
    }
    ++pos_;
    if (token->kind == TokenKind::Number)
      return number(*token);
    if (token->kind == TokenKind::Identifier) {
      if (token->text == "defined")
        return fail(token, "\"defined\" needs a macro name", "write defined(NAME) or defined NAME");
      // C23 and C++ read `true` as 1; every other name left after expansion
      // is an undefined macro and counts as 0.
      return boolean(token->text == "true");
    }
    return fail(token, "unexpected '" + std::string(token->text) + "' in #if expression",
                "#if takes integers, macro names, defined(NAME) and C operators");
  }

  Value number(const Token& token) {
    std::string_view text = token.text;
    bool has_u = false;
    int l_count = 0;
    while (!text.empty()) {
      char c = text.back();
      if ((c == 'u' || c == 'U') && !has_u)
        has_u = true;
      else if ((c == 'l' || c == 'L') && l_count < 2)
        ++l_count;
      else
        break;
      text.remove_suffix(1);
    }
    unsigned base = 10;
    if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
      base = 16;
      text.remove_prefix(2);
    } else if (text.size() > 1 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B')) {
      base = 2;
      text.remove_prefix(2);
    } else if (text.size() > 1 && text[0] == '0') {
      base = 8;
      text.remove_prefix(1);
    }
    std::string shown(token.text);
    if (base != 16 && text.find_first_of(".eE") != std::string_view::npos)
      return fail(&token, "floating-point number " + shown + " in #if expression",
                  "#if works on integers only");
    if (text.empty())
      return fail(&token, "invalid number " + shown + " in #if expression");
    uint64_t value = 0;
    for (char c : text) {
      unsigned digit = static_cast<unsigned>(digit_value(c));
      if (digit >= base)
        return fail(&token, "invalid number " + shown + " in #if expression");
      if (__builtin_mul_overflow(value, uint64_t{base}, &value) ||
          __builtin_add_overflow(value, uint64_t{digit}, &value))
        return fail(&token, "integer " + shown + " is too large for #if (64 bits)");
    }
    return Value{value, has_u || value > uint64_t{std::numeric_limits<int64_t>::max()}};
  }
};

} // namespace

bool evaluate_condition(const std::vector<Token>& tokens, bool& result, PpError& error) {
  ConditionParser parser(tokens);
  return parser.parse(result, error);
}

} // namespace sonde::grammar::pp
