// The signals a run reacts to. SIGINT, SIGTERM and SIGHUP ask the event loop
// to stop (then END runs, maps print, probes detach); later ones during that
// teardown are absorbed so it always completes. SIGUSR1 asks for the maps to
// be printed now, as bpftrace does. SIGPIPE is ignored: a closed stdout shows
// up as a failed write instead.
#pragma once

namespace sonde::runtime {

// Installs the handlers (idempotent) and clears pending requests.
void install_signal_handlers();

// Puts the default dispositions back.
void restore_signal_handlers();

// True once a stopping signal arrived.
bool stop_requested();

// Asks the loop to stop, as a signal would.
void request_stop();

// True (once) when SIGUSR1 arrived since the last call.
bool take_print_request();

} // namespace sonde::runtime
