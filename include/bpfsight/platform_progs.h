/* Program types of the Linux platform as data: for each enum bs_prog_type
 * what the Linux 6.18 verifier knows about it -- the context R1 points to
 * (layout, which (offset, size) loads and stores its is_valid_access callback
 * accepts, what a load yields), the return-value range check_return_code()
 * enforces, direct packet access, LD_ABS, capabilities and the
 * expected_attach_type values BPF_PROG_LOAD accepts.
 *
 * Sources: net/core/filter.c (*_is_valid_access), kernel/trace/bpf_trace.c,
 * kernel/bpf/cgroup.c, kernel/bpf/verifier.c (check_ctx_access,
 * check_return_code, may_access_direct_pkt_data, may_access_skb),
 * kernel/bpf/syscall.c (bpf_prog_load, bpf_prog_load_check_attach),
 * net/netfilter/nf_bpf_link.c, drivers/media/rc/bpf-lirc.c; offsets from the
 * vmlinux BTF of Linux 6.18. tests/platform/test_ctx_kernel.c re-checks every
 * row against the host verifier; tests/platform/test_ctx_layout.c re-checks
 * the offsets against /sys/kernel/btf/vmlinux. */
#ifndef BPFSIGHT_PLATFORM_PROGS_H
#define BPFSIGHT_PLATFORM_PROGS_H

#include <stdbool.h>
#include <stdint.h>

/* Access sizes as a bit mask (BS_SZ(n) for n = 1, 2, 4, 8). */
#define BS_SZ1 0x1
#define BS_SZ2 0x2
#define BS_SZ4 0x4
#define BS_SZ8 0x8
#define BS_SZ(n) ((n) == 1 ? BS_SZ1 : (n) == 2 ? BS_SZ2 : (n) == 4 ? BS_SZ4 : (n) == 8 ? BS_SZ8 : 0)

/* What a context load yields: the register type the kernel's is_valid_access
 * puts in info->reg_type. Second column: the kernel's reg_type_str() name, as
 * it appears in verifier messages ("R2 invalid mem access 'sock_or_null'").
 * For BTF_ID the field's btf_name completes the name ("trusted_ptr_sk_buff"). */
#define BS_CTX_VAL_LIST(X) \
	X(SCALAR, "scalar") \
	X(PKT, "pkt") \
	X(PKT_END, "pkt_end") \
	X(PKT_META, "pkt_meta") \
	X(SOCK_COMMON_OR_NULL, "sock_common_or_null") \
	X(SOCKET, "sock") \
	X(SOCKET_OR_NULL, "sock_or_null") \
	X(FLOW_KEYS, "flow_keys") \
	X(TP_BUFFER, "tp_buffer") \
	X(BTF_ID_TRUSTED, "trusted_ptr_")

enum bs_ctx_val {
#define X(n, s) BS_CV_##n,
	BS_CTX_VAL_LIST(X)
#undef X
	BS_CV__COUNT
};

/* Row flags */
#define BS_CF_START_ONLY 0x01 /* kernel matches `case offsetof(...)`: narrow loads only at off */
#define BS_CF_NO_LDSX    0x02 /* sign-extending loads (BPF_MEMSX) rejected (info->is_ldsx) */
#define BS_CF_CAP_BPF    0x04 /* allowed only with CAP_BPF (cg_skb data/data_end, tstamp write) */
#define BS_CF_SYNTH      0x08 /* not a BTF member: padding or an untyped buffer range */
#define BS_CF_OFFLOAD_WR 0x10 /* also writable when the program is offloaded to a device */

/* One context range. An access (o, s) to the context matches the row when
 *   off <= o < off + (START_ONLY ? 1 : len)
 * and is allowed when, in addition, o % s == 0, s is in the read (write) size
 * mask, o + s <= off + span, and expected_attach_type is in rd_attach
 * (wr_attach); 0 in an attach mask means any attach type. Rows of one context
 * do not overlap; bytes no row covers are never accessible. */
struct bs_ctx_field {
	const char *name;      /* BTF member name ("cb", "remote_ip6", "args[1]") */
	uint32_t off;
	uint32_t len;          /* bytes the kernel's switch (off) matches */
	uint32_t span;         /* limit for o + s, from off; 0 means len */
	uint8_t rd;            /* allowed load sizes (BS_SZ*), 0: not readable */
	uint8_t wr;            /* allowed store sizes (STX and ST), 0: not writable */
	uint8_t val;           /* enum bs_ctx_val of a load */
	uint8_t flags;         /* BS_CF_* */
	uint8_t field_size;    /* bpf_ctx_record_field_size() for narrow loads; 0: none */
	uint64_t rd_attach;    /* bit (1 << expected_attach_type) per allowed type; 0: any */
	uint64_t wr_attach;
	const char *btf_name;  /* struct name for BS_CV_BTF_ID_TRUSTED */
};

