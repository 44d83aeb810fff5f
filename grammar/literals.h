// Integer literal forms: decimal, hex (0x1f), octal (010), digit separators
// (1_000), integer scientific notation (1e6), C suffixes (5UL, ignored) and
// duration suffixes (100ms, in nanoseconds).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sonde::grammar {

struct IntegerValue {
  uint64_t value = 0;
  bool is_unsigned = false; // above INT64_MAX or written with a U suffix
};

// Parses `text`; on failure returns false and sets `error` to a message that
// names the problem ("integer literal is too large", "invalid suffix 'q'").
bool parse_integer_literal(std::string_view text, IntegerValue& out, std::string& error);

} // namespace sonde::grammar
