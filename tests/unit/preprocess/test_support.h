// Helpers shared by the preprocessor tests: run the preprocessor on a text,
// and a scratch directory for include files.
#pragma once

#include "compiler/ast/diagnostics.h"
#include "grammar/preprocess.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace sonde::grammar::test {

struct PpRun {
  ast::SourceFiles files;
  ast::Diagnostics diags;
  Preprocessed out;
  uint32_t main_file = 0;
  bool ok = false;

  const ast::Diagnostic* first_error() const {
    for (const ast::Diagnostic& d : diags.all())
      if (d.severity == ast::Severity::Error)
        return &d;
    return nullptr;
  }
  std::string first_error_message() const {
    const ast::Diagnostic* d = first_error();
    return d ? d->message : "<no error>";
  }
};

inline PpRun run_preprocessor(std::string_view script, const PreprocessOptions& options = {},
                              std::string name = "stdin") {
  PpRun run;
  run.main_file = run.files.add(std::move(name), std::string(script));
  run.ok = preprocess(run.main_file, run.files, options, run.out, run.diags);
  return run;
}

// A fresh directory under the system temp dir, removed at the end.
class TempDir {
public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("sonde_pp_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& relative) const { return (path_ / relative).string(); }

  // Writes `content` to `relative`, creating directories; returns the path.
  std::string write(const std::string& relative, std::string_view content) const {
    std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }

private:
  std::filesystem::path path_;
};

} // namespace sonde::grammar::test
