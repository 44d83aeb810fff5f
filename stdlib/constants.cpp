#include "stdlib/constants.h"

namespace sonde::stdlib {
const std::vector<Constant>& predefined_constants() {
  static const std::vector<Constant> constants = {};
  return constants;
}
} // namespace sonde::stdlib
