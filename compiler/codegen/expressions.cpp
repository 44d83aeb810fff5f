// Expressions: each visit leaves its value in result_.
#include "compiler/codegen/generator.h"

#include "stdlib/builtins.h"

#include <cctype>

namespace sonde::codegen {

using namespace ast;
using stdlib::BuiltinId;

Value Generator::generate(Expr& e) {
  result_ = Value{};
  set_location(e.loc);
  e.accept(*this);
  if (!result_.value) // unsupported: sema has reported it
    result_ = Value{b_->getInt64(0), int_type(8, true)};
  result_.type = e.type ? e.type : result_.type;
  return result_;
}

llvm::Value* Generator::integer(Expr& e) {
  Value v = generate(e);
  llvm::Value* value = v.value;
  if (value->getType()->isPointerTy())
    return b_->CreatePtrToInt(value, b_->getInt64Ty());
  if (value->getType() != b_->getInt64Ty())
    value = v.type && v.type->is_signed ? b_->CreateSExt(value, b_->getInt64Ty())
                                        : b_->CreateZExt(value, b_->getInt64Ty());
  return value;
}

llvm::Value* Generator::truthy(Expr& e) {
  return b_->CreateICmpNE(integer(e), b_->getInt64(0));
}

// Copies a value into `dest`, laid out as `slot_type` (strings zero-padded or
// truncated to the slot's capacity, integers as 8 bytes).
void Generator::store_value(const Value& v, const Type& slot_type, llvm::Value* dest) {
  if (slot_type.kind == TypeKind::String || slot_type.kind == TypeKind::Buffer) {
    uint32_t copy = std::min(v.type->size, slot_type.size);
    if (copy < slot_type.size)
      b_->CreateMemSet(dest, b_->getInt8(0), slot_type.size, llvm::MaybeAlign(1));
    b_->CreateMemCpy(dest, llvm::MaybeAlign(1), v.value, llvm::MaybeAlign(1), copy);
    if (slot_type.kind == TypeKind::String && copy == slot_type.size &&
        copy > 0) // keep the terminator when truncating
      b_->CreateStore(b_->getInt8(0), b_->CreateConstGEP1_32(b_->getInt8Ty(), dest, copy - 1));
    return;
  }
  if (slot_type.kind == TypeKind::Tuple || slot_type.kind == TypeKind::Record) {
    if (v.type->size == slot_type.size && same_type(*v.type, slot_type)) {
      b_->CreateMemCpy(dest, llvm::MaybeAlign(1), v.value, llvm::MaybeAlign(1), slot_type.size);
      return;
    }
    b_->CreateMemSet(dest, b_->getInt8(0), slot_type.size, llvm::MaybeAlign(1));
    for (size_t i = 0; i < slot_type.fields.size() && i < v.type->fields.size(); ++i) {
      const TypeField& from = v.type->fields[i];
      const TypeField& to = slot_type.fields[i];
      llvm::Value* source = b_->CreateConstGEP1_32(b_->getInt8Ty(), v.value, from.offset);
      Value element{source, from.type};
      if (!element.in_memory())
        element.value = b_->CreateLoad(b_->getInt64Ty(), source);
      store_value(element, *to.type, b_->CreateConstGEP1_32(b_->getInt8Ty(), dest, to.offset));
    }
    return;
  }
  if (v.in_memory()) { // other values kept in memory (user stacks)
    b_->CreateMemCpy(dest, llvm::MaybeAlign(1), v.value, llvm::MaybeAlign(1),
                     std::min(v.type->size, slot_type.size));
    return;
  }
  llvm::Value* value = v.value;
  if (value->getType()->isPointerTy())
    value = b_->CreatePtrToInt(value, b_->getInt64Ty());
  if (value->getType() != b_->getInt64Ty())
    value = b_->CreateIntCast(value, b_->getInt64Ty(), v.type->is_signed);
  if (slot_type.size >= 8 || slot_type.size == 0)
    b_->CreateStore(value, dest);
  else
    b_->CreateStore(b_->CreateTrunc(value, b_->getIntNTy(slot_type.size * 8)), dest);
}

llvm::Value* Generator::string_literal(const std::string& text, uint32_t capacity) {
  llvm::AllocaInst* buffer = stack(capacity, "str");
  std::string bytes = text;
  bytes.resize(capacity, '\0');
  for (uint32_t i = 0; i < capacity; i += 8) {
    uint64_t chunk = 0;
    uint32_t n = std::min<uint32_t>(8, capacity - i);
    for (uint32_t j = 0; j < n; ++j)
      chunk |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i + j])) << (8 * j);
    llvm::Value* at = b_->CreateConstGEP1_32(b_->getInt8Ty(), buffer, i);
    if (n == 8)
      b_->CreateStore(b_->getInt64(chunk), at);
    else
      for (uint32_t j = 0; j < n; ++j)
        b_->CreateStore(b_->getInt8(static_cast<uint8_t>(chunk >> (8 * j))),
                        b_->CreateConstGEP1_32(b_->getInt8Ty(), buffer, i + j));
  }
  return buffer;
}

llvm::Value* Generator::read_string(llvm::Value* address, uint32_t capacity, int helper) {
  llvm::AllocaInst* buffer = stack(capacity, "str");
  b_->CreateMemSet(buffer, b_->getInt8(0), capacity, llvm::MaybeAlign(1));
  llvm::Value* pointer =
      address->getType()->isPointerTy() ? address : b_->CreateIntToPtr(address, b_->getPtrTy());
  call_helper(static_cast<Helper>(helper), b_->getInt64Ty(),
              {buffer, b_->getInt32(capacity), pointer});
  return buffer;
}

void Generator::visit(IntegerLiteral& n) {
  result_ = {b_->getInt64(n.value), n.type};
}

void Generator::visit(StringLiteral& n) {
  result_ = {string_literal(n.value, n.type->size), n.type};
}

