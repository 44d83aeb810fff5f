// attach_point -> provider (':' field)*, where a field may be quoted to keep
// ':' characters ("/path with:colon", "fn(char const*)").
#include "grammar/parse.h"
#include "stdlib/probe_kinds.h"

namespace sonde::grammar {

namespace {

// Splits on ':' outside quotes and removes the quotes. Returns false on an
// unterminated quote.
bool split_fields(const std::string& raw, std::vector<std::string>& fields) {
  fields.emplace_back();
  bool in_quotes = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == '\\' && in_quotes && i + 1 < raw.size()) {
      fields.back() += raw[++i];
    } else if (c == ':' && !in_quotes) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return !in_quotes;
}

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

} // namespace

bool parse_attach_point(const std::string& raw, const ast::Location& loc, ast::AttachPoint& out,
                        ast::Diagnostics& diags) {
  out.loc = loc;
  out.raw = raw;
  std::vector<std::string> fields;
  if (!split_fields(raw, fields)) {
    diags.error(loc, "unterminated quote in attach point '" + raw + "'",
                "close the quoted part with \"");
    return false;
  }
  const std::string provider = fields.front();
  fields.erase(fields.begin());

  const stdlib::ProbeKind* kind = stdlib::find_probe_kind(provider);
  if (!kind) {
    std::string hint;
    if (auto guess = ast::closest_match(provider, stdlib::probe_kind_names()))
      hint = "did you mean '" + *guess + "'?";
    else
      hint = "probe types are BEGIN, END, tracepoint, rawtracepoint, kprobe, kretprobe, uprobe, "
             "uretprobe, usdt, profile, interval, software, hardware, watchpoint, fentry, "
             "fexit and iter";
    diags.error(loc, "unknown probe type '" + provider + "'", hint);
    return false;
  }
  out.provider = std::string(kind->name);
  out.fields = fields;

  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].empty()) {
      diags.error(loc, "attach point '" + raw + "' has an empty field " + std::to_string(i + 1),
                  "the form is " + std::string(kind->usage));
      return false;
    }
  }
  if (fields.size() < kind->min_fields || fields.size() > kind->max_fields) {
    std::string expected =
        kind->min_fields == kind->max_fields
            ? plural(kind->min_fields, "field")
            : std::to_string(kind->min_fields) + " to " + plural(kind->max_fields, "field");
    std::string message = kind->max_fields == 0
                              ? std::string(kind->name) + " takes no arguments, but '" + raw +
                                    "' has " + plural(fields.size(), "field")
                              : std::string(kind->name) + " probe '" + raw + "' has " +
                                    plural(fields.size(), "field") +
                                    " after the probe type, expected " + expected;
    diags.error(loc, message, "the form is " + std::string(kind->usage));
    return false;
  }
  return true;
}

} // namespace sonde::grammar
