// Attaching each probe's program to its targets, one function per probe
// kind, and detaching everything again.
#pragma once

#include "compiler/bundle.h"

#include <string>
#include <vector>

struct bpf_link;
struct bpf_object;
struct perf_event_attr;

namespace sonde::runtime {

// The links of a run. Destroying it detaches every probe (in parallel when
// there are many: each perf-event detach waits for an RCU grace period).
class Links {
public:
  Links() = default;
  Links(const Links&) = delete;
  Links& operator=(const Links&) = delete;
  ~Links() { detach_all(); }

  void add(bpf_link* link) { links_.push_back(link); }
  // A link made with the bpf() syscall directly (features libbpf 1.1 lacks).
  void add_fd(int link_fd) { link_fds_.push_back(link_fd); }
  size_t size() const { return links_.size() + link_fds_.size(); }
  // Detaches every probe attached so far.
  void detach_all();

private:
  std::vector<bpf_link*> links_;
  std::vector<int> link_fds_;
};

struct AttachOptions {
  int verbose = 0;
  int pid = -1; // -p: uprobes fire only in this process; -1: every process
};

// True for the probe kinds that are run once by the runtime (BEGIN, END)
// rather than attached.
bool is_run_once(const bundle::ProbeInfo& probe);

// Attaches `probe`'s program to each of its targets. On failure returns
// false with `error` = "cannot attach KIND:TARGET: reason"; links made for
// earlier targets stay in `links` for the caller to detach.
bool attach_probe(bpf_object* object, const bundle::ProbeInfo& probe, Links& links,
                  const AttachOptions& options, std::string& error);

// The perf_event_attr of an interval/profile target ("s:1", "hz:99",
// "100ms", "5000000"); false with `error` when the target is malformed.
bool timer_attr(const std::string& target, perf_event_attr& attr, std::string& error);

// The perf_event_attr of a software target ("cpu-clock", "faults:100").
bool software_attr(const std::string& target, perf_event_attr& attr, std::string& error);

} // namespace sonde::runtime
