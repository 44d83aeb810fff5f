// The compiler library's interface, as the sonde executable sees it.
//
// The compiler (sema, codegen) and LLVM live in libsonde_compiler.so, which
// the executable dlopen()s only when it has to compile: merely mapping
// libLLVM costs ~13 ms and ~50 MB, which a cached or precompiled run never
// pays. Both sides are built together from one tree, so the interface may
// use C++ types; the entry point is found with dlsym and its ABI version is
// checked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sonde {

inline constexpr uint32_t kCompilerAbiVersion = 2;

struct CompileRequest {
  std::string script_name; // "stdin" for -e and -
  std::string script_text;
  std::vector<std::string> include_dirs;
  std::vector<std::string> forced_includes;
  std::vector<std::string> params;
  bool unsafe = false;
  bool want_ir = false;
  bool want_assembly = false;
  bool show_warnings = true;
  int verbose = 0;   // -v: say what the compiler did to the system (mounting tracefs)
  int child_pid = 0; // -c: the child's pid, the value of `cpid`
};

struct CompileResult {
  bool ok = false;
  std::string bundle;      // serialised bundle::Bundle
  std::string diagnostics; // formatted for stderr (warnings too)
  std::string ir;
  std::string assembly;
  std::vector<std::string> included_paths; // user files read through #include / --include
  std::string timings;                     // "parse 0.3 ms" lines, for -v
};

} // namespace sonde

extern "C" {

struct SondeCompilerApi {
  uint32_t abi_version;
  // "19.1.7": the LLVM the library was built and linked with.
  const char* (*llvm_version)();
  // Whether LLVM can emit BPF code here (the bpf target is registered).
  bool (*has_bpf_target)();
  // Script text -> Bundle; never throws.
  void (*compile)(const sonde::CompileRequest* request, sonde::CompileResult* result);
};

// The name dlsym looks up.
#define SONDE_COMPILER_ENTRY "sonde_compiler_api"
const SondeCompilerApi* sonde_compiler_api();
}
