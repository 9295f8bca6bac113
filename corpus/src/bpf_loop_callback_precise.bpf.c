// SPDX-License-Identifier: GPL-2.0
/* kprobe on do_nanosleep: bpf_loop calling a callback that counts down a
 * value in the stack context and stops early (returns 1) at zero. Looks
 * fine, but the verifier rejects it: the step count is compared after the
 * loop, so it is precise, every callback iteration is a new state and the
 * 1000 iterations exceed the 1M-instruction budget. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

struct countdown {
	__u64 left;
	__u64 steps;
};

static long step(__u64 i, void *data)
{
	struct countdown *c = data;

	if (c->left == 0)
		return 1;
	c->left--;
	c->steps++;
	return 0;
}

SEC("kprobe/do_nanosleep")
int bpf_loop_callback_precise(struct pt_regs *ctx)
{
	struct countdown c = { .left = bpf_get_prandom_u32() & 0xff };

	bpf_loop(1000, step, &c, 0);
	return c.steps > 100;
}

char LICENSE[] SEC("license") = "GPL";
