/* The program-type table against the host kernel's verifier (Linux 6.18):
 * every (offset, size) of every loadable context, for loads (LDX), register
 * stores (STX) and immediate stores (ST), for each relevant
 * expected_attach_type; the return ranges at their boundaries; the attach
 * types BPF_PROG_LOAD accepts; what pointer a context load yields; packet
 * writes, LD_ABS and bpf_tail_call per type. Programs are loaded, never
 * attached. Skips when bpf() is not permitted. About 100k tiny loads. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bpfsight/platform_progs.h"
#include "bpfsight/uapi.h"
#include "pload.h"

struct cfg {
	uint32_t type, attach;
};

/* every loadable (type, attach) whose context rules may differ; tracing,
 * lsm, struct_ops, ext fail before verification here, lirc_mode2 is not
 * configured in this kernel */
static const struct cfg cfgs[] = {
	{ BS_PROG_SOCKET_FILTER, 0 },
	{ BS_PROG_KPROBE, 0 },
	{ BS_PROG_SCHED_CLS, 0 },
	{ BS_PROG_SCHED_ACT, 0 },
	{ BS_PROG_TRACEPOINT, 0 },
	{ BS_PROG_XDP, 0 },
	{ BS_PROG_XDP, BS_ATTACH_XDP_DEVMAP },
	{ BS_PROG_XDP, BS_ATTACH_XDP_CPUMAP },
	{ BS_PROG_PERF_EVENT, 0 },
	{ BS_PROG_CGROUP_SKB, BS_ATTACH_CGROUP_INET_INGRESS },
	{ BS_PROG_CGROUP_SKB, BS_ATTACH_CGROUP_INET_EGRESS },
	{ BS_PROG_CGROUP_SOCK, 0 },
	{ BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET_SOCK_RELEASE },
	{ BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET4_POST_BIND },
	{ BS_PROG_CGROUP_SOCK, BS_ATTACH_CGROUP_INET6_POST_BIND },
	{ BS_PROG_LWT_IN, 0 },
	{ BS_PROG_LWT_OUT, 0 },
	{ BS_PROG_LWT_XMIT, 0 },
	{ BS_PROG_LWT_SEG6LOCAL, 0 },
	{ BS_PROG_SOCK_OPS, 0 },
	{ BS_PROG_SK_SKB, 0 },
	{ BS_PROG_SK_SKB, BS_ATTACH_SK_SKB_STREAM_PARSER },
	{ BS_PROG_SK_SKB, BS_ATTACH_SK_SKB_VERDICT },
	{ BS_PROG_CGROUP_DEVICE, 0 },
	{ BS_PROG_SK_MSG, 0 },
	{ BS_PROG_RAW_TRACEPOINT, 0 },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_BIND },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_BIND },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_CONNECT },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_CONNECT },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_CONNECT },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_GETPEERNAME },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_GETPEERNAME },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_GETPEERNAME },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET4_GETSOCKNAME },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_INET6_GETSOCKNAME },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_GETSOCKNAME },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UDP4_SENDMSG },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UDP6_SENDMSG },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_SENDMSG },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UDP4_RECVMSG },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UDP6_RECVMSG },
	{ BS_PROG_CGROUP_SOCK_ADDR, BS_ATTACH_CGROUP_UNIX_RECVMSG },
	{ BS_PROG_SK_REUSEPORT, 0 },
	{ BS_PROG_SK_REUSEPORT, BS_ATTACH_SK_REUSEPORT_SELECT_OR_MIGRATE },
	{ BS_PROG_FLOW_DISSECTOR, 0 },
	{ BS_PROG_CGROUP_SYSCTL, 0 },
	{ BS_PROG_RAW_TRACEPOINT_WRITABLE, 0 },
	{ BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_GETSOCKOPT },
	{ BS_PROG_CGROUP_SOCKOPT, BS_ATTACH_CGROUP_SETSOCKOPT },
	{ BS_PROG_SK_LOOKUP, BS_ATTACH_SK_LOOKUP },
	{ BS_PROG_SYSCALL, 0 },
	{ BS_PROG_NETFILTER, BS_ATTACH_NETFILTER },
};
#define NCFG (sizeof(cfgs) / sizeof(cfgs[0]))

