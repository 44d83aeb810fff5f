#include "runtime/format/value.h"

#include <algorithm>
#include <cstdio>
#include <type_traits>

namespace sonde::format {

namespace {

// Keeps the low `width` bits and re-extends them to 64 bits, so that a value
// behaves exactly like one read from a field of that width.
uint64_t normalize_bits(uint64_t bits, uint8_t width, bool is_signed) {
  if (width == 0 || width >= 64)
    return bits;
  const uint64_t mask = (uint64_t{1} << width) - 1;
  bits &= mask;
  const uint64_t sign_bit = uint64_t{1} << (width - 1);
  if (is_signed && (bits & sign_bit) != 0)
    bits |= ~mask;
  return bits;
}

std::string integer_text(const Integer& value) {
  return value.is_signed ? std::to_string(value.as_signed()) : std::to_string(value.as_unsigned());
}

std::string hex_address(uint64_t address) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(address));
  return text;
}

// A stack's text starts with a newline and ends each frame with one, which is
// what makes `@k[<stack>]: 6` print the frames on their own lines.
std::string stack_text(const Stack& stack) {
  const char* indent = "";
  if (stack.mode == StackMode::Bpftrace)
    indent = "    ";
  else if (stack.mode == StackMode::Perf)
    indent = "\t";
  std::string out = "\n";
  for (const auto& frame : stack.frames) {
    out += indent;
    out += frame;
    out += '\n';
  }
  return out;
}

template <typename Render>
std::string join_values(const std::vector<Value>& values, std::string_view separator,
                        Render render) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0)
      out += separator;
    out += render(values[i]);
  }
  return out;
}

std::string quoted(std::string_view text) {
  return "\"" + json_escape(text) + "\"";
}

std::strong_ordering compare_integers(const Integer& a, const Integer& b) {
  // Compare by mathematical value even when one side is signed and the
  // other unsigned: a negative number is below every unsigned one.
  const bool a_negative = a.is_signed && a.as_signed() < 0;
  const bool b_negative = b.is_signed && b.as_signed() < 0;
  if (a_negative != b_negative)
    return a_negative ? std::strong_ordering::less : std::strong_ordering::greater;
  if (a_negative)
    return a.as_signed() <=> b.as_signed();
  return a.as_unsigned() <=> b.as_unsigned();
}

std::strong_ordering compare_lists(const std::vector<Value>& a, const std::vector<Value>& b) {
  const size_t common = std::min(a.size(), b.size());
  for (size_t i = 0; i < common; ++i) {
    if (auto order = compare_values(a[i], b[i]); order != 0)
      return order;
  }
  return a.size() <=> b.size();
}

std::strong_ordering compare_strings(std::string_view a, std::string_view b) {
  const int result = a.compare(b);
  return result <=> 0;
}

} // namespace

Value Value::signed_int(int64_t value, uint8_t width) {
  return Value{Integer{normalize_bits(static_cast<uint64_t>(value), width, true), true, width}};
}

Value Value::unsigned_int(uint64_t value, uint8_t width) {
  return Value{Integer{normalize_bits(value, width, false), false, width}};
}

Value Value::boolean(bool value) {
  return Value{Bool{value}};
}

Value Value::string(std::string text) {
  return Value{String{std::move(text)}};
}

Value Value::buffer(std::string bytes) {
  return Value{Buffer{std::move(bytes)}};
}

Value Value::pointer(uint64_t address) {
  return Value{Pointer{address}};
}

Value Value::tuple(std::vector<Value> elements) {
  return Value{Tuple{std::move(elements)}};
}

Value Value::record(std::vector<Field> fields) {
  return Value{Record{std::move(fields)}};
}

Value Value::array(std::vector<Value> elements) {
  return Value{Array{std::move(elements)}};
}

Value Value::text(std::string text, TextKind kind) {
  return Value{Text{kind, std::move(text)}};
}

Value Value::stack(std::vector<std::string> frames, StackMode mode) {
  return Value{Stack{mode, std::move(frames)}};
}

std::string escape_buffer(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 32 && byte <= 126) {
      out += c;
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof(escaped), "\\x%02x", byte);
      out += escaped;
    }
  }
  return out;
}

