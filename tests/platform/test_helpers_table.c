/* Static checks of the helper table: facts of single prototypes quoted from
 * the kernel source (file named at each test), the kernel's own sanity rules
 * for every prototype (check_func_proto(), kernel/bpf/verifier.c), the
 * variant chosen per program type, and the per-helper verifier facts. */
#include <criterion/criterion.h>
#include <string.h>

#include "bpfsight/platform_helpers.h"
#include "bpfsight/uapi.h"

static const struct bs_helper_proto *proto(uint32_t type, uint32_t eat, int32_t id)
{
	return bs_plat_helper_proto(type, eat, id);
}

static void expect_sym(uint32_t type, uint32_t eat, int32_t id, const char *sym)
{
	const struct bs_helper_proto *p = proto(type, eat, id);

	cr_assert_not_null(p, "%s#%d not offered to %s", bs_plat_helper_name(id), id,
			   bs_prog_type_name(type));
	cr_expect_str_eq(p->sym, sym, "%s#%d for %s", bs_plat_helper_name(id), id,
			 bs_prog_type_name(type));
}

/* kernel/bpf/helpers.c: bpf_map_lookup_elem_proto */
Test(helpers_table, map_lookup_elem)
{
	const struct bs_helper_proto *p = proto(BS_PROG_SOCKET_FILTER, 0, BS_FUNC_map_lookup_elem);

	cr_assert_not_null(p);
	cr_expect_eq(p->ret, BS_RET_PTR_TO_MAP_VALUE_OR_NULL);
	cr_expect_eq(p->arg[0], BS_ARG_CONST_MAP_PTR);
	cr_expect_eq(p->arg[1], BS_ARG_PTR_TO_MAP_KEY);
	cr_expect_eq(p->arg[2], 0);
	cr_expect(p->flags & BS_HP_PKT_ACCESS);
	cr_expect(!(p->flags & BS_HP_GPL_ONLY));
	cr_expect_str_eq(p->src, "kernel/bpf/helpers.c");
	/* is_acquire_function(): only with a sockmap/sockhash */
	cr_expect(!bs_plat_helper_is_acquire(BS_FUNC_map_lookup_elem, BS_MAP_HASH));
	cr_expect(bs_plat_helper_is_acquire(BS_FUNC_map_lookup_elem, BS_MAP_SOCKMAP));
	cr_expect(bs_plat_helper_is_acquire(BS_FUNC_map_lookup_elem, BS_MAP_SOCKHASH));
}

/* kernel/bpf/ringbuf.c: reserve acquires, submit/discard release arg 1 */
Test(helpers_table, ringbuf)
{
	const struct bs_helper_proto *r = proto(BS_PROG_KPROBE, 0, BS_FUNC_ringbuf_reserve);
	const struct bs_helper_proto *s = proto(BS_PROG_KPROBE, 0, BS_FUNC_ringbuf_submit);

	cr_assert_not_null(r);
	cr_assert_not_null(s);
	cr_expect_eq(r->ret, BS_PTR_MAYBE_NULL | BS_MEM_RINGBUF | BS_RET_PTR_TO_MEM);
	cr_expect_eq(r->arg[1], BS_ARG_CONST_ALLOC_SIZE_OR_ZERO);
	cr_expect(bs_plat_helper_is_acquire(BS_FUNC_ringbuf_reserve, BS_MAP_RINGBUF));
	cr_expect_eq(s->arg[0], BS_ARG_PTR_TO_RINGBUF_MEM | BS_OBJ_RELEASE);
	cr_expect_eq(bs_plat_helper_release_arg(s), 1);
	cr_expect_eq(bs_plat_helper_release_arg(r), 0);
	cr_expect_eq(bs_plat_helper_map_types(BS_FUNC_ringbuf_reserve), 1ull << BS_MAP_RINGBUF);
}

