#include "runtime/config.h"

#include <gtest/gtest.h>

namespace sonde::runtime {
namespace {

TEST(RuntimeConfig, DefaultsWithoutSettings) {
  RuntimeConfig config;
  std::string error;
  ASSERT_TRUE(parse_runtime_config({}, config, error));
  EXPECT_EQ(config.max_cat_bytes, 10240u);
  EXPECT_TRUE(config.print_maps_on_exit);
  EXPECT_EQ(config.missing_probes, MissingProbes::Error);
}

TEST(RuntimeConfig, ReadsItsKeysAndSkipsTheCompilers) {
  RuntimeConfig config;
  std::string error;
  ASSERT_TRUE(parse_runtime_config(
      {"max_strlen=200", "max_cat_bytes=5", "print_maps_on_exit=false", "missing_probes=warn"},
      config, error));
  EXPECT_EQ(config.max_cat_bytes, 5u);
  EXPECT_FALSE(config.print_maps_on_exit);
  EXPECT_EQ(config.missing_probes, MissingProbes::Warn);
}

TEST(RuntimeConfig, RejectsBadValues) {
  RuntimeConfig config;
  std::string error;
  EXPECT_FALSE(parse_runtime_config({"missing_probes=maybe"}, config, error));
  EXPECT_NE(error.find("missing_probes"), std::string::npos);
  EXPECT_FALSE(parse_runtime_config({"max_cat_bytes=lots"}, config, error));
}

} // namespace
} // namespace sonde::runtime
