// The front end's entry point: script text -> ast::Program.
//
// In:  a script already added to SourceFiles (named "stdin" for -e and -),
//      preprocessor options (-I, --include).
// Out: the Program, or null with located diagnostics (at most 10 syntax
//      errors are reported before parsing stops).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "grammar/preprocess.h"

#include <memory>

namespace sonde::grammar {

std::unique_ptr<ast::Program> parse(uint32_t file, ast::SourceFiles& files,
                                    const PreprocessOptions& options, ast::Diagnostics& diags,
                                    Preprocessed* preprocessed = nullptr);

// Splits one attach point ("uprobe:/bin/bash:readline") into provider and
// fields, checking the provider and the number of fields against the probe
// kind table. Reports located errors and returns false when it is malformed.
bool parse_attach_point(const std::string& raw, const ast::Location& loc, ast::AttachPoint& out,
                        ast::Diagnostics& diags);

} // namespace sonde::grammar
