#include "test_support.h"

#include "runtime/format/value.h"

#include <gtest/gtest.h>

namespace sonde::runtime {
namespace {

using namespace test;
using format::to_text;

const DecodeContext kNoContext;

std::string text_of(const Layout& layout, const std::string& bytes,
                    const DecodeContext& ctx = kNoContext) {
  return to_text(decode_value(layout, bytes_of(bytes), ctx));
}

TEST(DecodeIntegers, SignedValuesAreSignExtendedFromTheirSize) {
  EXPECT_EQ(text_of(int_layout(1, true), le(0xff, 1)), "-1");
  EXPECT_EQ(text_of(int_layout(2, true), le(0xfffe, 2)), "-2");
  EXPECT_EQ(text_of(int_layout(4, true), le(0xfffffffb, 4)), "-5");
  EXPECT_EQ(text_of(int_layout(8, true), le(static_cast<uint64_t>(-42))), "-42");
}

TEST(DecodeIntegers, UnsignedValuesAreZeroExtended) {
  EXPECT_EQ(text_of(int_layout(1, false), le(0xff, 1)), "255");
  EXPECT_EQ(text_of(int_layout(4, false), le(0xffffffff, 4)), "4294967295");
  EXPECT_EQ(text_of(int_layout(8, false), le(~uint64_t{0})), "18446744073709551615");
}

TEST(DecodeIntegers, KeepTheSourceWidthForPrintf) {
  format::Value value = decode_value(int_layout(2, true), bytes_of(le(0x8000, 2)), kNoContext);
  ASSERT_NE(value.as_integer(), nullptr);
  EXPECT_EQ(value.as_integer()->width, 16);
  EXPECT_TRUE(value.as_integer()->is_signed);
  EXPECT_EQ(value.as_integer()->as_signed(), -32768);
}

TEST(DecodeIntegers, ShortInputReadsAsZeroInsteadOfOverrunning) {
  EXPECT_EQ(text_of(int_layout(8, false), "\x01\x02"), "0");
}

TEST(DecodeStrings, StopAtTheFirstNul) {
  EXPECT_EQ(text_of(string_layout(16), padded("hello", 16)), "hello");
}

TEST(DecodeStrings, StopAtTheCapacityWithoutNul) {
  EXPECT_EQ(text_of(string_layout(4), "abcdefgh"), "abcd");
}

TEST(DecodeBuffers, UseTheLengthPrefixCappedAtCapacity) {
  Layout layout;
  layout.kind = Layout::Kind::Buffer;
  layout.size = 4 + 4;
  format::Value value = decode_value(layout, bytes_of(le(3, 4) + "ab\x01z"), kNoContext);
  const auto* buffer = std::get_if<format::Buffer>(&value.data);
  ASSERT_NE(buffer, nullptr);
  EXPECT_EQ(buffer->bytes, std::string("ab\x01", 3));
  value = decode_value(layout, bytes_of(le(100, 4) + "wxyz"), kNoContext);
  EXPECT_EQ(std::get<format::Buffer>(value.data).bytes, "wxyz");
}

TEST(DecodeTuples, ReadFieldsAtTheirOffsets) {
  Layout inner = tuple_layout({int_layout(4, true, 0), int_layout(4, true, 4)});
  inner.offset = 24;
  inner.size = 8;
  Layout layout = tuple_layout({int_layout(8, true, 0), string_layout(16, 8), inner});
  std::string bytes = le(1) + padded("two", 16) + le(3, 4) + le(4, 4);
  EXPECT_EQ(text_of(layout, bytes), "(1, two, (3, 4))");
}

TEST(DecodeRecords, NameTheirFields) {
  Layout layout;
  layout.kind = Layout::Kind::Record;
  layout.fields = {int_layout(4, false, 0), string_layout(8, 4)};
  layout.names = {"a", "b"};
  EXPECT_EQ(text_of(layout, le(1, 4) + padded("x", 8)), "{ .a = 1, .b = x }");
}

TEST(DecodeArrays, StepByTheElementSize) {
  Layout layout;
  layout.kind = Layout::Kind::Array;
  layout.count = 3;
  layout.fields = {int_layout(2, false)};
  EXPECT_EQ(text_of(layout, le(1, 2) + le(2, 2) + le(3, 2)), "[1,2,3]");
}

TEST(DecodeBool, AnyNonZeroByteIsTrue) {
  Layout layout;
  layout.kind = Layout::Kind::Bool;
  layout.size = 1;
  EXPECT_EQ(text_of(layout, le(2, 1)), "true");
  EXPECT_EQ(text_of(layout, le(0, 1)), "false");
}

TEST(DecodePointers, PrintAsHex) {
  Layout layout;
  layout.kind = Layout::Kind::Pointer;
  layout.size = 8;
  EXPECT_EQ(text_of(layout, le(0xffff1234)), "0xffff1234");
}

TEST(DecodeProbeNames, IndexTheManifestList) {
  std::vector<std::string> names = {"tracepoint:a:b", "interval:ms:100"};
  DecodeContext ctx;
  ctx.probe_names = &names;
  Layout layout;
  layout.kind = Layout::Kind::ProbeName;
  layout.size = 8;
  EXPECT_EQ(text_of(layout, le(1), ctx), "interval:ms:100");
  EXPECT_EQ(text_of(layout, le(7), ctx), "7");
}

TEST(DecodeKsym, UsesTheResolverAndFallsBackToHex) {
  DecodeContext ctx;
  ctx.ksym = [](uint64_t address) { return address == 0x10 ? "do_nanosleep" : ""; };
  Layout layout;
  layout.kind = Layout::Kind::Ksym;
  EXPECT_EQ(text_of(layout, le(0x10), ctx), "do_nanosleep");
  EXPECT_EQ(text_of(layout, le(0x20), ctx), "0x20");
}

TEST(DecodeStacks, AskTheResolverWithIdAndPid) {
  DecodeContext ctx;
  ctx.stack = [](const Layout& layout, int64_t id, uint64_t pid) {
    return std::vector<std::string>{layout.mode + std::to_string(id) + "/" + std::to_string(pid)};
  };
  Layout layout;
  layout.kind = Layout::Kind::Ustack;
  layout.mode = "perf";
  format::Value value = decode_value(layout, bytes_of(le(5) + le(77)), ctx);
  const auto* stack = std::get_if<format::Stack>(&value.data);
  ASSERT_NE(stack, nullptr);
  EXPECT_EQ(stack->mode, format::StackMode::Perf);
  ASSERT_EQ(stack->frames.size(), 1u);
  EXPECT_EQ(stack->frames[0], "perf5/77");
}

TEST(DecodeStacks, NegativeIdsAreEmptyStacks) {
  DecodeContext ctx;
  bool called = false;
  ctx.stack = [&](const Layout&, int64_t, uint64_t) {
    called = true;
    return std::vector<std::string>{};
  };
  Layout layout;
  layout.kind = Layout::Kind::Kstack;
  decode_value(layout, bytes_of(le(static_cast<uint64_t>(-14))), ctx);
  EXPECT_FALSE(called);
}

TEST(DecodeInet, FormatsBothFamilies) {
  Layout layout;
  layout.kind = Layout::Kind::Inet;
  EXPECT_EQ(text_of(layout, le(2, 4) + std::string("\x7f\x00\x00\x01", 4) + padded("", 12)),
            "127.0.0.1");
  std::string v6(16, '\0');
  v6[15] = 1;
  EXPECT_EQ(text_of(layout, le(10, 4) + v6), "::1");
}

TEST(DecodeMacAddr, UppercaseColonSeparated) {
  Layout layout;
  layout.kind = Layout::Kind::MacAddr;
  EXPECT_EQ(text_of(layout, std::string("\x00\x1b\xa2\x0f\xff\x01", 6)), "00:1B:A2:0F:FF:01");
}

TEST(DecodeEnum, NamesKnownValuesAndPrintsOthersAsNumbers) {
  Layout layout = int_layout(4, true);
  layout.kind = Layout::Kind::Enum;
  layout.names = {"0=RUNNING", "1=SLEEPING", "-1=DEAD"};
  EXPECT_EQ(text_of(layout, le(1, 4)), "SLEEPING");
  EXPECT_EQ(text_of(layout, le(0xffffffff, 4)), "DEAD");
  EXPECT_EQ(text_of(layout, le(9, 4)), "9");
}

TEST(DecodeStrerror, PrintsTheErrnoText) {
  Layout layout;
  layout.kind = Layout::Kind::Strerror;
  EXPECT_EQ(text_of(layout, le(2)), "No such file or directory");
}

TEST(DecodeTimestamp, AddsTheBootOffsetAndUsesTheFormat) {
  DecodeContext ctx;
  ctx.boot_to_epoch_ns = 0;
  Layout layout;
  layout.kind = Layout::Kind::Timestamp;
  layout.text = "%f";
  EXPECT_EQ(text_of(layout, le(1234567000), ctx), "234567");
}

TEST(DecodeKeys, SplitTuplesIntoParts) {
  Layout key = tuple_layout({int_layout(8, true, 0), string_layout(8, 8)});
  std::vector<format::Value> parts = decode_key(key, bytes_of(le(1) + padded("a", 8)), kNoContext);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(to_text(parts[0]), "1");
  EXPECT_EQ(to_text(parts[1]), "a");
}

TEST(DecodeKeys, ScalarMapsHaveNoKeyParts) {
  EXPECT_TRUE(decode_key(Layout{}, bytes_of(le(0)), kNoContext).empty());
}

TEST(DecodeKeys, SingleKeysAreOnePart) {
  EXPECT_EQ(decode_key(int_layout(4, false), bytes_of(le(7, 4)), kNoContext).size(), 1u);
}

TEST(DecodeArgs, UsePayloadRelativeOffsets) {
  Layout args = tuple_layout({int_layout(8, true, 0), string_layout(16, 8)});
  std::vector<format::Value> values =
      decode_args(args, bytes_of(le(42) + padded("world", 16)), kNoContext);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(to_text(values[0]), "42");
  EXPECT_EQ(to_text(values[1]), "world");
}

} // namespace
} // namespace sonde::runtime
