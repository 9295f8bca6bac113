/* The helper availability matrix of include/bpfsight/platform_helpers.h
 * against the host kernel: for every program type (and attach type where the
 * kernel's get_func_proto() looks at it) and every helper id 1..211, load
 *     call <id>; r0 = 0; exit
 * and read the log. "unknown func bpf_x#id" or "program of this type cannot
 * use helper bpf_x#id" means the type does not offer the helper; any other
 * verdict (usually an argument error such as "R1 !read_ok") means it does.
 * Programs are loaded only, never attached (tests/platform/pload.c). The kernel
 * build options that gate helpers are read from /proc/config.gz. Skips when
 * bpf() is not permitted. tracing/lsm/ext/struct_ops need BTF attach targets
 * and are checked against the source only.
 * A second test checks the flags of the prototype each type gets: a program
 * that is not GPL-compatible is told "cannot call GPL-restricted function"
 * exactly for gpl_only prototypes, and a non-sleepable one "helper call might
 * sleep" exactly for might_sleep ones (check_helper_call() tests both before
 * any argument). */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

#include "bpfsight/platform_helpers.h"
#include "bpfsight/uapi.h"
#include "pload.h"

struct probe_cfg {
	uint32_t prog_type, attach_type;
	bool sleepable;
	const char *tag;
};

#define P(t, a, s, tag) { BS_PROG_##t, a, s, tag }
#define AT(x) BS_ATTACH_##x
static const struct probe_cfg cfgs[] = {
	P(SOCKET_FILTER, 0, false, "socket_filter"),
	P(KPROBE, 0, false, "kprobe"),
	P(KPROBE, AT(TRACE_KPROBE_MULTI), false, "kprobe.multi"),
	P(KPROBE, AT(TRACE_KPROBE_SESSION), false, "kprobe.session"),
	P(KPROBE, AT(TRACE_UPROBE_MULTI), false, "uprobe.multi"),
	P(KPROBE, AT(TRACE_UPROBE_MULTI), true, "uprobe.multi.s"),
	P(SCHED_CLS, 0, false, "sched_cls"),
	P(SCHED_ACT, 0, false, "sched_act"),
	P(TRACEPOINT, 0, false, "tracepoint"),
	P(XDP, 0, false, "xdp"),
	P(XDP, AT(XDP_DEVMAP), false, "xdp.devmap"),
	P(XDP, AT(XDP_CPUMAP), false, "xdp.cpumap"),
	P(PERF_EVENT, 0, false, "perf_event"),
	P(CGROUP_SKB, AT(CGROUP_INET_INGRESS), false, "cgroup_skb.ingress"),
	P(CGROUP_SKB, AT(CGROUP_INET_EGRESS), false, "cgroup_skb.egress"),
	P(CGROUP_SOCK, AT(CGROUP_INET_SOCK_CREATE), false, "cgroup_sock.create"),
	P(CGROUP_SOCK, AT(CGROUP_INET4_POST_BIND), false, "cgroup_sock.post_bind4"),
	P(CGROUP_SOCK, AT(CGROUP_INET6_POST_BIND), false, "cgroup_sock.post_bind6"),
	P(CGROUP_SOCK, AT(CGROUP_INET_SOCK_RELEASE), false, "cgroup_sock.release"),
	P(LWT_IN, 0, false, "lwt_in"),
	P(LWT_OUT, 0, false, "lwt_out"),
	P(LWT_XMIT, 0, false, "lwt_xmit"),
	P(SOCK_OPS, 0, false, "sock_ops"),
	P(SK_SKB, 0, false, "sk_skb"),
	P(SK_SKB, AT(SK_SKB_STREAM_PARSER), false, "sk_skb.parser"),
	P(SK_SKB, AT(SK_SKB_STREAM_VERDICT), false, "sk_skb.verdict"),
	P(CGROUP_DEVICE, 0, false, "cgroup_device"),
	P(SK_MSG, 0, false, "sk_msg"),
	P(RAW_TRACEPOINT, 0, false, "raw_tracepoint"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_INET4_BIND), false, "sock_addr.bind4"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_INET6_BIND), false, "sock_addr.bind6"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_INET4_CONNECT), false, "sock_addr.connect4"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_INET6_CONNECT), false, "sock_addr.connect6"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UNIX_CONNECT), false, "sock_addr.connect_unix"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UDP4_SENDMSG), false, "sock_addr.sendmsg4"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UDP6_SENDMSG), false, "sock_addr.sendmsg6"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UNIX_SENDMSG), false, "sock_addr.sendmsg_unix"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UDP4_RECVMSG), false, "sock_addr.recvmsg4"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UDP6_RECVMSG), false, "sock_addr.recvmsg6"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UNIX_RECVMSG), false, "sock_addr.recvmsg_unix"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_INET4_GETPEERNAME), false, "sock_addr.getpeername4"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_INET6_GETPEERNAME), false, "sock_addr.getpeername6"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UNIX_GETPEERNAME), false, "sock_addr.getpeername_unix"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_INET4_GETSOCKNAME), false, "sock_addr.getsockname4"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_INET6_GETSOCKNAME), false, "sock_addr.getsockname6"),
	P(CGROUP_SOCK_ADDR, AT(CGROUP_UNIX_GETSOCKNAME), false, "sock_addr.getsockname_unix"),
	P(LWT_SEG6LOCAL, 0, false, "lwt_seg6local"),
	P(LIRC_MODE2, AT(LIRC_MODE2), false, "lirc_mode2"),
	P(SK_REUSEPORT, AT(SK_REUSEPORT_SELECT), false, "sk_reuseport"),
	P(SK_REUSEPORT, AT(SK_REUSEPORT_SELECT_OR_MIGRATE), false, "sk_reuseport.migrate"),
	P(FLOW_DISSECTOR, 0, false, "flow_dissector"),
	P(CGROUP_SYSCTL, 0, false, "cgroup_sysctl"),
	P(RAW_TRACEPOINT_WRITABLE, 0, false, "raw_tracepoint_writable"),
	P(CGROUP_SOCKOPT, AT(CGROUP_GETSOCKOPT), false, "sockopt.get"),
	P(CGROUP_SOCKOPT, AT(CGROUP_SETSOCKOPT), false, "sockopt.set"),
	P(SK_LOOKUP, AT(SK_LOOKUP), false, "sk_lookup"),
	P(SYSCALL, 0, true, "syscall.s"),
	P(NETFILTER, AT(NETFILTER), false, "netfilter"),
};

