#include "runtime/usyms.h"

#include <unistd.h>

#include <gtest/gtest.h>

// Functions of this test binary to look up by address.
extern "C" __attribute__((noinline, used)) int sonde_usyms_probe_target(int x) {
  return x * 3 + 1;
}

namespace sonde_usyms_test {
__attribute__((noinline, used)) int cxx_target(int x) {
  return x * 5 + 2;
}
} // namespace sonde_usyms_test

namespace sonde::runtime {
namespace {

TEST(UserSymbols, ResolvesAFunctionOfThisProcess) {
  UserSymbols symbols;
  auto address = reinterpret_cast<uint64_t>(&sonde_usyms_probe_target);
  std::optional<UserSymbol> symbol = symbols.resolve(getpid(), address + 2);
  ASSERT_TRUE(symbol.has_value());
  EXPECT_EQ(symbol->name, "sonde_usyms_probe_target");
  EXPECT_EQ(symbol->offset, 2u);
  EXPECT_NE(symbol->object.find("unit_runtime_decode"), std::string::npos);
}

TEST(UserSymbols, DemanglesCxxNames) {
  UserSymbols symbols;
  auto address = reinterpret_cast<uint64_t>(&sonde_usyms_test::cxx_target);
  std::optional<UserSymbol> symbol = symbols.resolve(getpid(), address);
  ASSERT_TRUE(symbol.has_value());
  EXPECT_EQ(symbol->name, "sonde_usyms_test::cxx_target(int)");
}

TEST(UserSymbols, AddressesOutsideFileMappingsAreUnknown) {
  UserSymbols symbols;
  int local = 0;
  EXPECT_FALSE(symbols.resolve(getpid(), reinterpret_cast<uint64_t>(&local)).has_value());
}

} // namespace
} // namespace sonde::runtime
