// SPDX-License-Identifier: GPL-2.0
/* XDP program ported from TC that still copies packet bytes with
 * bpf_skb_load_bytes. Invalid: that helper takes an sk_buff and is not
 * available to XDP (bpf_xdp_load_bytes is its XDP counterpart). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int helper_wrong_prog_type(struct xdp_md *ctx)
{
	__u8 mac[6];

	if (bpf_skb_load_bytes(ctx, 0, mac, sizeof(mac)))
		return XDP_PASS;
	return mac[0] & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
