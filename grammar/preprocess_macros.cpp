// Macro expansion: object-like and function-like macros, rescanned until
// nothing expands. Each produced token carries a "hide set" naming the
// macros it came from, so `#define A A` or mutually recursive macros stop
// instead of looping; limits on the amount of expansion stop macros that
// grow exponentially.
#include "grammar/preprocess_internal.h"

#include <algorithm>
#include <optional>

namespace sonde::grammar::pp {

namespace {

constexpr size_t kMaxExpansions = 100000;
constexpr size_t kMaxProducedTokens = 1000000;
constexpr int kMaxArgumentNesting = 200;

bool contains(const std::vector<uint32_t>& set, uint32_t id) {
  return std::binary_search(set.begin(), set.end(), id);
}

std::vector<uint32_t> with(std::vector<uint32_t> set, uint32_t id) {
  auto at = std::lower_bound(set.begin(), set.end(), id);
  if (at == set.end() || *at != id)
    set.insert(at, id);
  return set;
}

std::vector<uint32_t> intersection(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> result;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(result));
  return result;
}

std::vector<uint32_t> set_union(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty())
    return b;
  if (b.empty())
    return a;
  std::vector<uint32_t> result;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(result));
  return result;
}

void trim_blanks(std::vector<Token>& tokens) {
  while (!tokens.empty() && tokens.back().is_blank())
    tokens.pop_back();
  size_t leading = 0;
  while (leading < tokens.size() && tokens[leading].is_blank())
    ++leading;
  tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(leading));
}

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string parameter_list(const Macro& macro) {
  std::string list;
  for (const std::string& param : macro.params)
    list += (list.empty() ? "" : ", ") + (param == "__VA_ARGS__" ? std::string("...") : param);
  return list;
}

PpError error_at(const Token& token, std::string message, std::string hint = {}) {
  return PpError{token.src_begin, token.src_end, std::move(message), std::move(hint)};
}

} // namespace

bool MacroExpander::expand(const std::vector<Token>& input, std::vector<Token>& output,
                           PpError& error) {
  expansions_ = 0;
  produced_tokens_ = 0;
  output.clear();
  return expand_tokens(input, output, 0, error);
}

