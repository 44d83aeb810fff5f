#include "runtime/output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sonde::runtime {

Output::~Output() {
  flush();
  if (owns_fd_)
    close(fd_);
}

bool Output::open_file(const std::string& path, std::string& error) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    int saved = errno;
    error = "cannot open output file '" + path + "': " + std::strerror(saved);
    if (saved == ENOENT)
      error += "\nHINT: create the directory first, or choose another path";
    else if (saved == EACCES || saved == EROFS)
      error += "\nHINT: choose a path you can write to";
    return false;
  }
  fd_ = fd;
  owns_fd_ = true;
  return true;
}

void Output::write(std::string_view text) {
  if (closed_)
    return;
  buffer_.append(text);
  if (buffer_.size() >= 64 * 1024)
    flush();
}

bool Output::flush() {
  size_t done = 0;
  while (!closed_ && done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      // EPIPE (reader gone) or any other failure: stop writing, quietly.
      closed_ = true;
      break;
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return !closed_;
}

} // namespace sonde::runtime
