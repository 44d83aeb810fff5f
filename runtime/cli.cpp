#include "runtime/cli.h"

#include "compiler/ast/printer.h"
#include "compiler/bundle.h"
#include "compiler/kernel/kernel_identity.h"
#include "grammar/parse.h"
#include "runtime/cache.h"
#include "runtime/compiler_loader.h"
#include "runtime/list.h"
#include "runtime/options.h"
#include "runtime/run.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace sonde::runtime {

namespace {

// The process of -p must exist and the program of -c must be there to run.
std::optional<std::string> check_targets(const Options& options, std::string& hint) {
  if (options.pid && kill(*options.pid, 0) != 0 && errno == ESRCH) {
    hint = "give the pid of a running process, or start it with -c CMD";
    return "no process with pid " + std::to_string(*options.pid);
  }
  if (options.child_command_given) {
    std::istringstream words(options.child_command);
    std::string program;
    words >> program;
    if (program.empty()) {
      hint = "write the command after -c, e.g. -c 'ls -l'";
      return std::string("the command given with -c is empty");
    }
    bool found = false;
    if (program.find('/') != std::string::npos) {
      found = access(program.c_str(), X_OK) == 0;
    } else if (const char* path = std::getenv("PATH")) {
      std::istringstream dirs(path);
      for (std::string dir; !found && std::getline(dirs, dir, ':');)
        found = !dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0;
    }
    if (!found) {
      hint = "check the path, or give a program on PATH";
      return "cannot run '" + program + "': " + std::strerror(ENOENT);
    }
  }
  return std::nullopt;
}

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
  const std::string& path = options.script_path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::cerr << "ERROR: cannot read script file '" << path << "': " << std::strerror(EISDIR)
              << "\nHINT: give the path of a script file, not a directory\n";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "ERROR: cannot read script file '" << path << "': " << std::strerror(errno)
              << "\nHINT: check the path, or give the program with -e 'PROGRAM'\n";
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    std::cerr << "ERROR: cannot read script file '" << path << "': " << std::strerror(errno)
              << "\nHINT: check that the file is readable\n";
    return std::nullopt;
  }
  // A script is text; a NUL byte means an executable or other binary data.
  if (text.find('\0') != std::string::npos) {
    std::cerr << "ERROR: '" << path << "' is not a script: it contains binary data\n"
              << "HINT: give a .bt script file; run programs with -c CMD\n";
    return std::nullopt;
  }
  return files.add(path, std::move(text));
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

// The compiler library that would compile the script: an entry made by
// another build of it is stale. Empty when there is no library (a machine
// that only runs cached or precompiled programs).
std::string compiler_identity() {
  struct stat library {};
  if (stat(compiler_library_path().c_str(), &library) != 0)
    return "";
  return std::to_string(library.st_size) + "." + std::to_string(library.st_mtim.tv_sec) + "." +
         std::to_string(library.st_mtim.tv_nsec);
}

// Everything besides the script that changes the compiled program.
std::vector<std::string> compile_inputs(const Options& options) {
  std::vector<std::string> inputs = {
      "abi " + std::to_string(kCompilerAbiVersion), "btf " + kernel::btf_identity(),
      options.unsafe ? "unsafe" : "safe", options.no_warnings ? "no-warnings" : "warnings"};
  for (const std::string& p : options.params)
    inputs.push_back("param " + p);
  for (const std::string& dir : options.include_dirs)
    inputs.push_back("include-dir " + dir);
  for (const std::string& file : options.forced_includes)
    inputs.push_back("include " + file);
  for (char** env = environ; *env; ++env)
    if (std::strncmp(*env, "BPFTRACE_", 9) == 0)
      inputs.push_back(std::string("env ") + *env);
  return inputs;
}

