#include "compiler/ast/diagnostics.h"

#include <algorithm>
#include <sstream>

namespace sonde::ast {

Diagnostic& Diagnostics::error(const Location& loc, std::string message, std::string hint) {
  ++error_count_;
  return diagnostics_.emplace_back(
      Diagnostic{Severity::Error, loc, std::move(message), std::move(hint)});
}

Diagnostic& Diagnostics::error(std::string message, std::string hint) {
  ++error_count_;
  return diagnostics_.emplace_back(
      Diagnostic{Severity::Error, std::nullopt, std::move(message), std::move(hint)});
}

Diagnostic& Diagnostics::warning(const Location& loc, std::string message, std::string hint) {
  return diagnostics_.emplace_back(
      Diagnostic{Severity::Warning, loc, std::move(message), std::move(hint)});
}

void Diagnostics::clear() {
  diagnostics_.clear();
  error_count_ = 0;
}

void Diagnostics::print(std::ostream& out, const SourceFiles& files, bool show_warnings) const {
  for (const Diagnostic& d : diagnostics_)
    if (show_warnings || d.severity == Severity::Error)
      out << format_diagnostic(d, files);
}

std::string format_diagnostic(const Diagnostic& d, const SourceFiles& files) {
  std::ostringstream out;
  const char* label = d.severity == Severity::Error ? "ERROR" : "WARNING";
  if (!d.location || d.location->file >= files.size()) {
    out << label << ": " << d.message << "\n";
  } else {
    const Location& loc = *d.location;
    // A span continuing on later lines is underlined to the end of its first.
    std::string_view text = files.line(loc.file, loc.line);
    uint32_t end =
        loc.end_line == loc.line ? loc.end_column : static_cast<uint32_t>(text.size()) + 1;
    end = std::max(end, loc.column);
    out << files.name(loc.file) << ":" << loc.line << ":" << loc.column << "-" << end << ": "
        << label << ": " << d.message << "\n";
    out << text << "\n";
    // Keep tabs so the underline lines up with the source line above it.
    std::string marker;
    for (uint32_t col = 1; col < end; ++col) {
      if (col < loc.column)
        marker += col <= text.size() && text[col - 1] == '\t' ? '\t' : ' ';
      else
        marker += '~';
    }
    out << marker << "\n";
  }
  if (!d.hint.empty())
    out << "HINT: " << d.hint << "\n";
  return out.str();
}

namespace {
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}
} // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(1, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_distance && c != word) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

} // namespace sonde::ast
