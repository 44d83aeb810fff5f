// The preprocessor driver: reads files line by line, hands directive lines
// to preprocess_directives.cpp, keeps the #if state and expands macros in
// the lines that stay. Every output line records where it came from
// (Preprocessed::lines).
#include "grammar/preprocess.h"

#include "grammar/preprocess_driver.h"
#include "stdlib/constants.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sonde::grammar {
namespace pp {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos)
      end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

std::string file_key(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  if (ec)
    canonical = fs::absolute(path, ec).lexically_normal();
  return canonical.string();
}

bool read_file(const fs::path& path, std::string& text, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "read error";
    return false;
  }
  text = std::move(buffer).str();
  return true;
}

} // namespace

std::string_view trim(std::string_view s) {
  size_t begin = s.find_first_not_of(" \t\r\f\v");
  if (begin == std::string_view::npos)
    return {};
  size_t end = s.find_last_not_of(" \t\r\f\v");
  return s.substr(begin, end - begin + 1);
}

std::string identifier_at(std::string_view s, size_t& pos) {
  size_t begin = pos;
  if (pos < s.size() && is_identifier_start(s[pos]))
    while (pos < s.size() && is_identifier_char(s[pos]))
      ++pos;
  return std::string(s.substr(begin, pos - begin));
}

size_t skip_spaces(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\f' || s[pos] == '\v'))
    ++pos;
  return pos;
}

bool is_existing_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

Preprocessor::Preprocessor(ast::SourceFiles& files, const PreprocessOptions& options,
                           Preprocessed& out, ast::Diagnostics& diags)
    : files_(files), options_(options), out_(out), diags_(diags) {
  for (const stdlib::Constant& constant : stdlib::predefined_constants())
    define(std::string(constant.name), {}, false, std::to_string(constant.value));
  // sonde always takes kernel types from BTF; scripts written for
  // bpftrace test this to skip their hand-written struct fallbacks.
  define("BPFTRACE_HAVE_BTF", {}, false, "1");
}

bool Preprocessor::run(uint32_t main_file) {
  out_ = Preprocessed{};
  for (const std::string& forced : options_.forced_includes) {
    if (aborted_)
      break;
    include_forced(forced);
  }
  // Quoted includes are looked up next to the script ("stdin": the current
  // directory).
  const std::string& name = files_.name(main_file);
  std::string key = is_existing_file(name) ? file_key(name) : "<script>";
  if (!aborted_)
    process_file(main_file, key, fs::path(name).parent_path());
  return errors_ == 0;
}

void Preprocessor::error(std::optional<ast::Location> loc, std::string message, std::string hint) {
  if (aborted_)
    return;
  if (loc)
    diags_.error(*loc, std::move(message), std::move(hint));
  else
    diags_.error(std::move(message), std::move(hint));
  if (++errors_ >= kMaxErrors)
    aborted_ = true;
}

void Preprocessor::define(std::string name, std::vector<std::string> params, bool function_like,
                          std::string body) {
  Macro& macro = macros_[std::move(name)];
  macro = Macro{};
  macro.id = next_macro_id_++;
  macro.function_like = function_like;
  macro.variadic = !params.empty() && params.back() == "__VA_ARGS__";
  macro.params = std::move(params);
  macro.body = std::move(body);
  tokenize_macro_body(macro); // only now: the tokens point into macro.body
}

void Preprocessor::emit(std::string_view text, uint32_t file, uint32_t line,
                        std::vector<ColumnRun> runs) {
  out_.text.append(text);
  out_.text.push_back('\n');
  out_.lines.push_back(LineOrigin{file, line, std::move(runs)});
}

void Preprocessor::include_forced(const std::string& name) {
  std::vector<fs::path> candidates{fs::path(name)};
  if (fs::path(name).is_relative())
    for (const std::string& dir : options_.include_dirs)
      candidates.push_back(fs::path(dir) / name);
  for (const fs::path& candidate : candidates) {
    if (is_existing_file(candidate)) {
      include_file(candidate, std::nullopt);
      return;
    }
  }
  error(std::nullopt, "forced include file not found: " + name,
        "searched: " + describe_dirs(candidates) + "; check the --include path or add -I DIR");
}

std::string Preprocessor::describe_dirs(const std::vector<fs::path>& candidates) {
  std::string list;
  for (const fs::path& candidate : candidates) {
    fs::path dir = candidate.parent_path();
    list += (list.empty() ? "" : ", ") + (dir.empty() ? std::string(".") : dir.string());
  }
  return list;
}

// Reads and processes one user file. Returns false when it could not be
// included (an error was reported).
bool Preprocessor::include_file(const fs::path& path, std::optional<ast::Location> from) {
  std::string key = file_key(path);
  if (std::find(pragma_once_keys_.begin(), pragma_once_keys_.end(), key) != pragma_once_keys_.end())
    return true;
  for (size_t i = 0; i < include_stack_.size(); ++i) {
    if (include_stack_[i].key != key)
      continue;
    std::string chain;
    for (size_t j = i; j < include_stack_.size(); ++j)
      chain += files_.name(include_stack_[j].file) + " -> ";
    error(from, "include cycle: " + chain + path.string(),
          "a header must not include itself, directly or through other headers");
    return false;
  }
  if (include_stack_.size() > kMaxIncludeDepth) {
    error(from,
          "#include nested too deeply (more than " + std::to_string(kMaxIncludeDepth) +
              " levels) at " + path.string(),
          "flatten the chain of headers");
    return false;
  }
  uint32_t index = 0;
  auto known = std::find_if(file_index_by_key_.begin(), file_index_by_key_.end(),
                            [&](const auto& entry) { return entry.first == key; });
  if (known != file_index_by_key_.end()) {
    index = known->second;
  } else {
    std::string text, why;
    if (!read_file(path, text, why)) {
      error(from, "cannot read include file " + path.string() + ": " + why);
      return false;
    }
    index = files_.add(path.lexically_normal().string(), std::move(text));
    file_index_by_key_.emplace_back(key, index);
    out_.included_paths.push_back(files_.name(index));
  }
  process_file(index, key, path.parent_path());
  return true;
}

