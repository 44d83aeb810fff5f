// The preprocessor's driver, split over preprocess.cpp (files and ordinary
// lines) and preprocess_directives.cpp (directives). Private to
// grammar/preprocess*.cpp.
#pragma once

#include "grammar/preprocess.h"
#include "grammar/preprocess_internal.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::grammar::pp {

namespace fs = std::filesystem;

inline constexpr size_t kMaxIncludeDepth = 32;
// After this many errors the rest is noise (a binary file, a wrong file
// given as the script); stop rather than print thousands.
inline constexpr size_t kMaxErrors = 20;

// One #if/#ifdef/#ifndef group being read.
struct Conditional {
  ast::Location where; // the opening directive
  std::string keyword; // "#if", "#ifdef" or "#ifndef"
  bool parent_active = true;
  bool branch_taken = false; // an earlier branch was emitted
  bool active = false;       // the current branch is emitted
  bool seen_else = false;
};

// A directive after line splicing, with comments blanked out. Offsets into
// `text` below `first_line_length` are columns of the first physical line.
struct Directive {
  std::string text; // from the '#'
  uint32_t file = 0;
  uint32_t line = 1;
  uint32_t hash_column = 1;
  size_t first_line_length = 0;
  size_t first_line_visible_length = 0; // without trailing blanks, comments kept
  size_t line_count = 1;                // physical lines taken
  bool unterminated_comment = false;
};

std::string_view trim(std::string_view s);
size_t skip_spaces(std::string_view s, size_t pos);
// The identifier at `pos` (empty if none), advancing `pos` past it.
std::string identifier_at(std::string_view s, size_t& pos);
bool is_existing_file(const fs::path& path);

class Preprocessor {
public:
  Preprocessor(ast::SourceFiles& files, const PreprocessOptions& options, Preprocessed& out,
               ast::Diagnostics& diags);
  bool run(uint32_t main_file);

private:
  struct Frame {
    uint32_t file;
    std::string key; // canonical path, for cycles and #pragma once
  };

  ast::SourceFiles& files_;
  const PreprocessOptions& options_;
  Preprocessed& out_;
  ast::Diagnostics& diags_;
  MacroTable macros_;
  uint32_t next_macro_id_ = 1;
  std::vector<Frame> include_stack_;
  std::vector<std::string> pragma_once_keys_;
  std::vector<std::pair<std::string, uint32_t>> file_index_by_key_;
  size_t errors_ = 0;
  bool aborted_ = false;

  void error(std::optional<ast::Location> loc, std::string message, std::string hint = {});
  void define(std::string name, std::vector<std::string> params, bool function_like,
              std::string body);
  void emit(std::string_view text, uint32_t file, uint32_t line, std::vector<ColumnRun> runs = {});

  // Files (preprocess.cpp).
  void include_forced(const std::string& name);
  static std::string describe_dirs(const std::vector<fs::path>& candidates);
  bool include_file(const fs::path& path, std::optional<ast::Location> from);
  void process_file(uint32_t file, const std::string& key, const fs::path& dir);
  void expand_line(std::string_view line, uint32_t file, uint32_t line_number,
                   bool& in_block_comment);

  // Directives (preprocess_directives.cpp).
  Directive gather_directive(const std::vector<std::string_view>& lines, size_t first_index,
                             size_t hash_offset, uint32_t file);
  ast::Location directive_location(const Directive& d) const;
  ast::Location span_location(const Directive& d, size_t begin, size_t end) const;
  ast::Location error_location(const Directive& d, size_t text_offset, const PpError& e) const;
  void emit_blank_lines(const Directive& d, size_t from);
  void warn_extra_text(const Directive& d, size_t pos, const std::string& after);
  void run_directive(const Directive& d, std::vector<Conditional>& conditionals,
                     const fs::path& dir);
  bool test_defined(const Directive& d, size_t pos, const std::string& keyword, bool want_defined);
  bool evaluate_if(const Directive& d, size_t pos);
  void run_define(const Directive& d, size_t pos);
  bool run_include(const Directive& d, size_t pos, const fs::path& dir);
};

} // namespace sonde::grammar::pp
