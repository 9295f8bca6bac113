/* Socket pointer loads as data: the accessible fields of struct bpf_sock
 * (uapi, 80 bytes), struct bpf_tcp_sock (112 bytes up to icsk_retransmits)
 * and struct bpf_xdp_sock; source net/core/filter.c (v6.18), offsets from
 * include/uapi/linux/bpf.h. */
#include "bpfsight/platform_sock.h"

struct sock_field {
	int32_t off, len;   /* bytes the kernel's switch matches */
	int8_t narrow;      /* narrow loads allowed up to this field size; 0: full only */
	bool common;        /* also through a sock_common pointer */
};

/* struct bpf_sock: bound_dev_if 0, family 4, type 8, protocol 12, mark 16,
 * priority 20, src_ip4 24, src_ip6 28, src_port 44, dst_port 48 (be16,
 * 50-51 padding), dst_ip4 52, dst_ip6 56, state 72, rx_queue_mapping 76 */
static const struct sock_field bpf_sock_fields[] = {
	{ 0, 4, 0, true },    /* bound_dev_if: full size only */
	{ 4, 4, 4, true },    /* family */
	{ 8, 4, 4, false },   /* type: not through sock_common */
	{ 12, 4, 4, false },  /* protocol */
	{ 16, 4, 0, false },  /* mark */
	{ 20, 4, 0, false },  /* priority */
	{ 24, 4, 4, true },   /* src_ip4 */
	{ 28, 16, 4, true },  /* src_ip6[4] */
	{ 44, 4, 4, true },   /* src_port */
	{ 48, 2, 2, true },   /* dst_port: a 4-byte load or loads within the be16 */
	{ 52, 4, 4, true },   /* dst_ip4 */
	{ 56, 16, 4, true },  /* dst_ip6[4] */
	{ 72, 4, 4, true },   /* state */
	{ 76, 4, 4, true },   /* rx_queue_mapping */
};

static bool bpf_sock_ok(int32_t off, int size, bool common)
{
	if (off < 0 || off >= 80 || off % size)
		return false;
	for (unsigned i = 0; i < sizeof(bpf_sock_fields) / sizeof(bpf_sock_fields[0]); i++) {
		const struct sock_field *f = &bpf_sock_fields[i];

		if (off < f->off || off >= f->off + (f->off == 48 ? 4 : f->len))
			continue;
		if (common && !f->common)
			return false;
		if (f->off == 48) /* dst_port: field size 4 for 4-byte loads, else 2 */
			return off < 50 && (size == 4 ? off == 48 : size <= 2);
		if (!f->narrow)
			return size == 4 && off == f->off;
		return size <= f->narrow;
	}
	return false;
}

/* struct bpf_tcp_sock: u32 fields up to icsk_retransmits (108), except the
 * u64 bytes_received (80) and bytes_acked (88) */
static bool tcp_sock_ok(int32_t off, int size)
{
	if (off < 0 || off >= 112 || off % size)
		return false;
	if (off == 80 || off == 88)
		return size == 8;
	return size == 4;
}

bool bs_plat_sock_access(enum bs_sock_kind kind, int32_t off, int size)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return false;
	switch (kind) {
	case BS_SOCK:
		return bpf_sock_ok(off, size, false);
	case BS_SOCK_COMMON:
		return bpf_sock_ok(off, size, true);
	case BS_TCP_SOCK:
		return tcp_sock_ok(off, size);
	case BS_XDP_SOCK: /* queue_id */
		return off == 0 && size == 4;
	}
	return false;
}
