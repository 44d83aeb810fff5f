// Runs the declarative runtime tests in tests/runtime/*.test: each case runs
// sonde for real on this kernel (as root) and checks its output and status.
//
// A .test file holds cases separated by blank lines. Keys, one per line:
//
//   NAME     case name (letters, digits, _)
//   PROG     the program, passed with -e (may repeat: lines are joined);
//            $HELPERS stands for the folder of the helper programs
//   SCRIPT   a script file instead, relative to the source tree (scripts/x.bt)
//   ARGS     extra arguments before -e, split on spaces ("-q", "-f json")
//   PARAMS   positional parameters after the program
//   RUN      a command sonde is given with -c (its pid is cpid); a program of
//            tests/runtime/helpers is found by its name
//   SIGNAL   SECONDS SIGNAME: send the signal after that many seconds
//   AFTER    SECONDS COMMAND: run a shell command after that many seconds
//            (helpers/ programs are on its PATH)
//   TIMEOUT  seconds before the case fails (default 10)
//   EXIT     expected exit status (default 0)
//   STDOUT   the exact expected stdout; every following line up to a line
//            "END" belongs to it
//   MATCH    a regular expression some stdout line must match, in order
//   NOMATCH  a regular expression no stdout line may match
//   STDERR   a substring stderr must contain
//   CMDLINE  the whole command line instead of ARGS, RUN, PROG/SCRIPT and
//            PARAMS: split on spaces, '...' keeps spaces and is not split;
//            sonde runs in the source tree, so paths may be relative to it,
//            with stdin from /dev/null
//
// The cases live in tests/runtime, tests/scripts and tests/errors.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace {

struct Case {
  std::string file;
  std::string name;
  std::string program;
  std::string script;
  std::vector<std::string> args;
  std::vector<std::string> params;
  std::string run;
  double signal_after = 0;
  int signal = 0;
  double command_after = 0;
  std::string command;
  double timeout = 10;
  int exit_status = 0;
  std::optional<std::string> stdout_text;
  std::vector<std::string> matches;
  std::vector<std::string> no_matches;
  std::vector<std::string> stderr_contains;
  std::optional<std::vector<std::string>> cmdline;
};

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

// Splits on spaces; a '...' part keeps its spaces ('' is an empty word).
std::vector<std::string> split_command_line(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false, quoted = false;
  for (char ch : text) {
    if (ch == '\'') {
      quoted = !quoted;
      in_word = true;
    } else if (ch == ' ' && !quoted) {
      if (in_word)
        words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += ch;
      in_word = true;
    }
  }
  if (in_word)
    words.push_back(word);
  return words;
}

int signal_number(const std::string& name) {
  if (name == "SIGINT")
    return SIGINT;
  if (name == "SIGTERM")
    return SIGTERM;
  if (name == "SIGHUP")
    return SIGHUP;
  if (name == "SIGKILL")
    return SIGKILL;
  return 0;
}

// $HELPERS in a program names the folder of the helper programs.
std::string with_helpers(std::string text) {
  const std::string marker = "$HELPERS";
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at))
    text.replace(at, marker.size(), SONDE_TEST_HELPERS_DIR);
  return text;
}

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::vector<std::filesystem::path> files;
  for (const char* dir : {SONDE_RUNTIME_TESTS_DIR, SONDE_SCRIPT_TESTS_DIR, SONDE_ERROR_TESTS_DIR})
    if (std::filesystem::exists(dir))
      for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".test")
          files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    Case current;
    auto flush = [&] {
      if (!current.name.empty())
        cases.push_back(current);
      current = Case{};
    };
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) {
        flush();
        continue;
      }
      if (line[0] == '#')
        continue;
      size_t space = line.find(' ');
      std::string key = line.substr(0, space);
      std::string value = space == std::string::npos ? "" : line.substr(space + 1);
      current.file = path.filename().string();
      if (key == "NAME")
        current.name = value;
      else if (key == "PROG")
        current.program += (current.program.empty() ? "" : "\n") + with_helpers(value);
      else if (key == "SCRIPT")
        current.script = std::string(SONDE_SOURCE_DIR) + "/" + value;
      else if (key == "ARGS")
        current.args = split_words(value);
      else if (key == "PARAMS")
        current.params = split_words(value);
      else if (key == "RUN") {
        // A helper program of tests/runtime/helpers is found by its name.
        std::string helper =
            std::string(SONDE_TEST_HELPERS_DIR) + "/" + value.substr(0, value.find(' '));
        current.run = std::filesystem::exists(helper)
                          ? std::string(SONDE_TEST_HELPERS_DIR) + "/" + value
                          : value;
      } else if (key == "SIGNAL") {
        auto words = split_words(value);
        current.signal_after = std::stod(words.at(0));
        current.signal = signal_number(words.at(1));
      } else if (key == "AFTER") {
        size_t split = value.find(' ');
        current.command_after = std::stod(value.substr(0, split));
        current.command = value.substr(split + 1);
      } else if (key == "TIMEOUT")
        current.timeout = std::stod(value);
      else if (key == "EXIT")
        current.exit_status = std::stoi(value);
      else if (key == "MATCH")
        current.matches.push_back(value);
      else if (key == "NOMATCH")
        current.no_matches.push_back(value);
      else if (key == "STDERR")
        current.stderr_contains.push_back(value);
      else if (key == "CMDLINE")
        current.cmdline = split_command_line(value);
      else if (key == "STDOUT") {
        std::string text;
        for (std::string body; std::getline(in, body) && body != "END";)
          text += body + "\n";
        current.stdout_text = text;
      } else
        ADD_FAILURE() << path << ": unknown key " << key;
    }
    flush();
  }
  return cases;
}

