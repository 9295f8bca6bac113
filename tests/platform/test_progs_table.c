/* Static facts of the program-type table, each cited from the Linux 6.18
 * source it mirrors, and the table's own invariants (rows sorted, disjoint,
 * inside the context). No kernel needed. */
#include <criterion/criterion.h>
#include <string.h>

#include "bpfsight/base.h"
#include "bpfsight/platform_progs.h"
#include "bpfsight/uapi.h"

static struct bs_ctx_access acc(uint32_t type, uint32_t attach, int32_t off, int size, bool w)
{
	struct bs_ctx_access a;

	cr_assert_eq(bs_plat_ctx_access(type, attach, off, size, w, &a), BS_OK);
	return a;
}

#define ALLOW(t, at, off, sz, w) cr_assert(acc(t, at, off, sz, w).allowed, #t " " #off "/" #sz)
#define DENY(t, at, off, sz, w) cr_assert(!acc(t, at, off, sz, w).allowed, #t " " #off "/" #sz)
#define YIELDS(t, at, off, sz, v) cr_assert_eq(acc(t, at, off, sz, false).val, BS_CV_##v)

Test(progs_table, every_type_has_a_row)
{
	for (uint32_t t = 1; t <= BS_PROG_NETFILTER; t++) {
		const struct bs_prog_type_info *pt = bs_plat_prog_type(t);

		cr_assert(pt, "type %u", t);
		cr_assert_eq(pt->type, t);
		cr_assert(pt->src && pt->nrets > 0);
		cr_assert_eq(pt->rets[pt->nrets - 1].attach, BS_ANY_ATTACH, "%u: no default", t);
		cr_assert_eq(!!(pt->flags & BS_PT_CTX_BTF), pt->ctx_name == NULL);
	}
	cr_assert_null(bs_plat_prog_type(BS_PROG_UNSPEC));
	cr_assert_null(bs_plat_prog_type(BS_PROG_NETFILTER + 1));
}

/* rows sorted, disjoint, inside the context, well-formed */
Test(progs_table, rows_are_well_formed)
{
	for (uint32_t t = 1; t <= BS_PROG_NETFILTER; t++) {
		const struct bs_prog_type_info *pt = bs_plat_prog_type(t);
		uint32_t end = 0;

		for (uint32_t i = 0; i < pt->nfields; i++) {
			const struct bs_ctx_field *f = &pt->fields[i];
			uint32_t span = f->span ? f->span : f->len;

			cr_assert(f->name && f->len > 0, "%u row %u", t, i);
			cr_assert_geq(f->off, end, "%u: %s overlaps", t, f->name);
			cr_assert_geq(span, f->len, "%u: %s", t, f->name);
			cr_assert_leq(f->off + f->len, pt->ctx_size, "%u: %s outside", t, f->name);
			cr_assert_eq((f->rd | f->wr) & ~0xf, 0);
			cr_assert_lt(f->val, BS_CV__COUNT);
			if (f->val != BS_CV_SCALAR) {
				/* pointers: one load size, never stored */
				cr_assert(f->rd == BS_SZ4 || f->rd == BS_SZ8, "%u: %s", t, f->name);
				cr_assert_eq(f->wr, 0);
			}
			cr_assert_eq(f->val == BS_CV_BTF_ID_TRUSTED, f->btf_name != NULL);
			end = f->off + f->len;
		}
	}
}

