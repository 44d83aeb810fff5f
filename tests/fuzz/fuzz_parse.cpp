// libFuzzer target: bytes -> preprocessor + parser (+ AST and diagnostic
// printers). Must never crash.
#include "tests/fuzz/pipeline.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  sonde::fuzz::script_name();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!sonde::fuzz::hermetic(text))
    return -1; // not added to the corpus
  sonde::fuzz::run_parse(text);
  return 0;
}