static char logbuf[16384];

static void skip_unless_bpf(void)
{
	int err = pload_available();

	if (err)
		cr_skip_test("bpf(BPF_PROG_LOAD) not permitted here: %s", strerror(err));
}

static uint32_t flags_of(uint32_t type)
{
	const struct bs_prog_type_info *pt = bs_plat_prog_type(type);

	return pt && (pt->flags & BS_PT_SLEEPABLE) ? PL_F_SLEEPABLE : 0;
}

/* a return value the table says this (type, attach) accepts */
static int32_t good_ret(uint32_t type, uint32_t attach)
{
	const struct bs_prog_ret *r = bs_plat_ret_range(type, attach);

	return r && r->kind == BS_RET_RANGE ? r->min : 0;
}

static int load(const struct cfg *c, const struct bs_insn *p, size_t n)
{
	return pload(p, n, c->type, c->attach, flags_of(c->type), logbuf, sizeof(logbuf));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* offsets probed for a context: all of [-8, size + 8), or for the big
 * untyped buffers their head and tail (an insn offset is an s16) */
static int next_off(uint32_t ctx_size, int off)
{
	int end = ctx_size > 32767 ? 32767 : (int)ctx_size;

	off++;
	if (ctx_size > 512 && off == 72)
		off = end - 64;
	return off < end + 8 && off <= 32767 ? off : INT32_MAX;
}

enum acc { ACC_LDX, ACC_STX, ACC_ST, ACC__N };
static const char *const acc_name[] = { "load", "stx", "st" };

Test(ctx_kernel, access_matrix, .timeout = 300)
{
	static const int sizes[] = { 1, 2, 4, 8 };
	unsigned long probes = 0, bad = 0, badmsg = 0;
	double t0;

	skip_unless_bpf();
	t0 = now();
	for (size_t ci = 0; ci < NCFG; ci++) {
		const struct cfg *c = &cfgs[ci];
		const struct bs_prog_type_info *pt = bs_plat_prog_type(c->type);
		int32_t k = good_ret(c->type, c->attach);

		cr_assert(pt, "no row for type %u", c->type);
		for (int off = -8; off != INT32_MAX; off = next_off(pt->ctx_size, off)) {
			for (int si = 0; si < 4; si++) {
				for (int a = 0; a < ACC__N; a++) {
					int size = sizes[si];
					struct bs_insn p[4];
					struct bs_ctx_access acc;
					size_t n = 0;
					int err;
					bool kernel_ok;

					if (a == ACC_LDX) {
						p[n++] = pl_ldx(size, 0, 1, off);
					} else if (a == ACC_STX) {
						p[n++] = pl_mov_imm(2, 0);
						p[n++] = pl_stx(size, 1, 2, off);
					} else {
						p[n++] = pl_st(size, 1, off, 0);
					}
					p[n++] = pl_mov_imm(0, k);
					p[n++] = pl_exit();
					err = load(c, p, n);
					probes++;
					kernel_ok = err == 0;
					cr_assert(bs_plat_ctx_access(c->type, c->attach, off, size,
								     a != ACC_LDX, &acc) == 0);
					if (kernel_ok != acc.allowed) {
						char last[256];

						pload_last_line(logbuf, last, sizeof(last));
						if (bad++ < 40)
							cr_log_error("%s/%u %s off=%d size=%d: kernel %s (%s), "
								     "table %s (%s)",
								     bs_prog_type_name(c->type), c->attach,
								     acc_name[a], off, size,
								     kernel_ok ? "accepts" : "rejects", last,
								     acc.allowed ? "allows" : "denies",
								     acc.field ? acc.field->name : "-");
					} else if (!kernel_ok) {
						char last[256], want[256];

						pload_last_line(logbuf, last, sizeof(last));
						snprintf(want, sizeof(want), bs_plat_msg(BS_MSG_CTX_ACCESS),
							 off, size);
						if (strcmp(last, want) && badmsg++ < 10)
							cr_log_error("%s/%u %s off=%d size=%d: message '%s'",
								     bs_prog_type_name(c->type), c->attach,
								     acc_name[a], off, size, last);
					}
				}
			}
		}
	}
	cr_log_info("ctx access matrix: %lu loads in %.2f s, %lu disagreements, %lu other messages",
		    probes, now() - t0, bad, badmsg);
	cr_assert_eq(bad, 0, "%lu of %lu (type, attach, off, size, access) disagree", bad, probes);
	cr_assert_eq(badmsg, 0);
}

/* offsets far outside every context, loads and stores */
Test(ctx_kernel, far_offsets)
{
	static const int offs[] = { -32768, -4096, -512, -16, 512, 4096, 32760 };
	unsigned long bad = 0;

	skip_unless_bpf();
	for (size_t ci = 0; ci < NCFG; ci++) {
		const struct cfg *c = &cfgs[ci];

		for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
			for (int size = 1; size <= 8; size *= 2) {
				for (int w = 0; w < 2; w++) {
					struct bs_insn p[] = {
						w ? pl_st(size, 1, offs[i], 0) : pl_ldx(size, 0, 1, offs[i]),
						pl_mov_imm(0, good_ret(c->type, c->attach)),
						pl_exit(),
					};
					struct bs_ctx_access acc;
					bool kernel_ok = load(c, p, 3) == 0;

					cr_assert(bs_plat_ctx_access(c->type, c->attach, offs[i], size,
								     w, &acc) == 0);
					if (kernel_ok != acc.allowed && bad++ < 20)
						cr_log_error("%s/%u %s off=%d size=%d: kernel %s",
							     bs_prog_type_name(c->type), c->attach,
							     w ? "st" : "load", offs[i], size,
							     kernel_ok ? "accepts" : "rejects");
				}
			}
		}
	}
	cr_assert_eq(bad, 0);
}

