// Kernel symbols from /proc/kallsyms: address -> name+offset for stacks and
// ksym(), name -> address for kaddr() and probe checks.
//
// The file is read on the first lookup (~120k lines here). Only function
// symbols exist on kernels without CONFIG_KALLSYMS_ALL.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sonde::kernel {

struct KernelSymbol {
  uint64_t address = 0;
  std::string_view name;   // "do_nanosleep"
  std::string_view module; // "" for the kernel image, else the module ("ext4")
  char type = 0;           // nm-style: 't'/'T' text, 'w'/'W' weak, 'd'/'D' data ...

  // Text (code) symbols, including weak ones.
  bool is_function() const { return type == 't' || type == 'T' || type == 'w' || type == 'W'; }
};

// A resolved address: the symbol that contains it and the distance into it.
struct SymbolLocation {
  KernelSymbol symbol;
  uint64_t offset = 0;
};

class Kallsyms {
public:
  explicit Kallsyms(std::string path = "/proc/kallsyms");

  // Reads the file if not done yet; false (see error()) when it cannot be
  // read or its addresses are hidden (kptr_restrict, no CAP_SYSLOG).
  bool load() const;
  // Why load() failed.
  const std::string& error() const;

  // The symbol at or below `address`; nullopt below the first symbol or when not loaded.
  std::optional<SymbolLocation> resolve(uint64_t address) const;

  // The address of the symbol called `name`; when several share the name, a
  // function symbol is preferred, then the lowest address.
  std::optional<uint64_t> address_of(std::string_view name) const;

  // Whether a function (text) symbol called `name` exists.
  bool has_function(std::string_view name) const;

  // Names of function symbols matching a glob pattern, sorted and without
  // duplicates (compiler-made copies such as "foo.isra.0" are distinct names).
  std::vector<std::string_view> functions_matching(std::string_view pattern) const;

  // Number of symbols read (0 before loading).
  size_t size() const;

private:
  void read_file() const;
  void build_name_index() const;
  const KernelSymbol* find_by_name(std::string_view name) const;

  std::string path_;
  mutable std::once_flag load_once_;
  mutable std::once_flag name_index_once_;
  mutable std::string text_;                  // the whole file; symbols point into it
  mutable std::vector<KernelSymbol> symbols_; // sorted by address
  mutable std::atomic<uint32_t> name_lookups_{0};
  mutable std::unordered_map<std::string_view, uint32_t> by_name_; // name -> index in symbols_
  mutable std::string error_;
};

} // namespace sonde::kernel
