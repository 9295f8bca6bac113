// SPDX-License-Identifier: GPL-2.0
/* cgroup/connect6: refuse connections to the IPv6 loopback address on
 * port 25. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("cgroup/connect6")
int cgroup_connect6(struct bpf_sock_addr *ctx)
{
	if (ctx->user_ip6[0] == 0 && ctx->user_ip6[1] == 0 && ctx->user_ip6[2] == 0 &&
	    ctx->user_ip6[3] == bpf_htonl(1) && ctx->user_port == bpf_htons(25))
		return 0;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