/* BS_KCFG_* of the running kernel: its build options from /proc/config.gz
 * (CONFIG_IKCONFIG_PROC) and its lockdown state. Without /proc/config.gz the
 * default is assumed. */
static uint32_t host_kcfg(void)
{
	static const struct { const char *opt; uint32_t bit; } opts[] = {
		{ "CONFIG_BPF_KPROBE_OVERRIDE=y", BS_KCFG_BPF_KPROBE_OVERRIDE },
		{ "CONFIG_CGROUP_NET_CLASSID=y", BS_KCFG_CGROUP_NET_CLASSID },
		{ "CONFIG_XFRM=y", BS_KCFG_XFRM },
		{ "CONFIG_SOCK_CGROUP_DATA=y", BS_KCFG_SOCK_CGROUP_DATA },
		{ "CONFIG_SYN_COOKIES=y", BS_KCFG_SYN_COOKIES },
		{ "CONFIG_IPV6_SEG6_BPF=y", BS_KCFG_IPV6_SEG6_BPF },
		{ "CONFIG_ARCH_HAS_NON_OVERLAPPING_ADDRESS_SPACE=y", BS_KCFG_NON_OVERLAPPING_AS },
	};
	uint32_t kcfg = BS_KCFG_NO_LOCKDOWN_READ | BS_KCFG_NO_LOCKDOWN_WRITE;
	uint32_t forced = 0;  /* lockdown forced at build time, if securityfs is not there */
	gzFile gz = gzopen("/proc/config.gz", "rb");
	char line[512];
	FILE *f;

	if (!gz)
		return BS_KCFG_DEFAULT;
	while (gzgets(gz, line, sizeof(line))) {
		line[strcspn(line, "\n")] = 0;
		for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
			if (strcmp(line, opts[i].opt) == 0)
				kcfg |= opts[i].bit;
		if (strcmp(line, "CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y") == 0)
			forced = BS_KCFG_NO_LOCKDOWN_WRITE;
		if (strcmp(line, "CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY=y") == 0)
			forced = BS_KCFG_NO_LOCKDOWN_WRITE | BS_KCFG_NO_LOCKDOWN_READ;
	}
	gzclose(gz);
	/* "none [integrity] confidentiality": integrity closes
	 * LOCKDOWN_BPF_WRITE_USER, confidentiality LOCKDOWN_BPF_READ_KERNEL. */
	f = fopen("/sys/kernel/security/lockdown", "r");
	if (f) {
		if (fgets(line, sizeof(line), f)) {
			if (strstr(line, "[integrity]"))
				kcfg &= ~BS_KCFG_NO_LOCKDOWN_WRITE;
			if (strstr(line, "[confidentiality]"))
				kcfg &= ~(BS_KCFG_NO_LOCKDOWN_WRITE | BS_KCFG_NO_LOCKDOWN_READ);
		}
		fclose(f);
	} else {
		kcfg &= ~forced;
	}
	return kcfg;
}

/* 1: offered, 0: not offered, -1: the program type did not load at all. */
static int kernel_offers(const struct probe_cfg *c, int32_t id, char *log, size_t len)
{
	struct bs_insn insns[3] = { pl_call(id), pl_mov_imm(0, 0), pl_exit() };
	int err = pload(insns, 3, c->prog_type, c->attach_type,
			c->sleepable ? PL_F_SLEEPABLE : 0, log, len);

	if (err == 0)
		return 1;
	if (strstr(log, "unknown func ") || strstr(log, "cannot use helper "))
		return 0;
	if (!log[0])
		return -1;   /* rejected before the verifier ran: type not built in */
	return 1;
}

