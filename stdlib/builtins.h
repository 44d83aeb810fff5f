// The builtin variables and functions of the language, in one table that
// sema (argument counts, probe kinds, safety), codegen and the help text read.
// A name not in this table is an unknown function or a misspelt builtin.
#pragma once

#include "stdlib/probe_kinds.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::stdlib {

enum class BuiltinId {
  // Variables
  Pid,
  Tid,
  Uid,
  Gid,
  Cpu,
  Nsecs,
  Elapsed,
  Comm,
  Probe,
  Rand,
  Cgroup,
  Curtask,
  Args,
  Retval,
  Func,
  Kstack,
  Ustack,
  Username,
  Numaid,
  Jiffies,
  Cpid,
  Ctx,
  // Output and control
  Printf,
  Print,
  Time,
  Exit,
  Cat,
  System,
  Join,
  Signal,
  // Values
  Str,
  Buf,
  Strncmp,
  Strcontains,
  Ntop,
  Strftime,
  Ksym,
  Usym,
  Kaddr,
  Uaddr,
  Reg,
  Strerror,
  Bswap,
  Kptr,
  Uptr,
  Macaddr,
  Cgroupid,
  CgroupPath,
  Pton,
  Override,
  // Map functions
  Delete,
  Clear,
  Zero,
  HasKey,
  Len,
  // Aggregations (only as the value of a map assignment)
  Count,
  Sum,
  Avg,
  Min,
  Max,
  Stats,
  Hist,
  Lhist,
};

enum class BuiltinKind { Variable, Function, Aggregation };

struct BuiltinInfo {
  std::string_view name;
  BuiltinId id;
  BuiltinKind kind;
  int min_args = 0;
  int max_args = 0;
  std::vector<ProbeType> probe_kinds; // empty: every kind
  bool unsafe = false;                // needs --unsafe
  std::string_view summary;
};

// The entry for `name`, or null.
const BuiltinInfo* find_builtin(std::string_view name);

// Every name, for "did you mean" hints.
std::vector<std::string> builtin_names();

// "BEGIN" / "tracepoint" ... list of the probe kinds a builtin allows, for messages.
std::string probe_kinds_text(const BuiltinInfo& info);

} // namespace sonde::stdlib
