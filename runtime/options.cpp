#include "runtime/options.h"

#include "compiler/ast/diagnostics.h"

#include <getopt.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace sonde::runtime {

namespace {

using option_t = option;

enum LongOnly {
  kDryRun = 256,
  kUnsafe,
  kInclude,
  kInfo,
  kNoWarnings,
  kUsdtFileActivation,
  kEmit,
  kVerifyOnly,
  kEmitBundle,
  kRunBundle,
  kNoCache,
  kEmitElf,
};

const option kLongOptions[] = {
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'V'},
    {"verbose", no_argument, nullptr, 'v'},
    {"quiet", no_argument, nullptr, 'q'},
    {"list", no_argument, nullptr, 'l'},
    {"pid", required_argument, nullptr, 'p'},
    {"cmd", required_argument, nullptr, 'c'},
    {"output", required_argument, nullptr, 'o'},
    {"debug", required_argument, nullptr, 'd'},
    {"btf", no_argument, nullptr, 'b'},
    {"warnings", no_argument, nullptr, 'k'},
    {"dry-run", no_argument, nullptr, kDryRun},
    {"unsafe", no_argument, nullptr, kUnsafe},
    {"include", required_argument, nullptr, kInclude},
    {"info", no_argument, nullptr, kInfo},
    {"no-warnings", no_argument, nullptr, kNoWarnings},
    {"usdt-file-activation", no_argument, nullptr, kUsdtFileActivation},
    {"emit", required_argument, nullptr, kEmit},
    {"verify-only", no_argument, nullptr, kVerifyOnly},
    {"emit-bundle", required_argument, nullptr, kEmitBundle},
    {"run-bundle", required_argument, nullptr, kRunBundle},
    {"no-cache", no_argument, nullptr, kNoCache},
    {"emit-elf", required_argument, nullptr, kEmitElf},
    {nullptr, 0, nullptr, 0},
};

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');)
    if (!part.empty())
      parts.push_back(part);
  return parts;
}

} // namespace

