// Inputs the fuzzers crashed on, kept in tests/fuzz/regressions/*.bt: each is
// run through the parser path and the compile path of the fuzzers, in a
// child process, and must not crash (a sanitizer report is a crash too).
// The handwritten codegen seeds (tests/fuzz/seeds/*.bt) must also compile,
// so that they keep reaching codegen.
#define SONDE_FUZZ_CODEGEN 1
#include "tests/fuzz/pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<std::string> files_in(const char* dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".bt")
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `body` in a child; returns "" when it exited 0, else how it ended.
template <typename Body>
std::string in_child(Body body) {
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    body();
    std::exit(0); // runs the sandbox clean-up (and LeakSanitizer in a sanitizer build)
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return "";
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exit status " + std::to_string(WEXITSTATUS(status));
}

class FuzzRegression : public testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, ParserDoesNotCrash) {
  std::string text = read(fs::path(SONDE_FUZZ_REGRESSIONS_DIR) / GetParam());
  EXPECT_EQ(in_child([&] { sonde::fuzz::run_parse(text); }), "")
      << "tests/fuzz/regressions/" << GetParam() << " (fuzz_parse path)";
}

TEST_P(FuzzRegression, CompilerDoesNotCrash) {
  std::string text = read(fs::path(SONDE_FUZZ_REGRESSIONS_DIR) / GetParam());
  EXPECT_EQ(in_child([&] { sonde::fuzz::run_compile(text); }), "")
      << "tests/fuzz/regressions/" << GetParam() << " (fuzz_compile path)";
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 3);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression,
                         testing::ValuesIn(files_in(SONDE_FUZZ_REGRESSIONS_DIR)), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzRegression);

class FuzzSeed : public testing::TestWithParam<std::string> {};

TEST_P(FuzzSeed, Compiles) {
  std::string text = read(fs::path(SONDE_FUZZ_SEEDS_DIR) / GetParam());
  EXPECT_TRUE(sonde::fuzz::run_compile(text)) << "tests/fuzz/seeds/" << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Seeds, FuzzSeed, testing::ValuesIn(files_in(SONDE_FUZZ_SEEDS_DIR)),
                         test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzSeed);

} // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
