// Finds and loads libsonde_compiler.so on demand (see compiler/compile.h).
#pragma once

#include "compiler/compile.h"

#include <string>

namespace sonde::runtime {

// Loads the compiler library once; later calls return the same interface.
// Returns null and sets `error` (what was tried, what to do) when it cannot.
const SondeCompilerApi* load_compiler(std::string& error);

// The path the library is loaded from: $SONDE_COMPILER_LIB, else next to the
// executable, else the installed library directory.
std::string compiler_library_path();

} // namespace sonde::runtime
