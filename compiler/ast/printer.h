// `sonde --emit=ast`: the tree as text, one node per line, children indented
// two spaces below their parent. Tests pin this format, so changes to it are
// deliberate. Each line is a node kind followed by its details:
//
//   program
//     probe
//       attach tracepoint:syscalls:sys_enter_openat
//       predicate
//         binary ==
//           ident pid
//           int 42
//       block
//         assign =
//           map @
//             ident comm
//           call count
//
// Kinds: c-struct, c-union, c-enum, enumerator, c-typedef, member; config,
// entry; map-decl; macro; probe, attach, predicate; block, value; statements
// assign, let, if, then, else, unroll, while, for, for-range, break,
// continue, return; expressions int (with "unsigned" above INT64_MAX or with
// a U suffix), string (C-escaped, quoted), bool, positional, positional-count,
// ident, variable, map, call, unary, binary, ternary, field, index, cast,
// tuple, record, field-init, sizeof, offsetof, block-expr. An expression
// statement prints as its expression.
//
// With `with_locations`, each line ends with " @FILE:LINE:COL-ENDCOL", or
// " @FILE:LINE:COL-ENDLINE:ENDCOL" for a span over several lines.
#pragma once

#include "compiler/ast/ast.h"

#include <ostream>

namespace sonde::ast {

void print_program(std::ostream& out, const Program& program, const SourceFiles& files,
                   bool with_locations);

// A C string literal for `value`: quotes, and escapes for '"', '\\' and
// non-printable bytes.
std::string quote_string(std::string_view value);

} // namespace sonde::ast
