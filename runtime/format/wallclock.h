// Wall-clock text for time() and strftime().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sonde::format {

// `format` through strftime(3) for the given moment in local time, with
// bpftrace's extension "%f" expanded to the six-digit microseconds ("%%f"
// stays a literal "%f"). time() without a format uses kDefaultTimeFormat.
std::string format_wallclock(std::string_view format, int64_t epoch_seconds, uint32_t nanoseconds);

// time()'s format when none is given.
inline constexpr std::string_view kDefaultTimeFormat = "%H:%M:%S\n";

} // namespace sonde::format
