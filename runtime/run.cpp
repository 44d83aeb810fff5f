#include "runtime/run.h"

#include "runtime/attach.h"
#include "runtime/config.h"
#include "runtime/events.h"
#include "runtime/format/message.h"
#include "runtime/loader.h"
#include "runtime/maps.h"
#include "runtime/output.h"
#include "runtime/session.h"
#include "runtime/symbols.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <signal.h>
#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <memory>

namespace sonde::runtime {

namespace {

struct RingBufferFree {
  void operator()(ring_buffer* rb) const { ring_buffer__free(rb); }
};
using RingBufferPtr = std::unique_ptr<ring_buffer, RingBufferFree>;

int fail(const std::string& message) {
  std::cerr << "ERROR: " << message << "\n";
  return 1;
}

// Old kernels charge BPF memory to RLIMIT_MEMLOCK; newer ones (5.11+) to
// the cgroup, where raising the limit may be refused and does not matter.
void raise_memlock_limit() {
  rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
  setrlimit(RLIMIT_MEMLOCK, &unlimited);
}

int on_record(void* ctx, void* data, size_t size) {
  static_cast<EventHandler*>(ctx)->handle(Bytes(static_cast<const uint8_t*>(data), size));
  return 0;
}

// Runs every BEGIN (or END) program once, in order.
bool run_once(bpf_object* object, const bundle::Manifest& manifest, const std::string& kind,
              std::string& error) {
  for (const bundle::ProbeInfo& probe : manifest.probes) {
    if (probe.kind != kind)
      continue;
    bpf_program* program = bpf_object__find_program_by_name(object, probe.program_name.c_str());
    if (!program) {
      error = "the compiled object has no program '" + probe.program_name + "' for " + kind;
      return false;
    }
    LIBBPF_OPTS(bpf_test_run_opts, opts);
    if (bpf_prog_test_run_opts(bpf_program__fd(program), &opts) != 0) {
      error = "cannot run " + kind + ": " + std::strerror(errno);
      return false;
    }
  }
  return true;
}

// What one run holds; destroyed in reverse order, so links go before the
// ring buffer and the object.
struct Run {
  const bundle::Bundle& bundle;
  const RunOptions& options;
  ObjectPtr object;
  RuntimeConfig config;
  MapTable maps;
  Output output;
  DecodeContext ctx;
  std::unique_ptr<EventHandler> events;
  RingBufferPtr ring;
  Links links;

  uint64_t lost_reported = 0;

  // Hands every record now in the ring buffer to the event handler.
  void drain() {
    if (ring)
      ring_buffer__consume(ring.get());
    report_lost_events();
    output.flush();
  }

