// SPDX-License-Identifier: GPL-2.0
/* TC with a global function that bumps a counter through a pointer
 * argument. Invalid: a global function is verified alone, so its pointer
 * argument may be NULL, and it dereferences it without a check (the caller
 * passing a checked map value does not help). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counter SEC(".maps");

__attribute__((noinline)) int bump(__u64 *c)
{
	*c += 1;
	return 0;
}

SEC("tc")
int global_func_map_value(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *c = bpf_map_lookup_elem(&counter, &key);

	if (c)
		bump(c);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
