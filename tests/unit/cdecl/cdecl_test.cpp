// The C declaration parser: one row per construct (text -> compact rendering
// of the declarations), one row per error (text -> "line:col: message"), and
// checks of locations, hints, cross-definition constants and robustness.
//
// Rendering: types read left to right from the base type: "int8*" is a
// pointer to int8, "int32[2][3]" an array of 2 arrays of 3 int32 (dimensions
// in C order), "int32(int32,int8*)*" a pointer to a function, "int8*const" a
// const pointer. An inline named definition shows as "struct Bar{…}" (its
// body is rendered where it is declared on its own); an anonymous one shows
// its body. Declarations are joined with " | ".
#include "grammar/cdecl.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

namespace sonde::grammar {
namespace {

using namespace std::literals;
using Kind = ast::TypeSpec::Kind;

// A preprocessed text whose lines map one to one onto file 0.
Preprocessed identity_map(std::string_view text, uint32_t first_source_line = 1) {
  Preprocessed pp;
  pp.text = std::string(text);
  uint32_t line_count = 1;
  for (char c : text)
    line_count += c == '\n';
  for (uint32_t i = 0; i < line_count; ++i)
    pp.lines.push_back(LineOrigin{0, first_source_line + i, {}});
  return pp;
}

std::string render_type(const ast::TypeSpec& type);

std::string render_body(const ast::CRecord& record) {
  std::string text = "{";
  for (const ast::CField& field : record.fields) {
    text += render_type(field.type);
    if (!field.name.empty())
      text += " " + field.name;
    if (field.bit_width)
      text += (field.name.empty() ? " :" : ":") + std::to_string(*field.bit_width);
    text += ";";
  }
  return text + "}";
}

std::string render_enumerators(const ast::CEnum& definition) {
  std::string text = "{";
  for (const ast::CEnum::Enumerator& e : definition.enumerators)
    text += (text.size() > 1 ? "," : "") + e.name + "=" + std::to_string(e.value);
  return text + "}";
}

std::string render_type(const ast::TypeSpec& type) {
  std::string text;
  switch (type.kind) {
  case Kind::Pointer:
    return render_type(*type.element) + (type.is_const ? "*const" : "*");
  case Kind::Array: {
    std::string dimensions;
    const ast::TypeSpec* element = &type;
    for (; element->kind == Kind::Array; element = element->element.get())
      dimensions += "[" + (element->size ? std::to_string(*element->size) : "") + "]";
    text = render_type(*element) + dimensions;
    break;
  }
  case Kind::Function: {
    text = render_type(*type.element) + "(";
    for (size_t i = 0; i < type.params.size(); ++i)
      text += (i ? "," : "") + render_type(type.params[i]);
    if (type.variadic)
      text += type.params.empty() ? "..." : ",...";
    text += ")";
    break;
  }
  case Kind::Struct:
  case Kind::Union:
  case Kind::Enum:
    text = type.kind == Kind::Struct ? "struct" : type.kind == Kind::Union ? "union" : "enum";
    if (!type.name.empty())
      text += " " + type.name;
    if (type.record_def)
      text += type.name.empty() ? render_body(*type.record_def) : "{…}";
    if (type.enum_def)
      text += type.name.empty() ? render_enumerators(*type.enum_def) : "{…}";
    break;
  default:
    text = type.name;
  }
  return type.is_const ? "const " + text : text;
}

std::string render_decl(const ast::CDecl& decl) {
  if (const auto* record = std::get_if<std::shared_ptr<ast::CRecord>>(&decl)) {
    const ast::CRecord& r = **record;
    std::string text = r.is_union ? "union" : "struct";
    if (!r.name.empty())
      text += " " + r.name;
    return text + (r.is_definition ? render_body(r) : ";");
  }
  if (const auto* definition = std::get_if<std::shared_ptr<ast::CEnum>>(&decl)) {
    const ast::CEnum& e = **definition;
    return "enum" + (e.name.empty() ? "" : " " + e.name) + render_enumerators(e);
  }
  const auto& alias = std::get<ast::CTypedef>(decl);
  return "typedef " + render_type(alias.type) + " " + alias.name;
}

struct Outcome {
  bool ok = false;
  std::vector<ast::CDecl> decls;
  ast::Diagnostics diags;
  std::string rendered;
  std::string errors;   // "line:col: message", one per line
  std::string warnings; // the same for warnings
};

Outcome parse(std::string_view text, std::vector<ast::CDecl> earlier = {}) {
  Outcome outcome;
  Preprocessed pp = identity_map(text);
  outcome.decls = std::move(earlier);
  size_t first_new = outcome.decls.size();
  outcome.ok = parse_c_definition(text, 1, 1, pp, outcome.decls, outcome.diags);
  for (size_t i = first_new; i < outcome.decls.size(); ++i)
    outcome.rendered += (i > first_new ? " | " : "") + render_decl(outcome.decls[i]);
  for (const ast::Diagnostic& d : outcome.diags.all()) {
    std::string line = std::to_string(d.location->line) + ":" + std::to_string(d.location->column) +
                       ": " + d.message + "\n";
    (d.severity == ast::Severity::Error ? outcome.errors : outcome.warnings) += line;
  }
  return outcome;
}

// ---------------------------------------------------------------------------
// Constructs

struct ConstructCase {
  const char* name;
  std::string_view text;
  const char* expected;
};

const ConstructCase kConstructs[] = {
    {"struct_simple", "struct Foo { int x; };", "struct Foo{int32 x;}"},
    {"struct_from_the_brief",
     "struct Foo { int x; unsigned long long y : 3; char name[16]; struct task_struct *t; "
     "int (*cb)(int, char *); union { int a; long b; }; struct { int c; } inner; } "
     "__attribute__((packed));",
     "struct Foo{int32 x;uint64 y:3;int8[16] name;struct task_struct* t;int32(int32,int8*)* cb;"
     "union{int32 a;int64 b;};struct{int32 c;} inner;}"},
    {"union", "union U { int i; char c[4]; };", "union U{int32 i;int8[4] c;}"},
    {"enum_implicit_values", "enum color { RED, GREEN = 5, BLUE };",
     "enum color{RED=0,GREEN=5,BLUE=6}"},
    {"enum_trailing_comma", "enum e { A, B, };", "enum e{A=0,B=1}"},
    {"enum_anonymous", "enum { FIRST = 1, SECOND };", "enum{FIRST=1,SECOND=2}"},
    {"enum_expressions",
     "enum ops { A = 1 << 4, B = A | 3, C = (B + 1) * 2, D = ~0, E = 'a', F = -1, G, "
     "H = 10 % 3, I = 100 >> 2 ^ 1, J = A > 3 ? 7 : 8, K = 0x10 - 010 - 0b11, L = !0 && 2 || 0, "
     "M = '\\n' + '\\x41' + '\\0', N = 7 / 2 - -7 / 2, O = A == 16 };",
     "enum ops{A=16,B=19,C=40,D=-1,E=97,F=-1,G=0,H=1,I=24,J=7,K=5,L=1,M=75,N=6,O=1}"},
    {"enum_unsigned_arithmetic", "enum big { U = 0xffffffffffffffffULL >> 60, S = -16 >> 2 };",
     "enum big{U=15,S=-4}"},
    {"enum_with_attributes",
     "enum __attribute__((packed)) small { X __attribute__((deprecated)) };", "enum small{X=0}"},
    {"typedef_integer", "typedef unsigned int my_u32;", "typedef uint32 my_u32"},
    {"typedef_named_struct", "typedef struct Bar { int z; } bar_t;",
     "struct Bar{int32 z;} | typedef struct Bar{…} bar_t"},
    {"typedef_anonymous_struct", "typedef struct { int z; } baz_t;",
     "typedef struct{int32 z;} baz_t"},
    {"typedef_anonymous_enum", "typedef enum { X, Y } xy_t;",
     "enum{X=0,Y=1} | typedef enum{X=0,Y=1} xy_t"},
    {"typedef_struct_reference", "typedef struct Fwd fwd_t;", "typedef struct Fwd fwd_t"},
    {"typedef_function_pointer", "typedef int (*handler_t)(int);",
     "typedef int32(int32)* handler_t"},
    {"typedef_function_type", "typedef int fn_t(int, long);", "typedef int32(int32,int64) fn_t"},
    {"typedef_several_declarators", "typedef int a, *b, c[4];",
     "typedef int32 a | typedef int32* b | typedef int32[4] c"},
    {"typedef_struct_and_pointer", "typedef struct node { struct node *next; } node_t, *node_p;",
     "struct node{struct node* next;} | typedef struct node{…} node_t | "
     "typedef struct node{…}* node_p"},
    {"typedef_void", "typedef void v_t;", "typedef void v_t"},
    {"typedef_bool_name", "typedef _Bool bool;", "typedef bool bool"},
    {"typedef_array_of_unknown_size", "typedef char bytes_t[];", "typedef int8[] bytes_t"},
    {"forward_declaration", "struct Fwd;", "struct Fwd;"},
    {"forward_union", "union UFwd;", "union UFwd;"},
    {"enum_forward_reference_declares_nothing", "enum E;", ""},
    {"char_spellings", "struct c { char a; signed char b; unsigned char c; };",
     "struct c{int8 a;int8 b;uint8 c;}"},
    {"short_spellings",
     "struct s { short a; short int b; signed short c; unsigned short d; unsigned short int e; };",
     "struct s{int16 a;int16 b;int16 c;uint16 d;uint16 e;}"},
    {"int_spellings", "struct i { int a; signed b; signed int c; unsigned d; unsigned int e; };",
     "struct i{int32 a;int32 b;int32 c;uint32 d;uint32 e;}"},
    {"long_spellings",
     "struct l { long a; long int b; unsigned long c; long unsigned int d; long long e; "
     "long long int f; unsigned long long g; long long unsigned h; int long i; };",
     "struct l{int64 a;int64 b;uint64 c;uint64 d;int64 e;int64 f;uint64 g;uint64 h;int64 i;}"},
    {"bool_spellings", "struct b { _Bool a; bool b; };", "struct b{bool a;bool b;}"},
    {"gnu_signed_spelling", "struct g { __signed__ char a; __signed int b; };",
     "struct g{int8 a;int32 b;}"},
    {"typedef_names_stay_named",
     "struct k { u8 a; __u16 b; s32 c; __s64 d; uint64_t e; size_t f; pid_t g; my_t h; };",
     "struct k{u8 a;__u16 b;s32 c;__s64 d;uint64_t e;size_t f;pid_t g;my_t h;}"},
    {"member_named_like_a_type", "struct m { unsigned u32; };", "struct m{uint32 u32;}"},
    {"pointers",
     "struct p { void *p; char **argv; const char *s; int * const cp; const int * const * q; };",
     "struct p{void* p;int8** argv;const int8* s;int32*const cp;const int32*const* q;}"},
    {"arrays", "struct a { int m[2][3]; int *pa[4]; int (*ap)[5]; char s[4 * 4 + 1]; int z[0]; };",
     "struct a{int32[2][3] m;int32*[4] pa;int32[5]* ap;int8[17] s;int32[0] z;}"},
    {"flexible_array_member", "struct f { int n; char data[]; };",
     "struct f{int32 n;int8[] data;}"},
    {"function_pointers",
     "struct cb { void (*f)(void); int (*printf_like)(const char *, ...); void (*none)(); "
     "int (*named)(int count, char *buf); void (*(*signal)(int, void (*)(int)))(int); };",
     "struct cb{void()* f;int32(const int8*,...)* printf_like;void()* none;"
     "int32(int32,int8*)* named;void(int32)*(int32,void(int32)*)* signal;}"},
    {"parameters_decay",
     "typedef void (*cb_t)(char buf[16], int (*cmp)(const void *, const void *), void fn(int));",
     "typedef void(int8*,int32(const void*,const void*)*,void(int32)*)* cb_t"},
    {"several_member_declarators", "struct d { int a, *b, c[4]; };",
     "struct d{int32 a;int32* b;int32[4] c;}"},
    {"bitfields",
     "struct bf { unsigned int flags : 3; int : 4; int : 0; unsigned long long y : 3, z : 61; "
     "_Bool on : 1; u8 named : 2; enum color c : 2; };",
     "struct bf{uint32 flags:3;int32 :4;int32 :0;uint64 y:3;uint64 z:61;bool on:1;u8 named:2;"
     "enum color c:2;}"},
    {"nested_named_struct", "struct Outer { struct Inner { int x; } in; int y; };",
     "struct Inner{int32 x;} | struct Outer{struct Inner{…} in;int32 y;}"},
    {"nested_definition_without_member", "struct O2 { struct I2 { int a; }; int b; };",
     "struct I2{int32 a;} | struct O2{int32 b;}"},
    {"nested_enum", "struct ne { enum { OFF, ON } state; enum mode { M0 = 4 } mode; };",
     "enum{OFF=0,ON=1} | enum mode{M0=4} | struct ne{enum{OFF=0,ON=1} state;enum mode{…} mode;}"},
    {"anonymous_members",
     "struct an { union { int a; long b; }; struct { int c; struct { int d; }; }; };",
     "struct an{union{int32 a;int64 b;};struct{int32 c;struct{int32 d;};};}"},
    {"attributes_everywhere",
     "struct __attribute__((packed)) at { int x __attribute__((aligned(8))); char y __aligned(4); "
     "__attribute__((unused)) int z; int w __attribute__((section(\"s;{\"))); } "
     "__attribute__((packed, aligned(16)));",
     "struct at{int32 x;int8 y;int32 z;int32 w;}"},
    {"kernel_annotations",
     "struct ka { char __user *buf; struct file __rcu *f; int * __restrict r; int * restrict q; "
     "volatile int v; } __packed __randomize_layout;",
     "struct ka{int8* buf;struct file* f;int32* r;int32* q;int32 v;}"},
    {"const_members", "struct cm { const int a; int const b; const struct task_struct *t; };",
     "struct cm{const int32 a;const int32 b;const struct task_struct* t;}"},
    {"comments", "struct /* a */ cmt { // one\n  int x; /* two\n lines */ int y; // three\n};",
     "struct cmt{int32 x;int32 y;}"},
    {"empty_struct", "struct Empty {};", "struct Empty{}"},
    {"missing_semicolon_after_brace", "struct NoSemi { int x; }", "struct NoSemi{int32 x;}"},
    {"array_size_from_enumerator_in_same_text",
     "struct sz { enum { LEN = 8 } kind; char a[LEN * 2]; };",
     "enum{LEN=8} | struct sz{enum{LEN=8} kind;int8[16] a;}"},
    {"parenthesized_name", "struct pn { int (x); int ((*y))[2]; };",
     "struct pn{int32 x;int32[2]* y;}"},
    {"struct_referencing_other_tags",
     "struct refs { struct task_struct *t; union U u; enum color c; struct refs *self; };",
     "struct refs{struct task_struct* t;union U u;enum color c;struct refs* self;}"},
};

class Constructs : public testing::TestWithParam<ConstructCase> {};

TEST_P(Constructs, RendersAsExpected) {
  const ConstructCase& c = GetParam();
  Outcome outcome = parse(c.text);
  EXPECT_TRUE(outcome.ok) << outcome.errors;
  EXPECT_EQ(outcome.errors, "");
  EXPECT_EQ(outcome.warnings, "");
  EXPECT_EQ(outcome.rendered, c.expected);
}

INSTANTIATE_TEST_SUITE_P(CDecl, Constructs, testing::ValuesIn(kConstructs),
                         [](const auto& row) { return std::string(row.param.name); });

// ---------------------------------------------------------------------------
// Errors

struct ErrorCase {
  const char* name;
  std::string_view text;
  const char* expected; // every error, "line:col: message\n"
};

const ErrorCase kErrors[] = {
    {"missing_semicolon_after_member", "struct S { int x }",
     "1:17: expected ';' after member 'x'\n"},
    {"missing_semicolon_at_end_of_line", "struct S {\n  int x\n  int y;\n};",
     "2:8: expected ';' after member 'x'\n"},
    {"misspelled_struct", "struct S { strcut Foo *f; };",
     "1:12: unknown type specifier 'strcut' (did you mean 'struct'?)\n"},
    {"misspelled_unsigned", "struct S { unsinged int x; };",
     "1:12: unknown type specifier 'unsinged' (did you mean 'unsigned'?)\n"},
    {"misspelled_long", "struct S { unsigned lonng x; };",
     "1:21: unknown type specifier 'lonng' (did you mean 'long'?)\n"},
    {"type_name_with_integer_word", "struct S { u32 long x; };",
     "1:12: type name 'u32' cannot be combined with 'long'\n"},
    {"double_member", "struct S { double d; };",
     "1:12: floating point type 'double' is not supported\n"},
    {"float_typedef", "typedef float f32;", "1:9: floating point type 'float' is not supported\n"},
    {"long_double", "struct S { long double d; };",
     "1:17: floating point type 'double' is not supported\n"},
    {"int128", "typedef __int128 big;", "1:9: 128-bit integer type '__int128' is not supported\n"},
    {"long_long_long", "typedef long long long t;", "1:9: 'long long long' is too long\n"},
    {"signed_and_unsigned", "typedef signed unsigned t;",
     "1:9: both 'signed' and 'unsigned' in declaration specifiers\n"},
    {"short_long", "typedef short long t;",
     "1:9: invalid combination of type specifiers 'short long'\n"},
    {"char_int", "typedef char int t;", "1:9: invalid combination of type specifiers 'char int'\n"},
    {"void_int", "typedef void int t;", "1:9: invalid combination of type specifiers 'void int'\n"},
    {"duplicate_int", "typedef int int t;", "1:9: duplicate 'int'\n"},
    {"two_data_types", "struct S { struct A int x; };",
     "1:21: two or more data types in declaration specifiers\n"},
    {"no_type", "struct S { 42; };", "1:12: expected a member declaration, found '42'\n"},
    {"void_member", "struct S { void v; };", "1:17: member 'v' has type 'void'\n"},
    {"function_member", "struct S { int f(int); };", "1:16: member 'f' has a function type\n"},
    {"array_of_void", "typedef void va[3];",
     "1:16: typedef 'va' is declared as an array of void\n"},
    {"array_of_functions", "typedef int fa[2](int);",
     "1:15: typedef 'fa' is declared as an array of functions\n"},
    {"function_returning_array", "typedef int fr(int)[2];",
     "1:15: typedef 'fr' is declared as a function returning an array\n"},
    {"incomplete_element", "typedef int ia[4][];",
     "1:15: typedef 'ia' is an array of arrays of unknown size\n"},
    {"void_parameter", "typedef void (*f)(int, void);", "1:24: parameter has type 'void'\n"},
    {"flexible_array_not_last", "struct S { char d[]; int n; };",
     "1:17: flexible array member 'd' must be the last member of struct 'S'\n"},
    {"flexible_array_in_union", "union U { int n; char d[]; };",
     "1:23: flexible array member 'd' in a union\n"},
    {"flexible_array_alone", "struct S { char d[]; };",
     "1:17: flexible array member 'd' in a struct with no other members\n"},
    {"duplicate_member", "struct S { int a; long a; };",
     "1:24: duplicate member 'a' in struct 'S'\n"},
    {"duplicate_member_through_anonymous_union", "struct S { int a; union { int a; }; };",
     "1:31: duplicate member 'a' in struct 'S'\n"},
    {"bitfield_too_wide", "struct S { int x : 33; };",
     "1:20: width of bit-field 'x' (33 bits) exceeds its type 'int32' (32 bits)\n"},
    {"bool_bitfield_too_wide", "struct S { _Bool b : 2; };",
     "1:22: width of bit-field 'b' (2 bits) exceeds its type 'bool' (1 bits)\n"},
    {"bitfield_negative", "struct S { int x : -1; };",
     "1:20: bit-field 'x' has a negative width (-1)\n"},
    {"bitfield_named_zero", "struct S { int x : 0; };",
     "1:20: named bit-field 'x' has zero width\n"},
    {"bitfield_on_pointer", "struct S { int *p : 3; };",
     "1:17: bit-field 'p' has type 'int32 *'; a bit-field must have an integer type\n"},
    {"enum_unknown_name", "enum E { A = B };", "1:14: unknown name 'B' in constant expression\n"},
    {"enum_misspelled_name", "enum E { RED, GREEN = REDD };",
     "1:23: unknown name 'REDD' in constant expression (did you mean 'RED'?)\n"},
    {"enum_division_by_zero", "enum E { A = 1 / 0 };",
     "1:16: division by zero in constant expression\n"},
    {"enum_remainder_by_zero", "enum E { A = 1 % (2 - 2) };",
     "1:16: remainder by zero in constant expression\n"},
    {"enum_shift_out_of_range", "enum E { A = 1 << 64 };",
     "1:16: shift count 64 is out of range\n"},
    {"enum_negative_shift", "enum E { A = 1 >> -1 };", "1:16: shift count -1 is out of range\n"},
    {"enum_missing_comma", "enum E { A B };", "1:11: expected ',' or '}' after enumerator 'A'\n"},
    {"enum_empty", "enum E {};", "1:9: enum 'E' has no enumerators\n"},
    {"enum_redefined_enumerator", "enum E { A, A };", "1:13: redefinition of enumerator 'A'\n"},
    {"enum_missing_value", "enum E { A = , B };",
     "1:14: expected a constant expression, found ','\n"},
    {"enum_keyword_as_name", "enum E { int };", "1:10: expected an enumerator name, found 'int'\n"},
    {"enum_missing_paren", "enum E { A = (1 + 2 };",
     "1:20: expected ')' to close the parenthesized expression\n"},
    {"enum_missing_colon", "enum E { A = 1 ? 2 };",
     "1:19: expected ':' in the conditional expression\n"},
    {"sizeof_in_expression", "struct S { char a[sizeof(int)]; };",
     "1:19: 'sizeof' is not supported in constant expressions\n"},
    {"cast_in_expression", "enum E { A = (int)1 };",
     "1:14: casts are not supported in constant expressions\n"},
    {"floating_constant", "enum E { A = 1.5 };",
     "1:14: floating point constant '1.5' is not supported\n"},
    {"floating_exponent", "enum E { A = 1e+5 };",
     "1:14: floating point constant '1e+5' is not supported\n"},
    {"octal_digit", "enum E { A = 09 };", "1:14: invalid digit '9' in octal constant '09'\n"},
    {"integer_suffix", "enum E { A = 10q };",
     "1:14: invalid suffix 'q' on integer constant '10q'\n"},
    {"integer_too_large", "enum E { A = 18446744073709551616 };",
     "1:14: integer constant '18446744073709551616' is too large for 64 bits\n"},
    {"hex_without_digits", "enum E { A = 0x };", "1:14: integer constant '0x' has no digits\n"},
    {"multi_character_constant", "enum E { A = 'ab' };",
     "1:14: multi-character constant 'ab' is not supported\n"},
    {"empty_character_constant", "enum E { A = '' };", "1:14: empty character constant\n"},
    {"unterminated_character_constant", "enum E { A = 'a };",
     "1:14: missing terminating ' character\n"},
    {"negative_array_size", "struct S { char a[-1]; };", "1:19: array size is negative (-1)\n"},
    {"huge_array_size", "struct S { char a[1ULL << 40]; };",
     "1:19: array size 1099511627776 is too large\n"},
    {"missing_bracket", "struct S { char a[4; };", "1:20: expected ']' after the array size\n"},
    {"missing_member_name", "struct S { int *; };",
     "1:17: expected a name for the member, found ';'\n"},
    {"keyword_as_member_name", "struct S { int *struct; };",
     "1:17: expected a name for the member, found 'struct'\n"},
    {"missing_paren_in_function_pointer", "struct S { int (*f(int); };",
     "1:24: expected ')' to close the declarator\n"},
    {"missing_paren_in_parameters", "struct S { int (*f)(int; };",
     "1:24: expected ',' or ')' in the parameter list\n"},
    {"variable_declaration", "struct S { int x; } s;",
     "1:21: cannot declare variable 's' in a C definition\n"},
    {"anonymous_top_level_struct", "struct { int x; };",
     "1:1: anonymous struct definition declares nothing\n"},
    {"struct_without_name_or_body", "struct;", "1:7: expected a name or '{' after 'struct'\n"},
    {"truncated_record", "struct S { int x;", "1:18: expected '}' at the end of struct 'S'\n"},
    {"truncated_nested_record", "struct S { struct T { int x;",
     "1:29: expected '}' at the end of struct 'T'\n"},
    {"truncated_declarator", "struct S { int (*f)(int",
     "1:24: expected ',' or ')' in the parameter list\n"},
    {"truncated_after_keyword", "struct", "1:7: expected a name or '{' after 'struct'\n"},
    {"truncated_typedef", "typedef int", "1:12: expected a name for the typedef\n"},
    {"missing_semicolon_after_typedef", "typedef int a b;",
     "1:14: expected ';' after typedef 'a'\n"},
    {"nul_byte", "struct S { int x\0; };"sv, "1:17: unexpected character '\\0'\n"},
    {"stray_character", "struct S { int #x; };", "1:16: unexpected character '#'\n"},
    {"non_ascii_character", "struct S { int \xc3\xa9; };", "1:16: unexpected character '\\xc3'\n"},
    {"unterminated_comment", "struct S { int x; /* oops };",
     "1:19: unterminated comment: '/*' has no matching '*/'\n"},
    {"storage_class", "struct S { static int x; };",
     "1:12: 'static' cannot be used in a C type definition\n"},
    {"typedef_in_struct", "struct S { typedef int x; };",
     "1:12: 'typedef' is not allowed in a member\n"},
    {"typeof", "struct S { typeof(int) x; };",
     "1:12: 'typeof' is not supported in C definitions\n"},
    {"attribute_without_parentheses", "struct S { int x __attribute__; };",
     "1:31: expected '(' after '__attribute__'\n"},
    {"unterminated_attribute", "struct S { int x __attribute__((aligned(8); };",
     "1:43: expected ')' to close '__attribute__'\n"},
    {"several_errors_are_reported",
     "struct S {\n  int x y;\n  double d;\n  int z;\n  strcut Foo *f;\n  int ok;\n};",
     "2:8: expected ';' after member 'x'\n"
     "3:3: floating point type 'double' is not supported\n"
     "5:3: unknown type specifier 'strcut' (did you mean 'struct'?)\n"},
    {"errors_in_enum_and_after_it", "enum E { A = 1 / 0, B = C, D };",
     "1:16: division by zero in constant expression\n"
     "1:25: unknown name 'C' in constant expression\n"},
    {"enum_underlying_type", "enum E : u8 { A };",
     "1:8: an enum's underlying type cannot be specified\n"},
    {"string_in_expression", "enum E { A = \"x\\0y\" };",
     "1:14: expected a constant expression, found '\"x\\0y\"'\n"},
    {"missing_semicolon_between_definitions", "struct A { int a; } struct B { int b; };",
     "1:20: expected ';' after the definition of 'struct A'\n"},
};

class Errors : public testing::TestWithParam<ErrorCase> {};

TEST_P(Errors, ReportsLocatedMessages) {
  const ErrorCase& c = GetParam();
  Outcome outcome = parse(c.text);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.errors, c.expected);
}

INSTANTIATE_TEST_SUITE_P(CDecl, Errors, testing::ValuesIn(kErrors),
                         [](const auto& row) { return std::string(row.param.name); });

// ---------------------------------------------------------------------------
// Warnings, hints, locations, state across definitions, robustness

TEST(CDecl, WarningsDoNotFail) {
  Outcome typedef_without_name = parse("typedef struct W { int x; };");
  EXPECT_TRUE(typedef_without_name.ok);
  EXPECT_EQ(typedef_without_name.rendered, "struct W{int32 x;}");
  EXPECT_EQ(typedef_without_name.warnings, "1:1: typedef declares no name\n");

  Outcome member_without_name = parse("struct S { int; struct T; int y; };");
  EXPECT_TRUE(member_without_name.ok);
  EXPECT_EQ(member_without_name.rendered, "struct S{int32 y;}");
  EXPECT_EQ(member_without_name.warnings, "1:12: declaration does not declare a member\n"
                                          "1:17: declaration does not declare a member\n");
}

TEST(CDecl, ErrorsCarryHints) {
  Outcome outcome = parse("struct S { double d; float f; };");
  ASSERT_EQ(outcome.diags.all().size(), 2u);
  EXPECT_EQ(outcome.diags.all()[0].hint,
            "BPF programs cannot use floating point; use an integer type of the same size");
  Outcome variable = parse("struct S { int x; } s;");
  ASSERT_EQ(variable.diags.all().size(), 1u);
  EXPECT_NE(variable.diags.all()[0].hint.find("typedef"), std::string::npos);
}

TEST(CDecl, NodesCarrySourceLocations) {
  std::string_view text = "struct Foo {\n"
                          "  int x;\n"
                          "  unsigned long *y[4];\n"
                          "};\n"
                          "enum E { A,\n"
                          "  B };\n"
                          "typedef int my_t;";
  Outcome outcome = parse(text);
  ASSERT_TRUE(outcome.ok) << outcome.errors;
  ASSERT_EQ(outcome.decls.size(), 3u);
  const auto& record = *std::get<std::shared_ptr<ast::CRecord>>(outcome.decls[0]);
  EXPECT_EQ(record.loc, (ast::Location{0, 1, 1, 1, 11}));
  EXPECT_EQ(record.fields[0].loc, (ast::Location{0, 2, 7, 2, 8}));
  EXPECT_EQ(record.fields[0].type.loc, (ast::Location{0, 2, 3, 2, 6}));
  EXPECT_EQ(record.fields[1].loc, (ast::Location{0, 3, 18, 3, 19}));
  EXPECT_EQ(record.fields[1].type.loc, (ast::Location{0, 3, 19, 3, 22}));          // [4]
  EXPECT_EQ(record.fields[1].type.element->loc, (ast::Location{0, 3, 17, 3, 18})); // *
  EXPECT_EQ(record.fields[1].type.element->element->loc, (ast::Location{0, 3, 3, 3, 16}));
  const auto& definition = *std::get<std::shared_ptr<ast::CEnum>>(outcome.decls[1]);
  EXPECT_EQ(definition.loc, (ast::Location{0, 5, 1, 5, 7}));
  EXPECT_EQ(definition.enumerators[1].loc, (ast::Location{0, 6, 3, 6, 4}));
  const auto& alias = std::get<ast::CTypedef>(outcome.decls[2]);
  EXPECT_EQ(alias.loc, (ast::Location{0, 7, 13, 7, 17}));
}

TEST(CDecl, LocationsStartWhereTheTextStartsAndGoThroughTheMap) {
  // The definition starts at output line 2, column 5; output lines map to
  // source lines 10 and 11 of file 3.
  std::string_view preprocessed = "BEGIN\n    struct S {\n  double d; };";
  Preprocessed pp;
  pp.text = std::string(preprocessed);
  pp.lines = {LineOrigin{3, 9, {}}, LineOrigin{3, 10, {}}, LineOrigin{3, 11, {}}};
  std::vector<ast::CDecl> out;
  ast::Diagnostics diags;
  std::string_view text = preprocessed.substr(preprocessed.find("struct"));
  EXPECT_FALSE(parse_c_definition(text, 2, 5, pp, out, diags));
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(*diags.all()[0].location, (ast::Location{3, 11, 3, 11, 9}));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(std::get<std::shared_ptr<ast::CRecord>>(out[0])->loc,
            (ast::Location{3, 10, 5, 10, 13}));
}

TEST(CDecl, InlineDefinitionsAreSharedWithTheirOwnDeclaration) {
  Outcome outcome = parse("typedef struct Bar { struct Baz { int q; } baz; } bar_t;");
  ASSERT_TRUE(outcome.ok) << outcome.errors;
  ASSERT_EQ(outcome.decls.size(), 3u);
  const auto& baz = std::get<std::shared_ptr<ast::CRecord>>(outcome.decls[0]);
  const auto& bar = std::get<std::shared_ptr<ast::CRecord>>(outcome.decls[1]);
  const auto& alias = std::get<ast::CTypedef>(outcome.decls[2]);
  EXPECT_EQ(baz->name, "Baz");
  EXPECT_EQ(bar->name, "Bar");
  EXPECT_TRUE(bar->is_definition);
  EXPECT_EQ(alias.type.record_def, bar);
  EXPECT_EQ(bar->fields[0].type.record_def, baz);
}

TEST(CDecl, EnumeratorsOfEarlierDefinitionsAreConstants) {
  Outcome first = parse("enum sizes { NAME_LEN = 16, SLOTS = 4 };");
  ASSERT_TRUE(first.ok);
  Outcome second =
      parse("struct user { char name[NAME_LEN]; int slot[SLOTS + 1]; };", std::move(first.decls));
  EXPECT_TRUE(second.ok) << second.errors;
  EXPECT_EQ(second.rendered, "struct user{int8[16] name;int32[5] slot;}");

  Outcome redefined = parse("enum again { SLOTS };", std::move(second.decls));
  EXPECT_EQ(redefined.errors, "1:14: redefinition of enumerator 'SLOTS'\n");
}

TEST(CDecl, DeepNestingIsReportedNotFollowed) {
  std::string parentheses =
      "typedef int " + std::string(10000, '(') + "x" + std::string(10000, ')') + ";";
  Outcome declarator = parse(parentheses);
  EXPECT_FALSE(declarator.ok);
  EXPECT_NE(declarator.errors.find("too deeply nested"), std::string::npos) << declarator.errors;
  EXPECT_EQ(declarator.diags.error_count(), 1u);

  std::string expression =
      "enum E { A = " + std::string(10000, '(') + "1" + std::string(10000, ')') + " };";
  Outcome enumerator = parse(expression);
  EXPECT_NE(enumerator.errors.find("too deeply nested"), std::string::npos);

  std::string unary = "enum E { A = " + std::string(10000, '-') + "1 };";
  EXPECT_NE(parse(unary).errors.find("too deeply nested"), std::string::npos);

  std::string records;
  for (int i = 0; i < 1000; ++i)
    records += "struct S" + std::to_string(i) + " { ";
  Outcome nested = parse(records);
  EXPECT_NE(nested.errors.find("too deeply nested"), std::string::npos);

  std::string attribute = "struct S { int x __attribute__(" + std::string(10000, '(') + "; };";
  EXPECT_FALSE(parse(attribute).ok);

  // Modest nesting is fine.
  Outcome fine = parse("typedef int " + std::string(20, '(') + "*x" + std::string(20, ')') + ";");
  EXPECT_TRUE(fine.ok) << fine.errors;
  EXPECT_EQ(fine.rendered, "typedef int32* x");
}

TEST(CDecl, ErrorsAreCappedPerDefinition) {
  std::string text = "struct S {";
  for (int i = 0; i < 50; ++i)
    text += " double d" + std::to_string(i) + ";";
  text += " };";
  Outcome outcome = parse(text);
  EXPECT_EQ(outcome.diags.error_count(), 10u);
}

// Every prefix of valid texts, and random corruptions of them, parse without
// crashing or hanging; an error is reported unless the text is still valid.
TEST(CDecl, SurvivesTruncatedAndCorruptedText) {
  std::vector<std::string> texts;
  for (const ConstructCase& c : kConstructs)
    texts.emplace_back(c.text);
  for (const ErrorCase& c : kErrors)
    texts.emplace_back(c.text);
  size_t parsed = 0;
  for (const std::string& text : texts) {
    for (size_t length = 0; length <= text.size(); ++length) {
      Outcome outcome = parse(std::string_view(text).substr(0, length));
      EXPECT_EQ(outcome.ok, outcome.diags.error_count() == 0);
      ++parsed;
    }
  }
  std::mt19937 random(12345);
  const std::string alphabet = "{}()[];,*:=<>~!?.'\"/\\#\0 \nxintstructunion__attribute__123"s;
  for (int round = 0; round < 3000; ++round) {
    std::string text = texts[random() % texts.size()];
    int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      size_t at = random() % text.size();
      char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
      case 0:
        text[at] = c;
        break;
      case 1:
        text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
        break;
      default:
        text.erase(at, 1 + random() % 8);
      }
    }
    Outcome outcome = parse(text);
    EXPECT_EQ(outcome.ok, outcome.diags.error_count() == 0);
    EXPECT_LE(outcome.diags.error_count(), 10u);
    ++parsed;
  }
  EXPECT_GT(parsed, 3000u);
}

} // namespace
} // namespace sonde::grammar
