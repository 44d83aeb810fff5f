// Loading BTF and answering questions about single types.
#include "compiler/kernel/btf.h"

#include <bpf/btf.h>

#include <cerrno>
#include <cstring>

namespace sonde::kernel {

namespace {

BtfKind kind_of(const btf_type* t) {
  switch (btf_kind(t)) {
  case BTF_KIND_INT:
    return BtfKind::Int;
  case BTF_KIND_PTR:
    return BtfKind::Pointer;
  case BTF_KIND_ARRAY:
    return BtfKind::Array;
  case BTF_KIND_STRUCT:
    return BtfKind::Struct;
  case BTF_KIND_UNION:
    return BtfKind::Union;
  case BTF_KIND_ENUM:
  case BTF_KIND_ENUM64:
    return BtfKind::Enum;
  case BTF_KIND_FWD:
    return BtfKind::Forward;
  case BTF_KIND_TYPEDEF:
    return BtfKind::Typedef;
  case BTF_KIND_VOLATILE:
    return BtfKind::Volatile;
  case BTF_KIND_CONST:
    return BtfKind::Const;
  case BTF_KIND_RESTRICT:
    return BtfKind::Restrict;
  case BTF_KIND_FUNC:
    return BtfKind::Function;
  case BTF_KIND_FUNC_PROTO:
    return BtfKind::FunctionProto;
  case BTF_KIND_VAR:
    return BtfKind::Variable;
  case BTF_KIND_DATASEC:
    return BtfKind::DataSection;
  case BTF_KIND_FLOAT:
    return BtfKind::Float;
  case BTF_KIND_DECL_TAG:
    return BtfKind::DeclTag;
  case BTF_KIND_TYPE_TAG:
    return BtfKind::TypeTag;
  default:
    return BtfKind::Unknown;
  }
}

// libbpf kinds to search for a BtfKind (enums come in two widths).
std::vector<int> libbpf_kinds(BtfKind kind) {
  switch (kind) {
  case BtfKind::Int:
    return {BTF_KIND_INT};
  case BtfKind::Struct:
    return {BTF_KIND_STRUCT};
  case BtfKind::Union:
    return {BTF_KIND_UNION};
  case BtfKind::Enum:
    return {BTF_KIND_ENUM, BTF_KIND_ENUM64};
  case BtfKind::Forward:
    return {BTF_KIND_FWD};
  case BtfKind::Typedef:
    return {BTF_KIND_TYPEDEF};
  case BtfKind::Function:
    return {BTF_KIND_FUNC};
  case BtfKind::Variable:
    return {BTF_KIND_VAR};
  case BtfKind::DataSection:
    return {BTF_KIND_DATASEC};
  case BtfKind::Float:
    return {BTF_KIND_FLOAT};
  default:
    return {}; // the other kinds have no names worth searching
  }
}

std::string_view trim(std::string_view text) {
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// C spellings of base types -> the names the compiler wrote into BTF.
std::string_view btf_base_type_name(std::string_view c_name) {
  struct Alias {
    std::string_view c;
    std::string_view btf;
  };
  static constexpr Alias kAliases[] = {
      {"long", "long int"},
      {"unsigned long", "long unsigned int"},
      {"unsigned long int", "long unsigned int"},
      {"long long", "long long int"},
      {"unsigned long long", "long long unsigned int"},
      {"unsigned long long int", "long long unsigned int"},
      {"short", "short int"},
      {"unsigned short", "short unsigned int"},
      {"unsigned short int", "short unsigned int"},
      {"unsigned", "unsigned int"},
      {"signed", "int"},
      {"bool", "_Bool"},
  };
  for (const Alias& alias : kAliases)
    if (alias.c == c_name)
      return alias.btf;
  return c_name;
}

} // namespace

Btf::Btf(struct ::btf* handle) : handle_(handle) {}

Btf::~Btf() {
  btf__free(handle_);
}

std::unique_ptr<Btf> Btf::load_vmlinux(std::string& error) {
  struct ::btf* handle = btf__load_vmlinux_btf();
  if (!handle) {
    int load_errno = errno;
    error = std::string("cannot load kernel BTF (/sys/kernel/btf/vmlinux): ") +
            std::strerror(load_errno) +
            (load_errno == ENOENT ? " (kernel built without CONFIG_DEBUG_INFO_BTF?)" : "");
    return nullptr;
  }
  return std::unique_ptr<Btf>(new Btf(handle));
}

std::unique_ptr<Btf> Btf::load_file(const std::string& path, std::string& error) {
  struct ::btf* handle = btf__parse(path.c_str(), nullptr);
  if (!handle) {
    error = "cannot load BTF from " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::unique_ptr<Btf>(new Btf(handle));
}

uint32_t Btf::type_count() const {
  return btf__type_cnt(handle_);
}

std::string_view Btf::string_at(uint32_t offset) const {
  const char* text = btf__name_by_offset(handle_, offset);
  return text ? std::string_view(text) : std::string_view();
}

BtfType Btf::type(BtfTypeId id) const {
  BtfType result;
  result.id = id;
  if (id == 0)
    return result; // void
  if (id >= type_count()) {
    result.kind = BtfKind::Unknown;
    return result;
  }
  const btf_type* t = btf__type_by_id(handle_, id);
  result.kind = kind_of(t);
  result.name = string_at(t->name_off);
  switch (result.kind) {
  case BtfKind::Int: {
    uint8_t encoding = btf_int_encoding(t);
    result.size = t->size;
    result.is_signed = (encoding & BTF_INT_SIGNED) != 0;
    result.is_char = (encoding & BTF_INT_CHAR) != 0;
    result.is_bool = (encoding & BTF_INT_BOOL) != 0;
    break;
  }
  case BtfKind::Pointer:
    result.size = btf__pointer_size(handle_);
    result.target = t->type;
    break;
  case BtfKind::Array: {
    const struct btf_array* array = btf_array(t);
    result.target = array->type;
    result.array_length = array->nelems;
    __s64 size = btf__resolve_size(handle_, id);
    result.size = size > 0 ? static_cast<uint64_t>(size) : 0;
    break;
  }
  case BtfKind::Struct:
  case BtfKind::Union:
    result.size = t->size;
    result.entry_count = btf_vlen(t);
    break;
  case BtfKind::Enum:
    result.size = t->size;
    result.entry_count = btf_vlen(t);
    result.is_signed = btf_kflag(t);
    break;
  case BtfKind::Forward:
    result.is_union_forward = btf_kflag(t);
    break;
  case BtfKind::FunctionProto:
    result.entry_count = btf_vlen(t);
    result.target = t->type;
    break;
  case BtfKind::Float:
  case BtfKind::DataSection:
    result.size = t->size;
    break;
  case BtfKind::Typedef:
  case BtfKind::Volatile:
  case BtfKind::Const:
  case BtfKind::Restrict:
  case BtfKind::TypeTag:
  case BtfKind::Function:
  case BtfKind::Variable:
  case BtfKind::DeclTag:
    result.target = t->type;
    break;
  case BtfKind::Void:
  case BtfKind::Unknown:
    break;
  }
  return result;
}

std::optional<BtfTypeId> Btf::find(std::string_view name, BtfKind kind) const {
  if (name.empty())
    return std::nullopt;
  std::string terminated(name);
  for (int libbpf_kind : libbpf_kinds(kind)) {
    __s32 id = btf__find_by_name_kind(handle_, terminated.c_str(), static_cast<__u32>(libbpf_kind));
    if (id > 0)
      return static_cast<BtfTypeId>(id);
  }
  return std::nullopt;
}

std::optional<BtfTypeId> Btf::find_type(std::string_view c_name) const {
  c_name = trim(c_name);
  for (auto [keyword, kind] : {std::pair{std::string_view("struct "), BtfKind::Struct},
                               std::pair{std::string_view("union "), BtfKind::Union},
                               std::pair{std::string_view("enum "), BtfKind::Enum}}) {
    if (c_name.substr(0, keyword.size()) == keyword)
      return find(trim(c_name.substr(keyword.size())), kind);
  }
  if (c_name == "void")
    return BtfTypeId{0};
  if (auto id = find(c_name, BtfKind::Typedef))
    return id;
  std::string_view base = btf_base_type_name(c_name);
  if (auto id = find(base, BtfKind::Int))
    return id;
  return find(base, BtfKind::Float);
}

BtfTypeId Btf::resolve(BtfTypeId id) const {
  // A well-formed BTF has no cycles of modifiers; the bound guards bad input.
  for (int step = 0; step < 64; ++step) {
    BtfType t = type(id);
    if (!t.is_modifier())
      return id;
    id = t.target;
  }
  return id;
}

BtfTypeId Btf::skip_qualifiers(BtfTypeId id) const {
  for (int step = 0; step < 64; ++step) {
    BtfType t = type(id);
    if (!t.is_modifier() || t.kind == BtfKind::Typedef)
      return id;
    id = t.target;
  }
  return id;
}

std::optional<uint64_t> Btf::size_of(BtfTypeId id) const {
  if (id == 0 || id >= type_count())
    return std::nullopt;
  __s64 size = btf__resolve_size(handle_, id);
  if (size < 0)
    return std::nullopt;
  return static_cast<uint64_t>(size);
}

std::vector<BtfMember> Btf::members(BtfTypeId aggregate) const {
  std::vector<BtfMember> result;
  BtfTypeId id = resolve(aggregate);
  if (!type(id).is_aggregate())
    return result;
  const btf_type* t = btf__type_by_id(handle_, id);
  const btf_member* member = btf_members(t);
  uint16_t count = btf_vlen(t);
  result.reserve(count);
  for (uint16_t i = 0; i < count; ++i, ++member) {
    result.push_back(BtfMember{string_at(member->name_off), member->type,
                               btf_member_bit_offset(t, i), btf_member_bitfield_size(t, i)});
  }
  return result;
}

bool Btf::find_member_in(BtfTypeId aggregate, std::string_view name, uint64_t base_bits,
                         BtfMember& found, int depth) const {
  if (depth > 32)
    return false;
  for (const BtfMember& member : members(aggregate)) {
    if (member.name == name) {
      found = member;
      found.bit_offset += base_bits;
      return true;
    }
    // C lets code name the members of an anonymous struct or union as if
    // they were members of the enclosing type.
    if (member.name.empty() && type(resolve(member.type)).is_aggregate() &&
        find_member_in(member.type, name, base_bits + member.bit_offset, found, depth + 1))
      return true;
  }
  return false;
}

std::optional<BtfMember> Btf::find_member(BtfTypeId aggregate, std::string_view name) const {
  BtfMember found;
  if (name.empty() || !find_member_in(aggregate, name, 0, found, 0))
    return std::nullopt;
  return found;
}

std::vector<BtfEnumerator> Btf::enumerators(BtfTypeId enum_type) const {
  std::vector<BtfEnumerator> result;
  BtfTypeId id = resolve(enum_type);
  if (id == 0 || id >= type_count())
    return result;
  const btf_type* t = btf__type_by_id(handle_, id);
  bool is_signed = btf_kflag(t);
  uint16_t count = btf_vlen(t);
  if (btf_is_enum(t)) {
    const struct btf_enum* entry = btf_enum(t);
    for (uint16_t i = 0; i < count; ++i, ++entry) {
      // A 32-bit enumerator is stored as __s32; an unsigned enum's large
      // values must not be sign-extended.
      int64_t value = is_signed ? static_cast<int64_t>(entry->val)
                                : static_cast<int64_t>(static_cast<uint32_t>(entry->val));
      result.push_back(BtfEnumerator{string_at(entry->name_off), value, is_signed, id});
    }
  } else if (btf_is_enum64(t)) {
    const struct btf_enum64* entry = btf_enum64(t);
    for (uint16_t i = 0; i < count; ++i, ++entry)
      result.push_back(BtfEnumerator{string_at(entry->name_off),
                                     static_cast<int64_t>(btf_enum64_value(entry)), is_signed, id});
  }
  return result;
}

std::optional<BtfEnumerator> Btf::find_enumerator(std::string_view name) const {
  std::call_once(enumerator_index_once_, [this] {
    uint32_t count = type_count();
    for (BtfTypeId id = 1; id < count; ++id) {
      if (!btf_is_any_enum(btf__type_by_id(handle_, id)))
        continue;
      // The first enum to declare a name wins, so lookups are deterministic.
      for (const BtfEnumerator& enumerator : enumerators(id))
        enumerator_index_.emplace(enumerator.name, enumerator);
    }
  });
  auto found = enumerator_index_.find(name);
  if (found == enumerator_index_.end())
    return std::nullopt;
  return found->second;
}

} // namespace sonde::kernel
