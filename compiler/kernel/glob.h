// Shell-style wildcard matching for probe names.
//
// Probe specifications such as `tracepoint:syscalls:sys_enter_*` or
// `kprobe:vfs_?ead` use two wildcards: `*` matches any run of characters
// (also none) and `?` matches exactly one. No other character is special, so a
// name with brackets or dots matches itself.
#pragma once

#include <string_view>

namespace sonde::kernel {

// True when `pattern` contains `*` or `?`, i.e. may match more than one name.
bool has_wildcard(std::string_view pattern);

// True when the whole of `text` matches `pattern`.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace sonde::kernel
