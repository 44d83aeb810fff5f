// The running kernel, as the compiler and the runtime ask about it.
//
// One Kernel object per process owns the expensive pieces and loads each on
// first use: tracefs (found, or mounted), the tracepoint catalogue, vmlinux
// BTF (~5 MB) and /proc/kallsyms (~120k symbols). A run that needs none of
// them pays nothing. All methods are safe to call from several threads.
#pragma once

#include "compiler/kernel/btf.h"
#include "compiler/kernel/kallsyms.h"
#include "compiler/kernel/tracefs.h"
#include "compiler/kernel/tracepoints.h"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace sonde::kernel {

struct KernelOptions {
  TracefsOptions tracefs; // may we mount tracefs; whom to tell
  std::string btf_path;   // empty: the running kernel's vmlinux BTF
  std::string kallsyms_path = "/proc/kallsyms";
};

class Kernel {
public:
  explicit Kernel(KernelOptions options = {});
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // Where tracefs is (mounting it on first call if allowed), or why not.
  const TracefsStatus& tracefs() const;

  // The tracepoint catalogue; nullptr when tracefs is unavailable (tracefs().error says why).
  const TracepointCatalog* tracepoints() const;

  // Kernel BTF, loaded on first call; nullptr when unavailable (see btf_error()).
  const Btf* btf() const;
  // Why btf() returned nullptr.
  const std::string& btf_error() const;

  // Kernel symbols; read on first lookup.
  const Kallsyms& kallsyms() const;

  // Whether a kernel function called `name` exists: a BTF FUNC when BTF is
  // available, otherwise a text symbol in kallsyms.
  bool function_exists(std::string_view name) const;

  // Whether kprobes (and so kretprobes) can be attached on this kernel.
  bool kprobes_available() const;

  // A tracepoint serving instead of a kprobe on `function` (see probe_support.h).
  std::optional<std::string> suggest_tracepoint_for_function(std::string_view function,
                                                             bool on_return = false) const;

  // The fingerprint of this kernel's BTF for compile cache keys (cheap; cached).
  const std::string& btf_identity() const;

private:
  KernelOptions options_;
  mutable std::once_flag tracefs_once_;
  mutable TracefsStatus tracefs_;
  mutable std::unique_ptr<TracepointCatalog> tracepoints_;
  mutable std::once_flag btf_once_;
  mutable std::unique_ptr<Btf> btf_;
  mutable std::string btf_error_;
  Kallsyms kallsyms_;
  mutable std::once_flag identity_once_;
  mutable std::string identity_;
};

} // namespace sonde::kernel
