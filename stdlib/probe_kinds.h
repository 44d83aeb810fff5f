// The probe kinds (providers) of the language: their names, aliases and how
// many ':'-separated fields an attach point of each kind takes. The parser,
// sema, the runtime and -l listing all read this one table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sonde::stdlib {

enum class ProbeType {
  Begin,
  End,
  Tracepoint,
  RawTracepoint,
  Kprobe,
  Kretprobe,
  Uprobe,
  Uretprobe,
  Usdt,
  Profile,
  Interval,
  Software,
  Hardware,
  Watchpoint,
  AsyncWatchpoint,
  Fentry,
  Fexit,
  Iter,
};

struct ProbeKind {
  ProbeType type;
  std::string_view name;                 // canonical name, as `probe` prints it
  std::vector<std::string_view> aliases; // short and historical names
  unsigned min_fields;                   // fields after the provider
  unsigned max_fields;
  std::string_view usage; // the attach point forms, for error hints
};

const std::vector<ProbeKind>& probe_kinds();

// Looks a provider name up: exact names and aliases first (so `U` is usdt and
// `u` is uprobe), then canonical names without regard to case (`Tracepoint`,
// `begin`). Returns null when nothing matches.
const ProbeKind* find_probe_kind(std::string_view name);

// Every name and alias, for "did you mean" hints.
std::vector<std::string> probe_kind_names();

} // namespace sonde::stdlib
