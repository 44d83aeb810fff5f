// The pipeline: text -> AST -> checked AST -> Bundle.
#include "compiler/compile.h"

#include "compiler/bundle.h"
#include "compiler/codegen/codegen.h"
#include "compiler/kernel/kernel.h"
#include "compiler/sema/config.h"
#include "compiler/sema/sema.h"
#include "grammar/parse.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/TargetSelect.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <sstream>
#include <string>

namespace {

const char* llvm_version() {
  return LLVM_VERSION_STRING;
}

void initialise_bpf_target() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeBPFTargetInfo();
    LLVMInitializeBPFTarget();
    LLVMInitializeBPFTargetMC();
    LLVMInitializeBPFAsmPrinter();
  });
}

bool has_bpf_target() {
  initialise_bpf_target();
  std::string error;
  return llvm::TargetRegistry::lookupTarget("bpfel", error) != nullptr;
}

void compile(const sonde::CompileRequest* request, sonde::CompileResult* result) {
  using namespace sonde;
  ast::SourceFiles files;
  ast::Diagnostics diags;
  std::string notes; // said under -v, before any diagnostic
  auto finish = [&] {
    std::ostringstream text;
    diags.print(text, files, request->show_warnings);
    result->diagnostics = notes + text.str();
  };
  try {
    uint32_t file = files.add(request->script_name, request->script_text);
    grammar::PreprocessOptions pp;
    pp.include_dirs = request->include_dirs;
    pp.forced_includes = request->forced_includes;
    auto phase_start = std::chrono::steady_clock::now();
    auto phase = [&](const char* name) {
      auto now = std::chrono::steady_clock::now();
      char line[64];
      std::snprintf(line, sizeof line, "%-8s %8.2f ms\n", name,
                    std::chrono::duration<double, std::milli>(now - phase_start).count());
      result->timings += line;
      phase_start = now;
    };
    grammar::Preprocessed preprocessed;
    std::unique_ptr<ast::Program> program = grammar::parse(file, files, pp, diags, &preprocessed);
    result->included_paths = preprocessed.included_paths;
    phase("parse");
    if (!program)
      return finish();

    kernel::KernelOptions kernel_options;
    kernel_options.tracefs.allow_mount = true;
    if (request->verbose > 0)
      kernel_options.tracefs.on_mounted = [&notes](const std::string& dir) {
        notes += "mounted tracefs at " + dir + "\n";
      };
    kernel::Kernel kernel(kernel_options);
    sema::Options sema_options;
    sema_options.params = request->params;
    sema_options.unsafe = request->unsafe;
    sema_options.child_pid = request->child_pid;
    if (!sema::apply_config(*program, sema_options, diags))
      return finish();
    sema::Result checked;
    if (!sema::analyse(*program, kernel, sema_options, diags, checked))
      return finish();
    phase("sema");

    initialise_bpf_target();
    codegen::Options options;
    options.want_ir = request->want_ir;
    options.want_assembly = request->want_assembly;
    codegen::Output output;
    if (!codegen::generate(*program, checked, sema_options, options, files, output, diags))
      return finish();
    phase("codegen");
    result->bundle = bundle::serialize(output.bundle);
    result->ir = std::move(output.ir);
    result->assembly = std::move(output.assembly);
    result->ok = true;
  } catch (const std::exception& e) {
    diags.error(std::string("internal compiler error: ") + e.what(),
                "please report this script to the sonde developers");
  }
  finish();
}

const SondeCompilerApi kApi = {
    sonde::kCompilerAbiVersion,
    llvm_version,
    has_bpf_target,
    compile,
};

} // namespace

extern "C" __attribute__((visibility("default"))) const SondeCompilerApi* sonde_compiler_api() {
  return &kApi;
}
