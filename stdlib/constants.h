// Constants that scripts take from kernel and libc headers but that BTF does
// not carry (they are #defines, not enums): AF_*, errno values, O_* flags,
// S_IF*, DT_*, TASK_* states, SIG*, PROT_*/MAP_*, IPPROTO_* ... The
// preprocessor predefines each as an object-like macro, so `#ifdef EPERM`
// holds and a script's own #define may replace one.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sonde::stdlib {

struct Constant {
  std::string_view name;
  int64_t value;
};

const std::vector<Constant>& predefined_constants();

} // namespace sonde::stdlib
