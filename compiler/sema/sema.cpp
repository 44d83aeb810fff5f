// Semantic analysis: one visitor that resolves names and types, checks each
// builtin against the probe kinds that allow it, and records the maps.
//
// Maps are global and may be read in one probe before the probe that writes
// them, so the program is checked twice: the first pass, with its messages
// discarded, learns every map's type; the second reports.
#include "compiler/sema/sema.h"

#include "compiler/kernel/kernel.h"
#include "compiler/sema/kernel_types.h"
#include "compiler/sema/probes.h"
#include "runtime/format/printf_format.h"
#include "stdlib/builtins.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace sonde::sema {

using namespace ast;
using stdlib::BuiltinId;
using stdlib::ProbeType;

namespace {

bool is_number(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

TypePtr int64() {
  return int_type(8, true);
}

// arg0, arg1 ...: function arguments, for the probe kinds that have them.
std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i)
    text += (i ? ", " : "") + names[i];
  return text;
}

bool is_arg_name(const std::string& name) {
  return name.size() > 3 && name.compare(0, 3, "arg") == 0 && is_number(name.substr(3));
}
TypePtr uint64() {
  return int_type(8, false);
}

// The larger of two compatible types: strings take the larger capacity,
// tuples field by field. Returns null when they are not compatible.
TypePtr merge_types(const TypePtr& a, const TypePtr& b) {
  if (a->kind == TypeKind::String && b->kind == TypeKind::String)
    return a->size >= b->size ? a : b;
  if (a->kind == TypeKind::Integer && b->kind == TypeKind::Integer)
    return a; // map integers are all 8 bytes; the first use decides the sign
  if (a->kind == TypeKind::Tuple && b->kind == TypeKind::Tuple &&
      a->fields.size() == b->fields.size()) {
    std::vector<TypePtr> merged;
    for (size_t i = 0; i < a->fields.size(); ++i) {
      TypePtr m = merge_types(a->fields[i].type, b->fields[i].type);
      if (!m)
        return nullptr;
      merged.push_back(m);
    }
    return tuple_type(std::move(merged));
  }
  return same_type(*a, *b) ? a : nullptr;
}

// How a value is stored in a map or an event: integers widen to 8 bytes.
TypePtr storage_type(const TypePtr& t) {
  if (t->kind == TypeKind::Integer || t->kind == TypeKind::Bool)
    return t->kind == TypeKind::Bool ? uint64() : int_type(8, t->is_signed);
  if (t->kind == TypeKind::Tuple) {
    std::vector<TypePtr> fields;
    for (const TypeField& f : t->fields)
      fields.push_back(storage_type(f.type));
    return tuple_type(std::move(fields));
  }
  return t;
}

bool is_storable(const Type& t) {
  switch (t.kind) {
  case TypeKind::Void:
  case TypeKind::Struct:
  case TypeKind::Array:
    return false;
  case TypeKind::Tuple:
  case TypeKind::Record:
    return std::all_of(t.fields.begin(), t.fields.end(),
                       [](const TypeField& f) { return is_storable(*f.type); });
  default:
    return !t.is_aggregation();
  }
}

bundle::Aggregation aggregation_of(BuiltinId id) {
  switch (id) {
  case BuiltinId::Count:
    return bundle::Aggregation::Count;
  case BuiltinId::Sum:
    return bundle::Aggregation::Sum;
  case BuiltinId::Avg:
    return bundle::Aggregation::Avg;
  case BuiltinId::Min:
    return bundle::Aggregation::Min;
  case BuiltinId::Max:
    return bundle::Aggregation::Max;
  case BuiltinId::Stats:
    return bundle::Aggregation::Stats;
  case BuiltinId::Hist:
    return bundle::Aggregation::Hist;
  case BuiltinId::Lhist:
    return bundle::Aggregation::Lhist;
  default:
    return bundle::Aggregation::None;
  }
}

TypeKind aggregation_type(BuiltinId id) {
  switch (id) {
  case BuiltinId::Count:
    return TypeKind::Count;
  case BuiltinId::Sum:
    return TypeKind::Sum;
  case BuiltinId::Avg:
    return TypeKind::Avg;
  case BuiltinId::Min:
    return TypeKind::Min;
  case BuiltinId::Max:
    return TypeKind::Max;
  case BuiltinId::Stats:
    return TypeKind::Stats;
  case BuiltinId::Hist:
    return TypeKind::Hist;
  default:
    return TypeKind::Lhist;
  }
}

// The constant value of an integer expression made of literals, if it is one.
// Folds literals, enum constants and the operators between them (in 64-bit
// two's complement, as the program would compute them).
std::optional<int64_t> constant_of(const Expr* e) {
  if (auto* i = dynamic_cast<const IntegerLiteral*>(e))
    return static_cast<int64_t>(i->value);
  if (auto* id = dynamic_cast<const Identifier*>(e))
    return id->constant;
  if (auto* u = dynamic_cast<const Unary*>(e)) {
    auto v = constant_of(u->operand.get());
    if (!v)
      return std::nullopt;
    auto bits = static_cast<uint64_t>(*v);
    switch (u->op) {
    case UnaryOp::Neg:
      return static_cast<int64_t>(0 - bits);
    case UnaryOp::Plus:
      return v;
    case UnaryOp::BitNot:
      return static_cast<int64_t>(~bits);
    case UnaryOp::Not:
      return *v == 0;
    default:
      return std::nullopt;
    }
  }
  if (auto* b = dynamic_cast<const Binary*>(e)) {
    auto l = constant_of(b->lhs.get()), r = constant_of(b->rhs.get());
    if (!l || !r)
      return std::nullopt;
    auto a = static_cast<uint64_t>(*l), c = static_cast<uint64_t>(*r);
    switch (b->op) {
    case BinaryOp::Add:
      return static_cast<int64_t>(a + c);
    case BinaryOp::Sub:
      return static_cast<int64_t>(a - c);
    case BinaryOp::Mul:
      return static_cast<int64_t>(a * c);
    case BinaryOp::Div:
      return *r == 0 || (*l == INT64_MIN && *r == -1) ? std::nullopt : std::optional(*l / *r);
    case BinaryOp::Mod:
      return *r == 0 || (*l == INT64_MIN && *r == -1) ? std::nullopt : std::optional(*l % *r);
    case BinaryOp::BitAnd:
      return static_cast<int64_t>(a & c);
    case BinaryOp::BitOr:
      return static_cast<int64_t>(a | c);
    case BinaryOp::BitXor:
      return static_cast<int64_t>(a ^ c);
    case BinaryOp::Shl:
      return static_cast<int64_t>(a << (c & 63));
    case BinaryOp::Shr:
      return *l >> (c & 63);
    case BinaryOp::Eq:
      return *l == *r;
    case BinaryOp::Ne:
      return *l != *r;
    case BinaryOp::Lt:
      return *l < *r;
    case BinaryOp::Le:
      return *l <= *r;
    case BinaryOp::Gt:
      return *l > *r;
    case BinaryOp::Ge:
      return *l >= *r;
    case BinaryOp::LogicalAnd:
      return *l && *r;
    case BinaryOp::LogicalOr:
      return *l || *r;
    }
  }
  return std::nullopt;
}

class Analyser : public Visitor {
public:
  Analyser(Program& program, kernel::Kernel& kernel, const Options& options, Result& result)
      : program_(program), kernel_(kernel), options_(options), result_(result) {}

  void run(Diagnostics& diags) {
    diags_ = &diags;
    collect_enumerators();
    for (ProbeInfo& info : result_.probes)
      check_probe(info);
    std::vector<std::string> assigned_maps;
    for (const MapSymbol& map : result_.maps)
      if (map.value)
        assigned_maps.push_back(map.name);
    for (const MapSymbol& map : result_.maps) {
      if (map.value)
        continue;
      auto guess = map.name.size() > 3 ? closest_match(map.name, assigned_maps) : std::nullopt;
      diags.error(map.first_use, "Undefined map: " + map.name,
                  guess ? "did you mean '" + *guess + "'?"
                        : "assign to " + map.name + " somewhere in the script before reading it");
    }
  }

