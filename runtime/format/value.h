// The decoded values the runtime hands to the formatter, and how a single
// value prints as text (print(), map keys and values, printf("%s")) and as
// JSON (-f json).
//
// The runtime decodes BPF bytes with the program's type information and
// resolves everything that needs the outside world (symbols, stacks, inet
// addresses, strftime timestamps, probe names, cgroup paths...) into text
// before calling in here, so this library never touches the kernel.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sonde::format {

struct Value;
struct Field;

// An integer as BPF stored it. `bits` holds the two's-complement value widened
// to 64 bits: sign-extended when the source type was signed, zero-extended
// when it was unsigned. printf's C conversions then truncate as C would.
struct Integer {
  uint64_t bits = 0;
  bool is_signed = true;
  uint8_t width = 64; // width of the source type in bits: 8, 16, 32 or 64

  int64_t as_signed() const { return static_cast<int64_t>(bits); }
  uint64_t as_unsigned() const { return bits; }
};

struct Bool {
  bool value = false;
};

// A NUL-free string (BPF strings are already cut at their NUL).
struct String {
  std::string text;
};

// Raw bytes from buf(); they print with non-printable bytes as \xNN.
struct Buffer {
  std::string bytes;
};

// A pointer prints as 0x-prefixed lowercase hex.
struct Pointer {
  uint64_t address = 0;
};

// (a, b, c)
struct Tuple {
  std::vector<Value> elements;
};

// { .name = value, ... }
struct Record {
  std::vector<Field> fields;
};

// [a,b,c]
struct Array {
  std::vector<Value> elements;
};

// What a pre-resolved Text stood for before the runtime resolved it. Only
// informative: every kind prints its text verbatim.
enum class TextKind {
  Symbol,      // ksym(), usym(), func
  InetAddress, // ntop()
  Timestamp,   // strftime()
  Other,       // probe, cgroup_path, macaddr, strerror, username...
};

// A print-only value the runtime already turned into text.
struct Text {
  TextKind kind = TextKind::Other;
  std::string text;
};

// How a stack's frames are laid out: bpftrace mode indents each frame with
// four spaces, perf mode with a tab, raw mode not at all.
enum class StackMode { Bpftrace, Perf, Raw };

// kstack/ustack with frames already symbolised, innermost first; each frame
// is the text of one line without indentation ("do_syscall_64+506", or in
// perf mode "ffffffff821ef81a do_syscall_64+506").
struct Stack {
  StackMode mode = StackMode::Bpftrace;
  std::vector<std::string> frames;
};

struct Value {
  using Data =
      std::variant<Integer, Bool, String, Buffer, Pointer, Tuple, Record, Array, Text, Stack>;
  Data data;

  // A signed integer of the given width (in bits).
  static Value signed_int(int64_t value, uint8_t width = 64);
  // An unsigned integer of the given width (in bits).
  static Value unsigned_int(uint64_t value, uint8_t width = 64);
  // true / false.
  static Value boolean(bool value);
  // A string.
  static Value string(std::string text);
  // A buffer of raw bytes.
  static Value buffer(std::string bytes);
  // A pointer.
  static Value pointer(uint64_t address);
  // A tuple of the given elements.
  static Value tuple(std::vector<Value> elements);
  // A record (struct) of named fields, in declaration order.
  static Value record(std::vector<Field> fields);
  // An array of the given elements.
  static Value array(std::vector<Value> elements);
  // A pre-resolved print-only text.
  static Value text(std::string text, TextKind kind = TextKind::Other);
  // A symbolised stack.
  static Value stack(std::vector<std::string> frames, StackMode mode = StackMode::Bpftrace);

  // The integer inside, or nullptr when the value is not an Integer.
  const Integer* as_integer() const { return std::get_if<Integer>(&data); }
};

struct Field {
  std::string name;
  Value value;
};

// The value as print() shows it: `(1, two, (3, 4))`, strings unquoted.
std::string to_text(const Value& value);

// The value as -f json shows it: `[1,"two",[3,4]]`, strings quoted.
std::string to_json(const Value& value);

// `text` as the inside of a JSON string literal (without the quotes).
std::string json_escape(std::string_view text);

// Buffer bytes as %r and print() show them: printable ASCII kept, every other
// byte as \xNN (lowercase hex).
std::string escape_buffer(std::string_view bytes);

// A total order used to sort map keys: numbers numerically (signedness-aware),
// strings and bytes lexicographically, tuples element by element; values of
// different kinds order by kind.
std::strong_ordering compare_values(const Value& a, const Value& b);

// compare_values() over two key lists, element by element, shorter first.
std::strong_ordering compare_keys(const std::vector<Value>& a, const std::vector<Value>& b);

} // namespace sonde::format
