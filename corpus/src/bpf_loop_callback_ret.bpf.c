// SPDX-License-Identifier: GPL-2.0
/* kprobe on do_nanosleep: bpf_loop with a countdown callback. Invalid: the
 * callback returns -1 to stop, but bpf_loop callbacks must return 0
 * (continue) or 1 (stop). */
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
		return -1;
	c->left--;
	c->steps++;
	return 0;
}

SEC("kprobe/do_nanosleep")
int bpf_loop_callback_ret(struct pt_regs *ctx)
{
	struct countdown c = { .left = bpf_get_prandom_u32() & 0xff };

	bpf_loop(1000, step, &c, 0);
	return c.steps > 100;
}

char LICENSE[] SEC("license") = "GPL";
