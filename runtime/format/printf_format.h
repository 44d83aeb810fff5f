// The printf engine behind printf(), cat(), system() (and the text part of
// errorf/warnf): the compiler parses and checks the format string once, the
// runtime formats each event's arguments with the parsed form.
//
// Conversions: %d %i %u %x %X %o %c %p %s, and bpftrace's buffer ones %r
// (non-printable bytes as \xNN), %rx (every byte as \xNN) and %rh (bytes as
// two hex digits separated by spaces). Flags "-+ #0", a width, a precision
// and the length modifiers hh h l ll j z t are honoured as C's printf does;
// in particular %d %u %x %o %X %c without l/ll/j/z/t read only the low 32
// bits (printf("%d", 4294967295) prints -1), %hd 16 and %hhd 8 bits. "%%"
// prints "%" (v0.17 printed "%%").
#pragma once

#include "runtime/format/value.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::format {

// The kind of argument a conversion consumes.
enum class ArgClass {
  Integer, // %d %i %u %x %X %o
  Char,    // %c: an integer printed as a character
  Pointer, // %p: an integer or pointer printed as an address
  String,  // %s: anything with a text form (strings, symbols, tuples...)
  Buffer,  // %r %rx %rh: a buffer
};

enum class LengthModifier { None, Char, Short, Long, LongLong, IntMax, Size, PtrDiff };

// How %r-family conversions show bytes.
enum class BufferStyle {
  Escaped,    // %r:  printable ASCII kept, other bytes \xNN
  AllEscaped, // %rx: every byte \xNN
  HexBytes,   // %rh: "0a 1b ff"
};

struct Conversion {
  size_t offset = 0; // byte offset of the '%' in the format string
  std::string text;  // the conversion as written, e.g. "%-5lld"
  std::string flags; // any of "-+ #0" in the order written
  std::optional<unsigned> width;
  std::optional<unsigned> precision;
  LengthModifier length = LengthModifier::None;
  char specifier = 'd';                            // d i u x X o c p s r
  BufferStyle buffer_style = BufferStyle::Escaped; // only for 'r'
  ArgClass expects = ArgClass::Integer;
};

// A parsed format: literals[0], conversions[0], literals[1], ...,
// literals[n]; literals already have "%%" turned into "%".
struct PrintfFormat {
  std::vector<std::string> literals{""};
  std::vector<Conversion> conversions;
  size_t source_length = 0; // length of the format string parsed
};

// A problem in a format string, located by byte offset and length within it
// so the compiler can underline it. `message` has no "printf: " prefix.
struct FormatError {
  size_t offset = 0;
  size_t length = 0;
  std::string message;
  std::string hint; // advice for a HINT: line, or empty
};

struct ParsedFormat {
  PrintfFormat format;
  std::optional<FormatError> error; // set when the format string is invalid
};

// The conversions of a format string, or the first error in it.
ParsedFormat parse_printf_format(std::string_view format);

// An error when `supplied` arguments do not match the conversions (located
// at the first conversion lacking an argument, or the whole string when
// there are too many), nullopt when the count is right.
std::optional<FormatError> check_printf_argument_count(const PrintfFormat& format, size_t supplied);

// "integer", "string" or "buffer": the argument type a conversion wants.
std::string_view arg_class_name(ArgClass expects);

// "%d specifier expects a value of type integer (string supplied)".
std::string printf_type_error(const Conversion& conversion, std::string_view supplied_type);

// The text printf prints for these arguments. Integers are passed to the C
// conversion from their 64-bit bits; a missing argument leaves the
// conversion's text as written.
std::string format_printf(const PrintfFormat& format, std::span<const Value> args);

// Buffer bytes in one of the %r styles, before width/precision apply.
std::string format_buffer_bytes(std::string_view bytes, BufferStyle style);

} // namespace sonde::format
