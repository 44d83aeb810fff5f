#include "runtime/decode.h"

#include "runtime/format/wallclock.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace sonde::runtime {

namespace {

using bundle::Layout;
using format::Value;

Bytes tail(Bytes bytes, size_t offset) {
  return offset >= bytes.size() ? Bytes{} : bytes.subspan(offset);
}

std::string hex_address(uint64_t address) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(address));
  return text;
}

Value decode_integer(const Layout& layout, Bytes bytes) {
  size_t size = layout.size == 0 ? 8 : layout.size;
  if (size > 8)
    size = 8;
  uint64_t bits = read_uint(bytes, 0, size);
  auto width = static_cast<uint8_t>(size * 8);
  if (layout.is_signed) {
    if (size < 8 && (bits >> (size * 8 - 1)) & 1)
      bits |= ~uint64_t{0} << (size * 8);
    return Value::signed_int(static_cast<int64_t>(bits), width);
  }
  return Value::unsigned_int(bits, width);
}

Value decode_string(const Layout& layout, Bytes bytes) {
  size_t limit = std::min<size_t>(layout.size, bytes.size());
  const auto* begin = reinterpret_cast<const char*>(bytes.data());
  size_t length = 0;
  while (length < limit && begin[length] != '\0')
    ++length;
  return Value::string(std::string(begin, length));
}

Value decode_buffer(const Layout& layout, Bytes bytes) {
  size_t capacity = layout.size > 4 ? layout.size - 4 : 0;
  size_t length = std::min<size_t>(read_uint(bytes, 0, 4), capacity);
  Bytes data = tail(bytes, 4);
  length = std::min(length, data.size());
  return Value::buffer(std::string(reinterpret_cast<const char*>(data.data()), length));
}

format::StackMode stack_mode(const std::string& mode) {
  if (mode == "perf")
    return format::StackMode::Perf;
  if (mode == "raw")
    return format::StackMode::Raw;
  return format::StackMode::Bpftrace;
}

Value decode_stack(const Layout& layout, Bytes bytes, const DecodeContext& ctx) {
  auto id = static_cast<int64_t>(read_uint(bytes, 0, 8));
  uint64_t pid = layout.kind == Layout::Kind::Ustack ? read_uint(bytes, 8, 8) : 0;
  std::vector<std::string> frames;
  if (id >= 0 && ctx.stack)
    frames = ctx.stack(layout, id, pid);
  return Value::stack(std::move(frames), stack_mode(layout.mode));
}

Value decode_inet(Bytes bytes) {
  auto family = static_cast<int>(read_uint(bytes, 0, 4));
  Bytes address = tail(bytes, 4);
  char text[INET6_ADDRSTRLEN] = "";
  if (family == AF_INET && address.size() >= 4)
    inet_ntop(AF_INET, address.data(), text, sizeof text);
  else if (family == AF_INET6 && address.size() >= 16)
    inet_ntop(AF_INET6, address.data(), text, sizeof text);
  return Value::text(text, format::TextKind::InetAddress);
}

Value decode_mac(Bytes bytes) {
  std::string text;
  for (size_t i = 0; i < 6; ++i) {
    char part[4];
    std::snprintf(part, sizeof part, i == 0 ? "%02X" : ":%02X", i < bytes.size() ? bytes[i] : 0);
    text += part;
  }
  return Value::text(text);
}

Value decode_timestamp(const Layout& layout, Bytes bytes, const DecodeContext& ctx) {
  int64_t ns = static_cast<int64_t>(read_uint(bytes, 0, 8)) + ctx.boot_to_epoch_ns;
  int64_t seconds = ns / 1000000000;
  auto nanos = static_cast<uint32_t>(ns % 1000000000);
  return Value::text(format::format_wallclock(layout.text, seconds, nanos),
                     format::TextKind::Timestamp);
}

Value decode_enum(const Layout& layout, Bytes bytes) {
  Value number = decode_integer(layout, bytes);
  const format::Integer& integer = *number.as_integer();
  std::string wanted = integer.is_signed ? std::to_string(integer.as_signed())
                                         : std::to_string(integer.as_unsigned());
  for (const std::string& pair : layout.names) {
    size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.compare(0, eq, wanted) == 0)
      return Value::text(pair.substr(eq + 1));
  }
  return number;
}

Value decode_resolved(const std::function<std::string(uint64_t)>& resolve, uint64_t number,
                      format::TextKind kind) {
  std::string text = resolve ? resolve(number) : std::string();
  return Value::text(text.empty() ? std::to_string(number) : text, kind);
}

} // namespace

