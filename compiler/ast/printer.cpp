#include "compiler/ast/printer.h"

#include <cstdio>

namespace sonde::ast {

std::string quote_string(std::string_view value) {
  std::string text = "\"";
  for (unsigned char c : value) {
    switch (c) {
    case '"':
      text += "\\\"";
      break;
    case '\\':
      text += "\\\\";
      break;
    case '\n':
      text += "\\n";
      break;
    case '\t':
      text += "\\t";
      break;
    case '\r':
      text += "\\r";
      break;
    default:
      if (c < 0x20 || c >= 0x7f) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
        text += escaped;
      } else {
        text += static_cast<char>(c);
      }
    }
  }
  return text + "\"";
}

namespace {

class Printer : public Visitor {
public:
  Printer(std::ostream& out, const SourceFiles& files, bool with_locations)
      : out_(out), files_(files), with_locations_(with_locations) {}

  void program(const Program& p) {
    line("program", nullptr);
    Nest nest(*this);
    for (const CDecl& decl : p.c_decls)
      c_decl(decl);
    if (p.config) {
      line("config", &p.config->loc);
      Nest inner(*this);
      for (const ConfigEntry& e : p.config->entries) {
        line("entry " + e.key, &e.loc);
        Nest value(*this);
        e.value->accept(*this);
      }
    }
    for (const MapDecl& d : p.map_decls) {
      line("map-decl " + d.name + " " + d.kind, &d.loc);
      Nest inner(*this);
      for (const ExprPtr& arg : d.args)
        arg->accept(*this);
    }
    for (const Macro& m : p.macros) {
      std::string params;
      for (size_t i = 0; i < m.params.size(); ++i)
        params += (i ? ", " : "") + m.params[i];
      line("macro " + m.name + "(" + params + ")", &m.loc);
      Nest inner(*this);
      block(const_cast<Block&>(m.body));
    }
    for (const Probe& probe : p.probes) {
      line("probe", &probe.loc);
      Nest inner(*this);
      for (const AttachPoint& ap : probe.attach_points)
        line("attach " + ap.to_string(), &ap.loc);
      if (probe.predicate) {
        line("predicate", &probe.predicate->loc);
        Nest pred(*this);
        probe.predicate->accept(*this);
      }
      block(const_cast<Block&>(probe.body));
    }
  }