/* tc_cls_act_is_valid_access (net/core/filter.c) */
Test(progs_table, tc)
{
	const uint32_t t = BS_PROG_SCHED_CLS;

	YIELDS(t, 0, 76, 4, PKT);          /* data */
	YIELDS(t, 0, 80, 4, PKT_END);      /* data_end */
	YIELDS(t, 0, 140, 4, PKT_META);    /* data_meta */
	YIELDS(t, 0, 168, 8, SOCK_COMMON_OR_NULL);
	cr_assert(acc(t, 0, 76, 4, false).no_ldsx);
	DENY(t, 0, 76, 2, false);          /* pointers: full size only */
	ALLOW(t, 0, 9, 1, false);          /* narrow load of mark */
	cr_assert_eq(acc(t, 0, 10, 2, false).field_size, 4);
	DENY(t, 0, 9, 1, true);            /* stores are 4 bytes */
	ALLOW(t, 0, 8, 4, true);           /* mark */
	ALLOW(t, 0, 12, 4, true);          /* queue_mapping */
	ALLOW(t, 0, 48, 8, true);          /* cb[0..1] */
	ALLOW(t, 0, 56, 8, true);          /* cb[2..3] */
	DENY(t, 0, 64, 8, true);           /* cb[4] + hash: beyond cb */
	ALLOW(t, 0, 180, 1, false);        /* tstamp_type: 1 byte */
	DENY(t, 0, 180, 1, true);
	DENY(t, 0, 88, 4, false);          /* family..local_port */
	DENY(t, 0, 144, 8, false);         /* flow_keys */
	ALLOW(t, 0, 184, 8, false);        /* hwtstamp */
	DENY(t, 0, 184, 8, true);
	DENY(t, 0, 2, 4, false);           /* off % size */
	DENY(t, 0, -4, 4, false);
}

/* cg_skb_is_valid_access, flow_dissector_is_valid_access, sk_skb_... */
Test(progs_table, skb_variants)
{
	YIELDS(BS_PROG_CGROUP_SKB, 0, 76, 4, PKT);
	cr_assert(acc(BS_PROG_CGROUP_SKB, 0, 76, 4, false).cap_bpf);
	DENY(BS_PROG_CGROUP_SKB, 0, 140, 4, false);  /* data_meta */
	ALLOW(BS_PROG_CGROUP_SKB, 1, 152, 8, true);  /* tstamp, CAP_BPF */
	ALLOW(BS_PROG_CGROUP_SKB, 1, 88, 4, false);  /* family */
	DENY(BS_PROG_CGROUP_SKB, 1, 92, 2, false);   /* remote_ip4: 4 bytes only */
	YIELDS(BS_PROG_FLOW_DISSECTOR, 0, 144, 8, FLOW_KEYS);
	DENY(BS_PROG_FLOW_DISSECTOR, 0, 0, 4, false); /* len */
	DENY(BS_PROG_SOCKET_FILTER, 0, 76, 4, false);
	ALLOW(BS_PROG_SOCKET_FILTER, 0, 48, 1, true); /* cb: the only store */
	DENY(BS_PROG_SOCKET_FILTER, 0, 8, 4, true);
	DENY(BS_PROG_SK_SKB, 0, 8, 4, false);         /* mark */
	ALLOW(BS_PROG_SK_SKB, 0, 44, 4, true);        /* tc_index */
	DENY(BS_PROG_SK_SKB, 0, 48, 4, true);         /* cb read-only */
	DENY(BS_PROG_LWT_IN, 0, 152, 8, false);       /* tstamp */
}

/* sock_filter_is_valid_access: attach-type dependent fields */
Test(progs_table, cgroup_sock)
{
	const uint32_t t = BS_PROG_CGROUP_SOCK;

	ALLOW(t, 0, 16, 4, true);   /* mark, attach 0 = SOCK_CREATE */
	ALLOW(t, BS_ATTACH_CGROUP_INET_SOCK_RELEASE, 20, 4, true);
	DENY(t, BS_ATTACH_CGROUP_INET4_POST_BIND, 16, 4, false);
	ALLOW(t, BS_ATTACH_CGROUP_INET4_POST_BIND, 24, 4, false);  /* src_ip4 */
	DENY(t, BS_ATTACH_CGROUP_INET4_POST_BIND, 24, 4, true);
	DENY(t, BS_ATTACH_CGROUP_INET6_POST_BIND, 24, 4, false);
	ALLOW(t, 0, 4, 1, false);   /* family: narrow at its first byte */
	DENY(t, 0, 5, 1, false);    /* ... only */
	ALLOW(t, 0, 49, 1, false);  /* dst_port */
	ALLOW(t, 0, 48, 4, false);
	cr_assert_eq(acc(t, 0, 48, 2, false).field_size, 2);
	DENY(t, 0, 50, 2, false);   /* its padding */
}

