#include "runtime/session.h"

#include <csignal>
#include <initializer_list>

namespace sonde::runtime {

namespace {

volatile sig_atomic_t g_stop = 0;
volatile sig_atomic_t g_print = 0;

void on_stop(int) {
  g_stop = 1;
}
void on_print(int) {
  g_print = 1;
}

void set_handler(int signal, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a signal must interrupt the ring buffer's epoll_wait so
  // the loop sees the request promptly.
  action.sa_flags = 0;
  sigaction(signal, &action, nullptr);
}

} // namespace

void install_signal_handlers() {
  g_stop = 0;
  g_print = 0;
  set_handler(SIGINT, on_stop);
  set_handler(SIGTERM, on_stop);
  set_handler(SIGHUP, on_stop);
  set_handler(SIGUSR1, on_print);
  set_handler(SIGPIPE, SIG_IGN);
}

void restore_signal_handlers() {
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGPIPE})
    set_handler(signal, SIG_DFL);
}

bool stop_requested() {
  return g_stop != 0;
}

void request_stop() {
  g_stop = 1;
}

bool take_print_request() {
  if (!g_print)
    return false;
  g_print = 0;
  return true;
}

} // namespace sonde::runtime
