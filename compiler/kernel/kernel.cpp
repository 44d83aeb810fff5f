#include "compiler/kernel/kernel.h"

#include "compiler/kernel/kernel_identity.h"
#include "compiler/kernel/probe_support.h"

namespace sonde::kernel {

Kernel::Kernel(KernelOptions options)
    : options_(std::move(options)), kallsyms_(options_.kallsyms_path) {}

Kernel::~Kernel() = default;

const TracefsStatus& Kernel::tracefs() const {
  std::call_once(tracefs_once_, [this] {
    tracefs_ = locate_tracefs(options_.tracefs);
    if (tracefs_.available())
      tracepoints_ = std::make_unique<TracepointCatalog>(tracefs_.events_dir());
  });
  return tracefs_;
}

const TracepointCatalog* Kernel::tracepoints() const {
  tracefs();
  return tracepoints_.get();
}

const Btf* Kernel::btf() const {
  std::call_once(btf_once_, [this] {
    btf_ = options_.btf_path.empty() ? Btf::load_vmlinux(btf_error_)
                                     : Btf::load_file(options_.btf_path, btf_error_);
  });
  return btf_.get();
}

const std::string& Kernel::btf_error() const {
  btf();
  return btf_error_;
}

const Kallsyms& Kernel::kallsyms() const {
  return kallsyms_;
}

bool Kernel::function_exists(std::string_view name) const {
  if (const Btf* types = btf(); types && types->has_function(name))
    return true;
  // BTF leaves out functions it cannot describe (and kernels may lack BTF).
  return kallsyms_.has_function(name);
}

bool Kernel::kprobes_available() const {
  // The kprobe PMU answers without tracefs, so try it before mounting anything.
  return sonde::kernel::kprobes_available("") || sonde::kernel::kprobes_available(tracefs().root);
}

std::optional<std::string> Kernel::suggest_tracepoint_for_function(std::string_view function,
                                                                   bool on_return) const {
  const TracepointCatalog* catalog = tracepoints();
  if (!catalog)
    return std::nullopt;
  return sonde::kernel::suggest_tracepoint_for_function(function, *catalog, on_return);
}

const std::string& Kernel::btf_identity() const {
  std::call_once(identity_once_, [this] {
    identity_ = sonde::kernel::btf_identity(options_.btf_path.empty() ? "/sys/kernel/btf/vmlinux"
                                                                      : options_.btf_path);
  });
  return identity_;
}

} // namespace sonde::kernel
