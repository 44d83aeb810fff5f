#include "compiler/kernel/probe_support.h"

#include "compiler/kernel/tracepoints.h"

#include <sys/stat.h>

namespace sonde::kernel {

namespace {

bool path_exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

struct Suggestion {
  std::string_view function;
  std::string_view category;
  std::string_view entry_event;  // for a probe on entry
  std::string_view return_event; // for a probe on return; empty: same as entry
};

// Functions that the classic bpftrace/bcc tools probe, with the tracepoint
// that reports the same event. Checked before the syscall naming rule, which
// would send do_sys_openat2 to sys_enter_openat2 although every open(2) and
// openat(2) goes through it.
constexpr Suggestion kSuggestions[] = {
    {"do_sys_open", "syscalls", "sys_enter_openat", "sys_exit_openat"},
    {"do_sys_openat2", "syscalls", "sys_enter_openat", "sys_exit_openat"},
    {"do_filp_open", "syscalls", "sys_enter_openat", "sys_exit_openat"},
    {"vfs_open", "syscalls", "sys_enter_openat", "sys_exit_openat"},
    {"vfs_read", "syscalls", "sys_enter_read", "sys_exit_read"},
    {"vfs_write", "syscalls", "sys_enter_write", "sys_exit_write"},
    {"vfs_fsync", "syscalls", "sys_enter_fsync", "sys_exit_fsync"},
    {"vfs_unlink", "syscalls", "sys_enter_unlinkat", "sys_exit_unlinkat"},
    {"vfs_rename", "syscalls", "sys_enter_renameat2", "sys_exit_renameat2"},
    {"do_nanosleep", "syscalls", "sys_enter_clock_nanosleep", "sys_exit_clock_nanosleep"},
    {"hrtimer_nanosleep", "syscalls", "sys_enter_clock_nanosleep", "sys_exit_clock_nanosleep"},
    {"__schedule", "sched", "sched_switch", ""},
    {"schedule", "sched", "sched_switch", ""},
    {"finish_task_switch", "sched", "sched_switch", ""},
    {"try_to_wake_up", "sched", "sched_wakeup", ""},
    {"ttwu_do_wakeup", "sched", "sched_wakeup", ""},
    {"wake_up_new_task", "sched", "sched_wakeup_new", ""},
    {"do_exit", "sched", "sched_process_exit", ""},
    {"kernel_clone", "sched", "sched_process_fork", ""},
    {"_do_fork", "sched", "sched_process_fork", ""},
    {"copy_process", "sched", "sched_process_fork", ""},
    {"do_execve", "sched", "sched_process_exec", ""},
    {"do_execveat_common", "sched", "sched_process_exec", ""},
    {"bprm_execve", "sched", "sched_process_exec", ""},
    {"exec_binprm", "sched", "sched_process_exec", ""},
    {"blk_mq_start_request", "block", "block_rq_issue", ""},
    {"blk_start_request", "block", "block_rq_issue", ""},
    {"blk_account_io_start", "block", "block_io_start", ""},
    {"blk_mq_insert_request", "block", "block_rq_insert", ""},
    {"blk_account_io_done", "block", "block_io_done", ""},
    {"blk_mq_end_request", "block", "block_rq_complete", ""},
    {"blk_update_request", "block", "block_rq_complete", ""},
    {"submit_bio", "block", "block_bio_queue", ""},
    {"submit_bio_noacct", "block", "block_bio_queue", ""},
    {"tcp_set_state", "sock", "inet_sock_set_state", ""},
    {"tcp_connect", "sock", "inet_sock_set_state", ""},
    {"tcp_v4_connect", "sock", "inet_sock_set_state", ""},
    {"tcp_v6_connect", "sock", "inet_sock_set_state", ""},
    {"inet_csk_accept", "sock", "inet_sock_set_state", ""},
    {"tcp_close", "sock", "inet_sock_set_state", ""},
    {"tcp_retransmit_skb", "tcp", "tcp_retransmit_skb", ""},
    {"__tcp_retransmit_skb", "tcp", "tcp_retransmit_skb", ""},
    {"tcp_v4_send_reset", "tcp", "tcp_send_reset", ""},
    {"tcp_v6_send_reset", "tcp", "tcp_send_reset", ""},
    {"tcp_send_active_reset", "tcp", "tcp_send_reset", ""},
    {"tcp_drop", "skb", "kfree_skb", ""},
    {"kfree_skb", "skb", "kfree_skb", ""},
    {"kfree_skb_reason", "skb", "kfree_skb", ""},
    {"sk_skb_reason_drop", "skb", "kfree_skb", ""},
    {"dev_queue_xmit", "net", "net_dev_queue", ""},
    {"__dev_queue_xmit", "net", "net_dev_queue", ""},
    {"netif_receive_skb", "net", "netif_receive_skb", ""},
    {"napi_gro_receive", "net", "napi_gro_receive_entry", "napi_gro_receive_exit"},
    {"oom_kill_process", "oom", "mark_victim", ""},
    {"out_of_memory", "oom", "mark_victim", ""},
    {"handle_irq_event", "irq", "irq_handler_entry", "irq_handler_exit"},
    {"__do_softirq", "irq", "softirq_entry", "softirq_exit"},
    {"handle_softirqs", "irq", "softirq_entry", "softirq_exit"},
    {"__send_signal", "signal", "signal_generate", ""},
    {"__send_signal_locked", "signal", "signal_generate", ""},
    {"send_signal", "signal", "signal_generate", ""},
    {"send_signal_locked", "signal", "signal_generate", ""},
    {"get_signal", "signal", "signal_deliver", ""},
    {"process_one_work", "workqueue", "workqueue_execute_start", "workqueue_execute_end"},
    {"__kmalloc", "kmem", "kmalloc", ""},
    {"__kmalloc_noprof", "kmem", "kmalloc", ""},
    {"kmalloc_trace", "kmem", "kmalloc", ""},
    {"kfree", "kmem", "kfree", ""},
    {"kmem_cache_alloc", "kmem", "kmem_cache_alloc", ""},
    {"kmem_cache_alloc_noprof", "kmem", "kmem_cache_alloc", ""},
    {"kmem_cache_free", "kmem", "kmem_cache_free", ""},
    {"try_to_free_pages", "vmscan", "mm_vmscan_direct_reclaim_begin",
     "mm_vmscan_direct_reclaim_end"},
    {"filemap_add_folio", "filemap", "mm_filemap_add_to_page_cache", ""},
    {"add_to_page_cache_lru", "filemap", "mm_filemap_add_to_page_cache", ""},
    {"cap_capable", "capability", "cap_capable", ""},
    {"hrtimer_start_range_ns", "timer", "hrtimer_start", ""},
    {"__hrtimer_run_queues", "timer", "hrtimer_expire_entry", "hrtimer_expire_exit"},
};

// Prefixes of the kernel's syscall entry points and helpers, longest first
// so that "__x64_sys_" is not mistaken for "sys_".
constexpr std::string_view kSyscallPrefixes[] = {
    "__x64_sys_", "__ia32_sys_", "__arm64_sys_", "__se_sys_", "__do_sys_",
    "ksys_",      "do_sys_",     "__sys_",       "sys_",
};

std::optional<std::string> existing(const TracepointCatalog& catalog, std::string_view category,
                                    std::string_view event) {
  if (!catalog.exists(category, event))
    return std::nullopt;
  return "tracepoint:" + std::string(category) + ":" + std::string(event);
}

} // namespace

bool kprobes_available(const std::string& tracefs_root) {
  if (path_exists("/sys/bus/event_source/devices/kprobe"))
    return true;
  return !tracefs_root.empty() && path_exists(tracefs_root + "/kprobe_events");
}

bool uprobes_available(const std::string& tracefs_root) {
  if (path_exists("/sys/bus/event_source/devices/uprobe"))
    return true;
  return !tracefs_root.empty() && path_exists(tracefs_root + "/uprobe_events");
}

std::string_view strip_symbol_suffix(std::string_view function) {
  // GCC and LLVM name clones "f.isra.0", "f.constprop.0", "f.part.0",
  // "f.cold", "f.llvm.12345": the part before the first dot is the function.
  size_t dot = function.find('.');
  return dot == std::string_view::npos || dot == 0 ? function : function.substr(0, dot);
}

std::optional<std::string> suggest_tracepoint_for_function(std::string_view function,
                                                           const TracepointCatalog& catalog,
                                                           bool on_return) {
  function = strip_symbol_suffix(function);
  for (const Suggestion& suggestion : kSuggestions) {
    if (suggestion.function != function)
      continue;
    std::string_view event = on_return && !suggestion.return_event.empty() ? suggestion.return_event
                                                                           : suggestion.entry_event;
    if (auto found = existing(catalog, suggestion.category, event))
      return found;
  }
  for (std::string_view prefix : kSyscallPrefixes) {
    if (function.substr(0, prefix.size()) != prefix || function.size() == prefix.size())
      continue;
    std::string name(function.substr(prefix.size()));
    return existing(catalog, "syscalls", (on_return ? "sys_exit_" : "sys_enter_") + name);
  }
  return std::nullopt;
}

} // namespace sonde::kernel
