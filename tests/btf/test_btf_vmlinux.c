/* The running kernel's BTF, checked against the UAPI headers (layouts that
 * cannot change) and type by type against bpftool's dump. */
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <linux/bpf.h>

#include "btf_test.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

static struct bs_btf *load_vmlinux(void)
{
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf;

	if (access(VMLINUX, R_OK)) {
		cr_log_warn("btf_vmlinux: %s not readable, skipping", VMLINUX);
		cr_skip_test("no " VMLINUX);
	}
	btf = bs_btf_load_file(NULL, NULL, &eb);
	cr_assert_not_null(btf, "%s", eb.msg);
	return btf;
}

static const struct bs_btf_member *member(const struct bs_btf *btf, const struct bs_btf_type *t,
					  const char *name)
{
	const struct bs_btf_member *m = bs_btf_type_extra(t);
	unsigned i;

	for (i = 0; i < bs_btf_vlen(t); i++, m++)
		if (!strcmp(bs_btf_str(btf, m->name_off), name))
			return m;
	return NULL;
}

Test(btf_vmlinux, uapi_layouts)
{
	struct bs_btf *btf = load_vmlinux();
	static const struct { const char *name; size_t off; } xdp[] = {
		{ "data", offsetof(struct xdp_md, data) },
		{ "data_end", offsetof(struct xdp_md, data_end) },
		{ "data_meta", offsetof(struct xdp_md, data_meta) },
		{ "ingress_ifindex", offsetof(struct xdp_md, ingress_ifindex) },
		{ "rx_queue_index", offsetof(struct xdp_md, rx_queue_index) },
		{ "egress_ifindex", offsetof(struct xdp_md, egress_ifindex) },
	};
	const struct bs_btf_type *t;
	const struct bs_btf_member *m;
	uint32_t id;
	uint64_t sz;
	char buf[64];
	size_t i;

	id = bs_btf_find_by_name_kind(btf, "__sk_buff", BS_BTF_KIND_STRUCT);
	cr_assert_neq(id, 0);
	cr_assert_eq(bs_btf_resolve_size(btf, id, &sz), BS_OK);
	cr_assert_eq(sz, sizeof(struct __sk_buff));
	m = member(btf, bs_btf_type_by_id(btf, id), "data_end");
	cr_assert_not_null(m);
	cr_assert_eq(m->offset, 8 * offsetof(struct __sk_buff, data_end));

	id = bs_btf_find_by_name_kind(btf, "xdp_md", BS_BTF_KIND_STRUCT);
	cr_assert_neq(id, 0);
	t = bs_btf_type_by_id(btf, id);
	cr_assert_eq(t->size, sizeof(struct xdp_md));
	cr_assert_eq(bs_btf_vlen(t), 6);
	for (i = 0; i < 6; i++) {
		m = (const struct bs_btf_member *)bs_btf_type_extra(t) + i;
		cr_assert_str_eq(bs_btf_str(btf, m->name_off), xdp[i].name);
		cr_assert_eq(bs_btf_member_bit_off(t, m), 8 * xdp[i].off);
		bs_btf_type_str(btf, m->type, buf, sizeof(buf));
		cr_assert_str_eq(buf, "__u32");
	}
	bs_btf_free(btf);
}

/* struct iphdr's first byte is two 4-bit bitfields (kind_flag layout);
 * ttl is byte 8 (RFC 791). */
Test(btf_vmlinux, iphdr_bitfields)
{
	struct bs_btf *btf = load_vmlinux();
	uint32_t id = bs_btf_find_by_name_kind(btf, "iphdr", BS_BTF_KIND_STRUCT);
	const struct bs_btf_type *t = bs_btf_type_by_id(btf, id);
	const struct bs_btf_member *m;
	char buf[64];

	cr_assert_not_null(t);
	cr_assert_eq(t->size, 20);
	m = member(btf, t, "version");
	cr_assert_not_null(m);
	cr_assert_eq(bs_btf_member_bitfield_size(t, m), 4);
	m = member(btf, t, "ttl");
	cr_assert_not_null(m);
	cr_assert_eq(bs_btf_member_bit_off(t, m), 64);
	cr_assert_gt(bs_btf_type_str(btf, id, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "struct iphdr");
	bs_btf_free(btf);
}

Test(btf_vmlinux, matches_bpftool)
{
	struct bs_btf *btf = load_vmlinux();
	long n = bt_bpftool_check(VMLINUX, btf);

	if (n < 0)
		cr_log_warn("btf_vmlinux: bpftool not found, comparison skipped");
	else
		cr_assert_gt(n, 1000);
	bs_btf_free(btf);
}

/* Every type can be spelled and every sized type resolves. */
Test(btf_vmlinux, walk_all)
{
	struct bs_btf *btf = load_vmlinux();
	uint32_t id, n = bs_btf_type_cnt(btf);
	char buf[256];
	uint64_t sz;

	for (id = 1; id < n; id++) {
		cr_assert_geq(bs_btf_type_str(btf, id, buf, sizeof(buf)), 0);
		if (bs_btf_kind(bs_btf_type_by_id(btf, id)) == BS_BTF_KIND_STRUCT)
			cr_assert_eq(bs_btf_resolve_size(btf, id, &sz), BS_OK);
	}
	bs_btf_free(btf);
}
