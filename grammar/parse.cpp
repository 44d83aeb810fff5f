#include "grammar/parse.h"

#include "grammar/driver.h"
#include "parser.h"

namespace sonde::grammar {

void* create_scanner(Driver& driver, const std::string& text, void** buffer);
void destroy_scanner(void* scanner, void* buffer);

std::unique_ptr<ast::Program> parse(uint32_t file, ast::SourceFiles& files,
                                    const PreprocessOptions& options, ast::Diagnostics& diags,
                                    Preprocessed* preprocessed) {
  Preprocessed local;
  Preprocessed& pp = preprocessed ? *preprocessed : local;
  if (!preprocess(file, files, options, pp, diags))
    return nullptr;

  Driver driver(pp, diags);
  void* buffer = nullptr;
  void* scanner = create_scanner(driver, pp.text, &buffer);
  Parser parser(driver, scanner);
  int status = parser.parse();
  destroy_scanner(scanner, buffer);
  if (status != 0 || diags.has_errors())
    return nullptr;
  return std::move(driver.program);
}

} // namespace sonde::grammar
