// The BTF half of probe listing: raw tracepoints, functions, iterators and
// type definitions, read from kernel BTF.
#include "runtime/list_btf.h"

#include "compiler/kernel/glob.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <set>

namespace sonde::runtime::btf_listing {

using kernel::Btf;
using kernel::BtfKind;
using kernel::BtfParam;
using kernel::BtfType;
using kernel::BtfTypeId;

namespace {

constexpr std::string_view kRawTracepointPrefix = "btf_trace_";
constexpr std::string_view kProbestubPrefix = "__probestub_";
constexpr std::string_view kBpfTracePrefix = "__bpf_trace_";
constexpr std::string_view kIteratorStructPrefix = "bpf_iter__";
constexpr std::string_view kIteratorFunctionPrefix = "bpf_iter_";

std::vector<std::string_view> keys(const std::map<std::string_view, BtfTypeId>& map) {
  std::vector<std::string_view> names;
  names.reserve(map.size());
  for (const auto& [name, id] : map)
    names.push_back(name);
  return names;
}

// Appends the members of a struct or union, expanding anonymous nested
// aggregates in place as C writes them (`union { ... };`).
void append_members(const Btf& btf, BtfTypeId aggregate, const std::string& indent,
                    std::vector<std::string>& lines, int depth) {
  for (const kernel::BtfMember& member : btf.members(aggregate)) {
    BtfTypeId member_type = btf.skip_qualifiers(member.type);
    BtfType type = btf.type(member_type);
    if (type.is_aggregate() && type.name.empty() && depth < 32) {
      lines.push_back(indent + (type.kind == BtfKind::Struct ? "struct {" : "union {"));
      append_members(btf, member_type, indent + "    ", lines, depth + 1);
      std::string close = "}";
      if (!member.name.empty())
        close += " " + std::string(member.name);
      lines.push_back(indent + close + ";");
      continue;
    }
    std::string declaration = btf.declaration(member.type, member.name);
    if (member.is_bitfield())
      declaration += " : " + std::to_string(member.bitfield_bits);
    lines.push_back(indent + declaration + ";");
  }
}

// The first named member of an aggregate: the pointer inside the
// `union { T *name; u64 :64; }` wrapper that iterator contexts use.
std::optional<kernel::BtfMember> first_named_member(const Btf& btf, BtfTypeId aggregate) {
  for (const kernel::BtfMember& member : btf.members(aggregate))
    if (!member.name.empty())
      return member;
  return std::nullopt;
}

} // namespace

BtfProbeIndex::BtfProbeIndex(const Btf& btf, bool with_functions) : btf_(btf) {
  std::map<std::string_view, BtfTypeId> iterator_structs;
  std::set<std::string_view> iterator_functions;
  uint32_t count = btf.type_count();
  for (BtfTypeId id = 1; id < count; ++id) {
    BtfType type = btf.type(id);
    std::string_view name = type.name;
    if (name.empty())
      continue;
    switch (type.kind) {
    case BtfKind::Typedef:
      if (name.starts_with(kRawTracepointPrefix))
        raw_tracepoints_.emplace(name.substr(kRawTracepointPrefix.size()), id);
      break;
    case BtfKind::Function:
      if (name.starts_with(kProbestubPrefix))
        probestubs_.emplace(name.substr(kProbestubPrefix.size()), id);
      else if (name.starts_with(kBpfTracePrefix))
        bpf_traces_.emplace(name.substr(kBpfTracePrefix.size()), id);
      else if (name.starts_with(kIteratorFunctionPrefix))
        iterator_functions.insert(name.substr(kIteratorFunctionPrefix.size()));
      if (with_functions)
        functions_.emplace(name, id);
      break;
    case BtfKind::Struct:
      if (name.starts_with(kIteratorStructPrefix))
        iterator_structs.emplace(name.substr(kIteratorStructPrefix.size()), id);
      break;
    default:
      break;
    }
  }
  // An iterator target registers both its context struct and a bpf_iter_<name>
  // function; struct names alone also include kfunc iterator helpers.
  for (const auto& [name, id] : iterator_structs)
    if (iterator_functions.contains(name))
      iterators_.emplace(name, id);
}

std::vector<std::string_view> BtfProbeIndex::raw_tracepoints() const {
  return keys(raw_tracepoints_);
}

std::vector<std::string> BtfProbeIndex::raw_tracepoint_args(std::string_view name) const {
  // Same rules as Btf::raw_tracepoint_args (the typedef's prototype is
  // (void *ctx, args...) with unnamed parameters; the generated stub carries
  // the names), with the lookups served from this index.
  std::vector<std::string> args;
  auto found = raw_tracepoints_.find(name);
  if (found == raw_tracepoints_.end())
    return args;
  std::optional<kernel::BtfFunctionProto> typed = btf_.prototype(found->second);
  if (!typed || typed->params.empty())
    return args;
  std::vector<BtfParam> params(typed->params.begin() + 1, typed->params.end());
  for (const auto* stubs : {&probestubs_, &bpf_traces_}) {
    auto stub = stubs->find(name);
    if (stub == stubs->end())
      continue;
    std::optional<kernel::BtfFunctionProto> named = btf_.prototype(stub->second);
    if (!named || named->params.size() != typed->params.size())
      continue;
    for (size_t i = 0; i < params.size(); ++i)
      params[i].name = named->params[i + 1].name;
    break;
  }
  for (size_t i = 0; i < params.size(); ++i) {
    std::string arg_name =
        params[i].name.empty() ? "arg" + std::to_string(i) : std::string(params[i].name);
    args.push_back(argument_declaration(btf_, params[i].type, arg_name));
  }
  return args;
}

std::vector<std::string_view> BtfProbeIndex::iterators() const {
  return keys(iterators_);
}

std::vector<std::string> BtfProbeIndex::iterator_fields(std::string_view name) const {
  std::vector<std::string> fields;
  auto found = iterators_.find(name);
  if (found == iterators_.end())
    return fields;
  for (kernel::BtfMember member : btf_.members(found->second)) {
    if (member.name.empty() && btf_.type(btf_.resolve(member.type)).is_aggregate()) {
      std::optional<kernel::BtfMember> inner = first_named_member(btf_, member.type);
      if (!inner)
        continue;
      member = *inner;
    }
    // Every iterator context starts with the bookkeeping `meta`, which scripts never read.
    if (member.name == "meta")
      continue;
    fields.push_back(argument_declaration(btf_, member.type, member.name));
  }
  return fields;
}

std::vector<std::string_view> BtfProbeIndex::functions() const {
  return keys(functions_);
}

std::vector<std::string> BtfProbeIndex::function_args(std::string_view name,
                                                      bool with_retval) const {
  std::vector<std::string> args;
  auto found = functions_.find(name);
  if (found == functions_.end())
    return args;
  std::optional<kernel::BtfFunctionProto> proto = btf_.prototype(found->second);
  if (!proto)
    return args;
  for (size_t i = 0; i < proto->params.size(); ++i) {
    const BtfParam& param = proto->params[i];
    std::string arg_name = param.name.empty() ? "arg" + std::to_string(i) : std::string(param.name);
    args.push_back(argument_declaration(btf_, param.type, arg_name));
  }
  if (with_retval && proto->return_type != 0)
    args.push_back(argument_declaration(btf_, proto->return_type, "retval"));
  return args;
}

std::string argument_declaration(const Btf& btf, BtfTypeId type, std::string_view name) {
  // Tracepoint format files write pointers as "const char * filename"; print
  // BTF pointers the same way so that all -lv output reads alike. Pointers to
  // arrays and functions need C's inside-out declarator syntax.
  BtfType t = btf.type(btf.skip_qualifiers(type));
  if (t.kind == BtfKind::Pointer) {
    BtfKind pointee = btf.type(btf.skip_qualifiers(t.target)).kind;
    if (pointee != BtfKind::FunctionProto && pointee != BtfKind::Array)
      return btf.type_name(type) + " " + std::string(name);
  }
  return btf.declaration(type, name);
}

bool fentry_available(const Btf& btf) {
  // Some kernels have the program type but refuse trampolines (no
  // CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, lockdown, ...): only a real
  // load against a real function answers.
  std::optional<BtfTypeId> target;
  for (const char* name : {"schedule", "do_nanosleep", "vfs_read"})
    if ((target = btf.find(name, BtfKind::Function)))
      break;
  if (!target)
    return false;
  const bpf_insn program[] = {
      {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .src_reg = 0, .off = 0, .imm = 0},
      {.code = BPF_JMP | BPF_EXIT, .dst_reg = 0, .src_reg = 0, .off = 0, .imm = 0},
  };
  LIBBPF_OPTS(bpf_prog_load_opts, options, .expected_attach_type = BPF_TRACE_FENTRY,
              .attach_btf_id = *target);
  int fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "sonde_fentry", "GPL", program,
                         sizeof program / sizeof program[0], &options);
  if (fd < 0)
    return false;
  close(fd);
  return true;
}