/* net/core/filter.c: bpf_sk_release_proto */
Test(helpers_table, sk_release_and_lookups)
{
	const struct bs_helper_proto *p = proto(BS_PROG_SCHED_CLS, 0, BS_FUNC_sk_release);

	cr_assert_not_null(p);
	cr_expect_eq(p->arg[0], BS_ARG_PTR_TO_BTF_ID_SOCK_COMMON | BS_OBJ_RELEASE);
	cr_expect_eq(bs_plat_helper_release_arg(p), 1);
	/* per-type variants of the socket lookups, each acquiring a reference */
	expect_sym(BS_PROG_SCHED_CLS, 0, BS_FUNC_sk_lookup_tcp, "bpf_tc_sk_lookup_tcp_proto");
	expect_sym(BS_PROG_XDP, 0, BS_FUNC_sk_lookup_tcp, "bpf_xdp_sk_lookup_tcp_proto");
	expect_sym(BS_PROG_CGROUP_SKB, 0, BS_FUNC_sk_lookup_tcp, "bpf_sk_lookup_tcp_proto");
	expect_sym(BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_CONNECT, BS_FUNC_sk_lookup_tcp,
		   "bpf_sock_addr_sk_lookup_tcp_proto");
	cr_expect_eq(proto(BS_PROG_XDP, 0, BS_FUNC_sk_lookup_udp)->ret,
		     BS_RET_PTR_TO_SOCKET_OR_NULL);
	cr_expect(bs_plat_helper_is_acquire(BS_FUNC_sk_lookup_tcp, 0));
	cr_expect(bs_plat_helper_is_acquire(BS_FUNC_skc_lookup_tcp, 0));
	cr_expect_null(proto(BS_PROG_SOCKET_FILTER, 0, BS_FUNC_sk_lookup_tcp));
}

