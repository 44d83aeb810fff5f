#include "compiler/kernel/tracefs.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace sonde::kernel {

namespace {

// statfs() f_type of tracefs (TRACEFS_MAGIC in linux/magic.h, "trac").
constexpr long kTracefsMagic = 0x74726163;

bool is_directory(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// A tracefs mounted somewhere unusual is found in the mount table; the two
// usual places are checked first because statfs() is cheaper than reading it.
std::string find_in_mount_table() {
  std::ifstream mounts("/proc/self/mounts");
  std::string line;
  while (std::getline(mounts, line)) {
    std::istringstream fields(line);
    std::string device, mount_point, fs_type;
    if (!(fields >> device >> mount_point >> fs_type) || fs_type != "tracefs")
      continue;
    if (is_tracefs_root(mount_point))
      return mount_point;
  }
  return {};
}

std::string mount_failure_message(int error_number) {
  std::string manual = std::string("mount -t tracefs nodev ") + kTracefsMountPoint;
  if (error_number == EPERM || error_number == EACCES)
    return "tracefs is not mounted and mounting it needs root (CAP_SYS_ADMIN); run as root, "
           "or mount it first: " +
           manual;
  return std::string("cannot mount tracefs at ") + kTracefsMountPoint + ": " +
         std::strerror(error_number) + " (try: " + manual + ")";
}

} // namespace

bool is_tracefs_root(const std::string& dir) {
  struct statfs fs {};
  return statfs(dir.c_str(), &fs) == 0 && static_cast<long>(fs.f_type) == kTracefsMagic;
}

TracefsStatus locate_tracefs(const TracefsOptions& options) {
  TracefsStatus status;
  for (const char* candidate : {kTracefsMountPoint, kDebugfsTracingDir}) {
    if (is_tracefs_root(candidate)) {
      status.root = candidate;
      return status;
    }
  }
  if (std::string found = find_in_mount_table(); !found.empty()) {
    status.root = std::move(found);
    return status;
  }

  // The mount point directory exists whenever the kernel has tracing support.
  if (!is_directory(kTracefsMountPoint)) {
    status.error = std::string("tracefs is not available: ") + kTracefsMountPoint +
                   " does not exist (kernel built without CONFIG_TRACING?)";
    return status;
  }
  if (!options.allow_mount) {
    status.error = std::string("tracefs is not mounted (mount it with: mount -t tracefs nodev ") +
                   kTracefsMountPoint + ")";
    return status;
  }
  if (mount("nodev", kTracefsMountPoint, "tracefs", 0, nullptr) != 0) {
    // Another process may have mounted it between our check and our mount.
    int mount_errno = errno;
    if (mount_errno == EBUSY && is_tracefs_root(kTracefsMountPoint)) {
      status.root = kTracefsMountPoint;
      return status;
    }
    status.error = mount_failure_message(mount_errno);
    return status;
  }
  status.root = kTracefsMountPoint;
  status.mounted_now = true;
  if (options.on_mounted)
    options.on_mounted(status.root);
  return status;
}

} // namespace sonde::kernel
