/* cgroup contexts of kernel/bpf/cgroup.c (Linux 6.18): bpf_cgroup_dev_ctx
 * (cgroup_dev_is_valid_access), bpf_sysctl (sysctl_is_valid_access),
 * bpf_sockopt (cg_sockopt_is_valid_access). Offsets: vmlinux BTF. */
#include "ctx_priv.h"

const struct bs_ctx_field bs_ctx_cg_dev[] = {
	R("access_type", 0, 4, SZ_N),
	R("major", 4, 4, BS_SZ4),
	R("minor", 8, 4, BS_SZ4),
};

const struct bs_ctx_field bs_ctx_sysctl[] = {
	R("write", 0, 4, SZ_N),
	RW("file_pos", 4, 4, SZ_N, BS_SZ4),
};

/* retval: only getsockopt programs; level/optname written only by
 * setsockopt programs; optval..optval_end is the packet. */
const struct bs_ctx_field bs_ctx_sockopt[] = {
	P("sk", 0, 8, BS_SZ8, SOCKET, 0),
	P("optval", 8, 8, BS_SZ8, PKT, 0),
	P("optval_end", 16, 8, BS_SZ8, PKT_END, 0),
	{ .name = "level", .off = 24, .len = 4, .rd = BS_SZ4, .wr = BS_SZ4,
	  .wr_attach = AT(CGROUP_SETSOCKOPT) },
	{ .name = "optname", .off = 28, .len = 4, .rd = BS_SZ4, .wr = BS_SZ4,
	  .wr_attach = AT(CGROUP_SETSOCKOPT) },
	RW("optlen", 32, 4, BS_SZ4, BS_SZ4),
	{ .name = "retval", .off = 36, .len = 4, .rd = BS_SZ4, .wr = BS_SZ4,
	  .rd_attach = AT(CGROUP_GETSOCKOPT), .wr_attach = AT(CGROUP_GETSOCKOPT) },
};
