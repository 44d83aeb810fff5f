#include "compiler/kernel/tracepoint_format.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>

namespace sonde::kernel {

namespace {

constexpr std::string_view kWhitespace = " \t\r\n";

std::string_view trim(std::string_view text) {
  size_t first = text.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos)
    return {};
  size_t last = text.find_last_not_of(kWhitespace);
  return text.substr(first, last - first + 1);
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::optional<uint32_t> parse_number(std::string_view text) {
  text = trim(text);
  uint32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

// Splits "type name" into its trailing identifier and the type text before it.
bool split_declarator(std::string_view declaration, std::string_view& type,
                      std::string_view& name) {
  declaration = trim(declaration);
  size_t end = declaration.size();
  size_t start = end;
  while (start > 0 && is_identifier_char(declaration[start - 1]))
    --start;
  if (start == end)
    return false;
  name = declaration.substr(start);
  type = trim(declaration.substr(0, start));
  return !type.empty();
}

// Words that qualify a type without changing what it is.
bool is_qualifier(std::string_view word) {
  static constexpr std::array<std::string_view, 10> kQualifiers = {
      "const", "volatile", "restrict", "__restrict", "__user",
      "__rcu", "__percpu", "__iomem",  "__seg_gs",   "__seg_fs"};
  return std::find(kQualifiers.begin(), kQualifiers.end(), word) != kQualifiers.end();
}

// The type text with qualifiers removed and single spaces between words:
// "const unsigned  char" -> "unsigned char".
std::string unqualified(std::string_view type) {
  std::string result;
  size_t pos = 0;
  while (pos < type.size()) {
    size_t start = type.find_first_not_of(kWhitespace, pos);
    if (start == std::string_view::npos)
      break;
    size_t end = type.find_first_of(kWhitespace, start);
    if (end == std::string_view::npos)
      end = type.size();
    std::string_view word = type.substr(start, end - start);
    if (!is_qualifier(word)) {
      if (!result.empty())
        result += ' ';
      result += word;
    }
    pos = end;
  }
  return result;
}

// Sizes of the C and kernel integer type names that appear as array and
// data_loc elements; other element types have an unknown size (0).
uint32_t known_type_size(std::string_view base) {
  static constexpr std::string_view kOneByte[] = {
      "char", "signed char", "unsigned char", "u8",   "s8",   "__u8",
      "__s8", "uint8_t",     "int8_t",        "bool", "_Bool"};
  static constexpr std::string_view kTwoBytes[] = {
      "short",  "unsigned short", "short int", "short unsigned int", "u16",
      "s16",    "__u16",          "__s16",     "uint16_t",           "int16_t",
      "__le16", "__be16"};
  static constexpr std::string_view kFourBytes[] = {
      "int",      "unsigned int", "unsigned", "u32",    "s32",   "__u32", "__s32",
      "uint32_t", "int32_t",      "__le32",   "__be32", "pid_t", "uid_t", "gid_t"};
  static constexpr std::string_view kEightBytes[] = {"long",      "unsigned long",
                                                     "long int",  "long unsigned int",
                                                     "long long", "unsigned long long",
                                                     "u64",       "s64",
                                                     "__u64",     "__s64",
                                                     "uint64_t",  "int64_t",
                                                     "__le64",    "__be64",
                                                     "size_t",    "ssize_t",
                                                     "loff_t"};
  auto listed = [base](const auto& names) {
    return std::find(std::begin(names), std::end(names), base) != std::end(names);
  };
  if (listed(kOneByte))
    return 1;
  if (listed(kTwoBytes))
    return 2;
  if (listed(kFourBytes))
    return 4;
  if (listed(kEightBytes))
    return 8;
  return 0;
}

bool is_char_type(std::string_view base) {
  return base == "char" || base == "signed char" || base == "unsigned char";
}

void classify_array(std::string_view element, std::string_view length_text,
                    TracepointField& field) {
  field.kind = FieldKind::Array;
  field.element_type = std::string(element);
  field.type = field.element_type + "[" + std::string(length_text) + "]";
  std::optional<uint32_t> length = parse_number(length_text);
  uint32_t element_size = known_type_size(unqualified(element));
  if (length && *length > 0) {
    field.array_length = *length;
    field.element_size = field.size / *length;
  } else if (!length && !trim(length_text).empty() && element_size > 0) {
    // A length written as a macro (`char comm[TASK_COMM_LEN]`): derive it.
    field.array_length = field.size / element_size;
    field.element_size = element_size;
  } else {
    field.array_length = 0; // flexible array member: its data follows the record
    field.element_size = element_size;
  }
}

void classify_pointer(std::string_view type, TracepointField& field) {
  field.kind = FieldKind::Pointer;
  size_t depth = static_cast<size_t>(std::count(type.begin(), type.end(), '*'));
  // The pointee is everything before the outermost `*`, minus a qualifier of
  // the pointer itself ("const char *const" points to "const char *").
  std::string_view pointee = trim(type.substr(0, type.rfind('*')));
  if (pointee.size() > 6 && pointee.substr(pointee.size() - 6) == " const")
    pointee = trim(pointee.substr(0, pointee.size() - 6));
  if (pointee.size() > 6 && pointee.substr(pointee.size() - 6) == "*const")
    pointee = trim(pointee.substr(0, pointee.size() - 5));
  field.element_type = std::string(pointee);

  std::string base = unqualified(type.substr(0, type.find('*')));
  if (depth == 1) {
    field.element_size = known_type_size(base);
    if (is_char_type(base))
      field.pointee = PointeeKind::Char;
    else if (base == "void")
      field.pointee = PointeeKind::Void;
    else if (starts_with(base, "struct ") || starts_with(base, "union "))
      field.pointee = PointeeKind::Struct;
    else
      field.pointee = PointeeKind::Other;
  } else {
    field.element_size = 8;
    field.pointee =
        depth == 2 && is_char_type(base) ? PointeeKind::CharPointer : PointeeKind::Other;
  }
}

} // namespace

bool TracepointField::is_string() const {
  switch (kind) {
  case FieldKind::Array:
  case FieldKind::DataLoc:
  case FieldKind::RelLoc:
    return unqualified(element_type) == "char";
  case FieldKind::Pointer:
    return pointee == PointeeKind::Char;
  default:
    return false;
  }
}

bool classify_field_declaration(std::string_view declaration, TracepointField& field) {
  declaration = trim(declaration);
  std::string_view type;
  std::string_view name;

  if (!declaration.empty() && declaration.back() == ']') {
    size_t open = declaration.rfind('[');
    if (open == std::string_view::npos ||
        !split_declarator(declaration.substr(0, open), type, name))
      return false;
    field.name = std::string(name);
    classify_array(type, declaration.substr(open + 1, declaration.size() - open - 2), field);
    return true;
  }

  if (!split_declarator(declaration, type, name))
    return false;
  field.name = std::string(name);
  field.type = std::string(type);

  for (auto [prefix, kind] : {std::pair{std::string_view("__data_loc "), FieldKind::DataLoc},
                              std::pair{std::string_view("__rel_loc "), FieldKind::RelLoc}}) {
    if (!starts_with(type, prefix))
      continue;
    std::string_view element = trim(type.substr(prefix.size()));
    if (element.size() >= 2 && element.substr(element.size() - 2) == "[]")
      element = trim(element.substr(0, element.size() - 2));
    field.kind = kind;
    field.element_type = std::string(element);
    field.element_size = known_type_size(unqualified(element));
    return true;
  }

  if (type.find('*') != std::string_view::npos) {
    classify_pointer(type, field);
    return true;
  }
  bool scalar_size = field.size == 1 || field.size == 2 || field.size == 4 || field.size == 8;
  field.kind = scalar_size ? FieldKind::Integer : FieldKind::Opaque;
  return true;
}

std::optional<TracepointFormat>
parse_tracepoint_format(std::string_view text, std::string_view category, std::string_view event) {
  TracepointFormat format;
  format.category = std::string(category);
  format.event = std::string(event);
  // Syscall tracepoints record the raw syscall arguments: their pointers are
  // user addresses and must be read with the _user probe-read helpers.
  AddressSpace pointer_space = category == "syscalls" ? AddressSpace::User : AddressSpace::Kernel;

  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;

    if (starts_with(line, "ID:")) {
      format.id = parse_number(line.substr(3)).value_or(0);
      continue;
    }
    if (!starts_with(line, "field:"))
      continue;

    // "field:DECL;\toffset:N;\tsize:N;\tsigned:N;"
    TracepointField field;
    std::string_view declaration;
    std::optional<uint32_t> offset, size;
    size_t item_start = 0;
    while (item_start < line.size()) {
      size_t item_end = line.find(';', item_start);
      if (item_end == std::string_view::npos)
        item_end = line.size();
      std::string_view item = trim(line.substr(item_start, item_end - item_start));
      item_start = item_end + 1;
      if (starts_with(item, "field:"))
        declaration = item.substr(6);
      else if (starts_with(item, "offset:"))
        offset = parse_number(item.substr(7));
      else if (starts_with(item, "size:"))
        size = parse_number(item.substr(5));
      else if (starts_with(item, "signed:"))
        field.is_signed = parse_number(item.substr(7)).value_or(0) != 0;
    }
    if (!offset || !size)
      continue;
    field.offset = *offset;
    field.size = *size;
    if (!classify_field_declaration(declaration, field))
      continue;
    field.is_common = starts_with(field.name, "common_");
    if (field.kind == FieldKind::Pointer)
      field.address_space = pointer_space;
    format.fields.push_back(std::move(field));
  }
  if (format.fields.empty())
    return std::nullopt;
  return format;
}

const TracepointField* TracepointFormat::find(std::string_view name) const {
  for (const TracepointField& field : fields)
    if (field.name == name)
      return &field;
  return nullptr;
}

std::vector<const TracepointField*> TracepointFormat::argument_fields() const {
  std::vector<const TracepointField*> result;
  for (const TracepointField& field : fields)
    if (!field.is_common)
      result.push_back(&field);
  return result;
}

uint32_t TracepointFormat::record_size() const {
  uint32_t size = 0;
  for (const TracepointField& field : fields)
    size = std::max(size, field.offset + field.size);
  return size;
}

std::string TracepointFormat::struct_name() const {
  return "_tracepoint_" + category + "_" + event;
}

} // namespace sonde::kernel