/* net/core/filter.c: bpf_helper_changes_pkt_data() */
Test(helpers_table, changes_pkt_data)
{
	static const int32_t yes[] = { BS_FUNC_skb_store_bytes, BS_FUNC_xdp_adjust_head,
				       BS_FUNC_skb_pull_data, BS_FUNC_msg_push_data,
				       BS_FUNC_tail_call, BS_FUNC_lwt_push_encap };
	static const int32_t no[] = { BS_FUNC_skb_load_bytes, BS_FUNC_map_lookup_elem,
				      BS_FUNC_xdp_load_bytes, BS_FUNC_csum_diff };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		cr_expect(bs_plat_helper_info(yes[i])->flags & BS_HI_CHANGES_PKT_DATA, "%d", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_expect(!(bs_plat_helper_info(no[i])->flags & BS_HI_CHANGES_PKT_DATA), "%d", no[i]);
}

/* The perf_event_output family: one helper id, a prototype per program type
 * (net/core/filter.c, kernel/trace/bpf_trace.c, kernel/bpf/helpers.c). */
Test(helpers_table, perf_event_output_variants)
{
	expect_sym(BS_PROG_SCHED_CLS, 0, BS_FUNC_perf_event_output, "bpf_skb_event_output_proto");
	expect_sym(BS_PROG_SOCKET_FILTER, 0, BS_FUNC_perf_event_output,
		   "bpf_skb_event_output_proto");
	expect_sym(BS_PROG_XDP, 0, BS_FUNC_perf_event_output, "bpf_xdp_event_output_proto");
	expect_sym(BS_PROG_KPROBE, 0, BS_FUNC_perf_event_output, "bpf_perf_event_output_proto");
	expect_sym(BS_PROG_TRACEPOINT, 0, BS_FUNC_perf_event_output,
		   "bpf_perf_event_output_proto_tp");
	expect_sym(BS_PROG_PERF_EVENT, 0, BS_FUNC_perf_event_output,
		   "bpf_perf_event_output_proto_tp");
	expect_sym(BS_PROG_RAW_TRACEPOINT, 0, BS_FUNC_perf_event_output,
		   "bpf_perf_event_output_proto_raw_tp");
	expect_sym(BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET_SOCK_CREATE,
		   BS_FUNC_perf_event_output, "bpf_event_output_data_proto");
	expect_sym(BS_PROG_PERF_EVENT, 0, BS_FUNC_get_stackid, "bpf_get_stackid_proto_pe");
	expect_sym(BS_PROG_RAW_TRACEPOINT, 0, BS_FUNC_get_stack, "bpf_get_stack_proto_raw_tp");
	expect_sym(BS_PROG_FLOW_DISSECTOR, 0, BS_FUNC_skb_load_bytes,
		   "bpf_flow_dissector_load_bytes_proto");
	expect_sym(BS_PROG_SK_REUSEPORT, 0, BS_FUNC_get_socket_cookie,
		   "bpf_get_socket_ptr_cookie_proto");
	cr_expect(proto(BS_PROG_XDP, 0, BS_FUNC_perf_event_output)->flags & BS_HP_GPL_ONLY);
}

/* Attach-type and sleepable dependent choices. */
Test(helpers_table, attach_and_sleepable)
{
	struct bs_helper_query q = { .prog_type = BS_PROG_KPROBE };

	/* sock_addr_func_proto(): bind only from connect hooks */
	cr_expect_not_null(proto(BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_CONNECT,
				 BS_FUNC_bind));
	cr_expect_null(proto(BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_BIND, BS_FUNC_bind));
	/* cg_sockopt_func_proto(): setsockopt only on the setsockopt hook */
	cr_expect_not_null(proto(BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_SETSOCKOPT,
				 BS_FUNC_setsockopt));
	cr_expect_null(proto(BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_GETSOCKOPT,
			     BS_FUNC_setsockopt));
	/* cgroup_common_func_proto(): no get_retval on ingress/egress */
	cr_expect_null(proto(BS_PROG_CGROUP_SKB, BS_ATTACH_CGROUP_INET_INGRESS, BS_FUNC_get_retval));
	cr_expect_not_null(proto(BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET_SOCK_CREATE,
				 BS_FUNC_get_retval));
	/* kprobe_prog_func_proto(): get_func_ip by attach type, get_stack by sleepable */
	expect_sym(BS_PROG_KPROBE, BS_ATTACH_TRACE_KPROBE_MULTI, BS_FUNC_get_func_ip,
		   "bpf_get_func_ip_proto_kprobe_multi");
	expect_sym(BS_PROG_KPROBE, 0, BS_FUNC_get_func_ip, "bpf_get_func_ip_proto_kprobe");
	cr_expect_str_eq(bs_plat_helper_proto_q(&q, BS_FUNC_get_stack)->sym, "bpf_get_stack_proto");
	q.sleepable = true;
	q.attach_type = BS_ATTACH_TRACE_UPROBE_MULTI;
	cr_expect_str_eq(bs_plat_helper_proto_q(&q, BS_FUNC_get_stack)->sym,
			 "bpf_get_stack_sleepable_proto");
	cr_expect(bs_plat_helper_proto_q(&q, BS_FUNC_get_stack)->flags & BS_HP_MIGHT_SLEEP);
	/* tracing_prog_func_proto(): seq_* only for iterators, func args with a trampoline */
	cr_expect_not_null(proto(BS_PROG_TRACING, BS_ATTACH_TRACE_ITER, BS_FUNC_seq_printf));
	cr_expect_null(proto(BS_PROG_TRACING, BS_ATTACH_TRACE_FENTRY, BS_FUNC_seq_printf));
	cr_expect_not_null(proto(BS_PROG_TRACING, BS_ATTACH_TRACE_FEXIT, BS_FUNC_get_func_ret));
	cr_expect_null(proto(BS_PROG_TRACING, BS_ATTACH_TRACE_RAW_TP, BS_FUNC_get_func_ret));
	expect_sym(BS_PROG_TRACING, BS_ATTACH_TRACE_FENTRY, BS_FUNC_d_path, "bpf_d_path_proto");
	cr_expect_str_eq(proto(BS_PROG_TRACING, BS_ATTACH_TRACE_FENTRY, BS_FUNC_d_path)->allowed,
			 "bpf_d_path_allowed");
	/* ext programs take their target's helpers: not modelled */
	cr_expect_null(proto(BS_PROG_EXT, 0, BS_FUNC_map_lookup_elem));
	cr_expect_null(proto(BS_PROG_XDP, 0, 0));
	cr_expect_null(proto(BS_PROG_XDP, 0, BS_HELPER_MAX_ID + 1));
}

/* Kernel build options: CONFIG_BPF_KPROBE_OVERRIDE gates override_return. */
Test(helpers_table, kernel_config)
{
	struct bs_helper_query q = { .prog_type = BS_PROG_KPROBE, .kcfg = BS_KCFG_DEFAULT };

	cr_expect_not_null(bs_plat_helper_proto_q(&q, BS_FUNC_override_return));
	q.kcfg = BS_KCFG_DEFAULT & ~BS_KCFG_BPF_KPROBE_OVERRIDE;
	cr_expect_null(bs_plat_helper_proto_q(&q, BS_FUNC_override_return));
	q.kcfg = BS_KCFG_DEFAULT & ~BS_KCFG_NO_LOCKDOWN_WRITE;
	cr_expect_null(bs_plat_helper_proto_q(&q, BS_FUNC_probe_write_user));
	cr_expect_not_null(bs_plat_helper_proto_q(&q, BS_FUNC_probe_read_kernel));
}

/* Prototypes with BTF ids and fixed sizes (kernel/bpf/helpers.c). */
Test(helpers_table, btf_and_sizes)
{
	const struct bs_helper_proto *t = proto(BS_PROG_KPROBE, 0, BS_FUNC_get_current_task_btf);
	const struct bs_helper_proto *k = proto(BS_PROG_SCHED_CLS, 0, BS_FUNC_kptr_xchg);
	const struct bs_helper_proto *s = proto(BS_PROG_SCHED_CLS, 0, BS_FUNC_strtol);
	const struct bs_helper_proto *l = proto(BS_PROG_SCHED_CLS, 0, BS_FUNC_spin_lock);

	cr_assert(t && k && s && l);
	cr_expect_eq(t->ret, BS_RET_PTR_TO_BTF_ID_TRUSTED);
	cr_expect_str_eq(t->ret_btf, "task_struct");
	cr_expect_str_eq(k->ret_btf, BS_HP_BTF_ANY);
	cr_expect_eq(k->arg[0], BS_ARG_KPTR_XCHG_DEST);
	cr_expect_eq(k->arg[1], BS_ARG_PTR_TO_BTF_ID_OR_NULL | BS_OBJ_RELEASE);
	cr_expect_eq(s->arg[3], BS_ARG_PTR_TO_FIXED_SIZE_MEM | BS_MEM_UNINIT | BS_MEM_WRITE |
				BS_MEM_ALIGNED);
	cr_expect_eq(s->arg_size[3], 8);
	cr_expect_eq(l->arg[0], BS_ARG_PTR_TO_SPIN_LOCK);
	cr_expect_str_eq(l->arg_btf[0], BS_HP_BTF_ANY);
	cr_expect_str_eq(proto(BS_PROG_SCHED_CLS, 0, BS_FUNC_skc_to_tcp6_sock)->ret_btf,
			 "tcp6_sock");
}

/* check_map_func_compatibility(): both directions. */
Test(helpers_table, map_compatibility)
{
	cr_expect(bs_plat_helper_map_compatible(BS_MAP_PROG_ARRAY, BS_FUNC_tail_call));
	cr_expect(!bs_plat_helper_map_compatible(BS_MAP_PROG_ARRAY, BS_FUNC_map_lookup_elem));
	cr_expect(!bs_plat_helper_map_compatible(BS_MAP_HASH, BS_FUNC_tail_call));
	cr_expect(bs_plat_helper_map_compatible(BS_MAP_HASH, BS_FUNC_map_lookup_elem));
	cr_expect(!bs_plat_helper_map_compatible(BS_MAP_RINGBUF, BS_FUNC_map_lookup_elem));
	cr_expect(bs_plat_helper_map_compatible(BS_MAP_XSKMAP, BS_FUNC_map_lookup_elem));
	cr_expect(!bs_plat_helper_map_compatible(BS_MAP_CPUMAP, BS_FUNC_map_lookup_elem));
	cr_expect(bs_plat_helper_map_compatible(BS_MAP_SOCKMAP, BS_FUNC_sk_select_reuseport));
	cr_expect(!bs_plat_helper_map_compatible(BS_MAP_SOCKMAP, BS_FUNC_map_update_elem));
	cr_expect(bs_plat_helper_may_update_sockmap(BS_PROG_XDP, 0, BS_FUNC_map_update_elem));
	cr_expect(!bs_plat_helper_may_update_sockmap(BS_PROG_SOCK_OPS, 0, BS_FUNC_map_update_elem));
	cr_expect(bs_plat_helper_may_update_sockmap(BS_PROG_SOCK_OPS, 0, BS_FUNC_map_delete_elem));
	cr_expect(bs_plat_helper_map_compatible(BS_MAP_BLOOM_FILTER, BS_FUNC_map_peek_elem));
	cr_expect(!bs_plat_helper_map_compatible(BS_MAP_BLOOM_FILTER, BS_FUNC_map_pop_elem));
	cr_expect(!bs_plat_helper_map_compatible(BS_MAP_ARRAY, BS_FUNC_map_lookup_percpu_elem));
	cr_expect(bs_plat_helper_map_compatible(BS_MAP_SK_STORAGE, BS_FUNC_kptr_xchg));
	cr_expect_eq(bs_plat_helper_map_types(BS_FUNC_map_lookup_elem), 0);
}

/* Callbacks (set_*_callback_state()) and the spin-lock rule. */
Test(helpers_table, callbacks_and_locks)
{
	const struct bs_helper_info *loop = bs_plat_helper_info(BS_FUNC_loop);
	const struct bs_helper_info *fe = bs_plat_helper_info(BS_FUNC_for_each_map_elem);
	const struct bs_helper_info *tm = bs_plat_helper_info(BS_FUNC_timer_set_callback);

	cr_assert(loop && loop->cb && fe && fe->cb && tm && tm->cb);
	cr_expect(loop->flags & BS_HI_CB_SYNC);
	cr_expect_eq(loop->cb->func_arg, 2);
	cr_expect_eq(loop->cb->reg[0].kind, BS_CBR_SCALAR);
	cr_expect_eq(loop->cb->reg[1].kind, BS_CBR_CALLER_ARG);
	cr_expect_eq(loop->cb->reg[1].from, 3);
	cr_expect_eq(fe->cb->reg[2].kind, BS_CBR_MAP_VALUE);
	cr_expect(fe->cb->map_types & (1ull << BS_MAP_PERCPU_ARRAY));
	cr_expect(tm->flags & BS_HI_CB_ASYNC);
	cr_expect_str_eq(bs_plat_helper_info(BS_FUNC_find_vma)->cb->reg[1].btf, "vm_area_struct");
	cr_expect_eq(bs_plat_helper_info(BS_FUNC_user_ringbuf_drain)->cb->reg[0].kind,
		     BS_CBR_DYNPTR_LOCAL);
	for (int32_t id = 1; id <= BS_HELPER_MAX_ID; id++) {
		bool ok = bs_plat_helper_info(id)->flags & BS_HI_LOCK_OK;

		cr_expect_eq(ok, id == BS_FUNC_spin_unlock, "%s", bs_plat_helper_name(id));
		cr_expect_eq(!!bs_plat_helper_info(id)->cb,
			     !!(bs_plat_helper_info(id)->flags & (BS_HI_CB_SYNC | BS_HI_CB_ASYNC)));
	}
	cr_expect(bs_plat_helper_info(BS_FUNC_skc_to_tcp_sock)->flags & BS_HI_PTR_CAST);
	cr_expect(bs_plat_helper_info(BS_FUNC_dynptr_data)->flags & BS_HI_DYNPTR_REF);
	cr_expect(bs_plat_helper_info(BS_FUNC_task_storage_get)->flags & BS_HI_STORAGE_GET);
}

Test(helpers_table, names)
{
	cr_expect_str_eq(bs_plat_helper_name(1), "bpf_map_lookup_elem");
	cr_expect_str_eq(bs_plat_helper_name(211), "bpf_cgrp_storage_delete");
	cr_expect_null(bs_plat_helper_name(0));
	cr_expect_null(bs_plat_helper_name(212));
	cr_expect_eq(bs_plat_helper_by_name("map_lookup_elem"), 1);
	cr_expect_eq(bs_plat_helper_by_name("bpf_user_ringbuf_drain"), 209);
	cr_expect_eq(bs_plat_helper_by_name("bpf_nope"), -1);
	cr_expect_eq(bs_plat_helper_by_name(NULL), -1);
	cr_expect_str_eq(bs_plat_arg_base_name(BS_ARG_PTR_TO_MEM | BS_MEM_RDONLY), "ARG_PTR_TO_MEM");
	cr_expect_str_eq(bs_plat_ret_base_name(BS_RET_PTR_TO_SOCKET_OR_NULL),
			 "RET_PTR_TO_SOCKET");
	cr_expect_str_eq(bs_plat_type_flag_name(BS_OBJ_RELEASE), "OBJ_RELEASE");
	cr_expect_eq(BS_MEM_WRITE, 1u << 26);  /* enum bpf_type_flag of the 6.18 BTF */
	cr_expect_eq(BS_ARG_PTR_TO_UNINIT_MEM, 67141636u);
	cr_expect_eq(BS_RET_PTR_TO_RINGBUF_MEM_OR_NULL, 1286u);
	cr_expect_eq(BS_RET_PTR_TO_BTF_ID_TRUSTED, 1048584u);
}

/* Every row passes the kernel's check_func_proto(): at most one raw (uninit)
 * memory argument, memory/size pairs well formed, BTF ids where needed. */
Test(helpers_table, rows_pass_check_func_proto)
{
	uint32_t n;
	const struct bs_helper_proto *rows = bs_plat_helper_protos(&n);

	cr_assert_gt(n, 250);
	for (uint32_t i = 0; i < n; i++) {
		const struct bs_helper_proto *p = &rows[i];
		int raw = 0;

		cr_expect(p->func_id >= 1 && p->func_id <= BS_HELPER_MAX_ID, "%s", p->sym);
		cr_expect_eq(bs_plat_helper_proto_by_sym(p->sym), p, "%s", p->sym);
		cr_expect(BS_BASE_TYPE(p->ret) < BS_RET__MAX, "%s", p->sym);
		for (int a = 0; a < 5; a++) {
			uint32_t t = p->arg[a], b = BS_BASE_TYPE(t);
			bool fixed = t & BS_MEM_FIXED_SIZE;
			bool next_size = a < 4 && (p->arg[a + 1] == BS_ARG_CONST_SIZE ||
						   p->arg[a + 1] == BS_ARG_CONST_SIZE_OR_ZERO);

			cr_expect(b < BS_ARG__MAX, "%s arg%d", p->sym, a + 1);
			if (b == BS_ARG_PTR_TO_MEM && (t & BS_MEM_UNINIT))
				raw++;
			/* check_args_pair_invalid() */
			if (b != BS_ARG_PTR_TO_MEM)
				cr_expect(!next_size, "%s arg%d: size without memory", p->sym, a + 1);
			else
				cr_expect(!((p->arg_size[a] != 0) == next_size ||
					    next_size == fixed), "%s arg%d: bad pair", p->sym, a + 1);
			cr_expect_eq(fixed, p->arg_size[a] != 0, "%s arg%d", p->sym, a + 1);
			/* check_btf_id_ok() */
			if (b == BS_ARG_PTR_TO_BTF_ID)
				cr_expect_not_null(p->arg_btf[a], "%s arg%d", p->sym, a + 1);
			else if (b == BS_ARG_PTR_TO_SPIN_LOCK)
				cr_expect_str_eq(p->arg_btf[a], BS_HP_BTF_ANY, "%s", p->sym);
			else
				cr_expect_null(p->arg_btf[a], "%s arg%d", p->sym, a + 1);
		}
		cr_expect(p->arg[0] != BS_ARG_CONST_SIZE && p->arg[0] != BS_ARG_CONST_SIZE_OR_ZERO,
			  "%s", p->sym);
		cr_expect_leq(raw, 1, "%s: check_raw_mode_ok()", p->sym);
	}
}
