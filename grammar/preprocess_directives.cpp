// Preprocessor directives: gathering a directive's lines, and running
// #define, #undef, #include, the conditionals, #error, #warning, #pragma.
#include "grammar/preprocess_driver.h"

#include <algorithm>

namespace sonde::grammar::pp {

namespace {

const std::vector<std::string> kDirectiveNames = {"define", "undef", "include", "if",       "ifdef",
                                                  "ifndef", "elif",  "elifdef", "elifndef", "else",
                                                  "endif",  "error", "warning", "pragma"};

std::string_view strip_carriage_return(std::string_view line) {
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  return line;
}

// Replaces comments in s[from..] by spaces (same length, so offsets stay),
// carrying an open block comment in `in_block`.
void blank_comments(std::string& s, size_t from, bool& in_block) {
  size_t i = from;
  while (i < s.size()) {
    if (in_block) {
      if (s.compare(i, 2, "*/") == 0) {
        s[i] = s[i + 1] = ' ';
        in_block = false;
        i += 2;
      } else {
        s[i++] = ' ';
      }
    } else if (s[i] == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i)
        if (s[i] == '\\')
          ++i;
      ++i;
    } else if (s.compare(i, 2, "//") == 0) {
      std::fill(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), ' ');
      return;
    } else if (s.compare(i, 2, "/*") == 0) {
      s[i] = s[i + 1] = ' ';
      in_block = true;
      i += 2;
    } else {
      ++i;
    }
  }
}

} // namespace

Directive Preprocessor::gather_directive(const std::vector<std::string_view>& lines,
                                         size_t first_index, size_t hash_offset, uint32_t file) {
  Directive d;
  d.file = file;
  d.line = static_cast<uint32_t>(first_index + 1);
  d.hash_column = static_cast<uint32_t>(hash_offset + 1);
  size_t next = first_index;
  // Backslash-newline joins lines first (as in C, even inside a // comment).
  auto take_spliced_line = [&]() {
    std::string_view physical = strip_carriage_return(lines[next]);
    if (next == first_index)
      physical.remove_prefix(hash_offset);
    ++next;
    d.text.append(physical);
    if (next == first_index + 1)
      d.first_line_length = d.text.size() - (physical.ends_with('\\') ? 1 : 0);
    while (!d.text.empty() && d.text.back() == '\\') {
      d.text.pop_back();
      if (next >= lines.size())
        break;
      d.text.append(strip_carriage_return(lines[next++]));
    }
  };
  take_spliced_line();
  d.first_line_visible_length =
      trim(std::string_view(d.text).substr(0, d.first_line_length)).size();
  bool in_block = false;
  size_t scanned = 0;
  blank_comments(d.text, scanned, in_block);
  // A block comment opened in a directive swallows the lines up to its end.
  while (in_block && next < lines.size()) {
    d.text.push_back(' ');
    scanned = d.text.size();
    take_spliced_line();
    blank_comments(d.text, scanned, in_block);
  }
  d.unterminated_comment = in_block;
  d.first_line_length = std::min(d.first_line_length, d.text.size());
  d.line_count = next - first_index;
  return d;
}

ast::Location Preprocessor::directive_location(const Directive& d) const {
  size_t length = std::max<size_t>(1, d.first_line_visible_length);
  return ast::Location{d.file, d.line, d.hash_column, d.line,
                       static_cast<uint32_t>(d.hash_column + length)};
}

// The location of d.text[begin, end) when it lies on the directive's first
// line, otherwise the whole directive.
ast::Location Preprocessor::span_location(const Directive& d, size_t begin, size_t end) const {
  if (begin >= end || end > d.first_line_length)
    return directive_location(d);
  return ast::Location{d.file, d.line, static_cast<uint32_t>(d.hash_column + begin), d.line,
                       static_cast<uint32_t>(d.hash_column + end)};
}

ast::Location Preprocessor::error_location(const Directive& d, size_t text_offset,
                                           const PpError& e) const {
  if (e.src_begin == 0)
    return directive_location(d);
  return span_location(d, text_offset + e.src_begin - 1, text_offset + e.src_end - 1);
}

void Preprocessor::emit_blank_lines(const Directive& d, size_t from) {
  for (size_t k = from; k < d.line_count; ++k)
    emit("", d.file, static_cast<uint32_t>(d.line + k));
}

void Preprocessor::warn_extra_text(const Directive& d, size_t pos, const std::string& after) {
  size_t extra = skip_spaces(d.text, pos);
  if (extra < d.text.size() && !trim(std::string_view(d.text).substr(extra)).empty())
    diags_.warning(span_location(d, extra, d.text.size()),
                   "extra text after " + after + " is ignored",
                   "use // or /* */ to write a comment there");
}

