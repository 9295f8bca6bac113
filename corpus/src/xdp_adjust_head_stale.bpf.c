// SPDX-License-Identifier: GPL-2.0
/* XDP: strip a 4-byte encapsulation header with bpf_xdp_adjust_head.
 * Invalid: the packet pointer checked before the call is used after it; the
 * helper invalidates every packet pointer. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_adjust_head_stale(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) + 4 > data_end)
		return XDP_DROP;
	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_ABORTED;
	return eth->h_dest[4] & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