/* a sign-extending load of a pointer field is refused; of a scalar field not */
Test(ctx_kernel, ldsx)
{
	unsigned long bad = 0;

	skip_unless_bpf();
	for (size_t ci = 0; ci < NCFG; ci++) {
		const struct cfg *c = &cfgs[ci];
		const struct bs_prog_type_info *pt = bs_plat_prog_type(c->type);

		for (uint32_t i = 0; i < pt->nfields; i++) {
			const struct bs_ctx_field *f = &pt->fields[i];
			struct bs_ctx_access acc;
			int size = f->rd & BS_SZ4 ? 4 : f->rd & BS_SZ2 ? 2 : f->rd & BS_SZ1 ? 1 : 0;

			if (!size || bs_plat_ctx_access(c->type, c->attach, (int32_t)f->off, size, false,
							&acc) || !acc.allowed)
				continue;
			struct bs_insn p[] = { pl_ldsx(size, 0, 1, (int)f->off),
					       pl_mov_imm(0, good_ret(c->type, c->attach)), pl_exit() };
			bool kernel_ok = load(c, p, 3) == 0;

			if (kernel_ok == acc.no_ldsx && bad++ < 20)
				cr_log_error("%s/%u ldsx%d %s: kernel %s", bs_prog_type_name(c->type),
					     c->attach, size, f->name, kernel_ok ? "accepts" : "rejects");
		}
	}
	cr_assert_eq(bad, 0);
}

