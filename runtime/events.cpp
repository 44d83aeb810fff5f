#include "runtime/events.h"

#include "runtime/format/map_format.h"
#include "runtime/format/message.h"
#include "runtime/format/wallclock.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>

namespace sonde::runtime {

namespace {

using bundle::EventInfo;
using format::MessageType;

} // namespace

EventHandler::EventHandler(const bundle::Manifest& manifest, MapTable& maps, Output& output,
                           const DecodeContext& ctx, const EventOptions& options)
    : manifest_(manifest), maps_(maps), output_(output), ctx_(ctx), options_(options) {
  formats_.reserve(manifest.events.size());
  for (const EventInfo& event : manifest.events) {
    bool formatted = event.kind == EventInfo::Kind::Printf || event.kind == EventInfo::Kind::Cat ||
                     event.kind == EventInfo::Kind::System;
    format::ParsedFormat parsed = format::parse_printf_format(formatted ? event.format : "");
    // The compiler checked the format; should it still fail, print it as is.
    if (parsed.error)
      parsed.format.literals = {event.format};
    formats_.push_back(std::move(parsed.format));
  }
}

void EventHandler::warn(const EventInfo& event, const std::string& message) {
  output_.flush();
  std::cerr << (event.location.empty() ? "" : event.location + ": ") << "WARNING: " << message
            << "\n";
}

std::string EventHandler::printf_text(size_t id, Bytes payload) {
  std::vector<format::Value> args = decode_args(manifest_.events[id].args, payload, ctx_);
  return format::format_printf(formats_[id], args);
}

void EventHandler::handle(Bytes record) {
  if (exited() && drop_after_exit_)
    return;
  uint64_t id = read_uint(record, 0, 8);
  if (record.size() < 8 || id >= manifest_.events.size()) {
    if (!warned_unknown_)
      std::cerr << "WARNING: ignoring a malformed event from the BPF program (id " << id << ")\n";
    warned_unknown_ = true;
    return;
  }
  const EventInfo& event = manifest_.events[id];
  Bytes payload = record.subspan(8);
  format::OutputMode mode = options_.mode;
  switch (event.kind) {
  case EventInfo::Kind::Printf:
    output_.write(format::format_message(mode, MessageType::Printf, printf_text(id, payload)));
    break;
  case EventInfo::Kind::Time: {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    std::string_view layout = event.format.empty() ? format::kDefaultTimeFormat : event.format;
    output_.write(format::format_message(
        mode, MessageType::Time,
        format::format_wallclock(layout, now.tv_sec, static_cast<uint32_t>(now.tv_nsec))));
    break;
  }
  case EventInfo::Kind::Cat:
    cat_file(printf_text(id, payload));
    break;
  case EventInfo::Kind::System:
    if (!options_.unsafe) {
      warn(event, "system() needs --unsafe; command not run");
      break;
    }
    run_command(printf_text(id, payload));
    break;
  case EventInfo::Kind::Join: {
    std::vector<format::Value> args = decode_args(event.args, payload, ctx_);
    std::vector<std::string> parts;
    if (!args.empty())
      if (const auto* array = std::get_if<format::Array>(&args[0].data))
        for (const format::Value& element : array->elements)
          parts.push_back(format::to_text(element));
    // The array has a fixed capacity; unused slots come back empty.
    while (!parts.empty() && parts.back().empty())
      parts.pop_back();
    std::string joined;
    for (size_t i = 0; i < parts.size(); ++i)
      joined += (i ? event.format : "") + parts[i];
    output_.write(format::format_message(mode, MessageType::Join, joined));
    break;
  }
  case EventInfo::Kind::Print: {
    std::vector<format::Value> args = decode_args(event.args, payload, ctx_);
    if (!args.empty())
      output_.write(format::format_print_value(mode, args[0]));
    break;
  }
  case EventInfo::Kind::PrintMap: {
    auto top = static_cast<int64_t>(read_uint(payload, 0, 8));
    auto div = static_cast<int64_t>(read_uint(payload, 8, 8));
    print_map(event.map, top > 0 ? static_cast<uint64_t>(top) : 0,
              div > 0 ? static_cast<uint64_t>(div) : 1);
    break;
  }
  case EventInfo::Kind::Clear:
  case EventInfo::Kind::Zero: {
    std::string error;
    bool ok = event.map < maps_.size() &&
              (event.kind == EventInfo::Kind::Clear ? maps_.clear(event.map, error)
                                                    : maps_.zero(event.map, error));
    if (!ok)
      warn(event, error.empty() ? "no such map" : error);
    break;
  }
  case EventInfo::Kind::Exit:
    exit_code_ = static_cast<int>(static_cast<int64_t>(read_uint(payload, 0, 8)));
    break;
  }
}

void EventHandler::print_map(uint32_t index, uint64_t top, uint64_t div) {
  if (index >= maps_.size())
    return;
  format::Map map;
  std::string error;
  if (!maps_.read(index, ctx_, map, error)) {
    output_.flush();
    std::cerr << "ERROR: " << error << "\n";
    return;
  }
  output_.write(format::format_map(map, options_.mode, {top, div}));
}

void EventHandler::print_all_maps() {
  std::vector<uint32_t> order(maps_.size());
  for (uint32_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return maps_.info(a).name < maps_.info(b).name; });
  for (uint32_t index : order)
    print_map(index, 0, 1);
}

void EventHandler::cat_file(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    output_.flush();
    std::cerr << "ERROR: cat: cannot open '" << path << "': " << std::strerror(errno) << "\n";
    return;
  }
  size_t limit = options_.max_cat_bytes;
  std::string text(limit, '\0');
  size_t used = 0;
  while (used < limit) {
    ssize_t n = read(fd, text.data() + used, limit - used);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    used += static_cast<size_t>(n);
  }
  close(fd);
  text.resize(used);
  output_.write(format::format_message(options_.mode, MessageType::Cat, text));
}

void EventHandler::run_command(const std::string& command) {
  // What we printed so far must come before the command's output.
  output_.flush();
  FILE* pipe = popen(command.c_str(), "re");
  if (!pipe) {
    std::cerr << "ERROR: system: cannot run '" << command << "': " << std::strerror(errno) << "\n";
    return;
  }
  std::string text;
  char chunk[4096];
  size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0)
    text.append(chunk, n);
  pclose(pipe);
  output_.write(format::format_message(options_.mode, MessageType::Syscall, text));
}

} // namespace sonde::runtime
