// SPDX-License-Identifier: GPL-2.0
/* XDP: drop IPv4 packets to a blocked destination. Invalid: the bounds
 * check covers one byte less than the IPv4 header (off by one), so the
 * last byte of daddr is outside the checked range. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_parse_ipv4_off_by_one(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)ip + sizeof(*ip) - 1 > data_end)
		return XDP_PASS;
	if (ip->daddr == bpf_htonl(0x0a000001))
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
