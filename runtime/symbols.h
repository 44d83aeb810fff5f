// The outside-world resolvers behind DecodeContext: kernel symbols (ksym,
// kstack), stacks from the stack-trace map, user names, and the clock
// offset that turns boot-relative timestamps into wall-clock time.
#pragma once

#include "compiler/bundle.h"
#include "runtime/decode.h"

struct bpf_object;

namespace sonde::runtime {

// A DecodeContext for a loaded object. Symbol tables are read on first use
// only, so scripts without ksym/kstack never pay for /proc/kallsyms.
// `manifest` must outlive the context.
DecodeContext make_decode_context(const bundle::Manifest& manifest, bpf_object* object);

} // namespace sonde::runtime
