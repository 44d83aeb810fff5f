#include "compiler/kernel/syscalls.h"

#include "kernel_fixture.h"

#include <set>

namespace sonde::kernel {
namespace {

TEST(Syscalls, NamesAndNumbersRoundTrip) {
  EXPECT_EQ(syscall_name(0), "read");
  EXPECT_EQ(syscall_name(1), "write");
  EXPECT_EQ(syscall_name(59), "execve");
  EXPECT_EQ(syscall_name(257), "openat");
  EXPECT_EQ(syscall_name(435), "clone3");
  EXPECT_EQ(syscall_name(460), "lsm_set_self_attr");
  EXPECT_EQ(syscall_number("read"), 0);
  EXPECT_EQ(syscall_number("execve"), 59);
  EXPECT_EQ(syscall_number("openat"), 257);
  EXPECT_EQ(syscall_number("openat2"), 437);
  for (const SyscallEntry& entry : syscall_table()) {
    EXPECT_EQ(syscall_name(entry.number), entry.name);
    EXPECT_EQ(syscall_number(entry.name), entry.number);
  }
}

TEST(Syscalls, UnknownNumbersAndNames) {
  EXPECT_FALSE(syscall_name(-1));
  EXPECT_FALSE(syscall_name(400)); // the gap between 336 and 424
  EXPECT_FALSE(syscall_name(100000));
  EXPECT_FALSE(syscall_number("no_such_syscall"));
  EXPECT_FALSE(syscall_number(""));
}

TEST(Syscalls, KernelNamesUsedByTracepoints) {
  EXPECT_EQ(syscall_number("newstat"), 4);
  EXPECT_EQ(syscall_name(4), "stat");
  EXPECT_EQ(syscall_number_for_event("sys_enter_openat"), 257);
  EXPECT_EQ(syscall_number_for_event("sys_exit_openat"), 257);
  EXPECT_EQ(syscall_number_for_event("sys_enter_newfstat"), 5);
  EXPECT_EQ(syscall_number_for_event("sys_enter_sendfile64"), 40);
  EXPECT_FALSE(syscall_number_for_event("sched_switch"));
  EXPECT_FALSE(syscall_number_for_event("sys_enter_nosuch"));
}

TEST(Syscalls, TableIsSortedAndUnique) {
  std::set<std::string_view> names;
  int previous = -1;
  for (const SyscallEntry& entry : syscall_table()) {
    EXPECT_GT(entry.number, previous);
    previous = entry.number;
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
  }
  EXPECT_GE(previous, 460);
}

// Every syscalls:sys_enter_* tracepoint of this kernel maps to a number.
TEST(Syscalls, CoverEverySyscallTracepoint) {
  auto entries = test_support::test_catalog().match("syscalls", "sys_enter_*");
  ASSERT_FALSE(entries.empty());
  for (const TracepointName& name : entries)
    EXPECT_TRUE(syscall_number_for_event(name.event)) << name.full();
}

} // namespace
} // namespace sonde::kernel
