/* The program-type table of the Linux platform (Linux 6.18) and the lookups
 * the verifier needs: ctx access (check_ctx_access + is_valid_access),
 * return range (check_return_code), attach types accepted at load
 * (bpf_prog_load_check_attach). Rows are data; each says what it mirrors. */
#include <stddef.h>

#include "bpfsight/base.h"
#include "ctx_priv.h"

#define CAP_NET (BS_PT_CAP_BPF | BS_PT_CAP_NET_ADMIN)
#define CAP_PERF (BS_PT_CAP_BPF | BS_PT_CAP_PERFMON)
#define PKT_RO BS_PT_PKT
#define PKT_RW (BS_PT_PKT | BS_PT_PKT_WRITE)
#define TC BS_PT_TAIL_CALL
#define ANY BS_PT_ATTACH_ANY

/* ---- return values: check_return_code(), kernel/bpf/verifier.c ---------- */
#define UNCHECKED { .attach = BS_ANY_ATTACH, .kind = BS_RET_UNCHECKED }
#define RANGE(a, lo, hi) { .attach = (a), .kind = BS_RET_RANGE, .min = (lo), .max = (hi) }

static const struct bs_prog_ret ret_unchecked[] = { UNCHECKED };
/* cgroup_sock, sock_ops, cgroup_device, cgroup_sysctl, cgroup_sockopt,
 * sk_lookup (SK_DROP..SK_PASS), netfilter (NF_DROP..NF_ACCEPT) */
static const struct bs_prog_ret ret_0_1[] = { RANGE(BS_ANY_ATTACH, 0, 1) };
/* egress may return 2/3 (congestion notification); the kernel then marks
 * the program enforce_expected_attach_type */
static const struct bs_prog_ret ret_cg_skb[] = {
	{ .attach = BS_ATTACH_CGROUP_INET_EGRESS, .kind = BS_RET_RANGE, .min = 0, .max = 3,
	  .flags = BS_RF_ENFORCE_ATTACH },
	RANGE(BS_ANY_ATTACH, 0, 1),
};
static const struct bs_prog_ret ret_sock_addr[] = {
	RANGE(BS_ATTACH_CGROUP_UDP4_RECVMSG, 1, 1),
	RANGE(BS_ATTACH_CGROUP_UDP6_RECVMSG, 1, 1),
	RANGE(BS_ATTACH_CGROUP_UNIX_RECVMSG, 1, 1),
	RANGE(BS_ATTACH_CGROUP_INET4_GETPEERNAME, 1, 1),
	RANGE(BS_ATTACH_CGROUP_INET6_GETPEERNAME, 1, 1),
	RANGE(BS_ATTACH_CGROUP_UNIX_GETPEERNAME, 1, 1),
	RANGE(BS_ATTACH_CGROUP_INET4_GETSOCKNAME, 1, 1),
	RANGE(BS_ATTACH_CGROUP_INET6_GETSOCKNAME, 1, 1),
	RANGE(BS_ATTACH_CGROUP_UNIX_GETSOCKNAME, 1, 1),
	RANGE(BS_ATTACH_CGROUP_INET4_BIND, 0, 3),
	RANGE(BS_ATTACH_CGROUP_INET6_BIND, 0, 3),
	RANGE(BS_ANY_ATTACH, 0, 1),
};
static const struct bs_prog_ret ret_kprobe[] = {
	RANGE(BS_ATTACH_TRACE_KPROBE_SESSION, 0, 1),
	RANGE(BS_ATTACH_TRACE_UPROBE_SESSION, 0, 1),
	UNCHECKED,
};
static const struct bs_prog_ret ret_tracing[] = {
	RANGE(BS_ATTACH_TRACE_FENTRY, 0, 0),
	RANGE(BS_ATTACH_TRACE_FEXIT, 0, 0),
	{ .attach = BS_ATTACH_TRACE_RAW_TP, .kind = BS_RET_UNCHECKED },
	{ .attach = BS_ATTACH_MODIFY_RETURN, .kind = BS_RET_UNCHECKED },
	RANGE(BS_ATTACH_TRACE_ITER, 0, 1),
	{ .attach = BS_ANY_ATTACH, .kind = BS_RET_LOAD_FAILS },
};
/* LSM_CGROUP: [0, 1], or [1, 1] for void hooks (needs the hook's BTF) */
static const struct bs_prog_ret ret_lsm[] = {
	RANGE(BS_ATTACH_LSM_CGROUP, 0, 1),
	{ .attach = BS_ANY_ATTACH, .kind = BS_RET_FROM_BTF },
};
/* void struct_ops members skip the R0 check; the others are unchecked too */
static const struct bs_prog_ret ret_struct_ops[] = {
	{ .attach = BS_ANY_ATTACH, .kind = BS_RET_FROM_BTF },
};

