#include "compiler/kernel/kallsyms.h"

#include "compiler/kernel/glob.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sonde::kernel {

namespace {

// /proc files report size 0, so read until EOF in large chunks.
bool read_whole_file(const std::string& path, std::string& out, std::string& error) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  constexpr size_t kChunk = 1 << 20;
  size_t used = 0;
  while (true) {
    out.resize(used + kChunk);
    ssize_t n = read(fd, out.data() + used, kChunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = "cannot read " + path + ": " + std::strerror(errno);
      close(fd);
      return false;
    }
    if (n == 0)
      break;
    used += static_cast<size_t>(n);
  }
  out.resize(used);
  close(fd);
  return true;
}

// Parses "ffffffff82202560 t do_nanosleep\t[module]"; false for malformed lines.
bool parse_line(std::string_view line, KernelSymbol& symbol) {
  size_t space = line.find(' ');
  if (space == std::string_view::npos || space + 3 > line.size() || line[space + 2] != ' ')
    return false;
  auto [end, ec] = std::from_chars(line.data(), line.data() + space, symbol.address, 16);
  if (ec != std::errc() || end != line.data() + space)
    return false;
  symbol.type = line[space + 1];
  std::string_view rest = line.substr(space + 3);
  size_t tab = rest.find('\t');
  symbol.name = rest.substr(0, tab);
  symbol.module = {};
  if (tab != std::string_view::npos) {
    std::string_view module = rest.substr(tab + 1);
    if (module.size() >= 2 && module.front() == '[' && module.back() == ']')
      symbol.module = module.substr(1, module.size() - 2);
  }
  return !symbol.name.empty();
}

// Among symbols sharing a name, the one name lookups return: a function
// beats a data symbol, then the lower address (symbols_ order) wins.
bool is_better_named_match(const KernelSymbol& candidate, const KernelSymbol& current) {
  return candidate.is_function() && !current.is_function();
}

// A few lookups scan the ~120k symbols (~0.2 ms each); many lookups pay
// once for a hash index (~10 ms) instead.
constexpr uint32_t kLinearLookups = 8;

} // namespace

Kallsyms::Kallsyms(std::string path) : path_(std::move(path)) {}

void Kallsyms::read_file() const {
  if (!read_whole_file(path_, text_, error_))
    return;
  std::string_view text(text_);
  symbols_.reserve(text.size() / 40);
  bool any_address = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
      end = text.size();
    KernelSymbol symbol;
    if (parse_line(text.substr(pos, end - pos), symbol)) {
      any_address |= symbol.address != 0;
      symbols_.push_back(symbol);
    }
    pos = end + 1;
  }
  if (symbols_.empty()) {
    error_ = path_ + " lists no symbols";
    return;
  }
  if (!any_address) {
    // kptr_restrict shows every address as zero to unprivileged readers.
    error_ = "kernel symbol addresses are hidden in " + path_ +
             " (run as root, or lower /proc/sys/kernel/kptr_restrict)";
    symbols_.clear();
    return;
  }
  // The kernel lists symbols in address order (sorting anyway would cost
  // ~8 ms); when it does not, the stable sort keeps file order among aliases
  // (several names at one address), so the first-listed name wins lookups.
  auto by_address = [](const KernelSymbol& a, const KernelSymbol& b) {
    return a.address < b.address;
  };
  if (!std::is_sorted(symbols_.begin(), symbols_.end(), by_address))
    std::stable_sort(symbols_.begin(), symbols_.end(), by_address);
}

bool Kallsyms::load() const {
  std::call_once(load_once_, [this] { read_file(); });
  return !symbols_.empty();
}

const std::string& Kallsyms::error() const {
  return error_;
}

size_t Kallsyms::size() const {
  return symbols_.size();
}

std::optional<SymbolLocation> Kallsyms::resolve(uint64_t address) const {
  if (!load())
    return std::nullopt;
  // The last symbol whose address is <= address, then back to the first of
  // any aliases sharing that address.
  auto after = std::upper_bound(
      symbols_.begin(), symbols_.end(), address,
      [](uint64_t wanted, const KernelSymbol& symbol) { return wanted < symbol.address; });
  if (after == symbols_.begin())
    return std::nullopt;
  auto found = std::prev(after);
  while (found != symbols_.begin() && std::prev(found)->address == found->address)
    --found;
  return SymbolLocation{*found, address - found->address};
}

void Kallsyms::build_name_index() const {
  by_name_.reserve(symbols_.size());
  for (uint32_t i = 0; i < symbols_.size(); ++i) {
    auto [slot, inserted] = by_name_.emplace(symbols_[i].name, i);
    if (!inserted && is_better_named_match(symbols_[i], symbols_[slot->second]))
      slot->second = i;
  }
}

const KernelSymbol* Kallsyms::find_by_name(std::string_view name) const {
  if (!load())
    return nullptr;
  if (name_lookups_.fetch_add(1, std::memory_order_relaxed) < kLinearLookups) {
    const KernelSymbol* best = nullptr;
    for (const KernelSymbol& symbol : symbols_)
      if (symbol.name == name && (!best || is_better_named_match(symbol, *best)))
        best = &symbol;
    return best;
  }
  std::call_once(name_index_once_, [this] { build_name_index(); });
  auto found = by_name_.find(name);
  return found == by_name_.end() ? nullptr : &symbols_[found->second];
}

std::optional<uint64_t> Kallsyms::address_of(std::string_view name) const {
  const KernelSymbol* symbol = find_by_name(name);
  if (!symbol)
    return std::nullopt;
  return symbol->address;
}

bool Kallsyms::has_function(std::string_view name) const {
  const KernelSymbol* symbol = find_by_name(name);
  return symbol && symbol->is_function();
}

std::vector<std::string_view> Kallsyms::functions_matching(std::string_view pattern) const {
  std::vector<std::string_view> names;
  if (!load())
    return names;
  for (const KernelSymbol& symbol : symbols_)
    if (symbol.is_function() && glob_match(pattern, symbol.name))
      names.push_back(symbol.name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

} // namespace sonde::kernel
