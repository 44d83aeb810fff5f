#include "compiler/compile.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/TargetSelect.h>

#include <mutex>
#include <string>

namespace {

const char* llvm_version() { return LLVM_VERSION_STRING; }

bool has_bpf_target() {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeBPFTargetInfo();
    LLVMInitializeBPFTarget();
    LLVMInitializeBPFTargetMC();
    LLVMInitializeBPFAsmPrinter();
  });
  std::string error;
  return llvm::TargetRegistry::lookupTarget("bpfel", error) != nullptr;
}

const SondeCompilerApi kApi = {
    sonde::kCompilerAbiVersion,
    llvm_version,
    has_bpf_target,
};

} // namespace

extern "C" __attribute__((visibility("default"))) const SondeCompilerApi* sonde_compiler_api() {
  return &kApi;
}