bool parse_options(int argc, char** argv, Options& options, std::string& error, std::string& hint) {
  hint.clear();
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":e:hVvqlp:c:o:f:B:d:I:kb", kLongOptions, nullptr)) != -1) {
    switch (c) {
    case 'e':
      options.program_text = optarg;
      break;
    case 'h':
      options.help = true;
      break;
    case 'V':
      options.version = true;
      break;
    case 'v':
      ++options.verbose;
      break;
    case 'q':
      options.quiet = true;
      break;
    case 'l':
      options.list = true;
      break;
    case 'b':
      break; // accepted for compatibility: BTF is always used
    case 'k':
      ++options.helper_warnings;
      break;
    case 'I':
      options.include_dirs.push_back(optarg);
      break;
    case kInclude:
      options.forced_includes.push_back(optarg);
      break;
    case 'o':
      options.output_file = optarg;
      break;
    case 'c':
      options.child_command = optarg;
      options.child_command_given = true;
      break;
    case 'd':
      for (const std::string& stage : split_commas(optarg)) {
        if (stage != "ast" && stage != "all") {
          error = "invalid -d stage '" + stage + "'";
          hint = "the stage is ast";
          return false;
        }
        options.debug_stages.push_back(stage);
      }
      break;
    case 'p': {
      char* end = nullptr;
      long pid = std::strtol(optarg, &end, 10);
      if (*optarg == '\0' || *end != '\0' || pid <= 0 || pid > 0x3fffffff) {
        error = "invalid pid '" + std::string(optarg) + "': expected a positive process id";
        hint = "give the pid of a running process, e.g. -p $(pgrep -n NAME)";
        return false;
      }
      options.pid = static_cast<int>(pid);
      break;
    }
    case 'f': {
      std::string format = optarg;
      if (format != "text" && format != "json") {
        error = "Invalid output format \"" + format + "\"";
        hint = "valid formats are 'text' and 'json'";
        return false;
      }
      options.format = format;
      break;
    }
    case 'B': {
      std::string mode = optarg;
      if (mode != "line" && mode != "full" && mode != "none") {
        error = "Invalid buffering mode \"" + mode + "\"";
        hint = "valid modes are 'line', 'full' and 'none'";
        return false;
      }
      options.buffering = mode;
      break;
    }
    case kDryRun:
      options.dry_run = true;
      break;
    case kUnsafe:
      options.unsafe = true;
      break;
    case kInfo:
      options.info = true;
      break;
    case kNoWarnings:
      options.no_warnings = true;
      break;
    case kUsdtFileActivation:
      options.usdt_file_activation = true;
      break;
    case kVerifyOnly:
      options.verify_only = true;
      break;
    case kNoCache:
      options.no_cache = true;
      break;
    case kEmitBundle:
      options.emit_bundle = optarg;
      break;
    case kEmitElf:
      options.emit_elf = optarg;
      break;
    case kRunBundle:
      options.run_bundle = optarg;
      break;
    case kEmit: {
      std::string stage = optarg;
      if (stage == "ast")
        options.emit = EmitStage::Ast;
      else if (stage == "ir")
        options.emit = EmitStage::Ir;
      else if (stage == "asm")
        options.emit = EmitStage::Asm;
      else {
        error = "invalid --emit stage '" + stage + "': expected ast, ir or asm";
        hint = "write --emit=ast, --emit=ir or --emit=asm";
        return false;
      }
      break;
    }
    case ':':
      error = std::string("option '") + argv[optind - 1] + "' requires an argument";
      hint = optopt == 'e' ? "write the program after -e, e.g. sonde -e 'BEGIN { exit(); }'"
                           : "run 'sonde -h' for the options";
      return false;
    default: {
      std::string option = optopt ? std::string("-") + static_cast<char>(optopt) : argv[optind - 1];
      error = "unknown option '" + option + "'";
      hint = "run 'sonde -h' for the options";
      if (option.rfind("--", 0) == 0) {
        std::string name = option.substr(2, option.find('=') - 2);
        std::vector<std::string> names;
        for (const option_t* o = kLongOptions; o->name; ++o)
          names.emplace_back(o->name);
        if (auto guess = ast::closest_match(name, names))
          hint = "did you mean '--" + *guess + "'?";
      }
      return false;
    }
    }
  }
  if (options.pid && options.child_command_given) {
    error = "-p and -c cannot be used together: trace either a running process or a new one";
    hint = "drop -p to trace the command, or -c to trace the running process";
    return false;
  }

  int next = optind;
  if (options.list) {
    if (!options.program_text && next < argc)
      options.list_pattern = argv[next++];
    return true;
  }
  if (!options.program_text && options.run_bundle.empty() && next < argc)
    options.script_path = argv[next++];
  for (; next < argc; ++next)
    options.params.push_back(argv[next]);

  if (options.help || options.version || options.info)
    return true;
  if (options.program_text && options.program_text->empty()) {
    error = "the program given with -e is empty";
    hint = "write the program after -e, e.g. sonde -e 'BEGIN { exit(); }'";
    return false;
  }
  if (!options.program_text && options.script_path.empty() && options.run_bundle.empty()) {
    error = "USAGE: filename or -e 'program' required.";
    return false;
  }
  return true;
}

std::string usage_text() {
  return R"(USAGE:
    sonde [options] filename [args...]
    sonde [options] - [args...]          (program from stdin)
    sonde [options] -e 'program' [args...]

OPTIONS:
    -B MODE        output buffering mode ('full', 'none', 'line')
    -f FORMAT      output format ('text', 'json')
    -o file        redirect trace output to file
    -d STAGE       print debug output of a stage (ast) and continue
    -b             accepted for compatibility (BTF is always used)
    -e 'program'   execute this program
    -h, --help     show this help message
    -I DIR         add the directory to the include search path
    --include FILE add an #include file before the program
    -l [search]    list probes
    -p PID         enable USDT probes on PID
    -c 'CMD'       run CMD and enable USDT probes on resulting process
    --usdt-file-activation
                   activate usdt semaphores based on file path
    --unsafe       allow unsafe builtin functions
    -q             keep messages quiet
    --info         print information about kernel BPF support
    -k             emit a warning when a bpf helper returns an error (except read functions)
    -kk            check all bpf helper functions
    -V, --version  bpftrace-compatible version information (sonde vX.Y.Z)
    -v             verbose messages
    --no-warnings  disable all warning messages
    --dry-run      compile, load and attach, then exit

SONDE OPTIONS:
    --emit=ast|ir|asm     print the AST, LLVM IR or BPF instructions and exit
    --verify-only         load every program through the verifier, attach nothing
    --emit-elf FILE       write the BPF ELF object to FILE and exit
    --emit-bundle FILE    write the compiled program to FILE
    --run-bundle FILE     run a program written by --emit-bundle
    --no-cache            do not use the compile cache

EXAMPLES:
sonde -l '*sleep*'
    list probes containing "sleep"
sonde -e 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\n", comm, str(args->filename)); }'
    trace files opened, with the process name
sonde -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
    count syscalls by process name
)";
}

} // namespace sonde::runtime
