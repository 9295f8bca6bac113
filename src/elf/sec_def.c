/* libbpf's SEC() conventions as a table (source: libbpf src/libbpf.c
 * section_defs[], v1.5). A pattern ending in '+' matches the name itself or
 * the name followed by "/<target>"; other patterns match exactly. Names that
 * no row matches fall back to the prefix match libbpf used before 1.0
 * ("xdp_prog" -> xdp, "socket2" -> socket_filter), which old objects rely on. */
#include <string.h>

#include "bpfsight/elf.h"
#include "bpfsight/uapi.h"

#define SLEEP 1

struct sec_def {
	const char *pat;
	uint8_t type;
	uint8_t attach;
	uint8_t flags;
};

static const struct sec_def sec_defs[] = {
	{ "socket", BS_PROG_SOCKET_FILTER, 0, 0 },
	{ "sk_reuseport/migrate", BS_PROG_SK_REUSEPORT, BS_ATTACH_SK_REUSEPORT_SELECT_OR_MIGRATE, 0 },
	{ "sk_reuseport", BS_PROG_SK_REUSEPORT, BS_ATTACH_SK_REUSEPORT_SELECT, 0 },
	{ "kprobe+", BS_PROG_KPROBE, 0, 0 },
	{ "uprobe+", BS_PROG_KPROBE, 0, 0 },
	{ "uprobe.s+", BS_PROG_KPROBE, 0, SLEEP },
	{ "kretprobe+", BS_PROG_KPROBE, 0, 0 },
	{ "uretprobe+", BS_PROG_KPROBE, 0, 0 },
	{ "uretprobe.s+", BS_PROG_KPROBE, 0, SLEEP },
	{ "kprobe.multi+", BS_PROG_KPROBE, BS_ATTACH_TRACE_KPROBE_MULTI, 0 },
	{ "kretprobe.multi+", BS_PROG_KPROBE, BS_ATTACH_TRACE_KPROBE_MULTI, 0 },
	{ "kprobe.session+", BS_PROG_KPROBE, BS_ATTACH_TRACE_KPROBE_SESSION, 0 },
	{ "uprobe.multi+", BS_PROG_KPROBE, BS_ATTACH_TRACE_UPROBE_MULTI, 0 },
	{ "uretprobe.multi+", BS_PROG_KPROBE, BS_ATTACH_TRACE_UPROBE_MULTI, 0 },
	{ "uprobe.session+", BS_PROG_KPROBE, BS_ATTACH_TRACE_UPROBE_SESSION, 0 },
	{ "uprobe.multi.s+", BS_PROG_KPROBE, BS_ATTACH_TRACE_UPROBE_MULTI, SLEEP },
	{ "uretprobe.multi.s+", BS_PROG_KPROBE, BS_ATTACH_TRACE_UPROBE_MULTI, SLEEP },
	{ "uprobe.session.s+", BS_PROG_KPROBE, BS_ATTACH_TRACE_UPROBE_SESSION, SLEEP },
	{ "ksyscall+", BS_PROG_KPROBE, 0, 0 },
	{ "kretsyscall+", BS_PROG_KPROBE, 0, 0 },
	{ "usdt+", BS_PROG_KPROBE, 0, 0 },
	{ "usdt.s+", BS_PROG_KPROBE, 0, SLEEP },
	{ "tc/ingress", BS_PROG_SCHED_CLS, BS_ATTACH_TCX_INGRESS, 0 },
	{ "tc/egress", BS_PROG_SCHED_CLS, BS_ATTACH_TCX_EGRESS, 0 },
	{ "tcx/ingress", BS_PROG_SCHED_CLS, BS_ATTACH_TCX_INGRESS, 0 },
	{ "tcx/egress", BS_PROG_SCHED_CLS, BS_ATTACH_TCX_EGRESS, 0 },
	{ "netkit/primary", BS_PROG_SCHED_CLS, BS_ATTACH_NETKIT_PRIMARY, 0 },
	{ "netkit/peer", BS_PROG_SCHED_CLS, BS_ATTACH_NETKIT_PEER, 0 },
	{ "tc", BS_PROG_SCHED_CLS, 0, 0 },
	{ "classifier", BS_PROG_SCHED_CLS, 0, 0 },
	{ "action", BS_PROG_SCHED_ACT, 0, 0 },
	{ "tracepoint+", BS_PROG_TRACEPOINT, 0, 0 },
	{ "tp+", BS_PROG_TRACEPOINT, 0, 0 },
	{ "raw_tracepoint+", BS_PROG_RAW_TRACEPOINT, 0, 0 },
	{ "raw_tp+", BS_PROG_RAW_TRACEPOINT, 0, 0 },
	{ "raw_tracepoint.w+", BS_PROG_RAW_TRACEPOINT_WRITABLE, 0, 0 },
	{ "raw_tp.w+", BS_PROG_RAW_TRACEPOINT_WRITABLE, 0, 0 },
	{ "tp_btf+", BS_PROG_TRACING, BS_ATTACH_TRACE_RAW_TP, 0 },
	{ "fentry+", BS_PROG_TRACING, BS_ATTACH_TRACE_FENTRY, 0 },
	{ "fmod_ret+", BS_PROG_TRACING, BS_ATTACH_MODIFY_RETURN, 0 },
	{ "fexit+", BS_PROG_TRACING, BS_ATTACH_TRACE_FEXIT, 0 },
	{ "fentry.s+", BS_PROG_TRACING, BS_ATTACH_TRACE_FENTRY, SLEEP },
	{ "fmod_ret.s+", BS_PROG_TRACING, BS_ATTACH_MODIFY_RETURN, SLEEP },
	{ "fexit.s+", BS_PROG_TRACING, BS_ATTACH_TRACE_FEXIT, SLEEP },
	{ "freplace+", BS_PROG_EXT, 0, 0 },
	{ "lsm+", BS_PROG_LSM, BS_ATTACH_LSM_MAC, 0 },
	{ "lsm.s+", BS_PROG_LSM, BS_ATTACH_LSM_MAC, SLEEP },
	{ "lsm_cgroup+", BS_PROG_LSM, BS_ATTACH_LSM_CGROUP, 0 },
	{ "iter+", BS_PROG_TRACING, BS_ATTACH_TRACE_ITER, 0 },
	{ "iter.s+", BS_PROG_TRACING, BS_ATTACH_TRACE_ITER, SLEEP },
	{ "syscall", BS_PROG_SYSCALL, 0, SLEEP },
	{ "xdp.frags/devmap", BS_PROG_XDP, BS_ATTACH_XDP_DEVMAP, 0 },
	{ "xdp/devmap", BS_PROG_XDP, BS_ATTACH_XDP_DEVMAP, 0 },
	{ "xdp.frags/cpumap", BS_PROG_XDP, BS_ATTACH_XDP_CPUMAP, 0 },
	{ "xdp/cpumap", BS_PROG_XDP, BS_ATTACH_XDP_CPUMAP, 0 },
	{ "xdp.frags", BS_PROG_XDP, BS_ATTACH_XDP, 0 },
	{ "xdp", BS_PROG_XDP, BS_ATTACH_XDP, 0 },
	{ "perf_event", BS_PROG_PERF_EVENT, 0, 0 },
	{ "lwt_in", BS_PROG_LWT_IN, 0, 0 },
	{ "lwt_out", BS_PROG_LWT_OUT, 0, 0 },
	{ "lwt_xmit", BS_PROG_LWT_XMIT, 0, 0 },
	{ "lwt_seg6local", BS_PROG_LWT_SEG6LOCAL, 0, 0 },
	{ "sockops", BS_PROG_SOCK_OPS, BS_ATTACH_CGROUP_SOCK_OPS, 0 },
	{ "sk_skb/stream_parser", BS_PROG_SK_SKB, BS_ATTACH_SK_SKB_STREAM_PARSER, 0 },
	{ "sk_skb/stream_verdict", BS_PROG_SK_SKB, BS_ATTACH_SK_SKB_STREAM_VERDICT, 0 },
	{ "sk_skb/verdict", BS_PROG_SK_SKB, BS_ATTACH_SK_SKB_VERDICT, 0 },
	{ "sk_skb", BS_PROG_SK_SKB, 0, 0 },
	{ "sk_msg", BS_PROG_SK_MSG, BS_ATTACH_SK_MSG_VERDICT, 0 },
	{ "lirc_mode2", BS_PROG_LIRC_MODE2, BS_ATTACH_LIRC_MODE2, 0 },
	{ "flow_dissector", BS_PROG_FLOW_DISSECTOR, BS_ATTACH_FLOW_DISSECTOR, 0 },
	{ "cgroup_skb/ingress", BS_PROG_CGROUP_SKB, BS_ATTACH_CGROUP_INET_INGRESS, 0 },
	{ "cgroup_skb/egress", BS_PROG_CGROUP_SKB, BS_ATTACH_CGROUP_INET_EGRESS, 0 },
	{ "cgroup/skb", BS_PROG_CGROUP_SKB, 0, 0 },
	{ "cgroup/sock_create", BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET_SOCK_CREATE, 0 },
	{ "cgroup/sock_release", BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET_SOCK_RELEASE, 0 },
	{ "cgroup/sock", BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET_SOCK_CREATE, 0 },
	{ "cgroup/post_bind4", BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET4_POST_BIND, 0 },
	{ "cgroup/post_bind6", BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET6_POST_BIND, 0 },
	{ "cgroup/bind4", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_BIND, 0 },
	{ "cgroup/bind6", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_BIND, 0 },
	{ "cgroup/connect4", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_CONNECT, 0 },
	{ "cgroup/connect6", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_CONNECT, 0 },
	{ "cgroup/connect_unix", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_CONNECT, 0 },
	{ "cgroup/sendmsg4", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UDP4_SENDMSG, 0 },
	{ "cgroup/sendmsg6", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UDP6_SENDMSG, 0 },
	{ "cgroup/sendmsg_unix", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_SENDMSG, 0 },
	{ "cgroup/recvmsg4", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UDP4_RECVMSG, 0 },
	{ "cgroup/recvmsg6", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UDP6_RECVMSG, 0 },
	{ "cgroup/recvmsg_unix", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_RECVMSG, 0 },
	{ "cgroup/getpeername4", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_GETPEERNAME, 0 },
	{ "cgroup/getpeername6", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_GETPEERNAME, 0 },
	{ "cgroup/getpeername_unix", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_GETPEERNAME, 0 },
	{ "cgroup/getsockname4", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_GETSOCKNAME, 0 },
	{ "cgroup/getsockname6", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_GETSOCKNAME, 0 },
	{ "cgroup/getsockname_unix", BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_GETSOCKNAME, 0 },
	{ "cgroup/sysctl", BS_PROG_CGROUP_SYSCTL, BS_ATTACH_CGROUP_SYSCTL, 0 },
	{ "cgroup/getsockopt", BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_GETSOCKOPT, 0 },
	{ "cgroup/setsockopt", BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_SETSOCKOPT, 0 },
	{ "cgroup/dev", BS_PROG_CGROUP_DEVICE, BS_ATTACH_CGROUP_DEVICE, 0 },
	{ "struct_ops+", BS_PROG_STRUCT_OPS, 0, 0 },
	{ "struct_ops.s+", BS_PROG_STRUCT_OPS, 0, SLEEP },
	{ "sk_lookup", BS_PROG_SK_LOOKUP, BS_ATTACH_SK_LOOKUP, 0 },
	{ "netfilter", BS_PROG_NETFILTER, BS_ATTACH_NETFILTER, 0 },
};

