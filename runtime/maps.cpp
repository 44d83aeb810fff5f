#include "runtime/maps.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>

namespace sonde::runtime {

namespace {

size_t round_up8(size_t size) {
  return (size + 7) / 8 * 8;
}

bool is_array(const bpf_map* map) {
  auto type = bpf_map__type(map);
  return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

std::string kernel_error(const bpf_map* map, const char* what, int err) {
  return std::string("cannot ") + what + " map '" + bpf_map__name(map) + "': " + std::strerror(err);
}

// The size of one lookup's value buffer and of each CPU's slot in it.
void value_geometry(const bpf_map* map, size_t& cpus, size_t& stride) {
  cpus = 1;
  stride = bpf_map__value_size(map);
  if (is_per_cpu(map)) {
    int possible = libbpf_num_possible_cpus();
    cpus = possible > 0 ? static_cast<size_t>(possible) : 1;
    stride = round_up8(stride);
  }
}

// All keys currently in the map. Keys are gathered before anything is
// deleted, since get_next_key restarts from the first key after a deletion.
bool all_keys(const bpf_map* map, std::vector<std::string>& keys, std::string& error) {
  int fd = bpf_map__fd(map);
  size_t key_size = bpf_map__key_size(map);
  std::string key(key_size, '\0'), next(key_size, '\0');
  const void* previous = nullptr;
  // A hash map may hold at most max_entries; the bound guards against a map
  // that keeps changing under us.
  size_t limit = size_t{bpf_map__max_entries(map)} + 1;
  while (keys.size() < limit) {
    if (bpf_map_get_next_key(fd, previous, next.data()) != 0) {
      if (errno == ENOENT)
        return true;
      error = kernel_error(map, "read", errno);
      return false;
    }
    keys.push_back(next);
    key = next;
    previous = key.data();
  }
  return true;
}

} // namespace

bool is_per_cpu(const bpf_map* map) {
  auto type = bpf_map__type(map);
  return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
         type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

bool read_raw_map(const bpf_map* map, RawMap& out, std::string& error) {
  value_geometry(map, out.cpus, out.stride);
  std::vector<std::string> keys;
  if (!all_keys(map, keys, error))
    return false;
  int fd = bpf_map__fd(map);
  out.entries.clear();
  out.entries.reserve(keys.size());
  for (std::string& key : keys) {
    RawEntry entry;
    entry.values.assign(out.cpus * out.stride, '\0');
    if (bpf_map_lookup_elem(fd, key.data(), entry.values.data()) != 0) {
      if (errno == ENOENT) // deleted since we listed it
        continue;
      error = kernel_error(map, "read", errno);
      return false;
    }
    entry.key = std::move(key);
    out.entries.push_back(std::move(entry));
  }
  return true;
}

bool clear_map(const bpf_map* map, std::string& error) {
  if (is_array(map))
    return zero_map(map, error);
  std::vector<std::string> keys;
  if (!all_keys(map, keys, error))
    return false;
  int fd = bpf_map__fd(map);
  for (const std::string& key : keys)
    if (bpf_map_delete_elem(fd, key.data()) != 0 && errno != ENOENT) {
      error = kernel_error(map, "clear", errno);
      return false;
    }
  return true;
}

bool zero_map(const bpf_map* map, std::string& error) {
  size_t cpus = 1, stride = 0;
  value_geometry(map, cpus, stride);
  std::vector<std::string> keys;
  if (!all_keys(map, keys, error))
    return false;
  std::string zeros(cpus * stride, '\0');
  int fd = bpf_map__fd(map);
  for (const std::string& key : keys)
    if (bpf_map_update_elem(fd, key.data(), zeros.data(), BPF_EXIST) != 0 && errno != ENOENT) {
      error = kernel_error(map, "zero", errno);
      return false;
    }
  return true;
}

} // namespace sonde::runtime

namespace sonde::runtime {

bool MapTable::resolve(bpf_object* object, const std::vector<bundle::MapInfo>& maps,
                       std::string& error) {
  infos_ = maps;
  maps_.clear();
  cleared_.assign(maps.size(), false);
  for (const bundle::MapInfo& info : maps) {
    const bpf_map* map = bpf_object__find_map_by_name(object, info.bpf_name.c_str());
    if (!map) {
      error = "the compiled object has no BPF map '" + info.bpf_name + "' for " + info.name;
      return false;
    }
    maps_.push_back(map);
  }
  return true;
}

bool MapTable::read(size_t index, const DecodeContext& ctx, format::Map& out,
                    std::string& error) const {
  RawMap raw;
  if (!read_raw_map(maps_[index], raw, error))
    return false;
  out = fold_map(infos_[index], raw, ctx);
  if (skip_at_exit(index, raw))
    out.entries.clear();
  return true;
}

bool MapTable::clear(size_t index, std::string& error) {
  cleared_[index] = true;
  return clear_map(maps_[index], error);
}

bool MapTable::zero(size_t index, std::string& error) {
  return zero_map(maps_[index], error);
}

bool MapTable::skip_at_exit(size_t index, const RawMap& raw) const {
  if (!cleared_[index])
    return false;
  for (const RawEntry& entry : raw.entries)
    if (entry.values.find_first_not_of('\0') != std::string::npos)
      return false;
  return true;
}

} // namespace sonde::runtime
