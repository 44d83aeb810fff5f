#include "runtime/attach.h"

#include <linux/perf_event.h>

#include <gtest/gtest.h>

namespace sonde::runtime {
namespace {

TEST(TimerAttr, UnitForms) {
  perf_event_attr attr{};
  std::string error;
  ASSERT_TRUE(timer_attr("s:1", attr, error));
  EXPECT_EQ(attr.sample_period, 1000000000u);
  EXPECT_EQ(attr.config, PERF_COUNT_SW_CPU_CLOCK);
  ASSERT_TRUE(timer_attr("ms:100", attr, error));
  EXPECT_EQ(attr.sample_period, 100000000u);
  ASSERT_TRUE(timer_attr("us:500", attr, error));
  EXPECT_EQ(attr.sample_period, 500000u);
}

TEST(TimerAttr, DurationAndNanosecondForms) {
  perf_event_attr attr{};
  std::string error;
  ASSERT_TRUE(timer_attr("100ms", attr, error));
  EXPECT_EQ(attr.sample_period, 100000000u);
  ASSERT_TRUE(timer_attr("5000000", attr, error));
  EXPECT_EQ(attr.sample_period, 5000000u);
}

TEST(TimerAttr, HertzSetsAFrequency) {
  perf_event_attr attr{};
  std::string error;
  ASSERT_TRUE(timer_attr("hz:99", attr, error));
  EXPECT_EQ(attr.freq, 1u);
  EXPECT_EQ(attr.sample_freq, 99u);
}

TEST(TimerAttr, RejectsBadTargets) {
  perf_event_attr attr{};
  std::string error;
  EXPECT_FALSE(timer_attr("parsecs:3", attr, error));
  EXPECT_NE(error.find("parsecs"), std::string::npos);
  EXPECT_FALSE(timer_attr("s:0", attr, error));
  EXPECT_FALSE(timer_attr("s:x", attr, error));
}

TEST(SoftwareAttr, NamesAliasesAndDefaultCounts) {
  perf_event_attr attr{};
  std::string error;
  ASSERT_TRUE(software_attr("faults", attr, error));
  EXPECT_EQ(attr.config, PERF_COUNT_SW_PAGE_FAULTS);
  EXPECT_EQ(attr.sample_period, 100u);
  ASSERT_TRUE(software_attr("cs:5", attr, error));
  EXPECT_EQ(attr.config, PERF_COUNT_SW_CONTEXT_SWITCHES);
  EXPECT_EQ(attr.sample_period, 5u);
  ASSERT_TRUE(software_attr("cpu-clock", attr, error));
  EXPECT_EQ(attr.sample_period, 1000000u);
  EXPECT_FALSE(software_attr("nope", attr, error));
  EXPECT_FALSE(software_attr("cs:0", attr, error));
}

} // namespace
} // namespace sonde::runtime
