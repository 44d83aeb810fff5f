// Small constructors the grammar actions call, so that parser.yy reads as a
// grammar and not as node plumbing. Private to grammar/.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/ast/diagnostics.h"
#include "grammar/literals.h"

#include <optional>
#include <string>
#include <vector>

namespace sonde::grammar {
struct StmtList;
struct ParenItem;
} // namespace sonde::grammar

namespace sonde::grammar::build {

using ast::ExprPtr;
using ast::Location;
using ast::StmtPtr;

ExprPtr integer(const IntegerValue& value, const Location& loc);
ExprPtr string_literal(std::string value, const Location& loc);
ExprPtr boolean(bool value, const Location& loc);
ExprPtr positional(uint32_t index, const Location& loc);
ExprPtr positional_count(const Location& loc);
ExprPtr identifier(std::string name, const Location& loc);
ExprPtr variable(std::string name, const Location& loc);
ExprPtr map(std::string name, std::vector<ExprPtr> keys, bool subscripted, const Location& loc);
ExprPtr call(std::string name, const Location& name_loc, std::vector<ExprPtr> args,
             const Location& loc);
ExprPtr unary(ast::UnaryOp op, ExprPtr operand, const Location& loc);
ExprPtr binary(ast::BinaryOp op, ExprPtr lhs, ExprPtr rhs, const Location& op_loc,
               const Location& loc);
ExprPtr ternary(ExprPtr cond, ExprPtr then, ExprPtr otherwise, const Location& loc);
ExprPtr field(ExprPtr base, std::string name, bool arrow, const Location& field_loc,
              const Location& loc);
ExprPtr index(ExprPtr base, ExprPtr index, const Location& loc);
ExprPtr cast(ast::TypeSpec type, ExprPtr operand, const Location& loc);
ExprPtr tuple(std::vector<ExprPtr> elements, const Location& loc);
// (a) is a parenthesised expression, (a,) and (a, b) tuples, (x = a, ...) a
// record; mixing named and unnamed items is an error.
ExprPtr parenthesised(std::vector<ParenItem> items, bool trailing_comma, const Location& loc,
                      ast::Diagnostics& diags);
ExprPtr size_of(std::unique_ptr<ast::TypeSpec> type, ExprPtr expr, const Location& loc);
ExprPtr offset_of(std::unique_ptr<ast::TypeSpec> type, ExprPtr expr,
                  std::vector<std::string> fields, const Location& loc);
ExprPtr block_expr(ast::Block block, const Location& loc);

// With `takes_value`, a last expression written without ';' becomes the
// block's value (macro bodies, block expressions); otherwise it stays a
// statement (probe bodies, where the last ';' is optional).
ast::Block make_block(StmtList list, const Location& loc, bool takes_value);
bool is_expr_stmt(const StmtPtr& stmt);
StmtPtr expr_stmt(ExprPtr expr, const Location& loc);
StmtPtr assign(ExprPtr target, std::optional<ast::BinaryOp> op, ExprPtr value, const Location& loc);
StmtPtr let(std::string name, const Location& name_loc, std::unique_ptr<ast::TypeSpec> type,
            ExprPtr value, const Location& loc);
StmtPtr jump(ast::JumpKind kind, ExprPtr value, const Location& loc);
StmtPtr unroll(ExprPtr count, ast::Block body, const Location& loc);
StmtPtr while_loop(ExprPtr cond, ast::Block body, const Location& loc);
StmtPtr for_map(std::string var, const Location& var_loc, ExprPtr map, ast::Block body,
                const Location& loc);
StmtPtr for_range(std::string var, const Location& var_loc, ExprPtr start, ExprPtr end,
                  ast::Block body, const Location& loc);
StmtPtr block_stmt(ast::Block block, const Location& loc);
StmtPtr if_stmt(ExprPtr cond, ast::Block then, std::optional<ast::Block> otherwise,
                const Location& loc);
// Wraps an `else if` statement into the else block.
ast::Block else_if(StmtPtr nested_if);

ast::TypeSpec builtin_type(const std::string& name, std::optional<uint64_t> size,
                           const Location& loc, ast::Diagnostics& diags);
ast::TypeSpec named_type(ast::TypeSpec::Kind kind, std::string name, const Location& loc);
ast::TypeSpec type_of(ExprPtr expr, std::unique_ptr<ast::TypeSpec> type, const Location& loc);

} // namespace sonde::grammar::build