/* what a pointer-valued field yields, seen through a dereference */
Test(ctx_kernel, pointer_kinds)
{
	unsigned long checked = 0, bad = 0;

	skip_unless_bpf();
	for (size_t ci = 0; ci < NCFG; ci++) {
		const struct cfg *c = &cfgs[ci];
		const struct bs_prog_type_info *pt = bs_plat_prog_type(c->type);
		int32_t k = good_ret(c->type, c->attach);

		for (uint32_t i = 0; i < pt->nfields; i++) {
			const struct bs_ctx_field *f = &pt->fields[i];
			struct bs_ctx_access acc;
			int lsize = f->rd & BS_SZ8 ? 8 : 4;
			char want[128] = "", last[256];
			struct bs_insn p[5];
			size_t n = 0;
			bool want_ok = false;
			int err;

			if (f->val == BS_CV_SCALAR ||
			    bs_plat_ctx_access(c->type, c->attach, (int32_t)f->off, lsize, false,
					       &acc) || !acc.allowed)
				continue;
			p[n++] = pl_ldx(lsize, 2, 1, (int)f->off);
			switch (f->val) {
			case BS_CV_PKT:
			case BS_CV_PKT_META:
				p[n++] = pl_ldx(1, 0, 2, 0);
				snprintf(want, sizeof(want), bs_plat_msg(BS_MSG_PKT_OUTSIDE), 2);
				break;
			case BS_CV_PKT_END:
			case BS_CV_SOCK_COMMON_OR_NULL:
			case BS_CV_SOCKET_OR_NULL:
				p[n++] = pl_ldx(1, 0, 2, 0);
				snprintf(want, sizeof(want), bs_plat_msg(BS_MSG_MEM_ACCESS), 2,
					 bs_plat_ctx_val_name(f->val));
				break;
			case BS_CV_SOCKET:
				p[n++] = pl_ldx(4, 0, 2, 4); /* bpf_sock.family */
				want_ok = true;
				break;
			case BS_CV_FLOW_KEYS:
				p[n++] = pl_ldx(4, 0, 2, 56); /* one past struct bpf_flow_keys */
				snprintf(want, sizeof(want), bs_plat_msg(BS_MSG_FLOW_KEYS), 56, 4);
				break;
			case BS_CV_TP_BUFFER:
				p[n++] = pl_ldx(1, 0, 2, 0);
				want_ok = true;
				break;
			case BS_CV_BTF_ID_TRUSTED:
				/* first member: u8 nf_hook_state.hook, sk_buff.next */
				p[n++] = pl_ldx(strcmp(f->btf_name, "sk_buff") ? 1 : 8, 0, 2, 0);
				want_ok = true;
				break;
			}
			p[n++] = pl_mov_imm(0, k);
			p[n++] = pl_exit();
			err = load(c, p, n);
			pload_last_line(logbuf, last, sizeof(last));
			checked++;
			if (want_ok ? err != 0 : (err == 0 || strcmp(last, want))) {
				if (bad++ < 20)
					cr_log_error("%s/%u %s (%s): kernel err=%d '%s', want '%s'",
						     bs_prog_type_name(c->type), c->attach, f->name,
						     bs_plat_ctx_val_name(f->val), err, last,
						     want_ok ? "accept" : want);
			}
		}
	}
	cr_log_info("pointer kinds: %lu fields checked", checked);
	cr_assert_gt(checked, 30);
	cr_assert_eq(bad, 0);
}

/* a maybe-NULL socket is usable after the NULL check */
Test(ctx_kernel, or_null_after_check)
{
	skip_unless_bpf();
	const struct cfg c = { BS_PROG_SCHED_CLS, 0 };
	struct bs_insn p[] = {
		pl_ldx(8, 2, 1, 168),                    /* __sk_buff.sk */
		{ .code = BS_JMP | BS_JEQ | BS_K, .dst = 2, .off = 1 },
		pl_ldx(4, 0, 2, 4),
		pl_mov_imm(0, 0),
		pl_exit(),
	};
	cr_assert_eq(load(&c, p, 5), 0, "%s", logbuf);
}

