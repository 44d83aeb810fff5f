#include "compiler/kernel/tracepoints.h"

#include "compiler/kernel/glob.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sonde::kernel {

namespace {

// ftrace's own events (function, print, ...) have format files but cannot be
// attached to with perf; the kernel leaves them out of available_events too.
constexpr std::string_view kInternalCategory = "ftrace";

// Names of the subdirectories of `dir`, sorted; empty if it cannot be read.
std::vector<std::string> list_subdirectories(const std::string& dir) {
  std::vector<std::string> names;
  DIR* handle = opendir(dir.c_str());
  if (!handle)
    return names;
  while (const dirent* entry = readdir(handle)) {
    if (entry->d_name[0] == '.')
      continue;
    bool is_dir = entry->d_type == DT_DIR;
    if (entry->d_type == DT_UNKNOWN) {
      struct stat st {};
      is_dir = fstatat(dirfd(handle), entry->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
    }
    if (is_dir)
      names.emplace_back(entry->d_name);
  }
  closedir(handle);
  std::sort(names.begin(), names.end());
  return names;
}

// A small file read with one read() (tracefs files report size 0 to stat).
std::optional<std::string> read_small_file(const std::string& path, int& error_number) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error_number = errno;
    return std::nullopt;
  }
  std::string content;
  char buffer[8192];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      error_number = errno;
      close(fd);
      return std::nullopt;
    }
    if (n == 0)
      break;
    content.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return content;
}

// Names are path components: reject anything that could walk elsewhere.
bool is_plain_name(std::string_view name) {
  return !name.empty() && name.find('/') == std::string_view::npos && name != "." && name != "..";
}

} // namespace

std::optional<TracepointName> split_tracepoint_name(std::string_view name) {
  size_t colon = name.find(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  return TracepointName{std::string(name.substr(0, colon)), std::string(name.substr(colon + 1))};
}

TracepointCatalog::TracepointCatalog(std::string events_dir) : events_dir_(std::move(events_dir)) {}

std::string TracepointCatalog::event_dir(std::string_view category, std::string_view event) const {
  std::string path = events_dir_;
  path += '/';
  path += category;
  path += '/';
  path += event;
  return path;
}

std::vector<std::string> TracepointCatalog::categories() const {
  std::lock_guard lock(mutex_);
  if (!categories_) {
    categories_ = list_subdirectories(events_dir_);
    std::erase(*categories_, std::string(kInternalCategory));
  }
  return *categories_;
}

const std::vector<std::string>&
TracepointCatalog::cached_events(const std::string& category) const {
  // Caller holds mutex_.
  auto found = events_.find(category);
  if (found == events_.end())
    found = events_.emplace(category, list_subdirectories(events_dir_ + "/" + category)).first;
  return found->second;
}

std::vector<std::string> TracepointCatalog::events(std::string_view category) const {
  if (!is_plain_name(category) || category == kInternalCategory)
    return {};
  std::lock_guard lock(mutex_);
  return cached_events(std::string(category));
}

bool TracepointCatalog::exists(std::string_view category, std::string_view event) const {
  if (!is_plain_name(category) || !is_plain_name(event) || category == kInternalCategory)
    return false;
  struct stat st {};
  return stat((event_dir(category, event) + "/format").c_str(), &st) == 0;
}

std::vector<TracepointName> TracepointCatalog::match(std::string_view category_pattern,
                                                     std::string_view event_pattern) const {
  std::vector<TracepointName> result;
  bool category_wild = has_wildcard(category_pattern);
  bool event_wild = has_wildcard(event_pattern);
  if (!category_wild && !event_wild) {
    if (exists(category_pattern, event_pattern))
      result.push_back({std::string(category_pattern), std::string(event_pattern)});
    return result;
  }

  std::vector<std::string> matching_categories;
  if (category_wild) {
    for (std::string& category : categories())
      if (glob_match(category_pattern, category))
        matching_categories.push_back(std::move(category));
  } else if (is_plain_name(category_pattern) && category_pattern != kInternalCategory) {
    matching_categories.emplace_back(category_pattern);
  }

  std::lock_guard lock(mutex_);
  for (const std::string& category : matching_categories) {
    if (!event_wild) {
      // One event per category: a stat each is cheaper than listing them all.
      struct stat st {};
      if (is_plain_name(event_pattern) &&
          stat((event_dir(category, event_pattern) + "/format").c_str(), &st) == 0)
        result.push_back({category, std::string(event_pattern)});
      continue;
    }
    for (const std::string& event : cached_events(category))
      if (glob_match(event_pattern, event))
        result.push_back({category, event});
  }
  return result;
}

std::optional<TracepointFormat> TracepointCatalog::format(std::string_view category,
                                                          std::string_view event,
                                                          std::string* error) const {
  auto fail = [&](std::string message) -> std::optional<TracepointFormat> {
    if (error)
      *error = std::move(message);
    return std::nullopt;
  };
  std::string name = std::string(category) + ":" + std::string(event);
  if (!is_plain_name(category) || !is_plain_name(event) || category == kInternalCategory)
    return fail("tracepoint not found: " + name);
  int error_number = 0;
  std::string path = event_dir(category, event) + "/format";
  std::optional<std::string> text = read_small_file(path, error_number);
  if (!text) {
    if (error_number == ENOENT || error_number == ENOTDIR)
      return fail("tracepoint not found: " + name);
    return fail("cannot read " + path + ": " + std::strerror(error_number));
  }
  std::optional<TracepointFormat> parsed = parse_tracepoint_format(*text, category, event);
  if (!parsed)
    return fail("cannot parse the format of tracepoint " + name + " (" + path + ")");
  return parsed;
}

std::optional<uint32_t> TracepointCatalog::id(std::string_view category,
                                              std::string_view event) const {
  if (!is_plain_name(category) || !is_plain_name(event))
    return std::nullopt;
  int error_number = 0;
  std::optional<std::string> text =
      read_small_file(event_dir(category, event) + "/id", error_number);
  if (!text)
    return std::nullopt;
  char* end = nullptr;
  unsigned long value = std::strtoul(text->c_str(), &end, 10);
  if (end == text->c_str())
    return std::nullopt;
  return static_cast<uint32_t>(value);
}

} // namespace sonde::kernel
