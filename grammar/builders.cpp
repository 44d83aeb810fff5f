#include "grammar/builders.h"

#include "parser.h"

#include <algorithm>

namespace sonde::grammar::build {

namespace {
template <typename Node>
std::unique_ptr<Node> node(const Location& loc) {
  auto n = std::make_unique<Node>();
  n->loc = loc;
  return n;
}
} // namespace

ExprPtr integer(const IntegerValue& value, const Location& loc) {
  auto n = node<ast::IntegerLiteral>(loc);
  n->value = value.value;
  n->is_unsigned = value.is_unsigned;
  return n;
}

ExprPtr string_literal(std::string value, const Location& loc) {
  auto n = node<ast::StringLiteral>(loc);
  n->value = std::move(value);
  return n;
}

ExprPtr boolean(bool value, const Location& loc) {
  auto n = node<ast::BoolLiteral>(loc);
  n->value = value;
  return n;
}

ExprPtr positional(uint32_t index, const Location& loc) {
  auto n = node<ast::PositionalParam>(loc);
  n->index = index;
  return n;
}

ExprPtr positional_count(const Location& loc) {
  return node<ast::PositionalCount>(loc);
}

ExprPtr identifier(std::string name, const Location& loc) {
  auto n = node<ast::Identifier>(loc);
  n->name = std::move(name);
  return n;
}

ExprPtr variable(std::string name, const Location& loc) {
  auto n = node<ast::Variable>(loc);
  n->name = std::move(name);
  return n;
}

ExprPtr map(std::string name, std::vector<ExprPtr> keys, bool subscripted, const Location& loc) {
  auto n = node<ast::Map>(loc);
  n->name = std::move(name);
  n->keys = std::move(keys);
  n->subscripted = subscripted;
  return n;
}

ExprPtr call(std::string name, const Location& name_loc, std::vector<ExprPtr> args,
             const Location& loc) {
  auto n = node<ast::Call>(loc);
  n->name = std::move(name);
  n->name_loc = name_loc;
  n->args = std::move(args);
  return n;
}

ExprPtr unary(ast::UnaryOp op, ExprPtr operand, const Location& loc) {
  auto n = node<ast::Unary>(loc);
  n->op = op;
  n->operand = std::move(operand);
  return n;
}

ExprPtr binary(ast::BinaryOp op, ExprPtr lhs, ExprPtr rhs, const Location& op_loc,
               const Location& loc) {
  auto n = node<ast::Binary>(loc);
  n->op = op;
  n->lhs = std::move(lhs);
  n->rhs = std::move(rhs);
  n->op_loc = op_loc;
  return n;
}

ExprPtr ternary(ExprPtr cond, ExprPtr then, ExprPtr otherwise, const Location& loc) {
  auto n = node<ast::Ternary>(loc);
  n->cond = std::move(cond);
  n->then = std::move(then);
  n->otherwise = std::move(otherwise);
  return n;
}

ExprPtr field(ExprPtr base, std::string name, bool arrow, const Location& field_loc,
              const Location& loc) {
  auto n = node<ast::FieldAccess>(loc);
  n->base = std::move(base);
  n->field = std::move(name);
  n->arrow = arrow;
  n->field_loc = field_loc;
  return n;
}

ExprPtr index(ExprPtr base, ExprPtr index, const Location& loc) {
  auto n = node<ast::Index>(loc);
  n->base = std::move(base);
  n->index = std::move(index);
  return n;
}

ExprPtr cast(ast::TypeSpec type, ExprPtr operand, const Location& loc) {
  auto n = node<ast::Cast>(loc);
  n->type = std::move(type);
  n->operand = std::move(operand);
  return n;
}

ExprPtr tuple(std::vector<ExprPtr> elements, const Location& loc) {
  auto n = node<ast::Tuple>(loc);
  n->elements = std::move(elements);
  return n;
}

ExprPtr parenthesised(std::vector<ParenItem> items, bool trailing_comma, const Location& loc,
                      ast::Diagnostics& diags) {
  size_t named = std::count_if(items.begin(), items.end(),
                               [](const ParenItem& item) { return !item.name.empty(); });
  if (named == items.size()) {
    auto n = node<ast::Record>(loc);
    for (ParenItem& item : items) {
      bool duplicate =
          std::any_of(n->fields.begin(), n->fields.end(),
                      [&](const ast::Record::Field& f) { return f.name == item.name; });
      if (duplicate)
        diags.error(item.loc, "record field '" + item.name + "' is given twice",
                    "name each field of a record once");
      n->fields.push_back(ast::Record::Field{item.name, std::move(item.value), item.loc});
    }
    return n;
  }
  if (named != 0) {
    for (ParenItem& item : items)
      if (item.name.empty()) {
        diags.error(item.loc, "record field needs a name",
                    "write (name = value, ...) for a record, or (a, b) for a tuple");
        break;
      }
  }
  if (items.size() == 1 && !trailing_comma) {
    // A parenthesised expression keeps its parentheses in the location.
    ExprPtr inner = std::move(items[0].value);
    inner->loc = loc;
    return inner;
  }
  std::vector<ExprPtr> elements;
  for (ParenItem& item : items)
    elements.push_back(std::move(item.value));
  return tuple(std::move(elements), loc);
}

ExprPtr size_of(std::unique_ptr<ast::TypeSpec> type, ExprPtr expr, const Location& loc) {
  auto n = node<ast::Sizeof>(loc);
  n->type = std::move(type);
  n->expr = std::move(expr);
  return n;
}

ExprPtr offset_of(std::unique_ptr<ast::TypeSpec> type, ExprPtr expr,
                  std::vector<std::string> fields, const Location& loc) {
  auto n = node<ast::Offsetof>(loc);
  n->type = std::move(type);
  n->expr = std::move(expr);
  n->fields = std::move(fields);
  return n;
}

ExprPtr block_expr(ast::Block block, const Location& loc) {
  auto n = node<ast::BlockExpr>(loc);
  n->block = std::move(block);
  return n;
}

ast::Block make_block(StmtList list, const Location& loc, bool takes_value) {
  ast::Block block;
  block.loc = loc;
  block.stmts = std::move(list.stmts);
  std::reverse(block.stmts.begin(), block.stmts.end());
  if (takes_value && list.ends_with_bare_expr && !block.stmts.empty()) {
    auto* last = static_cast<ast::ExprStmt*>(block.stmts.back().get());
    block.value = std::move(last->expr);
    block.stmts.pop_back();
  }
  return block;
}

bool is_expr_stmt(const StmtPtr& stmt) {
  return dynamic_cast<ast::ExprStmt*>(stmt.get());
}

StmtPtr expr_stmt(ExprPtr expr, const Location& loc) {
  auto n = node<ast::ExprStmt>(loc);
  n->expr = std::move(expr);
  return n;
}

StmtPtr assign(ExprPtr target, std::optional<ast::BinaryOp> op, ExprPtr value,
               const Location& loc) {
  auto n = node<ast::Assign>(loc);
  n->target = std::move(target);
  n->op = op;
  n->value = std::move(value);
  return n;
}

StmtPtr let(std::string name, const Location& name_loc, std::unique_ptr<ast::TypeSpec> type,
            ExprPtr value, const Location& loc) {
  auto n = node<ast::Let>(loc);
  n->name = std::move(name);
  n->name_loc = name_loc;
  n->type = std::move(type);
  n->value = std::move(value);
  return n;
}

StmtPtr jump(ast::JumpKind kind, ExprPtr value, const Location& loc) {
  auto n = node<ast::Jump>(loc);
  n->kind = kind;
  n->value = std::move(value);
  return n;
}

StmtPtr unroll(ExprPtr count, ast::Block body, const Location& loc) {
  auto n = node<ast::Unroll>(loc);
  n->count = std::move(count);
  n->body = std::move(body);
  return n;
}

StmtPtr while_loop(ExprPtr cond, ast::Block body, const Location& loc) {
  auto n = node<ast::While>(loc);
  n->cond = std::move(cond);
  n->body = std::move(body);
  return n;
}

StmtPtr for_map(std::string var, const Location& var_loc, ExprPtr map, ast::Block body,
                const Location& loc) {
  auto n = node<ast::ForMap>(loc);
  n->var = std::move(var);
  n->var_loc = var_loc;
  n->map.reset(static_cast<ast::Map*>(map.release()));
  n->body = std::move(body);
  return n;
}

StmtPtr for_range(std::string var, const Location& var_loc, ExprPtr start, ExprPtr end,
                  ast::Block body, const Location& loc) {
  auto n = node<ast::ForRange>(loc);
  n->var = std::move(var);
  n->var_loc = var_loc;
  n->start = std::move(start);
  n->end = std::move(end);
  n->body = std::move(body);
  return n;
}

StmtPtr block_stmt(ast::Block block, const Location& loc) {
  auto n = node<ast::BlockStmt>(loc);
  n->block = std::move(block);
  return n;
}

StmtPtr if_stmt(ExprPtr cond, ast::Block then, std::optional<ast::Block> otherwise,
                const Location& loc) {
  auto n = node<ast::If>(loc);
  n->cond = std::move(cond);
  n->then = std::move(then);
  n->otherwise = std::move(otherwise);
  return n;
}

ast::Block else_if(StmtPtr nested_if) {
  ast::Block block;
  block.loc = nested_if->loc;
  block.stmts.push_back(std::move(nested_if));
  return block;
}

ast::TypeSpec builtin_type(const std::string& name, std::optional<uint64_t> size,
                           const Location& loc, ast::Diagnostics& diags) {
  ast::TypeSpec t;
  t.loc = loc;
  t.name = name;
  if (name == "string" || name == "buffer") {
    t.kind = name == "string" ? ast::TypeSpec::Kind::String : ast::TypeSpec::Kind::Buffer;
    t.size = size;
    return t;
  }
  t.kind = name == "bool"   ? ast::TypeSpec::Kind::Bool
           : name == "void" ? ast::TypeSpec::Kind::Void
                            : ast::TypeSpec::Kind::Integer;
  if (!size)
    return t;
  if (*size == 0)
    diags.error(loc, "array length must be at least 1", "for example (uint8[8])x");
  return ast::TypeSpec::array_of(std::move(t), *size, loc);
}

ast::TypeSpec named_type(ast::TypeSpec::Kind kind, std::string name, const Location& loc) {
  ast::TypeSpec t;
  t.kind = kind;
  t.name = std::move(name);
  t.loc = loc;
  return t;
}

ast::TypeSpec type_of(ExprPtr expr, std::unique_ptr<ast::TypeSpec> type, const Location& loc) {
  ast::TypeSpec t;
  t.kind = ast::TypeSpec::Kind::Typeof;
  t.loc = loc;
  t.typeof_expr = std::move(expr);
  t.typeof_type = std::move(type);
  return t;
}

} // namespace sonde::grammar::build