Test(helpers_kernel, availability_matrix, .timeout = 120)
{
	static char log[1 << 16];
	uint32_t kcfg = host_kcfg();
	int err = pload_available();
	unsigned agree = 0, mism = 0, types = 0;

	if (err)
		cr_skip_test("bpf(BPF_PROG_LOAD) not permitted here: %s", strerror(err));
	for (size_t i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		const struct probe_cfg *c = &cfgs[i];
		struct bs_helper_query q = { .prog_type = c->prog_type,
					     .attach_type = c->attach_type,
					     .sleepable = c->sleepable, .kcfg = kcfg };
		bool loaded = false;

		for (int32_t id = 1; id <= BS_HELPER_MAX_ID; id++) {
			int k = kernel_offers(c, id, log, sizeof(log));
			bool ours = bs_plat_helper_proto_q(&q, id) != NULL;

			if (k < 0)
				break;
			loaded = true;
			if (k == (int)ours) {
				agree++;
				continue;
			}
			mism++;
			cr_log_error("%s: %s#%d: kernel %s, table %s", c->tag,
				     bs_plat_helper_name(id), id, k ? "offers" : "refuses",
				     ours ? "offers" : "refuses");
		}
		if (loaded)
			types++;
		else
			cr_log_info("%s: does not load on this kernel, not compared", c->tag);
	}
	cr_log_info("helper availability: %u program/attach types x %d helpers: %u agree, "
		    "%u differ", types, BS_HELPER_MAX_ID, agree, mism);
	cr_expect(types > 0);
	cr_expect_eq(mism, 0, "%u (type, helper) pairs differ from the kernel", mism);
}

/* bpf(BPF_PROG_LOAD) with a licence of our choice (pload always says "GPL").
 * The prefix of union bpf_attr up to expected_attach_type. */
struct lic_attr {
	uint32_t prog_type, insn_cnt;
	uint64_t insns, license;
	uint32_t log_level, log_size;
	uint64_t log_buf;
	uint32_t kern_version, prog_flags;
	char prog_name[16];
	uint32_t prog_ifindex, expected_attach_type;
	uint8_t rest[64];
};

static void load_with_license(const struct probe_cfg *c, int32_t id, const char *license,
			      char *log, size_t len)
{
	/* call id; r0 = 0; exit, encoded by hand (little-endian bpf_insn) */
	uint64_t insns[3] = { 0x85 | ((uint64_t)(uint32_t)id << 32), 0xb7, 0x95 };
	struct lic_attr a;
	long fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = c->prog_type;
	a.insn_cnt = 3;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.license = (uint64_t)(uintptr_t)license;
	a.log_level = 1;
	a.log_size = (uint32_t)len;
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.prog_flags = c->sleepable ? PL_F_SLEEPABLE : 0;
	a.expected_attach_type = c->attach_type;
	log[0] = 0;
	fd = syscall(__NR_bpf, 5 /* BPF_PROG_LOAD */, &a, sizeof(a));
	if (fd >= 0)
		close((int)fd);
}

Test(helpers_kernel, proto_flags, .timeout = 120)
{
	static char log[1 << 16];
	uint32_t kcfg = host_kcfg();
	int err = pload_available();
	unsigned checked = 0, mism = 0;

	if (err)
		cr_skip_test("bpf(BPF_PROG_LOAD) not permitted here: %s", strerror(err));
	for (size_t i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		const struct probe_cfg *c = &cfgs[i];
		struct bs_helper_query q = { .prog_type = c->prog_type,
					     .attach_type = c->attach_type,
					     .sleepable = c->sleepable, .kcfg = kcfg };

		for (int32_t id = 1; id <= BS_HELPER_MAX_ID; id++) {
			const struct bs_helper_proto *p = bs_plat_helper_proto_q(&q, id);
			bool k_gpl, k_sleep;

			if (!p)
				continue;
			load_with_license(c, id, "Proprietary", log, sizeof(log));
			if (!log[0])
				break;   /* type not built in (see availability_matrix) */
			k_gpl = strstr(log, "cannot call GPL-restricted function") != NULL;
			load_with_license(c, id, "GPL", log, sizeof(log));
			k_sleep = strstr(log, "helper call might sleep in a non-sleepable prog") != NULL;
			checked++;
			if (k_gpl != !!(p->flags & BS_HP_GPL_ONLY)) {
				mism++;
				cr_log_error("%s: %s: kernel gpl_only=%d, table %s gpl_only=%d", c->tag,
					     bs_plat_helper_name(id), k_gpl, p->sym,
					     !!(p->flags & BS_HP_GPL_ONLY));
			}
			if (k_sleep != (!c->sleepable && (p->flags & BS_HP_MIGHT_SLEEP))) {
				mism++;
				cr_log_error("%s: %s: kernel might_sleep=%d, table %s might_sleep=%d",
					     c->tag, bs_plat_helper_name(id), k_sleep, p->sym,
					     !!(p->flags & BS_HP_MIGHT_SLEEP));
			}
		}
	}
	cr_log_info("helper prototype flags: %u (type, helper) pairs checked, %u differ", checked,
		    mism);
	cr_expect_gt(checked, 0);
	cr_expect_eq(mism, 0, "%u prototype flags differ from the kernel", mism);
}
