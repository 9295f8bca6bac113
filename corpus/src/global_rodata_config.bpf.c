// SPDX-License-Identifier: GPL-2.0
/* XDP: drop packets to a configured destination MAC prefix. The prefix and
 * an enable flag are const volatile globals (.rodata) that the loader sets
 * before load; a .bss counter records the drops. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

const volatile __u8 block_oui[3] = { 0x02, 0x00, 0x5e };
const volatile int enabled = 1;
__u64 dropped;

SEC("xdp")
int global_rodata_config(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if (!enabled || (void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_dest[0] != block_oui[0] || eth->h_dest[1] != block_oui[1] ||
	    eth->h_dest[2] != block_oui[2])
		return XDP_PASS;
	__sync_fetch_and_add(&dropped, 1);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
