// Statements, map updates, aggregations and ring-buffer events.
#include "compiler/codegen/generator.h"

#include "compiler/kernel/syscalls.h"

#include <sys/utsname.h>

#include "stdlib/builtins.h"
#include "stdlib/probe_kinds.h"
#include <cstdio>

namespace sonde::codegen {

using namespace ast;
using stdlib::BuiltinId;
using stdlib::ProbeType;

namespace {

// The section libbpf reads the program type from (see runtime/attach.cpp).
std::string section_for(ProbeType type) {
  switch (type) {
  case ProbeType::Kprobe:
    return "kprobe";
  case ProbeType::Kretprobe:
    return "kretprobe";
  case ProbeType::Uprobe:
    return "uprobe";
  case ProbeType::Uretprobe:
    return "uretprobe";
  case ProbeType::Begin:
    return "raw_tp/sonde_begin";
  case ProbeType::End:
    return "raw_tp/sonde_end";
  case ProbeType::Tracepoint:
    return "tracepoint";
  case ProbeType::RawTracepoint:
    return "raw_tp";
  default:
    return "perf_event";
  }
}

std::string kind_name(ProbeType type) {
  for (const stdlib::ProbeKind& k : stdlib::probe_kinds())
    if (k.type == type)
      return std::string(k.name);
  return "?";
}

// The largest type each variable of a probe takes, so one slot holds all.
class VariableSizes : public Visitor {
public:
  std::map<std::string, TypePtr> types;
  void visit(Assign& n) override {
    Visitor::visit(n);
    if (auto* v = dynamic_cast<Variable*>(n.target.get()); v && v->type)
      note(v->name, v->type);
  }
  void visit(Let& n) override {
    Visitor::visit(n);
    if (n.value && n.value->type)
      note(n.name, n.value->type);
  }
  void note(const std::string& name, const TypePtr& t) {
    auto& slot = types[name];
    if (!slot || t->size > slot->size)
      slot = t;
  }
};

} // namespace

// Many syscall tracepoints in one block are served by one raw_syscalls
// program that looks the syscall number up in a table: one attach and one
// detach instead of hundreds (each perf-event detach waits for RCU, ~70 ms).
// The block must not read `args`, whose layout differs between syscalls.
std::optional<std::string> syscall_fast_path(const sema::ProbeInfo& info) {
  constexpr size_t kMinTargets = 8;
  if (info.type != ProbeType::Tracepoint || info.uses_args || info.targets.size() < kMinTargets)
    return std::nullopt;
  std::optional<std::string> direction;
  for (const bundle::AttachTarget& t : info.targets) {
    std::string_view target = t.target;
    std::string_view dir = target.rfind("syscalls:sys_enter_", 0) == 0  ? "sys_enter"
                           : target.rfind("syscalls:sys_exit_", 0) == 0 ? "sys_exit"
                                                                        : "";
    if (dir.empty() || (direction && *direction != dir) ||
        !kernel::syscall_number_for_event(target.substr(target.find(':') + 1)))
      return std::nullopt;
    direction = std::string(dir);
  }
  return direction;
}

// Whether this kernel carries BPF cookies on raw tracepoint links (6.10+).
bool raw_tracepoint_cookies() {
  utsname system{};
  if (uname(&system) != 0)
    return false;
  int major = 0, minor = 0;
  if (std::sscanf(system.release, "%d.%d", &major, &minor) != 2)
    return false;
  return major > 6 || (major == 6 && minor >= 10);
}

// A tracepoint block that does not read `args` runs as a raw tracepoint
// program: it is cheaper per event, and detaching it does not wait for an
// RCU grace period the way a perf-event tracepoint does.
bool raw_tracepoint_path(const sema::ProbeInfo& info) {
  if (info.type != ProbeType::Tracepoint || info.uses_args)
    return false;
  // Syscall events are made by ftrace from raw_syscalls: no raw tracepoint
  // of their own.
  for (const bundle::AttachTarget& t : info.targets)
    if (t.target.rfind("syscalls:", 0) == 0)
      return false;
  static const bool cookies = raw_tracepoint_cookies();
  return info.targets.size() == 1 || cookies;
}

void Generator::generate_probe(const sema::ProbeInfo& info, size_t index) {
  probe_ = &info;
  variables_.clear();
  loops_.clear();
  syscall_cookie_ = nullptr;
  std::string name = "probe" + std::to_string(index);
  std::optional<std::string> syscalls = syscall_fast_path(info);
  llvm::FunctionType* type = llvm::FunctionType::get(b_->getInt64Ty(), {b_->getPtrTy()}, false);
  function_ = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, module_.get());
  bool raw = !syscalls && raw_tracepoint_path(info);
  function_->setSection(syscalls || raw ? "raw_tp" : section_for(info.type));
  function_->addFnAttr(llvm::Attribute::NoUnwind);
  ctx_ = function_->getArg(0);

