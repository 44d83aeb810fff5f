// Probe listing (sonde -l / -lv) against this machine's kernel.
#include "runtime/list.h"

#include "compiler/kernel/kernel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>

namespace sonde::runtime {
namespace {

struct Listed {
  int status = 0;
  std::string out;
  std::string err;
  std::vector<std::string> lines;
};

// One Kernel for all rows, so BTF is loaded once.
const kernel::Kernel& shared_kernel() {
  static const kernel::Kernel kernel;
  return kernel;
}

Listed run_list(const std::string& pattern, bool verbose) {
  std::ostringstream out, err;
  Listed result;
  result.status = list_probes(shared_kernel(), pattern, verbose, out, err);
  result.out = out.str();
  result.err = err.str();
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);)
    result.lines.push_back(line);
  return result;
}

bool has_line(const Listed& listed, const std::string& line) {
  return std::find(listed.lines.begin(), listed.lines.end(), line) != listed.lines.end();
}

struct Case {
  const char* name;
  std::string pattern;
  bool verbose;
  int status;                        // expected exit status
  std::vector<std::string> exact;    // when set: the whole output, line by line
  std::vector<std::string> contains; // lines that must appear
  std::vector<std::string> absent;   // lines that must not appear
  size_t min_lines = 0;              // at least this many lines
  std::string err_contains;          // expected text on err ("" = err must be empty)
};

const Case kCases[] = {
    {"TracepointExact",
     "tracepoint:sched:sched_switch",
     false,
     0,
     {"tracepoint:sched:sched_switch"},
     {},
     {},
     0,
     ""},
    {"AliasGivesCanonicalName",
     "t:sched:sched_switch",
     false,
     0,
     {"tracepoint:sched:sched_switch"},
     {},
     {},
     0,
     ""},
    {"SyscallWildcard",
     "t:syscalls:sys_enter_*",
     false,
     0,
     {},
     {"tracepoint:syscalls:sys_enter_openat", "tracepoint:syscalls:sys_enter_read"},
     {"tracepoint:syscalls:sys_exit_read"},
     300,
     ""},
    {"OpenPrefix",
     "t:syscalls:sys_enter_open*",
     false,
     0,
     {},
     {"tracepoint:syscalls:sys_enter_open", "tracepoint:syscalls:sys_enter_openat",
      "tracepoint:syscalls:sys_enter_openat2"},
     {"tracepoint:syscalls:sys_enter_read"},
     3,
     ""},
    {"TracepointArgs",
     "tracepoint:syscalls:sys_enter_openat",
     true,
     0,
     {"tracepoint:syscalls:sys_enter_openat", "    int __syscall_nr;", "    int dfd;",
      "    const char * filename;", "    int flags;", "    umode_t mode;"},
     {},
     {},
     0,
     ""},
    {"TracepointArrayField",
     "tracepoint:sched:sched_switch",
     true,
     0,
     {},
     {"tracepoint:sched:sched_switch", "    char prev_comm[16];", "    pid_t prev_pid;",
      "    pid_t next_pid;"},
     {"    unsigned short common_type;", "    int common_pid;"},
     0,
     ""},
    {"NoProviderMatchesFullNames",
     "sched:sched_switch",
     false,
     0,
     {"tracepoint:sched:sched_switch"},
     {},
     {},
     0,
     ""},
    {"ProviderGlob",
     "t*:sched:sched_switch",
     false,
     0,
     {"tracepoint:sched:sched_switch"},
     {},
     {},
     0,
     ""},
    {"AnyProvider",
     "*sched_switch*",
     false,
     0,
     {},
     {"tracepoint:sched:sched_switch", "rawtracepoint:sched_switch"},
     {},
     2,
     ""},
    {"RawTracepoint",
     "rawtracepoint:sched_switch",
     false,
     0,
     {"rawtracepoint:sched_switch"},
     {},
     {},
     0,
     ""},
    {"RawTracepointArgs",
     "rt:sched_switch",
     true,
     0,
     {},
     {"rawtracepoint:sched_switch", "    struct task_struct * prev;",
      "    struct task_struct * next;"},
     {},
     0,
     ""},
    {"RawTracepointModule",
     "rawtracepoint:vmlinux:sched_switch",
     false,
     0,
     {"rawtracepoint:sched_switch"},
     {},
     {},
     0,
     ""},
    {"RawTracepointOtherModule", "rawtracepoint:ext4:sched_switch", false, 0, {}, {}, {}, 0, ""},
    {"RawTracepointWildcard",
     "rawtracepoint:sched_*",
     false,
     0,
     {},
     {"rawtracepoint:sched_switch", "rawtracepoint:sched_wakeup"},
     {},
     10,
     ""},
    {"Software",
     "software:*",
     false,
     0,
     {},
     {"software:cpu-clock:", "software:alignment-faults:", "software:context-switches:",
      "software:page-faults:"},
     {"software:cs:"},
     11,
     ""},
    {"SoftwareAlias", "s:cs", false, 0, {"software:context-switches:"}, {}, {}, 0, ""},
    {"Hardware",
     "h:*",
     false,
     0,
     {},
     {"hardware:cpu-cycles:", "hardware:instructions:", "hardware:cache-misses:"},
     {},
     10,
     ""},
    {"Begin", "BEGIN", false, 0, {"BEGIN"}, {}, {}, 0, ""},
    {"BeginEndGlob", "*N*", false, 0, {}, {"BEGIN", "END"}, {}, 2, ""},
    {"Interval", "interval:*", false, 0, {}, {}, {}, 0, ""},
    {"Profile", "profile:*", false, 0, {}, {}, {}, 0, ""},
    {"NoSuchProbe", "*nosuch*", false, 0, {}, {}, {}, 0, ""},
    {"NoSuchTracepoint", "tracepoint:nosuch:*", false, 0, {}, {}, {}, 0, ""},
    {"KprobesAbsentHere", "kprobe:*", false, 0, {}, {}, {}, 0, ""},
    {"FentryRefusedHere", "fentry:vfs_*", false, 0, {}, {}, {}, 0, ""},
    {"Uprobe",
     "uprobe:/bin/bash:*",
     false,
     1,
     {},
     {},
     {},
     0,
     "ERROR: listing uprobes is not supported by this version of sonde yet"},
    {"Iterator",
     "iter:task*",
     true,
     0,
     {},
     {"iter:task", "    struct task_struct * task;", "iter:task_file", "    u32 fd;"},
     {},
     2,
     ""},
    {"StructName", "struct task_struct", false, 0, {"struct task_struct"}, {}, {}, 0, ""},
    {"StructDefinition",
     "struct task_struct",
     true,
     0,
     {},
     {"struct task_struct {", "    pid_t pid;", "    char comm[16];", "};"},
     {},
     100,
     ""},
    {"StructPath",
     "struct path",
     true,
     0,
     {"struct path {", "    struct vfsmount *mnt;", "    struct dentry *dentry;", "};"},
     {},
     {},
     0,
     ""},
    {"UnknownStruct", "struct nosuch_type_xyz", true, 0, {}, {}, {}, 0, ""},
};

