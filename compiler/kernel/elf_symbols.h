// What the compiler needs of user binaries for uprobes: where a library
// named by its short name lives, and the functions a binary defines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sonde::kernel {

// The path of a binary named in an attach point: a path is kept as it is
// ("/bin/bash", "./prog"); a bare name is looked up as a shared library
// ("libc" -> /usr/lib/x86_64-linux-gnu/libc.so.6) and then on PATH ("bash").
std::optional<std::string> resolve_binary(const std::string& name);

struct FunctionSymbol {
  std::string name;
  uint64_t file_offset = 0; // where a uprobe on the function goes
};

// The functions a binary defines (FUNC and IFUNC symbols of .symtab and
// .dynsym with an address), sorted by name and unique; version suffixes
// ("@@GLIBC_2.2.5") are dropped. Returns false with `error` when the file is
// not a readable ELF file.
bool function_symbols(const std::string& path, std::vector<FunctionSymbol>& functions,
                      std::string& error);

} // namespace sonde::kernel
