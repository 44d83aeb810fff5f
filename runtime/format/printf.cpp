#include "runtime/format/printf_format.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace sonde::format {

namespace {

bool is_flag(char c) {
  return c == '-' || c == '+' || c == ' ' || c == '#' || c == '0';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads a run of decimal digits at `pos`, advancing past it.
std::optional<unsigned> read_number(std::string_view text, size_t& pos) {
  if (pos >= text.size() || !is_digit(text[pos]))
    return std::nullopt;
  unsigned long long number = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    // Saturate instead of wrapping; a width this large is rejected later.
    if (number < 1000000)
      number = number * 10 + static_cast<unsigned>(text[pos] - '0');
    ++pos;
  }
  return static_cast<unsigned>(number);
}

LengthModifier read_length(std::string_view text, size_t& pos) {
  if (pos >= text.size())
    return LengthModifier::None;
  const auto doubled = [&](char c) { return pos + 1 < text.size() && text[pos + 1] == c; };
  switch (text[pos]) {
  case 'h':
    if (doubled('h')) {
      pos += 2;
      return LengthModifier::Char;
    }
    ++pos;
    return LengthModifier::Short;
  case 'l':
    if (doubled('l')) {
      pos += 2;
      return LengthModifier::LongLong;
    }
    ++pos;
    return LengthModifier::Long;
  case 'j':
    ++pos;
    return LengthModifier::IntMax;
  case 'z':
    ++pos;
    return LengthModifier::Size;
  case 't':
    ++pos;
    return LengthModifier::PtrDiff;
  default:
    return LengthModifier::None;
  }
}

// Sets the specifier fields from the conversion character at `pos`; false
// when the character is not a conversion sonde knows.
bool read_specifier(std::string_view text, size_t& pos, Conversion& conversion) {
  if (pos >= text.size())
    return false;
  const char c = text[pos++];
  conversion.specifier = c;
  switch (c) {
  case 'd':
  case 'i':
  case 'u':
  case 'x':
  case 'X':
  case 'o':
    conversion.expects = ArgClass::Integer;
    return true;
  case 'c':
    conversion.expects = ArgClass::Char;
    return true;
  case 'p':
    conversion.expects = ArgClass::Pointer;
    return true;
  case 's':
    conversion.expects = ArgClass::String;
    return true;
  case 'r':
    conversion.expects = ArgClass::Buffer;
    if (pos < text.size() && text[pos] == 'x') {
      conversion.buffer_style = BufferStyle::AllEscaped;
      ++pos;
    } else if (pos < text.size() && text[pos] == 'h') {
      conversion.buffer_style = BufferStyle::HexBytes;
      ++pos;
    }
    return true;
  default:
    return false;
  }
}

FormatError error_at(size_t offset, size_t length, std::string message, std::string hint = {}) {
  return FormatError{offset, length, std::move(message), std::move(hint)};
}

// Parses the conversion starting at the '%' at `start`; on success `pos` is
// just past it.
std::optional<FormatError> parse_conversion(std::string_view text, size_t start, size_t& pos,
                                            Conversion& conversion) {
  pos = start + 1;
  conversion.offset = start;
  while (pos < text.size() && is_flag(text[pos]))
    conversion.flags += text[pos++];
  if (pos < text.size() && text[pos] == '*')
    return error_at(start, pos + 1 - start, "a '*' width or precision is not supported",
                    "write the width as a number in the format string");
  conversion.width = read_number(text, pos);
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (pos < text.size() && text[pos] == '*')
      return error_at(start, pos + 1 - start, "a '*' width or precision is not supported",
                      "write the precision as a number in the format string");
    // C reads "%.d" as precision 0.
    conversion.precision = read_number(text, pos).value_or(0);
  }
  if ((conversion.width && *conversion.width > 4096) ||
      (conversion.precision && *conversion.precision > 4096))
    return error_at(start, pos - start, "width or precision larger than 4096");
  conversion.length = read_length(text, pos);
  if (pos >= text.size())
    return error_at(start, pos - start,
                    "incomplete conversion '" + std::string(text.substr(start)) +
                        "' at the end of the format string",
                    "use %% for a literal '%'");
  const size_t specifier_pos = pos;
  if (!read_specifier(text, pos, conversion))
    return error_at(start, specifier_pos + 1 - start,
                    "invalid conversion specifier '" +
                        std::string(text.substr(start, specifier_pos + 1 - start)) + "'",
                    "use %% for a literal '%'");
  conversion.text = std::string(text.substr(start, pos - start));
  if (conversion.length != LengthModifier::None && conversion.expects != ArgClass::Integer)
    return error_at(start, pos - start,
                    "length modifier in '" + conversion.text +
                        "': only %d %i %u %x %X %o take one");
  return std::nullopt;
}

