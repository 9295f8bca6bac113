// SPDX-License-Identifier: GPL-2.0
/* XDP waiting for a flag in a global variable to change. Invalid: nothing
 * in the loop changes the state the verifier sees, so it detects an
 * infinite loop (busy-waiting is not possible in BPF). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

volatile int ready;

SEC("xdp")
int loop_infinite(struct xdp_md *ctx)
{
	volatile int spin = 0;

	while (!spin)
		;
	return ready ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
