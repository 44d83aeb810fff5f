// The C declaration parser: one captured struct/union/enum/typedef definition
// -> ast::CDecl entries.
//
// In:  the raw text of one top-level C definition as the lexer captured it
//      (from 'struct'/'union'/'enum'/'typedef' through the closing brace, an
//      optional __attribute__((...)) and ';'), and where it starts in the
//      preprocessed text.
// Out: declarations appended to `out`, in this order:
//   - every enum definition (named or anonymous, also when written inside a
//     struct or a typedef), as its own CEnum, so its enumerators are constants;
//   - every named struct/union definition, also when written inside another
//     definition or a typedef (C gives struct tags file scope), as its own
//     CRecord; `struct X;` gives a CRecord with is_definition == false;
//   - one CTypedef per typedef declarator.
//   Inner definitions come before the definition or typedef that contains
//   them. A TypeSpec that defines a struct/union/enum inline also points at
//   the same object through record_def/enum_def; for anonymous structs and
//   unions that pointer is the only way to reach the definition.
//
// Types: C integer spellings become Kind::Integer with canonical names
// (x86_64 LP64: plain char is int8, long is int64), _Bool/bool become
// Kind::Bool, void Kind::Void; any other name (u32, pid_t, uint64_t ...)
// stays Kind::Named for sema to resolve. A flexible array member `[]` is an
// Array without size. An unnamed bit-field is a CField with an empty name, no
// record_def and a bit_width; an anonymous struct/union member is a CField
// with an empty name and record_def set. Array parameters of function types
// decay to pointers. Constant expressions (enum values, array sizes,
// bit-field widths) are evaluated in 64 bits and may use enumerators defined
// earlier in this text or already present in `out`.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "grammar/preprocess.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace sonde::grammar {

// Parses one captured C definition. `text` starts at output line `line`,
// column `column` of the preprocessed text; locations are mapped to the source
// through `pp`. Returns false when any error was reported; `out` may then hold
// partial declarations. Errors are located, recovered from at the next ';' or
// '}', and capped at 10 per call.
bool parse_c_definition(std::string_view text, uint32_t line, uint32_t column,
                        const Preprocessed& pp, std::vector<ast::CDecl>& out,
                        ast::Diagnostics& diags);

} // namespace sonde::grammar
