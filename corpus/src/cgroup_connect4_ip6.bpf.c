// SPDX-License-Identifier: GPL-2.0
/* cgroup/connect4 copied from a connect6 program. Invalid: it reads
 * user_ip6, which only the IPv6 attach points may access. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("cgroup/connect4")
int cgroup_connect4_ip6(struct bpf_sock_addr *ctx)
{
	return ctx->user_ip6[3] != 0;
}

char LICENSE[] SEC("license") = "GPL";
