#include "compiler/ast/ast.h"

namespace sonde::ast {

TypeSpec::TypeSpec() = default;
TypeSpec::TypeSpec(TypeSpec&&) noexcept = default;
TypeSpec& TypeSpec::operator=(TypeSpec&&) noexcept = default;
TypeSpec::~TypeSpec() = default;

TypeSpec TypeSpec::pointer_to(TypeSpec target, Location loc) {
  TypeSpec t;
  t.kind = Kind::Pointer;
  t.loc = loc;
  t.element = std::make_unique<TypeSpec>(std::move(target));
  return t;
}

TypeSpec TypeSpec::array_of(TypeSpec element, uint64_t length, Location loc) {
  TypeSpec t;
  t.kind = Kind::Array;
  t.loc = loc;
  t.size = length;
  t.element = std::make_unique<TypeSpec>(std::move(element));
  return t;
}

std::string TypeSpec::to_string() const {
  std::string text;
  switch (kind) {
  case Kind::Integer:
  case Kind::Bool:
  case Kind::Void:
  case Kind::Named:
    text = name;
    break;
  case Kind::String:
  case Kind::Buffer:
    text = kind == Kind::String ? "string" : "buffer";
    if (size)
      text += "[" + std::to_string(*size) + "]";
    break;
  case Kind::Struct:
  case Kind::Union:
  case Kind::Enum:
    text = kind == Kind::Struct ? "struct" : kind == Kind::Union ? "union" : "enum";
    text += name.empty() ? " <anonymous>" : " " + name;
    break;
  case Kind::Typeof:
    text = typeof_type ? "typeof(" + typeof_type->to_string() + ")" : "typeof(expr)";
    break;
  case Kind::Pointer:
    text = element->to_string();
    text += text.back() == '*' ? "*" : " *";
    break;
  case Kind::Array:
    text = element->to_string() + "[" + std::to_string(size.value_or(0)) + "]";
    break;
  case Kind::Function: {
    text = element->to_string() + " (";
    for (size_t i = 0; i < params.size(); ++i)
      text += (i ? ", " : "") + params[i].to_string();
    if (variadic)
      text += params.empty() ? "..." : ", ...";
    text += ")";
    break;
  }
  }
  return is_const ? "const " + text : text;
}

const char* to_string(UnaryOp op) {
  switch (op) {
  case UnaryOp::Neg:
    return "-";
  case UnaryOp::Plus:
    return "+";
  case UnaryOp::Not:
    return "!";
  case UnaryOp::BitNot:
    return "~";
  case UnaryOp::Deref:
    return "*";
  case UnaryOp::AddressOf:
    return "&";
  case UnaryOp::PreInc:
    return "++ (prefix)";
  case UnaryOp::PreDec:
    return "-- (prefix)";
  case UnaryOp::PostInc:
    return "++ (postfix)";
  case UnaryOp::PostDec:
    return "-- (postfix)";
  }
  return "?";
}

const char* to_string(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Div:
    return "/";
  case BinaryOp::Mod:
    return "%";
  case BinaryOp::BitAnd:
    return "&";
  case BinaryOp::BitOr:
    return "|";
  case BinaryOp::BitXor:
    return "^";
  case BinaryOp::Shl:
    return "<<";
  case BinaryOp::Shr:
    return ">>";
  case BinaryOp::LogicalAnd:
    return "&&";
  case BinaryOp::LogicalOr:
    return "||";
  case BinaryOp::Eq:
    return "==";
  case BinaryOp::Ne:
    return "!=";
  case BinaryOp::Lt:
    return "<";
  case BinaryOp::Le:
    return "<=";
  case BinaryOp::Gt:
    return ">";
  case BinaryOp::Ge:
    return ">=";
  }
  return "?";
}

std::string AttachPoint::to_string() const {
  std::string text = provider;
  for (const std::string& f : fields)
    text += ":" + f;
  return text;
}