/* sock_addr_is_valid_access */
Test(progs_table, sock_addr)
{
	const uint32_t t = BS_PROG_CGROUP_SOCK_ADDR;

	ALLOW(t, BS_ATTACH_CGROUP_INET6_CONNECT, 8, 8, false);   /* wide user_ip6 */
	ALLOW(t, BS_ATTACH_CGROUP_INET6_CONNECT, 16, 8, true);
	DENY(t, BS_ATTACH_CGROUP_INET6_CONNECT, 12, 8, false);
	DENY(t, BS_ATTACH_CGROUP_INET4_CONNECT, 8, 4, false);
	ALLOW(t, BS_ATTACH_CGROUP_INET4_CONNECT, 4, 4, true);
	DENY(t, BS_ATTACH_CGROUP_UNIX_CONNECT, 4, 4, false);
	ALLOW(t, BS_ATTACH_CGROUP_UDP6_SENDMSG, 48, 8, false);   /* msg_src_ip6 */
	DENY(t, BS_ATTACH_CGROUP_UDP6_SENDMSG, 56, 8, false);
	DENY(t, BS_ATTACH_CGROUP_UDP6_RECVMSG, 48, 4, false);
	YIELDS(t, BS_ATTACH_CGROUP_UNIX_CONNECT, 64, 8, SOCKET);
	DENY(t, BS_ATTACH_CGROUP_INET4_BIND, 0, 4, true);        /* user_family */
}

/* sk_lookup_is_valid_access, sk_reuseport_is_valid_access, sock_ops, sk_msg,
 * cg_sockopt_is_valid_access, xdp_is_valid_access */
Test(progs_table, other_contexts)
{
	YIELDS(BS_PROG_SK_LOOKUP, BS_ATTACH_SK_LOOKUP, 0, 8, SOCKET_OR_NULL);
	ALLOW(BS_PROG_SK_LOOKUP, BS_ATTACH_SK_LOOKUP, 36, 4, false);  /* remote_port + pad */
	ALLOW(BS_PROG_SK_LOOKUP, BS_ATTACH_SK_LOOKUP, 38, 2, false);  /* the pad alone */
	DENY(BS_PROG_SK_LOOKUP, BS_ATTACH_SK_LOOKUP, 36, 4, true);
	YIELDS(BS_PROG_SK_REUSEPORT, 0, 48, 8, SOCK_COMMON_OR_NULL);
	YIELDS(BS_PROG_SK_REUSEPORT, 0, 40, 8, SOCKET);
	DENY(BS_PROG_SK_REUSEPORT, 0, 20, 1, false);                  /* eth_protocol >= 2 */
	ALLOW(BS_PROG_SK_REUSEPORT, 0, 22, 2, false);
	YIELDS(BS_PROG_SOCK_OPS, 0, 184, 8, SOCKET_OR_NULL);
	YIELDS(BS_PROG_SOCK_OPS, 0, 192, 8, PKT);
	ALLOW(BS_PROG_SOCK_OPS, 0, 4, 4, true);                       /* reply */
	DENY(BS_PROG_SOCK_OPS, 0, 8, 4, true);                        /* replylong[1] */
	ALLOW(BS_PROG_SOCK_OPS, 0, 212, 1, false);                    /* skb_tcp_flags */
	DENY(BS_PROG_SOCK_OPS, 0, 213, 1, false);
	YIELDS(BS_PROG_SK_MSG, 0, 72, 8, SOCKET);
	YIELDS(BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_SETSOCKOPT, 8, 8, PKT);
	ALLOW(BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_GETSOCKOPT, 36, 4, true);
	DENY(BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_SETSOCKOPT, 36, 4, false);
	ALLOW(BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_SETSOCKOPT, 24, 4, true);
	DENY(BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_GETSOCKOPT, 24, 4, true);
	ALLOW(BS_PROG_XDP, BS_ATTACH_XDP_DEVMAP, 20, 4, false);
	DENY(BS_PROG_XDP, 0, 20, 4, false);
	DENY(BS_PROG_XDP, 0, 16, 4, true);
	YIELDS(BS_PROG_RAW_TRACEPOINT_WRITABLE, 0, 0, 8, TP_BUFFER);
	cr_assert_str_eq(acc(BS_PROG_NETFILTER, BS_ATTACH_NETFILTER, 8, 8, false).field->btf_name,
			 "sk_buff");
}