  // Attach points are expanded once, before the passes.
  bool expand_probes(Diagnostics& diags) {
    bool ok = true;
    for (const Probe& probe : program_.probes) {
      std::map<ProbeType, size_t> group; // one program per probe kind in the block
      for (const AttachPoint& ap : probe.attach_points) {
        Expansion expansion;
        if (!expand_attach_point(ap, options_.params, kernel_, diags, expansion)) {
          ok = false;
          continue;
        }
        auto [it, inserted] = group.try_emplace(expansion.type, result_.probes.size());
        if (inserted) {
          ProbeInfo info;
          info.probe = &probe;
          info.type = expansion.type;
          result_.probes.push_back(std::move(info));
        }
        ProbeInfo& info = result_.probes[it->second];
        for (const ExpandedTarget& t : expansion.targets) {
          info.targets.push_back({t.target, result_.probe_names.size()});
          info.names.push_back(t.name);
          result_.probe_names.push_back(t.name);
          ++result_.attach_point_count;
        }
      }
    }
    return ok;
  }

private:
  // ---- probes ------------------------------------------------------------

  void check_probe(ProbeInfo& info) {
    probe_ = &info;
    variables_.clear();
    scopes_.assign(1, {});
    renames_.assign(1, {});
    variable_blocks_.clear();
    block_path_.clear();
    loop_depth_ = 0;
    if (info.type == ProbeType::Tracepoint && !info.args_type)
      load_tracepoint_args(info);
    if (info.type == ProbeType::RawTracepoint && !info.args_type)
      load_raw_tracepoint_args(info);
    if (info.probe->predicate) {
      info.probe->predicate->accept(*this);
      expect_integer(*info.probe->predicate, "predicate");
    }
    walk(const_cast<Block&>(info.probe->body));
  }

  // `args` of a tracepoint probe: the format's fields, which every matched
  // tracepoint must lay out alike.
  void load_tracepoint_args(ProbeInfo& info) {
    const kernel::TracepointCatalog* catalog = kernel_.tracepoints();
    if (!catalog || info.targets.empty())
      return;
    const std::string& first = info.targets.front().target;
    size_t colon = first.find(':');
    std::string error;
    auto format = catalog->format(first.substr(0, colon), first.substr(colon + 1), &error);
    if (!format)
      return;
    Type args;
    args.kind = TypeKind::Struct;
    args.name = "struct " + format->struct_name();
    for (const kernel::TracepointField* f : format->argument_fields()) {
      TypePtr type;
      ArgsField where{f->offset, false};
      if (f->kind == kernel::FieldKind::DataLoc && f->is_string()) {
        type = string_type(options_.string_size);
        where.data_loc = true;
      } else if (f->kind == kernel::FieldKind::Array && f->is_string()) {
        type = string_type(f->array_length ? f->array_length : f->size);
      } else if (f->kind == kernel::FieldKind::Pointer) {
        bool user = f->address_space == kernel::AddressSpace::User;
        TypePtr element = void_type();
        if (f->pointee == kernel::PointeeKind::Char)
          element = int_type(1, true);
        else if (f->pointee == kernel::PointeeKind::CharPointer)
          element = pointer_type(int_type(1, true), user);
        else if (f->pointee == kernel::PointeeKind::Struct && kernel_.btf())
          if (auto id = kernel_.btf()->find_type(f->element_type))
            element = type_from_btf(*kernel_.btf(), *id);
        type = pointer_type(element, user);
      } else if (f->kind == kernel::FieldKind::Integer &&
                 (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8)) {
        type = int_type(f->size, f->is_signed);
      } else if (f->kind == kernel::FieldKind::Array && f->array_length &&
                 (f->element_size == 1 || f->element_size == 2 || f->element_size == 4 ||
                  f->element_size == 8)) {
        type = array_type(int_type(f->element_size, f->is_signed), f->array_length);
      } else {
        continue; // opaque fields (structs by value) cannot be read
      }
      args.fields.push_back(TypeField{f->name, type, f->offset});
      info.args_fields[f->name] = where;
    }
    args.size = format->record_size();
    info.args_type = pointer_type(std::make_shared<const Type>(std::move(args)), false);
  }

  // `args` of a raw tracepoint: the BTF prototype's parameters, each in an
  // 8-byte slot of the context, which every target must share.
  void load_raw_tracepoint_args(ProbeInfo& info) {
    const kernel::Btf* btf = kernel_.btf();
    if (!btf || info.targets.empty())
      return;
    auto params = btf->raw_tracepoint_args(info.targets.front().target);
    if (!params)
      return;
    Type args;
    args.kind = TypeKind::Struct;
    args.name = "struct rawtracepoint_" + info.targets.front().target + "_args";
    uint32_t offset = 0;
    for (const kernel::BtfParam& p : *params) {
      std::string name(p.name);
      args.fields.push_back(TypeField{name, type_from_btf(*btf, p.type), offset});
      info.args_fields[name] = ArgsField{offset, false};
      offset += 8;
    }
    args.size = offset;
    info.args_type = pointer_type(std::make_shared<const Type>(std::move(args)), false);
  }

  void collect_enumerators() {
    for (const CDecl& decl : program_.c_decls)
      if (auto* e = std::get_if<std::shared_ptr<CEnum>>(&decl))
        for (const CEnum::Enumerator& en : (*e)->enumerators)
          enumerators_[en.name] = en.value;
  }

  // ---- helpers -----------------------------------------------------------

  void error(const Location& loc, std::string message, std::string hint = {}) {
    diags_->error(loc, std::move(message), std::move(hint));
  }

  TypePtr type_of(Expr& e) {
    e.accept(*this);
    if (!e.type)
      e.type = int64();
    return e.type;
  }

  bool expect_integer(Expr& e, const std::string& what) {
    if (e.type && (e.type->is_integer() || e.type->kind == TypeKind::Pointer))
      return true;
    if (e.type)
      error(e.loc, what + " must be an integer, not " + e.type->to_string(),
            "conditions, counts and arguments like this one take integers");
    return false;
  }

  bool probe_allows(const stdlib::BuiltinInfo& b) const {
    return b.probe_kinds.empty() || std::find(b.probe_kinds.begin(), b.probe_kinds.end(),
                                              probe_->type) != b.probe_kinds.end();
  }

  std::string probe_kind_name() const {
    for (const stdlib::ProbeKind& k : stdlib::probe_kinds())
      if (k.type == probe_->type)
        return std::string(k.name);
    return "?";
  }

  MapSymbol& map_symbol(const Map& m) {
    auto [it, inserted] = result_.map_index.try_emplace(m.name, result_.maps.size());
    if (inserted) {
      MapSymbol symbol;
      symbol.name = m.name;
      symbol.first_use = m.loc;
      result_.maps.push_back(std::move(symbol));
    }
    return result_.maps[it->second];
  }

  // The key type of an access: none, one value, or a tuple of several.
  TypePtr key_type(Map& m) {
    if (m.keys.empty())
      return nullptr;
    std::vector<TypePtr> parts;
    for (ExprPtr& k : m.keys) {
      TypePtr t = type_of(*k);
      if (!is_storable(*t) || t->kind == TypeKind::Pointer) {
        if (t->kind != TypeKind::Pointer) {
          error(k->loc, t->to_string() + " cannot be used as a map key",
                "map keys are integers, strings, tuples of them, and stacks");
          return nullptr;
        }
      }
      parts.push_back(t->kind == TypeKind::Pointer ? uint64() : storage_type(t));
    }
    return parts.size() == 1 ? parts[0] : tuple_type(std::move(parts));
  }

  // Records the key of an access and checks it against earlier ones.
  void check_map_key(Map& m, MapSymbol& symbol) {
    TypePtr key = key_type(m);
    if (!symbol.key && !symbol.value && !key_seen_.count(symbol.name)) {
      symbol.key = key;
      key_seen_.insert(symbol.name);
      return;
    }
    if (!key_seen_.count(symbol.name)) {
      symbol.key = key;
      key_seen_.insert(symbol.name);
      return;
    }
    bool mismatch = (key == nullptr) != (symbol.key == nullptr);
    if (!mismatch && key) {
      TypePtr merged = merge_types(symbol.key, key);
      if (!merged)
        mismatch = true;
      else
        symbol.key = merged;
    }
    if (mismatch) {
      auto describe = [](const TypePtr& t) { return t ? t->to_string() : std::string("no key"); };
      error(m.loc,
            "Argument mismatch for " + m.name + ": trying to access with arguments: [" +
                describe(key) + "] when map expects arguments: [" + describe(symbol.key) + "]",
            symbol.key ? "use the same key types everywhere" : m.name + " is a map without keys");
    }
  }

  void assign_map_value(Map& m, MapSymbol& symbol, const TypePtr& value, const Location& loc) {
    if (!symbol.value) {
      symbol.value = value;
      return;
    }
    TypePtr merged = merge_types(symbol.value, value);
    if (!merged || symbol.value->is_aggregation() != value->is_aggregation()) {
      error(loc,
            "Type mismatch for " + m.name + ": trying to assign value of type '" +
                value->to_string() + "' when map already contains a value of type '" +
                symbol.value->to_string() + "'",
            "a map keeps the type of its first assignment; use another map for the other type");
      return;
    }
    symbol.value = merged;
  }

