// Attach point expansion: each attach point of each probe becomes concrete
// targets (wildcards matched against the kernel), with the name the `probe`
// builtin prints and a cookie that indexes that name.
#include "compiler/sema/probes.h"

#include "compiler/kernel/elf_symbols.h"
#include "compiler/kernel/glob.h"
#include "compiler/kernel/kernel.h"
#include "compiler/kernel/probe_support.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace sonde::sema {

namespace {

// Replaces $N in an attach point field by the positional parameter.
std::string substitute_params(const std::string& field, const std::vector<std::string>& params) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '$' && i + 1 < field.size() &&
        std::isdigit(static_cast<unsigned char>(field[i + 1]))) {
      size_t j = i + 1;
      while (j < field.size() && std::isdigit(static_cast<unsigned char>(field[j])))
        ++j;
      size_t index = std::stoul(field.substr(i + 1, j - i - 1));
      if (index >= 1 && index <= params.size())
        out += params[index - 1];
      i = j - 1;
    } else {
      out += field[i];
    }
  }
  return out;
}

bool is_number(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// interval:s:1, profile:hz:99, interval:1s, profile:10ms, interval:5000000
bool valid_timer(const std::vector<std::string>& fields, bool allow_hz, std::string& why) {
  static const char* const units[] = {"s", "ms", "us", "hz"};
  if (fields.size() == 2) {
    bool known = false;
    for (const char* u : units)
      known |= fields[0] == u;
    if (!known || (!allow_hz && fields[0] == "hz" && false)) {
      why = "unknown time unit '" + fields[0] + "'";
      return false;
    }
    if (!is_number(fields[1]) || std::stoull(fields[1]) == 0) {
      why = "'" + fields[1] + "' is not a positive number";
      return false;
    }
    return true;
  }
  const std::string& value = fields[0];
  size_t digits = 0;
  while (digits < value.size() && std::isdigit(static_cast<unsigned char>(value[digits])))
    ++digits;
  std::string suffix = value.substr(digits);
  if (digits == 0 || !(suffix.empty() || suffix == "s" || suffix == "ms" || suffix == "us" ||
                       suffix == "ns" || suffix == "m" || suffix == "h")) {
    why = "'" + value + "' is not a duration (write e.g. 1s, 100ms, or s:1)";
    return false;
  }
  return true;
}

bool is_address(const std::string& text) {
  return !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]));
}

// uprobe:BINARY:FUNCTION[+OFFSET], uprobe:BINARY:ADDRESS, uprobe:BINARY:LANGUAGE:FUNCTION;
// wildcards match the functions the binary defines.
bool expand_uprobe(const ast::AttachPoint& ap, const stdlib::ProbeKind& kind,
                   const std::vector<std::string>& fields, ast::Diagnostics& diags,
                   Expansion& out) {
  if (fields.size() < 2) {
    diags.error(ap.loc, std::string(kind.name) + " needs a binary and a function",
                "the form is " + std::string(kind.usage) + ", e.g. uprobe:/bin/bash:readline");
    return false;
  }
  std::optional<std::string> binary = kernel::resolve_binary(fields[0]);
  if (!binary) {
    diags.error(ap.loc, "uprobe target binary not found: " + fields[0],
                "give the binary's path, e.g. uprobe:/bin/bash:readline, or a library's name, "
                "e.g. uprobe:libc:malloc");
    return false;
  }
  const std::string& where = fields.back(); // LANGUAGE (cpp) is accepted and needs nothing
  if (is_address(where)) {
    if (kind.type == stdlib::ProbeType::Uretprobe) {
      diags.error(ap.loc, "uretprobe needs a function, not an address",
                  "attach to the function's name, e.g. uretprobe:/bin/bash:readline");
      return false;
    }
    out.targets.push_back(
        {*binary + ":" + where, std::string(kind.name) + ":" + *binary + ":" + where});
    return true;
  }
  std::string function = where;
  std::string offset;
  if (size_t plus = where.find('+'); plus != std::string::npos) {
    function = where.substr(0, plus);
    offset = where.substr(plus);
    if (kind.type == stdlib::ProbeType::Uretprobe) {
      diags.error(ap.loc, "uretprobe takes no offset",
                  "attach at the function: uretprobe:BINARY:FUNCTION");
      return false;
    }
  }
  std::vector<kernel::FunctionSymbol> functions;
  std::string error;
  if (!kernel::function_symbols(*binary, functions, error)) {
    diags.error(ap.loc, "cannot read the functions of " + *binary + ": " + error,
                "uprobes attach to ELF executables and shared libraries");
    return false;
  }
  std::vector<const kernel::FunctionSymbol*> matched;
  for (const kernel::FunctionSymbol& f : functions)
    if (kernel::has_wildcard(function) ? kernel::glob_match(function, f.name) : f.name == function)
      matched.push_back(&f);
  if (matched.empty()) {
    if (kernel::has_wildcard(function)) {
      diags.error(ap.loc, "uprobes not found: " + *binary + ":" + function,
                  "list the functions with: nm -D " + *binary);
    } else {
      std::vector<std::string> names;
      for (const kernel::FunctionSymbol& f : functions)
        names.push_back(f.name);
      auto guess = ast::closest_match(function, names);
      diags.error(ap.loc, "function '" + function + "' not found in " + *binary,
                  guess ? "did you mean '" + *guess + "'?"
                        : "list the functions with: nm -D " + *binary);
    }
    return false;
  }
  // The runtime attaches at file offsets: this also serves IFUNCs (strlen ...).
  uint64_t extra = offset.empty() ? 0 : std::stoull(offset.substr(1), nullptr, 0);
  for (const kernel::FunctionSymbol* f : matched) {
    char where_text[32];
    std::snprintf(where_text, sizeof where_text, "0x%llx",
                  static_cast<unsigned long long>(f->file_offset + extra));
    out.targets.push_back({*binary + ":" + where_text,
                           std::string(kind.name) + ":" + *binary + ":" + f->name + offset});
  }
  return true;
}

