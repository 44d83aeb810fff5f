#include "compiler/sema/config.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

namespace sonde::sema {

namespace {

enum class Use { Compiler, Runtime, Ignored };

struct Key {
  const char* name;
  Use use;
  const char* v017_env; // the v0.17 environment variable, if it had another name
};

const Key kKeys[] = {
    {"max_strlen", Use::Compiler, "BPFTRACE_STRLEN"},
    {"max_map_keys", Use::Compiler, "BPFTRACE_MAP_KEYS_MAX"},
    {"stack_mode", Use::Compiler, nullptr},
    {"max_cat_bytes", Use::Runtime, "BPFTRACE_CAT_BYTES_MAX"},
    {"print_maps_on_exit", Use::Runtime, nullptr},
    {"missing_probes", Use::Runtime, nullptr},
    {"max_probes", Use::Ignored, "BPFTRACE_MAX_PROBES"},
    {"max_bpf_progs", Use::Ignored, "BPFTRACE_MAX_BPF_PROGS"},
    {"log_size", Use::Ignored, "BPFTRACE_LOG_SIZE"},
    {"perf_rb_pages", Use::Ignored, "BPFTRACE_PERF_RB_PAGES"},
    {"cpp_demangle", Use::Ignored, nullptr},
    {"cache_user_symbols", Use::Ignored, "BPFTRACE_CACHE_USER_SYMBOLS"},
    {"lazy_symbolication", Use::Ignored, nullptr},
    {"str_trunc_trailer", Use::Ignored, nullptr},
    {"on_stack_limit", Use::Ignored, nullptr},
    {"license", Use::Ignored, nullptr},
    {"use_blazesym", Use::Ignored, nullptr},
    {"show_debug_info", Use::Ignored, nullptr},
    {"unstable_tseries", Use::Ignored, nullptr},
    {"unstable_dw_ustack", Use::Ignored, nullptr},
    {"unstable_typeinfo", Use::Ignored, nullptr},
    {"unstable_import_statement", Use::Ignored, nullptr},
};

// The strings the kernel limits a BPF stack to make str() buffers larger
// than this impossible on the stack.
constexpr uint64_t kMaxStrlen = 200;

std::string canonical(std::string key) {
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (key.rfind("bpftrace_", 0) == 0)
    key = key.substr(9);
  return key;
}

const Key* find_key(const std::string& name) {
  for (const Key& k : kKeys)
    if (name == k.name)
      return &k;
  return nullptr;
}

std::string value_text(const ast::Expr& e) {
  if (auto* i = dynamic_cast<const ast::IntegerLiteral*>(&e))
    return std::to_string(i->value);
  if (auto* s = dynamic_cast<const ast::StringLiteral*>(&e))
    return s->value;
  if (auto* b = dynamic_cast<const ast::BoolLiteral*>(&e))
    return b->value ? "true" : "false";
  if (auto* id = dynamic_cast<const ast::Identifier*>(&e))
    return id->name;
  return "";
}

} // namespace

bool apply_config(const ast::Program& program, Options& options, ast::Diagnostics& diags) {
  struct Setting {
    std::string value;
    std::optional<ast::Location> loc; // none: from the environment
  };
  std::map<std::string, Setting> settings;
  size_t errors = diags.error_count();

  if (program.config)
    for (const ast::ConfigEntry& entry : program.config->entries) {
      std::string key = canonical(entry.key);
      if (!find_key(key)) {
        std::vector<std::string> names;
        for (const Key& k : kKeys)
          names.emplace_back(k.name);
        auto guess = ast::closest_match(key, names);
        diags.error(entry.loc, "unknown config key '" + entry.key + "'",
                    guess ? "did you mean '" + *guess + "'?" : "man sonde lists the config keys");
        continue;
      }
      settings[key] = Setting{value_text(*entry.value), entry.loc};
    }
  for (const Key& k : kKeys) {
    std::string upper = std::string("BPFTRACE_") + k.name;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const char* value = std::getenv(upper.c_str());
    if (!value && k.v017_env)
      value = std::getenv(k.v017_env);
    if (value)
      settings[k.name] = Setting{value, std::nullopt};
  }

  for (const auto& [key, setting] : settings) {
    const Key& k = *find_key(key);
    auto report = [&](const std::string& message, const std::string& hint = {}) {
      if (setting.loc)
        diags.error(*setting.loc, message, hint);
      else
        diags.error(message + " (from the environment)", hint);
    };
    auto number = [&](uint64_t low, uint64_t high) -> std::optional<uint64_t> {
      const std::string& v = setting.value;
      if (v.empty() ||
          !std::all_of(v.begin(), v.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
          v.size() > 18) {
        report("config key " + key + " needs a number, not '" + v + "'",
               "write a number from " + std::to_string(low) + " to " + std::to_string(high) +
                   ", e.g. " + key + " = " + std::to_string(std::clamp<uint64_t>(64, low, high)));
        return std::nullopt;
      }
      uint64_t n = std::stoull(v);
      if (n < low || n > high) {
        report(
            "config key " + key + " is " + v + ", outside " + std::to_string(low) + " to " +
                std::to_string(high),
            "set " + key + " to " +
                (n < low ? "at least " + std::to_string(low) : "at most " + std::to_string(high)));
        return std::nullopt;
      }
      return n;
    };
    if (key == "max_strlen") {
      if (auto n = number(1, kMaxStrlen))
        options.string_size = static_cast<uint32_t>(*n);
    } else if (key == "max_map_keys") {
      if (auto n = number(1, 1u << 24))
        options.max_map_keys = static_cast<uint32_t>(*n);
    } else if (key == "stack_mode") {
      if (setting.value != "bpftrace" && setting.value != "perf" && setting.value != "raw")
        report("stack_mode must be bpftrace, perf or raw, not '" + setting.value + "'",
               "write stack_mode = perf (or bpftrace, raw)");
      else
        options.stack_mode = setting.value;
    } else if (k.use == Use::Runtime) {
      options.runtime_config.push_back(key + "=" + setting.value);
    } else if (setting.loc) {
      diags.warning(*setting.loc, "config key " + key + " is not used by this version of sonde");
    }
  }
  return diags.error_count() == errors;
}

} // namespace sonde::sema
