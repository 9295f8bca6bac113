// SPDX-License-Identifier: GPL-2.0
/* TC classifier: redirect every packet to the interface index found in an
 * array map (configured from user space), or let it pass when unset. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} target_ifindex SEC(".maps");

SEC("tc")
int tc_redirect(struct __sk_buff *skb)
{
	__u32 key = 0, *ifindex;

	ifindex = bpf_map_lookup_elem(&target_ifindex, &key);
	if (!ifindex || !*ifindex)
		return TC_ACT_OK;
	return bpf_redirect(*ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
