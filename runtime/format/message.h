// Everything the runtime prints besides maps: print() of a value, the output
// of printf/time/cat/system/join events, and the bookkeeping lines
// (attached probes, lost events, helper errors), in text and JSON.
#pragma once

#include "runtime/format/output_mode.h"
#include "runtime/format/value.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace sonde::format {

// The "type" of a -f json line.
enum class MessageType {
  Map,
  Hist,
  Stats,
  Value,
  Printf,
  Time,
  Cat,
  Join,
  Syscall, // output of system()
  LostEvents,
  AttachedProbes,
  HelperError,
};

// "map", "hist", ..., "syscall", "lost_events", "attached_probes", "helper_error".
std::string_view message_type_name(MessageType type);

// The output of a printf/time/cat/system/join event. Text mode: `text` as is
// (the format carries its own newlines), except join which adds one. JSON:
// {"type": "<type>", "data": "<text escaped>"} and a newline.
std::string format_message(OutputMode mode, MessageType type, std::string_view text);

// print(value): its text form and a newline, or {"type": "value", "data": <json>}.
std::string format_print_value(OutputMode mode, const Value& value);

// "Attaching 1 probe...", "Attaching 3 probes...", or the attached_probes object.
std::string format_attached_probes(OutputMode mode, uint64_t probes);

// "Lost N events", or the lost_events object.
std::string format_lost_events(OutputMode mode, uint64_t events);

// The helper_error object of -f json -k: helper name, its return code and the
// source position of the call. (Text mode reports it as a located warning.)
std::string format_helper_error_json(std::string_view helper, int64_t retcode, unsigned line,
                                     unsigned column);

} // namespace sonde::format
