// The catalogue of tracepoints the running kernel offers, read from tracefs.
//
// tracefs has one directory per category under events/ and one per event
// below that, each holding `format` and `id` files. The catalogue reads
// directories only when asked and only the ones a pattern can match, so
// checking one named tracepoint costs a stat and listing all ~2300 a few ms.
#pragma once

#include "compiler/kernel/tracepoint_format.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::kernel {

struct TracepointName {
  std::string category; // "sched"
  std::string event;    // "sched_switch"

  // "category:event", as scripts and `-l` write it.
  std::string full() const { return category + ":" + event; }
  auto operator<=>(const TracepointName&) const = default;
};

class TracepointCatalog {
public:
  // `events_dir` is tracefs's events/ directory (TracefsStatus::events_dir()).
  explicit TracepointCatalog(std::string events_dir);

  // Every category, sorted. ftrace's internal events are not tracepoints and are left out.
  std::vector<std::string> categories() const;

  // The events of one category, sorted; empty for an unknown category.
  std::vector<std::string> events(std::string_view category) const;

  // Whether `category:event` exists (no wildcards).
  bool exists(std::string_view category, std::string_view event) const;

  // Every tracepoint whose category and event match the two glob patterns
  // (`*` and `?` in either field), sorted; a pattern without wildcards only
  // touches its own directory.
  std::vector<TracepointName> match(std::string_view category_pattern,
                                    std::string_view event_pattern) const;

  // Every tracepoint, sorted by category then event.
  std::vector<TracepointName> all() const { return match("*", "*"); }

  // The parsed `format` file, or nullopt (with `error` set when non-null) when
  // the tracepoint does not exist or its format cannot be read.
  std::optional<TracepointFormat> format(std::string_view category, std::string_view event,
                                         std::string* error = nullptr) const;

  // The tracepoint id (for perf_event_open), or nullopt when it does not exist.
  std::optional<uint32_t> id(std::string_view category, std::string_view event) const;

  // The events/ directory this catalogue reads.
  const std::string& events_dir() const { return events_dir_; }

private:
  std::string event_dir(std::string_view category, std::string_view event) const;
  const std::vector<std::string>& cached_events(const std::string& category) const;

  std::string events_dir_;
  mutable std::mutex mutex_; // guards the caches below
  mutable std::optional<std::vector<std::string>> categories_;
  mutable std::map<std::string, std::vector<std::string>, std::less<>> events_;
};

// Splits "category:event" at its colon; nullopt when there is none.
std::optional<TracepointName> split_tracepoint_name(std::string_view name);

} // namespace sonde::kernel
