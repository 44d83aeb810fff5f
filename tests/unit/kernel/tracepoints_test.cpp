// Tracefs and the tracepoint catalogue of the running kernel.
#include "kernel_fixture.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sonde::kernel {
namespace {

using test_support::test_catalog;
using test_support::test_tracefs;

TEST(Tracefs, IsMountedAfterLocate) {
  const TracefsStatus& status = test_tracefs();
  ASSERT_TRUE(status.available()) << status.error;
  EXPECT_TRUE(status.error.empty());
  EXPECT_TRUE(is_tracefs_root(status.root));
  EXPECT_TRUE(std::ifstream(status.events_dir() + "/sched/sched_switch/format").good());
}

TEST(Tracefs, SecondLocateFindsTheMountAndCallsNoOne) {
  int notices = 0;
  TracefsOptions options;
  options.on_mounted = [&](const std::string&) { ++notices; };
  TracefsStatus again = locate_tracefs(options);
  ASSERT_TRUE(again.available()) << again.error;
  EXPECT_FALSE(again.mounted_now);
  EXPECT_EQ(notices, 0);
}

TEST(Tracefs, NotADirectoryIsNotTracefs) {
  EXPECT_FALSE(is_tracefs_root("/proc"));
  EXPECT_FALSE(is_tracefs_root("/nonexistent/tracing"));
}

TEST(Tracepoints, OpenatFormatMatchesTheKernel) {
  std::string error;
  auto format = test_catalog().format("syscalls", "sys_enter_openat", &error);
  ASSERT_TRUE(format) << error;
  EXPECT_EQ(format->category, "syscalls");
  EXPECT_EQ(format->event, "sys_enter_openat");
  EXPECT_EQ(format->id, test_catalog().id("syscalls", "sys_enter_openat"));

  const TracepointField* dfd = format->find("dfd");
  ASSERT_TRUE(dfd);
  EXPECT_EQ(dfd->type, "int");
  EXPECT_EQ(dfd->kind, FieldKind::Integer);
  EXPECT_EQ(dfd->offset, 16u);
  EXPECT_EQ(dfd->size, 8u);

  const TracepointField* filename = format->find("filename");
  ASSERT_TRUE(filename);
  EXPECT_EQ(filename->type, "const char *");
  EXPECT_EQ(filename->pointee, PointeeKind::Char);
  EXPECT_EQ(filename->address_space, AddressSpace::User);
  EXPECT_EQ(filename->offset, 24u);

  ASSERT_TRUE(format->find("flags"));
  EXPECT_EQ(format->find("flags")->offset, 32u);
  ASSERT_TRUE(format->find("mode"));
  EXPECT_EQ(format->find("mode")->offset, 40u);

  ASSERT_TRUE(format->find("common_pid"));
  EXPECT_TRUE(format->find("common_pid")->is_common);
  ASSERT_TRUE(format->find("__syscall_nr"));
  EXPECT_FALSE(format->find("__syscall_nr")->is_common);
}

TEST(Tracepoints, SchedSwitchHasCommArrays) {
  auto format = test_catalog().format("sched", "sched_switch");
  ASSERT_TRUE(format);
  const TracepointField* prev_comm = format->find("prev_comm");
  ASSERT_TRUE(prev_comm);
  EXPECT_EQ(prev_comm->kind, FieldKind::Array);
  EXPECT_EQ(prev_comm->type, "char[16]");
  EXPECT_EQ(prev_comm->array_length, 16u);
  EXPECT_EQ(prev_comm->size, 16u);
  EXPECT_TRUE(prev_comm->is_string());

  const TracepointField* prev_pid = format->find("prev_pid");
  ASSERT_TRUE(prev_pid);
  EXPECT_EQ(prev_pid->kind, FieldKind::Integer);
  EXPECT_EQ(prev_pid->type, "pid_t");
  EXPECT_EQ(prev_pid->size, 4u);
  EXPECT_TRUE(prev_pid->is_signed);
  EXPECT_TRUE(format->find("next_comm"));
}

TEST(Tracepoints, ProcessExecHasDataLocFilename) {
  auto format = test_catalog().format("sched", "sched_process_exec");
  ASSERT_TRUE(format);
  const TracepointField* filename = format->find("filename");
  ASSERT_TRUE(filename);
  EXPECT_EQ(filename->kind, FieldKind::DataLoc);
  EXPECT_EQ(filename->type, "__data_loc char[]");
  EXPECT_EQ(filename->size, 4u);
  EXPECT_TRUE(filename->is_string());
}

TEST(Tracepoints, ExecveArgvIsAnArrayOfUserStrings) {
  auto format = test_catalog().format("syscalls", "sys_enter_execve");
  ASSERT_TRUE(format);
  const TracepointField* argv = format->find("argv");
  ASSERT_TRUE(argv);
  EXPECT_EQ(argv->pointee, PointeeKind::CharPointer);
  EXPECT_EQ(argv->address_space, AddressSpace::User);
}

TEST(Tracepoints, WildcardMatchesAllSyscallEntries) {
  auto matches = test_catalog().match("syscalls", "sys_enter_*");
  EXPECT_GT(matches.size(), 300u);
  EXPECT_TRUE(std::is_sorted(matches.begin(), matches.end()));
  EXPECT_TRUE(std::find(matches.begin(), matches.end(),
                        TracepointName{"syscalls", "sys_enter_openat"}) != matches.end());
  for (const TracepointName& name : matches)
    EXPECT_EQ(name.event.rfind("sys_enter_", 0), 0u) << name.full();
}

TEST(Tracepoints, WildcardsInBothFields) {
  auto matches = test_catalog().match("sch?d", "sched_swi*");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].full(), "sched:sched_switch");

  // A literal event under a wildcard category checks each category by stat.
  auto literal_event = test_catalog().match("s*", "sched_switch");
  ASSERT_EQ(literal_event.size(), 1u);
  EXPECT_EQ(literal_event[0].full(), "sched:sched_switch");

  auto exact = test_catalog().match("sched", "sched_switch");
  ASSERT_EQ(exact.size(), 1u);
}

