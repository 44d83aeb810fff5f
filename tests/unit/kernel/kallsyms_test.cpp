#include "compiler/kernel/kallsyms.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace sonde::kernel {
namespace {

const Kallsyms& kernel_symbols() {
  static const Kallsyms symbols;
  return symbols;
}

TEST(Kallsyms, FindsATextSymbolBothWays) {
  const Kallsyms& symbols = kernel_symbols();
  ASSERT_TRUE(symbols.load()) << symbols.error();
  EXPECT_GT(symbols.size(), 10000u);

  auto address = symbols.address_of("do_nanosleep");
  ASSERT_TRUE(address);
  EXPECT_NE(*address, 0u);
  EXPECT_TRUE(symbols.has_function("do_nanosleep"));

  auto at_start = symbols.resolve(*address);
  ASSERT_TRUE(at_start);
  EXPECT_EQ(at_start->symbol.name, "do_nanosleep");
  EXPECT_EQ(at_start->offset, 0u);
  EXPECT_TRUE(at_start->symbol.is_function());

  auto inside = symbols.resolve(*address + 5);
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->symbol.name, "do_nanosleep");
  EXPECT_EQ(inside->offset, 5u);
}

TEST(Kallsyms, UnknownNamesAndAddresses) {
  const Kallsyms& symbols = kernel_symbols();
  EXPECT_FALSE(symbols.address_of("no_such_symbol_x"));
  EXPECT_FALSE(symbols.has_function("no_such_symbol_x"));
  EXPECT_FALSE(symbols.resolve(0x1000)); // below every kernel symbol
}

TEST(Kallsyms, GlobOverFunctions) {
  auto matches = kernel_symbols().functions_matching("__x64_sys_open*");
  EXPECT_FALSE(matches.empty());
  for (std::string_view name : matches)
    EXPECT_EQ(name.substr(0, 14), "__x64_sys_open");
}

// A file in kallsyms' format, to pin parsing rules: modules, aliases, order.
TEST(Kallsyms, ParsesModulesAndAliases) {
  std::string path = "/tmp/sonde_kallsyms_test_" + std::to_string(getpid());
  {
    std::ofstream file(path);
    file << "0000000000002000 T second\n"
            "0000000000001000 T first\n"
            "0000000000001000 t first_alias\n"
            "0000000000003000 t mod_fn\t[ext4]\n"
            "0000000000004000 d shared_name\n"
            "0000000000005000 t shared_name\n"
            "garbage line\n";
  }
  Kallsyms symbols(path);
  ASSERT_TRUE(symbols.load()) << symbols.error();
  EXPECT_EQ(symbols.size(), 6u);
  EXPECT_EQ(symbols.resolve(0x1004)->symbol.name, "first");
  EXPECT_EQ(symbols.resolve(0x1004)->offset, 4u);
  EXPECT_EQ(symbols.resolve(0x2fff)->symbol.name, "second");
  EXPECT_EQ(symbols.resolve(0x3010)->symbol.module, "ext4");
  EXPECT_FALSE(symbols.resolve(0xfff));
  // The first lookups scan, later ones use an index: both must agree.
  for (int round = 0; round < 12; ++round) {
    EXPECT_EQ(symbols.address_of("first_alias"), 0x1000u) << round;
    EXPECT_EQ(symbols.address_of("shared_name"), 0x5000u) << round; // the function wins
    EXPECT_TRUE(symbols.has_function("shared_name")) << round;
    EXPECT_FALSE(symbols.has_function("absent")) << round;
  }
  std::remove(path.c_str());
}

TEST(Kallsyms, HiddenAddressesAreAnError) {
  std::string path = "/tmp/sonde_kallsyms_hidden_" + std::to_string(getpid());
  {
    std::ofstream file(path);
    file << "0000000000000000 T first\n0000000000000000 T second\n";
  }
  Kallsyms symbols(path);
  EXPECT_FALSE(symbols.load());
  EXPECT_NE(symbols.error().find("hidden"), std::string::npos);
  std::remove(path.c_str());

  Kallsyms missing("/nonexistent/kallsyms");
  EXPECT_FALSE(missing.load());
  EXPECT_NE(missing.error().find("/nonexistent/kallsyms"), std::string::npos);
}

} // namespace
} // namespace sonde::kernel
