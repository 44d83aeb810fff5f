// Probe listing (-l / -lv): which probes of each provider match a glob, and
// their arguments. Providers are read only when the pattern can match them,
// so listing tracepoints never loads BTF and listing one tracepoint reads one
// directory.
#include "runtime/list.h"

#include "compiler/kernel/glob.h"
#include "compiler/kernel/kernel.h"
#include "runtime/list_btf.h"
#include "stdlib/probe_kinds.h"

#include <cctype>
#include <fstream>
#include <map>
#include <span>
#include <string_view>
#include <vector>

namespace sonde::runtime {

namespace {

using kernel::glob_match;
using stdlib::ProbeType;

// Probe name -> the argument declarations -lv prints under it. A map keeps
// the output sorted and free of duplicates across providers.
using Listing = std::map<std::string, std::vector<std::string>>;

struct PerfEventName {
  std::string_view name;
  std::string_view alias; // empty when none
};

// The software and hardware event names scripts may write (bpftrace's; the
// software ones match runtime/attach.cpp's table). Listing them needs no
// kernel: whether one can be opened (this VM has no hardware PMU) is for
// attach time to say.
constexpr PerfEventName kSoftwareEvents[] = {
    {"cpu-clock", "cpu"},      {"task-clock", ""},
    {"page-faults", "faults"}, {"context-switches", "cs"},
    {"cpu-migrations", ""},    {"minor-faults", ""},
    {"major-faults", ""},      {"alignment-faults", ""},
    {"emulation-faults", ""},  {"dummy", ""},
    {"bpf-output", ""},
};
constexpr PerfEventName kHardwareEvents[] = {
    {"cpu-cycles", "cycles"},
    {"instructions", ""},
    {"cache-references", ""},
    {"cache-misses", ""},
    {"branch-instructions", "branches"},
    {"branch-misses", ""},
    {"bus-cycles", ""},
    {"frontend-stalls", ""},
    {"backend-stalls", ""},
    {"ref-cycles", ""},
};

std::string_view trim(std::string_view text) {
  const char* space = " \t\r\n";
  size_t begin = text.find_first_not_of(space);
  if (begin == std::string_view::npos)
    return {};
  return text.substr(begin, text.find_last_not_of(space) - begin + 1);
}

// A pattern split into its provider and the rest.
struct Query {
  std::string pattern;                     // the whole pattern; "*" when none was given
  const stdlib::ProbeKind* kind = nullptr; // the provider the pattern names, if it names one
  std::string rest;                        // after "provider:"; "*" when nothing follows
  bool verbose = false;

  // Whether probes of `type` may match: the named provider, or any when none is named.
  bool wants(ProbeType type) const { return !kind || kind->type == type; }

