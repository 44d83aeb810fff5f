// The code generator's state, shared by its files (private to codegen/):
//   module.cpp      the module, BPF maps with BTF, helper calls, object emission
//   expressions.cpp one function per expression kind
//   statements.cpp  statements, map updates, aggregations, events
#pragma once

#include "compiler/codegen/codegen.h"
#include "stdlib/builtins.h"

#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <map>
#include <memory>

namespace sonde::codegen {

// BPF helper function ids (include/uapi/linux/bpf.h).
enum Helper : int {
  kMapLookupElem = 1,
  kMapUpdateElem = 2,
  kMapDeleteElem = 3,
  kProbeRead = 4,
  kGetPrandomU32 = 7,
  kGetSmpProcessorId = 8,
  kGetCurrentPidTgid = 14,
  kGetCurrentUidGid = 15,
  kGetCurrentComm = 16,
  kGetStackid = 27,
  kGetCurrentTask = 35,
  kGetNumaNodeId = 42,
  kProbeReadStr = 45,
  kGetCurrentCgroupId = 80,
  kProbeReadUser = 112,
  kProbeReadKernel = 113,
  kProbeReadUserStr = 114,
  kProbeReadKernelStr = 115,
  kJiffies64 = 118,
  kKtimeGetBootNs = 125,
  kRingbufOutput = 130,
  kRingbufReserve = 131,
  kRingbufSubmit = 132,
  kGetAttachCookie = 174,
};

inline constexpr uint32_t kRegsAx = 80;         // offsetof(struct pt_regs, ax) on x86_64
inline constexpr uint32_t kRegsIp = 128;        // ip
inline constexpr uint32_t kRegsSp = 152;        // sp
inline constexpr int kArrayMap = 2;             // BPF_MAP_TYPE_ARRAY
inline constexpr int kPercpuArray = 6;          // BPF_MAP_TYPE_PERCPU_ARRAY
inline constexpr int kStackTraceMap = 7;        // BPF_MAP_TYPE_STACK_TRACE
inline constexpr uint64_t kUserStackFlag = 256; // BPF_F_USER_STACK

// A computed value: an i64 for integers and pointers, or the address of
// `type->size` bytes for strings, tuples and records.
struct Value {
  llvm::Value* value = nullptr;
  ast::TypePtr type;
  bool in_memory() const;
};

struct MapGlobals {
  llvm::GlobalVariable* map = nullptr;
  uint32_t key_size = 0;   // bytes of the script key (0 for scalar maps)
  uint32_t value_size = 0; // bytes per value
};

class Generator : public ast::Visitor {
public:
  Generator(ast::Program& program, const sema::Result& checked, const sema::Options& sema_options,
            const ast::SourceFiles& files, ast::Diagnostics& diags);
  ~Generator() override;

  bool run(const Options& options, Output& out);

  // ---- module.cpp
  void declare_maps();
  llvm::GlobalVariable* declare_bpf_map(const std::string& name, int type, uint32_t max_entries,
                                        uint32_t key_size, uint32_t value_size);
  llvm::Value* call_helper(Helper id, llvm::Type* result, llvm::ArrayRef<llvm::Value*> args);
  llvm::AllocaInst* stack(uint32_t bytes, const std::string& name);
  llvm::AllocaInst* stack_i64(const std::string& name);
  void set_location(const ast::Location& loc);
  bool emit_object(const Options& options, Output& out);

  // ---- statements.cpp
  void generate_probe(const sema::ProbeInfo& info, size_t index);
  std::string emit_syscall_filter(const sema::ProbeInfo& info, const std::string& direction,
                                  size_t index);
  void visit(ast::ExprStmt& n) override;
  void visit(ast::Assign& n) override;
  void visit(ast::Let& n) override;
  void visit(ast::If& n) override;
  void visit(ast::Unroll& n) override;
  void visit(ast::While& n) override;
  void visit(ast::Jump& n) override;
  void visit(ast::BlockStmt& n) override;
  void map_key(ast::Map& m, llvm::Value* key_buffer);
  llvm::Value* map_key_buffer(ast::Map& m, uint32_t extra_bytes);
  void aggregate(ast::Map& m, ast::Call& call);
  void map_store(ast::Map& m, const Value& v);
  void map_update_integer(ast::Map& m, std::optional<ast::BinaryOp> op, llvm::Value* operand,
                          bool return_old, llvm::Value** result);
  uint32_t add_event(bundle::EventInfo event);
  // Reserves a ring-buffer record for the event and writes its id; every
  // path must then reach submit_event. Returns the payload address, and the
  // block to continue in when the ring buffer is full.
  llvm::Value* event_buffer(uint32_t event_id, uint32_t payload_size, llvm::BasicBlock*& full);
  void submit_event(llvm::Value* record, llvm::BasicBlock* full);
  void emit_call_statement(ast::Call& call);
  void emit_exit(llvm::Value* code);
  void start_unreachable_block();