void Generator::visit(BoolLiteral& n) {
  result_ = {b_->getInt64(n.value ? 1 : 0), n.type};
}

void Generator::visit(PositionalParam& n) {
  int64_t value = 0;
  if (n.index >= 1 && n.index <= sema_options_.params.size()) {
    const std::string& text = sema_options_.params[n.index - 1];
    if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        }))
      value = std::stoll(text);
  }
  result_ = {b_->getInt64(value), n.type};
}

void Generator::visit(PositionalCount& n) {
  result_ = {b_->getInt64(sema_options_.params.size()), n.type};
}

void Generator::visit(Identifier& n) {
  if (n.constant) { // an enum constant
    result_ = {b_->getInt64(static_cast<uint64_t>(*n.constant)), n.type};
    return;
  }
  if (n.builtin <= -2) { // argN
    uint32_t index = static_cast<uint32_t>(-2 - n.builtin);
    result_ = {function_argument(index), n.type};
    return;
  }
  result_ = builtin_variable(static_cast<BuiltinId>(n.builtin), n.type);
}

// The value of a builtin variable (also called as comm(), kstack(perf)).
Value Generator::builtin_variable(stdlib::BuiltinId id, const TypePtr& type) {
  llvm::Type* i64 = b_->getInt64Ty();
  Value v;
  switch (id) {
  case BuiltinId::Pid:
    v = {b_->CreateLShr(call_helper(kGetCurrentPidTgid, i64, {}), 32), type};
    break;
  case BuiltinId::Tid:
    v = {b_->CreateAnd(call_helper(kGetCurrentPidTgid, i64, {}), 0xffffffff), type};
    break;
  case BuiltinId::Uid:
    v = {b_->CreateAnd(call_helper(kGetCurrentUidGid, i64, {}), 0xffffffff), type};
    break;
  case BuiltinId::Username:
    v = {b_->CreateAnd(call_helper(kGetCurrentUidGid, i64, {}), 0xffffffff), type};
    break;
  case BuiltinId::Gid:
    v = {b_->CreateLShr(call_helper(kGetCurrentUidGid, i64, {}), 32), type};
    break;
  case BuiltinId::Cpu:
    v = {b_->CreateZExt(call_helper(kGetSmpProcessorId, b_->getInt32Ty(), {}), i64), type};
    break;
  case BuiltinId::Elapsed: {
    if (!start_map_) {
      start_map_ = declare_bpf_map("start_time", kArrayMap, 1, 4, 8);
      manifest_.start_time_map = "start_time";
    }
    llvm::AllocaInst* key = stack(4, "start_key");
    b_->CreateStore(b_->getInt32(0), key);
    llvm::Value* start = call_helper(kMapLookupElem, b_->getPtrTy(), {start_map_, key});
    llvm::AllocaInst* slot = stack_i64("start");
    b_->CreateStore(b_->getInt64(0), slot);
    llvm::BasicBlock* read = llvm::BasicBlock::Create(*context_, "start_read", function_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "start_done", function_);
    b_->CreateCondBr(b_->CreateIsNull(start), done, read);
    b_->SetInsertPoint(read);
    b_->CreateStore(b_->CreateLoad(i64, start), slot);
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    v = {b_->CreateSub(call_helper(kKtimeGetBootNs, i64, {}), b_->CreateLoad(i64, slot)), type};
    break;
  }
  case BuiltinId::Nsecs:
    v = {call_helper(kKtimeGetBootNs, i64, {}), type};
    break;
  case BuiltinId::Rand:
    v = {b_->CreateZExt(call_helper(kGetPrandomU32, b_->getInt32Ty(), {}), i64), type};
    break;
  case BuiltinId::Cgroup:
    v = {call_helper(kGetCurrentCgroupId, i64, {}), type};
    break;
  case BuiltinId::Numaid:
    v = {b_->CreateZExt(call_helper(kGetNumaNodeId, b_->getInt32Ty(), {}), i64), type};
    break;
  case BuiltinId::Jiffies:
    v = {call_helper(kJiffies64, i64, {}), type};
    break;
  case BuiltinId::Curtask:
    v = {call_helper(kGetCurrentTask, i64, {}), type};
    break;
  case BuiltinId::Retval:
    v = {b_->CreateLoad(i64, b_->CreateConstGEP1_32(b_->getInt8Ty(), ctx_, kRegsAx)), type};
    break;
  case BuiltinId::Func: {
    if (type->kind == TypeKind::Probe) { // uretprobe: the probe's own function
      v = builtin_variable(BuiltinId::Probe, type);
      break;
    }
    llvm::Value* ip = b_->CreateLoad(i64, b_->CreateConstGEP1_32(b_->getInt8Ty(), ctx_, kRegsIp));
    v = {type->kind == TypeKind::Ksym ? ip : user_symbol(ip), type};
    break;
  }
  case BuiltinId::Cpid:
    v = {b_->getInt64(static_cast<uint64_t>(sema_options_.child_pid)), type};
    break;
  case BuiltinId::Comm: {
    llvm::AllocaInst* buffer = stack(16, "comm");
    b_->CreateMemSet(buffer, b_->getInt8(0), 16, llvm::MaybeAlign(1));
    call_helper(kGetCurrentComm, i64, {buffer, b_->getInt32(16)});
    v = {buffer, type};
    break;
  }
  case BuiltinId::Probe: {
    // One target: its name is known here. Several: the attach cookie says.
    if (probe_->targets.size() == 1)
      v = {b_->getInt64(probe_->targets[0].cookie), type};
    else if (syscall_cookie_)
      v = {syscall_cookie_, type};
    else
      v = {call_helper(kGetAttachCookie, i64, {ctx_}), type};
    break;
  }
  case BuiltinId::Args:
    v = {ctx_, type};
    break;
  case BuiltinId::Kstack:
  case BuiltinId::Ustack: {
    bool user = id == BuiltinId::Ustack;
    if (!stack_map_) {
      stack_map_ = declare_bpf_map("stacks", kStackTraceMap, 4096, 4, 127 * 8);
      manifest_.stack_map = "stacks";
    }
    llvm::Value* stack_id =
        call_helper(kGetStackid, i64, {ctx_, stack_map_, b_->getInt64(user ? kUserStackFlag : 0)});
    if (!user) {
      v = {stack_id, type};
      break;
    }
    llvm::AllocaInst* slot = stack(16, "ustack");
    b_->CreateStore(stack_id, slot);
    b_->CreateStore(b_->CreateLShr(call_helper(kGetCurrentPidTgid, i64, {}), 32),
                    b_->CreateConstGEP1_32(b_->getInt8Ty(), slot, 8));
    v = {slot, type};
    break;
  }
  default:
    v = {b_->getInt64(0), int_type(8, true)};
  }
  return v;
}

