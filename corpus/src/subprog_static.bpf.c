// SPDX-License-Identifier: GPL-2.0
/* XDP with static noinline subprograms: one parses the Ethernet header
 * and returns the protocol through a pointer to the caller's stack, one
 * classifies it; both are verified in the caller's context. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

static __attribute__((noinline)) int parse_eth(void *data, void *data_end, __u16 *proto)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return -1;
	*proto = bpf_ntohs(eth->h_proto);
	return 0;
}

static __attribute__((noinline)) int verdict_for(__u16 proto)
{
	return proto == ETH_P_IP || proto == ETH_P_IPV6 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int subprog_static(struct xdp_md *ctx)
{
	__u16 proto = 0;

	if (parse_eth((void *)(long)ctx->data, (void *)(long)ctx->data_end, &proto))
		return XDP_DROP;
	return verdict_for(proto);
}

char LICENSE[] SEC("license") = "GPL";
