// Opening a Bundle's BPF object and loading its programs and maps into the
// kernel, with verifier failures turned into a message.
#pragma once

#include "compiler/bundle.h"

#include <memory>
#include <string>

struct bpf_object;

namespace sonde::runtime {

struct ObjectCloser {
  void operator()(bpf_object* object) const;
};
using ObjectPtr = std::unique_ptr<bpf_object, ObjectCloser>;

// Routes libbpf's own messages: printed to stderr at -v (debug ones at -vv),
// otherwise kept so a failure can show them. Call before load_object().
void capture_libbpf_messages(int verbose);

// libbpf's messages since capture_libbpf_messages(), e.g. the verifier log.
const std::string& libbpf_messages();

// Opens the object in memory, marks every program for loading and loads it.
// On failure returns null and sets `error` to a message naming the program
// the kernel refused and why (with the verifier log under -v, a hint to use
// -v otherwise).
ObjectPtr load_object(const bundle::Bundle& bundle, int verbose, std::string& error);

} // namespace sonde::runtime
