#include "runtime/config.h"

#include <charconv>

namespace sonde::runtime {

namespace {

bool parse_bool(const std::string& text, bool& value) {
  if (text == "true" || text == "1" || text == "yes" || text == "on")
    value = true;
  else if (text == "false" || text == "0" || text == "no" || text == "off")
    value = false;
  else
    return false;
  return true;
}

} // namespace

bool parse_runtime_config(const std::vector<std::string>& settings, RuntimeConfig& config,
                          std::string& error) {
  for (const std::string& setting : settings) {
    size_t eq = setting.find('=');
    std::string key = setting.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : setting.substr(eq + 1);
    bool ok = true;
    if (key == "max_cat_bytes") {
      auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), config.max_cat_bytes);
      ok = ec == std::errc() && end == value.data() + value.size();
    } else if (key == "print_maps_on_exit") {
      ok = parse_bool(value, config.print_maps_on_exit);
    } else if (key == "missing_probes") {
      if (value == "error")
        config.missing_probes = MissingProbes::Error;
      else if (value == "warn")
        config.missing_probes = MissingProbes::Warn;
      else if (value == "ignore")
        config.missing_probes = MissingProbes::Ignore;
      else
        ok = false;
    }
    if (!ok) {
      error = "config: bad value '" + value + "' for " + key;
      return false;
    }
  }
  return true;
}

} // namespace sonde::runtime
