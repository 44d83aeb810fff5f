// The LLVM module: BPF maps described in BTF, helper calls, and emission of
// the ELF object.
#include "compiler/codegen/generator.h"

#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>

#include <set>

namespace sonde::codegen {

namespace {
enum MapType : int {
  kHash = 1,
  kPercpuHash = 5,
  kRingbuf = 27,
};
} // namespace

bool Value::in_memory() const {
  switch (type->kind) {
  case ast::TypeKind::Inet:
  case ast::TypeKind::String:
  case ast::TypeKind::Buffer:
  case ast::TypeKind::Tuple:
  case ast::TypeKind::Record:
  case ast::TypeKind::Ustack: // stack id and pid
  case ast::TypeKind::Usym:   // address and pid
    return true;
  default:
    return false;
  }
}

Generator::Generator(ast::Program& program, const sema::Result& checked,
                     const sema::Options& sema_options, const ast::SourceFiles& files,
                     ast::Diagnostics& diags)
    : program_(program), checked_(checked), sema_options_(sema_options), files_(files),
      diags_(diags) {
  context_ = std::make_unique<llvm::LLVMContext>();
  module_ = std::make_unique<llvm::Module>("sonde", *context_);
  module_->setTargetTriple("bpfel");
  module_->setDataLayout("e-m:e-p:64:64-i64:64-i128:128-n32:64-S128");
  module_->addModuleFlag(llvm::Module::Warning, "Debug Info Version", llvm::DEBUG_METADATA_VERSION);
  module_->addModuleFlag(llvm::Module::Warning, "Dwarf Version", 4);
  b_ = std::make_unique<llvm::IRBuilder<>>(*context_);
  di_ = std::make_unique<llvm::DIBuilder>(*module_);
  std::string name = files.size() ? files.name(0) : "stdin";
  di_file_ = di_->createFile(name, ".");
  cu_ = di_->createCompileUnit(llvm::dwarf::DW_LANG_C, di_file_, "sonde", true, "", 0);
}

Generator::~Generator() = default;

// A map in the `.maps` section, described to libbpf through BTF as
//   struct { int (*type)[T]; int (*max_entries)[N]; int (*key_size)[K]; int (*value_size)[V]; }
llvm::GlobalVariable* Generator::declare_bpf_map(const std::string& name, int type,
                                                 uint32_t max_entries, uint32_t key_size,
                                                 uint32_t value_size) {
  llvm::DIType* int_type = di_->createBasicType("int", 32, llvm::dwarf::DW_ATE_signed);
  auto field = [&](const char* field_name, uint64_t value, uint64_t offset_bits) {
    llvm::DINodeArray range =
        di_->getOrCreateArray({di_->getOrCreateSubrange(0, static_cast<int64_t>(value))});
    llvm::DIType* array = di_->createArrayType(value * 32, 32, int_type, range);
    llvm::DIType* pointer = di_->createPointerType(array, 64);
    return di_->createMemberType(cu_, field_name, di_file_, 0, 64, 64, offset_bits,
                                 llvm::DINode::FlagZero, pointer);
  };
  std::vector<llvm::Metadata*> members = {field("type", type, 0),
                                          field("max_entries", max_entries, 64)};
  if (key_size)
    members.push_back(field("key_size", key_size, members.size() * 64));
  if (value_size)
    members.push_back(field("value_size", value_size, members.size() * 64));
  llvm::DICompositeType* struct_type =
      di_->createStructType(cu_, "", di_file_, 0, members.size() * 64, 64, llvm::DINode::FlagZero,
                            nullptr, di_->getOrCreateArray(members));

  std::vector<llvm::Type*> pointers(members.size(), b_->getPtrTy());
  llvm::StructType* ir_type = llvm::StructType::get(*context_, pointers);
  auto* global =
      new llvm::GlobalVariable(*module_, ir_type, false, llvm::GlobalValue::ExternalLinkage,
                               llvm::ConstantAggregateZero::get(ir_type), name);
  global->setSection(".maps");
  global->setAlignment(llvm::Align(8));
  global->setDSOLocal(true);
  global->addDebugInfo(
      di_->createGlobalVariableExpression(cu_, name, name, di_file_, 0, struct_type, false));
  return global;
}

void Generator::declare_maps() {
  for (size_t i = 0; i < checked_.maps.size(); ++i) {
    const sema::MapSymbol& symbol = checked_.maps[i];
    bundle::MapInfo info;
    info.name = symbol.name;
    info.bpf_name =
        "m" + std::to_string(i) + "_" + (symbol.name.size() > 1 ? symbol.name.substr(1) : "anon");
    if (info.bpf_name.size() > 15) // the kernel keeps 15 characters of a map name
      info.bpf_name = info.bpf_name.substr(0, 15);
    info.aggregation = symbol.aggregation;
    info.max_entries = sema_options_.max_map_keys;
    info.hist_bits = symbol.hist_bits;
    info.lhist_min = symbol.lhist_min;
    info.lhist_max = symbol.lhist_max;
    info.lhist_step = symbol.lhist_step;
    if (symbol.key)
      info.key = layout_of(*symbol.key);

    MapGlobals globals;
    globals.key_size = symbol.key ? symbol.key->size : 0;
    uint32_t bpf_key_size = std::max<uint32_t>(globals.key_size, 8);
    switch (symbol.aggregation) {
    case bundle::Aggregation::None:
      info.value = layout_of(*symbol.value);
      globals.value_size = std::max<uint32_t>(symbol.value->size, 1);
      break;
    case bundle::Aggregation::Count:
    case bundle::Aggregation::Sum:
      info.value = layout_of(*ast::int_type(8, symbol.aggregation == bundle::Aggregation::Sum));
      globals.value_size = 8;
      info.per_cpu = true;
      break;
    case bundle::Aggregation::Min:
    case bundle::Aggregation::Max:
    case bundle::Aggregation::Avg:
    case bundle::Aggregation::Stats:
      info.value = layout_of(*ast::int_type(8, true));
      globals.value_size = 16;
      info.per_cpu = true;
      break;
    case bundle::Aggregation::Hist:
    case bundle::Aggregation::Lhist:
      info.value = layout_of(*ast::int_type(8, false));
      globals.value_size = 8;
      bpf_key_size = (globals.key_size + 7) / 8 * 8 + 8; // the bucket, 8-byte aligned, last
      info.per_cpu = true;
      break;
    }
    int type = info.per_cpu ? kPercpuHash : kHash;
    uint32_t entries = info.max_entries;
    if (symbol.aggregation == bundle::Aggregation::Hist ||
        symbol.aggregation == bundle::Aggregation::Lhist)
      entries = std::min<uint32_t>(entries * 16, 1u << 20); // a key per bucket
    globals.map = declare_bpf_map(info.bpf_name, type, entries, bpf_key_size, globals.value_size);
    maps_.push_back(globals);
    manifest_.maps.push_back(std::move(info));
  }
  // 8 MiB: a burst of 250,000 printf records fits while user space catches up.
  ringbuf_ = declare_bpf_map(manifest_.ringbuf_name, kRingbuf, 8u << 20, 0, 0);
  lost_map_ = declare_bpf_map("lost_events", kPercpuArray, 1, 4, 8);
  manifest_.lost_events_map = "lost_events";
}

llvm::Value* Generator::call_helper(Helper id, llvm::Type* result,
                                    llvm::ArrayRef<llvm::Value*> args) {
  std::vector<llvm::Type*> types;
  for (llvm::Value* a : args)
    types.push_back(a->getType());
  llvm::FunctionType* type = llvm::FunctionType::get(result, types, false);
  llvm::Value* address = b_->CreateIntToPtr(b_->getInt64(id), b_->getPtrTy());
  return b_->CreateCall(type, address, args);
}

// Stack slots live in the entry block, so the verifier sees fixed offsets.
llvm::AllocaInst* Generator::stack(uint32_t bytes, const std::string& name) {
  llvm::IRBuilder<> entry(entry_, entry_->begin());
  llvm::AllocaInst* slot = entry.CreateAlloca(
      llvm::ArrayType::get(b_->getInt8Ty(), std::max<uint32_t>(bytes, 1)), nullptr, name);
  slot->setAlignment(llvm::Align(8));
  return slot;
}

llvm::AllocaInst* Generator::stack_i64(const std::string& name) {
  llvm::IRBuilder<> entry(entry_, entry_->begin());
  return entry.CreateAlloca(b_->getInt64Ty(), nullptr, name);
}

void Generator::set_location(const ast::Location& loc) {
  if (subprogram_)
    b_->SetCurrentDebugLocation(
        llvm::DILocation::get(*context_, loc.line, loc.column, subprogram_));
}

namespace {

// What the BPF backend reports (a stack over 512 bytes, an operation BPF
// lacks): collected, then turned into located diagnostics.
struct BackendProblem {
  std::string message;
  unsigned line = 0;
  unsigned column = 0;
};

void collect_backend_problem(const llvm::DiagnosticInfo* info, void* context) {
  if (info->getSeverity() != llvm::DS_Error)
    return;
  BackendProblem problem;
  llvm::raw_string_ostream stream(problem.message);
  llvm::DiagnosticPrinterRawOStream printer(stream);
  info->print(printer);
  if (auto* located = llvm::dyn_cast<llvm::DiagnosticInfoUnsupported>(info)) {
    problem.line = located->getLocation().getLine();
    problem.column = located->getLocation().getColumn();
  }
  static_cast<std::vector<BackendProblem>*>(context)->push_back(std::move(problem));
}

} // namespace

bool Generator::emit_object(const Options& options, Output& out) {
  di_->finalize();
  std::vector<BackendProblem> problems;
  context_->setDiagnosticHandlerCallBack(collect_backend_problem, &problems);
  auto report_problems = [&] {
    std::set<std::string> reported;
    for (const BackendProblem& p : problems) {
      if (!reported.insert(p.message).second) // the backend may say it once per pass
        continue;
      bool stack = p.message.find("stack limit") != std::string::npos;
      std::string message =
          stack ? "the probe needs more than the 512 bytes of stack a BPF program has"
                : "the BPF backend cannot compile this: " + p.message;
      std::string hint =
          stack ? "use fewer or shorter strings in one probe, e.g. config = { max_strlen = 32 }"
                : "please report this script to the sonde developers";
      if (p.line)
        diags_.error(
            ast::Location{0, p.line, std::max(p.column, 1u), p.line, std::max(p.column, 1u) + 1},
            message, hint);
      else
        diags_.error(message, hint);
    }
    return problems.empty();
  };
  std::string verify_errors;
  llvm::raw_string_ostream verify_stream(verify_errors);
  if (llvm::verifyModule(*module_, &verify_stream)) {
    diags_.error("internal error: the generated LLVM IR is invalid: " + verify_errors,
                 "please report this script to the sonde developers");
    return false;
  }

  LLVMInitializeBPFTargetInfo();
  LLVMInitializeBPFTarget();
  LLVMInitializeBPFTargetMC();
  LLVMInitializeBPFAsmPrinter();
  std::string error;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget("bpfel", error);
  if (!target) {
    diags_.error("LLVM has no BPF target: " + error);
    return false;
  }
  llvm::TargetOptions target_options;
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine("bpfel", "v3", "", target_options, std::nullopt, std::nullopt,
                                  llvm::CodeGenOptLevel::Aggressive));

