// The BTF half of probe listing (see list.h): raw tracepoints, fentry/fexit
// functions, BPF iterators and kernel type definitions. Internal to the runtime.
#pragma once

#include "compiler/kernel/btf.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::runtime::btf_listing {

// What one pass over every BTF type finds. libbpf looks names up by a linear
// scan, so listing many probes with arguments would be quadratic; one pass
// and these maps keep `-lv 'rawtracepoint:*'` fast.
class BtfProbeIndex {
public:
  // Scans `btf`; collects kernel functions only when `with_functions` (~60k names).
  BtfProbeIndex(const kernel::Btf& btf, bool with_functions);

  // Raw tracepoint names (each has a `btf_trace_<name>` typedef), sorted.
  std::vector<std::string_view> raw_tracepoints() const;
  // The argument declarations of a raw tracepoint, e.g. "struct task_struct * prev".
  std::vector<std::string> raw_tracepoint_args(std::string_view name) const;

  // BPF iterator names ("task", "task_file"), sorted.
  std::vector<std::string_view> iterators() const;
  // The context fields an iterator program sees, e.g. "struct task_struct * task".
  std::vector<std::string> iterator_fields(std::string_view name) const;

  // Kernel function names (only when built `with_functions`), sorted.
  std::vector<std::string_view> functions() const;
  // The parameter declarations of a kernel function; with `with_retval`, then
  // its return value as fexit sees it ("ssize_t retval").
  std::vector<std::string> function_args(std::string_view name, bool with_retval) const;

private:
  const kernel::Btf& btf_;
  std::map<std::string_view, kernel::BtfTypeId> raw_tracepoints_; // name -> btf_trace_ typedef
  std::map<std::string_view, kernel::BtfTypeId> probestubs_;      // name -> __probestub_<name> FUNC
  std::map<std::string_view, kernel::BtfTypeId> bpf_traces_;      // name -> __bpf_trace_<name> FUNC
  std::map<std::string_view, kernel::BtfTypeId> iterators_;       // name -> struct bpf_iter__<name>
  std::map<std::string_view, kernel::BtfTypeId> functions_;       // every FUNC
};

// A variable or parameter as -lv prints it: "struct task_struct * prev",
// "char comm[16]", "void (*cb)(void *)".
std::string argument_declaration(const kernel::Btf& btf, kernel::BtfTypeId type,
                                 std::string_view name);

// Whether fentry/fexit programs can be loaded here (tries to load a trivial one).
bool fentry_available(const kernel::Btf& btf);

// The named structs, unions or enums (`keyword` is "struct", "union" or
// "enum") whose names match `name_pattern`, as "struct task_struct" -> type id.
std::map<std::string, kernel::BtfTypeId>
types_matching(const kernel::Btf& btf, std::string_view keyword, std::string_view name_pattern);

// The C definition of a struct, union or enum, one line per element:
// "struct path {", "    struct vfsmount *mnt;", ..., "};".
std::vector<std::string> type_definition(const kernel::Btf& btf, kernel::BtfTypeId id);

} // namespace sonde::runtime::btf_listing
