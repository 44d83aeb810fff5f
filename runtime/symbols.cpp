#include "runtime/symbols.h"

#include "compiler/kernel/kallsyms.h"
#include "runtime/usyms.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <pwd.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

namespace sonde::runtime {

namespace {

// The kernel caps stack traces at 127 frames (PERF_MAX_STACK_DEPTH).
constexpr size_t kMaxFrames = 127;

std::string hex(uint64_t address, bool prefix) {
  char text[32];
  std::snprintf(text, sizeof text, prefix ? "0x%llx" : "%llx",
                static_cast<unsigned long long>(address));
  return text;
}

int64_t now_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

std::string user_name(uint64_t uid) {
  passwd entry{};
  passwd* found = nullptr;
  char buffer[4096];
  if (getpwuid_r(static_cast<uid_t>(uid), &entry, buffer, sizeof buffer, &found) == 0 && found)
    return found->pw_name;
  return "";
}

// One kernel frame as the stack mode shows it.
std::string kernel_frame(const kernel::Kallsyms& symbols, uint64_t address,
                         const std::string& mode) {
  std::string where;
  if (symbols.load())
    if (auto location = symbols.resolve(address))
      where = std::string(location->symbol.name) + "+" + std::to_string(location->offset);
  if (mode == "raw")
    return hex(address, false);
  if (mode == "perf")
    return hex(address, false) + " " + (where.empty() ? "[unknown]" : where);
  return where.empty() ? hex(address, true) : where;
}

// One user frame as the stack mode shows it.
std::string user_frame(UserSymbols& symbols, uint64_t pid, uint64_t address,
                       const std::string& mode) {
  if (mode == "raw")
    return hex(address, false);
  std::optional<UserSymbol> symbol = symbols.resolve(static_cast<pid_t>(pid), address);
  std::string where;
  if (symbol && !symbol->name.empty())
    where = symbol->name + "+" + std::to_string(symbol->offset);
  if (mode == "perf")
    return hex(address, false) + " " + (where.empty() ? hex(address, true) : where) + " (" +
           (symbol ? symbol->object : "[unknown]") + ")";
  return where.empty() ? hex(address, true) : where;
}

// Where the cgroup2 hierarchy is mounted ("" when it is not).
std::string cgroup2_root() {
  std::ifstream in("/proc/self/mounts");
  std::string device, dir, type;
  std::string rest;
  while (in >> device >> dir >> type && std::getline(in, rest))
    if (type == "cgroup2")
      return dir;
  return "";
}

// cgroup_path(): on cgroup2 a cgroup's id is its directory's inode number.
// Printed as bpftrace does, per hierarchy: "unified:/system.slice/x".
std::string cgroup_path_of(uint64_t id) {
  std::string root = cgroup2_root();
  if (root.empty())
    return "";
  struct stat info {};
  if (stat(root.c_str(), &info) == 0 && info.st_ino == id)
    return "unified:/";
  std::error_code ec;
  namespace fs = std::filesystem;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       it != end; it.increment(ec)) {
    if (ec)
      break;
    if (!it->is_directory(ec) || it->is_symlink(ec))
      continue;
    if (stat(it->path().c_str(), &info) == 0 && info.st_ino == id)
      return "unified:/" + fs::relative(it->path(), root, ec).string();
  }
  return "";
}

} // namespace

DecodeContext make_decode_context(const bundle::Manifest& manifest, bpf_object* object) {
  DecodeContext ctx;
  ctx.probe_names = &manifest.probe_names;
  auto symbols = std::make_shared<kernel::Kallsyms>();
  auto user_symbols = std::make_shared<UserSymbols>();
  ctx.usym = [user_symbols](uint64_t address, uint64_t pid) -> std::string {
    std::optional<UserSymbol> symbol = user_symbols->resolve(static_cast<pid_t>(pid), address);
    return symbol ? symbol->name : std::string();
  };
  ctx.ksym = [symbols](uint64_t address) -> std::string {
    if (!symbols->load())
      return "";
    auto location = symbols->resolve(address);
    return location ? std::string(location->symbol.name) : std::string();
  };
  const bpf_map* stacks = manifest.stack_map.empty()
                              ? nullptr
                              : bpf_object__find_map_by_name(object, manifest.stack_map.c_str());
  if (stacks) {
    int fd = bpf_map__fd(stacks);
    size_t depth = bpf_map__value_size(stacks) / sizeof(uint64_t);
    ctx.stack = [symbols, user_symbols, fd, depth](const bundle::Layout& layout, int64_t id,
                                                   uint64_t pid) -> std::vector<std::string> {
      std::vector<uint64_t> addresses(std::max<size_t>(depth, 1));
      auto key = static_cast<uint32_t>(id);
      std::vector<std::string> frames;
      if (bpf_map_lookup_elem(fd, &key, addresses.data()) != 0)
        return frames;
      size_t limit = std::min(depth, kMaxFrames);
      if (layout.count)
        limit = std::min<size_t>(limit, layout.count);
      bool user = layout.kind == bundle::Layout::Kind::Ustack;
      for (size_t i = 0; i < limit && addresses[i]; ++i)
        frames.push_back(user ? user_frame(*user_symbols, pid, addresses[i], layout.mode)
                              : kernel_frame(*symbols, addresses[i], layout.mode));
      return frames;
    };
  }
  ctx.username = user_name;
  auto cgroups = std::make_shared<std::map<uint64_t, std::string>>();
  ctx.cgroup_path = [cgroups](uint64_t id) {
    auto found = cgroups->find(id);
    if (found == cgroups->end())
      found = cgroups->emplace(id, cgroup_path_of(id)).first;
    return found->second;
  };
  ctx.boot_to_epoch_ns = now_ns(CLOCK_REALTIME) - now_ns(CLOCK_BOOTTIME);
  return ctx;
}

} // namespace sonde::runtime