  // "Lost N events": records the programs could not write because the ring
  // buffer was full, counted per CPU by the programs themselves.
  void report_lost_events() {
    const std::string& name = bundle.manifest.lost_events_map;
    bpf_map* map = name.empty() || !object
                       ? nullptr
                       : bpf_object__find_map_by_name(object.get(), name.c_str());
    if (!map)
      return;
    int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0)
      return;
    std::vector<uint64_t> counts(static_cast<size_t>(cpus));
    uint32_t key = 0;
    if (bpf_map_lookup_elem(bpf_map__fd(map), &key, counts.data()) != 0)
      return;
    uint64_t lost = 0;
    for (uint64_t c : counts)
      lost += c;
    if (lost > lost_reported) {
      output.write(format::format_lost_events(options.mode, lost - lost_reported));
      lost_reported = lost;
    }
  }
};

// Config, maps, the output, decoding and the ring buffer reader: everything
// but the probes. Returns 0, or 1 after printing why.
int prepare(Run& run) {
  const bundle::Manifest& manifest = run.bundle.manifest;
  std::string error;
  if (!parse_runtime_config(manifest.config, run.config, error))
    return fail(error);
  if (!run.maps.resolve(run.object.get(), manifest.maps, error))
    return fail(error);
  if (!run.options.output_file.empty() && !run.output.open_file(run.options.output_file, error))
    return fail(error);
  run.ctx = make_decode_context(manifest, run.object.get());
  EventOptions event_options{run.options.mode, run.options.unsafe, run.config.max_cat_bytes};
  run.events =
      std::make_unique<EventHandler>(manifest, run.maps, run.output, run.ctx, event_options);
  if (const bpf_map* ring =
          bpf_object__find_map_by_name(run.object.get(), manifest.ringbuf_name.c_str())) {
    run.ring.reset(ring_buffer__new(bpf_map__fd(ring), on_record, run.events.get(), nullptr));
    if (!run.ring)
      return fail("cannot read the ring buffer '" + manifest.ringbuf_name +
                  "': " + std::strerror(errno));
  } else if (!manifest.events.empty()) {
    return fail("the compiled object has no ring buffer '" + manifest.ringbuf_name + "'");
  }
  return 0;
}

// Attaches every probe but BEGIN/END; on failure nothing stays attached.
int attach_all(Run& run) {
  AttachOptions attach_options{run.options.verbose, run.options.pid.value_or(-1)};
  for (const bundle::ProbeInfo& probe : run.bundle.manifest.probes) {
    if (is_run_once(probe))
      continue;
    if (stop_requested()) // Ctrl-C while attaching many probes: no point going on
      break;
    std::string error;
    if (attach_probe(run.object.get(), probe, run.links, attach_options, error))
      continue;
    // config missing_probes=warn|ignore: go on without it.
    if (run.config.missing_probes == MissingProbes::Warn)
      std::cerr << "WARNING: " << error << "\n";
    if (run.config.missing_probes == MissingProbes::Error) {
      run.links.detach_all();
      return fail(error);
    }
  }
  if (run.options.verbose > 0)
    std::cerr << "attached " << run.links.size() << " BPF links\n";
  return 0;
}

// -v: how long a phase took, in the same form as the compiler's phases.
void report_phase(const RunOptions& options, const char* name,
                  std::chrono::steady_clock::time_point since) {
  if (options.verbose <= 0)
    return;
  char line[64];
  std::snprintf(
      line, sizeof line, "%-8s %8.2f ms\n", name,
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count());
  std::cerr << line;
}

// True once the -c child exited or the -p process is gone.
bool target_gone(Run& run) {
  if (run.options.child && run.options.child->exited())
    return true;
  return run.options.pid && kill(*run.options.pid, 0) != 0 && errno == ESRCH;
}

// Polls the ring buffer until exit(), a stopping signal, a closed output, or
// the end of the traced process.
int event_loop(Run& run) {
  while (!stop_requested() && !run.events->exited() && !run.output.closed() && !target_gone(run)) {
    int err = run.ring ? ring_buffer__poll(run.ring.get(), 100) : 0;
    if (!run.ring) {
      // No events to wait for: sleep until a signal or the next check.
      timespec pause{0, 100 * 1000 * 1000};
      nanosleep(&pause, nullptr);
    }
    if (err < 0 && err != -EINTR)
      return fail(std::string("reading the ring buffer failed: ") + std::strerror(-err));
    // poll() only reads rings that woke it; records sent with
    // BPF_RB_NO_WAKEUP (cheaper for the traced code) wait for this.
    run.drain();
    if (take_print_request()) {
      run.events->print_all_maps();
      run.output.flush();
    }
  }
  return 0;
}

// END, the exit-time map dump, and the status.
int finish(Run& run) {
  // Events queued before exit() still print; those after it do not. The
  // probes are detached first, so END and the map dump see final values.
  run.drain();
  run.links.detach_all();
  run.drain();
  run.events->drop_after_exit(false);
  std::string error;
  if (!run_once(run.object.get(), run.bundle.manifest, "END", error))
    return fail(error);
  run.drain();
  if (!run.config.print_maps_on_exit)
    return run.events->exit_code();
  // v0.17 separates the maps with two empty lines; machine-read modes
  // (json, -q, -o) get none.
  if (run.options.mode == format::OutputMode::Text && !run.options.quiet &&
      run.options.output_file.empty())
    run.output.write("\n\n");
  run.events->print_all_maps();
  run.output.flush();
  return run.events->exit_code();
}

// Fills the maps the programs read their tables from, and records when the
// run started, in the boot clock the programs read, for `elapsed`.
int set_start_time(Run& run) {
  // Tables the programs read, such as the syscall fast path's.
  for (const bundle::MapInit& init : run.bundle.manifest.map_inits) {
    bpf_map* map = bpf_object__find_map_by_name(run.object.get(), init.map.c_str());
    if (!map || bpf_map_update_elem(bpf_map__fd(map), &init.key, &init.value, BPF_ANY) != 0)
      return fail("cannot fill map " + init.map + ": " + std::string(std::strerror(errno)));
  }
  const std::string& name = run.bundle.manifest.start_time_map;
  if (name.empty())
    return 0;
  bpf_map* map = bpf_object__find_map_by_name(run.object.get(), name.c_str());
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);
  uint64_t start =
      static_cast<uint64_t>(now.tv_sec) * 1000000000 + static_cast<uint64_t>(now.tv_nsec);
  uint32_t key = 0;
  if (!map || bpf_map_update_elem(bpf_map__fd(map), &key, &start, BPF_ANY) != 0)
    return fail("cannot record the start time for elapsed: " + std::string(std::strerror(errno)));
  return 0;
}

