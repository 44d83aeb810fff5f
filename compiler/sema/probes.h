// Attach point expansion (wildcards, positional parameters) for sema.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "stdlib/probe_kinds.h"

#include <string>
#include <vector>

namespace sonde::kernel {
class Kernel;
}

namespace sonde::sema {

struct ExpandedTarget {
  std::string target; // what the runtime attaches to: "syscalls:sys_enter_read", "s:1"
  std::string name;   // what `probe` prints: "tracepoint:syscalls:sys_enter_read"
};

struct Expansion {
  stdlib::ProbeType type = stdlib::ProbeType::Begin;
  std::vector<ExpandedTarget> targets;
};

// Expands one attach point; reports a located error (with a hint for a
// misspelt tracepoint) and returns false when nothing matches.
bool expand_attach_point(const ast::AttachPoint& ap, const std::vector<std::string>& params,
                         kernel::Kernel& kernel, ast::Diagnostics& diags, Expansion& out);

} // namespace sonde::sema
