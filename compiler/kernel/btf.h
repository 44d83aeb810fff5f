// Kernel types from BTF, the compact type information the kernel carries at
// /sys/kernel/btf/vmlinux.
//
// This is the only part of sonde that includes libbpf's btf.h: other stages
// see BTF through the small value types below (a type id plus what it is).
// Loading vmlinux BTF (~5 MB) takes milliseconds, so it happens only when a
// script first needs a kernel type (see Kernel::btf()).
//
// Strings handed out (names) point into the loaded BTF and live as long as the
// Btf object.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct btf; // libbpf's handle, kept opaque here

namespace sonde::kernel {

using BtfTypeId = uint32_t; // 0 is `void`

enum class BtfKind {
  Void,
  Int,
  Pointer,
  Array,
  Struct,
  Union,
  Enum, // 32- and 64-bit enums alike; size says which
  Forward,
  Typedef,
  Volatile,
  Const,
  Restrict,
  Function,      // a function (name + prototype in `target`)
  FunctionProto, // a prototype (return type in `target`)
  Variable,
  DataSection,
  Float,
  DeclTag,
  TypeTag,
  Unknown,
};

// One BTF type, as far as callers need to know it.
struct BtfType {
  BtfTypeId id = 0;
  BtfKind kind = BtfKind::Void;
  std::string_view name;         // empty when anonymous
  uint64_t size = 0;             // bytes: Int, Float, Enum, Struct, Union; Pointer: 8;
                                 // Array: the whole array; others 0
  BtfTypeId target = 0;          // what this refers to: the pointee, the array element, the
                                 // aliased/qualified type, a function's prototype, a
                                 // prototype's return type, a variable's type
  uint32_t array_length = 0;     // Array only
  uint32_t entry_count = 0;      // members, enumerators or parameters
  bool is_signed = false;        // Int and Enum
  bool is_char = false;          // Int with the char encoding
  bool is_bool = false;          // Int with the bool encoding
  bool is_union_forward = false; // Forward: declared as `union X;`

  // Struct or union.
  bool is_aggregate() const { return kind == BtfKind::Struct || kind == BtfKind::Union; }
  // A typedef or qualifier: names or qualifies `target` without changing its layout.
  bool is_modifier() const {
    return kind == BtfKind::Typedef || kind == BtfKind::Const || kind == BtfKind::Volatile ||
           kind == BtfKind::Restrict || kind == BtfKind::TypeTag;
  }
};

// A member of a struct or union.
struct BtfMember {
  std::string_view name; // empty for an anonymous struct/union member
  BtfTypeId type = 0;
  uint64_t bit_offset = 0;    // from the start of the outermost type searched
  uint32_t bitfield_bits = 0; // 0: not a bitfield

  // True when the member is a bitfield.
  bool is_bitfield() const { return bitfield_bits != 0; }
  // The offset in whole bytes (rounded down for bitfields).
  uint64_t byte_offset() const { return bit_offset / 8; }
};

struct BtfEnumerator {
  std::string_view name;
  int64_t value = 0; // the raw bits; read as uint64_t when !is_signed
  bool is_signed = false;
  BtfTypeId enum_type = 0; // the enum that declares it
};

struct BtfParam {
  std::string_view name; // may be empty (prototypes behind pointers often have no names)
  BtfTypeId type = 0;
};

struct BtfFunctionProto {
  BtfTypeId return_type = 0; // 0: void
  std::vector<BtfParam> params;
  bool is_variadic = false;
};

class Btf {
public:
  // Loads /sys/kernel/btf/vmlinux (or libbpf's other vmlinux locations).
  // Returns nullptr and sets `error` when the kernel has no BTF.
  static std::unique_ptr<Btf> load_vmlinux(std::string& error);
  // Loads BTF from a raw BTF file or an ELF file's .BTF section.
  static std::unique_ptr<Btf> load_file(const std::string& path, std::string& error);

  ~Btf();
  Btf(const Btf&) = delete;
  Btf& operator=(const Btf&) = delete;

  // Number of type ids, including 0 (void): ids run from 0 to type_count() - 1.
  uint32_t type_count() const;

  // The type with this id; kind Unknown for an id out of range.
  BtfType type(BtfTypeId id) const;

  // A named type of one kind, e.g. find("task_struct", BtfKind::Struct).
  std::optional<BtfTypeId> find(std::string_view name, BtfKind kind) const;

  // A type written as in C: "struct task_struct", "union bpf_attr", "enum
  // tcp_ca_state", a typedef ("pid_t") or a base type ("unsigned int").
  std::optional<BtfTypeId> find_type(std::string_view c_name) const;

  // Skips typedefs, const, volatile, restrict and type tags.
  BtfTypeId resolve(BtfTypeId id) const;
  // Skips const, volatile, restrict and type tags but keeps typedefs.
  BtfTypeId skip_qualifiers(BtfTypeId id) const;

  // Size in bytes of a type after resolving typedefs and qualifiers; nullopt when unsized.
  std::optional<uint64_t> size_of(BtfTypeId id) const;

  // The direct members of a struct or union (typedefs and qualifiers resolved
  // first); anonymous struct/union members appear as one member with no name.
  std::vector<BtfMember> members(BtfTypeId aggregate) const;

  // The member called `name`, looking inside anonymous struct/union members
  // as C does; its bit_offset counts from the start of `aggregate`.
  std::optional<BtfMember> find_member(BtfTypeId aggregate, std::string_view name) const;

  // The enumerators of an enum (typedefs and qualifiers resolved first).
  std::vector<BtfEnumerator> enumerators(BtfTypeId enum_type) const;

  // An enumerator by name, searched across every enum in the kernel. The
  // first call builds an index of all enumerators (a few ms).
  std::optional<BtfEnumerator> find_enumerator(std::string_view name) const;

  // The prototype of a function, a prototype, or a pointer/typedef to one.
  std::optional<BtfFunctionProto> prototype(BtfTypeId id) const;

  // The prototype of the kernel function called `name` (a BTF FUNC).
  std::optional<BtfFunctionProto> function(std::string_view name) const;

  // Whether BTF describes a kernel function called `name`.
  bool has_function(std::string_view name) const {
    return find(name, BtfKind::Function).has_value();
  }

  // Names of all kernel functions matching a glob pattern, sorted.
  std::vector<std::string_view> functions_matching(std::string_view pattern) const;

  // The arguments a raw tracepoint passes to a BPF program, e.g. for
  // "sched_switch": (preempt, prev, next, prev_state). Unnamed arguments are
  // called arg0, arg1, ... nullopt when BTF knows no such tracepoint.
  std::optional<std::vector<BtfParam>> raw_tracepoint_args(std::string_view tracepoint) const;

  // The type as C writes it: "int", "struct task_struct *", "char[16]",
  // "const char *const *", "void (*)(struct sk_buff *)".
  std::string type_name(BtfTypeId id) const;
  // A declaration of `declarator_name` with this type: "char comm[16]".
  std::string declaration(BtfTypeId id, std::string_view declarator_name) const;

private:
  explicit Btf(struct ::btf* handle);
  std::string declarator(BtfTypeId id, std::string inner) const;
  bool find_member_in(BtfTypeId aggregate, std::string_view name, uint64_t base_bits,
                      BtfMember& found, int depth) const;
  std::string_view string_at(uint32_t offset) const;

  struct ::btf* handle_;
  mutable std::once_flag enumerator_index_once_;
  mutable std::unordered_map<std::string_view, BtfEnumerator> enumerator_index_;
};

} // namespace sonde::kernel