// kprobe:FUNCTION[+OFFSET], kprobe:MODULE:FUNCTION; wildcards match the
// kernel's functions (BTF, or kallsyms without BTF).
bool expand_kprobe(const ast::AttachPoint& ap, const stdlib::ProbeKind& kind,
                   const std::vector<std::string>& fields, kernel::Kernel& kernel,
                   ast::Diagnostics& diags, Expansion& out) {
  std::string where = fields.back();
  std::string function = where, offset;
  if (size_t plus = where.find('+'); plus != std::string::npos) {
    function = where.substr(0, plus);
    offset = where.substr(plus);
    if (kind.type == stdlib::ProbeType::Kretprobe) {
      diags.error(ap.loc, "kretprobe takes no offset",
                  "attach at the function: kretprobe:FUNCTION");
      return false;
    }
  }
  std::vector<std::string> matched;
  if (kernel::has_wildcard(function)) {
    if (const kernel::Btf* btf = kernel.btf())
      for (std::string_view f : btf->functions_matching(function))
        matched.emplace_back(f);
    if (matched.empty())
      for (std::string_view f : kernel.kallsyms().functions_matching(function))
        matched.emplace_back(f);
    if (matched.empty()) {
      diags.error(ap.loc, "kprobes not found: " + function,
                  "no kernel function matches; list them with: sonde -l 'kprobe:*'");
      return false;
    }
  } else if (kernel.function_exists(function)) {
    matched.push_back(function);
  } else {
    std::string hint = "check the name in /proc/kallsyms";
    if (const kernel::TracepointCatalog* catalog = kernel.tracepoints())
      if (auto tracepoint = kernel::suggest_tracepoint_for_function(
              function, *catalog, kind.type == stdlib::ProbeType::Kretprobe))
        hint = "use " + *tracepoint + ", which observes the same event";
    diags.error(ap.loc, "kernel function '" + function + "' not found", hint);
    return false;
  }
  std::string module = fields.size() == 2 ? fields[0] + ":" : "";
  for (const std::string& f : matched)
    out.targets.push_back(
        {module + f + offset, std::string(kind.name) + ":" + module + f + offset});
  return true;
}

} // namespace

