// libFuzzer target: bytes -> preprocessor + parser + config + sema + codegen
// (LLVM, BPF object in memory), with a Kernel that has no BTF, no kallsyms
// and never mounts tracefs. Must never crash.
#define SONDE_FUZZ_CODEGEN 1
#include "tests/fuzz/pipeline.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sonde::fuzz::script_name();
  sonde::fuzz::initialise_llvm();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!sonde::fuzz::hermetic(text))
    return -1;
  sonde::fuzz::run_compile(text);
  return 0;
}
