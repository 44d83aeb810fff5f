// Errors and warnings the user can act on.
//
// Each diagnostic prints as bpftrace prints it:
//
//   FILE:LINE:COL-ENDCOL: ERROR: message
//   <the source line>
//   <spaces>~~~~  (under columns COL .. ENDCOL-1)
//   HINT: advice
//
// A diagnostic without a location prints only "ERROR: message". A span that
// ends on a later line is underlined to the end of its first line.
#pragma once

#include "compiler/ast/location.h"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sonde::ast {

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::optional<Location> location;
  std::string message;
  std::string hint; // empty: no HINT line
};

class Diagnostics {
public:
  Diagnostic& error(const Location& loc, std::string message, std::string hint = {});
  Diagnostic& error(std::string message, std::string hint = {});
  Diagnostic& warning(const Location& loc, std::string message, std::string hint = {});

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  void clear();

  // Prints every diagnostic in the order reported. Warnings are skipped when
  // `show_warnings` is false (--no-warnings).
  void print(std::ostream& out, const SourceFiles& files, bool show_warnings = true) const;

private:
  std::vector<Diagnostic> diagnostics_;
  size_t error_count_ = 0;
};

// Renders one diagnostic (used by print, and by tests that pin the format).
std::string format_diagnostic(const Diagnostic& d, const SourceFiles& files);

// The closest candidate to `word` by edit distance, if it is close enough to
// be a likely misspelling; used for "did you mean" hints.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

} // namespace sonde::ast
