#include "runtime/loader.h"

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace sonde::runtime {

namespace {

// libbpf's print callback has no context pointer, so its sink is global.
std::string g_messages;
int g_verbose = 0;
bool g_live = true; // off while loading: the log then goes into the error

int on_libbpf_message(enum libbpf_print_level level, const char* format, va_list args) {
  char text[4096];
  va_list copy;
  va_copy(copy, args);
  int length = std::vsnprintf(text, sizeof text, format, copy);
  va_end(copy);
  if (length < 0)
    return 0;
  if (static_cast<size_t>(length) >= sizeof text) {
    // The verifier log arrives as one huge message: format it in full.
    std::string big(static_cast<size_t>(length) + 1, '\0');
    std::vsnprintf(big.data(), big.size(), format, args);
    big.pop_back();
    g_messages += big;
  } else {
    g_messages.append(text, static_cast<size_t>(length));
  }
  if (g_live && g_verbose >= 2)
    std::fputs(g_messages.c_str() + g_messages.size() - static_cast<size_t>(length), stderr);
  else if (g_live && g_verbose >= 1 && level != LIBBPF_DEBUG)
    std::fputs(g_messages.c_str() + g_messages.size() - static_cast<size_t>(length), stderr);
  return 0;
}

// The program libbpf names in "prog 'NAME': ... failed" lines, or "".
std::string failed_program(const std::string& messages) {
  size_t failed = messages.find("failed");
  while (failed != std::string::npos) {
    size_t line = messages.rfind('\n', failed);
    line = line == std::string::npos ? 0 : line + 1;
    size_t quote = messages.find("prog '", line);
    if (quote != std::string::npos && quote < failed) {
      size_t end = messages.find('\'', quote + 6);
      if (end != std::string::npos && end < failed)
        return messages.substr(quote + 6, end - quote - 6);
    }
    failed = messages.find("failed", failed + 1);
  }
  return "";
}

// The verifier's verdict: the line before its "processed N insns" summary.
std::string verifier_verdict(const std::string& log) {
  size_t summary = log.find("\nprocessed ");
  if (summary == std::string::npos)
    return "";
  size_t start = log.rfind('\n', summary - 1);
  start = start == std::string::npos ? 0 : start + 1;
  return log.substr(start, summary - start);
}

// "tracepoint:syscalls:sys_enter_read" for the probe a program serves.
std::string probe_of(const bundle::Manifest& manifest, const std::string& program) {
  for (const bundle::ProbeInfo& probe : manifest.probes)
    if (probe.program_name == program)
      return probe.targets.empty() || probe.targets[0].target.empty()
                 ? probe.kind
                 : probe.kind + ":" + probe.targets[0].target;
  return program;
}

} // namespace

void ObjectCloser::operator()(bpf_object* object) const {
  bpf_object__close(object);
}

void capture_libbpf_messages(int verbose) {
  g_verbose = verbose;
  g_messages.clear();
  libbpf_set_print(on_libbpf_message);
}

const std::string& libbpf_messages() {
  return g_messages;
}

ObjectPtr load_object(const bundle::Bundle& bundle, int verbose, std::string& error) {
  LIBBPF_OPTS(bpf_object_open_opts, open_opts, .object_name = "sonde");
  ObjectPtr object(bpf_object__open_mem(bundle.object.data(), bundle.object.size(), &open_opts));
  if (!object) {
    error = std::string("cannot open the compiled BPF object: ") + std::strerror(errno);
    return nullptr;
  }
  bpf_program* program = nullptr;
  bpf_object__for_each_program(program, object.get()) bpf_program__set_autoload(program, true);

  size_t log_start = g_messages.size();
  g_live = false;
  int err = bpf_object__load(object.get());
  g_live = true;
  if (err == 0)
    return object;
  std::string log = g_messages.substr(log_start);
  std::string name = failed_program(log);
  error = "the kernel refused to load ";
  error += name.empty() ? "the BPF programs" : "the program of " + probe_of(bundle.manifest, name);
  error += std::string(": ") + std::strerror(-err);
  std::string verdict = verifier_verdict(log);
  if (!verdict.empty())
    error += "\nthe verifier says: " + verdict;
  if (verbose > 0)
    error += "\nlibbpf and verifier log:\n" + log;
  else
    error += "\nHINT: run with -v to see the verifier log";
  return nullptr;
}

} // namespace sonde::runtime
