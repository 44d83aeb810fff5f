#include "stdlib/probe_kinds.h"

#include <algorithm>
#include <cctype>

namespace sonde::stdlib {

const std::vector<ProbeKind>& probe_kinds() {
  static const std::vector<ProbeKind> kinds = {
      {ProbeType::Begin, "BEGIN", {"begin"}, 0, 0, "BEGIN"},
      {ProbeType::End, "END", {"end"}, 0, 0, "END"},
      {ProbeType::Tracepoint, "tracepoint", {"t"}, 2, 2, "tracepoint:CATEGORY:EVENT"},
      {ProbeType::RawTracepoint,
       "rawtracepoint",
       {"rt", "tp_btf"},
       1,
       2,
       "rawtracepoint:EVENT or rawtracepoint:MODULE:EVENT"},
      {ProbeType::Kprobe,
       "kprobe",
       {"k"},
       1,
       2,
       "kprobe:FUNCTION[+OFFSET] or kprobe:MODULE:FUNCTION"},
      {ProbeType::Kretprobe,
       "kretprobe",
       {"kr"},
       1,
       2,
       "kretprobe:FUNCTION or kretprobe:MODULE:FUNCTION"},
      {ProbeType::Uprobe,
       "uprobe",
       {"u"},
       1,
       3,
       "uprobe:BINARY:FUNCTION[+OFFSET] or uprobe:BINARY:ADDRESS"},
      {ProbeType::Uretprobe, "uretprobe", {"ur"}, 1, 3, "uretprobe:BINARY:FUNCTION"},
      {ProbeType::Usdt, "usdt", {"U"}, 1, 3, "usdt:BINARY:[PROVIDER:]PROBE"},
      {ProbeType::Profile,
       "profile",
       {"p"},
       1,
       2,
       "profile:hz:RATE, profile:s|ms|us:PERIOD or profile:DURATION"},
      {ProbeType::Interval, "interval", {"i"}, 1, 2, "interval:s|ms|us|hz:N or interval:DURATION"},
      {ProbeType::Software, "software", {"s"}, 1, 2, "software:EVENT[:COUNT]"},
      {ProbeType::Hardware, "hardware", {"h"}, 1, 2, "hardware:EVENT[:COUNT]"},
      {ProbeType::Watchpoint, "watchpoint", {"w"}, 3, 3, "watchpoint:ADDRESS:LENGTH:MODE"},
      {ProbeType::AsyncWatchpoint,
       "asyncwatchpoint",
       {"aw"},
       3,
       3,
       "asyncwatchpoint:ADDRESS:LENGTH:MODE"},
      {ProbeType::Fentry,
       "fentry",
       {"f", "kfunc"},
       1,
       3,
       "fentry:FUNCTION or fentry:MODULE:FUNCTION"},
      {ProbeType::Fexit,
       "fexit",
       {"fr", "kretfunc"},
       1,
       3,
       "fexit:FUNCTION or fexit:MODULE:FUNCTION"},
      {ProbeType::Iter, "iter", {"it"}, 1, 2, "iter:ITERATOR[:PIN]"},
  };
  return kinds;
}

namespace {
bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}
} // namespace

const ProbeKind* find_probe_kind(std::string_view name) {
  for (const ProbeKind& kind : probe_kinds()) {
    if (kind.name == name)
      return &kind;
    if (std::find(kind.aliases.begin(), kind.aliases.end(), name) != kind.aliases.end())
      return &kind;
  }
  for (const ProbeKind& kind : probe_kinds())
    if (equal_ignoring_case(kind.name, name))
      return &kind;
  return nullptr;
}

std::vector<std::string> probe_kind_names() {
  std::vector<std::string> names;
  for (const ProbeKind& kind : probe_kinds()) {
    names.emplace_back(kind.name);
    for (std::string_view alias : kind.aliases)
      names.emplace_back(alias);
  }
  return names;
}

} // namespace sonde::stdlib