class ListProbes : public testing::TestWithParam<Case> {};

TEST_P(ListProbes, Prints) {
  const Case& c = GetParam();
  Listed listed = run_list(c.pattern, c.verbose);
  EXPECT_EQ(listed.status, c.status) << listed.err;
  if (c.err_contains.empty()) {
    EXPECT_EQ(listed.err, "");
  } else {
    EXPECT_NE(listed.err.find(c.err_contains), std::string::npos) << listed.err;
  }
  if (!c.exact.empty() || (c.contains.empty() && c.min_lines == 0)) {
    EXPECT_EQ(listed.lines, c.exact) << listed.out;
  }
  for (const std::string& line : c.contains)
    EXPECT_TRUE(has_line(listed, line)) << "missing '" << line << "' in\n" << listed.out;
  for (const std::string& line : c.absent)
    EXPECT_FALSE(has_line(listed, line)) << "unexpected '" << line << "'";
  EXPECT_GE(listed.lines.size(), c.min_lines);
}

INSTANTIATE_TEST_SUITE_P(Patterns, ListProbes, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& row) { return row.param.name; });

// The whole listing is sorted and has no duplicates (across providers too).
TEST(ListProbesAll, SortedWithoutDuplicates) {
  Listed listed = run_list("", false);
  EXPECT_EQ(listed.status, 0);
  EXPECT_GT(listed.lines.size(), 2000u);
  EXPECT_TRUE(std::is_sorted(listed.lines.begin(), listed.lines.end()));
  EXPECT_EQ(std::adjacent_find(listed.lines.begin(), listed.lines.end()), listed.lines.end());
  EXPECT_TRUE(has_line(listed, "BEGIN"));
  EXPECT_TRUE(has_line(listed, "tracepoint:sched:sched_switch"));
  EXPECT_TRUE(has_line(listed, "rawtracepoint:sched_switch"));
  EXPECT_TRUE(has_line(listed, "software:cpu-clock:"));
}

// Listing every tracepoint reads directories only, never format files.
TEST(ListProbesAll, TracepointsAreFast) {
  // Best of three, so that a busy machine does not fail the test.
  auto best = std::chrono::steady_clock::duration::max();
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    std::ostringstream out, err;
    EXPECT_EQ(list_probes("tracepoint:*", false, out, err), 0) << err.str();
    best = std::min(best, std::chrono::steady_clock::now() - start);
    std::string text = out.str();
    EXPECT_GT(std::count(text.begin(), text.end(), '\n'), 1000);
  }
  EXPECT_LT(best, std::chrono::milliseconds(100));
}

// Every tracepoint -lv lists has its fields under it.
TEST(ListProbesAll, VerboseTracepointsHaveFields) {
  // (A few only: reading a format file waits for tracefs's event lock, which
  // tracing sessions running alongside hold for many ms.)
  Listed listed = run_list("tracepoint:sched:sched_wak*", true);
  EXPECT_EQ(listed.status, 0);
  size_t probes = 0, fields = 0;
  bool previous_was_probe = false;
  for (const std::string& line : listed.lines) {
    bool is_field = line.starts_with("    ");
    if (!is_field) {
      EXPECT_FALSE(previous_was_probe) << "no fields before " << line;
    }
    previous_was_probe = !is_field;
    (is_field ? fields : probes)++;
  }
  EXPECT_FALSE(previous_was_probe);
  EXPECT_GE(probes, 3u);
  EXPECT_GT(fields, probes);
}

} // namespace
} // namespace sonde::runtime