/* Return value check at program exit (check_return_code). */
enum bs_ret_kind {
	BS_RET_UNCHECKED,  /* any value; R0 must still be readable */
	BS_RET_RANGE,      /* scalar in [min, max] (64-bit signed bounds) */
	BS_RET_FROM_BTF,   /* range of the attach target (LSM hook: bpf_lsm_get_retval_range,
			    * 32-bit check); void LSM/struct_ops hooks: unchecked */
	BS_RET_LOAD_FAILS, /* this attach type cannot be loaded (tracing: -ENOTSUPP) */
};

#define BS_ANY_ATTACH UINT32_MAX
#define BS_RF_ENFORCE_ATTACH 0x1 /* cgroup_skb egress: values 2..3 set enforce_expected_attach_type */

struct bs_prog_ret {
	uint32_t attach;   /* expected_attach_type, or BS_ANY_ATTACH for the rest */
	uint8_t kind;      /* enum bs_ret_kind */
	uint8_t flags;     /* BS_RF_* */
	int32_t min, max;
};

/* Program type flags */
#define BS_PT_PKT          0x0001 /* may_access_direct_pkt_data(READ): helpers take pkt ptrs */
#define BS_PT_PKT_WRITE    0x0002 /* may_access_direct_pkt_data(WRITE): stores into packet */
#define BS_PT_LD_ABS       0x0004 /* may_access_skb(): BPF_LD_[ABS|IND] allowed */
#define BS_PT_TAIL_CALL    0x0008 /* bpf_tail_call is in the type's helper set */
#define BS_PT_CTX_BTF      0x0010 /* ctx typed by the attach target's BTF (btf_ctx_access) */
#define BS_PT_CAP_BPF      0x0020 /* loading needs CAP_BPF (all but socket_filter, cgroup_skb) */
#define BS_PT_CAP_NET_ADMIN 0x0040 /* is_net_admin_prog_type() */
#define BS_PT_CAP_PERFMON  0x0080 /* is_perfmon_prog_type() */
#define BS_PT_ATTACH_ANY   0x0100 /* bpf_prog_load_check_attach accepts any expected_attach_type */
#define BS_PT_SLEEPABLE    0x0200 /* must be loaded with BPF_F_SLEEPABLE (syscall) */
#define BS_PT_NEEDS_BTF_ID 0x0400 /* cannot load without attach_btf_id */
#define BS_PT_KCONFIG      0x0800 /* exists only with a kernel option (lirc: CONFIG_BPF_LIRC_MODE2) */
#define BS_PT_NEG_OFF_READ 0x1000 /* every aligned load at a negative offset passes: quirk of
				   * tp_prog_is_valid_access, whose `off < sizeof(void *)`
				   * compares the int off as size_t (seen on 6.18) */

struct bs_prog_type_info {
	uint32_t type;                  /* enum bs_prog_type */
	const char *ctx_name;           /* "struct __sk_buff"; NULL when typed by BTF */
	uint32_t ctx_size;              /* bytes of the ctx the kernel checks against */
	const struct bs_ctx_field *fields;
	uint32_t nfields;
	const struct bs_prog_ret *rets; /* first row whose attach matches, else BS_ANY_ATTACH row */
	uint32_t nrets;
	uint64_t attach_ok;             /* expected_attach_type values accepted at load (bit mask);
					 * unused with BS_PT_ATTACH_ANY */
	int32_t default_attach;         /* bpf_prog_load_fixup_attach_type(): 0 becomes this; -1 none */
	uint32_t flags;                 /* BS_PT_* */
	const char *src;                /* kernel function(s) the row mirrors */
};

/* The row of a program type, or NULL for UNSPEC and numbers the kernel does
 * not know. Static data, never freed. */
const struct bs_prog_type_info *bs_plat_prog_type(uint32_t prog_type);

/* resolve_prog_type(): an EXT program is checked as its target's type. */
uint32_t bs_plat_resolve_prog_type(uint32_t prog_type, uint32_t target_type);

/* Whether BPF_PROG_LOAD accepts expected_attach_type for prog_type (after the
 * kernel's fixup of 0 for cgroup_sock and sk_reuseport). */
