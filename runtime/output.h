// Where trace output goes: stdout, or the -o file. Buffered, flushed after
// every batch of events; a closed reader (EPIPE) is noticed, not fatal.
#pragma once

#include <string>
#include <string_view>

namespace sonde::runtime {

class Output {
public:
  Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();

  // Writes to stdout.
  void use_stdout() { fd_ = 1; }
  // Creates (truncating) `path` with mode 0644; false with `error` on failure.
  bool open_file(const std::string& path, std::string& error);

  // Queues text; flushes when the buffer grows large.
  void write(std::string_view text);
  // Writes everything queued. Returns false once the reader has gone away.
  bool flush();
  // True after a write failed because nobody reads our output any more.
  bool closed() const { return closed_; }

private:
  int fd_ = 1;
  bool owns_fd_ = false;
  bool closed_ = false;
  std::string buffer_;
};

} // namespace sonde::runtime
