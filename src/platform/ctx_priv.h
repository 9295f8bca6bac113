/* Private to platform/: the per-context row tables (ctx_*.c) and the macros
 * they are written with. Offsets are the vmlinux BTF offsets of Linux 6.18
 * (bpftool btf dump file /sys/kernel/btf/vmlinux); tests/platform/
 * test_ctx_layout.c re-derives them from the running kernel's BTF. */
#ifndef BS_PLATFORM_CTX_PRIV_H
#define BS_PLATFORM_CTX_PRIV_H

#include <stdint.h>

#include "bpfsight/platform_progs.h"
#include "bpfsight/uapi.h"

#define SZ_N (BS_SZ1 | BS_SZ2 | BS_SZ4)   /* bpf_ctx_narrow_access_ok(off, size, 4) */
#define SZ_ALL (SZ_N | BS_SZ8)
#define AT(x) (1ULL << BS_ATTACH_##x)

/* read-only scalar; narrow loads record field size 4 when sizes are SZ_N */
#define R(nm, o, l, sz) \
	{ .name = nm, .off = o, .len = l, .rd = sz, .val = BS_CV_SCALAR, \
	  .field_size = ((sz) == SZ_N ? 4 : 0) }
/* readable and writable scalar */
#define RW(nm, o, l, rsz, wsz) \
	{ .name = nm, .off = o, .len = l, .rd = rsz, .wr = wsz, .val = BS_CV_SCALAR, \
	  .field_size = ((rsz) == SZ_N ? 4 : 0) }
/* read-only pointer of kind v, loaded with size sz */
#define P(nm, o, l, sz, v, fl) \
	{ .name = nm, .off = o, .len = l, .rd = sz, .val = BS_CV_##v, .flags = fl }
/* bytes that are never accessible but sit inside a field the kernel lists */
#define NONE(nm, o, l) { .name = nm, .off = o, .len = l, .flags = BS_CF_SYNTH }

#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* Row tables, sized so that prog_types.c can count them at compile time; a
 * size that does not match the definition is a compile error there. */
#define BS_SKB_ROWS 35
extern const struct bs_ctx_field bs_ctx_sk_filter[BS_SKB_ROWS], bs_ctx_tc[BS_SKB_ROWS],
	bs_ctx_cg_skb[BS_SKB_ROWS], bs_ctx_lwt[BS_SKB_ROWS], bs_ctx_sk_skb[BS_SKB_ROWS],
	bs_ctx_flow_dissector[BS_SKB_ROWS], bs_ctx_xdp[6];                  /* ctx_net.c */
extern const struct bs_ctx_field bs_ctx_sock[15], bs_ctx_sock_addr[11], bs_ctx_sock_ops[44],
	bs_ctx_sk_msg[11], bs_ctx_sk_reuseport[10], bs_ctx_sk_lookup[12]; /* ctx_sock.c */
extern const struct bs_ctx_field bs_ctx_cg_dev[3], bs_ctx_sysctl[2],
	bs_ctx_sockopt[7];                                                 /* ctx_cgroup.c */
extern const struct bs_ctx_field bs_ctx_kprobe[21], bs_ctx_tracepoint[2], bs_ctx_perf_event[23],
	bs_ctx_raw_tp[1], bs_ctx_raw_tp_w[2], bs_ctx_lirc[1], bs_ctx_netfilter[2],
	bs_ctx_syscall[1];                                                 /* ctx_trace.c */

#endif
