// The types sema gives every expression. Immutable, shared.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sonde::ast {

struct Type;
using TypePtr = std::shared_ptr<const Type>;

enum class TypeKind {
  Void,
  Integer,
  Bool,
  String, // fixed capacity `size`, NUL-terminated
  Buffer,
  Pointer, // to `element`; `user` when it points into user memory
  Array,   // `count` x `element`
  Struct,  // kernel or script struct/union: fields with offsets
  Tuple,
  Record,
  // Values produced by builtins and printed by user space.
  Kstack,
  Ustack,
  Ksym,
  Usym,
  Inet,
  Timestamp,
  Username,
  Probe,
  Strerror,
  // Map values written with an aggregation function.
  Count,
  Sum,
  Min,
  Max,
  Avg,
  Stats,
  Hist,
  Lhist,
};

struct TypeField {
  std::string name;
  TypePtr type;
  uint32_t offset = 0;
  uint32_t bit_offset = 0; // bitfields: bits within the byte at `offset`
  uint32_t bit_width = 0;  // 0: not a bitfield
};

struct Type {
  TypeKind kind = TypeKind::Void;
  uint32_t size = 0;
  bool is_signed = false;
  bool user = false; // Pointer into user memory
  TypePtr element;   // Pointer, Array
  uint32_t count = 0;
  std::string name;              // Struct: "struct task_struct"
  std::vector<TypeField> fields; // Struct, Tuple, Record
  uint32_t btf_id = 0;           // Struct from kernel BTF: its members are looked up there

  bool is_integer() const { return kind == TypeKind::Integer || kind == TypeKind::Bool; }
  bool is_aggregation() const { return kind >= TypeKind::Count; }
  uint32_t alignment() const;
  const TypeField* field(const std::string& field_name) const;
  // The name users see in messages: int64, uint32, string[64], struct x *, ...
  std::string to_string() const;
};

TypePtr void_type();
TypePtr int_type(uint32_t bytes, bool is_signed);
TypePtr bool_type();
TypePtr string_type(uint32_t capacity);
TypePtr pointer_type(TypePtr element, bool user);
TypePtr array_type(TypePtr element, uint32_t count);
TypePtr simple_type(TypeKind kind, uint32_t size);
TypePtr kernel_struct_type(std::string name, uint32_t size, uint32_t btf_id);
// Lays fields out with natural alignment (at most 8).
TypePtr tuple_type(std::vector<TypePtr> elements);
TypePtr record_type(std::vector<std::string> names, std::vector<TypePtr> types);

bool same_type(const Type& a, const Type& b);

} // namespace sonde::ast