llvm::Value* Generator::variable_slot(const std::string& name, const TypePtr& type) {
  auto it = variables_.find(name);
  if (it != variables_.end())
    return it->second;
  // Integers, pointers, and arrays and structs held by their address take 8 bytes.
  Value probe{nullptr, type};
  uint32_t size =
      type->kind == TypeKind::Integer || type->kind == TypeKind::Bool || !probe.in_memory()
          ? std::max<uint32_t>(8, probe.in_memory() ? type->size : 8)
          : type->size;
  llvm::Value* slot = stack(size, name.substr(1));
  variables_[name] = slot;
  return slot;
}

void Generator::visit(Variable& n) {
  llvm::Value* slot = variable_slot(n.name, n.type);
  Value v{slot, n.type};
  if (!v.in_memory())
    v.value = b_->CreateLoad(b_->getInt64Ty(), slot);
  result_ = v;
}

// Reading a map: its value, or zero when the key is absent.
void Generator::visit(Map& n) {
  size_t index = checked_.map_index.at(n.name);
  const MapGlobals& globals = maps_[index];
  llvm::Value* key = map_key_buffer(n, 0);
  llvm::Value* found = call_helper(kMapLookupElem, b_->getPtrTy(), {globals.map, key});
  llvm::Value* is_null = b_->CreateIsNull(found);
  uint32_t size = std::max<uint32_t>(globals.value_size, 8);
  llvm::AllocaInst* copy = stack(size, "map_value");
  b_->CreateMemSet(copy, b_->getInt8(0), size, llvm::MaybeAlign(1));
  llvm::BasicBlock* read = llvm::BasicBlock::Create(*context_, "map_read", function_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "map_read_done", function_);
  b_->CreateCondBr(is_null, done, read);
  b_->SetInsertPoint(read);
  b_->CreateMemCpy(copy, llvm::MaybeAlign(1), found, llvm::MaybeAlign(1), globals.value_size);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  Value v{copy, n.type};
  if (!v.in_memory())
    v.value = b_->CreateLoad(b_->getInt64Ty(), copy);
  result_ = v;
}

void Generator::visit(Unary& n) {
  switch (n.op) {
  case UnaryOp::Deref: {
    Value pointer = generate(*n.operand);
    result_ = read_memory(integer_of(pointer), n.type, pointer.type->user);
    return;
  }
  case UnaryOp::Neg:
    result_ = {b_->CreateNeg(integer(*n.operand)), n.type};
    return;
  case UnaryOp::Plus:
    result_ = {integer(*n.operand), n.type};
    return;
  case UnaryOp::BitNot:
    result_ = {b_->CreateNot(integer(*n.operand)), n.type};
    return;
  case UnaryOp::Not:
    result_ = {
        b_->CreateZExt(b_->CreateICmpEQ(integer(*n.operand), b_->getInt64(0)), b_->getInt64Ty()),
        n.type};
    return;
  case UnaryOp::PreInc:
  case UnaryOp::PreDec:
  case UnaryOp::PostInc:
  case UnaryOp::PostDec: {
    bool increment = n.op == UnaryOp::PreInc || n.op == UnaryOp::PostInc;
    bool post = n.op == UnaryOp::PostInc || n.op == UnaryOp::PostDec;
    BinaryOp op = increment ? BinaryOp::Add : BinaryOp::Sub;
    if (auto* m = dynamic_cast<Map*>(n.operand.get())) {
      llvm::Value* value = nullptr;
      map_update_integer(*m, op, b_->getInt64(1), post, &value);
      result_ = {value, n.type};
      return;
    }
    auto* v = static_cast<Variable*>(n.operand.get());
    llvm::Value* slot = variable_slot(v->name, v->type);
    llvm::Value* old = b_->CreateLoad(b_->getInt64Ty(), slot);
    llvm::Value* updated =
        increment ? b_->CreateAdd(old, b_->getInt64(1)) : b_->CreateSub(old, b_->getInt64(1));
    b_->CreateStore(updated, slot);
    result_ = {post ? old : updated, n.type};
    return;
  }
  default:
    result_ = {b_->getInt64(0), n.type};
  }
}