#define RETS(a) .rets = a, .nrets = COUNT(a)
#define CTX(nm, t, sz) .ctx_name = nm, .ctx_size = sz, .fields = t, .nfields = COUNT(t)

/* expected_attach_type values of bpf_prog_load_check_attach(), syscall.c */
#define SOCK_ATTACH (AT(CGROUP_INET_SOCK_CREATE) | AT(CGROUP_INET_SOCK_RELEASE) | \
		     AT(CGROUP_INET4_POST_BIND) | AT(CGROUP_INET6_POST_BIND))
#define SOCK_ADDR_ATTACH (AT(CGROUP_INET4_BIND) | AT(CGROUP_INET6_BIND) | \
	AT(CGROUP_INET4_CONNECT) | AT(CGROUP_INET6_CONNECT) | AT(CGROUP_UNIX_CONNECT) | \
	AT(CGROUP_INET4_GETPEERNAME) | AT(CGROUP_INET6_GETPEERNAME) | \
	AT(CGROUP_UNIX_GETPEERNAME) | AT(CGROUP_INET4_GETSOCKNAME) | \
	AT(CGROUP_INET6_GETSOCKNAME) | AT(CGROUP_UNIX_GETSOCKNAME) | AT(CGROUP_UDP4_SENDMSG) | \
	AT(CGROUP_UDP6_SENDMSG) | AT(CGROUP_UNIX_SENDMSG) | AT(CGROUP_UDP4_RECVMSG) | \
	AT(CGROUP_UDP6_RECVMSG) | AT(CGROUP_UNIX_RECVMSG))

