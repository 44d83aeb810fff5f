// Kernel BTF of the running kernel.
#include "compiler/kernel/btf.h"
#include "compiler/kernel/kernel_identity.h"

#include <gtest/gtest.h>

namespace sonde::kernel {
namespace {

const Btf& kernel_btf() {
  static const std::unique_ptr<Btf> btf = [] {
    std::string error;
    auto loaded = Btf::load_vmlinux(error);
    EXPECT_TRUE(loaded) << error;
    return loaded;
  }();
  if (!btf)
    throw std::runtime_error("no kernel BTF");
  return *btf;
}

BtfTypeId struct_id(const char* name) {
  std::optional<BtfTypeId> id = kernel_btf().find(name, BtfKind::Struct);
  EXPECT_TRUE(id) << "struct " << name;
  return id.value_or(0);
}

TEST(Btf, TaskStructMembers) {
  const Btf& btf = kernel_btf();
  BtfTypeId task = struct_id("task_struct");
  BtfType type = btf.type(task);
  EXPECT_EQ(type.kind, BtfKind::Struct);
  EXPECT_EQ(type.name, "task_struct");
  EXPECT_GT(type.size, 1000u);
  EXPECT_EQ(btf.find_type("struct task_struct"), task);

  auto pid = btf.find_member(task, "pid");
  ASSERT_TRUE(pid);
  EXPECT_EQ(btf.type_name(pid->type), "pid_t");
  BtfType pid_int = btf.type(btf.resolve(pid->type));
  EXPECT_EQ(pid_int.kind, BtfKind::Int);
  EXPECT_EQ(pid_int.name, "int");
  EXPECT_EQ(pid_int.size, 4u);
  EXPECT_TRUE(pid_int.is_signed);
  EXPECT_EQ(btf.size_of(pid->type), 4u);
  EXPECT_FALSE(pid->is_bitfield());
  EXPECT_EQ(pid->bit_offset % 8, 0u);

  auto comm = btf.find_member(task, "comm");
  ASSERT_TRUE(comm);
  BtfType comm_type = btf.type(btf.resolve(comm->type));
  EXPECT_EQ(comm_type.kind, BtfKind::Array);
  EXPECT_EQ(comm_type.array_length, 16u);
  EXPECT_EQ(comm_type.size, 16u);
  EXPECT_EQ(btf.type(btf.resolve(comm_type.target)).name, "char");
  EXPECT_EQ(btf.type_name(comm->type), "char[16]");
  EXPECT_EQ(btf.declaration(comm->type, "comm"), "char comm[16]");

  auto parent = btf.find_member(task, "real_parent");
  ASSERT_TRUE(parent);
  BtfType parent_type = btf.type(btf.resolve(parent->type));
  EXPECT_EQ(parent_type.kind, BtfKind::Pointer);
  EXPECT_EQ(parent_type.size, 8u);
  EXPECT_EQ(btf.resolve(parent_type.target), task);
  EXPECT_EQ(btf.type_name(parent->type), "struct task_struct *");

  EXPECT_FALSE(btf.find_member(task, "no_such_member"));
  EXPECT_EQ(btf.members(task).size(), type.entry_count);
}

// sk_buff starts with union { struct { next; prev; union { dev; dev_scratch; }; }; rbnode; ... },
// so `dev` sits two anonymous levels down, after two pointers.
TEST(Btf, AnonymousMembersAreFoundWithCumulativeOffsets) {
  const Btf& btf = kernel_btf();
  BtfTypeId skb = struct_id("sk_buff");
  std::vector<BtfMember> direct = btf.members(skb);
  ASSERT_FALSE(direct.empty());
  EXPECT_TRUE(direct[0].name.empty()) << "first member of sk_buff is an anonymous union";

  auto next = btf.find_member(skb, "next");
  auto dev = btf.find_member(skb, "dev");
  auto dev_scratch = btf.find_member(skb, "dev_scratch");
  auto rbnode = btf.find_member(skb, "rbnode");
  auto sk = btf.find_member(skb, "sk");
  auto tstamp = btf.find_member(skb, "tstamp");
  ASSERT_TRUE(next && dev && dev_scratch && rbnode && sk && tstamp);
  EXPECT_EQ(next->byte_offset(), 0u);
  EXPECT_EQ(dev->byte_offset(), 16u);
  EXPECT_EQ(dev_scratch->byte_offset(), 16u);
  EXPECT_EQ(rbnode->byte_offset(), 0u);
  EXPECT_EQ(sk->byte_offset(), 24u);
  EXPECT_EQ(tstamp->byte_offset(), 32u);
  EXPECT_EQ(btf.type_name(dev->type), "struct net_device *");

  // A bitfield inside an anonymous struct: its bit offset is cumulative too.
  auto pkt_type = btf.find_member(skb, "pkt_type");
  ASSERT_TRUE(pkt_type);
  EXPECT_TRUE(pkt_type->is_bitfield());
  EXPECT_EQ(pkt_type->bitfield_bits, 3u);
  auto cloned = btf.find_member(skb, "cloned");
  ASSERT_TRUE(cloned);
  EXPECT_EQ(cloned->bitfield_bits, 1u);
  EXPECT_GT(pkt_type->bit_offset, cloned->bit_offset);
}

TEST(Btf, EnumeratorsAcrossAllEnums) {
  const Btf& btf = kernel_btf();
  auto established = btf.find_enumerator("TCP_ESTABLISHED");
  ASSERT_TRUE(established);
  EXPECT_EQ(established->value, 1);
  EXPECT_EQ(established->name, "TCP_ESTABLISHED");
  BtfType owner = btf.type(established->enum_type);
  EXPECT_EQ(owner.kind, BtfKind::Enum);

  auto close = btf.find_enumerator("TCP_CLOSE");
  ASSERT_TRUE(close);
  EXPECT_EQ(close->value, 7);
  EXPECT_FALSE(btf.find_enumerator("NO_SUCH_ENUMERATOR_X"));

  auto ca_state = btf.find_type("enum tcp_ca_state");
  ASSERT_TRUE(ca_state);
  std::vector<BtfEnumerator> states = btf.enumerators(*ca_state);
  ASSERT_FALSE(states.empty());
  EXPECT_EQ(states[0].name, "TCP_CA_Open");
  EXPECT_EQ(states[0].value, 0);
}

TEST(Btf, FindTypeUnderstandsCSpellings) {
  const Btf& btf = kernel_btf();
  auto unsigned_long = btf.find_type("unsigned long");
  ASSERT_TRUE(unsigned_long);
  EXPECT_EQ(btf.type(*unsigned_long).size, 8u);
  EXPECT_FALSE(btf.type(*unsigned_long).is_signed);
  EXPECT_EQ(btf.find_type("void"), BtfTypeId{0});
  EXPECT_EQ(btf.type(0).kind, BtfKind::Void);
  EXPECT_TRUE(btf.find_type("union bpf_attr"));
  EXPECT_TRUE(btf.find_type("u64"));
  EXPECT_FALSE(btf.find_type("struct no_such_struct_x"));
  EXPECT_EQ(btf.type(btf.type_count() + 5).kind, BtfKind::Unknown);
}

TEST(Btf, RawTracepointArgsOfSchedSwitch) {
  const Btf& btf = kernel_btf();
  auto args = btf.raw_tracepoint_args("sched_switch");
  ASSERT_TRUE(args);
  ASSERT_EQ(args->size(), 4u);
  EXPECT_EQ((*args)[0].name, "preempt");
  EXPECT_EQ((*args)[1].name, "prev");
  EXPECT_EQ((*args)[2].name, "next");
  EXPECT_EQ((*args)[3].name, "prev_state");
  EXPECT_EQ(btf.type_name((*args)[1].type), "struct task_struct *");
  EXPECT_EQ(btf.type(btf.resolve((*args)[0].type)).is_bool, true);

  EXPECT_FALSE(btf.raw_tracepoint_args("no_such_tracepoint"));
  // An event class name is not a tracepoint.
  EXPECT_FALSE(btf.raw_tracepoint_args("sched_wakeup_template"));
}

TEST(Btf, FunctionPrototypes) {
  const Btf& btf = kernel_btf();
  EXPECT_TRUE(btf.has_function("do_nanosleep"));
  EXPECT_FALSE(btf.has_function("no_such_function_x"));
  auto proto = btf.function("do_nanosleep");
  ASSERT_TRUE(proto);
  ASSERT_EQ(proto->params.size(), 2u);
  EXPECT_EQ(proto->params[0].name, "t");
  EXPECT_EQ(btf.type_name(proto->params[0].type), "struct hrtimer_sleeper *");
  EXPECT_EQ(btf.type_name(proto->return_type), "int");

  auto matches = btf.functions_matching("do_sys_open*");
  EXPECT_FALSE(matches.empty());
  for (std::string_view name : matches)
    EXPECT_EQ(name.substr(0, 11), "do_sys_open");
}

TEST(Btf, TypeNamesReadAsC) {
  const Btf& btf = kernel_btf();
  // sk_buff's destructor: a pointer to a function taking an sk_buff pointer.
  auto destructor = btf.find_member(struct_id("sk_buff"), "destructor");
  ASSERT_TRUE(destructor);
  EXPECT_EQ(btf.type_name(destructor->type), "void (*)(struct sk_buff *)");
  auto file_ops = btf.find_member(struct_id("file_operations"), "read");
  ASSERT_TRUE(file_ops);
  EXPECT_EQ(btf.type_name(file_ops->type), "ssize_t (*)(struct file *, char *, size_t, loff_t *)");
}

TEST(Btf, LoadsARawBtfFile) {
  std::string error;
  auto btf = Btf::load_file("/sys/kernel/btf/vmlinux", error);
  ASSERT_TRUE(btf) << error;
  EXPECT_EQ(btf->type_count(), kernel_btf().type_count());
  EXPECT_EQ(btf->find("task_struct", BtfKind::Struct),
            kernel_btf().find("task_struct", BtfKind::Struct));
}

TEST(Btf, LoadingAMissingFileFails) {
  std::string error;
  EXPECT_FALSE(Btf::load_file("/nonexistent/vmlinux", error));
  EXPECT_NE(error.find("/nonexistent/vmlinux"), std::string::npos);
}

TEST(KernelIdentity, IsStableAndNamesTheBuild) {
  std::string identity = btf_identity();
  EXPECT_EQ(identity, btf_identity());
  EXPECT_NE(identity.find("|btf:"), std::string::npos);
  if (auto build_id = kernel_build_id()) {
    EXPECT_EQ(build_id->size(), 40u); // SHA-1 build ids
    EXPECT_NE(identity.find(*build_id), std::string::npos);
  }
}

} // namespace
} // namespace sonde::kernel
