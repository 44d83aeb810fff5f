#include "runtime/compiler_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#ifndef SONDE_INSTALL_LIBDIR
#define SONDE_INSTALL_LIBDIR "/usr/local/lib/sonde"
#endif

namespace sonde::runtime {

namespace {
constexpr const char* kLibraryName = "libsonde_compiler.so";
}

std::string compiler_library_path() {
  if (const char* path = std::getenv("SONDE_COMPILER_LIB"); path && *path)
    return path;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path beside = exe.parent_path() / kLibraryName;
    if (std::filesystem::exists(beside, ec))
      return beside.string();
  }
  return std::string(SONDE_INSTALL_LIBDIR) + "/" + kLibraryName;
}

const SondeCompilerApi* load_compiler(std::string& error) {
  static const SondeCompilerApi* api = nullptr;
  if (api)
    return api;
  const std::string path = compiler_library_path();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    error = "cannot load the compiler library " + path + ": " + dlerror() +
            "\nHINT: reinstall sonde, or set SONDE_COMPILER_LIB to the library's path";
    return nullptr;
  }
  using Entry = const SondeCompilerApi* (*)();
  auto entry = reinterpret_cast<Entry>(dlsym(handle, SONDE_COMPILER_ENTRY));
  if (!entry) {
    error = "the compiler library " + path + " has no entry point " SONDE_COMPILER_ENTRY;
    return nullptr;
  }
  const SondeCompilerApi* loaded = entry();
  if (!loaded || loaded->abi_version != sonde::kCompilerAbiVersion) {
    error = "the compiler library " + path + " is from another version of sonde" +
            "\nHINT: reinstall sonde so that the executable and the library match";
    return nullptr;
  }
  api = loaded;
  return api;
}

} // namespace sonde::runtime
