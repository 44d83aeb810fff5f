#include "runtime/child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sonde::runtime {

namespace {

void close_fd(int& fd) {
  if (fd >= 0)
    close(fd);
  fd = -1;
}

// In the forked child: wait for the go byte, then exec; report a failed
// exec's errno through `status_fd` (closed on a successful exec).
[[noreturn]] void child_main(int go_fd, int status_fd, const std::vector<std::string>& words) {
  char go = 0;
  ssize_t n;
  do
    n = read(go_fd, &go, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1)
    _exit(127); // the parent gave up before attaching
  std::vector<char*> argv;
  for (const std::string& word : words)
    argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  int err = errno;
  ssize_t ignored = write(status_fd, &err, sizeof err);
  (void)ignored;
  _exit(127);
}

// Whether execvp() would find `program`, so a typo fails before anything is
// attached rather than after BEGIN ran.
bool findable(const std::string& program) {
  if (program.find('/') != std::string::npos)
    return access(program.c_str(), X_OK) == 0;
  const char* path = getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos)
      end = dirs.size();
    std::string dir = end > start ? dirs.substr(start, end - start) : ".";
    if (access((dir + "/" + program).c_str(), X_OK) == 0)
      return true;
    start = end + 1;
  }
  return false;
}

} // namespace

std::vector<std::string> split_command(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < command.size())
        word += command[++i];
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word)
        words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word)
    words.push_back(std::move(word));
  return words;
}

ChildProcess::~ChildProcess() {
  terminate();
}

bool ChildProcess::spawn(const std::string& command, std::string& error) {
  std::vector<std::string> words = split_command(command);
  if (words.empty()) {
    error = "the -c command is empty";
    return false;
  }
  if (!findable(words[0])) {
    error = "cannot run '" + words[0] + "': " + std::strerror(errno);
    return false;
  }
  int go[2], status[2];
  if (pipe2(go, O_CLOEXEC) != 0) {
    error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return false;
  }
  if (pipe2(status, O_CLOEXEC) != 0) {
    error = std::string("cannot create a pipe: ") + std::strerror(errno);
    close(go[0]);
    close(go[1]);
    return false;
  }
  pid_t pid = fork();
  if (pid < 0) {
    error = std::string("cannot start '") + words[0] + "': " + std::strerror(errno);
    for (int fd : {go[0], go[1], status[0], status[1]})
      close(fd);
    return false;
  }
  if (pid == 0) {
    close(go[1]);
    close(status[0]);
    child_main(go[0], status[1], words);
  }
  close(go[0]);
  close(status[1]);
  pid_ = pid;
  go_fd_ = go[1];
  status_fd_ = status[0];
  reaped_ = false;
  return true;
}

bool ChildProcess::start(std::string& error) {
  if (go_fd_ < 0)
    return pid_ != 0;
  char go = 1;
  ssize_t written = write(go_fd_, &go, 1);
  close_fd(go_fd_);
  int err = 0;
  ssize_t n;
  do
    n = read(status_fd_, &err, sizeof err);
  while (n < 0 && errno == EINTR);
  close_fd(status_fd_);
  if (written != 1 || n == static_cast<ssize_t>(sizeof err)) {
    error = std::string("cannot run the -c command: ") + std::strerror(written != 1 ? EPIPE : err);
    exited();
    return false;
  }
  return true;
}

bool ChildProcess::exited() {
  if (pid_ == 0 || reaped_)
    return true;
  int status = 0;
  pid_t done;
  do
    done = waitpid(pid_, &status, WNOHANG);
  while (done < 0 && errno == EINTR);
  if (done == pid_ || (done < 0 && errno == ECHILD))
    reaped_ = true;
  return reaped_;
}

void ChildProcess::terminate() {
  close_fd(go_fd_); // a held child sees EOF and exits without exec
  close_fd(status_fd_);
  if (pid_ == 0 || exited())
    return;
  kill(pid_, SIGTERM);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
}

} // namespace sonde::runtime
