// Every script of the corpus (tests/corpus, both dialects) and every shipped
// tool (scripts/) parses without a diagnostic.
#include "parse_helpers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sonde::test {
namespace {

std::vector<std::filesystem::path> scripts_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  if (!std::filesystem::exists(dir))
    return paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".bt")
      paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string parse_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  ast::SourceFiles files;
  uint32_t file = files.add(path.string(), text.str());
  ast::Diagnostics diags;
  auto program = grammar::parse(file, files, {}, diags);
  std::ostringstream errors;
  diags.print(errors, files);
  if (!program && errors.str().empty())
    return "parse failed without a diagnostic";
  if (program && program->probes.empty())
    return "no probes parsed";
  return errors.str();
}

TEST(Corpus, HasBothDialectsAndAtLeastAHundredScripts) {
  auto v017 = scripts_under(std::filesystem::path(SONDE_CORPUS_DIR) / "v017");
  auto current = scripts_under(std::filesystem::path(SONDE_CORPUS_DIR) / "current");
  EXPECT_GE(v017.size(), 50u);
  EXPECT_GE(current.size(), 50u);
  EXPECT_GE(v017.size() + current.size(), 100u);
}

TEST(Corpus, EveryScriptParses) {
  for (const auto& path : scripts_under(SONDE_CORPUS_DIR))
    EXPECT_EQ(parse_file(path), "") << path;
}

TEST(Corpus, EveryShippedToolParses) {
  for (const auto& path : scripts_under(SONDE_SCRIPTS_DIR))
    EXPECT_EQ(parse_file(path), "") << path;
}

} // namespace
} // namespace sonde::test
