// A cheap fingerprint of the running kernel's types, for compile cache keys:
// a cached program is valid only on a kernel with the same BTF and tracepoint
// layouts.
#pragma once

#include <optional>
#include <string>

namespace sonde::kernel {

// The kernel's GNU build id from /sys/kernel/notes, as hex; nullopt when absent.
std::optional<std::string> kernel_build_id();

// A string that changes when the kernel (and so its BTF) changes:
// "<release>|<version>|build-id:<hex>|btf:<size>". Without a build id, a hash
// of the BTF contents stands in for it (a few ms instead of a few µs).
std::string btf_identity(const std::string& btf_path = "/sys/kernel/btf/vmlinux");

} // namespace sonde::kernel