struct Outcome {
  int status = -1;
  bool timed_out = false;
  std::string out, err;
};

// Runs sonde with the case's arguments, collecting stdout and stderr.
Outcome run_case(const Case& c) {
  std::vector<std::string> argv = {SONDE_BINARY};
  if (c.cmdline) {
    argv.insert(argv.end(), c.cmdline->begin(), c.cmdline->end());
  } else {
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    if (!c.run.empty()) {
      argv.push_back("-c");
      argv.push_back(c.run);
    }
    if (c.script.empty()) {
      argv.push_back("-e");
      argv.push_back(c.program);
    } else {
      argv.push_back(c.script);
    }
    argv.insert(argv.end(), c.params.begin(), c.params.end());
  }

  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0)
    return {};
  pid_t child = fork();
  if (child == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    close(out_pipe[0]);
    close(err_pipe[0]);
    if (c.cmdline) {
      int null_fd = open("/dev/null", O_RDONLY);
      if (chdir(SONDE_SOURCE_DIR) != 0 || null_fd < 0 || dup2(null_fd, 0) < 0)
        _exit(127);
    }
    std::vector<char*> raw;
    for (std::string& a : argv)
      raw.push_back(a.data());
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  Outcome outcome;
  auto start = std::chrono::steady_clock::now();
  bool signalled = false;
  bool commanded = false;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (c.signal && !signalled && elapsed >= c.signal_after) {
      kill(child, c.signal);
      signalled = true;
    }
    if (!c.command.empty() && !commanded && elapsed >= c.command_after) {
      std::string command =
          "PATH=" SONDE_TEST_HELPERS_DIR ":$PATH " + c.command + " >/dev/null 2>&1 &";
      if (std::system(command.c_str()) != 0)
        ADD_FAILURE() << "cannot run: " << c.command;
      commanded = true;
    }
    if (elapsed > c.timeout) {
      outcome.timed_out = true;
      kill(child, SIGKILL);
      break;
    }
    if (poll(fds, 2, 50) <= 0)
      continue;
    for (pollfd& p : fds) {
      if (p.fd < 0 || !(p.revents & (POLLIN | POLLHUP)))
        continue;
      char buffer[4096];
      ssize_t n = read(p.fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(p.fd);
        p.fd = -1;
        --open_fds;
      } else {
        (p.fd == out_pipe[0] ? outcome.out : outcome.err).append(buffer, n);
      }
    }
  }
  for (pollfd& p : fds)
    if (p.fd >= 0)
      close(p.fd);
  int status = 0;
  waitpid(child, &status, 0);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

// Failures name the case and its file, not the bytes of the struct.
void PrintTo(const Case& c, std::ostream* out) {
  *out << c.file << ": " << c.name;
}

class RuntimeTest : public testing::TestWithParam<Case> {};

TEST_P(RuntimeTest, Runs) {
  const Case& c = GetParam();
  Outcome outcome = run_case(c);
  SCOPED_TRACE("stdout:\n" + outcome.out + "stderr:\n" + outcome.err);
  ASSERT_FALSE(outcome.timed_out) << "timed out after " << c.timeout << " s";
  EXPECT_EQ(outcome.status, c.exit_status);
  if (c.stdout_text) {
    EXPECT_EQ(outcome.out, *c.stdout_text);
  }
  std::istringstream lines(outcome.out);
  std::vector<std::string> out_lines;
  for (std::string l; std::getline(lines, l);)
    out_lines.push_back(l);
  size_t at = 0;
  for (const std::string& pattern : c.matches) {
    std::regex re(pattern);
    while (at < out_lines.size() && !std::regex_search(out_lines[at], re))
      ++at;
    EXPECT_LT(at, out_lines.size()) << "no line matches (in order): " << pattern;
    ++at;
  }
  for (const std::string& pattern : c.no_matches) {
    std::regex re(pattern);
    for (const std::string& l : out_lines)
      EXPECT_FALSE(std::regex_search(l, re)) << "line matches " << pattern << ": " << l;
  }
  for (const std::string& text : c.stderr_contains)
    EXPECT_NE(outcome.err.find(text), std::string::npos) << "stderr lacks: " << text;
}

INSTANTIATE_TEST_SUITE_P(Runtime, RuntimeTest, testing::ValuesIn(load_cases()),
                         [](const testing::TestParamInfo<Case>& row) { return row.param.name; });

} // namespace