/* check_return_code() at the boundaries of every range, and the message */
Test(ctx_kernel, return_ranges)
{
	unsigned long bad = 0, probes = 0;

	skip_unless_bpf();
	for (size_t ci = 0; ci < NCFG; ci++) {
		const struct cfg *c = &cfgs[ci];
		const struct bs_prog_ret *r = bs_plat_ret_range(c->type, c->attach);
		int32_t ks[] = { -1, 0, 1, 2, 3, 4, 0x7fffffff, 0, 0, 0, 0 };
		size_t nk = 7;

		cr_assert(r && (r->kind == BS_RET_RANGE || r->kind == BS_RET_UNCHECKED));
		if (r->kind == BS_RET_RANGE) {
			ks[nk++] = r->min - 1;
			ks[nk++] = r->min;
			ks[nk++] = r->max;
			ks[nk++] = r->max + 1;
		}
		for (size_t i = 0; i < nk; i++) {
			struct bs_insn p[] = { pl_mov_imm(0, ks[i]), pl_exit() };
			bool want = r->kind == BS_RET_UNCHECKED || (ks[i] >= r->min && ks[i] <= r->max);
			int err = load(c, p, 2);
			char last[256], want_msg[256];

			probes++;
			if ((err == 0) != want) {
				if (bad++ < 20)
					cr_log_error("%s/%u r0=%d: kernel err=%d", bs_prog_type_name(c->type),
						     c->attach, ks[i], err);
				continue;
			}
			if (want)
				continue;
			pload_last_line(logbuf, last, sizeof(last));
			snprintf(want_msg, sizeof(want_msg), "%s the register %s has smin=%d smax=%d"
				 " should have been in [%d, %d]", bs_plat_msg(BS_MSG_EXIT_MAIN), "R0",
				 ks[i], ks[i], r->min, r->max);
			if (strcmp(last, want_msg) && bad++ < 20)
				cr_log_error("message '%s', want '%s'", last, want_msg);
		}
	}
	cr_log_info("return ranges: %lu loads", probes);
	cr_assert_eq(bad, 0);
}

/* the expected_attach_type values BPF_PROG_LOAD accepts per type */
Test(ctx_kernel, attach_types)
{
	static const uint32_t types[] = {
		BS_PROG_SOCKET_FILTER, BS_PROG_KPROBE, BS_PROG_SCHED_CLS, BS_PROG_SCHED_ACT,
		BS_PROG_TRACEPOINT, BS_PROG_XDP, BS_PROG_PERF_EVENT, BS_PROG_CGROUP_SKB,
		BS_PROG_CGROUP_SOCK, BS_PROG_LWT_IN, BS_PROG_LWT_OUT, BS_PROG_LWT_XMIT,
		BS_PROG_SOCK_OPS, BS_PROG_SK_SKB, BS_PROG_CGROUP_DEVICE, BS_PROG_SK_MSG,
		BS_PROG_RAW_TRACEPOINT, BS_PROG_CGROUP_SOCK_ADDR, BS_PROG_LWT_SEG6LOCAL,
		BS_PROG_SK_REUSEPORT, BS_PROG_FLOW_DISSECTOR, BS_PROG_CGROUP_SYSCTL,
		BS_PROG_RAW_TRACEPOINT_WRITABLE, BS_PROG_CGROUP_SOCKOPT, BS_PROG_SK_LOOKUP,
		BS_PROG_SYSCALL, BS_PROG_NETFILTER,
	};
	unsigned long bad = 0;

	skip_unless_bpf();
	for (size_t ti = 0; ti < sizeof(types) / sizeof(types[0]); ti++) {
		for (uint32_t at = 0; at < 64; at++) {
			const struct cfg c = { types[ti], at };
			struct bs_insn p[] = { pl_mov_imm(0, 1), pl_exit() };
			bool kernel_ok = load(&c, p, 2) == 0;

			if (kernel_ok != bs_plat_attach_ok(types[ti], at) && bad++ < 20)
				cr_log_error("%s attach %u: kernel %s", bs_prog_type_name(types[ti]), at,
					     kernel_ok ? "accepts" : "rejects");
		}
	}
	cr_assert_eq(bad, 0);
}

