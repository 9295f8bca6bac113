// SPDX-License-Identifier: GPL-2.0
/* sockops that tries to rewrite the operation code. Invalid: of
 * bpf_sock_ops only reply/replylong, sk_txhash and the bpf_sock_ops_cb
 * fields may be written; op is read-only. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("sockops")
int sockops_write_op(struct bpf_sock_ops *skops)
{
	skops->op = BPF_SOCK_OPS_VOID;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