std::map<std::string, BtfTypeId> types_matching(const Btf& btf, std::string_view keyword,
                                                std::string_view name_pattern) {
  std::map<std::string, BtfTypeId> types;
  BtfKind kind = keyword == "union"  ? BtfKind::Union
                 : keyword == "enum" ? BtfKind::Enum
                                     : BtfKind::Struct;
  std::string prefix = std::string(keyword) + " ";
  if (!kernel::has_wildcard(name_pattern)) {
    if (std::optional<BtfTypeId> id = btf.find(name_pattern, kind))
      types.emplace(prefix + std::string(name_pattern), *id);
    return types;
  }
  uint32_t count = btf.type_count();
  for (BtfTypeId id = 1; id < count; ++id) {
    BtfType type = btf.type(id);
    if (type.kind == kind && !type.name.empty() && kernel::glob_match(name_pattern, type.name))
      types.emplace(prefix + std::string(type.name), id); // keeps the first of duplicates
  }
  return types;
}

std::vector<std::string> type_definition(const Btf& btf, BtfTypeId id) {
  std::vector<std::string> lines;
  BtfType type = btf.type(id);
  if (type.kind == BtfKind::Enum) {
    lines.push_back("enum " + std::string(type.name) + " {");
    for (const kernel::BtfEnumerator& enumerator : btf.enumerators(id)) {
      std::string value = enumerator.is_signed
                              ? std::to_string(enumerator.value)
                              : std::to_string(static_cast<uint64_t>(enumerator.value));
      lines.push_back("    " + std::string(enumerator.name) + " = " + value + ",");
    }
  } else {
    lines.push_back((type.kind == BtfKind::Union ? "union " : "struct ") + std::string(type.name) +
                    " {");
    append_members(btf, id, "    ", lines, 0);
  }
  lines.push_back("};");
  return lines;
}

} // namespace sonde::runtime::btf_listing
