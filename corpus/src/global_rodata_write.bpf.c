// SPDX-License-Identifier: GPL-2.0
/* XDP counting packets. Invalid: the counter is declared const volatile
 * (so it lands in .rodata, a frozen read-only map) and the program writes
 * it through a cast to a non-const volatile pointer. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u64 packets = 0;

SEC("xdp")
int global_rodata_write(struct xdp_md *ctx)
{
	volatile __u64 *p = (volatile __u64 *)&packets;

	*p += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
