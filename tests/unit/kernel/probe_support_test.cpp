#include "compiler/kernel/probe_support.h"

#include "compiler/kernel/kernel.h"
#include "compiler/kernel/kernel_identity.h"
#include "kernel_fixture.h"

namespace sonde::kernel {
namespace {

using test_support::test_catalog;

std::string suggest(std::string_view function, bool on_return = false) {
  return suggest_tracepoint_for_function(function, test_catalog(), on_return).value_or("<none>");
}

TEST(ProbeSupport, SuggestsTracepointsForWellKnownFunctions) {
  EXPECT_EQ(suggest("do_sys_openat2"), "tracepoint:syscalls:sys_enter_openat");
  EXPECT_EQ(suggest("do_sys_openat2", true), "tracepoint:syscalls:sys_exit_openat");
  EXPECT_EQ(suggest("finish_task_switch"), "tracepoint:sched:sched_switch");
  EXPECT_EQ(suggest("finish_task_switch.isra.0"), "tracepoint:sched:sched_switch");
  EXPECT_EQ(suggest("__schedule"), "tracepoint:sched:sched_switch");
  EXPECT_EQ(suggest("blk_mq_start_request"), "tracepoint:block:block_rq_issue");
  EXPECT_EQ(suggest("tcp_set_state"), "tracepoint:sock:inet_sock_set_state");
  EXPECT_EQ(suggest("oom_kill_process"), "tracepoint:oom:mark_victim");
  EXPECT_EQ(suggest("tcp_retransmit_skb"), "tracepoint:tcp:tcp_retransmit_skb");
}

TEST(ProbeSupport, SyscallEntryPointsMapToSyscallTracepoints) {
  EXPECT_EQ(suggest("__x64_sys_openat"), "tracepoint:syscalls:sys_enter_openat");
  EXPECT_EQ(suggest("__x64_sys_openat", true), "tracepoint:syscalls:sys_exit_openat");
  EXPECT_EQ(suggest("__se_sys_read"), "tracepoint:syscalls:sys_enter_read");
  EXPECT_EQ(suggest("ksys_write"), "tracepoint:syscalls:sys_enter_write");
  EXPECT_EQ(suggest("__x64_sys_newstat"), "tracepoint:syscalls:sys_enter_newstat");
  EXPECT_EQ(suggest("__x64_sys_no_such_call"), "<none>");
  EXPECT_EQ(suggest("some_random_function"), "<none>");
  EXPECT_EQ(suggest("sys_"), "<none>");
}

TEST(ProbeSupport, StripsCompilerSuffixes) {
  EXPECT_EQ(strip_symbol_suffix("finish_task_switch.isra.0"), "finish_task_switch");
  EXPECT_EQ(strip_symbol_suffix("foo.cold"), "foo");
  EXPECT_EQ(strip_symbol_suffix("foo"), "foo");
}

// This machine's kernel has no CONFIG_KPROBES but does have uprobes.
TEST(ProbeSupport, KprobesAreMissingHere) {
  EXPECT_FALSE(kprobes_available(test_support::test_tracefs().root));
  EXPECT_TRUE(uprobes_available(test_support::test_tracefs().root));
}

TEST(Kernel, LoadsPiecesOnDemand) {
  int notices = 0;
  KernelOptions options;
  options.tracefs.on_mounted = [&](const std::string&) { ++notices; };
  Kernel kernel(options);
  ASSERT_TRUE(kernel.tracefs().available()) << kernel.tracefs().error;
  EXPECT_EQ(notices, kernel.tracefs().mounted_now ? 1 : 0);
  ASSERT_TRUE(kernel.tracepoints());
  EXPECT_TRUE(kernel.tracepoints()->exists("sched", "sched_switch"));
  ASSERT_TRUE(kernel.btf()) << kernel.btf_error();
  EXPECT_TRUE(kernel.btf_error().empty());
  EXPECT_TRUE(kernel.function_exists("do_nanosleep"));
  EXPECT_FALSE(kernel.function_exists("no_such_function_x"));
  EXPECT_FALSE(kernel.kprobes_available());
  EXPECT_EQ(kernel.suggest_tracepoint_for_function("tcp_set_state"),
            "tracepoint:sock:inet_sock_set_state");
  EXPECT_FALSE(kernel.btf_identity().empty());
  EXPECT_EQ(kernel.btf_identity(), btf_identity());
}

TEST(Kernel, MissingBtfFileIsReported) {
  KernelOptions options;
  options.btf_path = "/nonexistent/vmlinux";
  Kernel kernel(options);
  EXPECT_EQ(kernel.btf(), nullptr);
  EXPECT_NE(kernel.btf_error().find("/nonexistent/vmlinux"), std::string::npos);
  // Without BTF, function checks fall back to kallsyms.
  EXPECT_TRUE(kernel.function_exists("do_nanosleep"));
}

} // namespace
} // namespace sonde::kernel