static const struct bs_prog_type_info prog_types[] = {
	{ .type = BS_PROG_SOCKET_FILTER, CTX("struct __sk_buff", bs_ctx_sk_filter, 192),
	  RETS(ret_unchecked), .default_attach = -1, .flags = BS_PT_LD_ABS | TC | ANY,
	  .src = "sk_filter_is_valid_access (net/core/filter.c); loadable without CAP_BPF" },
	{ .type = BS_PROG_KPROBE, CTX("struct pt_regs", bs_ctx_kprobe, 168), RETS(ret_kprobe),
	  .default_attach = -1, .flags = CAP_PERF | TC | ANY,
	  .src = "kprobe_prog_is_valid_access (kernel/trace/bpf_trace.c)" },
	{ .type = BS_PROG_SCHED_CLS, CTX("struct __sk_buff", bs_ctx_tc, 192), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_NET | PKT_RW | BS_PT_LD_ABS | TC | ANY,
	  .src = "tc_cls_act_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_SCHED_ACT, CTX("struct __sk_buff", bs_ctx_tc, 192), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_NET | PKT_RW | BS_PT_LD_ABS | TC | ANY,
	  .src = "tc_cls_act_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_TRACEPOINT, CTX("tracepoint record", bs_ctx_tracepoint, 8192),
	  RETS(ret_unchecked), .default_attach = -1, .flags = CAP_PERF | TC | ANY | BS_PT_NEG_OFF_READ,
	  .src = "tp_prog_is_valid_access (kernel/trace/bpf_trace.c), PERF_MAX_TRACE_SIZE" },
	{ .type = BS_PROG_XDP, CTX("struct xdp_md", bs_ctx_xdp, 24), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_NET | PKT_RW | TC | ANY,
	  .src = "xdp_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_PERF_EVENT, CTX("struct bpf_perf_event_data", bs_ctx_perf_event, 184),
	  RETS(ret_unchecked), .default_attach = -1, .flags = CAP_PERF | TC | ANY,
	  .src = "pe_prog_is_valid_access (kernel/trace/bpf_trace.c)" },
	{ .type = BS_PROG_CGROUP_SKB, CTX("struct __sk_buff", bs_ctx_cg_skb, 192), RETS(ret_cg_skb),
	  .attach_ok = AT(CGROUP_INET_INGRESS) | AT(CGROUP_INET_EGRESS), .default_attach = -1,
	  .flags = PKT_RO | TC,
	  .src = "cg_skb_is_valid_access (net/core/filter.c); loadable without CAP_BPF" },
	{ .type = BS_PROG_CGROUP_SOCK, CTX("struct bpf_sock", bs_ctx_sock, 80), RETS(ret_0_1),
	  .attach_ok = SOCK_ATTACH, .default_attach = BS_ATTACH_CGROUP_INET_SOCK_CREATE,
	  .flags = CAP_NET | TC, .src = "sock_filter_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_LWT_IN, CTX("struct __sk_buff", bs_ctx_lwt, 192), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_NET | PKT_RO | TC | ANY,
	  .src = "lwt_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_LWT_OUT, CTX("struct __sk_buff", bs_ctx_lwt, 192), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_NET | PKT_RO | TC | ANY,
	  .src = "lwt_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_LWT_XMIT, CTX("struct __sk_buff", bs_ctx_lwt, 192), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_NET | PKT_RW | TC | ANY,
	  .src = "lwt_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_SOCK_OPS, CTX("struct bpf_sock_ops", bs_ctx_sock_ops, 224), RETS(ret_0_1),
	  .default_attach = -1, .flags = CAP_NET | TC | ANY,
	  .src = "sock_ops_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_SK_SKB, CTX("struct __sk_buff", bs_ctx_sk_skb, 192), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_NET | PKT_RW | TC | ANY,
	  .src = "sk_skb_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_CGROUP_DEVICE, CTX("struct bpf_cgroup_dev_ctx", bs_ctx_cg_dev, 12),
	  RETS(ret_0_1), .default_attach = -1, .flags = CAP_NET | TC | ANY,
	  .src = "cgroup_dev_is_valid_access (kernel/bpf/cgroup.c)" },
	{ .type = BS_PROG_SK_MSG, CTX("struct sk_msg_md", bs_ctx_sk_msg, 80), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_NET | PKT_RW | TC | ANY,
	  .src = "sk_msg_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_RAW_TRACEPOINT, CTX("struct bpf_raw_tracepoint_args", bs_ctx_raw_tp, 96),
	  RETS(ret_unchecked), .default_attach = -1, .flags = CAP_PERF | TC | ANY,
	  .src = "raw_tp_prog_is_valid_access (kernel/trace/bpf_trace.c)" },
	{ .type = BS_PROG_CGROUP_SOCK_ADDR, CTX("struct bpf_sock_addr", bs_ctx_sock_addr, 72),
	  RETS(ret_sock_addr), .attach_ok = SOCK_ADDR_ATTACH, .default_attach = -1,
	  .flags = CAP_NET | TC, .src = "sock_addr_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_LWT_SEG6LOCAL, CTX("struct __sk_buff", bs_ctx_lwt, 192),
	  RETS(ret_unchecked), .default_attach = -1, .flags = CAP_NET | PKT_RO | TC | ANY,
	  .src = "lwt_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_LIRC_MODE2, CTX("unsigned int sample", bs_ctx_lirc, 4),
	  RETS(ret_unchecked), .default_attach = -1, .flags = BS_PT_CAP_BPF | TC | ANY | BS_PT_KCONFIG,
	  .src = "lirc_mode2_is_valid_access (drivers/media/rc/bpf-lirc.c); source only" },
	{ .type = BS_PROG_SK_REUSEPORT, CTX("struct sk_reuseport_md", bs_ctx_sk_reuseport, 56),
	  RETS(ret_unchecked),
	  .attach_ok = AT(SK_REUSEPORT_SELECT) | AT(SK_REUSEPORT_SELECT_OR_MIGRATE),
	  .default_attach = BS_ATTACH_SK_REUSEPORT_SELECT, .flags = BS_PT_CAP_BPF | PKT_RO | TC,
	  .src = "sk_reuseport_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_FLOW_DISSECTOR, CTX("struct __sk_buff", bs_ctx_flow_dissector, 192),
	  RETS(ret_unchecked), .default_attach = -1, .flags = CAP_NET | PKT_RO | TC | ANY,
	  .src = "flow_dissector_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_CGROUP_SYSCTL, CTX("struct bpf_sysctl", bs_ctx_sysctl, 8), RETS(ret_0_1),
	  .default_attach = -1, .flags = CAP_NET | TC | ANY,
	  .src = "sysctl_is_valid_access (kernel/bpf/cgroup.c)" },
	{ .type = BS_PROG_RAW_TRACEPOINT_WRITABLE,
	  CTX("struct bpf_raw_tracepoint_args", bs_ctx_raw_tp_w, 96), RETS(ret_unchecked),
	  .default_attach = -1, .flags = CAP_PERF | TC | ANY,
	  .src = "raw_tp_writable_prog_is_valid_access (kernel/trace/bpf_trace.c)" },
	{ .type = BS_PROG_CGROUP_SOCKOPT, CTX("struct bpf_sockopt", bs_ctx_sockopt, 40),
	  RETS(ret_0_1), .attach_ok = AT(CGROUP_SETSOCKOPT) | AT(CGROUP_GETSOCKOPT),
	  .default_attach = -1, .flags = CAP_NET | PKT_RW | TC,
	  .src = "cg_sockopt_is_valid_access (kernel/bpf/cgroup.c)" },
	{ .type = BS_PROG_TRACING, RETS(ret_tracing), .default_attach = -1,
	  .flags = CAP_PERF | TC | ANY | BS_PT_CTX_BTF | BS_PT_NEEDS_BTF_ID,
	  .src = "tracing_prog_is_valid_access -> btf_ctx_access (kernel/bpf/btf.c); source only" },
	{ .type = BS_PROG_STRUCT_OPS, RETS(ret_struct_ops), .default_attach = -1,
	  .flags = CAP_PERF | TC | ANY | BS_PT_CTX_BTF | BS_PT_NEEDS_BTF_ID,
	  .src = "bpf_struct_ops_is_valid_access -> btf_ctx_access; source only" },
	{ .type = BS_PROG_EXT, RETS(ret_unchecked), .attach_ok = 1, .default_attach = -1,
	  .flags = CAP_NET | BS_PT_CAP_PERFMON | BS_PT_CTX_BTF | BS_PT_NEEDS_BTF_ID,
	  .src = "checked as its target (resolve_prog_type); source only" },
	{ .type = BS_PROG_LSM, RETS(ret_lsm), .default_attach = -1,
	  .flags = CAP_PERF | TC | ANY | BS_PT_CTX_BTF | BS_PT_NEEDS_BTF_ID,
	  .src = "bpf_lsm_is_valid_access -> btf_ctx_access (kernel/bpf/bpf_lsm.c); source only" },
	{ .type = BS_PROG_SK_LOOKUP, CTX("struct bpf_sk_lookup", bs_ctx_sk_lookup, 72),
	  RETS(ret_0_1), .attach_ok = AT(SK_LOOKUP), .default_attach = -1,
	  .flags = BS_PT_CAP_BPF | TC, .src = "sk_lookup_is_valid_access (net/core/filter.c)" },
	{ .type = BS_PROG_SYSCALL, CTX("user buffer (ctx_size_in)", bs_ctx_syscall, 65535),
	  RETS(ret_unchecked), .attach_ok = 1, .default_attach = -1,
	  .flags = BS_PT_CAP_BPF | TC | BS_PT_SLEEPABLE,
	  .src = "syscall_prog_is_valid_access (kernel/bpf/syscall.c)" },
	{ .type = BS_PROG_NETFILTER, CTX("struct bpf_nf_ctx", bs_ctx_netfilter, 16), RETS(ret_0_1),
	  .attach_ok = AT(NETFILTER), .default_attach = -1, .flags = CAP_NET | TC,
	  .src = "nf_is_valid_access (net/netfilter/nf_bpf_link.c)" },
};

