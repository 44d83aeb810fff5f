#include "compiler/ast/types.h"

#include <algorithm>

namespace sonde::ast {

uint32_t Type::alignment() const {
  switch (kind) {
  case TypeKind::Integer:
  case TypeKind::Bool:
    return std::max<uint32_t>(1, std::min<uint32_t>(size, 8));
  case TypeKind::String:
  case TypeKind::Buffer:
    return 1;
  case TypeKind::Array:
    return element ? element->alignment() : 1;
  case TypeKind::Tuple:
  case TypeKind::Record:
  case TypeKind::Struct: {
    uint32_t a = 1;
    for (const TypeField& f : fields)
      a = std::max(a, f.type->alignment());
    return a;
  }
  default:
    return 8;
  }
}

const TypeField* Type::field(const std::string& field_name) const {
  for (const TypeField& f : fields)
    if (f.name == field_name)
      return &f;
  return nullptr;
}

std::string Type::to_string() const {
  switch (kind) {
  case TypeKind::Void:
    return "void";
  case TypeKind::Integer:
    return std::string(is_signed ? "int" : "uint") + std::to_string(size * 8);
  case TypeKind::Bool:
    return "bool";
  case TypeKind::String:
    return "string[" + std::to_string(size) + "]";
  case TypeKind::Buffer:
    return "buffer[" + std::to_string(size) + "]";
  case TypeKind::Pointer: {
    std::string inner = element ? element->to_string() : "void";
    return inner + (inner.back() == '*' ? "*" : " *");
  }
  case TypeKind::Array:
    return (element ? element->to_string() : "?") + "[" + std::to_string(count) + "]";
  case TypeKind::Struct:
    return name;
  case TypeKind::Tuple: {
    std::string text = "(";
    for (size_t i = 0; i < fields.size(); ++i)
      text += (i ? "," : "") + fields[i].type->to_string();
    return text + ")";
  }
  case TypeKind::Record: {
    std::string text = "record(";
    for (size_t i = 0; i < fields.size(); ++i)
      text += (i ? "," : "") + fields[i].name + "=" + fields[i].type->to_string();
    return text + ")";
  }
  case TypeKind::Kstack:
    return "kstack";
  case TypeKind::Ustack:
    return "ustack";
  case TypeKind::Ksym:
    return "ksym";
  case TypeKind::Usym:
    return "usym";
  case TypeKind::Inet:
    return "inet";
  case TypeKind::Timestamp:
    return "timestamp";
  case TypeKind::Username:
    return "username";
  case TypeKind::Probe:
    return "probe";
  case TypeKind::Strerror:
    return "strerror";
  case TypeKind::Count:
    return "count";
  case TypeKind::Sum:
    return "sum";
  case TypeKind::Min:
    return "min";
  case TypeKind::Max:
    return "max";
  case TypeKind::Avg:
    return "avg";
  case TypeKind::Stats:
    return "stats";
  case TypeKind::Hist:
    return "hist";
  case TypeKind::Lhist:
    return "lhist";
  }
  return "?";
}

namespace {
TypePtr make(Type t) {
  return std::make_shared<const Type>(std::move(t));
}
} // namespace

TypePtr void_type() {
  static const TypePtr t = make(Type{});
  return t;
}

TypePtr int_type(uint32_t bytes, bool is_signed) {
  Type t;
  t.kind = TypeKind::Integer;
  t.size = bytes;
  t.is_signed = is_signed;
  return make(std::move(t));
}

TypePtr bool_type() {
  Type t;
  t.kind = TypeKind::Bool;
  t.size = 1;
  return make(std::move(t));
}

TypePtr string_type(uint32_t capacity) {
  Type t;
  t.kind = TypeKind::String;
  t.size = capacity;
  return make(std::move(t));
}

TypePtr pointer_type(TypePtr element, bool user) {
  Type t;
  t.kind = TypeKind::Pointer;
  t.size = 8;
  t.element = std::move(element);
  t.user = user;
  return make(std::move(t));
}

TypePtr array_type(TypePtr element, uint32_t count) {
  Type t;
  t.kind = TypeKind::Array;
  t.size = element->size * count;
  t.count = count;
  t.element = std::move(element);
  return make(std::move(t));
}

TypePtr simple_type(TypeKind kind, uint32_t size) {
  Type t;
  t.kind = kind;
  t.size = size;
  return make(std::move(t));
}

TypePtr kernel_struct_type(std::string name, uint32_t size, uint32_t btf_id) {
  Type t;
  t.kind = TypeKind::Struct;
  t.name = std::move(name);
  t.size = size;
  t.btf_id = btf_id;
  return make(std::move(t));
}

namespace {
Type laid_out(TypeKind kind, std::vector<std::string> names, std::vector<TypePtr> types) {
  Type t;
  t.kind = kind;
  uint32_t offset = 0, align = 1;
  for (size_t i = 0; i < types.size(); ++i) {
    uint32_t a = types[i]->alignment();
    offset = (offset + a - 1) / a * a;
    t.fields.push_back(
        TypeField{i < names.size() ? names[i] : std::to_string(i), types[i], offset});
    offset += types[i]->size;
    align = std::max(align, a);
  }
  t.size = (offset + align - 1) / align * align;
  return t;
}
} // namespace

TypePtr tuple_type(std::vector<TypePtr> elements) {
  return make(laid_out(TypeKind::Tuple, {}, std::move(elements)));
}

TypePtr record_type(std::vector<std::string> names, std::vector<TypePtr> types) {
  return make(laid_out(TypeKind::Record, std::move(names), std::move(types)));
}

bool same_type(const Type& a, const Type& b) {
  if (a.kind != b.kind || a.size != b.size)
    return false;
  switch (a.kind) {
  case TypeKind::Integer:
    return a.is_signed == b.is_signed;
  case TypeKind::Pointer:
  case TypeKind::Array:
    return a.count == b.count && a.element && b.element && same_type(*a.element, *b.element);
  case TypeKind::Struct:
    return a.name == b.name && a.btf_id == b.btf_id;
  case TypeKind::Tuple:
  case TypeKind::Record:
    if (a.fields.size() != b.fields.size())
      return false;
    for (size_t i = 0; i < a.fields.size(); ++i)
      if (a.fields[i].name != b.fields[i].name || !same_type(*a.fields[i].type, *b.fields[i].type))
        return false;
    return true;
  default:
    return true;
  }
}

} // namespace sonde::ast