/* may_access_direct_pkt_data(WRITE), may_access_skb() and the availability
 * of bpf_tail_call, per configuration */
Test(ctx_kernel, type_flags)
{
	unsigned long bad = 0;

	skip_unless_bpf();
	for (size_t ci = 0; ci < NCFG; ci++) {
		const struct cfg *c = &cfgs[ci];
		const struct bs_prog_type_info *pt = bs_plat_prog_type(c->type);
		int32_t k = good_ret(c->type, c->attach);
		const struct bs_ctx_field *data = NULL, *end = NULL;
		char last[256];

		for (uint32_t i = 0; i < pt->nfields; i++) {
			struct bs_ctx_access acc;
			const struct bs_ctx_field *f = &pt->fields[i];

			if (bs_plat_ctx_access(c->type, c->attach, (int32_t)f->off,
					       f->rd & BS_SZ8 ? 8 : 4, false, &acc) || !acc.allowed)
				continue;
			if (f->val == BS_CV_PKT)
				data = f;
			if (f->val == BS_CV_PKT_END)
				end = f;
		}
		if (data && end) {
			for (int w = 0; w < 2; w++) {
				struct bs_insn p[] = {
					pl_ldx(data->rd & BS_SZ8 ? 8 : 4, 2, 1, (int)data->off),
					pl_ldx(end->rd & BS_SZ8 ? 8 : 4, 3, 1, (int)end->off),
					pl_mov_reg(4, 2),
					pl_add_imm(4, 1),
					pl_jgt_reg(4, 3, 1),
					w ? pl_st(1, 2, 0, 0) : pl_ldx(1, 0, 2, 0),
					pl_mov_imm(0, k),
					pl_exit(),
				};
				int err = load(c, p, 8);
				bool want = !w || (pt->flags & BS_PT_PKT_WRITE);

				pload_last_line(logbuf, last, sizeof(last));
				if ((err == 0) != want ||
				    (err && strcmp(last, bs_plat_msg(BS_MSG_PKT_WRITE)))) {
					if (bad++ < 20)
						cr_log_error("%s/%u packet %s: err=%d '%s'",
							     bs_prog_type_name(c->type), c->attach,
							     w ? "write" : "read", err, last);
				}
			}
		}
		{
			struct bs_insn p[] = {
				pl_mov_reg(6, 1),
				{ .code = BS_LD | BS_ABS | BS_B, .imm = 0 },
				pl_mov_imm(0, k),
				pl_exit(),
			};
			int err = load(c, p, 4);
			bool want = pt->flags & BS_PT_LD_ABS;

			pload_last_line(logbuf, last, sizeof(last));
			if ((err == 0) != want || (err && strcmp(last, bs_plat_msg(BS_MSG_LD_ABS)))) {
				if (bad++ < 20)
					cr_log_error("%s/%u LD_ABS: err=%d '%s'",
						     bs_prog_type_name(c->type), c->attach, err, last);
			}
		}
		{
			/* with R2 unset, an available helper fails its argument check */
			struct bs_insn p[] = { pl_call(12), pl_mov_imm(0, k), pl_exit() };
			bool avail;

			load(c, p, 3);
			pload_last_line(logbuf, last, sizeof(last));
			avail = strcmp(last, "R2 !read_ok") == 0;
			if (avail != !!(pt->flags & BS_PT_TAIL_CALL) && bad++ < 20)
				cr_log_error("%s/%u tail_call: '%s'", bs_prog_type_name(c->type),
					     c->attach, last);
		}
	}
	cr_assert_eq(bad, 0);
}
