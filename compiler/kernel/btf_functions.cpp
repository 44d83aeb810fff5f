// Functions, raw tracepoint arguments and C spellings of BTF types.
#include "compiler/kernel/btf.h"
#include "compiler/kernel/glob.h"

#include <bpf/btf.h>

#include <algorithm>
#include <array>

namespace sonde::kernel {

namespace {

// Names for arguments BTF leaves unnamed: "arg0", "arg1", ... They are
// string_views like BTF's own names, so they live in static storage.
std::string_view positional_arg_name(size_t index) {
  static const std::array<std::string, 64> kNames = [] {
    std::array<std::string, 64> names;
    for (size_t i = 0; i < names.size(); ++i)
      names[i] = "arg" + std::to_string(i);
    return names;
  }();
  return index < kNames.size() ? std::string_view(kNames[index]) : std::string_view();
}

const char* qualifier_word(BtfKind kind) {
  switch (kind) {
  case BtfKind::Const:
    return "const";
  case BtfKind::Volatile:
    return "volatile";
  case BtfKind::Restrict:
    return "restrict";
  default:
    return "";
  }
}

} // namespace

std::optional<BtfFunctionProto> Btf::prototype(BtfTypeId id) const {
  BtfType t = type(resolve(id));
  if (t.kind == BtfKind::Pointer)
    t = type(resolve(t.target));
  if (t.kind == BtfKind::Function)
    t = type(t.target);
  if (t.kind != BtfKind::FunctionProto)
    return std::nullopt;

  BtfFunctionProto proto;
  proto.return_type = t.target;
  const btf_type* raw = btf__type_by_id(handle_, t.id);
  const btf_param* param = btf_params(raw);
  for (uint16_t i = 0; i < btf_vlen(raw); ++i, ++param) {
    // A trailing parameter of type void with no name marks `...`.
    if (param->type == 0 && param->name_off == 0 && i + 1 == btf_vlen(raw)) {
      proto.is_variadic = true;
      break;
    }
    proto.params.push_back(BtfParam{string_at(param->name_off), param->type});
  }
  return proto;
}

std::optional<BtfFunctionProto> Btf::function(std::string_view name) const {
  std::optional<BtfTypeId> id = find(name, BtfKind::Function);
  if (!id)
    return std::nullopt;
  return prototype(*id);
}

std::vector<std::string_view> Btf::functions_matching(std::string_view pattern) const {
  std::vector<std::string_view> names;
  uint32_t count = type_count();
  for (BtfTypeId id = 1; id < count; ++id) {
    const btf_type* t = btf__type_by_id(handle_, id);
    if (!btf_is_func(t))
      continue;
    std::string_view name = string_at(t->name_off);
    if (glob_match(pattern, name))
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::optional<std::vector<BtfParam>> Btf::raw_tracepoint_args(std::string_view tracepoint) const {
  // Every tracepoint has a typedef `btf_trace_<name>`: a pointer to the
  // prototype of its BPF probe, (void *ctx, args...). Its parameters are
  // unnamed; the kernel's generated stub functions (__probestub_<name> since
  // 6.7, __bpf_trace_<name> for a tracepoint that is its own event class)
  // have the same prototype with names.
  std::string name(tracepoint);
  std::optional<BtfTypeId> typedef_id = find("btf_trace_" + name, BtfKind::Typedef);
  if (!typedef_id)
    return std::nullopt;
  std::optional<BtfFunctionProto> typed = prototype(*typedef_id);
  if (!typed || typed->params.empty())
    return std::nullopt;

  std::vector<BtfParam> args(typed->params.begin() + 1, typed->params.end());
  for (const char* prefix : {"__probestub_", "__bpf_trace_"}) {
    std::optional<BtfFunctionProto> named = function(prefix + name);
    if (!named || named->params.size() != typed->params.size())
      continue;
    for (size_t i = 0; i < args.size(); ++i)
      args[i].name = named->params[i + 1].name;
    break;
  }
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i].name.empty())
      args[i].name = positional_arg_name(i);
  return args;
}

std::string Btf::type_name(BtfTypeId id) const {
  return declarator(id, "");
}

std::string Btf::declaration(BtfTypeId id, std::string_view declarator_name) const {
  return declarator(id, std::string(declarator_name));
}

// Builds a C declaration inside out, as C's declarator syntax demands: a
// pointer prefixes `*` to what is declared so far, an array or function
// appends its suffix, and pointers to arrays or functions need parentheses.
std::string Btf::declarator(BtfTypeId id, std::string inner) const {
  BtfType t = type(id);
  switch (t.kind) {
  case BtfKind::Pointer: {
    BtfKind pointee = type(skip_qualifiers(t.target)).kind;
    std::string pointer = "*" + inner;
    if (pointee == BtfKind::Array || pointee == BtfKind::FunctionProto)
      pointer = "(" + pointer + ")";
    return declarator(t.target, pointer);
  }
  case BtfKind::Const:
  case BtfKind::Volatile:
  case BtfKind::Restrict: {
    std::string word = qualifier_word(t.kind);
    // A qualified pointer reads `char *const p`; a qualified value `const char`.
    if (type(skip_qualifiers(t.target)).kind == BtfKind::Pointer)
      return declarator(t.target, inner.empty() ? word : word + " " + inner);
    return word + " " + declarator(t.target, inner);
  }
  case BtfKind::TypeTag:
  case BtfKind::DeclTag:
    return declarator(t.target, inner);
  case BtfKind::Array:
    return declarator(t.target, inner + "[" + std::to_string(t.array_length) + "]");
  case BtfKind::FunctionProto: {
    std::optional<BtfFunctionProto> proto = prototype(id);
    std::string params;
    for (const BtfParam& param : proto->params)
      params += (params.empty() ? "" : ", ") + type_name(param.type);
    if (proto->is_variadic)
      params += params.empty() ? "..." : ", ...";
    if (params.empty())
      params = "void";
    return declarator(t.target, inner + "(" + params + ")");
  }
  case BtfKind::Function:
    return declarator(t.target, inner.empty() ? std::string(t.name) : inner);
  case BtfKind::Variable:
    return declarator(t.target, inner.empty() ? std::string(t.name) : inner);
  default:
    break;
  }

  std::string base;
  std::string_view name = t.name.empty() ? std::string_view("(anonymous)") : t.name;
  switch (t.kind) {
  case BtfKind::Void:
    base = "void";
    break;
  case BtfKind::Struct:
    base = "struct " + std::string(name);
    break;
  case BtfKind::Union:
    base = "union " + std::string(name);
    break;
  case BtfKind::Enum:
    base = "enum " + std::string(name);
    break;
  case BtfKind::Forward:
    base = (t.is_union_forward ? "union " : "struct ") + std::string(name);
    break;
  case BtfKind::DataSection:
    base = "SEC " + std::string(name);
    break;
  case BtfKind::Unknown:
    base = "<unknown>";
    break;
  default:
    base = std::string(t.name);
    break;
  }
  if (inner.empty())
    return base;
  return inner.front() == '[' ? base + inner : base + " " + inner;
}

} // namespace sonde::kernel