  // A type written in a cast: builtin integers, and kernel types from BTF
  // (struct task_struct *, u32, pid_t *). Null when it names nothing known.
  TypePtr resolve_type_spec(const TypeSpec& spec) {
    switch (spec.kind) {
    case TypeSpec::Kind::Integer: {
      uint32_t bits =
          static_cast<uint32_t>(std::stoul(spec.name.substr(spec.name.find("int") + 3)));
      return int_type(bits / 8, spec.name[0] != 'u');
    }
    case TypeSpec::Kind::Bool:
      return bool_type();
    case TypeSpec::Kind::Void:
      return void_type();
    case TypeSpec::Kind::Pointer:
      if (TypePtr element = resolve_type_spec(*spec.element))
        return pointer_type(element, false);
      return nullptr;
    case TypeSpec::Kind::Struct:
    case TypeSpec::Kind::Union:
    case TypeSpec::Kind::Enum:
    case TypeSpec::Kind::Named: {
      const kernel::Btf* btf = kernel_.btf();
      if (!btf)
        return nullptr;
      std::string c_name = spec.kind == TypeSpec::Kind::Struct  ? "struct " + spec.name
                           : spec.kind == TypeSpec::Kind::Union ? "union " + spec.name
                           : spec.kind == TypeSpec::Kind::Enum  ? "enum " + spec.name
                                                                : spec.name;
      if (auto id = btf->find_type(c_name))
        return type_from_btf(*btf, *id);
      return nullptr;
    }
    default:
      return nullptr;
    }
  }

  // ---- expressions -------------------------------------------------------

  void visit(IntegerLiteral& n) override { n.type = n.is_unsigned ? uint64() : int64(); }
  void visit(StringLiteral& n) override {
    n.type = string_type(static_cast<uint32_t>(n.value.size() + 1));
  }
  void visit(BoolLiteral& n) override { n.type = bool_type(); }
  void visit(PositionalCount& n) override { n.type = int64(); }

  void visit(PositionalParam& n) override {
    n.type = int64();
    if (n.index >= 1 && n.index <= options_.params.size()) {
      const std::string& value = options_.params[n.index - 1];
      if (!is_number(value) && !in_str_)
        error(n.loc,
              "$" + std::to_string(n.index) + " used numerically but given \"" + value +
                  "\". Try using str($" + std::to_string(n.index) + ").",
              "positional parameters that are not numbers are read with str($N)");
    }
  }

  void visit(Identifier& n) override {
    if (auto it = enumerators_.find(n.name); it != enumerators_.end()) {
      n.constant = it->second;
      n.type = int64();
      return;
    }
    const stdlib::BuiltinInfo* b = stdlib::find_builtin(n.name);
    // Kernel enum constants (TCP_ESTABLISHED, ...) come from BTF, unless a
    // builtin has the name.
    if (!b && !is_arg_name(n.name) && kernel_.btf())
      if (auto e = kernel_.btf()->find_enumerator(n.name)) {
        n.constant = e->value;
        n.type = int_type(8, e->is_signed);
        return;
      }
    if (!b && is_arg_name(n.name)) {
      // arg0, arg1 ...: the raw arguments of a raw tracepoint (and, when
      // sonde attaches them, of kprobes, uprobes and USDT probes).
      if (probe_->type == ProbeType::RawTracepoint || probe_->type == ProbeType::Uprobe ||
          probe_->type == ProbeType::Kprobe) {
        n.constant.reset();
        n.builtin = -2 - std::stoi(n.name.substr(3)); // -2 is arg0, -3 arg1 ...
        n.type = uint64();
        return;
      }
      error(n.loc,
            "The " + n.name +
                " builtin can only be used with rawtracepoint, kprobe, uprobe and usdt probes",
            probe_->type == ProbeType::Tracepoint ? "use args.FIELD for tracepoint arguments"
                                                  : "this probe has no function arguments");
      n.type = uint64();
      return;
    }
    if (!b || b->kind != stdlib::BuiltinKind::Variable) {
      std::string hint = "variables start with $ and maps with @; man sonde lists the builtins";
      if (auto guess = closest_match(n.name, stdlib::builtin_names()))
        hint = "did you mean '" + *guess + "'?";
      error(n.loc, "Unknown identifier: '" + n.name + "'", hint);
      n.type = int64();
      return;
    }
    n.builtin = static_cast<int>(b->id);
    n.type = builtin_variable(*b, n.loc, nullptr);
  }

  // The type of a builtin variable, written bare (`comm`) or called
  // (`comm()`, `kstack(perf, 5)`); `call` has the arguments of a call.
  TypePtr builtin_variable(const stdlib::BuiltinInfo& b, const Location& loc, Call* call) {
    if (!probe_allows(b)) {
      error(loc,
            "The " + std::string(b.name) + " builtin can only be used with " +
                stdlib::probe_kinds_text(b) + " probes, not " + probe_kind_name(),
            "move it into a probe of one of those kinds");
      return void_type(); // uses of it are not reported again
    }
    switch (b.id) {
    case BuiltinId::Pid:
    case BuiltinId::Tid:
    case BuiltinId::Uid:
    case BuiltinId::Gid:
    case BuiltinId::Cpu:
    case BuiltinId::Nsecs:
    case BuiltinId::Rand:
    case BuiltinId::Cgroup:
    case BuiltinId::Numaid:
    case BuiltinId::Jiffies:
    case BuiltinId::Elapsed:
      return uint64();
    case BuiltinId::Curtask:
      if (const kernel::Btf* btf = kernel_.btf())
        if (auto id = btf->find("task_struct", kernel::BtfKind::Struct))
          return pointer_type(type_from_btf(*btf, *id), false);
      return uint64();
    case BuiltinId::Comm:
      return string_type(16);
    case BuiltinId::Retval:
      return int64();
    case BuiltinId::Func:
      if (probe_->type == ProbeType::Uretprobe || probe_->type == ProbeType::Kretprobe)
        return simple_type(TypeKind::Probe, 8); // the function is the one the probe names
      if (probe_->type == ProbeType::Kprobe)
        return simple_type(TypeKind::Ksym, 8);
      return simple_type(TypeKind::Usym, 16);
    case BuiltinId::Cpid:
      if (!options_.child_pid)
        error(loc, "cpid is the pid of the command given with -c, and there is none",
              "run the command with sonde -c 'COMMAND'");
      return uint64();
    case BuiltinId::Probe:
      return simple_type(TypeKind::Probe, 8);
    case BuiltinId::Username:
      return simple_type(TypeKind::Username, 8);
    case BuiltinId::Kstack:
    case BuiltinId::Ustack:
      probe_->uses_args = true; // a stack is taken from the tracepoint's own context
      return stack_type(b.id == BuiltinId::Ustack, call);
    case BuiltinId::Args:
      probe_->uses_args = true;
      if (!probe_->args_type) {
        error(
            loc, "args are not available for this probe",
            probe_->type == ProbeType::Uprobe
                ? "args exist in tracepoint and rawtracepoint probes; use arg0, arg1... in a uprobe"
                : "args exist in tracepoint and rawtracepoint probes");
        return int64();
      }
      return probe_->args_type;
    default:
      error(loc,
            "the " + std::string(b.name) + " builtin is not supported by this version of sonde yet",
            "see man sonde for the builtins this version supports");
      return int64();
    }
  }

  // kstack, kstack(limit), kstack(mode), kstack(mode, limit); modes: bpftrace, perf, raw.
  TypePtr stack_type(bool user, Call* call) {
    Type t;
    t.kind = user ? TypeKind::Ustack : TypeKind::Kstack;
    t.size = user ? 16 : 8; // stack id, and the pid for user stacks
    t.name = options_.stack_mode;
    t.count = 127;
    if (call) {
      for (ExprPtr& arg : call->args) {
        if (auto* mode = dynamic_cast<Identifier*>(arg.get())) {
          if (mode->name != "bpftrace" && mode->name != "perf" && mode->name != "raw") {
            auto guess = closest_match(mode->name, {"bpftrace", "perf", "raw"});
            error(mode->loc, "unknown stack mode '" + mode->name + "'",
                  guess ? "did you mean '" + *guess + "'?"
                        : "stack modes are bpftrace, perf and raw");
          }
          t.name = mode->name;
          mode->type = void_type();
        } else if (auto limit = constant_of(arg.get())) {
          if (*limit < 1 || *limit > 127)
            error(arg->loc, "stack limit must be between 1 and 127, not " + std::to_string(*limit),
                  std::string(user ? "ustack" : "kstack") +
                      "(perf, 10) keeps the ten innermost frames");
          else
            t.count = static_cast<uint32_t>(*limit);
          type_of(*arg);
        } else {
          error(arg->loc, "stack arguments are a mode (bpftrace, perf, raw) and a constant limit",
                "for example kstack(perf, 5)");
        }
      }
    }
    return std::make_shared<const Type>(std::move(t));
  }

