/* Section name -> program type, as libbpf's section_defs[] (v1.5) and its
 * pre-1.0 prefix matching define them. */
#include <criterion/criterion.h>
#include <string.h>

#include "bpfsight/elf.h"
#include "bpfsight/uapi.h"

struct sec_case {
	const char *sec;
	bool known;
	uint32_t type, attach;
	const char *target;
	bool sleepable;
};

static const struct sec_case cases[] = {
	{ "xdp", true, BS_PROG_XDP, BS_ATTACH_XDP, NULL, false },
	{ "xdp.frags", true, BS_PROG_XDP, BS_ATTACH_XDP, NULL, false },
	{ "xdp/devmap", true, BS_PROG_XDP, BS_ATTACH_XDP_DEVMAP, NULL, false },
	{ "tc", true, BS_PROG_SCHED_CLS, 0, NULL, false },
	{ "tc/ingress", true, BS_PROG_SCHED_CLS, BS_ATTACH_TCX_INGRESS, NULL, false },
	{ "classifier", true, BS_PROG_SCHED_CLS, 0, NULL, false },
	{ "socket", true, BS_PROG_SOCKET_FILTER, 0, NULL, false },
	{ "kprobe/sys_execve", true, BS_PROG_KPROBE, 0, "sys_execve", false },
	{ "kprobe", true, BS_PROG_KPROBE, 0, NULL, false },
	{ "uretprobe/bash_readline", true, BS_PROG_KPROBE, 0, "bash_readline", false },
	{ "uprobe.s/lib:fn", true, BS_PROG_KPROBE, 0, "lib:fn", true },
	{ "kprobe.multi/tcp_*", true, BS_PROG_KPROBE, BS_ATTACH_TRACE_KPROBE_MULTI, "tcp_*", false },
	{ "tracepoint/kmem/mm_page_alloc", true, BS_PROG_TRACEPOINT, 0, "kmem/mm_page_alloc", false },
	{ "tp/sched/sched_switch", true, BS_PROG_TRACEPOINT, 0, "sched/sched_switch", false },
	{ "raw_tp/sys_enter", true, BS_PROG_RAW_TRACEPOINT, 0, "sys_enter", false },
	{ "raw_tracepoint.w/x", true, BS_PROG_RAW_TRACEPOINT_WRITABLE, 0, "x", false },
	{ "fentry/tcp_close", true, BS_PROG_TRACING, BS_ATTACH_TRACE_FENTRY, "tcp_close", false },
	{ "fexit.s/do_x", true, BS_PROG_TRACING, BS_ATTACH_TRACE_FEXIT, "do_x", true },
	{ "lsm/file_open", true, BS_PROG_LSM, BS_ATTACH_LSM_MAC, "file_open", false },
	{ "lsm.s/bprm_check_security", true, BS_PROG_LSM, BS_ATTACH_LSM_MAC, "bprm_check_security", true },
	{ "iter/task", true, BS_PROG_TRACING, BS_ATTACH_TRACE_ITER, "task", false },
	{ "cgroup_skb/egress", true, BS_PROG_CGROUP_SKB, BS_ATTACH_CGROUP_INET_EGRESS, NULL, false },
	{ "cgroup/skb", true, BS_PROG_CGROUP_SKB, 0, NULL, false },
	{ "cgroup/connect4", true, BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_CONNECT, NULL, false },
	{ "cgroup/sock_release", true, BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET_SOCK_RELEASE, NULL, false },
	{ "cgroup/post_bind4", true, BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET4_POST_BIND, NULL, false },
	{ "cgroup/dev", true, BS_PROG_CGROUP_DEVICE, BS_ATTACH_CGROUP_DEVICE, NULL, false },
	{ "cgroup/sysctl", true, BS_PROG_CGROUP_SYSCTL, BS_ATTACH_CGROUP_SYSCTL, NULL, false },
	{ "sockops", true, BS_PROG_SOCK_OPS, BS_ATTACH_CGROUP_SOCK_OPS, NULL, false },
	{ "sk_skb/stream_parser", true, BS_PROG_SK_SKB, BS_ATTACH_SK_SKB_STREAM_PARSER, NULL, false },
	{ "sk_msg", true, BS_PROG_SK_MSG, BS_ATTACH_SK_MSG_VERDICT, NULL, false },
	{ "sk_lookup", true, BS_PROG_SK_LOOKUP, BS_ATTACH_SK_LOOKUP, NULL, false },
	{ "flow_dissector", true, BS_PROG_FLOW_DISSECTOR, BS_ATTACH_FLOW_DISSECTOR, NULL, false },
	{ "lwt_xmit", true, BS_PROG_LWT_XMIT, 0, NULL, false },
	{ "perf_event", true, BS_PROG_PERF_EVENT, 0, NULL, false },
	{ "struct_ops/init", true, BS_PROG_STRUCT_OPS, 0, "init", false },
	{ "syscall", true, BS_PROG_SYSCALL, 0, NULL, true },
	{ "netfilter", true, BS_PROG_NETFILTER, BS_ATTACH_NETFILTER, NULL, false },
	/* legacy prefix matches (libbpf < 1.0) used by old objects */
	{ "xdp_prog", true, BS_PROG_XDP, BS_ATTACH_XDP, NULL, false },
	{ "socket2", true, BS_PROG_SOCKET_FILTER, 0, NULL, false },
	{ "kprobe__sys_open", false, 0, 0, NULL, false },
	/* iproute2 / Cilium numbered sections say nothing of their type */
	{ "2/7", false, 0, 0, NULL, false },
	{ "from-netdev", false, 0, 0, NULL, false },
	{ ".text", false, 0, 0, NULL, false },
};

Test(elf_secdef, libbpf_section_names)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sec_case *c = &cases[i];
		struct bs_sec_def_result r = { 0 };
		bool known = bs_sec_to_type(c->sec, &r);

		cr_expect_eq(known, c->known, "%s", c->sec);
		if (!known || !c->known)
			continue;
		cr_expect_eq(r.prog_type, c->type, "%s: type %u", c->sec, r.prog_type);
		cr_expect_eq(r.attach_type, c->attach, "%s: attach %u", c->sec, r.attach_type);
		cr_expect_eq(r.sleepable, c->sleepable, "%s", c->sec);
		if (c->target)
			cr_expect(r.attach_target && !strcmp(r.attach_target, c->target),
				  "%s: target %s", c->sec, r.attach_target ? r.attach_target : "(null)");
		else
			cr_expect_null(r.attach_target, "%s: target %s", c->sec, r.attach_target);
	}
}

Test(elf_secdef, kernel_type_names)
{
	cr_expect_str_eq(bs_prog_type_name(BS_PROG_SCHED_CLS), "sched_cls");
	cr_expect_eq(bs_prog_type_by_name("cgroup_skb"), BS_PROG_CGROUP_SKB);
	cr_expect_eq(bs_prog_type_by_name("no_such"), -1);
	cr_expect_str_eq(bs_map_type_name(BS_MAP_LRU_PERCPU_HASH), "lru_percpu_hash");
}
