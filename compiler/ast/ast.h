// The abstract syntax tree of a sonde script.
//
// The parser builds it, sema annotates it, codegen reads it. Nodes own their
// children through unique_ptr. Every node carries the Location of the text it
// came from. Names keep their sigils: variables are "$x", maps "@m" (the
// anonymous map is "@").
#pragma once

#include "compiler/ast/location.h"
#include "compiler/ast/types.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sonde::ast {

struct Expr;
struct Stmt;
struct CRecord;
struct CEnum;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;

// ---------------------------------------------------------------------------
// Types as written in casts, `let` declarations, sizeof/offsetof and C
// definitions. Resolution to real types (BTF, script definitions) is sema's.
struct TypeSpec {
  enum class Kind {
    Integer,  // int8 .. uint64, and C integer spellings in C definitions
    Bool,     // bool
    Void,     // void
    String,   // string, string[N]
    Buffer,   // buffer, buffer[N]
    Struct,   // struct NAME (or an inline definition)
    Union,    // union NAME (or an inline definition)
    Enum,     // enum NAME (or an inline definition)
    Named,    // a typedef name: u32, uint64_t, pid_t ...
    Typeof,   // typeof(expr or type)
    Pointer,  // element *
    Array,    // element[array_size]
    Function, // element (params...), only behind a pointer in C definitions
  };
  Kind kind = Kind::Integer;
  Location loc;
  std::string name;             // Integer: canonical "int32"...; Struct/Union/Enum/Named: the name
  std::optional<uint64_t> size; // String/Buffer capacity, Array length
  std::unique_ptr<TypeSpec> element;     // Pointer target, Array element, Function result
  std::vector<TypeSpec> params;          // Function parameter types
  bool variadic = false;                 // Function: trailing "..."
  ExprPtr typeof_expr;                   // Typeof of an expression
  std::unique_ptr<TypeSpec> typeof_type; // Typeof of a type
  std::shared_ptr<CRecord> record_def;   // Struct/Union defined inline
  std::shared_ptr<CEnum> enum_def;       // Enum defined inline
  bool is_const = false;

  TypeSpec();
  TypeSpec(TypeSpec&&) noexcept;
  TypeSpec& operator=(TypeSpec&&) noexcept;
  ~TypeSpec();

  static TypeSpec pointer_to(TypeSpec target, Location loc);
  static TypeSpec array_of(TypeSpec element, uint64_t length, Location loc);
  // "struct task_struct *", "uint8[8]", "string[64]" ...
  std::string to_string() const;
};

// ---------------------------------------------------------------------------
// C definitions written in the script (struct/union/enum/typedef).

struct CField {
  Location loc;
  std::string name; // empty for an anonymous struct/union member
  TypeSpec type;
  std::optional<uint32_t> bit_width;
};

struct CRecord {
  Location loc;
  bool is_union = false;
  std::string name;           // empty when anonymous
  bool is_definition = false; // false for a forward declaration "struct X;"
  std::vector<CField> fields;
};

struct CEnum {
  Location loc;
  std::string name;
  struct Enumerator {
    std::string name;
    int64_t value;
    Location loc;
  };
  std::vector<Enumerator> enumerators;
};

struct CTypedef {
  Location loc;
  std::string name;
  TypeSpec type;
};

using CDecl = std::variant<std::shared_ptr<CRecord>, std::shared_ptr<CEnum>, CTypedef>;

// ---------------------------------------------------------------------------
// Expressions

class Visitor;

struct Node {
  Location loc;
  virtual ~Node() = default;
};

struct Expr : Node {
  TypePtr type; // set by sema
  virtual void accept(Visitor& v) = 0;
};

struct IntegerLiteral : Expr {
  uint64_t value = 0;
  bool is_unsigned = false; // above INT64_MAX, or written with a U suffix
  void accept(Visitor& v) override;
};

struct StringLiteral : Expr {
  std::string value; // escapes resolved; may contain NUL bytes
  void accept(Visitor& v) override;
};

struct BoolLiteral : Expr {
  bool value = false;
  void accept(Visitor& v) override;
};

// $1, $2 ...
struct PositionalParam : Expr {
  uint32_t index = 0;
  void accept(Visitor& v) override;
};

// $#
struct PositionalCount : Expr {
  void accept(Visitor& v) override;
};

