#pragma once

namespace sonde::format {

// Text output (bpftrace v0.17's) or -f json (one JSON object per line).
enum class OutputMode { Text, Json };

} // namespace sonde::format