bool MacroExpander::expand_tokens(const std::vector<Token>& input, std::vector<Token>& output,
                                  int depth, PpError& error) {
  // Tokens still to scan, next one at the back: an expansion is pushed back
  // here so it is rescanned together with the text that follows it.
  std::vector<Token> pending(input.rbegin(), input.rend());
  bool after_member_access = false;
  // 1: just after `defined`, 2: after `defined (` (with protect_defined_).
  int defined_operand = 0;

  auto emit = [&](Token token) {
    if (!token.is_blank()) {
      after_member_access = token.is(TokenKind::Punct, ".") || token.is(TokenKind::Punct, "->");
      if (protect_defined_ && token.is(TokenKind::Identifier, "defined"))
        defined_operand = 1;
      else if (defined_operand == 1 && token.is(TokenKind::Punct, "("))
        defined_operand = 2;
      else
        defined_operand = 0;
    }
    output.push_back(std::move(token));
  };
  auto push_replacement = [&](std::vector<Token>& replacement, const std::vector<uint32_t>& hide,
                              uint32_t src_begin, uint32_t src_end) {
    produced_tokens_ += replacement.size();
    if (++expansions_ > kMaxExpansions || produced_tokens_ > kMaxProducedTokens) {
      error = PpError{src_begin, src_end,
                      "macro expansion of " + std::string(outermost_name_) + " is too large",
                      "check for macros that expand to several copies of each other"};
      return false;
    }
    for (auto it = replacement.rbegin(); it != replacement.rend(); ++it) {
      it->hide_set = set_union(it->hide_set, hide);
      it->expanded = true;
      it->src_begin = src_begin;
      it->src_end = src_end;
      pending.push_back(std::move(*it));
    }
    return true;
  };

  while (!pending.empty()) {
    Token token = std::move(pending.back());
    pending.pop_back();

    const Macro* macro = nullptr;
    if (token.kind == TokenKind::Identifier && !after_member_access && defined_operand == 0) {
      auto found = macros_.find(token.text);
      if (found != macros_.end() && !contains(token.hide_set, found->second.id))
        macro = &found->second;
    }
    if (!macro) {
      emit(std::move(token));
      continue;
    }
    if (!token.expanded) {
      // An invocation written in the source: the limits apply to each one.
      outermost_name_ = token.text;
      if (depth == 0) {
        expansions_ = 0;
        produced_tokens_ = 0;
      }
    }

    if (!macro->function_like) {
      std::vector<Token> replacement = macro->body_tokens;
      if (!push_replacement(replacement, with(token.hide_set, macro->id), token.src_begin,
                            token.src_end))
        return false;
      continue;
    }

    // A function-like macro name is an invocation only when '(' follows.
    std::vector<Token> blanks;
    while (!pending.empty() && pending.back().is_blank()) {
      blanks.push_back(std::move(pending.back()));
      pending.pop_back();
    }
    if (pending.empty() || !pending.back().is(TokenKind::Punct, "(")) {
      for (auto it = blanks.rbegin(); it != blanks.rend(); ++it)
        pending.push_back(std::move(*it));
      emit(std::move(token));
      continue;
    }
    pending.pop_back(); // '('

    std::vector<std::vector<Token>> args(1);
    int paren_depth = 0;
    std::optional<Token> close_paren;
    while (!pending.empty()) {
      Token arg_token = std::move(pending.back());
      pending.pop_back();
      if (arg_token.is(TokenKind::Punct, "(")) {
        ++paren_depth;
      } else if (arg_token.is(TokenKind::Punct, ")")) {
        if (paren_depth == 0) {
          close_paren = std::move(arg_token);
          break;
        }
        --paren_depth;
      } else if (arg_token.is(TokenKind::Punct, ",") && paren_depth == 0 &&
                 (!macro->variadic || args.size() < macro->params.size())) {
        args.emplace_back();
        continue;
      }
      args.back().push_back(std::move(arg_token));
    }
    std::string name(token.text);
    if (!close_paren) {
      error = error_at(token, "unterminated argument list for macro " + name,
                       "a macro call must end with ')' on the same line");
      return false;
    }
    for (auto& arg : args)
      trim_blanks(arg);

    size_t given = args.size();
    if (given == 1 && args[0].empty() && macro->params.empty())
      given = 0; // F() for a macro without parameters
    size_t expected = macro->params.size();
    uint32_t span_begin = std::min(token.src_begin, close_paren->src_begin);
    uint32_t span_end = std::max(token.src_end, close_paren->src_end);
    if (macro->variadic && given + 1 == expected) {
      args.emplace_back(); // the variadic part may be left out
    } else if (given != expected) {
      std::string wanted = macro->variadic ? "at least " + plural(expected - 1, "argument")
                                           : plural(expected, "argument");
      error =
          PpError{span_begin, span_end,
                  "macro " + name + " expects " + wanted + ", " + std::to_string(given) + " given",
                  "#define " + name + " takes (" + parameter_list(*macro) + ")"};
      return false;
    }

    // Arguments are expanded on their own before substitution, once each.
    std::vector<std::optional<std::vector<Token>>> expanded_args(args.size());
    std::vector<Token> replacement;
    for (const Token& body_token : macro->body_tokens) {
      size_t param = macro->params.size();
      if (body_token.kind == TokenKind::Identifier)
        param = static_cast<size_t>(
            std::find(macro->params.begin(), macro->params.end(), body_token.text) -
            macro->params.begin());
      if (param >= macro->params.size()) {
        replacement.push_back(body_token);
        continue;
      }
      if (!expanded_args[param]) {
        if (depth + 1 > kMaxArgumentNesting) {
          error = error_at(token, "macro arguments are nested too deeply in " + name,
                           "split the expression with intermediate macros");
          return false;
        }
        std::vector<Token> expanded_arg;
        if (!expand_tokens(args[param], expanded_arg, depth + 1, error))
          return false;
        expanded_args[param] = std::move(expanded_arg);
      }
      replacement.insert(replacement.end(), expanded_args[param]->begin(),
                         expanded_args[param]->end());
    }
    std::vector<uint32_t> hide =
        with(intersection(token.hide_set, close_paren->hide_set), macro->id);
    if (!push_replacement(replacement, hide, span_begin, span_end))
      return false;
  }
  return true;
}

bool replace_defined(const std::vector<Token>& input, const MacroTable& macros,
                     std::vector<Token>& output, PpError& error) {
  auto next_significant = [&](size_t from) {
    while (from < input.size() && input[from].is_blank())
      ++from;
    return from;
  };
  static constexpr std::string_view one = "1", zero = "0";
  output.clear();
  for (size_t i = 0; i < input.size(); ++i) {
    if (!input[i].is(TokenKind::Identifier, "defined")) {
      output.push_back(input[i]);
      continue;
    }
    size_t name_at = next_significant(i + 1);
    size_t last = name_at;
    if (name_at < input.size() && input[name_at].is(TokenKind::Punct, "(")) {
      name_at = next_significant(name_at + 1);
      last = next_significant(name_at + 1);
      if (last >= input.size() || !input[last].is(TokenKind::Punct, ")"))
        last = input.size(); // malformed
    }
    if (name_at >= input.size() || input[name_at].kind != TokenKind::Identifier ||
        last >= input.size()) {
      error = error_at(input[i], "\"defined\" needs a macro name",
                       "write defined(NAME) or defined NAME");
      return false;
    }
    Token result = input[i];
    result.kind = TokenKind::Number;
    result.text = macros.contains(input[name_at].text) ? one : zero;
    result.src_end = input[last].src_end;
    output.push_back(std::move(result));
    i = last;
  }
  return true;
}

} // namespace sonde::grammar::pp