void Preprocessor::process_file(uint32_t file, const std::string& key, const fs::path& dir) {
  // A copy: files_ may grow (and move its strings) while this file is read.
  const std::string text = files_.text(file);
  const std::vector<std::string_view> lines = split_lines(text);
  include_stack_.push_back(Frame{file, key});
  std::vector<Conditional> conditionals;
  bool in_block_comment = false;

  size_t i = 0;
  while (i < lines.size() && !aborted_) {
    std::string_view line = lines[i];
    uint32_t line_number = static_cast<uint32_t>(i + 1);
    bool active = conditionals.empty() || conditionals.back().active;
    if (i == 0 && line.starts_with("#!")) {
      emit("", file, 1);
      ++i;
      continue;
    }
    size_t first = line.find_first_not_of(" \t\f\v\r");
    if (!in_block_comment && first != std::string_view::npos && line[first] == '#') {
      Directive directive = gather_directive(lines, i, first, file);
      i += directive.line_count;
      run_directive(directive, conditionals, dir);
      continue;
    }
    ++i;
    if (!active) {
      tokenize(line, in_block_comment); // only to follow comments
      emit("", file, line_number);
      continue;
    }
    expand_line(line, file, line_number, in_block_comment);
  }

  if (!conditionals.empty()) {
    const Conditional& open = conditionals.front();
    std::string hint = "add #endif before the end of " + files_.name(file);
    if (conditionals.size() > 1)
      hint = std::to_string(conditionals.size()) + " conditionals are still open at the end of " +
             files_.name(file) + "; each needs an #endif";
    error(open.where, "unterminated " + open.keyword + " (missing #endif)", hint);
  }
  include_stack_.pop_back();
}

void Preprocessor::expand_line(std::string_view line, uint32_t file, uint32_t line_number,
                               bool& in_block_comment) {
  std::vector<Token> tokens = tokenize(line, in_block_comment);
  bool has_macro = std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
    return t.kind == TokenKind::Identifier && macros_.contains(t.text);
  });
  if (!has_macro) {
    emit(line, file, line_number);
    return;
  }
  MacroExpander expander(macros_);
  std::vector<Token> expanded;
  PpError failure;
  if (!expander.expand(tokens, expanded, failure)) {
    error(ast::Location{file, line_number, failure.src_begin, line_number, failure.src_end},
          failure.message, failure.hint);
    emit(line, file, line_number);
    return;
  }
  if (std::none_of(expanded.begin(), expanded.end(), [](const Token& t) { return t.expanded; }) &&
      expanded.size() == tokens.size()) {
    emit(line, file, line_number); // only field names that look like macros
    return;
  }

  std::string text;
  std::vector<ColumnRun> runs;
  auto append = [&](std::string_view piece, uint32_t src_begin, uint32_t src_end,
                    bool is_expanded) {
    auto out_begin = static_cast<uint32_t>(text.size() + 1);
    auto length = static_cast<uint32_t>(piece.size());
    text.append(piece);
    if (!is_expanded)
      src_end = src_begin + length;
    if (!runs.empty()) {
      ColumnRun& last = runs.back();
      bool contiguous = last.expanded == is_expanded && last.out_end == out_begin &&
                        (is_expanded ? last.src_begin == src_begin && last.src_end == src_end
                                     : last.src_end == src_begin);
      if (contiguous) {
        last.out_end += length;
        last.src_end = src_end;
        return;
      }
    }
    runs.push_back(ColumnRun{out_begin, out_begin + length, src_begin, src_end, is_expanded});
  };
  const Token* prev = nullptr;
  for (const Token& token : expanded) {
    bool adjacent_in_source =
        prev && !prev->expanded && !token.expanded && prev->src_end == token.src_begin;
    if (prev && !adjacent_in_source && tokens_would_glue(*prev, token)) {
      // A space keeps "-" and an expanded "-1" from becoming "--1".
      const Token& owner = token.expanded ? token : *prev;
      if (owner.expanded)
        append(" ", owner.src_begin, owner.src_end, true);
      else
        append(" ", prev->src_end, std::max(prev->src_end, token.src_begin), true);
    }
    append(token.text, token.src_begin, token.src_end, token.expanded);
    prev = &token;
  }
  emit(text, file, line_number, std::move(runs));
}

} // namespace pp

bool preprocess(uint32_t main_file, ast::SourceFiles& files, const PreprocessOptions& options,
                Preprocessed& out, ast::Diagnostics& diags) {
  pp::Preprocessor preprocessor(files, options, out, diags);
  return preprocessor.run(main_file);
}

} // namespace sonde::grammar