const struct bs_prog_type_info *bs_plat_prog_type(uint32_t prog_type)
{
	for (size_t i = 0; i < sizeof(prog_types) / sizeof(prog_types[0]); i++)
		if (prog_types[i].type == prog_type)
			return &prog_types[i];
	return NULL;
}

uint32_t bs_plat_resolve_prog_type(uint32_t prog_type, uint32_t target_type)
{
	return prog_type == BS_PROG_EXT && target_type ? target_type : prog_type;
}

bool bs_plat_attach_ok(uint32_t prog_type, uint32_t attach_type)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(prog_type);

	if (!pt)
		return false;
	if (pt->flags & BS_PT_ATTACH_ANY)
		return true;
	if (attach_type == 0 && pt->default_attach >= 0)
		attach_type = (uint32_t)pt->default_attach;
	return attach_type < 64 && (pt->attach_ok >> attach_type & 1);
}

/* requires: off already inside [f->off, f->off + f->len) (START_ONLY: == f->off) */
static bool row_allows(const struct bs_ctx_field *f, uint32_t attach, uint32_t o, int size,
		       bool write)
{
	uint8_t sizes = write ? f->wr : f->rd;
	uint64_t at = write ? f->wr_attach : f->rd_attach;
	uint32_t span = f->span ? f->span : f->len;

	if (!(sizes & BS_SZ(size)))
		return false;
	if (at && (attach >= 64 || !(at >> attach & 1)))
		return false;
	return (uint64_t)o + (uint32_t)size <= (uint64_t)f->off + span;
}

