// The command line: bpftrace's options plus sonde's own (--emit, --verify-only,
// --emit-bundle, --run-bundle, --no-cache).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sonde::runtime {

enum class EmitStage { None, Ast, Ir, Asm };

struct Options {
  // The script: -e TEXT, a file path, or "-" for stdin.
  std::optional<std::string> program_text;
  std::string script_path;
  std::vector<std::string> params; // $1, $2 ...

  EmitStage emit = EmitStage::None;
  int verbose = 0;
  std::vector<std::string> debug_stages; // -d STAGE[,STAGE]
  std::vector<std::string> include_dirs;
  std::vector<std::string> forced_includes;

  bool list = false;
  std::string list_pattern;

  std::optional<int> pid;
  std::string child_command;
  bool child_command_given = false; // -c was given (perhaps with an empty command)
  std::string output_file;
  std::string format = "text";
  std::string buffering;   // line, full, none
  int helper_warnings = 0; // -k, -kk

  bool quiet = false;
  bool unsafe = false;
  bool dry_run = false;
  bool verify_only = false;
  bool no_warnings = false;
  bool no_cache = false;
  bool usdt_file_activation = false;
  bool info = false;
  bool help = false;
  bool version = false;
  std::string emit_elf; // --emit-elf FILE: write the BPF object and stop
  std::string emit_bundle;
  std::string run_bundle;
};

// Parses argv. On a usage error returns false with a message in `error` and
// advice in `hint`.
bool parse_options(int argc, char** argv, Options& options, std::string& error, std::string& hint);

// The text printed by -h.
std::string usage_text();

} // namespace sonde::runtime
