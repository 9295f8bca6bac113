// SPDX-License-Identifier: GPL-2.0
/* tp_btf on sched_process_wait: its struct pid argument is read without a
 * NULL check. Linux 6.12 listed it in raw_tp_null_args (the read was
 * refused); 6.18 no longer does, and accepts the read. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 level;

SEC("tp_btf/sched_process_wait")
int BPF_PROG(tp_btf_wait_unchecked, struct pid *pid)
{
	level = pid->level;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