  llvm::DIType* int_type = di_->createBasicType("long", 64, llvm::dwarf::DW_ATE_signed);
  llvm::DIType* pointer = di_->createPointerType(nullptr, 64);
  subprogram_ = di_->createFunction(
      cu_, name, name, di_file_, info.probe->loc.line,
      di_->createSubroutineType(di_->getOrCreateTypeArray({int_type, pointer})),
      info.probe->loc.line, llvm::DINode::FlagPrototyped, llvm::DISubprogram::SPFlagDefinition);
  function_->setSubprogram(subprogram_);

  entry_ = llvm::BasicBlock::Create(*context_, "entry", function_);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(*context_, "body", function_);
  b_->SetInsertPoint(entry_);
  set_location(info.probe->loc);
  // The kernel rejects function BTF whose parameters have no names.
  llvm::DILocalVariable* ctx_variable = di_->createParameterVariable(
      subprogram_, "ctx", 1, di_file_, info.probe->loc.line, pointer, true);
  di_->insertDbgValueIntrinsic(
      ctx_, ctx_variable, di_->createExpression(),
      llvm::DILocation::get(*context_, info.probe->loc.line, 0, subprogram_), entry_);
  b_->CreateBr(body);
  b_->SetInsertPoint(body);

  VariableSizes sizes;
  sizes.walk(const_cast<Block&>(info.probe->body));
  for (const auto& [variable, variable_type] : sizes.types)
    variable_slot(variable, variable_type);

  std::string filter_map;
  if (syscalls)
    filter_map = emit_syscall_filter(info, *syscalls, index);

  if (info.probe->predicate) {
    llvm::Value* pass = truthy(*info.probe->predicate);
    llvm::BasicBlock* run = llvm::BasicBlock::Create(*context_, "predicate_true", function_);
    llvm::BasicBlock* skip = llvm::BasicBlock::Create(*context_, "predicate_false", function_);
    b_->CreateCondBr(pass, run, skip);
    b_->SetInsertPoint(skip);
    b_->CreateRet(b_->getInt64(0));
    b_->SetInsertPoint(run);
  }
  walk(const_cast<Block&>(info.probe->body));
  b_->CreateRet(b_->getInt64(0));
  subprogram_ = nullptr;

  bundle::ProbeInfo probe;
  probe.kind = kind_name(info.type);
  probe.program_name = name;
  probe.targets = info.targets;
  if (raw)
    probe.kind = "rawtracepoint"; // targets "category:event" attach by event name
  if (syscalls) {
    probe.kind = "rawtracepoint";
    probe.targets = {{*syscalls, 0}};
    for (const bundle::AttachTarget& t : info.targets) {
      std::string_view target = t.target;
      int nr = *kernel::syscall_number_for_event(target.substr(target.find(':') + 1));
      manifest_.map_inits.push_back({filter_map, static_cast<uint32_t>(nr), t.cookie + 1});
    }
  }
  manifest_.probes.push_back(std::move(probe));
}

// The syscall fast path's prologue: the syscall number, its entry in the
// table of traced syscalls (cookie + 1, 0 when not traced), and an early
// return for the others. Returns the table's map name.
std::string Generator::emit_syscall_filter(const sema::ProbeInfo& info,
                                           const std::string& direction, size_t index) {
  constexpr uint32_t kMaxSyscall = 1024;
  constexpr uint32_t kOrigAxOffset = 120; // offsetof(struct pt_regs, orig_ax) on x86_64
  std::string map_name = "syscalls" + std::to_string(index);
  llvm::GlobalVariable* table = declare_bpf_map(map_name, kArrayMap, kMaxSyscall, 4, 8);
  llvm::Type* i64 = b_->getInt64Ty();
  // raw_syscalls: sys_enter(regs, id), sys_exit(regs, ret); the exit side
  // reads the number from the registers.
  llvm::Value* number = nullptr;
  if (direction == "sys_enter") {
    number = b_->CreateLoad(i64, b_->CreateConstGEP1_32(b_->getInt8Ty(), ctx_, 8));
  } else {
    llvm::Value* regs = b_->CreateLoad(i64, ctx_);
    llvm::AllocaInst* slot = stack_i64("orig_ax");
    b_->CreateStore(b_->getInt64(~uint64_t{0}), slot);
    call_helper(
        kProbeReadKernel, i64,
        {slot, b_->getInt32(8),
         b_->CreateIntToPtr(b_->CreateAdd(regs, b_->getInt64(kOrigAxOffset)), b_->getPtrTy())});
    number = b_->CreateLoad(i64, slot);
  }
  llvm::BasicBlock* skip = llvm::BasicBlock::Create(*context_, "syscall_untraced", function_);
  llvm::BasicBlock* lookup = llvm::BasicBlock::Create(*context_, "syscall_lookup", function_);
  b_->CreateCondBr(b_->CreateICmpULT(number, b_->getInt64(kMaxSyscall)), lookup, skip);
  b_->SetInsertPoint(skip);
  b_->CreateRet(b_->getInt64(0));
  b_->SetInsertPoint(lookup);
  llvm::AllocaInst* key = stack(4, "syscall_key");
  b_->CreateStore(b_->CreateTrunc(number, b_->getInt32Ty()), key);
  llvm::Value* entry = call_helper(kMapLookupElem, b_->getPtrTy(), {table, key});
  llvm::BasicBlock* found = llvm::BasicBlock::Create(*context_, "syscall_found", function_);
  b_->CreateCondBr(b_->CreateIsNull(entry), skip, found);
  b_->SetInsertPoint(found);
  llvm::Value* cookie_plus_one = b_->CreateLoad(i64, entry);
  llvm::BasicBlock* traced = llvm::BasicBlock::Create(*context_, "syscall_traced", function_);
  b_->CreateCondBr(b_->CreateICmpEQ(cookie_plus_one, b_->getInt64(0)), skip, traced);
  b_->SetInsertPoint(traced);
  syscall_cookie_ = b_->CreateSub(cookie_plus_one, b_->getInt64(1));
  (void)info;
  return map_name;
}