  void visit(Variable& n) override {
    apply_rename(n);
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope)
      if (auto it = scope->find(n.name); it != scope->end()) {
        n.type = it->second;
        return;
      }
    if (auto it = variables_.find(n.name); it != variables_.end()) {
      n.type = it->second;
      return;
    }
    std::vector<std::string> known;
    for (const auto& [name, type] : variables_)
      known.push_back(name);
    auto guess = n.name.size() > 3 ? closest_match(n.name, known) : std::nullopt;
    error(n.loc, "Undefined or undeclared variable: " + n.name,
          guess ? "did you mean '" + *guess + "'?" : "assign it first: " + n.name + " = ...;");
    n.type = int64();
  }

  void visit(Map& n) override {
    MapSymbol& symbol = map_symbol(n);
    check_map_key(n, symbol);
    if (!symbol.value) {
      n.type = int64();
      return;
    }
    if (symbol.value->is_aggregation()) {
      error(n.loc,
            "the value of " + n.name + " (" +
                (symbol.value->to_string().starts_with("avg") ? "an " : "a ") +
                symbol.value->to_string() + "() map) cannot be read in an expression",
            "print it with print(" + n.name + ")");
      n.type = int64();
      return;
    }
    n.type = symbol.value;
  }

  void visit(Unary& n) override {
    TypePtr t = type_of(*n.operand);
    switch (n.op) {
    case UnaryOp::Deref:
      if (t->kind == TypeKind::Pointer && t->element && t->element->kind != TypeKind::Void &&
          t->element->size > 0) {
        n.type = t->element;
        return;
      }
      error(n.loc, "Can not dereference '" + t->to_string() + "'",
            "only pointers to sized types can be read");
      n.type = int64();
      return;
    case UnaryOp::AddressOf:
      error(n.loc,
            std::string("the unary ") + to_string(n.op) +
                " operator is not supported by this version of sonde yet",
            "read the value through the map or variable itself");
      n.type = int64();
      return;
    case UnaryOp::PreInc:
    case UnaryOp::PreDec:
    case UnaryOp::PostInc:
    case UnaryOp::PostDec:
      if (!dynamic_cast<Map*>(n.operand.get()) && !dynamic_cast<Variable*>(n.operand.get()))
        error(n.loc, "++ and -- apply to a map or a variable", "for example @count++ or $i--");
      else if (auto* m = dynamic_cast<Map*>(n.operand.get())) {
        MapSymbol& symbol = map_symbol(*m);
        if (!symbol.value)
          symbol.value = int64();
      }
      expect_integer(*n.operand, "the operand of " + std::string(to_string(n.op)));
      n.type = int64();
      return;
    default:
      expect_integer(*n.operand, std::string("the operand of ") + to_string(n.op));
      n.type = n.op == UnaryOp::Not ? int64() : int_type(8, t->is_signed || n.op == UnaryOp::Neg);
    }
  }

  void visit(Binary& n) override {
    TypePtr l = type_of(*n.lhs), r = type_of(*n.rhs);
    bool comparison = n.op == BinaryOp::Eq || n.op == BinaryOp::Ne || n.op == BinaryOp::Lt ||
                      n.op == BinaryOp::Le || n.op == BinaryOp::Gt || n.op == BinaryOp::Ge;
    if (l->kind == TypeKind::String || r->kind == TypeKind::String) {
      if (l->kind != r->kind || (n.op != BinaryOp::Eq && n.op != BinaryOp::Ne))
        error(n.op_loc,
              std::string("Type mismatch for '") + to_string(n.op) + "': " +
                  (comparison ? "comparing '" + l->to_string() + "' with '"
                              : "operating on '" + l->to_string() + "' and '") +
                  r->to_string() + "'",
              comparison ? "strings compare with == and != only" : "arithmetic works on integers");
      n.type = int64();
      return;
    }
    bool l_ok = l->is_integer() || l->kind == TypeKind::Pointer;
    bool r_ok = r->is_integer() || r->kind == TypeKind::Pointer;
    if (!l_ok || !r_ok) {
      if (l->kind != TypeKind::Void && r->kind != TypeKind::Void)
        error(n.op_loc,
              std::string("Type mismatch for '") + to_string(n.op) + "': " +
                  (comparison ? "comparing '" + l->to_string() + "' with '"
                              : "operating on '" + l->to_string() + "' and '") +
                  r->to_string() + "'",
              comparison ? "" : "arithmetic works on integers");
      n.type = int64();
      return;
    }
    if ((n.op == BinaryOp::Div || n.op == BinaryOp::Mod) && constant_of(n.rhs.get()) == 0)
      error(n.loc,
            std::string("division by zero: the right side of '") + to_string(n.op) + "' is 0",
            "the divisor is always 0 here; check the constant");
    if (comparison || n.op == BinaryOp::LogicalAnd || n.op == BinaryOp::LogicalOr) {
      n.type = int64();
      return;
    }
    n.type = int_type(8, signed_operation(*n.lhs, *n.rhs));
  }

  // Signed if both sides are; an integer literal takes the other side's sign.
  static bool signed_operation(const Expr& a, const Expr& b) {
    bool a_literal = dynamic_cast<const IntegerLiteral*>(&a) != nullptr;
    bool b_literal = dynamic_cast<const IntegerLiteral*>(&b) != nullptr;
    if (a_literal && !b_literal)
      return b.type->is_signed;
    if (b_literal && !a_literal)
      return a.type->is_signed;
    return a.type->is_signed && b.type->is_signed;
  }

  void visit(Ternary& n) override {
    type_of(*n.cond);
    expect_integer(*n.cond, "the condition");
    TypePtr then = n.then ? type_of(*n.then) : n.cond->type;
    TypePtr otherwise = type_of(*n.otherwise);
    TypePtr merged = merge_types(then, otherwise);
    if (then->is_integer() && otherwise->is_integer())
      merged = int_type(8, then->is_signed && otherwise->is_signed);
    if (!merged) {
      error(n.loc,
            "Ternary operator branches have different types: '" + then->to_string() + "' and '" +
                otherwise->to_string() + "'",
            "make both branches integers, or both strings");
      merged = then;
    }
    n.type = merged;
  }

  void visit(FieldAccess& n) override {
    TypePtr base = type_of(*n.base);
    if (base->kind == TypeKind::Void) { // already reported
      n.type = int64();
      return;
    }
    const Type* record = base.get();
    if (record->kind == TypeKind::Pointer && record->element &&
        record->element->kind == TypeKind::Struct)
      record = record->element.get();
    if (record->kind == TypeKind::Struct && record->btf_id && kernel_.btf()) {
      if (base->kind == TypeKind::Struct && n.arrow)
        error(n.loc,
              "Can not access field '" + n.field + "' of '" + base->to_string() + "' with '->'",
              "use '.' on a struct value");
      if (auto field = kernel_field(*kernel_.btf(), *record, n.field)) {
        n.byte_offset = field->byte_offset;
        n.bit_shift = field->bit_shift;
        n.bit_width = field->bit_width;
        n.type = field->type;
        return;
      }
      std::string hint = "list its fields with: sonde -lv '" + record->name + "'";
      if (auto guess = closest_match(n.field, kernel_field_names(*kernel_.btf(), *record)))
        hint = "did you mean '" + *guess + "'?";
      error(n.loc,
            "Struct/union of type '" + record->name + "' does not contain a field named '" +
                n.field + "'",
            hint);
      n.type = int64();
      return;
    }
    if (record->kind == TypeKind::Struct || record->kind == TypeKind::Tuple ||
        record->kind == TypeKind::Record) {
      if (const TypeField* f = record->field(n.field)) {
        n.type = f->type;
        return;
      }
      std::vector<std::string> names;
      for (const TypeField& f : record->fields)
        names.push_back(f.name);
      std::string hint =
          probe_ && probe_->type == ProbeType::Tracepoint && !probe_->targets.empty()
              ? "list the fields with: sonde -lv 'tracepoint:" + probe_->targets.front().target +
                    "'"
              : "the fields are: " + join_names(names);
      if (auto guess = closest_match(n.field, names))
        hint = "did you mean '" + *guess + "'?";
      if (record->kind == TypeKind::Tuple)
        error(n.field_loc,
              "tuple index " + n.field + " is out of range: the tuple has " +
                  std::to_string(record->fields.size()) + " elements",
              "tuple elements are numbered from 0");
      else
        error(n.loc,
              "Struct/union of type '" + record->name + "' does not contain a field named '" +
                  n.field + "'",
              hint);
      n.type = int64();
      return;
    }
    error(n.loc, "Can not access field '" + n.field + "' on type '" + base->to_string() + "'",
          "fields can be read from structs, tuples, records and pointers to structs");
    n.type = int64();
  }

  void visit(Index& n) override {
    TypePtr base = type_of(*n.base);
    type_of(*n.index);
    expect_integer(*n.index, "an index");
    if ((base->kind == TypeKind::Pointer || base->kind == TypeKind::Array) && base->element &&
        base->element->kind != TypeKind::Void && base->element->size > 0) {
      if (base->kind == TypeKind::Array)
        if (auto i = constant_of(n.index.get()); i && (*i < 0 || *i >= base->count))
          error(n.index->loc,
                "index " + std::to_string(*i) + " is out of bounds for " + base->to_string(),
                "array indexes run from 0 to the length minus 1");
      n.type = base->element;
      return;
    }
    error(n.loc, "The [] operator can not be used on '" + base->to_string() + "'",
          "index pointers and arrays, e.g. args.argv[0]");
    n.type = int64();
  }

  void visit(Cast& n) override {
    type_of(*n.operand);
    if (n.type.kind == TypeSpec::Kind::Integer) {
      uint32_t bits =
          static_cast<uint32_t>(std::stoul(n.type.name.substr(n.type.name.find("int") + 3)));
      n.Expr::type = int_type(bits / 8, n.type.name[0] != 'u');
      expect_integer(*n.operand, "the operand of a cast");
      return;
    }
    if (n.type.kind == TypeSpec::Kind::Bool) {
      n.Expr::type = bool_type();
      return;
    }
    if (TypePtr target = resolve_type_spec(n.type)) {
      if (target->kind == TypeKind::Pointer || target->is_integer()) {
        // A cast keeps the address space: user memory stays user memory.
        if (target->kind == TypeKind::Pointer && n.operand->type &&
            n.operand->type->kind == TypeKind::Pointer && n.operand->type->user)
          target = pointer_type(target->element, true);
        n.Expr::type = target->is_integer() ? int_type(target->size, target->is_signed) : target;
        expect_integer(*n.operand, "the operand of a cast");
        return;
      }
      error(n.loc, "Cannot cast to '" + target->to_string() + "'",
            "cast to a pointer instead: (" + n.type.to_string() + " *)");
      n.Expr::type = int64();
      return;
    }
    if (!kernel_.btf())
      error(n.loc, "casts to " + n.type.to_string() + " need kernel BTF: " + kernel_.btf_error(),
            "this kernel has no /sys/kernel/btf/vmlinux; cast to an integer type instead");
    else
      error(n.loc, "unknown type '" + n.type.to_string() + "' in a cast",
            "kernel types come from BTF; check the spelling, e.g. (struct task_struct *)");
    n.Expr::type = int64();
  }

  void visit(Tuple& n) override {
    std::vector<TypePtr> types;
    for (ExprPtr& e : n.elements)
      types.push_back(storage_type(type_of(*e)));
    if (types.size() < 2) {
      error(n.loc, "tuples need at least two elements here",
            "write (a, b), or use the value itself");
      n.type = int64();
      return;
    }
    n.type = tuple_type(std::move(types));
  }

  void visit(Record& n) override {
    std::vector<std::string> names;
    std::vector<TypePtr> types;
    for (Record::Field& f : n.fields) {
      names.push_back(f.name);
      types.push_back(storage_type(type_of(*f.value)));
    }
    n.type = record_type(std::move(names), std::move(types));
  }

  void visit(Sizeof& n) override {
    if (n.expr)
      type_of(*n.expr);
    else if (n.type && n.type->kind != TypeSpec::Kind::Integer)
      error(n.loc,
            "sizeof(" + n.type->to_string() + ") is not supported by this version of sonde yet",
            "sizeof works on integer types and expressions in this version");
    n.Expr::type = uint64();
  }

  void visit(Offsetof& n) override {
    error(n.loc, "offsetof is not supported by this version of sonde yet",
          "see man sonde for what this version supports");
    n.Expr::type = uint64();
  }

  void visit(BlockExpr& n) override {
    error(n.loc, "block expressions are not supported by this version of sonde yet",
          "compute the value in statements before the assignment");
    n.type = int64();
  }

  void visit(Call& n) override;
  void check_printf_like(Call& n, const std::string& what);
  bool bare_map_argument(Call& n, size_t index);
  void reject_histogram_delete(const Call& n, const Map& map);

  // ---- statements --------------------------------------------------------

  void visit(Assign& n) override;
  void visit(Let& n) override;

  void visit(If& n) override {
    type_of(*n.cond);
    expect_integer(*n.cond, "the condition of if");
    block(n.then);
    if (n.otherwise)
      block(*n.otherwise);
  }

  void visit(Unroll& n) override {
    std::optional<int64_t> count = constant_of(n.count.get());
    if (auto* p = dynamic_cast<PositionalParam*>(n.count.get());
        p && p->index >= 1 && p->index <= options_.params.size() &&
        is_number(options_.params[p->index - 1]))
      count = std::stoll(options_.params[p->index - 1]);
    if (!count)
      error(n.count->loc, "unroll needs a constant count",
            "write unroll(5), or unroll($1) with a numeric parameter");
    else if (*count < 1 || *count > 100)
      error(n.count->loc, "unroll count must be between 1 and 100, not " + std::to_string(*count),
            "use a while loop for more iterations");
    block(n.body);
  }

  void visit(While& n) override {
    type_of(*n.cond);
    expect_integer(*n.cond, "the condition of while");
    ++loop_depth_;
    block(n.body);
    --loop_depth_;
  }

  void visit(ForMap& n) override {
    error(n.loc, "for loops over maps are not supported by this version of sonde yet",
          "print(@map) prints every element");
  }

  void visit(ForRange& n) override {
    error(n.loc, "for loops over ranges are not supported by this version of sonde yet",
          "use unroll(N) or a while loop");
  }

  void visit(Jump& n) override {
    if (n.kind != JumpKind::Return && loop_depth_ == 0)
      error(n.loc,
            std::string(n.kind == JumpKind::Break ? "break" : "continue") +
                " can only be used in a loop",
            "use return to leave the probe");
    if (n.value)
      type_of(*n.value);
  }

  void visit(BlockStmt& n) override { block(n.block); }

  void visit(ExprStmt& n) override {
    n.expr->accept(*this);
    if (auto* call = dynamic_cast<Call*>(n.expr.get());
        call && call->builtin >= 0 &&
        aggregation_of(static_cast<BuiltinId>(call->builtin)) != bundle::Aggregation::None)
      error(call->loc, call->name + "() should be assigned to a map",
            "write @name = " + call->name + "(...);");
  }

  void block(Block& b) {
    scopes_.emplace_back();
    renames_.emplace_back();
    block_path_.push_back(next_block_id_++);
    walk(b);
    block_path_.pop_back();
    renames_.pop_back();
    scopes_.pop_back();
  }

  // The name a variable has in the current block: a block that assigned a
  // variable of a sibling block with another type has its own (LANGUAGE.md).
  void apply_rename(Variable& v) const {
    for (auto scope = renames_.rbegin(); scope != renames_.rend(); ++scope)
      if (auto it = scope->find(v.name); it != scope->end()) {
        v.name = it->second;
        return;
      }
  }

  // Whether the block where a variable was first assigned encloses the current one.
  bool defined_in_enclosing_block(const std::string& name) const {
    auto it = variable_blocks_.find(name);
    if (it == variable_blocks_.end())
      return true;
    const std::vector<int>& defined = it->second;
    return defined.size() <= block_path_.size() &&
           std::equal(defined.begin(), defined.end(), block_path_.begin());
  }

  Program& program_;
  kernel::Kernel& kernel_;
  const Options& options_;
  Result& result_;
  Diagnostics* diags_ = nullptr;
  ProbeInfo* probe_ = nullptr;
  std::map<std::string, TypePtr> variables_;                // probe-wide, v0.17 style
  std::vector<std::map<std::string, TypePtr>> scopes_;      // `let` variables per block
  std::vector<std::map<std::string, std::string>> renames_; // per block: variable -> its own name
  std::map<std::string, std::vector<int>>
      variable_blocks_;         // where each variable was first assigned
  std::vector<int> block_path_; // ids of the open blocks
  int next_block_id_ = 0;
  std::map<std::string, int64_t> enumerators_;
  std::set<std::string> key_seen_;
  int loop_depth_ = 0;
  bool in_str_ = false;
};

