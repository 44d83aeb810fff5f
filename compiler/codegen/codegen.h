// Code generation: the checked AST -> LLVM IR for the BPF target -> an ELF
// object in memory, and the Manifest that tells the runtime what is in it.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "compiler/bundle.h"
#include "compiler/sema/sema.h"

#include <string>

namespace sonde::codegen {

struct Output {
  bundle::Bundle bundle;
  std::string ir;       // LLVM IR after optimisation (for --emit=ir)
  std::string assembly; // BPF assembly (for --emit=asm)
};

struct Options {
  bool want_ir = false;
  bool want_assembly = false;
};

// Returns false with diagnostics when LLVM cannot produce the object.
bool generate(ast::Program& program, const sema::Result& checked, const sema::Options& sema_options,
              const Options& options, const ast::SourceFiles& files, Output& out,
              ast::Diagnostics& diags);

} // namespace sonde::codegen