std::string to_text(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Integer>) {
          return integer_text(v);
        } else if constexpr (std::is_same_v<T, Bool>) {
          return v.value ? "true" : "false";
        } else if constexpr (std::is_same_v<T, String>) {
          return v.text;
        } else if constexpr (std::is_same_v<T, Buffer>) {
          return escape_buffer(v.bytes);
        } else if constexpr (std::is_same_v<T, Pointer>) {
          return hex_address(v.address);
        } else if constexpr (std::is_same_v<T, Tuple>) {
          return "(" + join_values(v.elements, ", ", to_text) + ")";
        } else if constexpr (std::is_same_v<T, Record>) {
          std::string out = "{ ";
          for (size_t i = 0; i < v.fields.size(); ++i) {
            if (i > 0)
              out += ", ";
            out += "." + v.fields[i].name + " = " + to_text(v.fields[i].value);
          }
          return out + " }";
        } else if constexpr (std::is_same_v<T, Array>) {
          return "[" + join_values(v.elements, ",", to_text) + "]";
        } else if constexpr (std::is_same_v<T, Text>) {
          return v.text;
        } else {
          static_assert(std::is_same_v<T, Stack>);
          return stack_text(v);
        }
      },
      value.data);
}

std::string to_json(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Integer>) {
          return integer_text(v);
        } else if constexpr (std::is_same_v<T, Bool>) {
          return v.value ? "true" : "false";
        } else if constexpr (std::is_same_v<T, String>) {
          return quoted(v.text);
        } else if constexpr (std::is_same_v<T, Buffer>) {
          return quoted(escape_buffer(v.bytes));
        } else if constexpr (std::is_same_v<T, Pointer>) {
          // v0.17 wrote the bare 0x... text, which is not JSON; quote it.
          return quoted(hex_address(v.address));
        } else if constexpr (std::is_same_v<T, Tuple>) {
          return "[" + join_values(v.elements, ",", to_json) + "]";
        } else if constexpr (std::is_same_v<T, Record>) {
          std::string out = "{";
          for (size_t i = 0; i < v.fields.size(); ++i) {
            if (i > 0)
              out += ", ";
            out += quoted(v.fields[i].name) + ": " + to_json(v.fields[i].value);
          }
          return out + "}";
        } else if constexpr (std::is_same_v<T, Array>) {
          return "[" + join_values(v.elements, ",", to_json) + "]";
        } else if constexpr (std::is_same_v<T, Text>) {
          return quoted(v.text);
        } else {
          static_assert(std::is_same_v<T, Stack>);
          return quoted(stack_text(v));
        }
      },
      value.data);
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned char>(c));
        out += escaped;
      } else {
        // Bytes >= 0x80 pass through: they are UTF-8 in any sane input.
        out += c;
      }
    }
  }
  return out;
}

std::strong_ordering compare_values(const Value& a, const Value& b) {
  if (a.data.index() != b.data.index())
    return a.data.index() <=> b.data.index();
  return std::visit(
      [&b](const auto& left) -> std::strong_ordering {
        using T = std::decay_t<decltype(left)>;
        const auto& right = std::get<T>(b.data);
        if constexpr (std::is_same_v<T, Integer>) {
          return compare_integers(left, right);
        } else if constexpr (std::is_same_v<T, Bool>) {
          return left.value <=> right.value;
        } else if constexpr (std::is_same_v<T, String>) {
          return compare_strings(left.text, right.text);
        } else if constexpr (std::is_same_v<T, Buffer>) {
          return compare_strings(left.bytes, right.bytes);
        } else if constexpr (std::is_same_v<T, Pointer>) {
          return left.address <=> right.address;
        } else if constexpr (std::is_same_v<T, Tuple> || std::is_same_v<T, Array>) {
          return compare_lists(left.elements, right.elements);
        } else if constexpr (std::is_same_v<T, Record>) {
          const size_t common = std::min(left.fields.size(), right.fields.size());
          for (size_t i = 0; i < common; ++i) {
            if (auto order = compare_values(left.fields[i].value, right.fields[i].value);
                order != 0)
              return order;
          }
          return left.fields.size() <=> right.fields.size();
        } else if constexpr (std::is_same_v<T, Text>) {
          return compare_strings(left.text, right.text);
        } else {
          static_assert(std::is_same_v<T, Stack>);
          const size_t common = std::min(left.frames.size(), right.frames.size());
          for (size_t i = 0; i < common; ++i) {
            if (auto order = compare_strings(left.frames[i], right.frames[i]); order != 0)
              return order;
          }
          return left.frames.size() <=> right.frames.size();
        }
      },
      a.data);
}

std::strong_ordering compare_keys(const std::vector<Value>& a, const std::vector<Value>& b) {
  return compare_lists(a, b);
}

} // namespace sonde::format
