// sonde's preprocessor: the C-like directives a tracing script may use.
//
// In:  a script already added to SourceFiles, include directories, forced
//      includes.
// Out: one text for the lexer, with every line mapped back to the file and
//      line (and column, around macro expansions) it came from.
//
// Supported: #define (object-like and function-like), #undef, #ifdef,
// #ifndef, #if / #elif with defined() and integer arithmetic, #else, #endif,
// #include "file" (relative to the including file, then -I directories),
// #include <...> (taken from -I directories when present there, otherwise
// accepted as a kernel or system header whose types come from BTF), and a
// first-line "#!" shebang. The constants scripts expect from kernel headers
// (AF_*, E*, O_*, SIG*, ...) are predefined; see stdlib/constants.h.
#pragma once

#include "compiler/ast/diagnostics.h"
#include "compiler/ast/location.h"

#include <string>
#include <vector>

namespace sonde::grammar {

struct PreprocessOptions {
  std::vector<std::string> include_dirs;    // -I DIR, searched in order
  std::vector<std::string> forced_includes; // --include FILE, before the script
};

// Where a piece of an output line came from. Verbatim runs map column for
// column; a run produced by macro expansion maps every column to the span of
// the macro invocation in the source.
struct ColumnRun {
  uint32_t out_begin = 1; // first output column of the run
  uint32_t out_end = 1;   // one past the last output column
  uint32_t src_begin = 1; // first source column
  uint32_t src_end = 1;   // one past the last source column
  bool expanded = false;
};

struct LineOrigin {
  uint32_t file = 0;
  uint32_t line = 1;
  std::vector<ColumnRun> runs; // empty: the line is verbatim
};

struct Preprocessed {
  std::string text;
  std::vector<LineOrigin> lines; // lines[i] is output line i + 1
  // Every user file read through #include or --include, in order of first
  // reading (part of a compile-cache key).
  std::vector<std::string> included_paths;
  // System headers named by #include <...> that were not found on disk.
  std::vector<std::string> system_headers;

  // Maps a span in output coordinates (1-based lines and columns, end column
  // exclusive) to the source location it came from. Spans past the end map
  // to the end of the last line.
  ast::Location map(uint32_t line, uint32_t column, uint32_t end_line, uint32_t end_column) const;
};

// Returns false (with located diagnostics) on an error: an unterminated
// #if, a missing include file, an include cycle, a malformed directive, ...
bool preprocess(uint32_t main_file, ast::SourceFiles& files, const PreprocessOptions& options,
                Preprocessed& out, ast::Diagnostics& diags);

} // namespace sonde::grammar