void Preprocessor::run_directive(const Directive& d, std::vector<Conditional>& conditionals,
                                 const fs::path& dir) {
  bool active = conditionals.empty() || conditionals.back().active;
  if (d.unterminated_comment && active)
    error(directive_location(d), "unterminated /* comment in a directive", "close it with */");
  size_t pos = skip_spaces(d.text, 1);
  std::string name = identifier_at(d.text, pos);
  size_t name_end = pos;

  if (name == "if" || name == "ifdef" || name == "ifndef") {
    Conditional c;
    c.where = directive_location(d);
    c.keyword = "#" + name;
    c.parent_active = active;
    if (active) {
      c.active = name == "if" ? evaluate_if(d, pos) : test_defined(d, pos, name, name == "ifdef");
      c.branch_taken = c.active;
    }
    conditionals.push_back(std::move(c));
  } else if (name == "elif" || name == "elifdef" || name == "elifndef") {
    if (conditionals.empty()) {
      error(directive_location(d), "#" + name + " without #if",
            "#" + name + " must follow an #if, #ifdef or #ifndef");
    } else if (conditionals.back().seen_else) {
      error(directive_location(d), "#" + name + " after #else",
            "move it before the #else of the " + conditionals.back().keyword + " on line " +
                std::to_string(conditionals.back().where.line));
    } else {
      Conditional& c = conditionals.back();
      c.active = false;
      if (c.parent_active && !c.branch_taken) {
        c.active =
            name == "elif" ? evaluate_if(d, pos) : test_defined(d, pos, name, name == "elifdef");
        c.branch_taken = c.active;
      }
    }
  } else if (name == "else") {
    if (conditionals.empty()) {
      error(directive_location(d), "#else without #if",
            "#else must follow an #if, #ifdef or #ifndef");
    } else if (conditionals.back().seen_else) {
      error(directive_location(d), "#else after #else",
            "the " + conditionals.back().keyword + " on line " +
                std::to_string(conditionals.back().where.line) + " already has an #else");
    } else {
      Conditional& c = conditionals.back();
      c.seen_else = true;
      c.active = c.parent_active && !c.branch_taken;
      c.branch_taken = true;
      if (c.parent_active)
        warn_extra_text(d, pos, "#else");
    }
  } else if (name == "endif") {
    if (conditionals.empty()) {
      error(directive_location(d), "#endif without #if",
            "remove it, or add the #if it should close");
    } else {
      if (conditionals.back().parent_active)
        warn_extra_text(d, pos, "#endif");
      conditionals.pop_back();
    }
  } else if (!active) {
    // Other directives in a skipped branch are not looked at, as in C.
  } else if (name == "define") {
    run_define(d, pos);
  } else if (name == "undef") {
    size_t macro_begin = skip_spaces(d.text, pos);
    size_t macro_end = macro_begin;
    std::string macro = identifier_at(d.text, macro_end);
    if (macro.empty()) {
      error(directive_location(d), "#undef needs a macro name", "write #undef NAME");
    } else {
      macros_.erase(macro);
      warn_extra_text(d, macro_end, "#undef " + macro);
    }
  } else if (name == "include") {
    // A successful #include is replaced by the included lines; a failed
    // one by an empty line.
    if (!run_include(d, pos, dir))
      emit("", d.file, d.line);
    emit_blank_lines(d, 1);
    return;
  } else if (name == "error" || name == "warning") {
    std::string message = "#" + name;
    std::string_view rest = trim(std::string_view(d.text).substr(pos));
    if (!rest.empty())
      message += " " + std::string(rest);
    if (name == "error")
      error(directive_location(d), message, "the script stopped itself with #error");
    else
      diags_.warning(directive_location(d), message);
  } else if (name == "pragma") {
    size_t what = skip_spaces(d.text, pos);
    if (identifier_at(d.text, what) == "once")
      pragma_once_keys_.push_back(include_stack_.back().key);
  } else if (!name.empty() || !trim(std::string_view(d.text).substr(1)).empty()) {
    std::string shown = name.empty() ? std::string(trim(d.text)) : "#" + name;
    std::string hint = "supported: #define, #undef, #include, #if, #ifdef, #ifndef, #elif, "
                       "#else, #endif, #error, #warning, #pragma";
    if (auto guess = ast::closest_match(name, kDirectiveNames))
      hint = "did you mean #" + *guess + "?";
    error(name.empty() ? directive_location(d) : span_location(d, 0, name_end),
          "unknown preprocessor directive " + shown, hint);
  }
  emit_blank_lines(d, 0);
}

bool Preprocessor::test_defined(const Directive& d, size_t pos, const std::string& keyword,
                                bool want_defined) {
  size_t begin = skip_spaces(d.text, pos);
  size_t end = begin;
  std::string macro = identifier_at(d.text, end);
  if (macro.empty()) {
    error(directive_location(d), "#" + keyword + " needs a macro name",
          "write #" + keyword + " NAME");
    return false;
  }
  warn_extra_text(d, end, "#" + keyword + " " + macro);
  return macros_.contains(macro) == want_defined;
}

bool Preprocessor::evaluate_if(const Directive& d, size_t pos) {
  std::string_view expression = std::string_view(d.text).substr(pos);
  bool no_comment = false;
  std::vector<Token> tokens = tokenize(expression, no_comment);
  std::vector<Token> with_defined, expanded, final_tokens;
  PpError failure;
  MacroExpander expander(macros_, /*protect_defined=*/true);
  bool value = false;
  // `defined` is resolved before expansion (its operand must not expand),
  // and once more after it for macros whose body uses `defined`, which GCC
  // and Clang accept too.
  if (replace_defined(tokens, macros_, with_defined, failure) &&
      expander.expand(with_defined, expanded, failure) &&
      replace_defined(expanded, macros_, final_tokens, failure) &&
      evaluate_condition(final_tokens, value, failure))
    return value;
  error(error_location(d, pos, failure), failure.message, failure.hint);
  return false;
}