  // The standard -O2 pipeline: mem2reg, inlining of memcpy, constant folding.
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(machine.get());
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager passes =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  passes.run(*module_, mam);

  if (options.want_ir) {
    llvm::raw_string_ostream ir(out.ir);
    module_->print(ir, nullptr);
  }
  auto emit = [&](llvm::CodeGenFileType type, std::string& into) {
    llvm::SmallVector<char, 0> buffer;
    llvm::raw_svector_ostream stream(buffer);
    llvm::legacy::PassManager pm;
    if (machine->addPassesToEmitFile(pm, stream, nullptr, type)) {
      diags_.error("LLVM cannot emit BPF code for this script");
      return false;
    }
    pm.run(*module_);
    into.assign(buffer.begin(), buffer.end());
    return true;
  };
  if (options.want_assembly && !emit(llvm::CodeGenFileType::AssemblyFile, out.assembly))
    return false;
  if (!emit(llvm::CodeGenFileType::ObjectFile, out.bundle.object))
    return false;
  return report_problems();
}

bool Generator::run(const Options& options, Output& out) {
  declare_maps();
  auto* license = new llvm::GlobalVariable(
      *module_, llvm::ArrayType::get(b_->getInt8Ty(), 4), true, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantDataArray::getString(*context_, "GPL"), "_license");
  license->setSection("license");
  for (size_t i = 0; i < checked_.probes.size(); ++i)
    generate_probe(checked_.probes[i], i);
  if (diags_.has_errors())
    return false;
  manifest_.probe_names = checked_.probe_names;
  manifest_.config = sema_options_.runtime_config;
  manifest_.attach_point_count = checked_.attach_point_count;
  if (!emit_object(options, out))
    return false;
  out.bundle.manifest = std::move(manifest_);
  return true;
}

bool generate(ast::Program& program, const sema::Result& checked, const sema::Options& sema_options,
              const Options& options, const ast::SourceFiles& files, Output& out,
              ast::Diagnostics& diags) {
  Generator generator(program, checked, sema_options, files, diags);
  return generator.run(options, out);
}

} // namespace sonde::codegen
