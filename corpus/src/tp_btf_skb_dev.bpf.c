// SPDX-License-Identifier: GPL-2.0
/* tp_btf on kfree_skb: skb->dev sits in a union of several members, so the
 * pointer loaded through it is untrusted (btf_struct_walk); reading through
 * it is still allowed. Also a bitfield (pkt_type) and an array element
 * (the device name). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 ifindex, pkt_type, name0;

SEC("tp_btf/kfree_skb")
int BPF_PROG(tp_btf_skb_dev, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	struct net_device *dev = skb->dev;

	pkt_type = skb->pkt_type;
	if (dev) {
		ifindex = dev->ifindex;
		name0 = dev->name[3];
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