// After exit() or return, code that follows is unreachable but still emitted.
void Generator::start_unreachable_block() {
  b_->SetInsertPoint(llvm::BasicBlock::Create(*context_, "unreachable", function_));
}

void Generator::visit(ExprStmt& n) {
  if (auto* call = dynamic_cast<Call*>(n.expr.get())) {
    set_location(call->loc);
    emit_call_statement(*call);
    return;
  }
  generate(*n.expr);
}

void Generator::visit(BlockStmt& n) {
  walk(n.block);
}

void Generator::visit(Let& n) {
  if (!n.value)
    return;
  auto it = variables_.find(n.name);
  if (it == variables_.end())
    return;
  Value v = generate(*n.value);
  store_value(v, v.in_memory() ? *v.type : *int_type(8, true), it->second);
}

void Generator::visit(Assign& n) {
  set_location(n.loc);
  if (auto* m = dynamic_cast<Map*>(n.target.get())) {
    if (auto* call = dynamic_cast<Call*>(n.value.get());
        call && n.value->type && n.value->type->is_aggregation()) {
      aggregate(*m, *call);
      return;
    }
    if (n.op) {
      llvm::Value* operand = integer(*n.value);
      map_update_integer(*m, n.op, operand, false, nullptr);
      return;
    }
    map_store(*m, generate(*n.value));
    return;
  }
  if (auto* v = dynamic_cast<Variable*>(n.target.get())) {
    llvm::Value* slot = variable_slot(v->name, v->type);
    if (n.op) {
      llvm::Value* old = b_->CreateLoad(b_->getInt64Ty(), slot);
      llvm::Value* r = integer(*n.value);
      llvm::Value* result = nullptr;
      bool is_signed = v->type->is_signed;
      switch (*n.op) {
      case BinaryOp::Add:
        result = b_->CreateAdd(old, r);
        break;
      case BinaryOp::Sub:
        result = b_->CreateSub(old, r);
        break;
      case BinaryOp::Mul:
        result = b_->CreateMul(old, r);
        break;
      case BinaryOp::Div:
      case BinaryOp::Mod: {
        result = divide(old, r, is_signed, *n.op == BinaryOp::Mod);
        break;
      }
      case BinaryOp::BitAnd:
        result = b_->CreateAnd(old, r);
        break;
      case BinaryOp::BitOr:
        result = b_->CreateOr(old, r);
        break;
      case BinaryOp::BitXor:
        result = b_->CreateXor(old, r);
        break;
      case BinaryOp::Shl:
        result = b_->CreateShl(old, b_->CreateAnd(r, 63));
        break;
      default:
        result = is_signed ? b_->CreateAShr(old, b_->CreateAnd(r, 63))
                           : b_->CreateLShr(old, b_->CreateAnd(r, 63));
      }
      b_->CreateStore(result, slot);
      return;
    }
    Value value = generate(*n.value);
    store_value(value, value.in_memory() ? *v->type : *int_type(8, true), slot);
    return;
  }
  generate(*n.value); // `_ = expr`
}