bool expand_attach_point(const ast::AttachPoint& ap, const std::vector<std::string>& params,
                         kernel::Kernel& kernel, ast::Diagnostics& diags, Expansion& out) {
  const stdlib::ProbeKind* kind = stdlib::find_probe_kind(ap.provider);
  if (!kind)
    return false; // reported by the parser
  out.type = kind->type;
  std::vector<std::string> fields;
  for (const std::string& f : ap.fields)
    fields.push_back(substitute_params(f, params));

  switch (kind->type) {
  case stdlib::ProbeType::Begin:
  case stdlib::ProbeType::End:
    out.targets.push_back({"", std::string(kind->name)});
    return true;
  case stdlib::ProbeType::Tracepoint: {
    const kernel::TracepointCatalog* catalog = kernel.tracepoints();
    if (!catalog) {
      diags.error(ap.loc, "tracepoints are not available: " + kernel.tracefs().error,
                  "sonde needs tracefs, mounted at /sys/kernel/tracing, and root");
      return false;
    }
    auto matches = catalog->match(fields[0], fields[1]);
    if (matches.empty()) {
      bool wildcard = kernel::has_wildcard(fields[0]) || kernel::has_wildcard(fields[1]);
      std::string hint = "list the tracepoints with: sonde -l 'tracepoint:" + fields[0] + ":*'";
      if (!wildcard) {
        std::vector<std::string> candidates;
        for (const std::string& event : catalog->events(fields[0]))
          candidates.push_back(event);
        if (auto guess = ast::closest_match(fields[1], candidates))
          hint = "did you mean tracepoint:" + fields[0] + ":" + *guess + "?";
        else if (candidates.empty())
          hint = "there is no tracepoint category '" + fields[0] +
                 "'; list them with: sonde -l 'tracepoint:*'";
        else
          hint = "list the category's tracepoints with: sonde -l 'tracepoint:" + fields[0] + ":*'";
      }
      diags.error(ap.loc,
                  std::string(wildcard ? "tracepoints not found: " : "tracepoint not found: ") +
                      fields[0] + ":" + fields[1],
                  hint);
      return false;
    }
    for (const auto& m : matches)
      out.targets.push_back({m.full(), "tracepoint:" + m.full()});
    return true;
  }
  case stdlib::ProbeType::Interval:
  case stdlib::ProbeType::Profile: {
    std::string why;
    if (!valid_timer(fields, true, why)) {
      diags.error(ap.loc, "invalid " + std::string(kind->name) + " probe '" + ap.raw + "': " + why,
                  "the form is " + std::string(kind->usage));
      return false;
    }
    std::string target = fields[0];
    for (size_t i = 1; i < fields.size(); ++i)
      target += ":" + fields[i];
    out.targets.push_back({target, std::string(kind->name) + ":" + target});
    return true;
  }
  case stdlib::ProbeType::Software: {
    static const char* const events[] = {"cpu-clock",
                                         "cpu",
                                         "task-clock",
                                         "page-faults",
                                         "faults",
                                         "context-switches",
                                         "cs",
                                         "cpu-migrations",
                                         "minor-faults",
                                         "major-faults",
                                         "alignment-faults",
                                         "emulation-faults",
                                         "dummy",
                                         "bpf-output"};
    bool known = false;
    for (const char* e : events)
      known |= fields[0] == e;
    if (!known) {
      std::vector<std::string> names(std::begin(events), std::end(events));
      auto guess = ast::closest_match(fields[0], names);
      diags.error(ap.loc, "unknown software event '" + fields[0] + "'",
                  guess ? "did you mean '" + *guess + "'?"
                        : "list them with: sonde -l 'software:*'");
      return false;
    }
    if (fields.size() == 2 && (!is_number(fields[1]) || std::stoull(fields[1]) == 0)) {
      diags.error(ap.loc, "software event count '" + fields[1] + "' is not a positive number",
                  "the form is " + std::string(kind->usage));
      return false;
    }
    std::string target = fields[0] + (fields.size() == 2 ? ":" + fields[1] : "");
    out.targets.push_back({target, "software:" + target});
    return true;
  }
  case stdlib::ProbeType::RawTracepoint: {
    // rawtracepoint:EVENT or rawtracepoint:MODULE:EVENT; the event's arguments come from BTF.
    const std::string& event = fields.back();
    const kernel::Btf* btf = kernel.btf();
    if (!btf) {
      diags.error(ap.loc, "raw tracepoints need kernel BTF: " + kernel.btf_error(),
                  "use a tracepoint instead: sonde -l 'tracepoint:*'");
      return false;
    }
    if (kernel::has_wildcard(event)) {
      diags.error(
          ap.loc,
          "wildcards in raw tracepoint names are not supported by this version of sonde yet",
          "name the tracepoint, e.g. rawtracepoint:sched_switch");
      return false;
    }
    if (!btf->raw_tracepoint_args(event)) {
      diags.error(ap.loc, "rawtracepoint not found: " + event,
                  "list them with: sonde -l 'rawtracepoint:*'");
      return false;
    }
    out.targets.push_back({event, "rawtracepoint:" + event});
    return true;
  }
  case stdlib::ProbeType::Uprobe:
  case stdlib::ProbeType::Uretprobe:
    return expand_uprobe(ap, *kind, fields, diags, out);
  case stdlib::ProbeType::Kprobe:
  case stdlib::ProbeType::Kretprobe:
    return expand_kprobe(ap, *kind, fields, kernel, diags, out);
  case stdlib::ProbeType::Hardware: {
    static const char* const events[] = {
        "cpu-cycles",          "cycles",    "instructions",  "cache-references", "cache-misses",
        "branch-instructions", "branches",  "branch-misses", "bus-cycles",       "frontend-stalls",
        "backend-stalls",      "ref-cycles"};
    std::vector<std::string> names(std::begin(events), std::end(events));
    if (std::find(names.begin(), names.end(), fields[0]) == names.end()) {
      auto guess = ast::closest_match(fields[0], names);
      diags.error(ap.loc, "unknown hardware event '" + fields[0] + "'",
                  guess ? "did you mean '" + *guess + "'?"
                        : "list them with: sonde -l 'hardware:*'");
      return false;
    }
    if (fields.size() == 2 && (!is_number(fields[1]) || std::stoull(fields[1]) == 0)) {
      diags.error(ap.loc, "hardware event count '" + fields[1] + "' is not a positive number",
                  "the form is " + std::string(kind->usage));
      return false;
    }
    std::string target = fields[0] + (fields.size() == 2 ? ":" + fields[1] : "");
    out.targets.push_back({target, "hardware:" + target});
    return true;
  }
  default:
    diags.error(ap.loc,
                std::string(kind->name) + " probes are not supported by this version of sonde yet",
                "supported probe types: BEGIN, END, tracepoint, rawtracepoint, interval, profile, "
                "software, hardware, uprobe, uretprobe, kprobe, kretprobe");
    return false;
  }
}

} // namespace sonde::sema
