#include "compiler/kernel/glob.h"

#include <gtest/gtest.h>

namespace sonde::kernel {
namespace {

struct GlobCase {
  const char* pattern;
  const char* text;
  bool matches;
};

TEST(Glob, MatchTable) {
  const GlobCase cases[] = {
      {"", "", true},
      {"", "a", false},
      {"*", "", true},
      {"*", "anything", true},
      {"**", "x", true},
      {"?", "", false},
      {"?", "a", true},
      {"?", "ab", false},
      {"sys_enter_*", "sys_enter_openat", true},
      {"sys_enter_*", "sys_enter_", true},
      {"sys_enter_*", "sys_exit_openat", false},
      {"sys_*_openat", "sys_enter_openat", true},
      {"sys_*_openat", "sys_exit_openat", true},
      {"sys_*_openat", "sys_enter_openat2", false},
      {"*open*", "do_sys_openat2", true},
      {"*open*", "close", false},
      {"vfs_?ead", "vfs_read", true},
      {"vfs_?ead", "vfs_rread", false},
      {"sched", "sched", true},
      {"sched", "sched_switch", false},
      {"sched*", "sched", true},
      {"*switch", "sched_switch", true},
      {"*switch", "sched_switch_x", false},
      {"a*b*c", "abc", true},
      {"a*b*c", "aXbYc", true},
      {"a*b*c", "aXbYcZ", false},
      {"a*b*c", "acb", false},
      {"*aab", "aaaab", true}, // needs the star to backtrack
      {"*ab*ab", "abab", true},
      {"*ab*ab", "aabbab", true},
      {"a?c*", "abcdef", true},
      {"*.isra.*", "finish_task_switch.isra.0", true},
      {"[abc]", "[abc]", true}, // brackets are not special
      {"[abc]", "a", false},
  };
  for (const GlobCase& c : cases)
    EXPECT_EQ(glob_match(c.pattern, c.text), c.matches)
        << "pattern '" << c.pattern << "' text '" << c.text << "'";
}

TEST(Glob, StarInTextIsOrdinary) {
  EXPECT_TRUE(glob_match("*b", "*ab"));
  EXPECT_TRUE(glob_match("\\*", "\\anything"));
}

TEST(Glob, HasWildcard) {
  EXPECT_TRUE(has_wildcard("sys_enter_*"));
  EXPECT_TRUE(has_wildcard("vfs_?ead"));
  EXPECT_FALSE(has_wildcard("sched_switch"));
  EXPECT_FALSE(has_wildcard(""));
}

} // namespace
} // namespace sonde::kernel
