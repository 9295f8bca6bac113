// SPDX-License-Identifier: GPL-2.0
/* kprobe on do_nanosleep: bpf_loop calling a callback that accumulates the
 * loop index into a sum kept in a stack context (the sum is never branched
 * on, so the callback's states converge quickly). */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

struct acc {
	__u64 sum;
};

static long add_index(__u64 i, void *data)
{
	struct acc *a = data;

	a->sum += i;
	return 0;
}

SEC("kprobe/do_nanosleep")
int bpf_loop_callback(struct pt_regs *ctx)
{
	struct acc a = {};

	bpf_loop(1000, add_index, &a, 0);
	return a.sum & 1;
}

char LICENSE[] SEC("license") = "GPL";