// ---- calls ---------------------------------------------------------------

// A histogram element is one map entry per bucket; deleting the entries of
// one key is not generated yet, and deleting nothing silently would mislead.
void Analyser::reject_histogram_delete(const Call& n, const Map& map) {
  const MapSymbol& symbol = map_symbol(map);
  if (symbol.value &&
      (symbol.value->kind == TypeKind::Hist || symbol.value->kind == TypeKind::Lhist))
    error(n.loc,
          "delete() of one element of a " + symbol.value->to_string() +
              "() map is not supported by this version of sonde yet",
          "clear(" + map.name + ") removes all of its elements");
}

bool Analyser::bare_map_argument(Call& n, size_t index) {
  auto* m = index < n.args.size() ? dynamic_cast<Map*>(n.args[index].get()) : nullptr;
  if (!m || m->subscripted) {
    error(index < n.args.size() ? n.args[index]->loc : n.loc,
          n.name + "() expects a map, like " + n.name + "(@m)",
          "pass the map itself, without a key");
    return false;
  }
  MapSymbol& symbol = map_symbol(*m);
  m->type = symbol.value ? symbol.value : int64();
  return true;
}

void Analyser::check_printf_like(Call& n, const std::string& what) {
  auto* fmt = dynamic_cast<StringLiteral*>(n.args.empty() ? nullptr : n.args[0].get());
  if (!fmt) {
    error(n.loc, what + "() needs a literal format string as its first argument",
          what == "system" ? "for example system(\"ps -p %d\", pid)"
                           : "for example " + what + "(\"%d\\n\", pid)");
    return;
  }
  format::ParsedFormat parsed = format::parse_printf_format(fmt->value);
  if (parsed.error) {
    error(fmt->loc, what + ": " + parsed.error->message, parsed.error->hint);
    return;
  }
  size_t given = n.args.size() - 1;
  const auto& conversions = parsed.format.conversions;
  if (given != conversions.size()) {
    error(n.loc,
          given > conversions.size() ? what + ": Too many arguments for format string (" +
                                           std::to_string(conversions.size()) + " expected, " +
                                           std::to_string(given) + " given)"
                                     : what + ": Not enough arguments for format string (" +
                                           std::to_string(conversions.size()) + " expected, " +
                                           std::to_string(given) + " given)",
          "each argument needs a conversion such as %d or %s in the format");
    return;
  }
  for (size_t i = 0; i < conversions.size(); ++i) {
    const Type& t = *n.args[i + 1]->type;
    using Expect = format::ArgClass;
    Expect expects = conversions[i].expects;
    bool ok = true;
    std::string supplied = "integer";
    if (t.kind == TypeKind::String) {
      supplied = "string";
      ok = expects == Expect::String;
    } else if (t.kind == TypeKind::Buffer) {
      supplied = "buffer";
      ok = expects == Expect::Buffer;
    } else if (t.is_integer() || t.kind == TypeKind::Pointer) {
      ok = expects != Expect::String && expects != Expect::Buffer;
    } else {
      supplied = t.to_string() + (t.is_aggregation() ? "()" : "");
      ok = expects == Expect::String; // symbols, tuples ... print as text
    }
    if (!ok)
      error(n.loc, what + ": " + format::printf_type_error(conversions[i], supplied),
            t.is_aggregation()
                ? "aggregate into a map, e.g. @n = count(), and print it with print(@n)"
                : "%d %u %x print integers, %s strings, %r buffers");
  }
}

