#include "runtime/cache.h"

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace sonde::runtime {

namespace {

constexpr uint32_t kEntryVersion = 3;

// What an entry file holds.
struct Entry {
  uint32_t version = kEntryVersion;
  std::string key_material;
  std::vector<std::pair<std::string, std::string>> includes; // path, content hash
  std::string bundle;
  std::string bundle_hash;
  std::string warnings;
  std::string compiler;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(version, key_material, includes, bundle, bundle_hash, warnings, compiler);
  }
};

uint64_t fnv1a(const std::string& data, uint64_t basis, uint64_t prime) {
  uint64_t hash = basis;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= prime;
  }
  return hash;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A directory we may trust: ours, and not writable by group or others.
bool safe_directory(const std::string& path, std::string& why) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    why = "cannot read " + path;
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    why = path + " is not a directory";
    return false;
  }
  if (st.st_uid != geteuid()) {
    why = path + " is not owned by the running user";
    return false;
  }
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    why = path + " is writable by other users";
    return false;
  }
  return true;
}

} // namespace

std::string content_hash(const std::string& data) {
  char text[33];
  std::snprintf(
      text, sizeof text, "%016llx%016llx",
      static_cast<unsigned long long>(fnv1a(data, 0xcbf29ce484222325ULL, 0x100000001b3ULL)),
      static_cast<unsigned long long>(
          fnv1a(data, 0x84222325cbf29ce4ULL, 0x1000193ULL << 32 | 0x1b3)));
  return text;
}

CacheKey make_cache_key(const std::string& script_name, const std::string& script_text,
                        const std::vector<std::string>& compile_inputs) {
  CacheKey key;
  std::ostringstream material;
  material << "sonde " << SONDE_VERSION << '\0' << script_name << '\0' << script_text.size() << '\0'
           << script_text << '\0';
  for (const std::string& input : compile_inputs)
    material << input.size() << ':' << input << '\0';
  key.material = material.str();
  key.digest = content_hash(key.material);
  return key;
}

CompileCache::CompileCache(bool enabled) {
  if (!enabled) {
    why_ = "disabled by --no-cache";
    return;
  }
  std::string base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home == '/')
    base = std::string(home) + "/.cache";
  else {
    why_ = "neither XDG_CACHE_HOME nor HOME is set";
    return;
  }
  std::string dir = base + "/sonde";
  mkdir(base.c_str(), 0700);
  mkdir(dir.c_str(), 0700);
  if (!safe_directory(dir, why_))
    return;
  directory_ = dir;
}

std::optional<CompileCache::Hit> CompileCache::lookup(const CacheKey& key,
                                                      const std::string& compiler) const {
  if (!enabled())
    return std::nullopt;
  std::string path = directory_ + "/" + key.digest;
  struct stat st {};
  // The entry itself must be ours and private as well.
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
      (st.st_mode & (S_IWGRP | S_IWOTH)))
    return std::nullopt;
  std::optional<std::string> bytes = read_file(path);
  if (!bytes)
    return std::nullopt;
  Entry entry;
  try {
    std::istringstream in(*bytes, std::ios::binary);
    cereal::PortableBinaryInputArchive archive(in);
    archive(entry);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (entry.version != kEntryVersion || entry.key_material != key.material ||
      content_hash(entry.bundle) != entry.bundle_hash ||
      (!compiler.empty() && entry.compiler != compiler))
    return std::nullopt;
  for (const auto& [include, hash] : entry.includes) {
    std::optional<std::string> text = read_file(include);
    if (!text || content_hash(*text) != hash)
      return std::nullopt;
  }
  return Hit{std::move(entry.bundle), std::move(entry.warnings)};
}

void CompileCache::store(const CacheKey& key, const std::string& bundle,
                         const std::string& warnings,
                         const std::vector<std::string>& included_paths,
                         const std::string& compiler) const {
  if (!enabled())
    return;
  Entry entry;
  entry.key_material = key.material;
  entry.bundle = bundle;
  entry.bundle_hash = content_hash(bundle);
  entry.warnings = warnings;
  entry.compiler = compiler;
  for (const std::string& path : included_paths) {
    std::optional<std::string> text = read_file(path);
    if (!text)
      return; // cannot be checked later: do not cache
    entry.includes.emplace_back(path, content_hash(*text));
  }
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive archive(out);
    archive(entry);
  }
  // Write to a private temporary file and rename it into place, so a
  // reader never sees half an entry.
  std::string final_path = directory_ + "/" + key.digest;
  std::string temporary = final_path + ".tmp." + std::to_string(getpid());
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  const std::string data = out.str();
  bool ok = write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
  ok = close(fd) == 0 && ok;
  if (!ok || rename(temporary.c_str(), final_path.c_str()) != 0)
    unlink(temporary.c_str());
}

} // namespace sonde::runtime