/* mirrors check_ctx_access() (kernel/bpf/verifier.c) calling the type's
 * is_valid_access; every 6.18 callback rejects off % size != 0 */
int bs_plat_ctx_access(uint32_t prog_type, uint32_t attach_type, int32_t off, int size,
		       bool write, struct bs_ctx_access *out)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(prog_type);

	*out = (struct bs_ctx_access){ .val = BS_CV_SCALAR };
	if (!pt)
		return BS_ENOENT;
	if ((pt->flags & BS_PT_CTX_BTF) || BS_SZ(size) == 0)
		return BS_EINVAL;
	if (attach_type == 0 && pt->default_attach >= 0)
		attach_type = (uint32_t)pt->default_attach;
	if (off % size)
		return BS_OK;
	if (off < 0) {
		out->allowed = !write && (pt->flags & BS_PT_NEG_OFF_READ);
		return BS_OK;
	}
	for (uint32_t i = 0; i < pt->nfields; i++) {
		const struct bs_ctx_field *f = &pt->fields[i];
		uint32_t o = (uint32_t)off;

		if (o < f->off || o >= f->off + ((f->flags & BS_CF_START_ONLY) ? 1 : f->len))
			continue;
		out->field = f;
		out->allowed = row_allows(f, attach_type, o, size, write);
		if (out->allowed && !write) {
			out->val = f->val;
			out->field_size = f->field_size;
			out->no_ldsx = (f->flags & BS_CF_NO_LDSX) != 0;
		}
		out->cap_bpf = (f->flags & BS_CF_CAP_BPF) != 0;
		return BS_OK;
	}
	return BS_OK;
}

const struct bs_prog_ret *bs_plat_ret_range(uint32_t prog_type, uint32_t attach_type)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(prog_type);

	if (!pt)
		return NULL;
	for (uint32_t i = 0; i < pt->nrets; i++)
		if (pt->rets[i].attach == attach_type || pt->rets[i].attach == BS_ANY_ATTACH)
			return &pt->rets[i];
	return NULL;
}

static const char *const val_names[] = {
#define X(n, s) s,
	BS_CTX_VAL_LIST(X)
#undef X
};

const char *bs_plat_ctx_val_name(uint32_t val)
{
	return val < BS_CV__COUNT ? val_names[val] : NULL;
}

static const char *const msgs[] = {
#define X(n, s) s,
	BS_PLAT_MSG_LIST(X)
#undef X
};

const char *bs_plat_msg(uint32_t msg)
{
	return msg < BS_MSG__COUNT ? msgs[msg] : NULL;
}