void Generator::visit(Binary& n) {
  if (n.lhs->type->kind == TypeKind::String) {
    // Strings compare up to the shorter capacity and the first NUL.
    Value l = generate(*n.lhs), r = generate(*n.rhs);
    uint32_t length = std::min(l.type->size, r.type->size);
    llvm::AllocaInst* equal = stack_i64("streq");
    b_->CreateStore(b_->getInt64(1), equal);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "strcmp_done", function_);
    for (uint32_t i = 0; i < length; ++i) {
      llvm::Value* a =
          b_->CreateLoad(b_->getInt8Ty(), b_->CreateConstGEP1_32(b_->getInt8Ty(), l.value, i));
      llvm::Value* c =
          b_->CreateLoad(b_->getInt8Ty(), b_->CreateConstGEP1_32(b_->getInt8Ty(), r.value, i));
      llvm::BasicBlock* same = llvm::BasicBlock::Create(*context_, "strcmp_same", function_);
      llvm::BasicBlock* differ = llvm::BasicBlock::Create(*context_, "strcmp_differ", function_);
      b_->CreateCondBr(b_->CreateICmpEQ(a, c), same, differ);
      b_->SetInsertPoint(differ);
      b_->CreateStore(b_->getInt64(0), equal);
      b_->CreateBr(done);
      b_->SetInsertPoint(same);
      llvm::BasicBlock* next = llvm::BasicBlock::Create(*context_, "strcmp_next", function_);
      b_->CreateCondBr(b_->CreateICmpEQ(a, b_->getInt8(0)), done, next);
      b_->SetInsertPoint(next);
    }
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    llvm::Value* result = b_->CreateLoad(b_->getInt64Ty(), equal);
    if (n.op == BinaryOp::Ne)
      result = b_->CreateXor(result, b_->getInt64(1));
    result_ = {result, n.type};
    return;
  }
  if (n.op == BinaryOp::LogicalAnd || n.op == BinaryOp::LogicalOr) {
    // Short-circuit: the right side runs only when it decides the result.
    llvm::AllocaInst* slot = stack_i64("logical");
    bool is_and = n.op == BinaryOp::LogicalAnd;
    b_->CreateStore(b_->getInt64(is_and ? 0 : 1), slot);
    llvm::BasicBlock* rhs = llvm::BasicBlock::Create(*context_, "logical_rhs", function_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "logical_done", function_);
    llvm::Value* left = truthy(*n.lhs);
    if (is_and)
      b_->CreateCondBr(left, rhs, done);
    else
      b_->CreateCondBr(left, done, rhs);
    b_->SetInsertPoint(rhs);
    b_->CreateStore(b_->CreateZExt(truthy(*n.rhs), b_->getInt64Ty()), slot);
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    result_ = {b_->CreateLoad(b_->getInt64Ty(), slot), n.type};
    return;
  }
  llvm::Value* l = integer(*n.lhs);
  llvm::Value* r = integer(*n.rhs);
  bool is_signed = n.lhs->type->is_signed && n.rhs->type->is_signed;
  if (dynamic_cast<IntegerLiteral*>(n.lhs.get()))
    is_signed = n.rhs->type->is_signed;
  else if (dynamic_cast<IntegerLiteral*>(n.rhs.get()))
    is_signed = n.lhs->type->is_signed;
  llvm::Value* v = nullptr;
  auto compare = [&](llvm::CmpInst::Predicate s, llvm::CmpInst::Predicate u) {
    return b_->CreateZExt(b_->CreateICmp(is_signed ? s : u, l, r), b_->getInt64Ty());
  };
  switch (n.op) {
  case BinaryOp::Add:
    v = b_->CreateAdd(l, r);
    break;
  case BinaryOp::Sub:
    v = b_->CreateSub(l, r);
    break;
  case BinaryOp::Mul:
    v = b_->CreateMul(l, r);
    break;
  case BinaryOp::Div:
  case BinaryOp::Mod: {
    v = divide(l, r, is_signed, n.op == BinaryOp::Mod);
    break;
  }
  case BinaryOp::BitAnd:
    v = b_->CreateAnd(l, r);
    break;
  case BinaryOp::BitOr:
    v = b_->CreateOr(l, r);
    break;
  case BinaryOp::BitXor:
    v = b_->CreateXor(l, r);
    break;
  case BinaryOp::Shl:
    v = b_->CreateShl(l, b_->CreateAnd(r, 63));
    break;
  case BinaryOp::Shr:
    v = is_signed ? b_->CreateAShr(l, b_->CreateAnd(r, 63))
                  : b_->CreateLShr(l, b_->CreateAnd(r, 63));
    break;
  case BinaryOp::Eq:
    v = compare(llvm::CmpInst::ICMP_EQ, llvm::CmpInst::ICMP_EQ);
    break;
  case BinaryOp::Ne:
    v = compare(llvm::CmpInst::ICMP_NE, llvm::CmpInst::ICMP_NE);
    break;
  case BinaryOp::Lt:
    v = compare(llvm::CmpInst::ICMP_SLT, llvm::CmpInst::ICMP_ULT);
    break;
  case BinaryOp::Le:
    v = compare(llvm::CmpInst::ICMP_SLE, llvm::CmpInst::ICMP_ULE);
    break;
  case BinaryOp::Gt:
    v = compare(llvm::CmpInst::ICMP_SGT, llvm::CmpInst::ICMP_UGT);
    break;
  case BinaryOp::Ge:
    v = compare(llvm::CmpInst::ICMP_SGE, llvm::CmpInst::ICMP_UGE);
    break;
  default:
    v = b_->getInt64(0);
  }
  result_ = {v, n.type};
}