// Compiles the script into Bundle bytes, from the compile cache when it can.
// Returns an exit status when the run ends here (an error, or --emit=ir|asm).
std::optional<int> compile_to_bundle(const Options& options, const std::string& name,
                                     const std::string& text, int child_pid,
                                     std::string& bundle_bytes) {
  // IR and assembly need the compiler; a -c child's pid is compiled in.
  bool cacheable = options.emit == EmitStage::None && child_pid == 0;
  CompileCache cache(cacheable && !options.no_cache);
  CacheKey key;
  if (cache.enabled()) {
    key = make_cache_key(name, text, compile_inputs(options));
    // An entry from another build whose bundle does not read back is a miss.
    bundle::Bundle check;
    std::string unused;
    if (std::optional<CompileCache::Hit> cached = cache.lookup(key, compiler_identity());
        cached && bundle::deserialize(cached->bundle, check, unused)) {
      std::cerr << cached->warnings;
      if (options.verbose > 0)
        std::cerr << "compile cache hit: " << key.digest << "\n";
      bundle_bytes = std::move(cached->bundle);
      return std::nullopt;
    }
  } else if (options.verbose > 0 && cacheable) {
    std::cerr << "compile cache not used: " << cache.why() << "\n";
  }

  std::string error;
  const SondeCompilerApi* compiler = load_compiler(error);
  if (!compiler) {
    std::cerr << "ERROR: " << error << "\n";
    return 1;
  }
  CompileRequest request;
  request.script_name = name;
  request.script_text = text;
  request.include_dirs = options.include_dirs;
  request.forced_includes = options.forced_includes;
  request.params = options.params;
  request.unsafe = options.unsafe;
  request.want_ir = options.emit == EmitStage::Ir;
  request.want_assembly = options.emit == EmitStage::Asm;
  request.show_warnings = !options.no_warnings;
  request.verbose = options.verbose;
  request.child_pid = child_pid;
  CompileResult compiled;
  compiler->compile(&request, &compiled);
  std::cerr << compiled.diagnostics;
  if (options.verbose > 0)
    std::cerr << compiled.timings;
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
  if (cache.enabled())
    cache.store(key, compiled.bundle, compiled.diagnostics, compiled.included_paths,
                compiler_identity());
  bundle_bytes = std::move(compiled.bundle);
  return std::nullopt;
}

// Writes `bytes` to `path` (mode 0644, never through a symlink).
bool write_output_file(const std::string& path, const std::string& bytes) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::cerr << "ERROR: cannot write " << path << ": " << std::strerror(errno) << "\n";
    return false;
  }
  bool ok = write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  ok = close(fd) == 0 && ok;
  if (!ok)
    std::cerr << "ERROR: cannot write " << path << ": " << std::strerror(errno) << "\n";
  return ok;
}

// Runs (or writes, for --emit-bundle / --emit-elf) a compiled program.
int run_bundle_bytes(const Options& options, const std::string& bytes, ChildProcess& child) {
  if (!options.emit_bundle.empty())
    return write_output_file(options.emit_bundle, bytes) ? 0 : 1;
  bundle::Bundle bundle;
  std::string error;
  if (!bundle::deserialize(bytes, bundle, error)) {
    if (!options.run_bundle.empty())
      std::cerr << "ERROR: '" << options.run_bundle << "' is not a sonde bundle\n"
                << "HINT: write one with sonde --emit-bundle FILE -e 'PROGRAM'\n";
    else
      std::cerr << "ERROR: " << error << "\n";
    return 1;
  }
  if (!options.emit_elf.empty())
    return write_output_file(options.emit_elf, bundle.object) ? 0 : 1;

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

// --run-bundle FILE: a program compiled earlier, run without the compiler.
int run_precompiled(const Options& options) {
  std::ifstream in(options.run_bundle, std::ios::binary);
  if (!in) {
    std::cerr << "ERROR: cannot read bundle '" << options.run_bundle
              << "': " << std::strerror(errno)
              << "\nHINT: write one with sonde --emit-bundle FILE -e 'PROGRAM'\n";
    return 1;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!options.params.empty()) {
    std::cerr << "ERROR: positional parameters are compiled into a bundle\n"
              << "HINT: pass them when writing it: sonde --emit-bundle FILE SCRIPT PARAMS...\n";
    return 1;
  }
  ChildProcess child;
  std::string error;
  if (!options.child_command.empty() && !child.spawn(options.child_command, error)) {
    std::cerr << "ERROR: " << error << "\n";
    return 1;
  }
  return run_bundle_bytes(options, bytes, child);
}

} // namespace

int run_cli(int argc, char** argv) {
  Options options;
  std::string error;
  if (argc <= 1) {
    std::cerr << usage_text();
    return 1;
  }
  std::string hint;
  if (!parse_options(argc, argv, options, error, hint)) {
    std::cerr << "ERROR: " << error << "\n";
    if (error.rfind("USAGE", 0) == 0)
      hint = "run 'sonde -h' for the options";
    if (!hint.empty())
      std::cerr << "HINT: " << hint << "\n";
    return 1;
  }
  if (std::optional<std::string> problem = check_targets(options, hint)) {
    std::cerr << "ERROR: " << *problem << "\nHINT: " << hint << "\n";
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
  if (!options.run_bundle.empty())
    return run_precompiled(options);
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

  std::string bundle_bytes;
  if (std::optional<int> status = compile_to_bundle(options, files.name(*script),
                                                    files.text(*script), child.pid(), bundle_bytes))
    return *status;
  return run_bundle_bytes(options, bundle_bytes, child);
}

} // namespace sonde::runtime
