#include "grammar/literals.h"

#include <array>
#include <cctype>

namespace sonde::grammar {

namespace {

bool multiply_checked(uint64_t a, uint64_t b, uint64_t& out) {
  return !__builtin_mul_overflow(a, b, &out);
}

bool add_checked(uint64_t a, uint64_t b, uint64_t& out) {
  return !__builtin_add_overflow(a, b, &out);
}

struct Duration {
  std::string_view suffix;
  uint64_t nanoseconds;
};
constexpr std::array<Duration, 7> kDurations = {{
    {"ns", 1},
    {"us", 1'000},
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"m", 60'000'000'000},
    {"h", 3'600'000'000'000},
    {"d", 86'400'000'000'000},
}};

// C integer suffixes: any order of one 'u' and up to two equal 'l's.
bool is_c_suffix(std::string_view s, bool& has_u) {
  has_u = false;
  size_t ls = 0;
  char l_case = 0;
  for (char c : s) {
    if (c == 'u' || c == 'U') {
      if (has_u)
        return false;
      has_u = true;
    } else if (c == 'l' || c == 'L') {
      if (ls == 2 || (l_case && c != l_case))
        return false;
      l_case = c;
      ++ls;
    } else {
      return false;
    }
  }
  return !s.empty();
}

} // namespace

bool parse_integer_literal(std::string_view text, IntegerValue& out, std::string& error) {
  const std::string_view original = text;
  uint64_t value = 0;
  auto too_large = [&] {
    error = "integer literal is too large: " + std::string(original);
    return false;
  };
  size_t i = 0;
  bool any_digit = false;
  if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    for (i = 2; i < text.size(); ++i) {
      char c = text[i];
      if (c == '_')
        continue;
      if (!std::isxdigit(static_cast<unsigned char>(c)))
        break;
      int digit =
          std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10;
      if (!multiply_checked(value, 16, value) || !add_checked(value, digit, value))
        return too_large();
      any_digit = true;
    }
    if (!any_digit) {
      error = "invalid hex literal: " + std::string(original);
      return false;
    }
  } else {
    const bool octal = text.size() > 1 && text[0] == '0';
    const uint64_t base = octal ? 8 : 10;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '_')
        continue;
      if (!std::isdigit(static_cast<unsigned char>(c)))
        break;
      if (octal && c > '7') {
        error =
            "invalid digit '" + std::string(1, c) + "' in octal literal " + std::string(original);
        return false;
      }
      if (!multiply_checked(value, base, value) || !add_checked(value, c - '0', value))
        return too_large();
    }
    // Integer scientific notation: 1e6. A negative exponent is not an integer.
    if (i + 1 < text.size() && (text[i] == 'e' || text[i] == 'E') &&
        std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      uint64_t exponent = 0;
      for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
        exponent = exponent * 10 + (text[i] - '0');
        if (exponent > 19)
          return too_large();
      }
      for (uint64_t e = 0; e < exponent; ++e)
        if (!multiply_checked(value, 10, value))
          return too_large();
    }
  }

  std::string_view suffix = text.substr(i);
  out.is_unsigned = false;
  if (!suffix.empty()) {
    bool has_u = false;
    if (is_c_suffix(suffix, has_u)) {
      out.is_unsigned = has_u;
    } else {
      const Duration* unit = nullptr;
      for (const Duration& d : kDurations)
        if (d.suffix == suffix)
          unit = &d;
      if (!unit) {
        error = "invalid suffix '" + std::string(suffix) + "' on integer literal " +
                std::string(original);
        return false;
      }
      if (!multiply_checked(value, unit->nanoseconds, value))
        return too_large();
    }
  }
  out.value = value;
  if (value > static_cast<uint64_t>(INT64_MAX))
    out.is_unsigned = true;
  return true;
}

} // namespace sonde::grammar