void Generator::visit(Ternary& n) {
  if (n.type->kind == TypeKind::Integer || n.type->kind == TypeKind::Bool) {
    llvm::AllocaInst* slot = stack_i64("ternary");
    llvm::Value* cond = integer(*n.cond);
    llvm::BasicBlock* then = llvm::BasicBlock::Create(*context_, "then", function_);
    llvm::BasicBlock* otherwise = llvm::BasicBlock::Create(*context_, "else", function_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "ternary_done", function_);
    if (!n.then)
      b_->CreateStore(cond, slot);
    b_->CreateCondBr(b_->CreateICmpNE(cond, b_->getInt64(0)), then, otherwise);
    b_->SetInsertPoint(then);
    if (n.then)
      b_->CreateStore(integer(*n.then), slot);
    b_->CreateBr(done);
    b_->SetInsertPoint(otherwise);
    b_->CreateStore(integer(*n.otherwise), slot);
    b_->CreateBr(done);
    b_->SetInsertPoint(done);
    result_ = {b_->CreateLoad(b_->getInt64Ty(), slot), n.type};
    return;
  }
  llvm::AllocaInst* slot = stack(n.type->size, "ternary");
  llvm::Value* cond = truthy(*n.cond);
  llvm::BasicBlock* then = llvm::BasicBlock::Create(*context_, "then", function_);
  llvm::BasicBlock* otherwise = llvm::BasicBlock::Create(*context_, "else", function_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "ternary_done", function_);
  b_->CreateCondBr(cond, then, otherwise);
  b_->SetInsertPoint(then);
  store_value(generate(n.then ? *n.then : *n.cond), *n.type, slot);
  b_->CreateBr(done);
  b_->SetInsertPoint(otherwise);
  store_value(generate(*n.otherwise), *n.type, slot);
  b_->CreateBr(done);
  b_->SetInsertPoint(done);
  result_ = {slot, n.type};
}

void Generator::visit(FieldAccess& n) {
  Value base = generate(*n.base);
  const Type* record = base.type.get();
  if (record->kind == TypeKind::Pointer && record->element)
    record = record->element.get();
  if (record->kind == TypeKind::Struct && record->btf_id) {
    // A kernel struct: base is its address; read the member from there.
    bool user = base.type->kind == TypeKind::Pointer && base.type->user;
    llvm::Value* address = b_->CreateAdd(integer_of(base), b_->getInt64(n.byte_offset));
    Value v = read_memory(address, n.type, user);
    if (n.bit_width) {
      llvm::Value* bits = b_->CreateLShr(v.value, n.bit_shift);
      v.value = b_->CreateAnd(
          bits, b_->getInt64(n.bit_width >= 64 ? ~uint64_t{0} : (uint64_t{1} << n.bit_width) - 1));
    }
    result_ = v;
    return;
  }
  const TypeField* field = record->field(n.field);
  if (!field) {
    result_ = {b_->getInt64(0), n.type};
    return;
  }
  if (record->kind == TypeKind::Struct && probe_->args_type && base.value == ctx_) {
    // A tracepoint field, read straight from the record.
    const sema::ArgsField& where = probe_->args_fields.at(n.field);
    llvm::Value* address = b_->CreateConstGEP1_32(b_->getInt8Ty(), ctx_, where.offset);
    if (where.data_loc) {
      llvm::Value* loc = b_->CreateLoad(b_->getInt32Ty(), address);
      llvm::Value* offset = b_->CreateZExt(b_->CreateAnd(loc, 0xffff), b_->getInt64Ty());
      llvm::Value* data = b_->CreateGEP(b_->getInt8Ty(), ctx_, offset);
      result_ = {read_string(data, field->type->size, kProbeReadKernelStr), n.type};
      return;
    }
    if (field->type->kind == TypeKind::Array) { // read element by element when indexed
      result_ = {b_->CreatePtrToInt(address, b_->getInt64Ty()), n.type};
      return;
    }
    if (probe_->type == stdlib::ProbeType::RawTracepoint) {
      // A raw tracepoint's context is an array of u64, read 8 bytes at a time.
      llvm::Value* raw = b_->CreateLoad(b_->getInt64Ty(), address);
      uint32_t bits = field->type->kind == TypeKind::Pointer
                          ? 64
                          : std::max<uint32_t>(8, std::min<uint32_t>(64, field->type->size * 8));
      llvm::Value* wide = raw;
      if (bits < 64) {
        llvm::Value* narrow = b_->CreateTrunc(raw, b_->getIntNTy(bits));
        wide = field->type->is_signed ? b_->CreateSExt(narrow, b_->getInt64Ty())
                                      : b_->CreateZExt(narrow, b_->getInt64Ty());
      }
      result_ = {wide, n.type};
      return;
    }
    if (field->type->kind == TypeKind::String) {
      llvm::AllocaInst* buffer = stack(field->type->size, "field");
      call_helper(kProbeReadKernel, b_->getInt64Ty(),
                  {buffer, b_->getInt32(field->type->size), address});
      result_ = {buffer, n.type};
      return;
    }
    uint32_t size = field->type->kind == TypeKind::Pointer ? 8 : field->type->size;
    llvm::Value* raw = b_->CreateLoad(b_->getIntNTy(size * 8), address);
    llvm::Value* wide = raw;
    if (size < 8)
      wide = field->type->is_signed ? b_->CreateSExt(raw, b_->getInt64Ty())
                                    : b_->CreateZExt(raw, b_->getInt64Ty());
    result_ = {wide, n.type};
    return;
  }
  // A tuple or record element, in memory.
  llvm::Value* address = b_->CreateConstGEP1_32(b_->getInt8Ty(), base.value, field->offset);
  Value v{address, field->type};
  if (!v.in_memory())
    v.value = b_->CreateLoad(b_->getInt64Ty(), address);
  result_ = v;
}

// An i64 of an integer or address value.
llvm::Value* Generator::integer_of(const Value& v) {
  if (v.value->getType()->isPointerTy())
    return b_->CreatePtrToInt(v.value, b_->getInt64Ty());
  if (v.value->getType() != b_->getInt64Ty())
    return b_->CreateIntCast(v.value, b_->getInt64Ty(), v.type && v.type->is_signed);
  return v.value;
}

