// SPDX-License-Identifier: GPL-2.0
/* kprobe on do_exit reading the command name. Invalid: the size passed to
 * bpf_get_current_comm (TASK_COMM_LEN, 16) is larger than the 8-byte stack
 * buffer it fills. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_exit")
int kprobe_comm_too_small(struct pt_regs *ctx)
{
	char comm[8];

	bpf_get_current_comm(comm, 16);
	return comm[0] == 's';
}

char LICENSE[] SEC("license") = "GPL";