void Generator::visit(If& n) {
  llvm::Value* cond = truthy(*n.cond);
  llvm::BasicBlock* then = llvm::BasicBlock::Create(*context_, "if_then", function_);
  llvm::BasicBlock* otherwise = llvm::BasicBlock::Create(*context_, "if_else", function_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "if_done", function_);
  b_->CreateCondBr(cond, then, otherwise);
  b_->SetInsertPoint(then);
  walk(n.then);
  b_->CreateBr(done);
  b_->SetInsertPoint(otherwise);
  if (n.otherwise)
    walk(*n.otherwise);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

void Generator::visit(Unroll& n) {
  int64_t count = 1;
  if (auto* literal = dynamic_cast<IntegerLiteral*>(n.count.get()))
    count = static_cast<int64_t>(literal->value);
  else if (auto* p = dynamic_cast<PositionalParam*>(n.count.get());
           p && p->index <= sema_options_.params.size())
    count = std::stoll(sema_options_.params[p->index - 1]);
  for (int64_t i = 0; i < count; ++i)
    walk(n.body);
}

void Generator::visit(While& n) {
  llvm::BasicBlock* check = llvm::BasicBlock::Create(*context_, "while_check", function_);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(*context_, "while_body", function_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "while_done", function_);
  b_->CreateBr(check);
  b_->SetInsertPoint(check);
  b_->CreateCondBr(truthy(*n.cond), body, done);
  b_->SetInsertPoint(body);
  loops_.push_back({check, done});
  walk(n.body);
  loops_.pop_back();
  b_->CreateBr(check);
  b_->SetInsertPoint(done);
}

void Generator::visit(Jump& n) {
  set_location(n.loc);
  if (n.kind == JumpKind::Return) {
    b_->CreateRet(b_->getInt64(0));
  } else if (!loops_.empty()) {
    b_->CreateBr(n.kind == JumpKind::Break ? loops_.back().break_target
                                           : loops_.back().continue_target);
  }
  start_unreachable_block();
}

// ---- maps --------------------------------------------------------------------

// The key bytes of an access, followed by `extra_bytes` (the hist bucket).
llvm::Value* Generator::map_key_buffer(Map& m, uint32_t extra_bytes) {
  size_t index = checked_.map_index.at(m.name);
  const sema::MapSymbol& symbol = checked_.maps[index];
  uint32_t key_size = symbol.key ? symbol.key->size : 0;
  // Extra bytes (a hist bucket) start at the next 8-byte boundary.
  uint32_t total =
      std::max<uint32_t>(extra_bytes ? (key_size + 7) / 8 * 8 + extra_bytes : key_size, 8);
  llvm::AllocaInst* key = stack(total, "key");
  b_->CreateMemSet(key, b_->getInt8(0), total, llvm::MaybeAlign(1));
  if (!symbol.key)
    return key;
  if (m.keys.size() == 1) {
    store_value(generate(*m.keys[0]), *symbol.key, key);
  } else {
    for (size_t i = 0; i < m.keys.size() && i < symbol.key->fields.size(); ++i) {
      const TypeField& f = symbol.key->fields[i];
      store_value(generate(*m.keys[i]), *f.type,
                  b_->CreateConstGEP1_32(b_->getInt8Ty(), key, f.offset));
    }
  }
  return key;
}

void Generator::map_store(Map& m, const Value& v) {
  size_t index = checked_.map_index.at(m.name);
  const MapGlobals& globals = maps_[index];
  const sema::MapSymbol& symbol = checked_.maps[index];
  llvm::Value* key = map_key_buffer(m, 0);
  llvm::AllocaInst* value = stack(std::max<uint32_t>(globals.value_size, 8), "value");
  store_value(v, *symbol.value, value);
  call_helper(kMapUpdateElem, b_->getInt64Ty(), {globals.map, key, value, b_->getInt64(0)});
}

// map op= operand, and ++/--: read (0 when absent), combine, write back.
void Generator::map_update_integer(Map& m, std::optional<BinaryOp> op, llvm::Value* operand,
                                   bool return_old, llvm::Value** result) {
  size_t index = checked_.map_index.at(m.name);
  const MapGlobals& globals = maps_[index];
  llvm::Value* key = map_key_buffer(m, 0);
  llvm::AllocaInst* slot = stack_i64("map_int");
  b_->CreateStore(b_->getInt64(0), slot);
  llvm::Value* found = call_helper(kMapLookupElem, b_->getPtrTy(), {globals.map, key});
  llvm::BasicBlock* read = llvm::BasicBlock::Create(*context_, "map_int_read", function_);
  llvm::BasicBlock* update = llvm::BasicBlock::Create(*context_, "map_int_update", function_);
  b_->CreateCondBr(b_->CreateIsNull(found), update, read);
  b_->SetInsertPoint(read);
  b_->CreateStore(b_->CreateLoad(b_->getInt64Ty(), found), slot);
  b_->CreateBr(update);
  b_->SetInsertPoint(update);
  llvm::Value* old = b_->CreateLoad(b_->getInt64Ty(), slot);
  llvm::Value* updated = operand;
  if (op) {
    switch (*op) {
    case BinaryOp::Add:
      updated = b_->CreateAdd(old, operand);
      break;
    case BinaryOp::Sub:
      updated = b_->CreateSub(old, operand);
      break;
    case BinaryOp::Mul:
      updated = b_->CreateMul(old, operand);
      break;
    case BinaryOp::BitAnd:
      updated = b_->CreateAnd(old, operand);
      break;
    case BinaryOp::BitOr:
      updated = b_->CreateOr(old, operand);
      break;
    case BinaryOp::BitXor:
      updated = b_->CreateXor(old, operand);
      break;
    case BinaryOp::Shl:
      updated = b_->CreateShl(old, b_->CreateAnd(operand, 63));
      break;
    case BinaryOp::Shr:
      updated = b_->CreateAShr(old, b_->CreateAnd(operand, 63));
      break;
    case BinaryOp::Div:
    case BinaryOp::Mod: {
      updated = divide(old, operand, true, *op == BinaryOp::Mod);
      break;
    }
    default:
      break;
    }
  }
  b_->CreateStore(updated, slot);
  call_helper(kMapUpdateElem, b_->getInt64Ty(), {globals.map, key, slot, b_->getInt64(0)});
  if (result)
    *result = return_old ? old : updated;
}

// @m[k] = count() / sum(v) / ...: per-CPU values updated in place.
void Generator::aggregate(Map& m, Call& call) {
  size_t index = checked_.map_index.at(m.name);
  const MapGlobals& globals = maps_[index];
  const sema::MapSymbol& symbol = checked_.maps[index];
  BuiltinId id = static_cast<BuiltinId>(call.builtin);
  llvm::Value* value = call.args.empty() ? b_->getInt64(1) : integer(*call.args[0]);
  llvm::Value* key = nullptr;
  if (id == BuiltinId::Hist || id == BuiltinId::Lhist) {
    key = map_key_buffer(m, 8);
    llvm::Value* bucket = id == BuiltinId::Hist ? hist_index(value, symbol.hist_bits)
                                                : lhist_index(value, symbol.lhist_min,
                                                              symbol.lhist_max, symbol.lhist_step);
    b_->CreateStore(bucket,
                    b_->CreateConstGEP1_32(b_->getInt8Ty(), key, (globals.key_size + 7) / 8 * 8));
    value = b_->getInt64(1);
    id = BuiltinId::Count;
  } else {
    key = map_key_buffer(m, 0);
  }

  llvm::Value* found = call_helper(kMapLookupElem, b_->getPtrTy(), {globals.map, key});
  llvm::BasicBlock* present = llvm::BasicBlock::Create(*context_, "agg_present", function_);
  llvm::BasicBlock* absent = llvm::BasicBlock::Create(*context_, "agg_absent", function_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "agg_done", function_);
  b_->CreateCondBr(b_->CreateIsNull(found), absent, present);

  // First value for this key on this CPU.
  b_->SetInsertPoint(absent);
  llvm::AllocaInst* initial = stack(16, "agg_initial");
  b_->CreateStore(value, initial);
  b_->CreateStore(b_->getInt64(1), b_->CreateConstGEP1_32(b_->getInt8Ty(), initial, 8));
  call_helper(kMapUpdateElem, b_->getInt64Ty(), {globals.map, key, initial, b_->getInt64(0)});
  b_->CreateBr(done);

  b_->SetInsertPoint(present);
  llvm::Value* first = found;
  llvm::Value* second = b_->CreateConstGEP1_32(b_->getInt8Ty(), found, 8);
  llvm::Value* current = b_->CreateLoad(b_->getInt64Ty(), first);
  switch (id) {
  case BuiltinId::Count:
  case BuiltinId::Sum:
    b_->CreateStore(b_->CreateAdd(current, value), first);
    break;
  case BuiltinId::Avg:
  case BuiltinId::Stats:
    b_->CreateStore(b_->CreateAdd(current, value), first);
    b_->CreateStore(b_->CreateAdd(b_->CreateLoad(b_->getInt64Ty(), second), b_->getInt64(1)),
                    second);
    break;
  case BuiltinId::Min:
  case BuiltinId::Max: {
    llvm::Value* better = id == BuiltinId::Min ? b_->CreateICmpSLT(value, current)
                                               : b_->CreateICmpSGT(value, current);
    b_->CreateStore(b_->CreateSelect(better, value, current), first);
    b_->CreateStore(b_->getInt64(1), second);
    break;
  }
  default:
    break;
  }
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
}

// ---- events ------------------------------------------------------------------

uint32_t Generator::add_event(bundle::EventInfo event) {
  manifest_.events.push_back(std::move(event));
  return static_cast<uint32_t>(manifest_.events.size() - 1);
}

llvm::Value* Generator::event_buffer(uint32_t event_id, uint32_t payload_size,
                                     llvm::BasicBlock*& full) {
  llvm::Value* record = call_helper(kRingbufReserve, b_->getPtrTy(),
                                    {ringbuf_, b_->getInt64(8 + payload_size), b_->getInt64(0)});
  llvm::BasicBlock* fill = llvm::BasicBlock::Create(*context_, "event_fill", function_);
  llvm::BasicBlock* lost = llvm::BasicBlock::Create(*context_, "event_lost", function_);
  full = llvm::BasicBlock::Create(*context_, "event_done", function_);
  b_->CreateCondBr(b_->CreateIsNull(record), lost, fill);
  // The ring buffer is full: count the loss so user space can report it.
  b_->SetInsertPoint(lost);
  llvm::AllocaInst* key = stack(4, "lost_key");
  b_->CreateStore(b_->getInt32(0), key);
  llvm::Value* counter = call_helper(kMapLookupElem, b_->getPtrTy(), {lost_map_, key});
  llvm::BasicBlock* count = llvm::BasicBlock::Create(*context_, "event_lost_count", function_);
  b_->CreateCondBr(b_->CreateIsNull(counter), full, count);
  b_->SetInsertPoint(count);
  b_->CreateStore(b_->CreateAdd(b_->CreateLoad(b_->getInt64Ty(), counter), b_->getInt64(1)),
                  counter);
  b_->CreateBr(full);
  b_->SetInsertPoint(fill);
  b_->CreateStore(b_->getInt64(event_id), record);
  return record;
}

void Generator::submit_event(llvm::Value* record, llvm::BasicBlock* full) {
  call_helper(kRingbufSubmit, b_->getVoidTy(), {record, b_->getInt64(0)});
  b_->CreateBr(full);
  b_->SetInsertPoint(full);
}

void Generator::emit_exit(llvm::Value* code) {
  bundle::EventInfo event;
  event.kind = bundle::EventInfo::Kind::Exit;
  event.payload_size = 8;
  uint32_t id = add_event(std::move(event));
  llvm::BasicBlock* full = nullptr;
  llvm::Value* record = event_buffer(id, 8, full);
  b_->CreateStore(code, b_->CreateConstGEP1_32(b_->getInt8Ty(), record, 8));
  submit_event(record, full);
  b_->CreateRet(b_->getInt64(0));
  start_unreachable_block();
}

void Generator::emit_call_statement(Call& call) {
  using Kind = bundle::EventInfo::Kind;
  BuiltinId id = static_cast<BuiltinId>(call.builtin);
  std::string location = files_.name(call.loc.file) + ":" + std::to_string(call.loc.line) + ":" +
                         std::to_string(call.loc.column) + "-" +
                         std::to_string(call.loc.end_column);
  switch (id) {
  case BuiltinId::Exit:
    emit_exit(call.args.empty() ? b_->getInt64(0) : integer(*call.args[0]));
    return;
  case BuiltinId::Printf:
  case BuiltinId::Cat:
  case BuiltinId::System:
  case BuiltinId::Print:
  case BuiltinId::Time: {
    bundle::EventInfo event;
    event.kind = id == BuiltinId::Printf   ? Kind::Printf
                 : id == BuiltinId::Cat    ? Kind::Cat
                 : id == BuiltinId::System ? Kind::System
                 : id == BuiltinId::Time   ? Kind::Time
                                           : Kind::Print;
    event.location = location;
    size_t first_value = 0;
    if (id != BuiltinId::Print) {
      if (!call.args.empty())
        event.format = static_cast<StringLiteral*>(call.args[0].get())->value;
      else
        event.format = "%H:%M:%S\n";
      first_value = call.args.empty() ? 0 : 1;
    } else if (auto* m = dynamic_cast<Map*>(call.args[0].get()); m && !m->subscripted) {
      // print(@m [, top [, div]]): user space prints the map as it is then.
      event.kind = Kind::PrintMap;
      event.map = static_cast<uint32_t>(checked_.map_index.at(m->name));
      event.payload_size = 16;
      llvm::Value* top = call.args.size() > 1 ? integer(*call.args[1]) : b_->getInt64(0);
      llvm::Value* div = call.args.size() > 2 ? integer(*call.args[2]) : b_->getInt64(1);
      uint32_t event_id = add_event(std::move(event));
      llvm::BasicBlock* full = nullptr;
      llvm::Value* record = event_buffer(event_id, 16, full);
      b_->CreateStore(top, b_->CreateConstGEP1_32(b_->getInt8Ty(), record, 8));
      b_->CreateStore(div, b_->CreateConstGEP1_32(b_->getInt8Ty(), record, 16));
      submit_event(record, full);
      return;
    }
    if (id == BuiltinId::Time)
      first_value = call.args.size();
    // Arguments are computed first, then copied into the reserved record.
    std::vector<Value> values;
    std::vector<TypePtr> types;
    for (size_t i = first_value; i < call.args.size(); ++i) {
      Value v = generate(*call.args[i]);
      values.push_back(v);
      types.push_back(v.in_memory() ? v.type : int_type(8, v.type->is_signed));
    }
    TypePtr args = tuple_type(types);
    event.args = layout_of(*args);
    // Integers travel as 8 bytes; the layout keeps what they mean (probe, username ...).
    for (size_t i = 0; i < values.size(); ++i)
      if (!values[i].in_memory()) {
        event.args.fields[i] = layout_of(*values[i].type, args->fields[i].offset);
        event.args.fields[i].size = 8;
      }
    event.payload_size = args->size;
    uint32_t event_id = add_event(std::move(event));
    llvm::BasicBlock* full = nullptr;
    llvm::Value* record = event_buffer(event_id, args->size, full);
    for (size_t i = 0; i < values.size(); ++i)
      store_value(values[i], *args->fields[i].type,
                  b_->CreateConstGEP1_32(b_->getInt8Ty(), record, 8 + args->fields[i].offset));
    submit_event(record, full);
    return;
  }
  case BuiltinId::Join: {
    // Up to 16 strings of the NULL-terminated array, read straight into the record.
    constexpr uint32_t kSlots = 16, kSlotSize = 64;
    Value argv = generate(*call.args[0]);
    bool user = argv.type->user;
    bundle::EventInfo event;
    event.kind = Kind::Join;
    event.location = location;
    event.format =
        call.args.size() == 2 ? static_cast<StringLiteral*>(call.args[1].get())->value : " ";
    bundle::Layout slots;
    slots.kind = bundle::Layout::Kind::Array;
    slots.count = kSlots;
    slots.size = kSlots * kSlotSize;
    slots.fields = {layout_of(*string_type(kSlotSize))};
    event.args.kind = bundle::Layout::Kind::Tuple;
    event.args.size = slots.size;
    event.args.fields = {slots};
    event.payload_size = kSlots * kSlotSize;
    uint32_t event_id = add_event(std::move(event));
    llvm::AllocaInst* element = stack_i64("join_element");
    llvm::Value* base = integer_of(argv);
    llvm::BasicBlock* full = nullptr;
    llvm::Value* record = event_buffer(event_id, kSlots * kSlotSize, full);
    for (uint32_t i = 0; i < kSlots; ++i) // slots not reached read as empty strings
      b_->CreateStore(b_->getInt8(0),
                      b_->CreateConstGEP1_32(b_->getInt8Ty(), record, 8 + i * kSlotSize));
    llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "join_done", function_);
    for (uint32_t i = 0; i < kSlots; ++i) {
      b_->CreateStore(b_->getInt64(0), element);
      llvm::Value* from =
          b_->CreateIntToPtr(b_->CreateAdd(base, b_->getInt64(8 * i)), b_->getPtrTy());
      call_helper(user ? kProbeReadUser : kProbeReadKernel, b_->getInt64Ty(),
                  {element, b_->getInt32(8), from});
      llvm::Value* pointer = b_->CreateLoad(b_->getInt64Ty(), element);
      llvm::BasicBlock* read = llvm::BasicBlock::Create(*context_, "join_read", function_);
      b_->CreateCondBr(b_->CreateICmpEQ(pointer, b_->getInt64(0)), done, read);
      b_->SetInsertPoint(read);
      call_helper(user ? kProbeReadUserStr : kProbeReadKernelStr, b_->getInt64Ty(),
                  {b_->CreateConstGEP1_32(b_->getInt8Ty(), record, 8 + i * kSlotSize),
                   b_->getInt32(kSlotSize), b_->CreateIntToPtr(pointer, b_->getPtrTy())});
    }
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    submit_event(record, full);
    return;
  }
  case BuiltinId::Clear:
  case BuiltinId::Zero: {
    bundle::EventInfo event;
    event.kind = id == BuiltinId::Clear ? Kind::Clear : Kind::Zero;
    event.map =
        static_cast<uint32_t>(checked_.map_index.at(static_cast<Map*>(call.args[0].get())->name));
    event.location = location;
    uint32_t event_id = add_event(std::move(event));
    llvm::BasicBlock* full = nullptr;
    llvm::Value* record = event_buffer(event_id, 0, full);
    submit_event(record, full);
    return;
  }
  case BuiltinId::Delete: {
    Map* m = static_cast<Map*>(call.args[0].get());
    llvm::Value* key = nullptr;
    if (call.args.size() == 2) {
      // delete(@m, key): the key is the second argument.
      Map access;
      access.name = m->name;
      access.subscripted = true;
      access.loc = call.args[1]->loc;
      access.keys.push_back(std::move(call.args[1]));
      key = map_key_buffer(access, 0);
      call.args[1] = std::move(access.keys[0]);
    } else {
      key = map_key_buffer(*m, 0);
    }
    size_t index = checked_.map_index.at(m->name);
    call_helper(kMapDeleteElem, b_->getInt64Ty(), {maps_[index].map, key});
    return;
  }
  default:
    generate(call);
  }
}

