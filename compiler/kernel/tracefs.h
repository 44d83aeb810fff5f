// Finding (and if need be mounting) tracefs, the file system through which the
// kernel lists its tracepoints and their record layouts.
//
// Many machines do not mount tracefs at boot. When it is missing and we may
// mount file systems (root, CAP_SYS_ADMIN), locate_tracefs() mounts it at
// /sys/kernel/tracing and says so, so the CLI can mention it under -v.
#pragma once

#include <functional>
#include <string>

namespace sonde::kernel {

// Where tracefs is, or why it cannot be used.
struct TracefsStatus {
  std::string root;         // e.g. "/sys/kernel/tracing"; empty when unavailable
  bool mounted_now = false; // true when this process mounted it just now
  std::string error;        // set when root is empty: what went wrong and what to do

  // True when tracefs was found (or mounted).
  bool available() const { return !root.empty(); }
  // The directory holding one subdirectory per tracepoint category.
  std::string events_dir() const { return root + "/events"; }
};

struct TracefsOptions {
  bool allow_mount = true; // mount tracefs when it is missing and we are allowed to
  // Called with the mount point after a successful mount (for a -v message).
  std::function<void(const std::string& mount_point)> on_mounted;
};

// The default mount point, and the older one below debugfs.
inline constexpr const char* kTracefsMountPoint = "/sys/kernel/tracing";
inline constexpr const char* kDebugfsTracingDir = "/sys/kernel/debug/tracing";

// True when `dir` is the root of a mounted tracefs.
bool is_tracefs_root(const std::string& dir);

// Finds a mounted tracefs, mounting one at /sys/kernel/tracing if allowed.
TracefsStatus locate_tracefs(const TracefsOptions& options = {});

} // namespace sonde::kernel