// A bare name: a builtin variable (pid, comm, args...), an enum constant, a
// macro parameter, or a keyword-like argument (perf in kstack(perf)).
struct Identifier : Expr {
  std::string name;
  int builtin = -1;                // stdlib::BuiltinId, set by sema
  std::optional<int64_t> constant; // an enum constant's value, set by sema
  void accept(Visitor& v) override;
};

// $name
struct Variable : Expr {
  std::string name;
  void accept(Visitor& v) override;
};

// @name or @name[key, ...]. `keys` is empty for a scalar map or a bare map
// argument such as print(@m).
struct Map : Expr {
  std::string name;
  std::vector<ExprPtr> keys;
  bool subscripted = false; // written with [...]
  void accept(Visitor& v) override;
};

// name(args...): builtin functions, aggregations, macros, and builtin
// variables called with () (comm()).
struct Call : Expr {
  std::string name;
  std::vector<ExprPtr> args;
  Location name_loc;
  int builtin = -1; // stdlib::BuiltinId, set by sema
  void accept(Visitor& v) override;
};

enum class UnaryOp { Neg, Plus, Not, BitNot, Deref, AddressOf, PreInc, PreDec, PostInc, PostDec };
const char* to_string(UnaryOp op);

struct Unary : Expr {
  UnaryOp op = UnaryOp::Neg;
  ExprPtr operand;
  void accept(Visitor& v) override;
};

enum class BinaryOp {
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  BitAnd,
  BitOr,
  BitXor,
  Shl,
  Shr,
  LogicalAnd,
  LogicalOr,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
};
const char* to_string(BinaryOp op);

struct Binary : Expr {
  BinaryOp op = BinaryOp::Add;
  ExprPtr lhs;
  ExprPtr rhs;
  Location op_loc;
  void accept(Visitor& v) override;
};

// cond ? then : otherwise, or cond ?: otherwise (then is null)
struct Ternary : Expr {
  ExprPtr cond;
  ExprPtr then;
  ExprPtr otherwise;
  void accept(Visitor& v) override;
};

// base.field, base->field; tuple elements are fields named "0", "1" ...
struct FieldAccess : Expr {
  ExprPtr base;
  std::string field;
  bool arrow = false;
  Location field_loc;
  // Set by sema for a field of a kernel struct: where it is in the struct.
  uint32_t byte_offset = 0;
  uint32_t bit_shift = 0; // bitfields: bits below the field in its 8-byte word
  uint32_t bit_width = 0; // 0: not a bitfield
  void accept(Visitor& v) override;
};

// base[index]
struct Index : Expr {
  ExprPtr base;
  ExprPtr index;
  void accept(Visitor& v) override;
};

// (type)operand
struct Cast : Expr {
  TypeSpec type;
  ExprPtr operand;
  void accept(Visitor& v) override;
};

// (a, b, ...), () and (a,)
struct Tuple : Expr {
  std::vector<ExprPtr> elements;
  void accept(Visitor& v) override;
};

// (name = value, ...)
struct Record : Expr {
  struct Field {
    std::string name;
    ExprPtr value;
    Location loc;
  };
  std::vector<Field> fields;
  void accept(Visitor& v) override;
};

// sizeof(type) or sizeof(expr): exactly one of type/expr is set.
struct Sizeof : Expr {
  std::unique_ptr<TypeSpec> type;
  ExprPtr expr;
  void accept(Visitor& v) override;
};

// offsetof(type or expr, field.sub...)
struct Offsetof : Expr {
  std::unique_ptr<TypeSpec> type;
  ExprPtr expr;
  std::vector<std::string> fields;
  void accept(Visitor& v) override;
};

struct Block {
  Location loc;
  std::vector<StmtPtr> stmts;
  // The trailing expression written without ';' in a macro body or a block
  // expression; it is the block's value. Null in ordinary blocks.
  ExprPtr value;
};

// { stmts; value } used as a value
struct BlockExpr : Expr {
  Block block;
  void accept(Visitor& v) override;
};

// ---------------------------------------------------------------------------
// Statements

struct Stmt : Node {
  virtual void accept(Visitor& v) = 0;
};

struct ExprStmt : Stmt {
  ExprPtr expr;
  void accept(Visitor& v) override;
};

// target op= value. op is nullopt for plain '='. target is a Map, Variable or
// Identifier "_"; sema rejects anything else.
struct Assign : Stmt {
  ExprPtr target;
  std::optional<BinaryOp> op;
  ExprPtr value;
  void accept(Visitor& v) override;
};

