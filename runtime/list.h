// Probe listing: `sonde -l [PATTERN]` and `sonde -lv [PATTERN]`.
//
// The pattern is a glob over probe names as scripts write them
// ("tracepoint:sched:*", "t:syscalls:sys_enter_open*", "*sleep*"); a
// provider alias is accepted and the canonical name printed. A pattern that
// starts with "struct ", "union " or "enum " names kernel types instead, and
// -lv prints their BTF definitions. Everything listed comes from the running
// kernel (tracefs, BTF, kallsyms), read only as far as the pattern needs.
#pragma once

#include <ostream>
#include <string>

namespace sonde::kernel {
class Kernel;
}

namespace sonde::runtime {

// Prints the probes matching `pattern` (a glob; empty = everything) one per line to `out`;
// with `verbose`, the arguments of each probe. Returns the exit status (0, or 1 after an
// error message on `err`).
int list_probes(const std::string& pattern, bool verbose, std::ostream& out, std::ostream& err);

// As above, asking `kernel` (so that a caller holding one does not load BTF twice).
int list_probes(const kernel::Kernel& kernel, const std::string& pattern, bool verbose,
                std::ostream& out, std::ostream& err);

} // namespace sonde::runtime
