// SPDX-License-Identifier: GPL-2.0
/* TC classifier dispatching through a program array with bpf_tail_call:
 * the entry program jumps to the handler for the packet's protocol slot and
 * falls back to TC_ACT_OK when the slot is empty. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jmp_table SEC(".maps");

SEC("tc")
int tc_handle_ipv4(struct __sk_buff *skb)
{
	skb->mark = 4;
	return TC_ACT_OK;
}

SEC("tc")
int tc_tail_call(struct __sk_buff *skb)
{
	__u32 slot = skb->protocol == bpf_htons(0x0800) ? 0 : 1;

	bpf_tail_call(skb, &jmp_table, slot);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
