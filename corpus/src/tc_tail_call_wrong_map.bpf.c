// SPDX-License-Identifier: GPL-2.0
/* TC classifier dispatching with bpf_tail_call. Invalid: the map passed is
 * a plain array, not a BPF_MAP_TYPE_PROG_ARRAY. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jmp_table SEC(".maps");

SEC("tc")
int tc_tail_call_wrong_map(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jmp_table, 0);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