// The C format for one conversion: the written flags, width and precision,
// then `length` (already chosen to match the C argument passed) and `specifier`.
std::string c_spec(const Conversion& conversion, const char* length, char specifier,
                   bool keep_precision = true) {
  std::string spec = "%" + conversion.flags;
  if (conversion.width)
    spec += std::to_string(*conversion.width);
  if (keep_precision && conversion.precision)
    spec += "." + std::to_string(*conversion.precision);
  spec += length;
  spec += specifier;
  return spec;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
// snprintf into a std::string; `spec` is built by c_spec() from a parsed
// conversion, so it always holds exactly one conversion matching `argument`.
template <typename Argument>
std::string c_format(const std::string& spec, Argument argument) {
  const int length = std::snprintf(nullptr, 0, spec.c_str(), argument);
  if (length <= 0)
    return "";
  std::string out(static_cast<size_t>(length) + 1, '\0');
  std::snprintf(out.data(), out.size(), spec.c_str(), argument);
  out.resize(static_cast<size_t>(length));
  return out;
}
#pragma GCC diagnostic pop

bool reads_64_bits(LengthModifier length) {
  return length == LengthModifier::Long || length == LengthModifier::LongLong ||
         length == LengthModifier::IntMax || length == LengthModifier::Size ||
         length == LengthModifier::PtrDiff;
}

// The bits an integer-class conversion reads from `value`, or nullopt when
// the value has no integer meaning.
std::optional<uint64_t> integer_bits(const Value& value) {
  if (const auto* integer = value.as_integer())
    return integer->bits;
  if (const auto* boolean = std::get_if<Bool>(&value.data))
    return boolean->value ? 1 : 0;
  if (const auto* pointer = std::get_if<Pointer>(&value.data))
    return pointer->address;
  return std::nullopt;
}

std::string format_string(const Conversion& conversion, const std::string& text) {
  return c_format(c_spec(conversion, "", 's'), text.c_str());
}

// %d %i: truncated to the C type the length modifier names, then printed.
std::string format_signed(const Conversion& conversion, uint64_t bits) {
  if (reads_64_bits(conversion.length))
    return c_format(c_spec(conversion, "ll", 'd'), static_cast<long long>(bits));
  int narrowed = static_cast<int32_t>(static_cast<uint32_t>(bits));
  if (conversion.length == LengthModifier::Short)
    narrowed = static_cast<int16_t>(static_cast<uint16_t>(bits));
  else if (conversion.length == LengthModifier::Char)
    narrowed = static_cast<signed char>(static_cast<unsigned char>(bits));
  return c_format(c_spec(conversion, "", 'd'), narrowed);
}

// %u %x %X %o: as format_signed() but unsigned.
std::string format_unsigned(const Conversion& conversion, uint64_t bits) {
  if (reads_64_bits(conversion.length))
    return c_format(c_spec(conversion, "ll", conversion.specifier),
                    static_cast<unsigned long long>(bits));
  unsigned narrowed = static_cast<uint32_t>(bits);
  if (conversion.length == LengthModifier::Short)
    narrowed = static_cast<uint16_t>(bits);
  else if (conversion.length == LengthModifier::Char)
    narrowed = static_cast<unsigned char>(bits);
  return c_format(c_spec(conversion, "", conversion.specifier), narrowed);
}

std::string buffer_bytes_of(const Value& value) {
  if (const auto* buffer = std::get_if<Buffer>(&value.data))
    return buffer->bytes;
  if (const auto* string = std::get_if<String>(&value.data))
    return string->text;
  return to_text(value);
}

std::string format_argument(const Conversion& conversion, const Value& value) {
  switch (conversion.expects) {
  case ArgClass::String:
    return format_string(conversion, to_text(value));
  case ArgClass::Buffer:
    return format_string(conversion,
                         format_buffer_bytes(buffer_bytes_of(value), conversion.buffer_style));
  case ArgClass::Integer:
  case ArgClass::Char:
  case ArgClass::Pointer:
    break;
  }
  const auto bits = integer_bits(value);
  if (!bits) // the compiler rejects this; show the value rather than nothing
    return format_string(conversion, to_text(value));
  switch (conversion.specifier) {
  case 'd':
  case 'i':
    return format_signed(conversion, *bits);
  case 'c':
    return c_format(c_spec(conversion, "", 'c', false), static_cast<int>(*bits & 0xff));
  case 'p':
    return c_format(c_spec(conversion, "", 'p', false),
                    reinterpret_cast<void*>(static_cast<uintptr_t>(*bits)));
  default:
    return format_unsigned(conversion, *bits);
  }
}

} // namespace