#define NDEFS (sizeof(sec_defs) / sizeof(sec_defs[0]))

static void fill(const struct sec_def *d, const char *target, struct bs_sec_def_result *out)
{
	out->prog_type = d->type;
	out->attach_type = d->attach;
	out->attach_target = target && *target ? target : NULL;
	out->sleepable = d->flags & SLEEP;
}

/* mirrors libbpf's sec_def_matches() for libbpf >= 1.0 */
static bool matches(const struct sec_def *d, const char *sec, const char **target)
{
	size_t n = strlen(d->pat);

	*target = NULL;
	if (d->pat[n - 1] == '+') {
		n--;
		if (strncmp(sec, d->pat, n))
			return false;
		if (sec[n] == 0)
			return true;
		if (sec[n] != '/')
			return false;
		*target = sec + n + 1;
		return true;
	}
	return !strcmp(sec, d->pat);
}

bool bs_sec_to_type(const char *sec, struct bs_sec_def_result *out)
{
	const struct sec_def *best = NULL;
	const char *target;
	size_t best_len = 0;

	for (size_t i = 0; i < NDEFS; i++) {
		if (matches(&sec_defs[i], sec, &target)) {
			fill(&sec_defs[i], target, out);
			return true;
		}
	}
	/* legacy (libbpf < 1.0) prefix match of the plain patterns ("xdp"
	 * matches "xdp_prog"); '+' patterns were "kprobe/"-style prefixes then,
	 * which the loop above already covers. The longest pattern wins. */
	for (size_t i = 0; i < NDEFS; i++) {
		const char *p = sec_defs[i].pat;
		size_t n = strlen(p);

		if (p[n - 1] == '+')
			continue;
		if (n > best_len && !strncmp(sec, p, n)) {
			best = &sec_defs[i];
			best_len = n;
		}
	}
	if (!best)
		return false;
	target = NULL;
	fill(best, target, out);
	return true;
}
