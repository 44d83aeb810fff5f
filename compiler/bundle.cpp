#include "compiler/bundle.h"

#include <cereal/archives/portable_binary.hpp>

#include <sstream>

namespace sonde::bundle {

namespace {
constexpr char kMagic[8] = {'S', 'O', 'N', 'D', 'E', 'B', 'N', 'D'};
}

std::string serialize(const Bundle& bundle) {
  std::ostringstream out(std::ios::binary);
  out.write(kMagic, sizeof kMagic);
  {
    cereal::PortableBinaryOutputArchive archive(out);
    archive(bundle);
  }
  return out.str();
}

bool deserialize(const std::string& bytes, Bundle& bundle, std::string& error) {
  if (bytes.size() < sizeof kMagic || bytes.compare(0, sizeof kMagic, kMagic, sizeof kMagic) != 0) {
    error = "not a sonde bundle";
    return false;
  }
  std::istringstream in(bytes.substr(sizeof kMagic), std::ios::binary);
  try {
    cereal::PortableBinaryInputArchive archive(in);
    archive(bundle);
  } catch (const std::exception& e) {
    error = std::string("corrupt sonde bundle: ") + e.what();
    return false;
  }
  if (bundle.format_version != kFormatVersion) {
    error = "bundle format " + std::to_string(bundle.format_version) +
            " is not supported (this sonde reads format " + std::to_string(kFormatVersion) + ")";
    return false;
  }
  return true;
}

} // namespace sonde::bundle
