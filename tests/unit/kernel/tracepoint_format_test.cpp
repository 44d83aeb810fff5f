// Parsing format-file text, independent of the running kernel.
#include "compiler/kernel/tracepoint_format.h"

#include <gtest/gtest.h>

namespace sonde::kernel {
namespace {

constexpr std::string_view kOpenatFormat =
    "name: sys_enter_openat\n"
    "ID: 782\n"
    "format:\n"
    "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
    "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
    "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
    "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
    "\n"
    "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
    "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
    "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
    "\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
    "\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n"
    "\n"
    "print fmt: \"dfd: 0x%08lx, filename: 0x%08lx\", ((unsigned long)(REC->dfd))\n";

TEST(TracepointFormat, ParsesSyscallRecord) {
  auto format = parse_tracepoint_format(kOpenatFormat, "syscalls", "sys_enter_openat");
  ASSERT_TRUE(format);
  EXPECT_EQ(format->id, 782u);
  ASSERT_EQ(format->fields.size(), 9u);
  EXPECT_EQ(format->argument_fields().size(), 5u);
  EXPECT_EQ(format->record_size(), 48u);
  EXPECT_EQ(format->struct_name(), "_tracepoint_syscalls_sys_enter_openat");

  const TracepointField* common_pid = format->find("common_pid");
  ASSERT_TRUE(common_pid);
  EXPECT_TRUE(common_pid->is_common);
  EXPECT_TRUE(common_pid->is_signed);

  const TracepointField* dfd = format->find("dfd");
  ASSERT_TRUE(dfd);
  EXPECT_FALSE(dfd->is_common);
  EXPECT_EQ(dfd->kind, FieldKind::Integer);
  EXPECT_EQ(dfd->type, "int");
  EXPECT_EQ(dfd->offset, 16u);
  EXPECT_EQ(dfd->size, 8u);

  const TracepointField* filename = format->find("filename");
  ASSERT_TRUE(filename);
  EXPECT_EQ(filename->kind, FieldKind::Pointer);
  EXPECT_EQ(filename->type, "const char *");
  EXPECT_EQ(filename->element_type, "const char");
  EXPECT_EQ(filename->pointee, PointeeKind::Char);
  EXPECT_EQ(filename->address_space, AddressSpace::User);
  EXPECT_TRUE(filename->is_string());

  EXPECT_EQ(format->find("mode")->type, "umode_t");
  EXPECT_EQ(format->find("nosuchfield"), nullptr);
}

TEST(TracepointFormat, KernelPointersOutsideSyscalls) {
  auto format = parse_tracepoint_format(
      "ID: 1\n\tfield:const char * name;\toffset:8;\tsize:8;\tsigned:0;\n", "sched", "x");
  ASSERT_TRUE(format);
  EXPECT_EQ(format->fields[0].address_space, AddressSpace::Kernel);
}

TEST(TracepointFormat, RejectsTextWithoutFields) {
  EXPECT_FALSE(parse_tracepoint_format("", "a", "b"));
  EXPECT_FALSE(parse_tracepoint_format("name: x\nID: 3\nformat:\n", "a", "b"));
}

// Classifies one declaration with the size and signedness the file gives.
TracepointField classify(std::string_view declaration, uint32_t size) {
  TracepointField field;
  field.size = size;
  EXPECT_TRUE(classify_field_declaration(declaration, field)) << declaration;
  return field;
}

TEST(TracepointFormat, ClassifiesArrays) {
  TracepointField comm = classify("char prev_comm[16]", 16);
  EXPECT_EQ(comm.name, "prev_comm");
  EXPECT_EQ(comm.kind, FieldKind::Array);
  EXPECT_EQ(comm.type, "char[16]");
  EXPECT_EQ(comm.element_type, "char");
  EXPECT_EQ(comm.array_length, 16u);
  EXPECT_EQ(comm.element_size, 1u);
  EXPECT_TRUE(comm.is_string());

  TracepointField args = classify("unsigned long args[6]", 48);
  EXPECT_EQ(args.array_length, 6u);
  EXPECT_EQ(args.element_size, 8u);
  EXPECT_FALSE(args.is_string());

  TracepointField symbolic = classify("char comm[TASK_COMM_LEN]", 16);
  EXPECT_EQ(symbolic.array_length, 16u);
  EXPECT_EQ(symbolic.type, "char[TASK_COMM_LEN]");

  TracepointField flexible = classify("u32 buf[]", 0);
  EXPECT_EQ(flexible.kind, FieldKind::Array);
  EXPECT_EQ(flexible.array_length, 0u);
  EXPECT_EQ(flexible.element_size, 4u);

  TracepointField bytes = classify("__u8 saddr[4]", 4);
  EXPECT_EQ(bytes.array_length, 4u);
  EXPECT_FALSE(bytes.is_string());
}

TEST(TracepointFormat, ClassifiesDataLoc) {
  TracepointField filename = classify("__data_loc char[] filename", 4);
  EXPECT_EQ(filename.name, "filename");
  EXPECT_EQ(filename.kind, FieldKind::DataLoc);
  EXPECT_EQ(filename.type, "__data_loc char[]");
  EXPECT_EQ(filename.element_type, "char");
  EXPECT_TRUE(filename.is_string());

  TracepointField addrs = classify("__data_loc u64[] phys_addrs", 4);
  EXPECT_EQ(addrs.kind, FieldKind::DataLoc);
  EXPECT_EQ(addrs.element_size, 8u);
  EXPECT_FALSE(addrs.is_string());

  TracepointField mask = classify("__data_loc cpumask_t cpumask", 4);
  EXPECT_EQ(mask.kind, FieldKind::DataLoc);
  EXPECT_EQ(mask.element_type, "cpumask_t");

  TracepointField relative = classify("__rel_loc char[] name", 4);
  EXPECT_EQ(relative.kind, FieldKind::RelLoc);
  EXPECT_TRUE(relative.is_string());
}

TEST(TracepointFormat, ClassifiesPointers) {
  TracepointField argv = classify("const char *const * argv", 8);
  EXPECT_EQ(argv.name, "argv");
  EXPECT_EQ(argv.kind, FieldKind::Pointer);
  EXPECT_EQ(argv.pointee, PointeeKind::CharPointer);
  EXPECT_EQ(argv.element_type, "const char *");
  EXPECT_FALSE(argv.is_string());

  EXPECT_EQ(classify("void * buf", 8).pointee, PointeeKind::Void);
  EXPECT_EQ(classify("const void *const ptr", 8).pointee, PointeeKind::Void);
  EXPECT_EQ(classify("void __seg_gs * ptr", 8).pointee, PointeeKind::Void);
  EXPECT_EQ(classify("struct file * file", 8).pointee, PointeeKind::Struct);
  EXPECT_EQ(classify("struct file * file", 8).element_type, "struct file");
  EXPECT_EQ(classify("struct iocb * * iocbpp", 8).pointee, PointeeKind::Other);
  EXPECT_EQ(classify("const unsigned long * mask", 8).pointee, PointeeKind::Other);
  EXPECT_EQ(classify("const unsigned long * mask", 8).element_size, 8u);
  EXPECT_EQ(classify("char * buf", 8).pointee, PointeeKind::Char);
}

TEST(TracepointFormat, ClassifiesScalars) {
  EXPECT_EQ(classify("enum xfs_group_type type", 4).kind, FieldKind::Integer);
  EXPECT_EQ(classify("bool enable", 1).kind, FieldKind::Integer);
  EXPECT_EQ(classify("unsigned flags", 4).type, "unsigned");
  EXPECT_EQ(classify("sigset_t set", 128).kind, FieldKind::Opaque);

  TracepointField nameless;
  EXPECT_FALSE(classify_field_declaration("int", nameless));
  EXPECT_FALSE(classify_field_declaration("", nameless));
}

} // namespace
} // namespace sonde::kernel
