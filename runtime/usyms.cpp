#include "runtime/usyms.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cxxabi.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sonde::runtime {

namespace {

struct FunctionSymbol {
  uint64_t address = 0, size = 0;
  std::string name;
};

} // namespace

struct UserSymbols::ElfSymbols {
  struct Segment {
    uint64_t file_offset = 0, file_size = 0, vaddr = 0;
  };
  using Symbol = FunctionSymbol;
  std::vector<Segment> segments; // PT_LOAD
  std::vector<Symbol> functions; // sorted by address

  // The ELF virtual address that a file offset is loaded at.
  std::optional<uint64_t> vaddr_of(uint64_t file_offset) const {
    for (const Segment& segment : segments)
      if (file_offset >= segment.file_offset &&
          file_offset < segment.file_offset + segment.file_size)
        return file_offset - segment.file_offset + segment.vaddr;
    return std::nullopt;
  }

  const Symbol* at(uint64_t vaddr) const {
    auto it = std::upper_bound(functions.begin(), functions.end(), vaddr,
                               [](uint64_t a, const Symbol& s) { return a < s.address; });
    if (it == functions.begin())
      return nullptr;
    --it;
    // A sized symbol must contain the address; an unsized one takes
    // everything up to the next symbol.
    if (it->size && vaddr >= it->address + it->size)
      return nullptr;
    return &*it;
  }
};

namespace {

// C++ names as written in the source, as bpftrace shows them.
std::string demangled(const char* name) {
  if (name[0] != '_' || name[1] != 'Z')
    return name;
  int status = 0;
  char* text = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string result = status == 0 && text ? text : name;
  std::free(text);
  return result;
}

// The named function symbols of one symbol table section.
void read_symbol_table(Elf* elf, Elf_Scn* section, const GElf_Shdr& header,
                       std::vector<FunctionSymbol>& out) {
  Elf_Data* data = elf_getdata(section, nullptr);
  if (!data || header.sh_entsize == 0)
    return;
  size_t count = header.sh_size / header.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym symbol;
    if (!gelf_getsym(data, static_cast<int>(i), &symbol))
      continue;
    if (GELF_ST_TYPE(symbol.st_info) != STT_FUNC || symbol.st_value == 0)
      continue;
    const char* name = elf_strptr(elf, header.sh_link, symbol.st_name);
    if (name && *name)
      out.push_back({symbol.st_value, symbol.st_size, demangled(name)});
  }
}

} // namespace

UserSymbols::UserSymbols() {
  elf_version(EV_CURRENT);
}
UserSymbols::~UserSymbols() = default;

const std::vector<UserSymbols::Mapping>& UserSymbols::mappings(pid_t pid) {
  auto found = processes_.find(pid);
  if (found != processes_.end())
    return found->second;
  std::vector<Mapping>& list = processes_[pid];
  std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(in, line)) {
    // start-end perms offset dev inode path
    Mapping mapping;
    char perms[8] = "";
    int path_at = 0;
    unsigned long long start = 0, end = 0, offset = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &offset,
                    &path_at) < 4 ||
        path_at <= 0 || static_cast<size_t>(path_at) >= line.size() || line[path_at] != '/')
      continue;
    mapping.start = start;
    mapping.end = end;
    mapping.file_offset = offset;
    mapping.path = line.substr(static_cast<size_t>(path_at));
    list.push_back(std::move(mapping));
  }
  return list;
}

const UserSymbols::ElfSymbols& UserSymbols::symbols(const std::string& path) {
  std::unique_ptr<ElfSymbols>& slot = files_[path];
  if (slot)
    return *slot;
  slot = std::make_unique<ElfSymbols>();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return *slot;
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  if (elf) {
    size_t headers = 0;
    elf_getphdrnum(elf, &headers);
    for (size_t i = 0; i < headers; ++i) {
      GElf_Phdr header;
      if (gelf_getphdr(elf, static_cast<int>(i), &header) && header.p_type == PT_LOAD)
        slot->segments.push_back({header.p_offset, header.p_filesz, header.p_vaddr});
    }
    // .symtab when the file has one (it includes static functions), else
    // .dynsym.
    std::vector<FunctionSymbol> symtab, dynsym;
    for (Elf_Scn* section = elf_nextscn(elf, nullptr); section;
         section = elf_nextscn(elf, section)) {
      GElf_Shdr header;
      if (!gelf_getshdr(section, &header))
        continue;
      if (header.sh_type == SHT_SYMTAB)
        read_symbol_table(elf, section, header, symtab);
      else if (header.sh_type == SHT_DYNSYM)
        read_symbol_table(elf, section, header, dynsym);
    }
    slot->functions = symtab.empty() ? std::move(dynsym) : std::move(symtab);
    std::sort(slot->functions.begin(), slot->functions.end(),
              [](const auto& a, const auto& b) { return a.address < b.address; });
    elf_end(elf);
  }
  close(fd);
  return *slot;
}

std::optional<UserSymbol> UserSymbols::resolve(pid_t pid, uint64_t address) {
  for (const Mapping& mapping : mappings(pid)) {
    if (address < mapping.start || address >= mapping.end)
      continue;
    UserSymbol result;
    result.object = mapping.path;
    const ElfSymbols& elf = symbols(mapping.path);
    if (auto vaddr = elf.vaddr_of(address - mapping.start + mapping.file_offset))
      if (const ElfSymbols::Symbol* symbol = elf.at(*vaddr)) {
        result.name = symbol->name;
        result.offset = *vaddr - symbol->address;
      }
    return result;
  }
  return std::nullopt;
}

} // namespace sonde::runtime