  // ---- expressions.cpp
  Value generate(ast::Expr& e);
  llvm::Value* integer(ast::Expr& e); // any integer-typed expression as i64
  void store_value(const Value& v, const ast::Type& slot_type, llvm::Value* dest);
  llvm::Value* string_literal(const std::string& text, uint32_t capacity);
  llvm::Value* read_string(llvm::Value* address, uint32_t capacity, int helper);
  llvm::Value* truthy(ast::Expr& e);
  void visit(ast::IntegerLiteral& n) override;
  void visit(ast::StringLiteral& n) override;
  void visit(ast::BoolLiteral& n) override;
  void visit(ast::PositionalParam& n) override;
  void visit(ast::PositionalCount& n) override;
  void visit(ast::Identifier& n) override;
  Value builtin_variable(stdlib::BuiltinId id, const ast::TypePtr& type);
  void visit(ast::Variable& n) override;
  void visit(ast::Map& n) override;
  void visit(ast::Call& n) override;
  void visit(ast::Unary& n) override;
  void visit(ast::Binary& n) override;
  void visit(ast::Ternary& n) override;
  void visit(ast::FieldAccess& n) override;
  void visit(ast::Cast& n) override;
  void visit(ast::Index& n) override;
  llvm::Value* integer_of(const Value& v);
  Value read_memory(llvm::Value* address, const ast::TypePtr& type, bool user);
  void visit(ast::Tuple& n) override;
  void visit(ast::Record& n) override;
  void visit(ast::Sizeof& n) override;
  llvm::Value* variable_slot(const std::string& name, const ast::TypePtr& type);
  llvm::Value* hist_index(llvm::Value* v, uint32_t bits);
  Value ntop(ast::Call& call);
  llvm::Value* function_argument(uint32_t index);
  llvm::Value* divide(llvm::Value* l, llvm::Value* r, bool is_signed, bool remainder);
  llvm::Value* user_symbol(llvm::Value* address);
  llvm::Value* string_contains(const Value& haystack, const Value& needle);
  llvm::Value* lhist_index(llvm::Value* v, int64_t min, int64_t max, int64_t step);
  bundle::Layout layout_of(const ast::Type& type, uint32_t offset = 0);

  // State
  ast::Program& program_;
  const sema::Result& checked_;
  const sema::Options& sema_options_;
  const ast::SourceFiles& files_;
  ast::Diagnostics& diags_;

  std::unique_ptr<llvm::LLVMContext> context_;
  std::unique_ptr<llvm::Module> module_;
  std::unique_ptr<llvm::IRBuilder<>> b_;
  std::unique_ptr<llvm::DIBuilder> di_;
  llvm::DICompileUnit* cu_ = nullptr;
  llvm::DIFile* di_file_ = nullptr;
  llvm::DISubprogram* subprogram_ = nullptr;

  std::vector<MapGlobals> maps_;
  llvm::GlobalVariable* ringbuf_ = nullptr;
  llvm::GlobalVariable* lost_map_ =
      nullptr; // per-CPU count of events the ring buffer had no room for
  llvm::GlobalVariable* stack_map_ = nullptr; // declared when a stack is first used
  llvm::GlobalVariable* start_map_ = nullptr; // declared when `elapsed` is first used
  bundle::Manifest manifest_;

  // Per program
  llvm::Function* function_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  const sema::ProbeInfo* probe_ = nullptr;
  llvm::Value* syscall_cookie_ = nullptr; // the syscall fast path's cookie (see statements.cpp)
  std::map<std::string, llvm::Value*> variables_;
  llvm::BasicBlock* entry_ = nullptr;
  struct Loop {
    llvm::BasicBlock* continue_target;
    llvm::BasicBlock* break_target;
  };
  std::vector<Loop> loops_;
  Value result_; // of the last expression visited
};

} // namespace sonde::codegen
