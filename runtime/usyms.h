// User-space symbols for usym() and ustack: a process's mappings from
// /proc/PID/maps, each mapped ELF file's function symbols (libelf), and an
// address resolved to symbol+offset and the object it lies in.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sonde::runtime {

struct UserSymbol {
  std::string name;    // "main"; empty when the object has no symbol there
  uint64_t offset = 0; // distance from the symbol's start
  std::string object;  // the mapped file, "/usr/lib/x86_64-linux-gnu/libc.so.6"
};

class UserSymbols {
public:
  UserSymbols();
  ~UserSymbols();
  UserSymbols(const UserSymbols&) = delete;
  UserSymbols& operator=(const UserSymbols&) = delete;

  // The symbol at `address` in process `pid`; nullopt when the address is in
  // no file mapping (or the process is gone and was never seen).
  std::optional<UserSymbol> resolve(pid_t pid, uint64_t address);

private:
  struct Mapping {
    uint64_t start = 0, end = 0, file_offset = 0;
    std::string path;
  };
  struct ElfSymbols;

  const std::vector<Mapping>& mappings(pid_t pid);
  const ElfSymbols& symbols(const std::string& path);

  std::map<pid_t, std::vector<Mapping>> processes_;
  std::map<std::string, std::unique_ptr<ElfSymbols>> files_;
};

} // namespace sonde::runtime
