#include "compiler/sema/kernel_types.h"

namespace sonde::sema {

using kernel::BtfKind;

ast::TypePtr type_from_btf(const kernel::Btf& btf, kernel::BtfTypeId id) {
  kernel::BtfTypeId resolved = btf.resolve(id);
  kernel::BtfType t = btf.type(resolved);
  switch (t.kind) {
  case BtfKind::Int:
    if (t.is_bool)
      return ast::bool_type();
    return ast::int_type(static_cast<uint32_t>(std::min<uint64_t>(t.size, 8)),
                         t.is_signed || t.is_char);
  case BtfKind::Enum:
    return ast::int_type(static_cast<uint32_t>(t.size), t.is_signed);
  case BtfKind::Pointer: {
    kernel::BtfType target = btf.type(btf.resolve(t.target));
    ast::TypePtr element =
        target.kind == BtfKind::Void ? ast::void_type() : type_from_btf(btf, t.target);
    return ast::pointer_type(element, false);
  }
  case BtfKind::Array: {
    kernel::BtfType element = btf.type(btf.resolve(t.target));
    // char[N] is a string; __u8[N] (unsigned char) is not. Kernel BTF often
    // leaves the CHAR encoding bit clear, so the name decides too.
    if (element.kind == BtfKind::Int && element.size == 1 &&
        (element.is_char || element.name == "char"))
      return ast::string_type(t.array_length);
    return ast::array_type(type_from_btf(btf, t.target), t.array_length);
  }
  case BtfKind::Struct:
  case BtfKind::Union: {
    std::string name = std::string(t.kind == BtfKind::Struct ? "struct " : "union ") +
                       (t.name.empty() ? std::string("(anonymous)") : std::string(t.name));
    return ast::kernel_struct_type(name, static_cast<uint32_t>(t.size), resolved);
  }
  case BtfKind::Forward: {
    // A declared-only struct: find its definition by name.
    kernel::BtfKind kind = t.is_union_forward ? BtfKind::Union : BtfKind::Struct;
    if (auto defined = btf.find(t.name, kind))
      return type_from_btf(btf, *defined);
    return ast::kernel_struct_type("struct " + std::string(t.name), 0, 0);
  }
  default:
    return ast::void_type();
  }
}

std::optional<KernelField> kernel_field(const kernel::Btf& btf, const ast::Type& record,
                                        const std::string& name) {
  if (!record.btf_id)
    return std::nullopt;
  std::optional<kernel::BtfMember> member = btf.find_member(record.btf_id, name);
  if (!member)
    return std::nullopt;
  KernelField field;
  field.type = type_from_btf(btf, member->type);
  if (member->is_bitfield()) {
    // Read the 8-byte-aligned word holding the field, then shift and mask.
    uint64_t word = member->bit_offset / 64 * 8;
    field.byte_offset = static_cast<uint32_t>(word);
    field.bit_shift = static_cast<uint32_t>(member->bit_offset - word * 8);
    field.bit_width = member->bitfield_bits;
    field.type = ast::int_type(8, field.type->is_signed);
  } else {
    field.byte_offset = static_cast<uint32_t>(member->byte_offset());
  }
  return field;
}

std::vector<std::string> kernel_field_names(const kernel::Btf& btf, const ast::Type& record) {
  std::vector<std::string> names;
  if (record.btf_id)
    for (const kernel::BtfMember& m : btf.members(record.btf_id))
      if (!m.name.empty())
        names.emplace_back(m.name);
  return names;
}

} // namespace sonde::sema
