// Source locations and the files they point into.
//
// A Location is a span in one source file: 1-based line and column numbers,
// columns counted in bytes, the end column exclusive (a one-character token at
// column 5 is 5-6). Spans that cross lines keep their end line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::ast {

struct Location {
  uint32_t file = 0; // index into SourceFiles
  uint32_t line = 1;
  uint32_t column = 1;
  uint32_t end_line = 1;
  uint32_t end_column = 1;

  // The span from the start of `a` to the end of `b`.
  static Location span(const Location& a, const Location& b) {
    return Location{a.file, a.line, a.column, b.end_line, b.end_column};
  }
  bool operator==(const Location&) const = default;
};

// Every file that contributed text to a program: the script itself (named
// "stdin" for -e and -), included headers and --include files. Diagnostics use
// it to show the offending line.
class SourceFiles {
public:
  uint32_t add(std::string name, std::string text);
  const std::string& name(uint32_t file) const { return files_.at(file).name; }
  const std::string& text(uint32_t file) const { return files_.at(file).text; }
  // The text of a 1-based line without its newline; empty past the end.
  std::string_view line(uint32_t file, uint32_t line) const;
  size_t size() const { return files_.size(); }

private:
  struct File {
    std::string name;
    std::string text;
    std::vector<size_t> line_starts;
  };
  std::vector<File> files_;
};

} // namespace sonde::ast