TEST(Tracepoints, UnknownTracepointsAreEmpty) {
  const TracepointCatalog& catalog = test_catalog();
  EXPECT_FALSE(catalog.exists("nosuch", "event"));
  EXPECT_TRUE(catalog.match("nosuch", "event").empty());
  EXPECT_TRUE(catalog.match("syscalls", "sys_enter_nosuch*").empty());
  EXPECT_TRUE(catalog.match("nosuch*", "*").empty());
  EXPECT_TRUE(catalog.events("nosuch").empty());
  EXPECT_FALSE(catalog.id("nosuch", "event"));
  std::string error;
  EXPECT_FALSE(catalog.format("nosuch", "event", &error));
  EXPECT_EQ(error, "tracepoint not found: nosuch:event");
  // Names are directory names: nothing may escape the events directory.
  EXPECT_FALSE(catalog.exists("..", "events"));
  EXPECT_FALSE(catalog.exists("sched/../sched", "sched_switch"));
}

TEST(Tracepoints, ListingLeavesOutFtraceInternals) {
  std::vector<std::string> categories = test_catalog().categories();
  EXPECT_TRUE(std::find(categories.begin(), categories.end(), "sched") != categories.end());
  EXPECT_TRUE(std::find(categories.begin(), categories.end(), "ftrace") == categories.end());
  EXPECT_FALSE(test_catalog().exists("ftrace", "function"));
}

TEST(Tracepoints, AllAgreesWithAvailableEvents) {
  std::vector<TracepointName> all = test_catalog().all();
  EXPECT_GT(all.size(), 1000u);
  std::ifstream available(test_tracefs().root + "/available_events");
  size_t listed = 0;
  std::string line;
  while (std::getline(available, line))
    ++listed;
  EXPECT_EQ(all.size(), listed);
}

// Every format file of the kernel parses, and no field line is lost.
TEST(Tracepoints, EveryFormatParses) {
  for (const TracepointName& name : test_catalog().all()) {
    std::string path = test_catalog().events_dir() + "/" + name.category + "/" + name.event;
    std::ifstream file(path + "/format");
    std::stringstream text;
    text << file.rdbuf();
    size_t field_lines = 0;
    for (size_t at = text.str().find("field:"); at != std::string::npos;
         at = text.str().find("field:", at + 1))
      ++field_lines;
    auto format = parse_tracepoint_format(text.str(), name.category, name.event);
    ASSERT_TRUE(format) << name.full();
    EXPECT_EQ(format->fields.size(), field_lines) << name.full();
    EXPECT_NE(format->id, 0u) << name.full();
    EXPECT_TRUE(format->find("common_type")) << name.full();
  }
}

} // namespace
} // namespace sonde::kernel