// Reads a value of `type` at a kernel or user address. Structs and arrays
// are not read: their value is their address, and members are read later.
Value Generator::read_memory(llvm::Value* address, const TypePtr& type, bool user) {
  llvm::Value* pointer = b_->CreateIntToPtr(address, b_->getPtrTy());
  Helper read = user ? kProbeReadUser : kProbeReadKernel;
  switch (type->kind) {
  case TypeKind::Struct:
  case TypeKind::Array:
    return {address, type};
  case TypeKind::String: {
    llvm::AllocaInst* buffer = stack(type->size, "read");
    b_->CreateMemSet(buffer, b_->getInt8(0), type->size, llvm::MaybeAlign(1));
    call_helper(read, b_->getInt64Ty(), {buffer, b_->getInt32(type->size), pointer});
    return {buffer, type};
  }
  default: {
    uint32_t size = type->kind == TypeKind::Pointer
                        ? 8
                        : std::max<uint32_t>(1, std::min<uint32_t>(type->size, 8));
    llvm::AllocaInst* slot = stack_i64("read");
    b_->CreateStore(b_->getInt64(0), slot);
    call_helper(read, b_->getInt64Ty(), {slot, b_->getInt32(size), pointer});
    llvm::Value* raw = b_->CreateLoad(b_->getIntNTy(size * 8), slot);
    llvm::Value* wide = raw;
    if (size < 8)
      wide = type->is_signed ? b_->CreateSExt(raw, b_->getInt64Ty())
                             : b_->CreateZExt(raw, b_->getInt64Ty());
    return {wide, type};
  }
  }
}

void Generator::visit(Index& n) {
  Value base = generate(*n.base);
  llvm::Value* index = integer(*n.index);
  const TypePtr& element = base.type->element;
  llvm::Value* address =
      b_->CreateAdd(integer_of(base), b_->CreateMul(index, b_->getInt64(element->size)));
  bool user = base.type->kind == TypeKind::Pointer && base.type->user;
  Value v = read_memory(address, element, user);
  // A pointer read from user memory points into user memory too.
  if (user && element->kind == TypeKind::Pointer && !element->user)
    v.type = pointer_type(element->element, true);
  result_ = v;
}

void Generator::visit(Cast& n) {
  if (n.Expr::type->kind == TypeKind::Pointer) {
    result_ = {integer(*n.operand), n.Expr::type};
    return;
  }
  llvm::Value* v = integer(*n.operand);
  uint32_t bits = n.Expr::type->size * 8;
  if (bits < 64) {
    llvm::Value* narrow = b_->CreateTrunc(v, b_->getIntNTy(bits));
    v = n.Expr::type->is_signed ? b_->CreateSExt(narrow, b_->getInt64Ty())
                                : b_->CreateZExt(narrow, b_->getInt64Ty());
  }
  if (n.Expr::type->kind == TypeKind::Bool)
    v = b_->CreateZExt(b_->CreateICmpNE(v, b_->getInt64(0)), b_->getInt64Ty());
  result_ = {v, n.Expr::type};
}

void Generator::visit(Tuple& n) {
  llvm::AllocaInst* buffer = stack(n.type->size, "tuple");
  b_->CreateMemSet(buffer, b_->getInt8(0), n.type->size, llvm::MaybeAlign(1));
  for (size_t i = 0; i < n.elements.size(); ++i) {
    const TypeField& f = n.type->fields[i];
    store_value(generate(*n.elements[i]), *f.type,
                b_->CreateConstGEP1_32(b_->getInt8Ty(), buffer, f.offset));
  }
  result_ = {buffer, n.type};
}

void Generator::visit(Record& n) {
  llvm::AllocaInst* buffer = stack(n.type->size, "record");
  b_->CreateMemSet(buffer, b_->getInt8(0), n.type->size, llvm::MaybeAlign(1));
  for (size_t i = 0; i < n.fields.size(); ++i) {
    const TypeField& f = n.type->fields[i];
    store_value(generate(*n.fields[i].value), *f.type,
                b_->CreateConstGEP1_32(b_->getInt8Ty(), buffer, f.offset));
  }
  result_ = {buffer, n.type};
}

void Generator::visit(Sizeof& n) {
  uint64_t size = 8;
  if (n.expr && n.expr->type)
    size = n.expr->type->size;
  else if (n.type && n.type->kind == TypeSpec::Kind::Integer)
    size = std::stoul(n.type->name.substr(n.type->name.find("int") + 3)) / 8;
  result_ = {b_->getInt64(size), n.Expr::type};
}

// floor(log2(v)) by halving the range, without loops.
static llvm::Value* log2_floor(llvm::IRBuilder<>& b, llvm::Value* v) {
  llvm::Value* result = b.getInt64(0);
  for (int shift : {32, 16, 8, 4, 2, 1}) {
    llvm::Value* big = b.CreateICmpUGE(v, b.getInt64(uint64_t{1} << shift));
    result = b.CreateSelect(big, b.CreateAdd(result, b.getInt64(shift)), result);
    v = b.CreateSelect(big, b.CreateLShr(v, shift), v);
  }
  return result;
}

// The bucket layout of runtime/format/hist.h.
llvm::Value* Generator::hist_index(llvm::Value* v, uint32_t bits) {
  uint64_t sub_buckets = uint64_t{1} << bits;
  llvm::Value* negative = b_->CreateICmpSLT(v, b_->getInt64(0));
  llvm::Value* small = b_->CreateICmpULT(v, b_->getInt64(2 * sub_buckets));
  llvm::Value* p = log2_floor(*b_, v);
  llvm::Value* shift = b_->CreateSub(p, b_->getInt64(bits));
  llvm::Value* large = b_->CreateAdd(
      b_->CreateAdd(b_->CreateMul(b_->CreateAdd(shift, b_->getInt64(1)), b_->getInt64(sub_buckets)),
                    b_->CreateAnd(b_->CreateLShr(v, shift), b_->getInt64(sub_buckets - 1))),
      b_->getInt64(1));
  llvm::Value* index = b_->CreateSelect(small, b_->CreateAdd(v, b_->getInt64(1)), large);
  return b_->CreateSelect(negative, b_->getInt64(0), index);
}