uint64_t read_uint(Bytes bytes, size_t offset, size_t size) {
  if (offset > bytes.size() || bytes.size() - offset < size || size > 8)
    return 0;
  uint64_t value = 0;
  for (size_t i = 0; i < size; ++i)
    value |= uint64_t{bytes[offset + i]} << (8 * i);
  return value;
}

Value decode_value(const Layout& layout, Bytes bytes, const DecodeContext& ctx) {
  switch (layout.kind) {
  case Layout::Kind::None:
    return Value::string("");
  case Layout::Kind::Integer:
    return decode_integer(layout, bytes);
  case Layout::Kind::Bool:
    return Value::boolean(read_uint(bytes, 0, 1) != 0);
  case Layout::Kind::String:
    return decode_string(layout, bytes);
  case Layout::Kind::Buffer:
    return decode_buffer(layout, bytes);
  case Layout::Kind::Tuple:
    return Value::tuple(decode_args(layout, bytes, ctx));
  case Layout::Kind::Record: {
    std::vector<format::Field> fields;
    for (size_t i = 0; i < layout.fields.size(); ++i) {
      const Layout& field = layout.fields[i];
      fields.push_back({i < layout.names.size() ? layout.names[i] : std::string(),
                        decode_value(field, tail(bytes, field.offset), ctx)});
    }
    return Value::record(std::move(fields));
  }
  case Layout::Kind::Array: {
    std::vector<Value> elements;
    if (!layout.fields.empty()) {
      const Layout& element = layout.fields[0];
      for (uint32_t i = 0; i < layout.count; ++i)
        elements.push_back(decode_value(element, tail(bytes, size_t{i} * element.size), ctx));
    }
    return Value::array(std::move(elements));
  }
  case Layout::Kind::Pointer:
    return Value::pointer(read_uint(bytes, 0, 8));
  case Layout::Kind::Ksym: {
    uint64_t address = read_uint(bytes, 0, 8);
    std::string name = ctx.ksym ? ctx.ksym(address) : std::string();
    return Value::text(name.empty() ? hex_address(address) : name, format::TextKind::Symbol);
  }
  case Layout::Kind::Usym: {
    uint64_t address = read_uint(bytes, 0, 8);
    std::string name = ctx.usym ? ctx.usym(address, read_uint(bytes, 8, 8)) : std::string();
    return Value::text(name.empty() ? hex_address(address) : name, format::TextKind::Symbol);
  }
  case Layout::Kind::Kstack:
  case Layout::Kind::Ustack:
    return decode_stack(layout, bytes, ctx);
  case Layout::Kind::Inet:
    return decode_inet(bytes);
  case Layout::Kind::Timestamp:
    return decode_timestamp(layout, bytes, ctx);
  case Layout::Kind::Username:
    return decode_resolved(ctx.username, read_uint(bytes, 0, 8), format::TextKind::Other);
  case Layout::Kind::ProbeName: {
    uint64_t index = read_uint(bytes, 0, 8);
    if (ctx.probe_names && index < ctx.probe_names->size())
      return Value::text((*ctx.probe_names)[index]);
    return Value::text(std::to_string(index));
  }
  case Layout::Kind::Strerror:
    return Value::text(std::strerror(static_cast<int>(read_uint(bytes, 0, 8))));
  case Layout::Kind::CgroupPath:
    return decode_resolved(ctx.cgroup_path, read_uint(bytes, 0, 8), format::TextKind::Other);
  case Layout::Kind::MacAddr:
    return decode_mac(bytes);
  case Layout::Kind::Enum:
    return decode_enum(layout, bytes);
  }
  return Value::string("");
}

std::vector<Value> decode_key(const Layout& layout, Bytes bytes, const DecodeContext& ctx) {
  if (layout.kind == Layout::Kind::None)
    return {};
  if (layout.kind == Layout::Kind::Tuple)
    return decode_args(layout, bytes, ctx);
  return {decode_value(layout, bytes, ctx)};
}

std::vector<Value> decode_args(const Layout& args, Bytes payload, const DecodeContext& ctx) {
  std::vector<Value> values;
  values.reserve(args.fields.size());
  for (const Layout& field : args.fields)
    values.push_back(decode_value(field, tail(payload, field.offset), ctx));
  return values;
}

} // namespace sonde::runtime