void Analyser::visit(Call& n) {
  const stdlib::BuiltinInfo* b = stdlib::find_builtin(n.name);
  if (!b) {
    std::string hint = "man sonde lists the functions";
    if (auto guess = closest_match(n.name, stdlib::builtin_names()))
      hint = "did you mean '" + *guess + "'?";
    error(n.name_loc, "Unknown function: " + n.name, hint);
    for (ExprPtr& a : n.args)
      type_of(*a);
    n.type = int64();
    return;
  }
  n.builtin = static_cast<int>(b->id);
  int count = static_cast<int>(n.args.size());
  if (count < b->min_args || count > b->max_args) {
    int bound = count < b->min_args ? b->min_args : b->max_args;
    std::string expected = b->min_args == b->max_args ? std::to_string(bound)
                           : count < b->min_args      ? "at least " + std::to_string(bound)
                                                      : "up to " + std::to_string(bound);
    error(n.loc,
          n.name + "() takes " + expected + " argument" + (bound == 1 ? "" : "s") + " (" +
              std::to_string(count) + " provided)",
          "see man sonde for its arguments");
    n.type = int64();
    return;
  }
  if (b->kind == stdlib::BuiltinKind::Variable) { // comm(), kstack(perf, 3)
    n.type = builtin_variable(*b, n.loc, &n);
    return;
  }
  if (b->unsafe && !options_.unsafe) {
    error(n.loc, n.name + "() is an unsafe function being used in safe mode",
          "run sonde with --unsafe to allow it");
    n.type = void_type();
    return;
  }
  if (!probe_allows(*b))
    error(n.loc, n.name + " can not be used with \"" + probe_kind_name() + "\" probes",
          "it works with " + stdlib::probe_kinds_text(*b) + " probes");

  // Map functions take the map itself; check them before typing arguments.
  switch (b->id) {
  case BuiltinId::Clear:
  case BuiltinId::Zero:
    bare_map_argument(n, 0);
    n.type = void_type();
    return;
  case BuiltinId::Print:
    if (auto* m = dynamic_cast<Map*>(n.args[0].get()); m && !m->subscripted) {
      bare_map_argument(n, 0);
      for (size_t i = 1; i < n.args.size(); ++i) {
        type_of(*n.args[i]);
        expect_integer(*n.args[i], "print()'s limits");
      }
      n.type = void_type();
      return;
    }
    if (n.args.size() > 1) {
      error(n.loc, "print() of a value takes 1 argument",
            "print(@map, top, div) takes limits only for maps");
      return;
    }
    break;
  case BuiltinId::Delete:
    if (n.args.size() == 1) {
      auto* m = dynamic_cast<Map*>(n.args[0].get());
      if (!m || !m->subscripted) {
        error(n.args[0]->loc, "delete() expects a map element, like delete(@m[key])",
              "or write delete(@m, key)");
        break;
      }
      // The element is removed, not read: aggregation maps are fine here.
      check_map_key(*m, map_symbol(*m));
      const MapSymbol& symbol = map_symbol(*m);
      m->type = symbol.value ? symbol.value : int64();
      reject_histogram_delete(n, *m);
      n.type = void_type();
      return;
    }
    [[fallthrough]];
  case BuiltinId::HasKey: {
    // (@m, key): the key is checked as if written @m[key].
    if (!bare_map_argument(n, 0)) {
      n.type = int64();
      return;
    }
    auto* m = static_cast<Map*>(n.args[0].get());
    Map access;
    access.name = m->name;
    access.loc = n.args[1]->loc;
    access.subscripted = true;
    access.keys.push_back(std::move(n.args[1]));
    check_map_key(access, map_symbol(access));
    n.args[1] = std::move(access.keys[0]);
    if (b->id == BuiltinId::Delete)
      reject_histogram_delete(n, *m);
    n.type = b->id == BuiltinId::HasKey ? int64() : void_type();
    return;
  }
  default:
    break;
  }

  if (b->id == BuiltinId::Str)
    in_str_ = true;
  for (ExprPtr& a : n.args)
    type_of(*a);
  in_str_ = false;

  switch (b->id) {
  case BuiltinId::Printf:
    check_printf_like(n, "printf");
    n.type = void_type();
    return;
  case BuiltinId::Time:
    if (!n.args.empty() && !dynamic_cast<StringLiteral*>(n.args[0].get()))
      error(n.args[0]->loc, "time() takes a literal format string",
            "for example time(\"%H:%M:%S\\n\")");
    n.type = void_type();
    return;
  case BuiltinId::Exit:
    if (!n.args.empty())
      expect_integer(*n.args[0], "exit()'s status");
    n.type = void_type();
    return;
  case BuiltinId::Print:
    if (!is_storable(*n.args[0]->type))
      error(n.args[0]->loc,
            n.args[0]->type->to_string() + " type passed to print() is not printable",
            "print integers, strings, tuples, records and maps");
    n.type = void_type();
    return;
  case BuiltinId::Str: {
    const Type& t = *n.args[0]->type;
    bool positional = dynamic_cast<PositionalParam*>(n.args[0].get()) != nullptr;
    if (!positional && t.kind != TypeKind::String && !t.is_integer() && t.kind != TypeKind::Pointer)
      error(n.args[0]->loc, "str() expects a pointer or an address, not " + t.to_string(),
            "str() reads a C string from memory");
    if (n.args.size() == 2)
      expect_integer(*n.args[1], "str()'s length");
    uint32_t size = options_.string_size;
    if (auto len = n.args.size() == 2 ? constant_of(n.args[1].get()) : std::nullopt;
        len && *len > 0)
      size = static_cast<uint32_t>(std::min<int64_t>(*len + 1, options_.string_size));
    if (t.kind == TypeKind::String)
      size = std::min(size, t.size);
    n.type = string_type(size);
    return;
  }
  case BuiltinId::Strncmp:
    if (n.args[0]->type->kind != TypeKind::String || n.args[1]->type->kind != TypeKind::String)
      error(n.loc, "strncmp() compares two strings", "for example strncmp(comm, \"bash\", 4)");
    if (!constant_of(n.args[2].get()))
      error(n.args[2]->loc, "strncmp()'s length must be a constant",
            "write the number of characters to compare");
    n.type = int64();
    return;
  case BuiltinId::Cat:
  case BuiltinId::System:
    check_printf_like(n, n.name);
    n.type = void_type();
    return;
  case BuiltinId::Buf: {
    // buf(pointer, length) or buf(array): raw bytes, printed with %r.
    const Type& t = *n.args[0]->type;
    uint32_t length = options_.string_size;
    if (n.args.size() == 2) {
      expect_integer(*n.args[1], "buf()'s length");
      if (auto constant = constant_of(n.args[1].get())) {
        if (*constant < 1)
          error(n.args[1]->loc, "buf()'s length must be at least 1",
                "buf(pointer, length) reads length bytes");
        else
          length = static_cast<uint32_t>(std::min<int64_t>(*constant, options_.string_size));
      }
    } else if (t.kind == TypeKind::Array) {
      length = std::min(t.size, options_.string_size);
    } else if (t.kind == TypeKind::String) { // its characters, not the terminator
      length = std::min(t.size - 1, options_.string_size);
    } else {
      error(n.loc, "buf() of a pointer needs a length: buf(pointer, length)",
            "the length says how many bytes to read");
    }
    if (!t.is_integer() && t.kind != TypeKind::Pointer && t.kind != TypeKind::Array &&
        t.kind != TypeKind::String)
      error(n.args[0]->loc, "buf() reads from a pointer or an array, not " + t.to_string(),
            "for example buf(args->saddr) or buf(ptr, 16)");
    Type buffer;
    buffer.kind = TypeKind::Buffer;
    buffer.size = 4 + length;
    n.type = std::make_shared<const Type>(std::move(buffer));
    return;
  }
  case BuiltinId::Strftime: {
    auto* fmt = dynamic_cast<StringLiteral*>(n.args[0].get());
    if (!fmt)
      error(n.args[0]->loc, "strftime() takes a literal format string",
            "for example strftime(\"%H:%M:%S\", nsecs)");
    expect_integer(*n.args[1], "strftime()'s timestamp");
    Type t;
    t.kind = TypeKind::Timestamp;
    t.size = 8;
    t.name = fmt ? fmt->value : "";
    n.type = std::make_shared<const Type>(std::move(t));
    return;
  }
  case BuiltinId::Ntop: {
    // ntop([family,] address): an integer holds IPv4; arrays of 4 or 16 bytes
    // hold IPv4 or IPv6.
    const Expr& address = *n.args.back();
    const Type& t = *address.type;
    bool bytes = t.kind == TypeKind::Array && t.element && t.element->size == 1 &&
                 (t.count == 4 || t.count == 16);
    if (!t.is_integer() && !bytes)
      error(address.loc,
            "ntop() expects an IPv4 address as an integer, or 4 or 16 bytes, not " + t.to_string(),
            "for example ntop(args->saddr) or ntop(AF_INET6, args->daddr_v6)");
    if (n.args.size() == 2)
      expect_integer(*n.args[0], "ntop()'s address family");
    n.type = simple_type(TypeKind::Inet, 20);
    return;
  }
  case BuiltinId::Strcontains:
    if (n.args[0]->type->kind != TypeKind::String || n.args[1]->type->kind != TypeKind::String)
      error(n.loc, "strcontains() looks for a string in a string",
            "for example strcontains(comm, \"sh\")");
    n.type = int64();
    return;
  case BuiltinId::Usym:
    expect_integer(*n.args[0], "usym()'s address");
    n.type = simple_type(TypeKind::Usym, 16);
    return;
  case BuiltinId::Ksym:
    expect_integer(*n.args[0], "ksym()'s address");
    n.type = simple_type(TypeKind::Ksym, 8);
    return;
  case BuiltinId::Join: {
    const Type& t = *n.args[0]->type;
    if (t.kind != TypeKind::Pointer || !t.element || t.element->kind != TypeKind::Pointer)
      error(n.args[0]->loc,
            "join() expects an array of strings such as args.argv, not " + t.to_string(),
            "join() prints a NULL-terminated array of C strings");
    if (n.args.size() == 2 && !dynamic_cast<StringLiteral*>(n.args[1].get()))
      error(n.args[1]->loc, "join()'s separator must be a literal string",
            "for example join(args->argv, \",\")");
    n.type = void_type();
    return;
  }
  case BuiltinId::Strerror:
    expect_integer(*n.args[0], "strerror()'s errno");
    n.type = simple_type(TypeKind::Strerror, 8);
    return;
  case BuiltinId::Bswap:
    expect_integer(*n.args[0], "bswap()'s argument");
    n.type = int_type(std::max<uint32_t>(n.args[0]->type->size, 1), false);
    return;
  case BuiltinId::Delete:
    n.type = void_type();
    return;
  case BuiltinId::Count:
  case BuiltinId::Sum:
  case BuiltinId::Avg:
  case BuiltinId::Min:
  case BuiltinId::Max:
  case BuiltinId::Stats:
  case BuiltinId::Hist:
  case BuiltinId::Lhist:
    for (ExprPtr& a : n.args)
      if (a->type && !a->type->is_integer())
        error(n.loc,
              n.name + "() only supports integer arguments (" +
                  std::string(a->type->kind == TypeKind::String ? "string" : a->type->to_string()) +
                  " provided)",
              "aggregate a number, e.g. a size or a latency");
    if (b->id == BuiltinId::Hist && n.args.size() == 2) {
      auto bits = constant_of(n.args[1].get());
      if (!bits || *bits < 0 || *bits > 5)
        error(n.args[1]->loc, "hist()'s second argument must be a constant from 0 to 5",
              "hist(n, k) splits each power of two into 2^k buckets");
    }
    if (b->id == BuiltinId::Lhist) {
      auto lo = constant_of(n.args[1].get()), hi = constant_of(n.args[2].get()),
           step = constant_of(n.args[3].get());
      if (!lo || !hi || !step)
        error(n.loc, "lhist() min, max and step must be constants",
              "for example lhist($ms, 0, 100, 10)");
      else if (*step <= 0)
        error(n.args[3]->loc, "lhist() step must be at least 1",
              "the step is the width of one bucket");
      else if (*hi <= *lo)
        error(n.loc, "lhist() max must be greater than min", "the buckets cover min to max");
      else if ((*hi - *lo) / *step > 1000)
        error(n.loc, "lhist() would have more than 1000 buckets", "use a larger step");
    }
    n.type = simple_type(aggregation_type(b->id), 8);
    return;
  default:
    error(n.loc, n.name + "() is not supported by this version of sonde yet",
          "see man sonde for the functions this version supports");
    n.type = int64();
  }
}