/* bpf_trace.c: kprobe any aligned size in pt_regs; tracepoint [8, 8192) and
 * negative offsets (the size_t comparison); raw_tp 12 u64 args; perf_event */
Test(progs_table, tracing_contexts)
{
	ALLOW(BS_PROG_KPROBE, 0, 164, 4, false);
	DENY(BS_PROG_KPROBE, 0, 168, 1, false);
	DENY(BS_PROG_KPROBE, 0, 0, 8, true);
	DENY(BS_PROG_TRACEPOINT, 0, 0, 8, false);
	ALLOW(BS_PROG_TRACEPOINT, 0, 8184, 8, false);
	DENY(BS_PROG_TRACEPOINT, 0, 8192, 1, false);
	ALLOW(BS_PROG_TRACEPOINT, 0, -8, 8, false);
	DENY(BS_PROG_TRACEPOINT, 0, -8, 8, true);
	ALLOW(BS_PROG_RAW_TRACEPOINT, 0, 95, 1, false);
	DENY(BS_PROG_RAW_TRACEPOINT, 0, 96, 1, false);
	DENY(BS_PROG_PERF_EVENT, 0, 0, 4, false);       /* regs: sizeof(long) */
	ALLOW(BS_PROG_PERF_EVENT, 0, 172, 4, false);    /* sample_period, narrow */
	cr_assert_eq(acc(BS_PROG_PERF_EVENT, 0, 172, 4, false).field_size, 8);
	ALLOW(BS_PROG_SYSCALL, 0, 65528, 8, true);
	DENY(BS_PROG_SYSCALL, 0, 65535, 1, false);
	ALLOW(BS_PROG_LIRC_MODE2, 0, 0, 4, false);      /* bpf-lirc.c */
	DENY(BS_PROG_LIRC_MODE2, 0, 0, 2, false);
}

Test(progs_table, lookup_errors)
{
	struct bs_ctx_access a;

	cr_assert_eq(bs_plat_ctx_access(BS_PROG_UNSPEC, 0, 0, 4, false, &a), BS_ENOENT);
	cr_assert_eq(bs_plat_ctx_access(BS_PROG_TRACING, 0, 0, 8, false, &a), BS_EINVAL);
	cr_assert_eq(bs_plat_ctx_access(BS_PROG_LSM, 0, 0, 8, false, &a), BS_EINVAL);
	cr_assert_eq(bs_plat_ctx_access(BS_PROG_XDP, 0, 0, 3, false, &a), BS_EINVAL);
	cr_assert_null(bs_plat_ret_range(99, 0));
	cr_assert_null(bs_plat_ctx_val_name(BS_CV__COUNT));
	cr_assert_null(bs_plat_msg(BS_MSG__COUNT));
	for (uint32_t m = 0; m < BS_MSG__COUNT; m++)
		cr_assert(bs_plat_msg(m) && *bs_plat_msg(m));
	cr_assert_str_eq(bs_plat_ctx_val_name(BS_CV_SOCK_COMMON_OR_NULL), "sock_common_or_null");
	cr_assert_str_eq(bs_plat_msg(BS_MSG_CTX_ACCESS), "invalid bpf_context access off=%d size=%d");
}

/* check_return_code(), kernel/bpf/verifier.c: including the types this
 * kernel cannot load without a BTF target */
