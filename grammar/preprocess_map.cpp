// Preprocessed::map: from output coordinates back to the source, through
// the column runs of lines changed by macro expansion.
#include "grammar/preprocess.h"

#include <algorithm>

namespace sonde::grammar {

namespace {

// Source column for output column `column` as the start of a span.
uint32_t map_begin_column(const LineOrigin& origin, uint32_t column) {
  if (origin.runs.empty())
    return std::max<uint32_t>(column, 1);
  for (const ColumnRun& run : origin.runs)
    if (column >= run.out_begin && column < run.out_end)
      return run.expanded ? run.src_begin : run.src_begin + (column - run.out_begin);
  const ColumnRun& first = origin.runs.front();
  if (column < first.out_begin)
    return first.src_begin;
  const ColumnRun& last = origin.runs.back();
  uint64_t past = uint64_t{last.src_end} + (column - last.out_end);
  return static_cast<uint32_t>(std::min<uint64_t>(past, UINT32_MAX));
}

// Source column (exclusive) for an exclusive end column.
uint32_t map_end_column(const LineOrigin& origin, uint32_t end_column) {
  if (origin.runs.empty())
    return std::max<uint32_t>(end_column, 1);
  if (end_column <= 1)
    return 1;
  uint32_t column = end_column - 1; // the last column inside the span
  for (const ColumnRun& run : origin.runs)
    if (column >= run.out_begin && column < run.out_end)
      return run.expanded ? run.src_end : run.src_begin + (column - run.out_begin) + 1;
  const ColumnRun& first = origin.runs.front();
  if (column < first.out_begin)
    return first.src_begin;
  const ColumnRun& last = origin.runs.back();
  uint64_t past = uint64_t{last.src_end} + (end_column - last.out_end);
  return static_cast<uint32_t>(std::min<uint64_t>(past, UINT32_MAX));
}

} // namespace

ast::Location Preprocessed::map(uint32_t line, uint32_t column, uint32_t end_line,
                                uint32_t end_column) const {
  if (lines.empty())
    return ast::Location{};
  const auto last_line = static_cast<uint32_t>(lines.size());
  // Length of the last output line, for spans past the end.
  auto last_line_end = [&]() -> uint32_t {
    size_t end = text.size();
    if (end > 0 && text[end - 1] == '\n')
      --end;
    size_t start = text.rfind('\n', end == 0 ? 0 : end - 1);
    start = start == std::string::npos || end == 0 ? 0 : start + 1;
    return static_cast<uint32_t>(end - start + 1);
  };
  line = std::max<uint32_t>(line, 1);
  end_line = std::max<uint32_t>(end_line, 1);
  if (line > last_line) {
    line = last_line;
    column = last_line_end();
  }
  if (end_line > last_line) {
    end_line = last_line;
    end_column = last_line_end();
  }
  if (end_line < line || (end_line == line && end_column < column)) {
    end_line = line;
    end_column = column;
  }
  bool empty_span = end_line == line && end_column == column;

  const LineOrigin& begin_origin = lines[line - 1];
  const LineOrigin& end_origin = lines[end_line - 1];
  ast::Location loc;
  loc.file = begin_origin.file;
  loc.line = begin_origin.line;
  loc.column = map_begin_column(begin_origin, column);
  loc.end_line = end_origin.line;
  loc.end_column = empty_span ? loc.column : map_end_column(end_origin, end_column);
  // A span crossing into another file, or running backwards after mapping
  // (an include between its ends), keeps only its start.
  if (end_origin.file != begin_origin.file || loc.end_line < loc.line ||
      (loc.end_line == loc.line && loc.end_column < loc.column)) {
    loc.end_line = loc.line;
    loc.end_column = loc.column + (empty_span ? 0 : 1);
  }
  return loc;
}

} // namespace sonde::grammar