ParsedFormat parse_printf_format(std::string_view format) {
  ParsedFormat parsed;
  parsed.format.source_length = format.size();
  size_t pos = 0;
  while (pos < format.size()) {
    const char c = format[pos];
    if (c != '%') {
      parsed.format.literals.back() += c;
      ++pos;
      continue;
    }
    if (pos + 1 < format.size() && format[pos + 1] == '%') {
      parsed.format.literals.back() += '%';
      pos += 2;
      continue;
    }
    Conversion conversion;
    size_t next = pos;
    if (auto error = parse_conversion(format, pos, next, conversion)) {
      parsed.error = std::move(error);
      return parsed;
    }
    parsed.format.conversions.push_back(std::move(conversion));
    parsed.format.literals.emplace_back();
    pos = next;
  }
  return parsed;
}

std::optional<FormatError> check_printf_argument_count(const PrintfFormat& format,
                                                       size_t supplied) {
  const size_t expected = format.conversions.size();
  const std::string counts =
      " (" + std::to_string(supplied) + " supplied, " + std::to_string(expected) + " expected)";
  if (supplied < expected) {
    const Conversion& missing = format.conversions[supplied];
    return error_at(missing.offset, missing.text.size(),
                    "not enough arguments for format string: nothing for '" + missing.text + "'" +
                        counts);
  }
  if (supplied > expected)
    return error_at(0, format.source_length, "too many arguments for format string" + counts,
                    "a literal '%' is written %%");
  return std::nullopt;
}

std::string_view arg_class_name(ArgClass expects) {
  switch (expects) {
  case ArgClass::String:
    return "string";
  case ArgClass::Buffer:
    return "buffer";
  case ArgClass::Integer:
  case ArgClass::Char:
  case ArgClass::Pointer:
    break;
  }
  return "integer";
}

std::string printf_type_error(const Conversion& conversion, std::string_view supplied_type) {
  return conversion.text + " specifier expects a value of type " +
         std::string(arg_class_name(conversion.expects)) + " (" + std::string(supplied_type) +
         " supplied)";
}

std::string format_buffer_bytes(std::string_view bytes, BufferStyle style) {
  if (style == BufferStyle::Escaped)
    return escape_buffer(bytes);
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    char hex[8];
    const auto byte = static_cast<unsigned char>(bytes[i]);
    if (style == BufferStyle::AllEscaped)
      std::snprintf(hex, sizeof(hex), "\\x%02x", byte);
    else
      std::snprintf(hex, sizeof(hex), i + 1 < bytes.size() ? "%02x " : "%02x", byte);
    out += hex;
  }
  return out;
}

std::string format_printf(const PrintfFormat& format, std::span<const Value> args) {
  std::string out = format.literals.front();
  for (size_t i = 0; i < format.conversions.size(); ++i) {
    const Conversion& conversion = format.conversions[i];
    out += i < args.size() ? format_argument(conversion, args[i]) : conversion.text;
    if (i + 1 < format.literals.size())
      out += format.literals[i + 1];
  }
  return out;
}

} // namespace sonde::format
