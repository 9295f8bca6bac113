/* Tracing and miscellaneous contexts (Linux 6.18): struct pt_regs for kprobe
 * (kprobe_prog_is_valid_access), the perf tracepoint record
 * (tp_prog_is_valid_access), bpf_perf_event_data (pe_prog_is_valid_access),
 * bpf_raw_tracepoint_args (bpf_tracing_ctx_access; raw_tp_writable_prog_...),
 * all in kernel/trace/bpf_trace.c; lirc (drivers/media/rc/bpf-lirc.c),
 * bpf_nf_ctx (net/netfilter/nf_bpf_link.c), syscall (kernel/bpf/syscall.c).
 * Offsets: vmlinux BTF of Linux 6.18 on x86-64. */
#include "ctx_priv.h"

/* x86-64 struct pt_regs: 21 unsigned longs. kprobe: any size, aligned. */
#define PT_REGS(r, w) \
	r("r15", 0, 8, w), r("r14", 8, 8, w), r("r13", 16, 8, w), r("r12", 24, 8, w), \
	r("bp", 32, 8, w), r("bx", 40, 8, w), r("r11", 48, 8, w), r("r10", 56, 8, w), \
	r("r9", 64, 8, w), r("r8", 72, 8, w), r("ax", 80, 8, w), r("cx", 88, 8, w), \
	r("dx", 96, 8, w), r("si", 104, 8, w), r("di", 112, 8, w), r("orig_ax", 120, 8, w), \
	r("ip", 128, 8, w), r("csx", 136, 8, w), r("flags", 144, 8, w), r("sp", 152, 8, w), \
	r("ssx", 160, 8, w)

const struct bs_ctx_field bs_ctx_kprobe[] = { PT_REGS(R, SZ_ALL) };

/* the first 8 bytes of the record hold a hidden struct pt_regs pointer;
 * PERF_MAX_TRACE_SIZE is 8192 */
const struct bs_ctx_field bs_ctx_tracepoint[] = {
	NONE("__regs", 0, 8),
	{ .name = "record", .off = 8, .len = 8184, .rd = SZ_ALL, .flags = BS_CF_SYNTH },
};

/* regs: exactly sizeof(long); sample_period, addr: narrow loads of a u64 */
const struct bs_ctx_field bs_ctx_perf_event[] = {
	PT_REGS(R, BS_SZ8),
	{ .name = "sample_period", .off = 168, .len = 8, .rd = SZ_ALL, .field_size = 8 },
	{ .name = "addr", .off = 176, .len = 8, .rd = SZ_ALL, .field_size = 8 },
};

/* u64 args[MAX_BPF_FUNC_ARGS = 12], loads of any aligned size */
const struct bs_ctx_field bs_ctx_raw_tp[] = {
	{ .name = "args", .off = 0, .len = 96, .rd = SZ_ALL, .flags = BS_CF_SYNTH },
};

/* raw_tp_writable_prog_is_valid_access: offset 0 is the writable tracepoint
 * buffer pointer (8-byte load only); other offsets as raw_tp */
const struct bs_ctx_field bs_ctx_raw_tp_w[] = {
	{ .name = "args[0]", .off = 0, .len = 1, .span = 8, .rd = BS_SZ8, .val = BS_CV_TP_BUFFER,
	  .flags = BS_CF_SYNTH },
	{ .name = "args", .off = 1, .len = 95, .rd = SZ_ALL, .flags = BS_CF_SYNTH },
};

/* lirc_mode2_is_valid_access: one u32 sample, 4-byte load at 0 */
const struct bs_ctx_field bs_ctx_lirc[] = {
	{ .name = "sample", .off = 0, .len = 4, .rd = BS_SZ4, .flags = BS_CF_SYNTH },
};

/* nf_is_valid_access: two trusted BTF pointers, 8-byte loads */
const struct bs_ctx_field bs_ctx_netfilter[] = {
	{ .name = "state", .off = 0, .len = 8, .rd = BS_SZ8, .val = BS_CV_BTF_ID_TRUSTED,
	  .btf_name = "nf_hook_state" },
	{ .name = "skb", .off = 8, .len = 8, .rd = BS_SZ8, .val = BS_CV_BTF_ID_TRUSTED,
	  .btf_name = "sk_buff" },
};

/* syscall_prog_is_valid_access: a user buffer; loads and stores of any
 * aligned size at offsets below U16_MAX (no check of off + size) */
const struct bs_ctx_field bs_ctx_syscall[] = {
	{ .name = "ctx", .off = 0, .len = 65535, .span = 65535 + 7, .rd = SZ_ALL, .wr = SZ_ALL,
	  .flags = BS_CF_SYNTH },
};
