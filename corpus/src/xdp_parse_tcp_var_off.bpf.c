// SPDX-License-Identifier: GPL-2.0
/* XDP: skip a TLV option whose length is a 32-bit field of the packet and
 * read the byte after it. Invalid: the variable offset is not bounded before
 * it is added to the packet pointer (the verifier needs it below 64 KiB). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_parse_tcp_var_off(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 *len = data + sizeof(struct ethhdr);
	__u8 *p;

	if ((void *)(len + 1) > data_end)
		return XDP_PASS;
	p = (void *)(len + 1) + *len;
	if ((void *)(p + 1) > data_end)
		return XDP_PASS;
	return *p == 0xff ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