void Preprocessor::run_define(const Directive& d, size_t pos) {
  std::string_view text = d.text;
  size_t name_begin = skip_spaces(text, pos);
  size_t name_end = name_begin;
  std::string name = identifier_at(text, name_end);
  if (name.empty()) {
    error(directive_location(d), "#define needs a macro name",
          "write #define NAME VALUE or #define NAME(a, b) BODY");
    return;
  }
  if (name == "defined") {
    error(span_location(d, name_begin, name_end), "\"defined\" cannot be a macro name");
    return;
  }
  std::vector<std::string> params;
  bool function_like = name_end < text.size() && text[name_end] == '(';
  size_t body_begin = name_end;
  if (function_like) {
    size_t p = name_end + 1;
    auto malformed = [&](const std::string& why) {
      error(directive_location(d), "malformed parameter list of macro " + name + ": " + why,
            "parameters are names separated by commas, e.g. #define " + name + "(a, b) a + b");
    };
    p = skip_spaces(text, p);
    if (p < text.size() && text[p] == ')') {
      body_begin = p + 1;
    } else {
      while (true) {
        p = skip_spaces(text, p);
        std::string param;
        if (text.substr(p, 3) == "...") {
          param = "__VA_ARGS__";
          p += 3;
        } else {
          param = identifier_at(text, p);
          if (param.empty())
            return malformed(p < text.size() ? "unexpected '" + std::string(1, text[p]) + "'"
                                             : "missing ')'");
          if (param == "__VA_ARGS__")
            return malformed("__VA_ARGS__ is reserved for '...'");
        }
        if (std::find(params.begin(), params.end(), param) != params.end())
          return malformed("duplicate parameter " + param);
        params.push_back(param);
        p = skip_spaces(text, p);
        if (p < text.size() && text[p] == ')') {
          body_begin = p + 1;
          break;
        }
        if (param == "__VA_ARGS__" || p >= text.size() || text[p] != ',')
          return malformed(p < text.size() ? "unexpected '" + std::string(1, text[p]) + "'"
                                           : "missing ')'");
        ++p;
      }
    }
  }
  define(name, std::move(params), function_like, std::string(trim(text.substr(body_begin))));
}

// Returns whether the file was included (its lines were emitted).
bool Preprocessor::run_include(const Directive& d, size_t pos, const fs::path& dir) {
  std::string spec(trim(std::string_view(d.text).substr(pos)));
  size_t spec_offset = skip_spaces(d.text, pos);
  if (!spec.empty() && spec[0] != '"' && spec[0] != '<') {
    // #include MACRO: expand, then read the result as a file name.
    bool no_comment = false;
    std::vector<Token> tokens = tokenize(spec, no_comment), expanded;
    PpError failure;
    MacroExpander expander(macros_);
    if (!expander.expand(tokens, expanded, failure)) {
      error(error_location(d, spec_offset, failure), failure.message, failure.hint);
      return false;
    }
    std::string joined;
    for (const Token& token : expanded)
      joined.append(token.text);
    spec = std::string(trim(joined));
  }
  char close = spec.empty() ? 0 : spec[0] == '"' ? '"' : spec[0] == '<' ? '>' : 0;
  size_t close_at = close ? spec.find(close, 1) : std::string::npos;
  if (close_at == std::string::npos) {
    error(directive_location(d), "#include expects \"FILE\" or <FILE>",
          "write #include \"my_header.h\" or #include <linux/sched.h>");
    return false;
  }
  std::string name = spec.substr(1, close_at - 1);
  if (!trim(std::string_view(spec).substr(close_at + 1)).empty())
    diags_.warning(directive_location(d),
                   "extra text after #include " + spec.substr(0, close_at + 1) + " is ignored");
  if (name.empty()) {
    error(directive_location(d), "empty file name in #include");
    return false;
  }

  std::vector<fs::path> candidates;
  if (fs::path(name).is_absolute()) {
    candidates.push_back(name);
  } else {
    if (close == '"')
      candidates.push_back(dir / name);
    for (const std::string& include_dir : options_.include_dirs)
      candidates.push_back(fs::path(include_dir) / name);
  }
  for (const fs::path& candidate : candidates) {
    if (is_existing_file(candidate))
      return include_file(candidate, directive_location(d));
  }
  if (close == '>') {
    // A kernel or system header: its types come from BTF.
    auto& system = out_.system_headers;
    if (std::find(system.begin(), system.end(), name) == system.end())
      system.push_back(name);
    return false;
  }
  error(directive_location(d), "include file not found: \"" + name + "\"",
        "searched: " + describe_dirs(candidates) + "; add a directory with -I DIR");
  return false;
}

} // namespace sonde::grammar::pp
