// The sonde command line, run as a user runs it: output, errors and exit
// status. No test here touches the kernel.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct Outcome {
  int status = -1;
  std::string out; // stdout and stderr, in that order of redirection: 2>&1
};

// Runs a shell command and collects its stdout and exit status.
Outcome shell(const std::string& command) {
  Outcome run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe)
    return run;
  std::array<char, 4096> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
    run.out.append(buffer.data(), n);
  int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Runs `sonde ARGS` with stderr merged into stdout.
// (ctest runs cases in parallel processes, so the stdin file is per process.)
Outcome sonde(const std::string& args, const std::string& stdin_text = "") {
  std::filesystem::path input =
      std::filesystem::temp_directory_path() / ("sonde_cli_stdin." + std::to_string(getpid()));
  std::ofstream(input) << stdin_text;
  Outcome outcome = shell(std::string(SONDE_BINARY) + " " + args + " 2>&1 < " + input.string());
  std::filesystem::remove(input);
  return outcome;
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  std::filesystem::path path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path;
}

TEST(Cli, VersionPrintsSondeVersion) {
  Outcome run = sonde("--version");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out.rfind("sonde v", 0), 0u) << run.out;
}

TEST(Cli, HelpGoesToStdoutAndExitsZero) {
  Outcome run = sonde("-h 2>/dev/null");
  EXPECT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("USAGE:"), std::string::npos);
  EXPECT_NE(run.out.find("--emit=ast"), std::string::npos);
}

TEST(Cli, NoArgumentsPrintsUsageAndFails) {
  Outcome run = sonde("");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("USAGE:"), std::string::npos);
}

TEST(Cli, EmptyProgramIsAUsageError) {
  Outcome run = sonde("-e ''");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(
      run.out.find("ERROR: the program given with -e is empty\nHINT: write the program after -e"),
      std::string::npos)
      << run.out;
}

TEST(Cli, UnknownOptionIsNamed) {
  Outcome run = sonde("--frobnicate -e 'BEGIN {}'");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("ERROR: unknown option '--frobnicate'"), std::string::npos) << run.out;
}

TEST(Cli, InvalidOutputFormat) {
  Outcome run = sonde("-f yaml -e 'BEGIN {}'");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find(
                "ERROR: Invalid output format \"yaml\"\nHINT: valid formats are 'text' and 'json'"),
            std::string::npos)
      << run.out;
}

TEST(Cli, InvalidPid) {
  Outcome run = sonde("-p abc -e 'BEGIN {}'");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("ERROR: invalid pid 'abc'"), std::string::npos) << run.out;
}

TEST(Cli, PidAndCommandAreExclusive) {
  Outcome run = sonde("-p 1 -c /bin/true -e 'BEGIN {}'");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("-p and -c cannot be used together"), std::string::npos) << run.out;
}

TEST(Cli, MissingScriptFileIsNamed) {
  Outcome run = sonde("/nonexistent/script.bt");
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.out,
            "ERROR: cannot read script file '/nonexistent/script.bt': No such file or directory\n"
            "HINT: check the path, or give the program with -e 'PROGRAM'\n");
}

TEST(Cli, EmitAstOfOneLiner) {
  Outcome run = sonde("--emit=ast -e 'BEGIN { @x = 1; }'");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "program\n  probe\n    attach BEGIN\n    block\n      assign =\n"
                     "        map @x\n        int 1\n");
}

TEST(Cli, EmitAstWithLocationsUnderVerbose) {
  Outcome run = sonde("-v --emit=ast -e 'BEGIN { }'");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "program\n  probe @stdin:1:1-6\n    attach BEGIN @stdin:1:1-6\n"
                     "    block @stdin:1:7-10\n");
}

TEST(Cli, EmitAstFromStdin) {
  Outcome run = sonde("--emit=ast -", "BEGIN { exit(); }\n");
  EXPECT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("call exit"), std::string::npos) << run.out;
}

TEST(Cli, EmitAstOfAFileNamesTheFileInLocations) {
  auto path = write_temp("sonde_cli_ast.bt", "BEGIN { }\n");
  Outcome run = sonde("-v --emit=ast " + path.string());
  EXPECT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("@" + path.string() + ":1:1-6"), std::string::npos) << run.out;
}

