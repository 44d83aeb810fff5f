// Config: the `config = { key = value; ... }` block and the matching
// BPFTRACE_<KEY> environment variables (the environment wins). Keys may be
// written stack_mode, STACK_MODE or BPFTRACE_STACK_MODE.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "compiler/sema/sema.h"

namespace sonde::sema {

// Applies the settings to `options` (compiler keys) and to
// options.runtime_config (keys the runtime reads). Unknown keys and bad
// values are located errors; known keys this version ignores are warnings.
bool apply_config(const ast::Program& program, Options& options, ast::Diagnostics& diags);

} // namespace sonde::sema
