// SPDX-License-Identifier: GPL-2.0
/* XDP: count IPv6 packets per next-header value in a per-CPU array, after a
 * bounds-checked parse of the Ethernet and IPv6 headers. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} nexthdr_count SEC(".maps");

SEC("xdp")
int xdp_parse_ipv6(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6;
	__u32 key;
	__u64 *cnt;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	ip6 = (void *)(eth + 1);
	if ((void *)(ip6 + 1) > data_end)
		return XDP_PASS;
	key = ip6->nexthdr;
	cnt = bpf_map_lookup_elem(&nexthdr_count, &key);
	if (cnt)
		(*cnt)++;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