// Node dispatch.
void IntegerLiteral::accept(Visitor& v) {
  v.visit(*this);
}
void StringLiteral::accept(Visitor& v) {
  v.visit(*this);
}
void BoolLiteral::accept(Visitor& v) {
  v.visit(*this);
}
void PositionalParam::accept(Visitor& v) {
  v.visit(*this);
}
void PositionalCount::accept(Visitor& v) {
  v.visit(*this);
}
void Identifier::accept(Visitor& v) {
  v.visit(*this);
}
void Variable::accept(Visitor& v) {
  v.visit(*this);
}
void Map::accept(Visitor& v) {
  v.visit(*this);
}
void Call::accept(Visitor& v) {
  v.visit(*this);
}
void Unary::accept(Visitor& v) {
  v.visit(*this);
}
void Binary::accept(Visitor& v) {
  v.visit(*this);
}
void Ternary::accept(Visitor& v) {
  v.visit(*this);
}
void FieldAccess::accept(Visitor& v) {
  v.visit(*this);
}
void Index::accept(Visitor& v) {
  v.visit(*this);
}
void Cast::accept(Visitor& v) {
  v.visit(*this);
}
void Tuple::accept(Visitor& v) {
  v.visit(*this);
}
void Record::accept(Visitor& v) {
  v.visit(*this);
}
void Sizeof::accept(Visitor& v) {
  v.visit(*this);
}
void Offsetof::accept(Visitor& v) {
  v.visit(*this);
}
void BlockExpr::accept(Visitor& v) {
  v.visit(*this);
}
void ExprStmt::accept(Visitor& v) {
  v.visit(*this);
}
void Assign::accept(Visitor& v) {
  v.visit(*this);
}
void Let::accept(Visitor& v) {
  v.visit(*this);
}
void If::accept(Visitor& v) {
  v.visit(*this);
}
void Unroll::accept(Visitor& v) {
  v.visit(*this);
}
void While::accept(Visitor& v) {
  v.visit(*this);
}
void ForMap::accept(Visitor& v) {
  v.visit(*this);
}
void ForRange::accept(Visitor& v) {
  v.visit(*this);
}
void Jump::accept(Visitor& v) {
  v.visit(*this);
}
void BlockStmt::accept(Visitor& v) {
  v.visit(*this);
}

// Default walks.
void Visitor::visit(Map& n) {
  for (auto& k : n.keys)
    walk(k.get());
}
void Visitor::visit(Call& n) {
  for (auto& a : n.args)
    walk(a.get());
}
void Visitor::visit(Unary& n) {
  walk(n.operand.get());
}
void Visitor::visit(Binary& n) {
  walk(n.lhs.get());
  walk(n.rhs.get());
}
void Visitor::visit(Ternary& n) {
  walk(n.cond.get());
  walk(n.then.get());
  walk(n.otherwise.get());
}
void Visitor::visit(FieldAccess& n) {
  walk(n.base.get());
}
void Visitor::visit(Index& n) {
  walk(n.base.get());
  walk(n.index.get());
}
void Visitor::visit(Cast& n) {
  walk(n.operand.get());
}
void Visitor::visit(Tuple& n) {
  for (auto& e : n.elements)
    walk(e.get());
}
void Visitor::visit(Record& n) {
  for (auto& f : n.fields)
    walk(f.value.get());
}
void Visitor::visit(Sizeof& n) {
  walk(n.expr.get());
}
void Visitor::visit(Offsetof& n) {
  walk(n.expr.get());
}
void Visitor::visit(BlockExpr& n) {
  walk(n.block);
}
void Visitor::visit(ExprStmt& n) {
  walk(n.expr.get());
}
void Visitor::visit(Assign& n) {
  walk(n.target.get());
  walk(n.value.get());
}
void Visitor::visit(Let& n) {
  walk(n.value.get());
}
void Visitor::visit(If& n) {
  walk(n.cond.get());
  walk(n.then);
  if (n.otherwise)
    walk(*n.otherwise);
}
void Visitor::visit(Unroll& n) {
  walk(n.count.get());
  walk(n.body);
}
void Visitor::visit(While& n) {
  walk(n.cond.get());
  walk(n.body);
}
void Visitor::visit(ForMap& n) {
  if (n.map)
    n.map->accept(*this);
  walk(n.body);
}
void Visitor::visit(ForRange& n) {
  walk(n.start.get());
  walk(n.end.get());
  walk(n.body);
}
void Visitor::visit(Jump& n) {
  walk(n.value.get());
}
void Visitor::visit(BlockStmt& n) {
  walk(n.block);
}

void Visitor::walk(Block& b) {
  for (auto& s : b.stmts)
    s->accept(*this);
  walk(b.value.get());
}

} // namespace sonde::ast
