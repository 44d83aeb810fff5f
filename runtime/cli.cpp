#include "runtime/cli.h"

#include "compiler/ast/printer.h"
#include "compiler/bundle.h"
#include "grammar/parse.h"
#include "runtime/compiler_loader.h"
#include "runtime/list.h"
#include "runtime/options.h"
#include "runtime/run.h"

#include <sys/utsname.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace sonde::runtime {

namespace {

// Reads the script named by the options into `files`; returns its index, or
// nullopt after printing why it could not be read.
std::optional<uint32_t> load_script(const Options& options, ast::SourceFiles& files) {
  if (options.program_text)
    return files.add("stdin", *options.program_text);
  if (options.script_path == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return files.add("stdin", text.str());
  }
  std::ifstream in(options.script_path, std::ios::binary);
  if (!in) {
    std::cerr << "ERROR: cannot read script file '" << options.script_path
              << "': " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    std::cerr << "ERROR: cannot read script file '" << options.script_path
              << "': " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  return files.add(options.script_path, std::move(text));
}

bool wants_debug_stage(const Options& options, const std::string& stage) {
  for (const std::string& s : options.debug_stages)
    if (s == stage || s == "all")
      return true;
  return false;
}

// --info: what this build and this machine offer.
int print_info() {
  utsname system{};
  uname(&system);
  std::cout << "System\n"
            << "  OS: " << system.sysname << " " << system.release << " " << system.version << "\n"
            << "  Arch: " << system.machine << "\n\n"
            << "Build\n"
            << "  version: v" << SONDE_VERSION << "\n";
  std::string error;
  const SondeCompilerApi* compiler = load_compiler(error);
  if (!compiler) {
    std::cout << "  compiler: unavailable\n";
    std::cerr << "ERROR: " << error << "\n";
    return 1;
  }
  std::cout << "  compiler library: " << compiler_library_path() << "\n"
            << "  LLVM: " << compiler->llvm_version() << "\n"
            << "  LLVM BPF target: " << (compiler->has_bpf_target() ? "yes" : "no") << "\n";
  return 0;
}

} // namespace

int run_cli(int argc, char** argv) {
  Options options;
  std::string error;
  if (argc <= 1) {
    std::cerr << usage_text();
    return 1;
  }
  if (!parse_options(argc, argv, options, error)) {
    std::cerr << "ERROR: " << error << "\n";
    if (error.rfind("USAGE", 0) == 0 || error.rfind("unknown option", 0) == 0)
      std::cerr << "Run 'sonde -h' for the options.\n";
    return 1;
  }
  if (options.help) {
    std::cout << usage_text();
    return 0;
  }
  if (options.version) {
    std::cout << "sonde v" << SONDE_VERSION << "\n";
    return 0;
  }

  if (options.info)
    return print_info();
  if (options.list) {
    if (options.program_text || !options.script_path.empty()) {
      std::cerr << "ERROR: listing the probes of a program is not supported by this version of "
                   "sonde yet\nHINT: list probes by pattern: sonde -l 'tracepoint:sched:*'\n";
      return 1;
    }
    return list_probes(options.list_pattern, options.verbose > 0, std::cout, std::cerr);
  }

  ast::SourceFiles files;
  std::optional<uint32_t> script = load_script(options, files);
  if (!script)
    return 1;

  if (options.emit == EmitStage::Ast || wants_debug_stage(options, "ast")) {
    grammar::PreprocessOptions pp_options;
    pp_options.include_dirs = options.include_dirs;
    pp_options.forced_includes = options.forced_includes;
    ast::Diagnostics diags;
    std::unique_ptr<ast::Program> program = grammar::parse(*script, files, pp_options, diags);
    diags.print(std::cerr, files, !options.no_warnings);
    if (!program)
      return 1;
    ast::print_program(std::cout, *program, files, options.verbose > 0);
    if (options.emit == EmitStage::Ast)
      return 0;
  }

  // A -c child is created (held before exec) first, so its pid is known.
  ChildProcess child;
  if (!options.child_command.empty() && !child.spawn(options.child_command, error)) {
    std::cerr << "ERROR: " << error << "\n";
    return 1;
  }

  const SondeCompilerApi* compiler = load_compiler(error);
  if (!compiler) {
    std::cerr << "ERROR: " << error << "\n";
    return 1;
  }
  CompileRequest request;
  request.script_name = files.name(*script);
  request.script_text = files.text(*script);
  request.include_dirs = options.include_dirs;
  request.forced_includes = options.forced_includes;
  request.params = options.params;
  request.unsafe = options.unsafe;
  request.want_ir = options.emit == EmitStage::Ir;
  request.want_assembly = options.emit == EmitStage::Asm;
  request.show_warnings = !options.no_warnings;
  request.verbose = options.verbose;
  request.child_pid = child.pid();
  CompileResult compiled;
  compiler->compile(&request, &compiled);
  std::cerr << compiled.diagnostics;
  if (!compiled.ok)
    return 1;
  if (options.emit == EmitStage::Ir) {
    std::cout << compiled.ir;
    return 0;
  }
  if (options.emit == EmitStage::Asm) {
    std::cout << compiled.assembly;
    return 0;
  }

  bundle::Bundle bundle;
  if (!bundle::deserialize(compiled.bundle, bundle, error)) {
    std::cerr << "ERROR: " << error << "\n";
    return 1;
  }
  if (!options.emit_elf.empty()) {
    std::ofstream out(options.emit_elf, std::ios::binary | std::ios::trunc);
    out.write(bundle.object.data(), static_cast<std::streamsize>(bundle.object.size()));
    if (!out) {
      std::cerr << "ERROR: cannot write " << options.emit_elf << ": " << std::strerror(errno)
                << "\n";
      return 1;
    }
    return 0;
  }

  RunOptions run;
  run.mode = options.format == "json" ? format::OutputMode::Json : format::OutputMode::Text;
  run.output_file = options.output_file;
  run.quiet = options.quiet;
  run.verbose = options.verbose;
  run.unsafe = options.unsafe;
  run.dry_run = options.dry_run;
  run.verify_only = options.verify_only;
  run.params = options.params;
  run.pid = options.pid;
  run.child = child.pid() ? &child : nullptr;
  return run_bundle(bundle, run);
}

} // namespace sonde::runtime