Test(progs_table, return_ranges)
{
	const struct bs_prog_ret *r;

	r = bs_plat_ret_range(BS_PROG_TRACING, BS_ATTACH_TRACE_FENTRY);
	cr_assert(r->kind == BS_RET_RANGE && r->min == 0 && r->max == 0);
	r = bs_plat_ret_range(BS_PROG_TRACING, BS_ATTACH_TRACE_FEXIT);
	cr_assert(r->kind == BS_RET_RANGE && r->max == 0);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_TRACING, BS_ATTACH_MODIFY_RETURN)->kind,
		     BS_RET_UNCHECKED);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_TRACING, BS_ATTACH_TRACE_ITER)->max, 1);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_TRACING, BS_ATTACH_LSM_MAC)->kind, BS_RET_LOAD_FAILS);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_LSM, BS_ATTACH_LSM_MAC)->kind, BS_RET_FROM_BTF);
	r = bs_plat_ret_range(BS_PROG_LSM, BS_ATTACH_LSM_CGROUP);
	cr_assert(r->kind == BS_RET_RANGE && r->min == 0 && r->max == 1);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_EXT, 0)->kind, BS_RET_UNCHECKED);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_KPROBE, BS_ATTACH_TRACE_KPROBE_SESSION)->max, 1);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_KPROBE, 0)->kind, BS_RET_UNCHECKED);
	r = bs_plat_ret_range(BS_PROG_CGROUP_SKB, BS_ATTACH_CGROUP_INET_EGRESS);
	cr_assert(r->max == 3 && (r->flags & BS_RF_ENFORCE_ATTACH));
	cr_assert_eq(bs_plat_ret_range(BS_PROG_CGROUP_SKB, BS_ATTACH_CGROUP_INET_INGRESS)->max, 1);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_BIND)->max, 3);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_CGROUP_SOCK_ADDR,
				       BS_ATTACH_CGROUP_UNIX_RECVMSG)->min, 1);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_XDP, 0)->kind, BS_RET_UNCHECKED);
	cr_assert_eq(bs_plat_ret_range(BS_PROG_SK_LOOKUP, BS_ATTACH_SK_LOOKUP)->max, 1);
}

/* bpf_prog_load_check_attach, is_net_admin_prog_type, is_perfmon_prog_type,
 * may_access_direct_pkt_data, may_access_skb, resolve_prog_type */
Test(progs_table, type_flags)
{
	cr_assert(bs_plat_attach_ok(BS_PROG_CGROUP_SOCK, 0));      /* fixed up to SOCK_CREATE */
	cr_assert(!bs_plat_attach_ok(BS_PROG_CGROUP_SOCK_ADDR, 0));
	cr_assert(bs_plat_attach_ok(BS_PROG_SK_REUSEPORT, 0));
	cr_assert(!bs_plat_attach_ok(BS_PROG_EXT, 1));
	cr_assert(bs_plat_attach_ok(BS_PROG_XDP, 63));
	cr_assert(!bs_plat_attach_ok(BS_PROG_NETFILTER, 0));
	cr_assert(!bs_plat_attach_ok(77, 0));
	for (uint32_t t = 1; t <= BS_PROG_NETFILTER; t++) {
		uint32_t f = bs_plat_prog_type(t)->flags;

		cr_assert_eq(!(f & BS_PT_CAP_BPF),
			     t == BS_PROG_SOCKET_FILTER || t == BS_PROG_CGROUP_SKB, "%u", t);
		cr_assert_eq(!!(f & BS_PT_LD_ABS), t == BS_PROG_SOCKET_FILTER ||
			     t == BS_PROG_SCHED_CLS || t == BS_PROG_SCHED_ACT, "%u", t);
		if (f & BS_PT_PKT_WRITE)
			cr_assert(f & BS_PT_PKT);
	}
	cr_assert(bs_plat_prog_type(BS_PROG_CGROUP_SOCKOPT)->flags & BS_PT_PKT_WRITE);
	cr_assert(!(bs_plat_prog_type(BS_PROG_LWT_IN)->flags & BS_PT_PKT_WRITE));
	cr_assert(!(bs_plat_prog_type(BS_PROG_SOCK_OPS)->flags & BS_PT_PKT));
	cr_assert(bs_plat_prog_type(BS_PROG_NETFILTER)->flags & BS_PT_CAP_NET_ADMIN);
	cr_assert(!(bs_plat_prog_type(BS_PROG_SK_REUSEPORT)->flags & BS_PT_CAP_NET_ADMIN));
	cr_assert(bs_plat_prog_type(BS_PROG_EXT)->flags & BS_PT_CAP_PERFMON);
	cr_assert_eq(bs_plat_resolve_prog_type(BS_PROG_EXT, BS_PROG_XDP), BS_PROG_XDP);
	cr_assert_eq(bs_plat_resolve_prog_type(BS_PROG_XDP, BS_PROG_KPROBE), BS_PROG_XDP);
}