  // Expressions
  void visit(IntegerLiteral& n) override {
    line("int " + std::to_string(n.value) + (n.is_unsigned ? " unsigned" : ""), &n.loc);
  }
  void visit(StringLiteral& n) override { line("string " + quote_string(n.value), &n.loc); }
  void visit(BoolLiteral& n) override { line(n.value ? "bool true" : "bool false", &n.loc); }
  void visit(PositionalParam& n) override {
    line("positional $" + std::to_string(n.index), &n.loc);
  }
  void visit(PositionalCount& n) override { line("positional-count $#", &n.loc); }
  void visit(Identifier& n) override { line("ident " + n.name, &n.loc); }
  void visit(Variable& n) override { line("variable " + n.name, &n.loc); }
  void visit(Map& n) override {
    line("map " + n.name, &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Call& n) override {
    line("call " + n.name, &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Unary& n) override {
    line(std::string("unary ") + to_string(n.op), &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Binary& n) override {
    line(std::string("binary ") + to_string(n.op), &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Ternary& n) override {
    line(n.then ? "ternary" : "ternary ?:", &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(FieldAccess& n) override {
    line(std::string("field ") + (n.arrow ? "->" : ".") + n.field, &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Index& n) override {
    line("index", &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Cast& n) override {
    line("cast " + n.type.to_string(), &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Tuple& n) override {
    line("tuple", &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Record& n) override {
    line("record", &n.loc);
    Nest nest(*this);
    for (Record::Field& f : n.fields) {
      line("field-init " + f.name, &f.loc);
      Nest value(*this);
      f.value->accept(*this);
    }
  }
  void visit(Sizeof& n) override {
    line(n.type ? "sizeof " + n.type->to_string() : "sizeof", &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Offsetof& n) override {
    std::string path;
    for (const std::string& f : n.fields)
      path += "." + f;
    line(n.type ? "offsetof " + n.type->to_string() + " " + path : "offsetof " + path, &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(BlockExpr& n) override {
    line("block-expr", &n.loc);
    Nest nest(*this);
    block(n.block);
  }

  // Statements
  void visit(ExprStmt& n) override { n.expr->accept(*this); }
  void visit(Assign& n) override {
    line(std::string("assign ") + (n.op ? std::string(to_string(*n.op)) + "=" : "="), &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(Let& n) override {
    line("let " + n.name + (n.type ? ": " + n.type->to_string() : ""), &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(If& n) override {
    line("if", &n.loc);
    Nest nest(*this);
    n.cond->accept(*this);
    line("then", &n.then.loc);
    {
      Nest inner(*this);
      block_contents(n.then);
    }
    if (n.otherwise) {
      line("else", &n.otherwise->loc);
      Nest inner(*this);
      block_contents(*n.otherwise);
    }
  }
  void visit(Unroll& n) override {
    line("unroll", &n.loc);
    Nest nest(*this);
    n.count->accept(*this);
    block(n.body);
  }
  void visit(While& n) override {
    line("while", &n.loc);
    Nest nest(*this);
    n.cond->accept(*this);
    block(n.body);
  }
  void visit(ForMap& n) override {
    line("for " + n.var, &n.loc);
    Nest nest(*this);
    n.map->accept(*this);
    block(n.body);
  }
  void visit(ForRange& n) override {
    line("for-range " + n.var, &n.loc);
    Nest nest(*this);
    n.start->accept(*this);
    n.end->accept(*this);
    block(n.body);
  }
  void visit(Jump& n) override {
    const char* name = n.kind == JumpKind::Break      ? "break"
                       : n.kind == JumpKind::Continue ? "continue"
                                                      : "return";
    line(name, &n.loc);
    Nest nest(*this);
    Visitor::visit(n);
  }
  void visit(BlockStmt& n) override { block(n.block); }

private:
  struct Nest {
    explicit Nest(Printer& p) : p(p) { ++p.depth_; }
    ~Nest() { --p.depth_; }
    Printer& p;
  };

  void block(Block& b) {
    line("block", &b.loc);
    Nest nest(*this);
    block_contents(b);
  }

  void block_contents(Block& b) {
    for (StmtPtr& s : b.stmts)
      s->accept(*this);
    if (b.value) {
      line("value", &b.value->loc);
      Nest nest(*this);
      b.value->accept(*this);
    }
  }

  void c_decl(const CDecl& decl) {
    if (auto* record = std::get_if<std::shared_ptr<CRecord>>(&decl)) {
      c_record(**record, nullptr);
    } else if (auto* e = std::get_if<std::shared_ptr<CEnum>>(&decl)) {
      c_enum(**e);
    } else {
      const CTypedef& t = std::get<CTypedef>(decl);
      line("c-typedef " + t.name + ": " + t.type.to_string(), &t.loc);
      inline_definitions(t.type);
    }
  }

  void c_record(const CRecord& r, const Location* loc) {
    std::string text = r.is_union ? "c-union" : "c-struct";
    text += r.name.empty() ? " <anonymous>" : " " + r.name;
    if (!r.is_definition)
      text += " (declaration)";
    line(text, loc ? loc : &r.loc);
    Nest nest(*this);
    for (const CField& f : r.fields) {
      std::string member = "member " + (f.name.empty() ? std::string("<anonymous>") : f.name) +
                           ": " + f.type.to_string();
      if (f.bit_width)
        member += " : " + std::to_string(*f.bit_width);
      line(member, &f.loc);
      inline_definitions(f.type);
    }
  }

  void c_enum(const CEnum& e) {
    line("c-enum " + (e.name.empty() ? std::string("<anonymous>") : e.name), &e.loc);
    Nest nest(*this);
    for (const CEnum::Enumerator& en : e.enumerators)
      line("enumerator " + en.name + " = " + std::to_string(en.value), &en.loc);
  }

  // A struct, union or enum defined inside a member or typedef prints below it.
  void inline_definitions(const TypeSpec& type) {
    const TypeSpec* t = &type;
    while ((t->kind == TypeSpec::Kind::Pointer || t->kind == TypeSpec::Kind::Array) && t->element)
      t = t->element.get();
    Nest nest(*this);
    if (t->record_def && t->record_def->is_definition)
      c_record(*t->record_def, nullptr);
    else if (t->enum_def)
      c_enum(*t->enum_def);
  }

  void line(const std::string& text, const Location* loc) {
    out_ << std::string(depth_ * 2, ' ') << text;
    if (with_locations_ && loc) {
      out_ << " @" << (loc->file < files_.size() ? files_.name(loc->file) : "?") << ":" << loc->line
           << ":" << loc->column << "-";
      if (loc->end_line != loc->line)
        out_ << loc->end_line << ":";
      out_ << loc->end_column;
    }
    out_ << "\n";
  }

  std::ostream& out_;
  const SourceFiles& files_;
  bool with_locations_;
  int depth_ = 0;
};

} // namespace

void print_program(std::ostream& out, const Program& program, const SourceFiles& files,
                   bool with_locations) {
  Printer(out, files, with_locations).program(program);
}

} // namespace sonde::ast
