// The tracepoint catalogue of the machine the tests run on (root: tracefs is
// mounted on first use if needed).
#pragma once

#include "compiler/kernel/tracefs.h"
#include "compiler/kernel/tracepoints.h"

#include <gtest/gtest.h>

namespace sonde::kernel::test_support {

inline const TracefsStatus& test_tracefs() {
  static const TracefsStatus status = locate_tracefs();
  return status;
}

inline const TracepointCatalog& test_catalog() {
  static const TracepointCatalog catalog(test_tracefs().events_dir());
  return catalog;
}

} // namespace sonde::kernel::test_support