// ---- assignments -----------------------------------------------------------

void Analyser::visit(Assign& n) {
  if (auto* m = dynamic_cast<Map*>(n.target.get())) {
    MapSymbol& symbol = map_symbol(*m);
    check_map_key(*m, symbol);
    TypePtr value = type_of(*n.value);
    if (value->is_aggregation()) {
      auto* call = static_cast<Call*>(n.value.get());
      if (n.op) {
        error(n.loc,
              "an aggregation is assigned with =, not " + std::string(to_string(*n.op)) + "=",
              "for example @bytes = sum(args->count)");
        return;
      }
      BuiltinId id = static_cast<BuiltinId>(call->builtin);
      if (symbol.value && symbol.value->kind != value->kind) {
        assign_map_value(*m, symbol, value, n.loc);
        return;
      }
      symbol.aggregation = aggregation_of(id);
      if (id == BuiltinId::Hist)
        symbol.hist_bits = call->args.size() == 2
                               ? static_cast<uint32_t>(constant_of(call->args[1].get()).value_or(0))
                               : 0;
      if (id == BuiltinId::Lhist) {
        int64_t lo = constant_of(call->args[1].get()).value_or(0),
                hi = constant_of(call->args[2].get()).value_or(1),
                step = constant_of(call->args[3].get()).value_or(1);
        if (symbol.value &&
            (symbol.lhist_min != lo || symbol.lhist_max != hi || symbol.lhist_step != step))
          error(n.loc, "lhist() bounds must be the same for every use of " + m->name,
                "use one set of bounds, or another map");
        symbol.lhist_min = lo;
        symbol.lhist_max = hi;
        symbol.lhist_step = step;
      }
      assign_map_value(*m, symbol, value, n.loc);
      m->type = value;
      return;
    }
    if (!is_storable(*value) && value->kind != TypeKind::Pointer) {
      error(n.value->loc, "a value of type " + value->to_string() + " cannot be stored in a map",
            "store an integer, a string or a tuple of them");
      return;
    }
    if (n.op && !value->is_integer())
      error(n.loc, std::string(to_string(*n.op)) + "= needs an integer",
            "use = to store other types");
    TypePtr stored = value->kind == TypeKind::Pointer ? uint64() : storage_type(value);
    assign_map_value(*m, symbol, stored, n.loc);
    m->type = symbol.value;
    return;
  }
  if (auto* v = dynamic_cast<Variable*>(n.target.get())) {
    TypePtr value = type_of(*n.value);
    if (value->is_aggregation()) {
      error(n.value->loc, "an aggregation can only be assigned to a map",
            "for example @count = count()");
      return;
    }
    if (value->kind == TypeKind::Void) {
      error(n.value->loc, "this expression has no value to assign",
            "functions such as printf() have no value");
      return;
    }
    if (value->kind == TypeKind::Integer || value->kind == TypeKind::Bool)
      value = int_type(8, value->is_signed);
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope)
      if (auto it = scope->find(v->name); it != scope->end()) {
        if (!merge_types(it->second, value))
          error(n.loc,
                "Type mismatch for " + v->name + ": trying to assign value of type '" +
                    value->to_string() + "' when variable already contains a value of type '" +
                    it->second->to_string() + "'",
                "a variable keeps the type of its first assignment; use another name");
        v->type = it->second;
        return;
      }
    apply_rename(*v);
    auto [it, inserted] = variables_.try_emplace(v->name, value);
    if (inserted)
      variable_blocks_[v->name] = block_path_;
    if (!inserted) {
      TypePtr merged = merge_types(it->second, value);
      if (!merged && !n.op && !defined_in_enclosing_block(v->name)) {
        // Assigned with another type in a sibling block: this block gets its own.
        std::string own = v->name + "'" + std::to_string(next_block_id_++);
        renames_.back()[v->name] = own;
        variables_[own] = value;
        variable_blocks_[own] = block_path_;
        v->name = own;
        v->type = value;
        return;
      }
      if (merged)
        it->second = merged;
      else
        error(n.loc,
              "Type mismatch for " + v->name + ": trying to assign value of type '" +
                  value->to_string() + "' when variable already contains a value of type '" +
                  it->second->to_string() + "'",
              "a variable keeps the type of its first assignment; use another name");
    } else if (n.op) {
      error(n.target->loc, "Undefined or undeclared variable: " + v->name,
            "assign it first: " + v->name + " = ...;");
    }
    v->type = it->second;
    return;
  }
  if (auto* id = dynamic_cast<Identifier*>(n.target.get()); id && id->name == "_") {
    type_of(*n.value);
    return;
  }
  type_of(*n.value);
  error(n.target->loc, "only maps and variables can be assigned to",
        "sonde never writes to traced memory or to tuples; assign to a $variable or an @map "
        "instead");
}