  // Whether the probe `provider:name` matches. A pattern without a provider
  // ("sched:*", "*sleep*") may match the full name or the name alone.
  bool matches(std::string_view provider, std::string_view name) const {
    if (kind)
      return glob_match(rest, name);
    if (glob_match(pattern, name))
      return true;
    std::string full = std::string(provider) + ":" + std::string(name);
    return glob_match(pattern, full);
  }
};

Query parse_query(std::string_view text, bool verbose) {
  Query query;
  query.verbose = verbose;
  query.pattern = text.empty() ? "*" : std::string(text);
  size_t colon = text.find(':');
  std::string_view provider = text.substr(0, colon);
  // A provider glob ("t*:sched:*") is matched against full names instead.
  if (provider.empty() || kernel::has_wildcard(provider))
    return query;
  query.kind = stdlib::find_probe_kind(provider);
  if (query.kind) {
    query.rest = colon == std::string_view::npos ? "" : std::string(text.substr(colon + 1));
    if (query.rest.empty())
      query.rest = "*";
  }
  return query;
}

// A provider that cannot be read: an error when the pattern named it, a
// warning (and the other providers still listed) when it did not.
bool unavailable(const Query& query, const std::string& why, std::ostream& err) {
  err << (query.kind ? "ERROR: " : "WARNING: ") << why << "\n";
  return query.kind == nullptr;
}

// BEGIN and END, under the names scripts write.
void list_special(const Query& query, Listing& listing) {
  for (auto [type, name] : {std::pair{ProbeType::Begin, "BEGIN"}, {ProbeType::End, "END"}}) {
    bool hit = query.kind ? query.kind->type == type && glob_match(query.rest, "")
                          : glob_match(query.pattern, name);
    if (hit)
      listing[name];
  }
}

// The name a C declaration declares: "filename" in "const char * filename",
// "comm" in "char comm[16]".
std::string_view declared_name(std::string_view declaration) {
  if (size_t bracket = declaration.find('['); bracket != std::string_view::npos)
    declaration = trim(declaration.substr(0, bracket));
  size_t start = declaration.size();
  while (start > 0) {
    char c = declaration[start - 1];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      break;
    --start;
  }
  return declaration.substr(start);
}

// The argument fields of a tracepoint as its format file declares them
// ("const char * filename"), without the common_* header every record has.
// The declarations are printed verbatim, as bpftrace does, so they are read
// from the file rather than rebuilt from the parsed format.
std::vector<std::string> tracepoint_fields(const kernel::TracepointCatalog& catalog,
                                           const kernel::TracepointName& name) {
  std::vector<std::string> fields;
  std::ifstream file(catalog.events_dir() + "/" + name.category + "/" + name.event + "/format");
  std::string line;
  while (std::getline(file, line)) {
    std::string_view text = trim(line);
    if (!text.starts_with("field:"))
      continue;
    text.remove_prefix(6);
    size_t end = text.find(';');
    if (end == std::string_view::npos)
      continue;
    std::string_view declaration = trim(text.substr(0, end));
    if (declared_name(declaration).starts_with("common_"))
      continue;
    fields.emplace_back(declaration);
  }
  return fields;
}

bool list_tracepoints(const kernel::Kernel& kernel, const Query& query, Listing& listing,
                      std::ostream& err) {
  const kernel::TracepointCatalog* catalog = kernel.tracepoints();
  if (!catalog)
    return unavailable(query, "cannot list tracepoints: " + kernel.tracefs().error, err);
  std::vector<kernel::TracepointName> names;
  size_t colon = query.rest.find(':');
  if (query.kind && colon != std::string::npos &&
      query.rest.find(':', colon + 1) == std::string::npos) {
    // CATEGORY:EVENT: the catalogue reads only the categories that can match.
    names = catalog->match(query.rest.substr(0, colon), query.rest.substr(colon + 1));
  } else {
    for (kernel::TracepointName& name : catalog->all())
      if (query.matches("tracepoint", name.full()))
        names.push_back(std::move(name));
  }
  for (const kernel::TracepointName& name : names) {
    std::vector<std::string>& fields = listing["tracepoint:" + name.full()];
    if (query.verbose)
      fields = tracepoint_fields(*catalog, name);
  }
  return true;
}

// Software and hardware events, printed as bpftrace v0.17 does:
// "software:cpu-clock:" (the empty field is the optional sample count).
void list_perf_events(const Query& query, std::string_view provider,
                      std::span<const PerfEventName> events, Listing& listing) {
  for (const PerfEventName& event : events) {
    bool hit = query.matches(provider, event.name) ||
               query.matches(provider, std::string(event.name) + ":") ||
               (!event.alias.empty() && query.matches(provider, event.alias));
    if (hit)
      listing[std::string(provider) + ":" + std::string(event.name) + ":"];
  }
}

// The functions kprobes may attach to: ftrace's list when it can be read,
// else every function symbol.
std::vector<std::string> kprobe_functions(const kernel::Kernel& kernel) {
  std::vector<std::string> functions;
  const kernel::TracefsStatus& tracefs = kernel.tracefs();
  if (tracefs.available()) {
    std::ifstream file(tracefs.root + "/available_filter_functions");
    std::string line;
    while (std::getline(file, line)) {
      // "name" or "name [module]"
      std::string_view name = trim(line);
      name = name.substr(0, name.find_first_of(" \t"));
      if (!name.empty())
        functions.emplace_back(name);
    }
  }
  if (functions.empty())
    for (std::string_view name : kernel.kallsyms().functions_matching("*"))
      functions.emplace_back(name);
  return functions;
}

void list_kprobes(const kernel::Kernel& kernel, const Query& query, Listing& listing) {
  // Without kprobes in the kernel there is nothing to attach to, so nothing to list.
  if (!kernel.kprobes_available())
    return;
  std::string provider =
      query.kind && query.kind->type == ProbeType::Kretprobe ? "kretprobe" : "kprobe";
  for (const std::string& function : kprobe_functions(kernel))
    if (query.matches(provider, function))
      listing[provider + ":" + function];
}

// Raw tracepoints, BPF iterators and fentry/fexit functions, all from BTF.
bool list_btf_probes(const kernel::Kernel& kernel, const Query& query, Listing& listing,
                     std::ostream& err) {
  bool raw = query.wants(ProbeType::RawTracepoint);
  bool iter = query.wants(ProbeType::Iter);
  bool fentry = query.wants(ProbeType::Fentry);
  bool fexit = query.kind && query.kind->type == ProbeType::Fexit;
  if (!raw && !iter && !fentry && !fexit)
    return true;
  const kernel::Btf* btf = kernel.btf();
  if (!btf)
    return unavailable(query, "cannot list BTF-based probes: " + kernel.btf_error(), err);
  // "rawtracepoint:vmlinux:sched_switch": all BTF read here is vmlinux's, so
  // a module field either matches it or rules everything out.
  Query named = query;
  if (size_t colon = query.rest.find(':'); query.kind && colon != std::string::npos) {
    if (!glob_match(query.rest.substr(0, colon), "vmlinux"))
      return true;
    named.rest = query.rest.substr(colon + 1);
  }
  bool functions = (fentry || fexit) && btf_listing::fentry_available(*btf);
  btf_listing::BtfProbeIndex index(*btf, functions);

  auto add = [&](std::string_view provider, std::string_view name, auto&& details) {
    if (!named.matches(provider, name))
      return;
    std::vector<std::string>& args = listing[std::string(provider) + ":" + std::string(name)];
    if (query.verbose)
      args = details(name);
  };
  if (raw)
    for (std::string_view name : index.raw_tracepoints())
      add("rawtracepoint", name, [&](std::string_view n) { return index.raw_tracepoint_args(n); });
  if (iter)
    for (std::string_view name : index.iterators())
      add("iter", name, [&](std::string_view n) { return index.iterator_fields(n); });
  if (functions) {
    std::string_view provider = fexit ? "fexit" : "fentry";
    for (std::string_view name : index.functions())
      add(provider, name, [&](std::string_view n) { return index.function_args(n, fexit); });
  }
  return true;
}

// `-l 'struct task_*'` lists type names; `-lv 'struct task_struct'` prints definitions.
int list_types(const kernel::Kernel& kernel, std::string_view keyword, std::string_view name,
               bool verbose, std::ostream& out, std::ostream& err) {
  const kernel::Btf* btf = kernel.btf();
  if (!btf) {
    err << "ERROR: cannot show kernel types: " << kernel.btf_error() << "\n";
    return 1;
  }
  bool first = true;
  for (const auto& [display, id] : btf_listing::types_matching(*btf, keyword, name)) {
    if (!verbose) {
      out << display << "\n";
      continue;
    }
    if (!first)
      out << "\n";
    first = false;
    for (const std::string& line : btf_listing::type_definition(*btf, id))
      out << line << "\n";
  }
  return 0;
}

} // namespace

int list_probes(const kernel::Kernel& kernel, const std::string& pattern, bool verbose,
                std::ostream& out, std::ostream& err) {
  std::string_view text = trim(pattern);
  for (std::string_view keyword : {"struct", "union", "enum"}) {
    if (text.size() > keyword.size() && text.starts_with(keyword) &&
        (text[keyword.size()] == ' ' || text[keyword.size()] == '\t'))
      return list_types(kernel, keyword, trim(text.substr(keyword.size())), verbose, out, err);
  }

  Query query = parse_query(text, verbose);
  if (query.kind) {
    switch (query.kind->type) {
    case ProbeType::Uprobe:
    case ProbeType::Uretprobe:
      err << "ERROR: listing uprobes is not supported by this version of sonde yet\n";
      return 1;
    case ProbeType::Usdt:
      err << "ERROR: listing USDT probes is not supported by this version of sonde yet\n";
      return 1;
    default:
      break; // interval, profile and watchpoints have no fixed names: nothing matches
    }
  }

  Listing listing;
  list_special(query, listing);
  if (query.wants(ProbeType::Tracepoint) && !list_tracepoints(kernel, query, listing, err))
    return 1;
  if (query.wants(ProbeType::Software))
    list_perf_events(query, "software", kSoftwareEvents, listing);
  if (query.wants(ProbeType::Hardware))
    list_perf_events(query, "hardware", kHardwareEvents, listing);
  if (query.wants(ProbeType::Kprobe) || (query.kind && query.kind->type == ProbeType::Kretprobe))
    list_kprobes(kernel, query, listing);
  if (!list_btf_probes(kernel, query, listing, err))
    return 1;

  for (const auto& [name, args] : listing) {
    out << name << "\n";
    for (const std::string& arg : args)
      out << "    " << arg << ";\n";
  }
  return 0;
}

int list_probes(const std::string& pattern, bool verbose, std::ostream& out, std::ostream& err) {
  kernel::KernelOptions options;
  if (verbose)
    options.tracefs.on_mounted = [&err](const std::string& dir) {
      err << "mounted tracefs at " << dir << "\n";
    };
  kernel::Kernel kernel(std::move(options));
  return list_probes(kernel, pattern, verbose, out, err);
}

} // namespace sonde::runtime
