// The compile cache: compiled Bundles kept on disk, so running the same
// script again skips parsing, BTF and LLVM (the compiler library is not even
// loaded).
//
// An entry is keyed by everything that changes the Bundle: the script's name
// and text, positional parameters, flags that change code, the BPFTRACE_*
// settings in the environment, the sonde version and the kernel's BTF
// identity. Files the script #includes are recorded in the entry with their
// contents' hash and checked on every hit.
//
// Entries live in $XDG_CACHE_HOME/sonde or ~/.cache/sonde. The directory must
// be owned by the running user and not writable by others, and an entry must
// pass its checksum, or it is not used: another user must never be able to
// change what root runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sonde::runtime {

struct CacheKey {
  std::string material; // every input, concatenated with separators
  std::string digest;   // its hash, the entry's file name
};

// The key for these inputs.
CacheKey make_cache_key(const std::string& script_name, const std::string& script_text,
                        const std::vector<std::string>& compile_inputs);

class CompileCache {
public:
  // Opens (creating when missing) the cache directory. When it cannot be
  // used safely, the cache is disabled and `why()` says why (-v shows it).
  explicit CompileCache(bool enabled);

  bool enabled() const { return !directory_.empty(); }
  const std::string& why() const { return why_; }

  struct Hit {
    std::string bundle;
    std::string warnings; // what the compiler said, shown again on every run
  };

  // The entry stored for `key`, if it exists, is intact, every file it
  // depends on is unchanged, and it was made by the compiler `compiler`
  // names (any compiler when `compiler` is empty: none is installed).
  std::optional<Hit> lookup(const CacheKey& key, const std::string& compiler) const;

  // Stores a Bundle with the warnings and the files it was compiled from.
  // Failures are silent: the cache only ever saves time.
  void store(const CacheKey& key, const std::string& bundle, const std::string& warnings,
             const std::vector<std::string>& included_paths, const std::string& compiler) const;

private:
  std::string directory_;
  std::string why_;
};

// A 128-bit hash as 32 hex digits (two independent 64-bit FNV-1a variants).
std::string content_hash(const std::string& data);

} // namespace sonde::runtime
