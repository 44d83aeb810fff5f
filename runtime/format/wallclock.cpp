#include "runtime/format/wallclock.h"

#include <cstdio>
#include <ctime>

namespace sonde::format {

namespace {

// Replaces each "%f" with the microseconds, leaving "%%" pairs untouched so
// strftime still sees them.
std::string expand_microseconds(std::string_view format, uint32_t nanoseconds) {
  char micros[8];
  std::snprintf(micros, sizeof(micros), "%06u",
                static_cast<unsigned>(nanoseconds / 1000 % 1000000));
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      if (format[i + 1] == 'f') {
        out += micros;
        ++i;
        continue;
      }
      out += format[i];
      out += format[++i];
      continue;
    }
    out += format[i];
  }
  return out;
}

} // namespace

std::string format_wallclock(std::string_view format, int64_t epoch_seconds, uint32_t nanoseconds) {
  const std::string expanded = expand_microseconds(format, nanoseconds);
  if (expanded.empty())
    return "";
  const auto seconds = static_cast<time_t>(epoch_seconds);
  struct tm local {};
  if (localtime_r(&seconds, &local) == nullptr)
    return "(?)";
  // strftime returns 0 both for "too small" and for an empty result; grow
  // the buffer a few times before deciding the result is empty.
  for (size_t size = 256; size <= 65536; size *= 4) {
    std::string out(size, '\0');
    const size_t length = std::strftime(out.data(), out.size(), expanded.c_str(), &local);
    if (length > 0) {
      out.resize(length);
      return out;
    }
  }
  return "";
}

} // namespace sonde::format