// let $x [: type] [= value];
struct Let : Stmt {
  std::string name;
  Location name_loc;
  std::unique_ptr<TypeSpec> type;
  ExprPtr value;
  void accept(Visitor& v) override;
};

struct If : Stmt {
  ExprPtr cond;
  Block then;
  std::optional<Block> otherwise; // `else if` is an otherwise block holding one If
  void accept(Visitor& v) override;
};

struct Unroll : Stmt {
  ExprPtr count;
  Block body;
  void accept(Visitor& v) override;
};

struct While : Stmt {
  ExprPtr cond;
  Block body;
  void accept(Visitor& v) override;
};

// for ($kv : @map) { }
struct ForMap : Stmt {
  std::string var;
  Location var_loc;
  std::unique_ptr<Map> map;
  Block body;
  void accept(Visitor& v) override;
};

// for ($i : start..end) { }
struct ForRange : Stmt {
  std::string var;
  Location var_loc;
  ExprPtr start;
  ExprPtr end;
  Block body;
  void accept(Visitor& v) override;
};

enum class JumpKind { Break, Continue, Return };

struct Jump : Stmt {
  JumpKind kind = JumpKind::Break;
  ExprPtr value; // return value, rarely used
  void accept(Visitor& v) override;
};

struct BlockStmt : Stmt {
  Block block;
  void accept(Visitor& v) override;
};

// ---------------------------------------------------------------------------
// Top level

// provider:field:field..., as written. `provider` is the canonical kind name
// ("tracepoint" for "t"); `fields` are the remaining ':'-separated parts with
// quotes removed. Positional parameters stay unexpanded ("sys_enter_$1").
struct AttachPoint {
  Location loc;
  std::string raw;
  std::string provider;
  std::vector<std::string> fields;
  std::string to_string() const; // canonical "tracepoint:syscalls:sys_enter_read"
};

struct Probe {
  Location loc;
  std::vector<AttachPoint> attach_points;
  ExprPtr predicate;
  Block body;
};

struct ConfigEntry {
  Location loc;
  std::string key;
  ExprPtr value; // IntegerLiteral, StringLiteral, BoolLiteral or Identifier
};

struct Config {
  Location loc;
  std::vector<ConfigEntry> entries;
};

// let @name = kind(args...);
struct MapDecl {
  Location loc;
  std::string name;
  std::string kind; // hash, lruhash, percpuhash, percpulruhash, ...
  std::vector<ExprPtr> args;
};

struct Macro {
  Location loc;
  std::string name;
  std::vector<std::string> params; // x, $v, @m
  Block body;
};

struct Program {
  std::vector<CDecl> c_decls;
  std::optional<Config> config;
  std::vector<MapDecl> map_decls;
  std::vector<Macro> macros;
  std::vector<Probe> probes;
};

// ---------------------------------------------------------------------------
// Visitor over expressions and statements. Default implementations walk the
// children, so a pass overrides only the nodes it cares about.
class Visitor {
public:
  virtual ~Visitor() = default;
  virtual void visit(IntegerLiteral&) {}
  virtual void visit(StringLiteral&) {}
  virtual void visit(BoolLiteral&) {}
  virtual void visit(PositionalParam&) {}
  virtual void visit(PositionalCount&) {}
  virtual void visit(Identifier&) {}
  virtual void visit(Variable&) {}
  virtual void visit(Map& n);
  virtual void visit(Call& n);
  virtual void visit(Unary& n);
  virtual void visit(Binary& n);
  virtual void visit(Ternary& n);
  virtual void visit(FieldAccess& n);
  virtual void visit(Index& n);
  virtual void visit(Cast& n);
  virtual void visit(Tuple& n);
  virtual void visit(Record& n);
  virtual void visit(Sizeof& n);
  virtual void visit(Offsetof& n);
  virtual void visit(BlockExpr& n);

  virtual void visit(ExprStmt& n);
  virtual void visit(Assign& n);
  virtual void visit(Let& n);
  virtual void visit(If& n);
  virtual void visit(Unroll& n);
  virtual void visit(While& n);
  virtual void visit(ForMap& n);
  virtual void visit(ForRange& n);
  virtual void visit(Jump& n);
  virtual void visit(BlockStmt& n);

  void walk(Block& b);
  void walk(Expr* e) {
    if (e)
      e->accept(*this);
  }
};

} // namespace sonde::ast
