#include "runtime/attach.h"

#include "compiler/kernel/kernel.h"
#include "compiler/kernel/probe_support.h"
#include "compiler/kernel/tracefs.h"

#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>

namespace sonde::runtime {

namespace {

using bundle::AttachTarget;
using bundle::ProbeInfo;

// libbpf returns null with errno set (or an error-encoded pointer in older
// modes); either way errno says why.
int link_error(bpf_link* link) {
  long err = libbpf_get_error(link);
  return err ? static_cast<int>(-err) : (errno ? errno : EINVAL);
}

std::string describe(const ProbeInfo& probe, const AttachTarget& target) {
  return target.target.empty() ? probe.kind : probe.kind + ":" + target.target;
}

bool fail(const ProbeInfo& probe, const AttachTarget& target, const std::string& reason,
          std::string& error) {
  error = "cannot attach " + describe(probe, target) + ": " + reason;
  return false;
}

bool parse_u64(std::string_view text, uint64_t& value) {
  if (text.empty())
    return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// The online CPUs, from "0-3,5"-style /sys text.
std::vector<int> online_cpus() {
  std::vector<int> cpus;
  std::ifstream in("/sys/devices/system/cpu/online");
  std::string text;
  std::getline(in, text);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t comma = text.find(',', pos);
    std::string range =
        text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    size_t dash = range.find('-');
    int first = std::atoi(range.c_str());
    int last = dash == std::string::npos ? first : std::atoi(range.c_str() + dash + 1);
    for (int cpu = first; cpu <= last; ++cpu)
      cpus.push_back(cpu);
    if (comma == std::string::npos)
      break;
    pos = comma + 1;
  }
  if (cpus.empty())
    cpus.push_back(0);
  return cpus;
}

bool attach_tracepoint(bpf_program* program, const ProbeInfo& probe, Links& links,
                       const AttachOptions& options, std::string& error) {
  // libbpf finds tracepoint ids through tracefs, which may not be mounted.
  kernel::TracefsOptions tracefs_options;
  if (options.verbose > 0)
    tracefs_options.on_mounted = [](const std::string& dir) {
      std::cerr << "mounted tracefs at " << dir << "\n";
    };
  kernel::TracefsStatus tracefs = kernel::locate_tracefs(tracefs_options);
  for (const AttachTarget& target : probe.targets) {
    if (!tracefs.available())
      return fail(probe, target, tracefs.error, error);
    size_t colon = target.target.find(':');
    if (colon == std::string::npos)
      return fail(probe, target, "expected CATEGORY:EVENT", error);
    std::string category = target.target.substr(0, colon);
    std::string event = target.target.substr(colon + 1);
    LIBBPF_OPTS(bpf_tracepoint_opts, opts, .bpf_cookie = target.cookie);
    errno = 0;
    bpf_link* link =
        bpf_program__attach_tracepoint_opts(program, category.c_str(), event.c_str(), &opts);
    if (!link) {
      int err = link_error(link);
      std::string reason = std::strerror(err);
      if (err == ENOENT)
        reason += " (no such tracepoint in " + tracefs.events_dir() + ")";
      return fail(probe, target, reason, error);
    }
    links.add(link);
  }
  return true;
}

// A raw tracepoint link carrying a BPF cookie (Linux 6.10+), opened with the
// bpf() syscall because libbpf 1.1 cannot: BPF_RAW_TRACEPOINT_OPEN's attr
// gained a cookie after the program fd.
int link_raw_tracepoint_with_cookie(int program_fd, const std::string& name, uint64_t cookie) {
  struct {
    uint64_t name;
    uint32_t prog_fd;
    uint32_t padding;
    uint64_t cookie;
  } attr{};
  attr.name = reinterpret_cast<uint64_t>(name.c_str());
  attr.prog_fd = static_cast<uint32_t>(program_fd);
  attr.cookie = cookie;
  return static_cast<int>(syscall(__NR_bpf, BPF_RAW_TRACEPOINT_OPEN, &attr, sizeof attr));
}

bool attach_raw_tracepoint(bpf_program* program, const ProbeInfo& probe, Links& links,
                           std::string& error) {
  for (const AttachTarget& target : probe.targets) {
    // "module:name", "category:name" or "name": the kernel wants the bare name.
    std::string name = target.target.substr(target.target.rfind(':') + 1);
    errno = 0;
    if (probe.targets.size() > 1) { // the program tells the targets apart by cookie
      int fd = link_raw_tracepoint_with_cookie(bpf_program__fd(program), name, target.cookie);
      if (fd < 0)
        return fail(probe, target, std::strerror(errno), error);
      links.add_fd(fd);
      continue;
    }
    bpf_link* link = bpf_program__attach_raw_tracepoint(program, name.c_str());
    if (!link)
      return fail(probe, target, std::strerror(link_error(link)), error);
    links.add(link);
  }
  return true;
}

// Opens one perf event per CPU in `cpus` and attaches the program to each.
bool attach_perf_events(bpf_program* program, const ProbeInfo& probe, const AttachTarget& target,
                        perf_event_attr& attr, const std::vector<int>& cpus, Links& links,
                        std::string& error) {
  for (int cpu : cpus) {
    int fd = static_cast<int>(
        syscall(SYS_perf_event_open, &attr, -1 /* every process */, cpu, -1, PERF_FLAG_FD_CLOEXEC));
    if (fd < 0) {
      int saved = errno;
      std::string reason = std::string("perf_event_open: ") + std::strerror(saved);
      if (saved == EINVAL && attr.freq)
        reason += "\nHINT: the rate is above the kernel limit kernel.perf_event_max_sample_rate; "
                  "use a lower rate";
      return fail(probe, target, reason, error);
    }
    LIBBPF_OPTS(bpf_perf_event_opts, opts, .bpf_cookie = target.cookie);
    errno = 0;
    bpf_link* link = bpf_program__attach_perf_event_opts(program, fd, &opts);
    if (!link) {
      int err = link_error(link);
      close(fd);
      return fail(probe, target, std::strerror(err), error);
    }
    links.add(link); // the link owns the perf event fd from now on
  }
  return true;
}

bool attach_timer(bpf_program* program, const ProbeInfo& probe, bool every_cpu, Links& links,
                  std::string& error) {
  std::vector<int> cpus = every_cpu ? online_cpus() : std::vector<int>{0};
  for (const AttachTarget& target : probe.targets) {
    perf_event_attr attr{};
    std::string reason;
    if (!timer_attr(target.target, attr, reason))
      return fail(probe, target, reason, error);
    if (!attach_perf_events(program, probe, target, attr, cpus, links, error))
      return false;
  }
  return true;
}

bool attach_software(bpf_program* program, const ProbeInfo& probe, Links& links,
                     std::string& error) {
  std::vector<int> cpus = online_cpus();
  for (const AttachTarget& target : probe.targets) {
    perf_event_attr attr{};
    std::string reason;
    if (!software_attr(target.target, attr, reason))
      return fail(probe, target, reason, error);
    if (!attach_perf_events(program, probe, target, attr, cpus, links, error))
      return false;
  }
  return true;
}

// hardware:EVENT[:COUNT]: a PERF_TYPE_HARDWARE counter on every CPU.
bool attach_hardware(bpf_program* program, const ProbeInfo& probe, Links& links,
                     std::string& error) {
  struct HardwareEvent {
    const char* name;
    const char* alias;
    uint64_t config;
  };
  static const HardwareEvent events[] = {
      {"cpu-cycles", "cycles", PERF_COUNT_HW_CPU_CYCLES},
      {"instructions", nullptr, PERF_COUNT_HW_INSTRUCTIONS},
      {"cache-references", nullptr, PERF_COUNT_HW_CACHE_REFERENCES},
      {"cache-misses", nullptr, PERF_COUNT_HW_CACHE_MISSES},
      {"branch-instructions", "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
      {"branch-misses", nullptr, PERF_COUNT_HW_BRANCH_MISSES},
      {"bus-cycles", nullptr, PERF_COUNT_HW_BUS_CYCLES},
      {"frontend-stalls", nullptr, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND},
      {"backend-stalls", nullptr, PERF_COUNT_HW_STALLED_CYCLES_BACKEND},
      {"ref-cycles", nullptr, PERF_COUNT_HW_REF_CPU_CYCLES},
  };
  std::vector<int> cpus = online_cpus();
  for (const AttachTarget& target : probe.targets) {
    size_t colon = target.target.find(':');
    std::string name = target.target.substr(0, colon);
    perf_event_attr attr{};
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_HARDWARE;
    uint64_t period = 1000000;
    if (colon != std::string::npos)
      parse_u64(std::string_view(target.target).substr(colon + 1), period);
    attr.sample_period = period;
    bool known = false;
    for (const HardwareEvent& e : events)
      if (name == e.name || (e.alias && name == e.alias)) {
        attr.config = e.config;
        known = true;
      }
    if (!known)
      return fail(probe, target, "unknown hardware event '" + name + "'", error);
    // Without a hardware PMU (most virtual machines) the kernel has no such events.
    int fd = static_cast<int>(syscall(__NR_perf_event_open, &attr, -1, cpus.empty() ? 0 : cpus[0],
                                      -1, PERF_FLAG_FD_CLOEXEC));
    if (fd < 0) {
      int err = errno;
      return fail(probe, target,
                  err == ENOENT || err == EOPNOTSUPP
                      ? "hardware performance counters are not available on this machine (no PMU; "
                        "a virtual machine?)\nHINT: software events work everywhere, e.g. "
                        "software:cpu-clock:1000000"
                      : std::strerror(err),
                  error);
    }
    close(fd);
    if (!attach_perf_events(program, probe, target, attr, cpus, links, error))
      return false;
  }
  return true;
}

bool attach_kprobe(bpf_program* program, const ProbeInfo& probe, bool retprobe, Links& links,
                   std::string& error) {
  for (const AttachTarget& target : probe.targets) {
    // "fn", "fn+off" or "module:fn".
    std::string function = target.target.substr(target.target.rfind(':') + 1);
    uint64_t offset = 0;
    size_t plus = function.find('+');
    if (plus != std::string::npos) {
      if (!parse_u64(std::string_view(function).substr(plus + 1), offset))
        return fail(probe, target, "bad offset", error);
      function.resize(plus);
    }
    LIBBPF_OPTS(bpf_kprobe_opts, opts, .bpf_cookie = target.cookie, .offset = offset,
                .retprobe = retprobe);
    errno = 0;
    bpf_link* link = bpf_program__attach_kprobe_opts(program, function.c_str(), &opts);
    if (!link) {
      int err = link_error(link);
      std::string reason = std::strerror(err);
      kernel::Kernel kernel;
      if (!kernel::kprobes_available(kernel.tracefs().root)) {
        reason = kernel::kKprobesUnavailable;
        if (const kernel::TracepointCatalog* catalog = kernel.tracepoints())
          if (auto tracepoint =
                  kernel::suggest_tracepoint_for_function(function, *catalog, retprobe))
            reason += "\nHINT: use " + *tracepoint + ", which observes the same event";
      }
      return fail(probe, target, reason, error);
    }
    links.add(link);
  }
  return true;
}

bool attach_uprobe(bpf_program* program, const ProbeInfo& probe, bool retprobe, int pid,
                   Links& links, std::string& error) {
  for (const AttachTarget& target : probe.targets) {
    // "PATH:FUNCTION" or "PATH:ADDRESS" (decimal or 0x hex offset).
    size_t colon = target.target.rfind(':');
    if (colon == std::string::npos)
      return fail(probe, target, "expected PATH:FUNCTION", error);
    std::string path = target.target.substr(0, colon);
    std::string where = target.target.substr(colon + 1);
    size_t offset = 0;
    std::string function = where;
    if (!where.empty() && std::isdigit(static_cast<unsigned char>(where[0]))) {
      offset = std::stoull(where, nullptr, 0);
      function.clear();
    } else if (size_t plus = where.find('+'); plus != std::string::npos) { // FUNCTION+OFFSET
      offset = std::stoull(where.substr(plus + 1), nullptr, 0);
      function = where.substr(0, plus);
    }
    LIBBPF_OPTS(bpf_uprobe_opts, opts, .bpf_cookie = target.cookie, .retprobe = retprobe,
                .func_name = function.empty() ? nullptr : function.c_str());
    errno = 0;
    bpf_link* link = bpf_program__attach_uprobe_opts(program, pid, path.c_str(), offset, &opts);
    if (!link)
      return fail(probe, target, std::strerror(link_error(link)), error);
    links.add(link);
  }
  return true;
}

struct SoftwareEvent {
  const char* name;
  const char* alias;
  uint64_t config;
  uint64_t default_count;
};

// bpftrace's software event names and default sample periods.
constexpr SoftwareEvent kSoftwareEvents[] = {
    {"cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000},
    {"task-clock", nullptr, PERF_COUNT_SW_TASK_CLOCK, 1000000},
    {"page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100},
    {"context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000},
    {"cpu-migrations", nullptr, PERF_COUNT_SW_CPU_MIGRATIONS, 1},
    {"minor-faults", nullptr, PERF_COUNT_SW_PAGE_FAULTS_MIN, 100},
    {"major-faults", nullptr, PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1},
    {"alignment-faults", nullptr, PERF_COUNT_SW_ALIGNMENT_FAULTS, 1},
    {"emulation-faults", nullptr, PERF_COUNT_SW_EMULATION_FAULTS, 1},
    {"dummy", nullptr, PERF_COUNT_SW_DUMMY, 1},
    {"bpf-output", nullptr, PERF_COUNT_SW_BPF_OUTPUT, 1},
};

} // namespace

void Links::detach_all() {
  for (int fd : link_fds_)
    close(fd);
  link_fds_.clear();
  std::vector<bpf_link*> links = std::move(links_);
  links_.clear();
  if (links.size() < 8) {
    for (bpf_link* link : links)
      bpf_link__destroy(link);
    return;
  }
  // Each perf-event detach waits ~70 ms for RCU; overlap the waits.
  std::atomic<size_t> next{0};
  size_t workers = std::min<size_t>(32, links.size() / 4 + 1);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers; ++i)
    threads.emplace_back([&] {
      for (size_t j = next++; j < links.size(); j = next++)
        bpf_link__destroy(links[j]);
    });
  for (std::thread& thread : threads)
    thread.join();
}

bool is_run_once(const ProbeInfo& probe) {
  return probe.kind == "BEGIN" || probe.kind == "END";
}

bool timer_attr(const std::string& target, perf_event_attr& attr, std::string& error) {
  attr = perf_event_attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  std::string unit, number;
  size_t colon = target.find(':');
  if (colon != std::string::npos) {
    unit = target.substr(0, colon);
    number = target.substr(colon + 1);
  } else {
    // "100ms", "1s", "5000000" (nanoseconds).
    size_t digits = 0;
    while (digits < target.size() && std::isdigit(static_cast<unsigned char>(target[digits])))
      ++digits;
    number = target.substr(0, digits);
    unit = target.substr(digits);
    if (unit.empty())
      unit = "ns";
  }
  uint64_t value = 0;
  if (!parse_u64(number, value) || value == 0) {
    error = "the rate must be a positive integer";
    return false;
  }
  if (unit == "hz") {
    attr.freq = 1;
    attr.sample_freq = value;
    return true;
  }
  uint64_t scale = 0;
  if (unit == "s")
    scale = 1000000000;
  else if (unit == "ms")
    scale = 1000000;
  else if (unit == "us")
    scale = 1000;
  else if (unit == "ns")
    scale = 1;
  else if (unit == "m" || unit == "min")
    scale = 60000000000;
  else if (unit == "h")
    scale = 3600000000000;
  if (scale == 0) {
    error = "unknown unit '" + unit + "' (expected s, ms, us, ns or hz)";
    return false;
  }
  attr.sample_period = value * scale;
  return true;
}

bool software_attr(const std::string& target, perf_event_attr& attr, std::string& error) {
  attr = perf_event_attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  size_t colon = target.find(':');
  std::string name = target.substr(0, colon);
  for (const SoftwareEvent& event : kSoftwareEvents) {
    if (name != event.name && (!event.alias || name != event.alias))
      continue;
    attr.config = event.config;
    uint64_t count = event.default_count;
    if (colon != std::string::npos &&
        (!parse_u64(std::string_view(target).substr(colon + 1), count) || count == 0)) {
      error = "the count must be a positive integer";
      return false;
    }
    attr.sample_period = count;
    return true;
  }
  error = "unknown software event '" + name + "'";
  return false;
}

bool attach_probe(bpf_object* object, const ProbeInfo& probe, Links& links,
                  const AttachOptions& options, std::string& error) {
  bpf_program* program = bpf_object__find_program_by_name(object, probe.program_name.c_str());
  if (!program) {
    error = "cannot attach " + probe.kind + ": the compiled object has no program '" +
            probe.program_name + "'";
    return false;
  }
  const std::string& kind = probe.kind;
  if (kind == "tracepoint")
    return attach_tracepoint(program, probe, links, options, error);
  if (kind == "rawtracepoint")
    return attach_raw_tracepoint(program, probe, links, error);
  if (kind == "interval")
    return attach_timer(program, probe, false, links, error);
  if (kind == "profile")
    return attach_timer(program, probe, true, links, error);
  if (kind == "software")
    return attach_software(program, probe, links, error);
  if (kind == "hardware")
    return attach_hardware(program, probe, links, error);
  if (kind == "kprobe" || kind == "kretprobe")
    return attach_kprobe(program, probe, kind == "kretprobe", links, error);
  if (kind == "uprobe" || kind == "uretprobe")
    return attach_uprobe(program, probe, kind == "uretprobe", options.pid, links, error);
  std::string target = probe.targets.empty() ? "" : ":" + probe.targets[0].target;
  error = "cannot attach " + kind + target + ": attaching " + kind +
          " probes is not supported by this sonde yet";
  return false;
}

} // namespace sonde::runtime
