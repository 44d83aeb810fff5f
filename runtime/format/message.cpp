#include "runtime/format/message.h"

namespace sonde::format {

namespace {

std::string json_line(MessageType type, const std::string& data) {
  return "{\"type\": \"" + std::string(message_type_name(type)) + "\", \"data\": " + data + "}\n";
}

} // namespace

std::string_view message_type_name(MessageType type) {
  switch (type) {
  case MessageType::Map:
    return "map";
  case MessageType::Hist:
    return "hist";
  case MessageType::Stats:
    return "stats";
  case MessageType::Value:
    return "value";
  case MessageType::Printf:
    return "printf";
  case MessageType::Time:
    return "time";
  case MessageType::Cat:
    return "cat";
  case MessageType::Join:
    return "join";
  case MessageType::Syscall:
    return "syscall";
  case MessageType::LostEvents:
    return "lost_events";
  case MessageType::AttachedProbes:
    return "attached_probes";
  case MessageType::HelperError:
    return "helper_error";
  }
  return "unknown";
}

std::string format_message(OutputMode mode, MessageType type, std::string_view text) {
  if (mode == OutputMode::Json)
    return json_line(type, "\"" + json_escape(text) + "\"");
  std::string out(text);
  if (type == MessageType::Join)
    out += '\n';
  return out;
}

std::string format_print_value(OutputMode mode, const Value& value) {
  if (mode == OutputMode::Json)
    return json_line(MessageType::Value, to_json(value));
  return to_text(value) + "\n";
}

std::string format_attached_probes(OutputMode mode, uint64_t probes) {
  if (mode == OutputMode::Json)
    return json_line(MessageType::AttachedProbes, "{\"probes\": " + std::to_string(probes) + "}");
  return "Attaching " + std::to_string(probes) + (probes == 1 ? " probe...\n" : " probes...\n");
}

std::string format_lost_events(OutputMode mode, uint64_t events) {
  if (mode == OutputMode::Json)
    return json_line(MessageType::LostEvents, "{\"events\": " + std::to_string(events) + "}");
  return "Lost " + std::to_string(events) + " events\n";
}

std::string format_helper_error_json(std::string_view helper, int64_t retcode, unsigned line,
                                     unsigned column) {
  // v0.17 puts the fields at the top level, not under "data".
  return "{\"type\": \"helper_error\", \"helper\": \"" + json_escape(helper) +
         "\", \"retcode\": " + std::to_string(retcode) + ", \"line\": " + std::to_string(line) +
         ", \"col\": " + std::to_string(column) + "}\n";
}

} // namespace sonde::format