llvm::Value* Generator::lhist_index(llvm::Value* v, int64_t min, int64_t max, int64_t step) {
  int64_t buckets = (max - min) / step;
  llvm::Value* below = b_->CreateICmpSLT(v, b_->getInt64(min));
  llvm::Value* above = b_->CreateICmpSGE(v, b_->getInt64(min + buckets * step));
  llvm::Value* inside = b_->CreateAdd(
      b_->CreateUDiv(b_->CreateSub(v, b_->getInt64(min)), b_->getInt64(step)), b_->getInt64(1));
  llvm::Value* index = b_->CreateSelect(above, b_->getInt64(buckets + 1), inside);
  return b_->CreateSelect(below, b_->getInt64(0), index);
}

bundle::Layout Generator::layout_of(const Type& type, uint32_t offset) {
  using Kind = bundle::Layout::Kind;
  bundle::Layout layout;
  layout.offset = offset;
  layout.size = type.size;
  layout.is_signed = type.is_signed;
  switch (type.kind) {
  case TypeKind::Integer:
    layout.kind = Kind::Integer;
    break;
  case TypeKind::Bool:
    layout.kind = Kind::Bool;
    break;
  case TypeKind::String:
    layout.kind = Kind::String;
    break;
  case TypeKind::Buffer:
    layout.kind = Kind::Buffer;
    break;
  case TypeKind::Pointer:
    layout.kind = Kind::Pointer;
    layout.size = 8;
    break;
  case TypeKind::Probe:
    layout.kind = Kind::ProbeName;
    break;
  case TypeKind::Username:
    layout.kind = Kind::Username;
    break;
  case TypeKind::Strerror:
    layout.kind = Kind::Strerror;
    break;
  case TypeKind::Ksym:
    layout.kind = Kind::Ksym;
    break;
  case TypeKind::Usym:
    layout.kind = Kind::Usym;
    break;
  case TypeKind::Timestamp:
    layout.kind = Kind::Timestamp;
    layout.text = type.name;
    break;
  case TypeKind::Inet:
    layout.kind = Kind::Inet;
    break;
  case TypeKind::Kstack:
  case TypeKind::Ustack:
    layout.kind = type.kind == TypeKind::Kstack ? Kind::Kstack : Kind::Ustack;
    layout.mode = type.name;
    layout.count = type.count;
    break;
  case TypeKind::Tuple:
  case TypeKind::Record:
    layout.kind = type.kind == TypeKind::Tuple ? Kind::Tuple : Kind::Record;
    for (const TypeField& f : type.fields) {
      layout.fields.push_back(layout_of(*f.type, f.offset));
      layout.names.push_back(f.name);
    }
    if (type.kind == TypeKind::Tuple)
      layout.names.clear();
    break;
  default:
    layout.kind = Kind::Integer;
    layout.size = 8;
    break;
  }
  return layout;
}

} // namespace sonde::codegen

