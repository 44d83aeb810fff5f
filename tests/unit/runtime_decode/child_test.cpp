#include "runtime/child.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace sonde::runtime {
namespace {

using Words = std::vector<std::string>;

TEST(SplitCommand, SplitsAtBlanks) {
  EXPECT_EQ(split_command("/bin/echo a  b\tc"), (Words{"/bin/echo", "a", "b", "c"}));
}

TEST(SplitCommand, HonoursQuotesAndEscapes) {
  EXPECT_EQ(split_command("sh -c 'echo \"hi there\"'"), (Words{"sh", "-c", "echo \"hi there\""}));
  EXPECT_EQ(split_command("a\\ b \"c\\\"d\" ''"), (Words{"a b", "c\"d", ""}));
}

TEST(SplitCommand, EmptyCommandHasNoWords) {
  EXPECT_TRUE(split_command("   ").empty());
}

TEST(ChildProcess, ReportsAMissingProgramBeforeForking) {
  ChildProcess child;
  std::string error;
  EXPECT_FALSE(child.spawn("/nonexistent/program", error));
  EXPECT_NE(error.find("No such file"), std::string::npos);
  EXPECT_FALSE(child.spawn("no-such-program-anywhere", error));
  EXPECT_EQ(child.pid(), 0);
}

TEST(ChildProcess, ReportsAFailedExecAtStart) {
  ChildProcess child;
  std::string error;
  // A directory passes no exec; access(X_OK) says yes, execvp says EACCES.
  ASSERT_TRUE(child.spawn("/tmp", error));
  EXPECT_GT(child.pid(), 0);
  EXPECT_FALSE(child.start(error));
  EXPECT_NE(error.find("Permission denied"), std::string::npos);
}

TEST(ChildProcess, RunsAndIsReaped) {
  ChildProcess child;
  std::string error;
  ASSERT_TRUE(child.spawn("true", error));
  ASSERT_TRUE(child.start(error)) << error;
  for (int i = 0; i < 500 && !child.exited(); ++i)
    usleep(2000);
  EXPECT_TRUE(child.exited());
}

TEST(ChildProcess, AHeldChildIsCleanedUp) {
  ChildProcess child;
  std::string error;
  ASSERT_TRUE(child.spawn("sleep 100", error));
  child.terminate();
  EXPECT_TRUE(child.exited());
}

} // namespace
} // namespace sonde::runtime
