// Kernel types from BTF as sema's types. Structs stay opaque (name, size,
// BTF id): their members are looked up one at a time when a script reads
// them, so `struct task_struct` never has to be converted whole.
#pragma once

#include "compiler/ast/types.h"
#include "compiler/kernel/btf.h"

#include <optional>
#include <string>

namespace sonde::sema {

// The sema type of a BTF type; char arrays become strings.
ast::TypePtr type_from_btf(const kernel::Btf& btf, kernel::BtfTypeId id);

struct KernelField {
  ast::TypePtr type;
  uint32_t byte_offset = 0;
  uint32_t bit_shift = 0;
  uint32_t bit_width = 0;
};

// A member of a kernel struct type (see ast::Type::btf_id).
std::optional<KernelField> kernel_field(const kernel::Btf& btf, const ast::Type& record,
                                        const std::string& name);

// Member names of a kernel struct, for "did you mean" hints.
std::vector<std::string> kernel_field_names(const kernel::Btf& btf, const ast::Type& record);

} // namespace sonde::sema
