// SPDX-License-Identifier: GPL-2.0
/* sockops: on established connections enable the RTT callback, and answer
 * BPF_SOCK_OPS_TIMEOUT_INIT with a custom SYN RTO via ctx->reply. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("sockops")
int sockops_cb_flags(struct bpf_sock_ops *skops)
{
	switch (skops->op) {
	case BPF_SOCK_OPS_TIMEOUT_INIT:
		skops->reply = 10;
		break;
	case BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB:
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		bpf_sock_ops_cb_flags_set(skops, BPF_SOCK_OPS_RTT_CB_FLAG);
		break;
	}
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
