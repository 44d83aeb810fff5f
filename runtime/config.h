// The config keys (Manifest::config, "key=value") that change what the
// runtime does, as opposed to what the compiler emits.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sonde::runtime {

enum class MissingProbes { Error, Warn, Ignore };

struct RuntimeConfig {
  size_t max_cat_bytes = 10240;                        // cat() prints at most this much of a file
  bool print_maps_on_exit = true;                      // the exit-time map dump
  MissingProbes missing_probes = MissingProbes::Error; // a probe that cannot attach
};

// Reads the keys the runtime knows from `settings`; other keys belong to the
// compiler and are skipped. A malformed value sets `error`.
bool parse_runtime_config(const std::vector<std::string>& settings, RuntimeConfig& config,
                          std::string& error);

} // namespace sonde::runtime
