#include "compiler/kernel/elf_symbols.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace sonde::kernel {

namespace {

// The directories the dynamic loader searches on Debian's x86_64 systems.
const char* const kLibraryDirs[] = {"/lib/x86_64-linux-gnu",
                                    "/usr/lib/x86_64-linux-gnu",
                                    "/lib64",
                                    "/usr/lib64",
                                    "/lib",
                                    "/usr/lib",
                                    "/usr/local/lib"};

bool regular_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// "libc" -> libc.so.6: the highest-versioned lib<name>.so* in a directory.
std::optional<std::string> find_library(const std::string& name) {
  std::string base = name.rfind("lib", 0) == 0 ? name : "lib" + name;
  for (const char* dir : kLibraryDirs) {
    std::error_code ec;
    if (regular_file(std::filesystem::path(dir) / base))
      return (std::filesystem::path(dir) / base).string();
    std::vector<std::string> candidates;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      std::string file = entry.path().filename().string();
      if (file.rfind(base + ".so", 0) == 0 && regular_file(entry.path()))
        candidates.push_back(entry.path().string());
    }
    if (!candidates.empty()) {
      std::sort(candidates.begin(), candidates.end());
      return candidates.back();
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> resolve_binary(const std::string& name) {
  if (name.find('/') != std::string::npos)
    return regular_file(name) ? std::optional(name) : std::nullopt;
  if (auto library = find_library(name))
    return library;
  if (const char* path = std::getenv("PATH")) {
    std::istringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');)
      if (!dir.empty() && regular_file(std::filesystem::path(dir) / name))
        return (std::filesystem::path(dir) / name).string();
  }
  return std::nullopt;
}

bool function_symbols(const std::string& path, std::vector<FunctionSymbol>& functions,
                      std::string& error) {
  elf_version(EV_CURRENT);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open " + path;
    return false;
  }
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  if (!elf || elf_kind(elf) != ELF_K_ELF) {
    if (elf)
      elf_end(elf);
    close(fd);
    error = path + " is not an ELF file";
    return false;
  }
  // A symbol's address becomes a file offset through the segment holding it.
  std::vector<GElf_Phdr> segments;
  size_t count = 0;
  if (elf_getphdrnum(elf, &count) == 0)
    for (size_t i = 0; i < count; ++i) {
      GElf_Phdr header;
      if (gelf_getphdr(elf, static_cast<int>(i), &header) && header.p_type == PT_LOAD)
        segments.push_back(header);
    }
  auto file_offset = [&](uint64_t address) -> std::optional<uint64_t> {
    for (const GElf_Phdr& segment : segments)
      if (address >= segment.p_vaddr && address < segment.p_vaddr + segment.p_memsz)
        return address - segment.p_vaddr + segment.p_offset;
    return std::nullopt;
  };
  for (Elf_Scn* section = elf_nextscn(elf, nullptr); section; section = elf_nextscn(elf, section)) {
    GElf_Shdr header;
    if (!gelf_getshdr(section, &header) ||
        (header.sh_type != SHT_SYMTAB && header.sh_type != SHT_DYNSYM) || header.sh_entsize == 0)
      continue;
    Elf_Data* data = elf_getdata(section, nullptr);
    size_t symbols = header.sh_size / header.sh_entsize;
    for (size_t i = 0; data && i < symbols; ++i) {
      GElf_Sym symbol;
      if (!gelf_getsym(data, static_cast<int>(i), &symbol) || symbol.st_value == 0)
        continue;
      int type = GELF_ST_TYPE(symbol.st_info);
      if (type != STT_FUNC && type != STT_GNU_IFUNC)
        continue;
      const char* name = elf_strptr(elf, header.sh_link, symbol.st_name);
      std::optional<uint64_t> offset = file_offset(symbol.st_value);
      if (!name || !*name || !offset)
        continue;
      std::string plain = name;
      if (size_t at = plain.find('@'); at != std::string::npos)
        plain.erase(at);
      functions.push_back({plain, *offset});
    }
  }
  elf_end(elf);
  close(fd);
  std::sort(functions.begin(), functions.end(),
            [](const FunctionSymbol& a, const FunctionSymbol& b) { return a.name < b.name; });
  functions.erase(std::unique(functions.begin(), functions.end(),
                              [](const FunctionSymbol& a, const FunctionSymbol& b) {
                                return a.name == b.name;
                              }),
                  functions.end());
  return true;
}

} // namespace sonde::kernel
