// The compiler library's interface, as the sonde executable sees it.
//
// The compiler (sema, codegen) and LLVM live in libsonde_compiler.so, which
// the executable dlopen()s only when it has to compile: merely mapping
// libLLVM costs ~13 ms and ~50 MB, which a cached or precompiled run never
// pays. The executable finds the one entry point below with dlsym, so the
// interface is plain C and versioned.
#pragma once

#include <cstdint>

extern "C" {

struct SondeCompilerApi {
  uint32_t abi_version;
  // "19.1.7": the LLVM the library was built and linked with.
  const char* (*llvm_version)();
  // Whether LLVM can emit BPF code here (the bpf target is registered).
  bool (*has_bpf_target)();
};

// The name dlsym looks up.
#define SONDE_COMPILER_ENTRY "sonde_compiler_api"
const SondeCompilerApi* sonde_compiler_api();
}

namespace sonde {
inline constexpr uint32_t kCompilerAbiVersion = 1;
}
