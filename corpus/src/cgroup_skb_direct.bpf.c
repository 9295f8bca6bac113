// SPDX-License-Identifier: GPL-2.0
/* cgroup_skb ingress: drop IPv4 packets with TTL 0 by reading the network
 * header directly (cgroup_skb packets start at the IP header). */
#include <linux/bpf.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup_skb/ingress")
int cgroup_skb_direct(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;

	if ((void *)(ip + 1) > data_end)
		return 1;
	return ip->version == 4 && ip->ttl == 0 ? 0 : 1;
}

char LICENSE[] SEC("license") = "GPL";