bool bs_plat_attach_ok(uint32_t prog_type, uint32_t attach_type);

struct bs_ctx_access {
	bool allowed;
	uint8_t val;                      /* enum bs_ctx_val of a load */
	uint8_t field_size;               /* >size: narrow load of a field this wide */
	bool no_ldsx;                     /* a BPF_MEMSX load here is rejected */
	bool cap_bpf;                     /* allowed only with CAP_BPF */
	const struct bs_ctx_field *field; /* matching row, NULL when none */
};

/* Mirrors check_ctx_access() + <type>_is_valid_access() for a load (write =
 * false) or store (STX or ST) of size bytes at ctx offset off.
 * Returns BS_OK and fills *out (out->allowed = false is a rejected access,
 * kernel text BS_MSG_CTX_ACCESS), BS_ENOENT for an unknown program type, or
 * BS_EINVAL when the type's ctx is typed by BTF (tracing, lsm, struct_ops,
 * ext: see kernel/bpf/btf.c btf_ctx_access) or size is not 1, 2, 4 or 8. */
int bs_plat_ctx_access(uint32_t prog_type, uint32_t attach_type, int32_t off, int size,
		       bool write, struct bs_ctx_access *out);

/* tp_btf: whether the tracepoint tp is in the kernel's raw_tp_null_args[]
 * table (the 6.18 host's rows), and its mask there (per argument n: bit 4n the pointer may be
 * NULL, bit 4n+1 it may be an error pointer). */
bool bs_plat_raw_tp_null_args(const char *tp, uint64_t *mask);

/* check_return_code() for a program's main exit. Returns the matching row
 * (never NULL for a known type) or NULL for an unknown type. */
const struct bs_prog_ret *bs_plat_ret_range(uint32_t prog_type, uint32_t attach_type);

/* The kernel's reg_type_str() name of a load result ("pkt", "sock_or_null"). */
const char *bs_plat_ctx_val_name(uint32_t val);

/* Kernel texts of the checks above, as printf formats (Linux 6.18), for
 * report/ to reproduce. Append only. */
#define BS_PLAT_MSG_LIST(X) \
	X(CTX_ACCESS, "invalid bpf_context access off=%d size=%d") \
	X(CTX_MODIFIED, "dereference of modified ctx ptr R%d off=%d disallowed") \
	X(CTX_NEG_OFF, "negative offset ctx ptr R%d off=%d disallowed") \
	X(CTX_VAR_OFF, "variable ctx access var_off=%s disallowed") \
	X(CTX_LEAK, "R%d leaks addr into ctx") \
	X(FLOW_KEYS, "invalid access to flow keys off=%d size=%d") \
	X(SOCK_ACCESS, "R%d invalid %s access off=%d size=%d") \
	X(PKT_ACCESS, "invalid access to packet, off=%d size=%d, R%d(id=%d,off=%d,r=%d)") \
	X(PKT_OUTSIDE, "R%d offset is outside of the packet") \
	X(PKT_WRITE, "cannot write into packet") \
	X(MEM_ACCESS, "R%d invalid mem access '%s'") \
	X(LD_ABS, "BPF_LD_[ABS|IND] instructions not allowed for this program type") \
	X(RET_NOT_KNOWN, "%s the register R%d is not a known value (%s)") \
	X(RET_RANGE, "%s the register %s has") /* then SMIN and/or SMAX, or UNKNOWN */ \
	X(RET_RANGE_SMIN, " smin=%lld")        /* when smin > S64_MIN */ \
	X(RET_RANGE_SMAX, " smax=%lld")        /* when smax < S64_MAX */ \
	X(RET_RANGE_UNKNOWN, " unknown scalar value") \
	X(RET_RANGE_TAIL, " should have been in [%d, %d]") \
	X(RET_LEAK, "R%d leaks addr as return value") \
	X(RET_SUBPROG, "At subprogram exit the register R%d is not a scalar value (%s)") \
	X(EXIT_MAIN, "At program exit") \
	X(EXIT_ASYNC, "At async callback return") \
	X(LSM_VOID, "Note, BPF_LSM_CGROUP that attach to void LSM hooks can't modify return value!") \
	X(HELPER_UNAVAIL, "program of this type cannot use helper %s#%d")

enum bs_plat_msg {
#define X(n, s) BS_MSG_##n,
	BS_PLAT_MSG_LIST(X)
#undef X
	BS_MSG__COUNT
};

const char *bs_plat_msg(uint32_t msg);

#endif
