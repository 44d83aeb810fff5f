#include "compiler/ast/location.h"

namespace sonde::ast {

uint32_t SourceFiles::add(std::string name, std::string text) {
  File f{std::move(name), std::move(text), {0}};
  for (size_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n')
      f.line_starts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size() - 1);
}

std::string_view SourceFiles::line(uint32_t file, uint32_t line) const {
  if (file >= files_.size() || line == 0)
    return {};
  const File& f = files_[file];
  if (line > f.line_starts.size())
    return {};
  size_t begin = f.line_starts[line - 1];
  if (begin > f.text.size())
    return {};
  size_t end = f.text.find('\n', begin);
  if (end == std::string::npos)
    end = f.text.size();
  return std::string_view(f.text).substr(begin, end - begin);
}

} // namespace sonde::ast
