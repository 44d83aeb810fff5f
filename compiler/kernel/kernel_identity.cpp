#include "compiler/kernel/kernel_identity.h"

#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace sonde::kernel {

namespace {

constexpr uint32_t kNoteGnuBuildId = 3; // NT_GNU_BUILD_ID

std::string read_file(const std::string& path) {
  std::string content;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return content;
  char buffer[65536];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0)
    content.append(buffer, static_cast<size_t>(n));
  close(fd);
  return content;
}

uint32_t read_u32(const std::string& bytes, size_t at) {
  uint32_t value;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : bytes) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

// FNV-1a: not cryptographic, which a cache key of our own kernel does not need.
uint64_t fnv1a(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

} // namespace

std::optional<std::string> kernel_build_id() {
  // /sys/kernel/notes is the kernel's ELF note section: a sequence of
  // (namesz, descsz, type, name, desc) with name and desc padded to 4 bytes.
  std::string notes = read_file("/sys/kernel/notes");
  size_t pos = 0;
  auto padded = [](uint32_t size) { return (static_cast<size_t>(size) + 3) & ~size_t{3}; };
  while (pos + 12 <= notes.size()) {
    uint32_t name_size = read_u32(notes, pos);
    uint32_t desc_size = read_u32(notes, pos + 4);
    uint32_t type = read_u32(notes, pos + 8);
    size_t name_at = pos + 12;
    size_t desc_at = name_at + padded(name_size);
    if (desc_at + desc_size > notes.size())
      break;
    std::string_view name(notes.data() + name_at, name_size);
    if (type == kNoteGnuBuildId && name == std::string_view("GNU\0", 4))
      return to_hex(std::string_view(notes.data() + desc_at, desc_size));
    pos = desc_at + padded(desc_size);
  }
  return std::nullopt;
}

std::string btf_identity(const std::string& btf_path) {
  std::string identity;
  struct utsname names {};
  if (uname(&names) == 0)
    identity = std::string(names.release) + "|" + names.version;
  if (std::optional<std::string> build_id = kernel_build_id())
    identity += "|build-id:" + *build_id;
  else
    identity += "|btf-hash:" + std::to_string(fnv1a(read_file(btf_path)));
  struct stat st {};
  identity += "|btf:" + (stat(btf_path.c_str(), &st) == 0 ? std::to_string(st.st_size) : "none");
  return identity;
}

} // namespace sonde::kernel