TEST(Cli, ShebangScriptRunsThroughEnv) {
  // An executable script: the kernel runs `env sonde FILE`; here sonde is
  // put first on PATH and the script is run directly.
  auto dir = std::filesystem::temp_directory_path() / "sonde_cli_path";
  std::filesystem::create_directories(dir);
  std::filesystem::remove(dir / "sonde");
  std::filesystem::create_symlink(SONDE_BINARY, dir / "sonde");
  auto script =
      write_temp("sonde_cli_shebang.bt",
                 "#!/usr/bin/env sonde\nBEGIN { printf(\"hi %s\\n\", str($1)); exit(); }\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  Outcome run = shell("PATH=" + dir.string() + ":$PATH " + script.string() + " there 2>/dev/null");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "hi there\n\n\n");
}

TEST(Cli, SyntaxErrorIsLocatedAndExitsOne) {
  Outcome run = sonde("-e 'BEGIN { @x = 1 +; }'");
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.out, "stdin:1:17-18: ERROR: syntax error, unexpected ;\n"
                     "BEGIN { @x = 1 +; }\n"
                     "                ~\n"
                     "HINT: an expression is missing before ';'\n");
}

TEST(Cli, ErrorInAFileNamesTheFile) {
  auto path = write_temp("sonde_cli_bad.bt", "BEGIN {\n  @x = ;\n}\n");
  Outcome run = sonde(path.string());
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.out, path.string() +
                         ":2:8-9: ERROR: syntax error, unexpected ;\n  @x = ;\n       ~\n" +
                         "HINT: an expression is missing before ';'\n");
}

TEST(Cli, RunsAOneLinerFromAFile) {
  auto path = write_temp("sonde_cli_run.bt", "BEGIN {\n  @x = 5;\n  exit();\n}\n");
  Outcome run = sonde("-q " + path.string());
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "@x: 5\n");
}

TEST(Cli, EmitIrAndAsmShowTheCompiledProgram) {
  Outcome ir = sonde("--emit=ir -e 'BEGIN { exit(); }'");
  EXPECT_EQ(ir.status, 0);
  EXPECT_NE(ir.out.find("section \"raw_tp/sonde_begin\""), std::string::npos) << ir.out;
  Outcome assembly = sonde("--emit=asm -e 'BEGIN { exit(); }'");
  EXPECT_EQ(assembly.status, 0);
  EXPECT_NE(assembly.out.find("call 131"), std::string::npos) << assembly.out; // ringbuf_reserve
}

TEST(Cli, EmitElfWritesALoadableObject) {
  auto path = std::filesystem::temp_directory_path() / "sonde_cli.o";
  std::filesystem::remove(path);
  Outcome run = sonde("--emit-elf " + path.string() + " -e 'BEGIN { exit(); }'");
  EXPECT_EQ(run.status, 0) << run.out;
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  EXPECT_EQ(std::string(magic, 4), "\x7f"
                                   "ELF");
}

TEST(Cli, SemanticErrorExitsOneBeforeLoading) {
  Outcome run = sonde("-e 'BEGIN { @x = nosuchbuiltin; }'");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("stdin:1:14-27: ERROR: Unknown identifier: 'nosuchbuiltin'"),
            std::string::npos)
      << run.out;
}

TEST(Cli, ListsProbesByPattern) {
  Outcome run = sonde("-l 't:sched:sched_switch'");
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "tracepoint:sched:sched_switch\n");
  Outcome verbose = sonde("-lv 'tracepoint:syscalls:sys_enter_openat'");
  EXPECT_EQ(verbose.status, 0);
  EXPECT_NE(verbose.out.find("    const char * filename;"), std::string::npos) << verbose.out;
}

