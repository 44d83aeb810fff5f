// Helpers shared by the text and JSON map printers; not part of the API.
#pragma once

#include "runtime/format/map_format.h"

#include <cstdint>
#include <string>

namespace sonde::format::detail {

// print()'s div with 0 taken as 1.
uint64_t effective_div(const PrintLimits& limits);

// value / div with the division signed when the value is.
Integer divide(const Integer& value, uint64_t div);

// The value divided by div when it is an integer, unchanged otherwise.
Value divide_value(const Value& value, uint64_t div);

// Decimal text of an integer, signed or unsigned as its type was.
std::string integer_text(const Integer& value);

} // namespace sonde::format::detail
