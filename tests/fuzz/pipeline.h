// What the fuzzers (and the fuzz regression test) run on one input.
//
//   run_parse:   preprocessor + parser, then the AST printer and the
//                diagnostics printer (what --emit=ast and an error show).
//   run_compile: the same, then config, sema and codegen to an in-memory BPF
//                object (LLVM IR too), without touching the kernel.
//
// Hermetic: the Kernel is built with BTF and kallsyms pointed at paths that
// do not exist and tracefs never mounted, so lookups fail cleanly (a tracefs
// that is already mounted is only read). Quoted #include is relative to the
// script, which is named as if it were in an empty directory; the fuzzers
// skip inputs that could name a device, /proc or /sys file through #include
// (see hermetic()).
#pragma once

#include "compiler/ast/diagnostics.h"
#include "compiler/ast/printer.h"
#include "grammar/parse.h"

#ifdef SONDE_FUZZ_CODEGEN
#include "compiler/codegen/codegen.h"
#include "compiler/kernel/kernel.h"
#include "compiler/sema/config.h"
#include "compiler/sema/sema.h"

#include <llvm/Support/TargetSelect.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace sonde::fuzz {

// False for inputs the fuzzers must not run because they could read files
// outside the sandbox directory (an #include of /dev/zero would hang, of
// /proc/kcore would read for ever). Conservative: any input that mentions
// "include" together with an absolute-looking system path or "..".
inline bool hermetic(std::string_view text) {
  if (text.find("include") == std::string_view::npos)
    return true;
  for (std::string_view bad : {"/dev", "/proc", "/sys", "..", "kcore", "/run", "/var"})
    if (text.find(bad) != std::string_view::npos)
      return false;
  return true;
}

// The script's name: "stdin" in an empty directory made for this process
// (removed at exit), so that quoted includes, looked up next to the script,
// find nothing.
inline const std::string& script_name() {
  static char dir[] = "/tmp/sonde-fuzz-XXXXXX";
  static const std::string name = [] {
    if (!mkdtemp(dir))
      std::abort();
    std::atexit([] { rmdir(dir); });
    return std::string(dir) + "/stdin";
  }();
  return name;
}

// The compiler turns an exception into "internal compiler error" (see
// compiler/compile.cpp), so one is not a crash; with SONDE_FUZZ_ICE=1 in the
// environment the fuzzers treat it as one, to find them.
inline void internal_error(const std::exception& e) {
  static const bool fatal = std::getenv("SONDE_FUZZ_ICE") != nullptr;
  if (fatal) {
    std::fprintf(stderr, "internal compiler error: %s\n", e.what());
    std::abort();
  }
}

// SONDE_FUZZ_VERBOSE=1: print the diagnostics (to see how far an input got).
inline void show(const std::ostringstream& out) {
  static const bool verbose = std::getenv("SONDE_FUZZ_VERBOSE") != nullptr;
  if (verbose)
    std::fputs(out.str().c_str(), stderr);
}

inline void run_parse(std::string_view text) try {
  ast::SourceFiles files;
  uint32_t file = files.add(script_name(), std::string(text));
  ast::Diagnostics diags;
  grammar::Preprocessed preprocessed;
  std::unique_ptr<ast::Program> program = grammar::parse(file, files, {}, diags, &preprocessed);
  std::ostringstream out;
  if (program) {
    ast::print_program(out, *program, files, false);
    ast::print_program(out, *program, files, true);
  }
  diags.print(out, files, true);
  show(out);
} catch (const std::exception& e) {
  internal_error(e);
}

#ifdef SONDE_FUZZ_CODEGEN
inline kernel::Kernel& hermetic_kernel() {
  static kernel::Kernel kernel([] {
    kernel::KernelOptions options;
    options.tracefs.allow_mount = false;
    options.btf_path = "/nonexistent/sonde-fuzz/vmlinux";
    options.kallsyms_path = "/nonexistent/sonde-fuzz/kallsyms";
    return options;
  }());
  return kernel;
}

inline void initialise_llvm() {
  static bool done = [] {
    LLVMInitializeBPFTargetInfo();
    LLVMInitializeBPFTarget();
    LLVMInitializeBPFTargetMC();
    LLVMInitializeBPFAsmPrinter();
    return true;
  }();
  (void)done;
}

// Returns whether an object was produced (for the seed test, not the fuzzer).
inline bool run_compile(std::string_view text) try {
  initialise_llvm();
  ast::SourceFiles files;
  uint32_t file = files.add(script_name(), std::string(text));
  ast::Diagnostics diags;
  bool ok = false;
  std::unique_ptr<ast::Program> program = grammar::parse(file, files, {}, diags);
  if (program) {
    sema::Options sema_options;
    sema_options.params = {"1", "two"};
    if (sema::apply_config(*program, sema_options, diags)) {
      sema::Result checked;
      if (sema::analyse(*program, hermetic_kernel(), sema_options, diags, checked)) {
        codegen::Options options;
        options.want_ir = true;
        codegen::Output output;
        ok = codegen::generate(*program, checked, sema_options, options, files, output, diags);
      }
    }
  }
  std::ostringstream out;
  diags.print(out, files, true);
  show(out);
  return ok;
} catch (const std::exception& e) {
  internal_error(e);
  return false;
}
#endif

} // namespace sonde::fuzz