// A private cache directory per test, so runs do not share entries.
std::filesystem::path fresh_cache(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("sonde_cache_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
  return dir;
}

Outcome sonde_env(const std::string& env, const std::string& args) {
  return shell(env + " " + std::string(SONDE_BINARY) + " " + args + " 2>&1");
}

TEST(Cli, CacheHitRunsWithoutTheCompiler) {
  auto cache = fresh_cache("hit");
  std::string env = "XDG_CACHE_HOME=" + cache.string();
  std::string script = "-q -e 'BEGIN { printf(\"cached\\n\"); exit(); }'";
  Outcome first = sonde_env(env, script);
  EXPECT_EQ(first.status, 0) << first.out;
  // A hit never loads the compiler library, so a missing one does not matter.
  Outcome second = sonde_env(env + " SONDE_COMPILER_LIB=/nonexistent/lib.so", script);
  EXPECT_EQ(second.status, 0) << second.out;
  EXPECT_EQ(second.out, "cached\n");
  Outcome bypass =
      sonde_env(env + " SONDE_COMPILER_LIB=/nonexistent/lib.so", "--no-cache " + script);
  EXPECT_EQ(bypass.status, 1);
  EXPECT_NE(bypass.out.find("cannot load the compiler library"), std::string::npos) << bypass.out;
}

TEST(Cli, CacheKeyCoversParametersAndIncludedFiles) {
  auto cache = fresh_cache("key");
  std::string env = "XDG_CACHE_HOME=" + cache.string();
  auto header = write_temp("sonde_cache_value.h", "#define VALUE 1\n");
  auto script = write_temp(
      "sonde_cache_script.bt",
      "#include \"sonde_cache_value.h\"\nBEGIN { printf(\"%d %d\\n\", VALUE, $1); exit(); }\n");
  EXPECT_EQ(sonde_env(env, "-q " + script.string() + " 5").out, "1 5\n");
  EXPECT_EQ(sonde_env(env, "-q " + script.string() + " 6").out, "1 6\n");
  std::ofstream(header) << "#define VALUE 2\n";
  EXPECT_EQ(sonde_env(env, "-q " + script.string() + " 6").out, "2 6\n");
}

TEST(Cli, CacheRefusesADirectoryOthersCanWrite) {
  auto cache = fresh_cache("unsafe");
  std::filesystem::create_directories(cache / "sonde");
  std::filesystem::permissions(cache / "sonde", std::filesystem::perms::all);
  Outcome run = sonde_env("XDG_CACHE_HOME=" + cache.string(), "-v -q -e 'BEGIN { exit(); }'");
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_NE(run.out.find("compile cache not used: " + (cache / "sonde").string() +
                         " is writable by other users"),
            std::string::npos)
      << run.out;
}

TEST(Cli, CorruptCacheEntryIsRecompiled) {
  auto cache = fresh_cache("corrupt");
  std::string env = "XDG_CACHE_HOME=" + cache.string();
  std::string script = "-q -e 'BEGIN { printf(\"ok\\n\"); exit(); }'";
  ASSERT_EQ(sonde_env(env, script).status, 0);
  for (const auto& entry : std::filesystem::directory_iterator(cache / "sonde"))
    std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << "garbage";
  Outcome run = sonde_env(env, script);
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(run.out, "ok\n");
}

TEST(Cli, BundlesRunWithoutTheCompiler) {
  auto path = std::filesystem::temp_directory_path() /
              ("sonde_cli_" + std::to_string(getpid()) + ".bundle");
  Outcome written =
      sonde("--emit-bundle " + path.string() + " -e 'BEGIN { printf(\"%d\\n\", $1); exit(); }' 42");
  ASSERT_EQ(written.status, 0) << written.out;
  Outcome run =
      sonde_env("SONDE_COMPILER_LIB=/nonexistent/lib.so", "-q --run-bundle " + path.string());
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(run.out, "42\n");
  std::filesystem::remove(path);
}

TEST(Cli, RunBundleRefusesOtherFiles) {
  auto path = write_temp("sonde_cli_not_a_bundle", "hello");
  Outcome run = sonde("--run-bundle " + path.string());
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.out, "ERROR: '" + path.string() + "' is not a sonde bundle\n" +
                         "HINT: write one with sonde --emit-bundle FILE -e 'PROGRAM'\n");
}

TEST(Cli, SyscallWildcardAttachesOneLink) {
  // ~360 syscall tracepoints, one raw_syscalls attachment: quick to detach.
  Outcome run =
      sonde("-v -q --no-cache -e 'tracepoint:syscalls:sys_enter_* { @[probe] = count(); } "
            "interval:ms:10 { exit(); }' ");
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_NE(run.out.find("attached 2 BPF links"), std::string::npos) << run.out;
}

TEST(Cli, VerbosePrintsThePhases) {
  Outcome run = sonde("-v --no-cache -e 'BEGIN { exit(); }'");
  EXPECT_EQ(run.status, 0) << run.out;
  for (const char* phase : {"parse ", "sema ", "codegen ", "load ", "attach "})
    EXPECT_NE(run.out.find(phase), std::string::npos) << phase << "\n" << run.out;
}

TEST(Cli, ExecutableDoesNotLinkLlvm) {
  // LLVM is only reached through the dlopen()ed compiler library.
  Outcome run = shell("ldd " + std::string(SONDE_BINARY));
  EXPECT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("libc.so"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("LLVM"), std::string::npos) << run.out;
}

TEST(Cli, InfoLoadsTheCompilerLibrary) {
  Outcome run = sonde("--info");
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_NE(run.out.find("LLVM: 19."), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("LLVM BPF target: yes"), std::string::npos) << run.out;
}

TEST(Cli, MissingCompilerLibraryIsExplained) {
  Outcome run =
      shell("SONDE_COMPILER_LIB=/nonexistent/lib.so " + std::string(SONDE_BINARY) + " --info 2>&1");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("cannot load the compiler library /nonexistent/lib.so"), std::string::npos)
      << run.out;
}

} // namespace
