// x86_64 system call numbers and names.
//
// The kernel does not publish the number of a syscall anywhere a program can
// read cheaply (the `id` file of a syscalls tracepoint is the tracepoint's id),
// so the table is part of sonde. The runtime uses it for syscall_name(), the
// compiler to turn `tracepoint:syscalls:sys_enter_X` into a syscall number for
// one raw_syscalls program that serves many syscalls.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sonde::kernel {

struct SyscallEntry {
  int number;
  std::string_view name;        // as in the man pages and strace: "stat", "openat"
  std::string_view kernel_name; // the SYSCALL_DEFINE name tracepoints use when it
                                // differs ("newstat" -> sys_enter_newstat); else empty

  // The name the syscalls tracepoints use: sys_enter_<event_name()>.
  std::string_view event_name() const { return kernel_name.empty() ? name : kernel_name; }
};

// The whole x86_64 table, sorted by number (numbers without a syscall are absent).
std::span<const SyscallEntry> syscall_table();

// The name of syscall `number`, or nullopt for a number with no syscall.
std::optional<std::string_view> syscall_name(int64_t number);

// The number of the syscall called `name` (either its usual or its kernel name).
std::optional<int> syscall_number(std::string_view name);

// The syscall a syscalls tracepoint event traces: "sys_enter_openat" and
// "sys_exit_openat" give 257; nullopt for other names.
std::optional<int> syscall_number_for_event(std::string_view event);

} // namespace sonde::kernel
