// SPDX-License-Identifier: GPL-2.0
/* cgroup/connect4: redirect TCP connections to 10.0.0.1:80 towards a local
 * proxy on 127.0.0.1:8080 by rewriting the sockaddr. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("cgroup/connect4")
int cgroup_connect4(struct bpf_sock_addr *ctx)
{
	if (ctx->protocol != 6 /* IPPROTO_TCP */)
		return 1;
	if (ctx->user_ip4 == bpf_htonl(0x0a000001) && ctx->user_port == bpf_htons(80)) {
		ctx->user_ip4 = bpf_htonl(0x7f000001);
		ctx->user_port = bpf_htons(8080);
	}
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
