// Handling the records BPF programs send through the ring buffer: each is a
// uint64 event id (an index into Manifest::events) and a payload, turned
// into output text (printf, time, cat, system, join, print) or an action on
// maps (print, clear, zero) or on the run (exit).
#pragma once

#include "compiler/bundle.h"
#include "runtime/decode.h"
#include "runtime/format/output_mode.h"
#include "runtime/format/printf_format.h"
#include "runtime/maps.h"
#include "runtime/output.h"

#include <optional>
#include <string>
#include <vector>

namespace sonde::runtime {

struct EventOptions {
  format::OutputMode mode = format::OutputMode::Text;
  bool unsafe = false;          // system() may run commands
  size_t max_cat_bytes = 10240; // cat() prints at most this much
};

class EventHandler {
public:
  EventHandler(const bundle::Manifest& manifest, MapTable& maps, Output& output,
               const DecodeContext& ctx, const EventOptions& options);

  // Handles one ring-buffer record. Records after an exit() are dropped
  // (see exited()) until drop_after_exit(false).
  void handle(Bytes record);

  // True once an exit() record was handled.
  bool exited() const { return exit_code_.has_value(); }
  // The status exit(N) asked for, 0 without exit().
  int exit_code() const { return exit_code_.value_or(0); }
  // Whether records after exit() are dropped; off while END runs, so its
  // output still prints.
  void drop_after_exit(bool drop) { drop_after_exit_ = drop; }

  // Prints every map in name order, as at exit (skipping empty and cleared
  // ones).
  void print_all_maps();

private:
  void print_map(uint32_t index, uint64_t top, uint64_t div);
  std::string printf_text(size_t id, Bytes payload);
  void run_command(const std::string& command);
  void cat_file(const std::string& path);
  void warn(const bundle::EventInfo& event, const std::string& message);

  const bundle::Manifest& manifest_;
  MapTable& maps_;
  Output& output_;
  const DecodeContext& ctx_;
  EventOptions options_;
  std::vector<format::PrintfFormat> formats_; // parsed once, by event id
  std::optional<int> exit_code_;
  bool drop_after_exit_ = true;
  bool warned_unknown_ = false;
};

} // namespace sonde::runtime
