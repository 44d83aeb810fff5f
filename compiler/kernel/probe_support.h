// Which probe mechanisms the running kernel offers, and what to use instead
// when one is missing (kernels built without CONFIG_KPROBES still have
// tracepoints for most things people kprobe).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sonde::kernel {

class TracepointCatalog;

// The message for a kprobe/kretprobe on a kernel without kprobes.
inline constexpr const char* kKprobesUnavailable =
    "kprobes are not available on this kernel (built without CONFIG_KPROBES)";

// Whether kprobes can be created: the kprobe PMU, or tracefs's kprobe_events
// file (`tracefs_root` may be empty when tracefs is unavailable).
bool kprobes_available(const std::string& tracefs_root);

// Whether uprobes can be created (uprobe PMU or tracefs's uprobe_events).
bool uprobes_available(const std::string& tracefs_root);

// Removes a compiler-made suffix from a kernel symbol: "finish_task_switch.isra.0"
// -> "finish_task_switch".
std::string_view strip_symbol_suffix(std::string_view function);

// A tracepoint that observes the same event as kernel function `function`,
// as "tracepoint:category:event", or nullopt when none is known or the
// tracepoint does not exist here. `on_return` asks for the function's return
// (a kretprobe): syscall functions then map to sys_exit_*. Syscall entry
// points (__x64_sys_NAME, __se_sys_NAME, __do_sys_NAME, ksys_NAME,
// do_sys_NAME) map to syscalls:sys_enter_NAME; a curated table covers
// well-known functions such as tcp_set_state or blk_mq_start_request.
std::optional<std::string> suggest_tracepoint_for_function(std::string_view function,
                                                           const TracepointCatalog& catalog,
                                                           bool on_return = false);

} // namespace sonde::kernel