namespace sonde::codegen {

// ntop([family,] address) -> {uint32 family; uint8 address[16]}
Value Generator::ntop(ast::Call& call) {
  constexpr int kAfInet = 2, kAfInet6 = 10;
  ast::Expr& address = *call.args.back();
  llvm::AllocaInst* buffer = stack(20, "inet");
  b_->CreateMemSet(buffer, b_->getInt8(0), 20, llvm::MaybeAlign(1));
  llvm::Value* bytes = b_->CreateConstGEP1_32(b_->getInt8Ty(), buffer, 4);
  int family = kAfInet;
  if (address.type->kind == ast::TypeKind::Array) {
    family = address.type->count == 16 ? kAfInet6 : kAfInet;
    llvm::Value* from = b_->CreateIntToPtr(integer(address), b_->getPtrTy());
    call_helper(kProbeReadKernel, b_->getInt64Ty(),
                {bytes, b_->getInt32(address.type->count), from});
  } else {
    b_->CreateStore(b_->CreateTrunc(integer(address), b_->getInt32Ty()), bytes);
  }
  llvm::Value* family_value = call.args.size() == 2
                                  ? b_->CreateTrunc(integer(*call.args[0]), b_->getInt32Ty())
                                  : static_cast<llvm::Value*>(b_->getInt32(family));
  b_->CreateStore(family_value, buffer);
  return {buffer, call.type};
}

// Whether `needle` occurs in `haystack` (1 or 0); both NUL-terminated
// within their capacities. Bounded loops: the verifier sees every bound.
llvm::Value* Generator::string_contains(const Value& haystack, const Value& needle) {
  llvm::Type* i64 = b_->getInt64Ty();
  llvm::Type* i8 = b_->getInt8Ty();
  llvm::AllocaInst* found = stack_i64("contains");
  llvm::AllocaInst* start = stack_i64("contains_start");
  llvm::AllocaInst* offset = stack_i64("contains_offset");
  b_->CreateStore(b_->getInt64(0), found);
  b_->CreateStore(b_->getInt64(0), start);
  uint32_t hay_size = haystack.type->size, needle_size = needle.type->size;

  llvm::BasicBlock* outer = llvm::BasicBlock::Create(*context_, "contains_outer", function_);
  llvm::BasicBlock* inner = llvm::BasicBlock::Create(*context_, "contains_inner", function_);
  llvm::BasicBlock* compare = llvm::BasicBlock::Create(*context_, "contains_compare", function_);
  llvm::BasicBlock* advance = llvm::BasicBlock::Create(*context_, "contains_advance", function_);
  llvm::BasicBlock* next_start = llvm::BasicBlock::Create(*context_, "contains_next", function_);
  llvm::BasicBlock* hit = llvm::BasicBlock::Create(*context_, "contains_hit", function_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(*context_, "contains_done", function_);
  b_->CreateBr(outer);

  // for (start = 0; start < hay_size; ++start)
  b_->SetInsertPoint(outer);
  llvm::Value* s = b_->CreateLoad(i64, start);
  b_->CreateStore(b_->getInt64(0), offset);
  b_->CreateCondBr(b_->CreateICmpULT(s, b_->getInt64(hay_size)), inner, done);

  // for (offset = 0; offset < needle_size; ++offset)
  b_->SetInsertPoint(inner);
  llvm::Value* o = b_->CreateLoad(i64, offset);
  llvm::Value* in_needle = b_->CreateICmpULT(o, b_->getInt64(needle_size));
  b_->CreateCondBr(in_needle, compare, hit);

  b_->SetInsertPoint(compare);
  llvm::Value* o_bounded = b_->CreateAnd(o, b_->getInt64(needle_size >= 1 ? 0xffff : 0));
  llvm::Value* n_char = b_->CreateLoad(
      i8, b_->CreateGEP(i8, needle.value, b_->CreateURem(o_bounded, b_->getInt64(needle_size))));
  llvm::Value* position = b_->CreateAdd(b_->CreateLoad(i64, start), o);
  llvm::Value* in_hay = b_->CreateICmpULT(position, b_->getInt64(hay_size));
  llvm::Value* h_char = b_->CreateLoad(
      i8, b_->CreateGEP(i8, haystack.value, b_->CreateURem(position, b_->getInt64(hay_size))));
  llvm::Value* needle_ended = b_->CreateICmpEQ(n_char, b_->getInt8(0));
  llvm::Value* same = b_->CreateAnd(in_hay, b_->CreateICmpEQ(n_char, h_char));
  llvm::BasicBlock* matched = llvm::BasicBlock::Create(*context_, "contains_matched", function_);
  b_->CreateCondBr(needle_ended, hit, matched);
  b_->SetInsertPoint(matched);
  b_->CreateCondBr(same, advance, next_start);

  b_->SetInsertPoint(advance);
  b_->CreateStore(b_->CreateAdd(b_->CreateLoad(i64, offset), b_->getInt64(1)), offset);
  b_->CreateBr(inner);

  b_->SetInsertPoint(next_start);
  b_->CreateStore(b_->CreateAdd(b_->CreateLoad(i64, start), b_->getInt64(1)), start);
  b_->CreateBr(outer);

  b_->SetInsertPoint(hit);
  b_->CreateStore(b_->getInt64(1), found);
  b_->CreateBr(done);

  b_->SetInsertPoint(done);
  return b_->CreateLoad(i64, found);
}

} // namespace sonde::codegen

namespace sonde::codegen {

// Argument `index` of the probed function: from the raw tracepoint's u64
// array, or from the registers of the x86-64 calling convention.
llvm::Value* Generator::function_argument(uint32_t index) {
  if (probe_->type != stdlib::ProbeType::Uprobe && probe_->type != stdlib::ProbeType::Kprobe)
    return b_->CreateLoad(b_->getInt64Ty(),
                          b_->CreateConstGEP1_32(b_->getInt8Ty(), ctx_, 8 * index));
  // struct pt_regs offsets of rdi, rsi, rdx, rcx, r8, r9.
  static const uint32_t kArgumentRegisters[] = {112, 104, 96, 88, 72, 64};
  if (index >= std::size(kArgumentRegisters)) { // passed on the stack
    llvm::Value* sp =
        b_->CreateLoad(b_->getInt64Ty(), b_->CreateConstGEP1_32(b_->getInt8Ty(), ctx_, kRegsSp));
    llvm::Value* address =
        b_->CreateAdd(sp, b_->getInt64(8 * (index - std::size(kArgumentRegisters) + 1)));
    return read_memory(address, ast::int_type(8, false), true).value;
  }
  return b_->CreateLoad(b_->getInt64Ty(),
                        b_->CreateConstGEP1_32(b_->getInt8Ty(), ctx_, kArgumentRegisters[index]));
}

// {address, pid}: what user space needs to name a user address.
llvm::Value* Generator::user_symbol(llvm::Value* address) {
  llvm::AllocaInst* slot = stack(16, "usym");
  b_->CreateStore(address, slot);
  b_->CreateStore(b_->CreateLShr(call_helper(kGetCurrentPidTgid, b_->getInt64Ty(), {}), 32),
                  b_->CreateConstGEP1_32(b_->getInt8Ty(), slot, 8));
  return slot;
}

} // namespace sonde::codegen

namespace sonde::codegen {

// l / r or l % r as C computes them (a quotient truncated toward zero, a
// remainder with the sign of l), and 0 when r is 0 rather than a program the
// verifier refuses. Signed operands go through unsigned ones: BPF before
// ISA v4 has no signed division.
llvm::Value* Generator::divide(llvm::Value* l, llvm::Value* r, bool is_signed, bool remainder) {
  llvm::Value* zero = b_->CreateICmpEQ(r, b_->getInt64(0));
  llvm::Value* safe = b_->CreateSelect(zero, b_->getInt64(1), r);
  llvm::Value* result = nullptr;
  if (!is_signed) {
    result = remainder ? b_->CreateURem(l, safe) : b_->CreateUDiv(l, safe);
  } else {
    llvm::Value* l_negative = b_->CreateICmpSLT(l, b_->getInt64(0));
    llvm::Value* r_negative = b_->CreateICmpSLT(safe, b_->getInt64(0));
    llvm::Value* l_abs = b_->CreateSelect(l_negative, b_->CreateNeg(l), l);
    llvm::Value* r_abs = b_->CreateSelect(r_negative, b_->CreateNeg(safe), safe);
    llvm::Value* magnitude =
        remainder ? b_->CreateURem(l_abs, r_abs) : b_->CreateUDiv(l_abs, r_abs);
    llvm::Value* negative = remainder ? l_negative : b_->CreateXor(l_negative, r_negative);
    result = b_->CreateSelect(negative, b_->CreateNeg(magnitude), magnitude);
  }
  return b_->CreateSelect(zero, b_->getInt64(0), result);
}

} // namespace sonde::codegen