void Analyser::visit(Let& n) {
  TypePtr type;
  if (n.type) {
    if (n.type->kind == TypeSpec::Kind::Integer) {
      // Variables hold integers in 64 bits, as bpftrace's do; the declared
      // width only names the type in messages.
      type = int_type(8, n.type->name[0] != 'u');
    } else if (n.type->kind == TypeSpec::Kind::String) {
      type = string_type(static_cast<uint32_t>(n.type->size.value_or(options_.string_size)));
    } else if (n.type->kind == TypeSpec::Kind::Bool) {
      type = int64();
    } else {
      error(n.type->loc,
            "let with type " + n.type->to_string() +
                " is not supported by this version of sonde yet",
            "see man sonde for what this version supports");
      type = int64();
    }
  }
  if (n.value) {
    TypePtr value = type_of(*n.value);
    if (value->is_integer())
      value = int_type(8, value->is_signed);
    if (type && !merge_types(type, value))
      error(n.value->loc,
            "Type mismatch for " + n.name + ": declared '" + n.type->to_string() +
                "' but assigned '" + value->to_string() + "'",
            "assign a value of the declared type");
    if (!type)
      type = value;
  }
  if (!type)
    type = int64();
  for (auto& scope : scopes_)
    if (scope.count(n.name))
      error(n.name_loc, "Variable " + n.name + " is already declared in an enclosing block",
            "use another name; let variables cannot be shadowed");
  scopes_.back()[n.name] = type;
}

} // namespace

// A block that reads `args` on tracepoints whose records are laid out
// differently (sys_enter_open and sys_enter_openat put `filename` at
// different offsets) becomes one program per layout.
void split_by_tracepoint_layout(Result& result, kernel::Kernel& kernel) {
  const kernel::TracepointCatalog* catalog = kernel.tracepoints();
  if (!catalog)
    return;
  std::vector<ProbeInfo> split;
  for (ProbeInfo& info : result.probes) {
    if (info.type != ProbeType::Tracepoint || !info.uses_args || info.targets.size() < 2) {
      split.push_back(std::move(info));
      continue;
    }
    std::vector<std::string> layouts; // one signature per group, in order of appearance
    std::vector<ProbeInfo> groups;
    for (size_t i = 0; i < info.targets.size(); ++i) {
      const std::string& target = info.targets[i].target;
      size_t colon = target.find(':');
      std::string signature;
      if (auto format = catalog->format(target.substr(0, colon), target.substr(colon + 1)))
        for (const kernel::TracepointField* f : format->argument_fields())
          signature += f->name + " " + f->type + " " + std::to_string(f->offset) + ";";
      size_t group = std::find(layouts.begin(), layouts.end(), signature) - layouts.begin();
      if (group == layouts.size()) {
        layouts.push_back(signature);
        ProbeInfo copy;
        copy.probe = info.probe;
        copy.type = info.type;
        copy.uses_args = true;
        groups.push_back(std::move(copy));
      }
      groups[group].targets.push_back(info.targets[i]);
      groups[group].names.push_back(info.names[i]);
    }
    if (groups.size() == 1) {
      split.push_back(std::move(info));
      continue;
    }
    for (ProbeInfo& g : groups)
      split.push_back(std::move(g));
  }
  result.probes = std::move(split);
}

bool analyse(Program& program, kernel::Kernel& kernel, const Options& options, Diagnostics& diags,
             Result& result) {
  Analyser analyser(program, kernel, options, result);
  if (!analyser.expand_probes(diags))
    return false;
  if (program.probes.empty()) {
    diags.error("the script has no probes",
                "add one, e.g. BEGIN { printf(\"hello\\n\"); exit(); }");
    return false;
  }
  // First pass learns map types; its messages are discarded.
  {
    Diagnostics discarded;
    Result scratch = result;
    Analyser first(program, kernel, options, scratch);
    first.run(discarded);
    result.maps = scratch.maps;
    result.map_index = scratch.map_index;
    for (size_t i = 0; i < result.probes.size(); ++i)
      result.probes[i] = scratch.probes[i];
  }
  split_by_tracepoint_layout(result, kernel);
  Analyser second(program, kernel, options, result);
  second.run(diags);
  return !diags.has_errors();
}

} // namespace sonde::sema
