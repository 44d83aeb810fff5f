// Semantic analysis: names, types and probe-kind rules.
//
// In:  the parsed Program, the kernel (tracepoint formats), options.
// Out: every Expr has a type; builtins are resolved (Call::builtin,
//      Identifier::builtin); the maps of the program with their key, value
//      and aggregation; each probe's expanded attach targets. Errors are
//      located and carry a HINT where there is advice to give.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "compiler/bundle.h"
#include "stdlib/probe_kinds.h"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sonde::kernel {
class Kernel;
}

namespace sonde::sema {

struct Options {
  std::vector<std::string> params; // positional parameters $1...
  bool unsafe = false;
  uint32_t string_size = 64; // bytes read by str(), BPFTRACE_STRLEN
  uint32_t max_map_keys = 4096;
  int child_pid = 0;                       // -c: the value of `cpid`; 0 without -c
  std::string stack_mode = "bpftrace";     // default mode of kstack/ustack
  std::vector<std::string> runtime_config; // "key=value" settings the runtime reads
};

struct MapSymbol {
  std::string name;
  ast::TypePtr key;   // null for a scalar map
  ast::TypePtr value; // for aggregations, the aggregation type (Count, Hist ...)
  bundle::Aggregation aggregation = bundle::Aggregation::None;
  uint32_t hist_bits = 0;
  int64_t lhist_min = 0, lhist_max = 0, lhist_step = 1;
  ast::Location first_use;
};

// A field of a tracepoint's `args`, as codegen reads it.
struct ArgsField {
  uint32_t offset = 0;
  bool data_loc = false; // __data_loc char[]: a u32 (length << 16 | offset)
};

struct ProbeInfo {
  const ast::Probe* probe = nullptr;
  stdlib::ProbeType type = stdlib::ProbeType::Begin;
  std::vector<bundle::AttachTarget> targets; // expanded
  std::vector<std::string> names;            // expanded names, as `probe` prints them
  ast::TypePtr args_type;                    // tracepoint args struct
  bool uses_args = false;                    // the block reads `args` (or kstack/ustack)
  std::map<std::string, ArgsField> args_fields;
};

struct Result {
  std::deque<MapSymbol> maps; // a deque: references stay valid while maps are added
  std::map<std::string, size_t> map_index;
  std::vector<ProbeInfo> probes;
  std::vector<std::string> probe_names; // all expanded names, indexed by cookie
  uint32_t attach_point_count = 0;
};

// Checks and annotates `program`. Returns false when an error was reported.
bool analyse(ast::Program& program, kernel::Kernel& kernel, const Options& options,
             ast::Diagnostics& diags, Result& result);

} // namespace sonde::sema
