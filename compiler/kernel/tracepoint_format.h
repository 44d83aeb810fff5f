// The record layout of one tracepoint, read from its tracefs `format` file.
//
// A format file lists each field as a C declaration with its offset, size and
// signedness, e.g.
//
//   field:int dfd;	offset:16;	size:8;	signed:0;
//   field:char prev_comm[16];	offset:8;	size:16;	signed:0;
//   field:__data_loc char[] filename;	offset:8;	size:4;	signed:0;
//
// This file turns that text into a small type model that sema converts into
// its own types. The C type text is kept as written for messages and -lv.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::kernel {

// What a field's value is, as far as the format file tells.
enum class FieldKind {
  Integer, // any scalar of size 1, 2, 4 or 8: ints, enums, bool, typedefs such as dev_t
  Pointer, // C pointer; see TracepointField::pointee
  Array,   // fixed array `T name[N]`, or a flexible `T name[]` (array_length 0)
  DataLoc, // `__data_loc T[] name`: a u32 whose low 16 bits are the offset of the
           // data from the start of the record and high 16 bits its length
  RelLoc,  // `__rel_loc T[] name`: like DataLoc, offset counted from the end of the field
  Opaque,  // anything else (a struct by value): only its bytes are known
};

// What a pointer field points to, which decides how scripts may read it.
enum class PointeeKind {
  None,        // not a pointer
  Char,        // char * (a C string: str() reads it)
  CharPointer, // char ** / const char *const * (an argv-style array of strings)
  Void,        // void *
  Struct,      // struct X * / union X *
  Other,       // pointer to an integer, typedef, another pointer ...
};

// Which address space a pointer field points into.
enum class AddressSpace { Kernel, User };

struct TracepointField {
  std::string name;
  std::string type;       // C type as declared, without the name: "const char *",
                          // "char[16]", "__data_loc char[]", "pid_t"
  uint32_t offset = 0;    // bytes from the start of the record
  uint32_t size = 0;      // bytes the field occupies in the record
  bool is_signed = false; // as the format file says (meaningful for integers)
  bool is_common = false; // one of the common_* header fields every record starts with
  FieldKind kind = FieldKind::Integer;
  std::string element_type;  // base type text: pointee of a pointer ("char"), element of an
                             // array or data_loc ("char", "u64"); empty for integers
  uint32_t element_size = 0; // bytes per element (Array, DataLoc) or per pointee (Pointer)
                             // when the base type is a known C integer type; else 0
  uint32_t array_length = 0; // Array: number of elements (0: flexible array)
  PointeeKind pointee = PointeeKind::None;
  AddressSpace address_space = AddressSpace::Kernel; // of the pointee (Pointer only)

  // True for text a script may print with %s: char arrays, char pointers and
  // `__data_loc char[]` fields.
  bool is_string() const;
};

struct TracepointFormat {
  std::string category;                // "syscalls"
  std::string event;                   // "sys_enter_openat"
  uint32_t id = 0;                     // the tracepoint id (perf_event_attr.config); 0 if absent
  std::vector<TracepointField> fields; // in file order, common_* fields first

  // The field called `name`, or nullptr.
  const TracepointField* find(std::string_view name) const;
  // The fields a script sees as `args`: all but the common_* header.
  std::vector<const TracepointField*> argument_fields() const;
  // Bytes from the start of the record to the end of its last fixed field.
  uint32_t record_size() const;
  // The name bpftrace gives the args struct in messages:
  // "_tracepoint_syscalls_sys_enter_openat" (prefix with "struct " for display).
  std::string struct_name() const;
};

// Parses the text of a format file. Category and event name the tracepoint
// (they decide, e.g., that pointers of `syscalls` tracepoints are user pointers).
// Returns nullopt when no field line parses; lines it does not understand are skipped.
std::optional<TracepointFormat>
parse_tracepoint_format(std::string_view text, std::string_view category, std::string_view event);

// Classifies one field from its declaration text ("const char * filename"),
// size and signedness: fills name, type, kind, element and pointer details.
// Returns false when the declaration has no name.
bool classify_field_declaration(std::string_view declaration, TracepointField& field);

} // namespace sonde::kernel
