// Building Layouts and little-endian byte strings for the decode tests.
#pragma once

#include "compiler/bundle.h"
#include "runtime/decode.h"

#include <cstdint>
#include <string>

namespace sonde::runtime::test {

using bundle::Layout;

inline Layout int_layout(uint32_t size, bool is_signed, uint32_t offset = 0) {
  Layout layout;
  layout.kind = Layout::Kind::Integer;
  layout.size = size;
  layout.is_signed = is_signed;
  layout.offset = offset;
  return layout;
}

inline Layout string_layout(uint32_t size, uint32_t offset = 0) {
  Layout layout;
  layout.kind = Layout::Kind::String;
  layout.size = size;
  layout.offset = offset;
  return layout;
}

inline Layout tuple_layout(std::vector<Layout> fields) {
  Layout layout;
  layout.kind = Layout::Kind::Tuple;
  layout.fields = std::move(fields);
  return layout;
}

// `value` as `size` little-endian bytes.
inline std::string le(uint64_t value, size_t size = 8) {
  std::string bytes;
  for (size_t i = 0; i < size; ++i)
    bytes += static_cast<char>((value >> (8 * i)) & 0xff);
  return bytes;
}

// `text` padded with NULs to `size` bytes.
inline std::string padded(const std::string& text, size_t size) {
  std::string bytes = text;
  bytes.resize(size, '\0');
  return bytes;
}

inline Bytes bytes_of(const std::string& bytes) {
  return Bytes(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

} // namespace sonde::runtime::test