void Generator::visit(Call& n) {
  BuiltinId id = static_cast<BuiltinId>(n.builtin);
  if (const stdlib::BuiltinInfo* info = stdlib::find_builtin(n.name);
      info && info->kind == stdlib::BuiltinKind::Variable) {
    result_ = builtin_variable(id, n.type);
    return;
  }
  switch (id) {
  case BuiltinId::Ksym:
    result_ = {integer(*n.args[0]), n.type};
    return;
  case BuiltinId::Usym:
    result_ = {user_symbol(integer(*n.args[0])), n.type};
    return;
  case BuiltinId::Strftime:
    result_ = {integer(*n.args[1]), n.type};
    return;
  case BuiltinId::Buf: {
    // {uint32 length; uint8 bytes[capacity]}
    uint32_t capacity = n.type->size - 4;
    Value source = generate(*n.args[0]);
    llvm::AllocaInst* buffer = stack(n.type->size, "buf");
    b_->CreateMemSet(buffer, b_->getInt8(0), n.type->size, llvm::MaybeAlign(1));
    llvm::Value* length = b_->getInt64(capacity);
    if (n.args.size() == 2) {
      llvm::Value* wanted = integer(*n.args[1]);
      length = b_->CreateSelect(b_->CreateICmpUGT(wanted, b_->getInt64(capacity)),
                                b_->getInt64(capacity), wanted);
    }
    llvm::Value* bytes = b_->CreateConstGEP1_32(b_->getInt8Ty(), buffer, 4);
    if (source.in_memory()) { // a string already on the stack
      b_->CreateMemCpy(bytes, llvm::MaybeAlign(1), source.value, llvm::MaybeAlign(1),
                       std::min(capacity, source.type->size));
    } else {
      bool user = source.type->kind == TypeKind::Pointer && source.type->user;
      call_helper(user ? kProbeReadUser : kProbeReadKernel, b_->getInt64Ty(),
                  {bytes, b_->CreateTrunc(length, b_->getInt32Ty()),
                   b_->CreateIntToPtr(integer_of(source), b_->getPtrTy())});
    }
    b_->CreateStore(b_->CreateTrunc(length, b_->getInt32Ty()), buffer);
    result_ = {buffer, n.type};
    return;
  }
  case BuiltinId::Ntop:
    result_ = ntop(n);
    return;
  case BuiltinId::Strcontains: {
    Value haystack = generate(*n.args[0]);
    Value needle = generate(*n.args[1]);
    result_ = {string_contains(haystack, needle), n.type};
    return;
  }
  case BuiltinId::Str: {
    if (auto* p = dynamic_cast<PositionalParam*>(n.args[0].get())) {
      std::string text = p->index >= 1 && p->index <= sema_options_.params.size()
                             ? sema_options_.params[p->index - 1]
                             : "";
      result_ = {string_literal(text.substr(0, n.type->size - 1), n.type->size), n.type};
      return;
    }
    Value source = generate(*n.args[0]);
    if (source.in_memory()) { // str() of a string: a copy at the new capacity
      llvm::AllocaInst* buffer = stack(n.type->size, "str");
      store_value(source, *n.type, buffer);
      result_ = {buffer, n.type};
      return;
    }
    int helper = kProbeReadKernelStr;
    if (source.type->kind == TypeKind::Pointer && source.type->user)
      helper = kProbeReadUserStr;
    else if (source.type->kind != TypeKind::Pointer)
      helper = kProbeReadStr;
    result_ = {read_string(source.value, n.type->size, helper), n.type};
    return;
  }
  case BuiltinId::Strncmp: {
    // 0 when the first n characters match, as C's strncmp.
    Value a = generate(*n.args[0]), c = generate(*n.args[1]);
    uint64_t limit = 0;
    if (auto* literal = dynamic_cast<IntegerLiteral*>(n.args[2].get()))
      limit = literal->value;
    uint32_t length =
        static_cast<uint32_t>(std::min<uint64_t>({limit, a.type->size, c.type->size}));
    llvm::AllocaInst* differ = stack_i64("strncmp");
    b_->CreateStore(b_->getInt64(0), differ);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "strncmp_done", function_);
    for (uint32_t i = 0; i < length; ++i) {
      llvm::Value* x =
          b_->CreateLoad(b_->getInt8Ty(), b_->CreateConstGEP1_32(b_->getInt8Ty(), a.value, i));
      llvm::Value* y =
          b_->CreateLoad(b_->getInt8Ty(), b_->CreateConstGEP1_32(b_->getInt8Ty(), c.value, i));
      llvm::BasicBlock* same = llvm::BasicBlock::Create(*context_, "strncmp_same", function_);
      llvm::BasicBlock* different =
          llvm::BasicBlock::Create(*context_, "strncmp_differ", function_);
      b_->CreateCondBr(b_->CreateICmpEQ(x, y), same, different);
      b_->SetInsertPoint(different);
      b_->CreateStore(b_->getInt64(1), differ);
      b_->CreateBr(done);
      b_->SetInsertPoint(same);
      llvm::BasicBlock* next = llvm::BasicBlock::Create(*context_, "strncmp_next", function_);
      b_->CreateCondBr(b_->CreateICmpEQ(x, b_->getInt8(0)), done, next);
      b_->SetInsertPoint(next);
    }
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    result_ = {b_->CreateLoad(b_->getInt64Ty(), differ), n.type};
    return;
  }
  case BuiltinId::Strerror:
    result_ = {integer(*n.args[0]), n.type};
    return;
  case BuiltinId::Bswap: {
    llvm::Value* v = integer(*n.args[0]);
    uint32_t bits = std::max<uint32_t>(8, n.args[0]->type->size * 8);
    if (bits == 8) {
      result_ = {v, n.type};
      return;
    }
    llvm::Value* narrow = b_->CreateTrunc(v, b_->getIntNTy(bits));
    llvm::Function* bswap = llvm::Intrinsic::getDeclaration(module_.get(), llvm::Intrinsic::bswap,
                                                            {b_->getIntNTy(bits)});
    result_ = {b_->CreateZExt(b_->CreateCall(bswap, {narrow}), b_->getInt64Ty()), n.type};
    return;
  }
  case BuiltinId::HasKey: {
    Map* m = static_cast<Map*>(n.args[0].get());
    Map access;
    access.name = m->name;
    access.subscripted = true;
    access.keys.push_back(std::move(n.args[1]));
    llvm::Value* key = map_key_buffer(access, 0);
    n.args[1] = std::move(access.keys[0]);
    size_t index = checked_.map_index.at(m->name);
    llvm::Value* found = call_helper(kMapLookupElem, b_->getPtrTy(), {maps_[index].map, key});
    result_ = {b_->CreateZExt(b_->CreateIsNotNull(found), b_->getInt64Ty()), n.type};
    return;
  }
  default:
    // Statement-only functions have no value (sema reported any such use).
    result_ = {b_->getInt64(0), int_type(8, true)};
  }
}

} // namespace sonde::codegen
