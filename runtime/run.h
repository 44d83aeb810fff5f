// Running a compiled script: load the Bundle's object, attach its probes,
// run BEGIN, print what the programs send until exit() or a signal, run END,
// print the maps, detach. The CLI's one call after compiling.
#pragma once

#include "compiler/bundle.h"
#include "runtime/child.h"
#include "runtime/format/output_mode.h"

#include <optional>

#include <string>
#include <vector>

namespace sonde::runtime {

struct RunOptions {
  format::OutputMode mode = format::OutputMode::Text; // -f text|json
  std::string output_file;         // -o FILE: trace output there (mode 0644), "" for stdout
  bool quiet = false;              // -q: no "Attaching N probes..." line
  int verbose = 0;                 // -v: libbpf messages, the verifier log, tracefs mounting
  bool unsafe = false;             // --unsafe: system() may run commands
  bool dry_run = false;            // --dry-run: load and attach, then detach and exit 0
  bool verify_only = false;        // --verify-only: load through the verifier, attach nothing
  std::vector<std::string> params; // positional parameters (already folded in by the compiler)
  // -c CMD: spawned (held) by the CLI before compiling so `cpid` is known;
  // started once probes are attached and BEGIN ran; the run ends when it
  // exits, and a child still running at the end is sent SIGTERM.
  ChildProcess* child = nullptr;
  // -p PID: the run ends when that process is gone.
  std::optional<int> pid;
};

// Runs the bundle and returns the process exit status: 0, exit(N)'s N, or 1
// after printing an error (nothing stays attached or loaded on any path).
int run_bundle(const bundle::Bundle& bundle, const RunOptions& options);

} // namespace sonde::runtime
