# libFuzzer targets (tests/fuzz): SONDE_FUZZ=ON with clang builds the whole
# tree with coverage instrumentation and ASan+UBSan, and adds
#   fuzz_parse    bytes -> preprocessor + parser
#   fuzz_compile  bytes -> parser + sema + codegen (no kernel access)
# `make fuzz` configures build-fuzz this way and runs them.
option(SONDE_FUZZ "Build the libFuzzer targets (clang; instruments the whole tree)" OFF)

# The codegen sources, compiled into the fuzzer and the fuzz regression test
# (the compiler library is a shared object that also holds sema and the
# grammar, so linking it next to them would define everything twice).
file(GLOB SONDE_CODEGEN_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/compiler/codegen/*.cpp)

if(SONDE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SONDE_FUZZ needs clang (configure with CC=clang-19 CXX=clang++-19)")
  endif()
  # clang 14 (Debian's `clang`) cannot compile the tree: lambdas capturing
  # structured bindings need clang 16. Debian: clang-19 libclang-rt-19-dev.
  if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
    message(FATAL_ERROR "SONDE_FUZZ needs clang 16 or newer (found ${CMAKE_CXX_COMPILER_VERSION}); "
                        "apt-get install clang-19 libclang-rt-19-dev and use CXX=clang++-19")
  endif()
  set(SONDE_FUZZ_FLAGS -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  add_compile_options(${SONDE_FUZZ_FLAGS})
  add_link_options(-fsanitize=address,undefined)

  foreach(name parse compile)
    add_executable(fuzz_${name} ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${name}.cpp)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    target_compile_options(fuzz_${name} PRIVATE ${SONDE_WARNINGS})
    set_target_properties(fuzz_${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  endforeach()
  target_link_libraries(fuzz_parse PRIVATE sonde_grammar)
  target_sources(fuzz_compile PRIVATE ${SONDE_CODEGEN_SOURCES})
  target_include_directories(fuzz_compile SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS})
  target_compile_definitions(fuzz_compile PRIVATE ${LLVM_DEFINITIONS})
  target_link_libraries(fuzz_compile PRIVATE sonde_sema LLVM)
  add_custom_target(fuzzers DEPENDS fuzz_parse fuzz_compile)
endif()
