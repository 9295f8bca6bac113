// SPDX-License-Identifier: GPL-2.0
/* tp_btf: an 8-byte load at comm[12] runs past the end of the 16-byte
 * array (the kernel: "access beyond the end of member comm (mend:...)"),
 * while the same load at comm[8] is fine. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 tail, past;

SEC("tp_btf/sched_switch")
int tp_btf_member_end(__u64 *ctx)
{
	struct task_struct *next = (void *)ctx[2];

	tail = *(volatile __u64 *)((char *)next->comm + 8);
	past = *(volatile __u64 *)((char *)next->comm + 12);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