// The whole run after loading; returns the exit status.
int execute(Run& run) {
  const bundle::Manifest& manifest = run.bundle.manifest;
  if (int status = prepare(run))
    return status;
  if (int status = set_start_time(run))
    return status;
  auto attach_start = std::chrono::steady_clock::now();
  if (int status = attach_all(run))
    return status;
  report_phase(run.options, "attach", attach_start);
  if (stop_requested())
    return 0;
  if (!run.options.quiet)
    std::cerr << format::format_attached_probes(run.options.mode, manifest.attach_point_count)
              << std::flush;
  if (run.options.dry_run)
    return 0;
  std::string error;
  if (!run_once(run.object.get(), manifest, "BEGIN", error))
    return fail(error);
  run.drain();
  if (run.options.child && !run.events->exited() && !run.options.child->start(error))
    return fail(error);
  bool waits = run.options.child != nullptr;
  for (const bundle::ProbeInfo& probe : manifest.probes)
    waits = waits || !is_run_once(probe);
  // A script of only BEGIN/END blocks ends after BEGIN.
  if (waits)
    if (int status = event_loop(run))
      return status;
  if (run.output.closed())
    return 0;
  return finish(run);
}

} // namespace

int run_bundle(const bundle::Bundle& bundle, const RunOptions& options) {
  if (bundle.format_version != bundle::kFormatVersion)
    return fail("the compiled program is of format " + std::to_string(bundle.format_version) +
                ", this sonde runs format " + std::to_string(bundle::kFormatVersion));
  raise_memlock_limit();
  capture_libbpf_messages(options.verbose);
  std::string error;
  auto load_start = std::chrono::steady_clock::now();
  Run run{bundle, options, load_object(bundle, options.verbose, error), {}, {}, {}, {}, {}, {}, {}};
  report_phase(options, "load", load_start);
  if (!run.object)
    return fail(error);
  if (options.verify_only) {
    if (options.verbose > 0)
      std::cerr << "every program passed the verifier\n";
    return 0;
  }
  // Handlers go in before anything is attached, so a signal at any point
  // ends in a clean teardown rather than a killed process.
  install_signal_handlers();
  int status = execute(run);
  if (options.child)
    options.child->terminate();
  run.links.detach_all();
  run.ring.reset();
  run.object.reset();
  restore_signal_handlers();
  return status;
}

} // namespace sonde::runtime
