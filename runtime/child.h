// The -c CMD child: created before the script is compiled (so `cpid` is
// known), held just before exec until every probe is attached, and watched
// so the run ends when it exits.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sonde::runtime {

class ChildProcess {
public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // A child that is still held or running is terminated.
  ~ChildProcess();

  // Forks the command (split into words like a shell would, quotes
  // honoured, no expansion; the program found through PATH) and keeps it
  // waiting before exec. False with `error` when it cannot fork.
  bool spawn(const std::string& command, std::string& error);
  // The child's pid, for `cpid` (0 before spawn()).
  pid_t pid() const { return pid_; }
  // Lets the child exec. False with `error` when exec failed (e.g. no such
  // program); the child is then gone.
  bool start(std::string& error);
  // True once the child has exited (reaps it; never blocks).
  bool exited();
  // Sends SIGTERM to a child that is still running and reaps it.
  void terminate();

private:
  pid_t pid_ = 0;
  int go_fd_ = -1;     // write end: one byte lets the child exec
  int status_fd_ = -1; // read end: the child's exec errno, EOF on success
  bool reaped_ = false;
};

// The words of a command line: split at unquoted blanks, '...' and "..."
// quote, backslash escapes the next character.
std::vector<std::string> split_command(const std::string& command);

} // namespace sonde::runtime
