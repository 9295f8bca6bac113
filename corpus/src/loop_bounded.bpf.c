// SPDX-License-Identifier: GPL-2.0
/* XDP: a simple checksum over the first 16 16-bit words of the packet in a
 * for loop with a constant bound (no unrolling), each access bounds-checked. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int loop_bounded(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u16 *w = data;
	__u32 sum = 0;

#pragma clang loop unroll(disable)
	for (int i = 0; i < 16; i++) {
		if ((void *)(w + i + 1) > data_end)
			break;
		sum += w[i];
	}
	return sum & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
