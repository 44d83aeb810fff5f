// The C declaration parser, part 2: struct/union bodies, members, bit-fields
// and enums. Part 1 (cdecl.cpp) has the entry point, errors and specifiers;
// part 3 (cdecl_types.cpp) declarators and constant expressions.

#include "grammar/cdecl_parser.h"

#include <limits>
#include <set>

namespace sonde::grammar::cdecl {

using ast::CEnum;
using ast::CField;
using ast::CRecord;
using ast::Location;
using ast::TypeSpec;
using Kind = TypeSpec::Kind;

namespace {

std::string describe_record(const CRecord& record) {
  std::string keyword = record.is_union ? "union" : "struct";
  return record.name.empty() ? "anonymous " + keyword : keyword + " '" + record.name + "'";
}

// Member names visible in a record, including those of anonymous members.
void collect_member_names(const CRecord& record, std::vector<const CField*>& names) {
  for (const CField& field : record.fields) {
    if (!field.name.empty())
      names.push_back(&field);
    else if (field.type.record_def && field.type.record_def.get() != &record)
      collect_member_names(*field.type.record_def, names);
  }
}

} // namespace

// ---- Records --------------------------------------------------------------------

// record-specifier -> ('struct'|'union') attributes [name] attributes [record-body attributes]
TypeSpec Parser::parse_record_specifier(Specifiers& spec) {
  const Token& keyword = take();
  skip_attributes();
  const Token* name = at_name() ? &take() : nullptr;
  skip_attributes();
  TypeSpec type;
  type.kind = keyword.text == "union" ? Kind::Union : Kind::Struct;
  type.name = name ? std::string(name->text) : "";
  type.loc = span(keyword, name ? *name : keyword);
  if (at("{")) {
    auto record = std::make_shared<CRecord>();
    record->loc = type.loc;
    record->is_union = type.kind == Kind::Union;
    record->name = type.name;
    record->is_definition = true;
    parse_record_body(*record);
    skip_attributes();
    type.record_def = record;
    spec.defines_body = true;
    if (name)
      out_.emplace_back(std::in_place_type<std::shared_ptr<CRecord>>, std::move(record));
  } else if (!name) {
    fail_after_previous("expected a name or '{' after '" + std::string(keyword.text) + "'");
  }
  return type;
}

// record-body -> '{' member* '}'
void Parser::parse_record_body(CRecord& record) {
  NestingGuard guard(*this);
  take();
  int depth = brace_depth_;
  while (!at("}") && !at_end()) {
    size_t start = pos_;
    try {
      parse_member(record);
    } catch (const SyntaxError&) {
      skip_member(depth);
    }
    if (pos_ == start && !at("}"))
      take();
  }
  expect("}", "expected '}' at the end of " + describe_record(record));
  check_members(record);
}

// member -> specifiers [member-declarator (',' member-declarator)*] ';'
// member-declarator -> declarator attributes [':' constant-expression attributes]
//                    | ':' constant-expression attributes
void Parser::parse_member(CRecord& record) {
  Specifiers spec = parse_specifiers(DeclaratorUse::Member);
  if (accept(";")) {
    if (spec.type.record_def && spec.type.name.empty()) {
      CField field; // an anonymous struct or union member
      field.loc = spec.type.loc;
      field.type = std::move(spec.type);
      record.fields.push_back(std::move(field));
    } else if (!spec.defines_body) {
      diags_.warning(spec.type.loc, "declaration does not declare a member",
                     "give the member a name: 'int count;'");
    }
    return;
  }
  while (true) {
    CField field;
    Declarator declarator;
    if (at(":")) {
      field.loc = loc(peek());
      field.type = clone(spec.type);
    } else {
      declarator = parse_declarator(DeclaratorUse::Member);
      skip_attributes();
      field.loc = loc(*declarator.name);
      field.name = std::string(declarator.name->text);
      field.type = build_type(clone(spec.type), declarator, DeclaratorUse::Member);
    }
    if (accept(":")) {
      parse_bit_width(field);
      skip_attributes();
    }
    std::string described =
        field.name.empty() ? std::string("unnamed bit-field") : "member '" + field.name + "'";
    record.fields.push_back(std::move(field));
    if (accept(","))
      continue;
    if (accept(";"))
      return;
    fail_missing_separator(spec, declarator, "expected ';' after " + described);
  }
}

// bit-width -> constant-expression   (after ':')
void Parser::parse_bit_width(CField& field) {
  size_t start = pos_;
  ConstantValue width = parse_constant_expression();
  Location where = span(tokens_[start], previous());
  std::string described =
      field.name.empty() ? std::string("unnamed bit-field") : "bit-field '" + field.name + "'";
  uint64_t type_bits = 64;
  switch (field.type.kind) {
  case Kind::Integer:
    type_bits = std::stoull(field.type.name.substr(field.type.name.find_first_of("0123456789")));
    break;
  case Kind::Bool:
    type_bits = 1;
    break;
  case Kind::Named: // resolved later; sema checks the width against the real type
  case Kind::Enum:
    break;
  default:
    report(field.loc, described + " has type '" + field.type.to_string() +
                          "'; a bit-field must have an integer type");
    return;
  }
  if (width.is_negative())
    report(where, described + " has a negative width (" + std::to_string(width.as_signed()) + ")");
  else if (width.bits == 0 && !field.name.empty())
    report(where, "named bit-field '" + field.name + "' has zero width",
           "a zero width is only allowed for an unnamed bit-field ('int : 0;')");
  else if (width.bits > type_bits)
    report(where, "width of " + described + " (" + std::to_string(width.bits) +
                      " bits) exceeds its type '" + field.type.to_string() + "' (" +
                      std::to_string(type_bits) + " bits)");
  else
    field.bit_width = static_cast<uint32_t>(width.bits);
}

// Checks that need the whole member list: duplicate names, flexible arrays.
void Parser::check_members(const CRecord& record) {
  std::vector<const CField*> named;
  collect_member_names(record, named);
  std::set<std::string_view> seen;
  for (const CField* field : named)
    if (!seen.insert(field->name).second)
      report(field->loc, "duplicate member '" + field->name + "' in " + describe_record(record));
  for (size_t i = 0; i < record.fields.size(); ++i) {
    const CField& field = record.fields[i];
    if (field.type.kind != Kind::Array || field.type.size)
      continue;
    if (record.is_union)
      report(field.loc, "flexible array member '" + field.name + "' in a union",
             "give the array a size");
    else if (i + 1 != record.fields.size())
      report(field.loc, "flexible array member '" + field.name + "' must be the last member of " +
                            describe_record(record));
    else if (record.fields.size() == 1)
      report(field.loc,
             "flexible array member '" + field.name + "' in a struct with no other members");
  }
}

// ---- Enums ------------------------------------------------------------------------

// enum-specifier -> 'enum' attributes [name] attributes [enum-body attributes]
TypeSpec Parser::parse_enum_specifier(Specifiers& spec) {
  const Token& keyword = take();
  skip_attributes();
  const Token* name = at_name() ? &take() : nullptr;
  skip_attributes();
  TypeSpec type;
  type.kind = Kind::Enum;
  type.name = name ? std::string(name->text) : "";
  type.loc = span(keyword, name ? *name : keyword);
  if (at("{")) {
    auto definition = std::make_shared<CEnum>();
    definition->loc = type.loc;
    definition->name = type.name;
    parse_enum_body(*definition);
    skip_attributes();
    type.enum_def = definition;
    spec.defines_body = true;
    out_.emplace_back(std::in_place_type<std::shared_ptr<CEnum>>, std::move(definition));
  } else if (!name) {
    fail_after_previous("expected a name or '{' after 'enum'");
  } else if (at(":")) {
    fail_here("an enum's underlying type cannot be specified",
              "remove ': type'; enumerators are 64-bit values");
  }
  return type;
}

// enum-body -> '{' enumerator (',' enumerator)* [','] '}'
void Parser::parse_enum_body(CEnum& definition) {
  NestingGuard guard(*this);
  take();
  int depth = brace_depth_;
  size_t errors_before = errors_;
  int64_t next_value = 0;
  bool next_overflows = false;
  while (!at("}") && !at_end()) {
    try {
      parse_enumerator(definition, next_value, next_overflows);
      if (accept(","))
        continue;
      if (at("}"))
        break;
      fail_after_previous("expected ',' or '}' after enumerator '" +
                          definition.enumerators.back().name + "'");
    } catch (const SyntaxError&) {
      while (!at_end() && !((at(",") || at("}")) && brace_depth_ == depth))
        take();
      accept(",");
    }
  }
  std::string described = definition.name.empty() ? "enum" : "enum '" + definition.name + "'";
  if (definition.enumerators.empty() && errors_ == errors_before && at("}"))
    report(loc(peek()), described + " has no enumerators",
           "list at least one: 'enum color { RED, GREEN };'");
  expect("}", "expected '}' at the end of " + described);
}

// enumerator -> name attributes ['=' constant-expression]
void Parser::parse_enumerator(CEnum& definition, int64_t& next_value, bool& next_overflows) {
  if (!at_name())
    fail_here("expected an enumerator name, found " + describe(peek()));
  const Token& name = take();
  skip_attributes();
  int64_t value = next_value;
  if (accept("="))
    value = parse_constant_expression().as_signed();
  else if (next_overflows)
    report(loc(name), "value of enumerator '" + std::string(name.text) + "' overflows int64");
  std::string text(name.text);
  if (!constants_.emplace(text, value).second)
    report(loc(name), "redefinition of enumerator '" + text + "'");
  definition.enumerators.push_back(CEnum::Enumerator{text, value, loc(name)});
  next_overflows = value == std::numeric_limits<int64_t>::max();
  next_value = next_overflows ? value : value + 1;
}

} // namespace sonde::grammar::cdecl
