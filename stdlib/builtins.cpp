#include "stdlib/builtins.h"

namespace sonde::stdlib {

namespace {

using enum BuiltinId;
using enum BuiltinKind;
using P = ProbeType;

const std::vector<BuiltinInfo>& table() {
  static const std::vector<BuiltinInfo> builtins = {
      {"pid", Pid, Variable, 0, 0, {}, false, "process id (thread group id)"},
      {"tid", Tid, Variable, 0, 0, {}, false, "thread id"},
      {"uid", Uid, Variable, 0, 0, {}, false, "user id"},
      {"gid", Gid, Variable, 0, 0, {}, false, "group id"},
      {"cpu", Cpu, Variable, 0, 0, {}, false, "processor id"},
      {"nsecs", Nsecs, Variable, 0, 0, {}, false, "nanoseconds since boot"},
      {"elapsed", Elapsed, Variable, 0, 0, {}, false, "nanoseconds since sonde started"},
      {"comm", Comm, Variable, 0, 0, {}, false, "name of the current thread"},
      {"probe", Probe, Variable, 0, 0, {}, false, "full name of the probe"},
      {"rand", Rand, Variable, 0, 0, {}, false, "pseudo-random 32-bit number"},
      {"cgroup", Cgroup, Variable, 0, 0, {}, false, "cgroup v2 id of the current task"},
      {"curtask", Curtask, Variable, 0, 0, {}, false, "current task_struct"},
      {"args",
       Args,
       Variable,
       0,
       0,
       {P::Tracepoint, P::RawTracepoint, P::Fentry, P::Fexit, P::Uprobe},
       false,
       "the probe's typed arguments"},
      {"retval",
       Retval,
       Variable,
       0,
       0,
       {P::Kretprobe, P::Uretprobe, P::Fexit},
       false,
       "return value of the traced function"},
      {"func",
       Func,
       Variable,
       0,
       0,
       {P::Kprobe, P::Kretprobe, P::Uprobe, P::Uretprobe, P::Fentry, P::Fexit},
       false,
       "name of the traced function"},
      {"kstack", Kstack, Variable, 0, 2, {}, false, "kernel stack trace"},
      {"ustack", Ustack, Variable, 0, 2, {}, false, "user stack trace"},
      {"username", Username, Variable, 0, 0, {}, false, "user name of uid"},
      {"numaid", Numaid, Variable, 0, 0, {}, false, "NUMA node id"},
      {"jiffies", Jiffies, Variable, 0, 0, {}, false, "kernel jiffies"},
      {"cpid", Cpid, Variable, 0, 0, {}, false, "pid of the -c child"},
      {"ctx", Ctx, Variable, 0, 0, {}, false, "the raw BPF context"},

      {"printf", Printf, Function, 1, 128, {}, false, "formatted output"},
      {"print", Print, Function, 1, 3, {}, false, "print a value or a map"},
      {"time", Time, Function, 0, 1, {}, false, "print the wall-clock time"},
      {"exit", Exit, Function, 0, 1, {}, false, "end the program"},
      {"cat", Cat, Function, 1, 128, {}, false, "print a file"},
      {"system", System, Function, 1, 128, {}, true, "run a shell command"},
      {"join", Join, Function, 1, 2, {}, false, "print an array of strings"},
      {"signal",
       Signal,
       Function,
       1,
       1,
       {P::Kprobe, P::Kretprobe, P::Uprobe, P::Uretprobe, P::Usdt, P::Profile, P::Tracepoint,
        P::RawTracepoint, P::Fentry, P::Fexit},
       true,
       "send a signal to the current process"},
      {"str", Str, Function, 1, 2, {}, false, "read a string"},
      {"buf", Buf, Function, 1, 2, {}, false, "read bytes"},
      {"strncmp", Strncmp, Function, 3, 3, {}, false, "compare strings"},
      {"strcontains", Strcontains, Function, 2, 2, {}, false, "substring test"},
      {"ntop", Ntop, Function, 1, 2, {}, false, "network address to text"},
      {"strftime", Strftime, Function, 2, 2, {}, false, "format a timestamp"},
      {"ksym", Ksym, Function, 1, 1, {}, false, "kernel symbol of an address"},
      {"usym", Usym, Function, 1, 1, {}, false, "user symbol of an address"},
      {"kaddr", Kaddr, Function, 1, 1, {}, false, "address of a kernel symbol"},
      {"uaddr",
       Uaddr,
       Function,
       1,
       1,
       {P::Uprobe, P::Uretprobe, P::Usdt},
       false,
       "address of a user symbol"},
      {"reg", Reg, Function, 1, 1, {}, false, "register value"},
      {"strerror", Strerror, Function, 1, 1, {}, false, "text of an errno value"},
      {"bswap", Bswap, Function, 1, 1, {}, false, "swap byte order"},
      {"kptr", Kptr, Function, 1, 1, {}, false, "mark a kernel pointer"},
      {"uptr", Uptr, Function, 1, 1, {}, false, "mark a user pointer"},
      {"macaddr", Macaddr, Function, 1, 1, {}, false, "MAC address to text"},
      {"cgroupid", Cgroupid, Function, 1, 1, {}, false, "cgroup id of a path"},
      {"cgroup_path", CgroupPath, Function, 1, 2, {}, false, "path of a cgroup id"},
      {"pton", Pton, Function, 1, 1, {}, false, "text address to bytes"},
      {"override", Override, Function, 1, 1, {P::Kprobe}, true, "override a return value"},

      {"delete", Delete, Function, 1, 2, {}, false, "remove a map element"},
      {"clear", Clear, Function, 1, 1, {}, false, "remove every map element"},
      {"zero", Zero, Function, 1, 1, {}, false, "set every map value to zero"},
      {"has_key", HasKey, Function, 2, 2, {}, false, "whether a map has a key"},
      {"len", Len, Function, 1, 1, {}, false, "number of map elements"},

      {"count", Count, Aggregation, 0, 0, {}, false, "count calls"},
      {"sum", Sum, Aggregation, 1, 1, {}, false, "sum values"},
      {"avg", Avg, Aggregation, 1, 1, {}, false, "average of values"},
      {"min", Min, Aggregation, 1, 1, {}, false, "smallest value"},
      {"max", Max, Aggregation, 1, 1, {}, false, "largest value"},
      {"stats", Stats, Aggregation, 1, 1, {}, false, "count, average and total"},
      {"hist", Hist, Aggregation, 1, 2, {}, false, "power-of-two histogram"},
      {"lhist", Lhist, Aggregation, 4, 4, {}, false, "linear histogram"},
  };
  return builtins;
}

} // namespace

const BuiltinInfo* find_builtin(std::string_view name) {
  for (const BuiltinInfo& b : table())
    if (b.name == name)
      return &b;
  return nullptr;
}

std::vector<std::string> builtin_names() {
  std::vector<std::string> names;
  for (const BuiltinInfo& b : table())
    names.emplace_back(b.name);
  return names;
}

std::string probe_kinds_text(const BuiltinInfo& info) {
  std::string text;
  for (size_t i = 0; i < info.probe_kinds.size(); ++i) {
    for (const ProbeKind& kind : probe_kinds())
      if (kind.type == info.probe_kinds[i])
        text += (i == 0                             ? ""
                 : i + 1 == info.probe_kinds.size() ? " and "
                                                    : ", ") +
                std::string(kind.name);
  }
  return text;
}

} // namespace sonde::stdlib
