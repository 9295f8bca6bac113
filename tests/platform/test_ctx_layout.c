/* The context offsets of the program-type table against the running
 * kernel's BTF (/sys/kernel/btf/vmlinux): every row naming a member must sit
 * at that member's offset with its size, and ctx_size must be the struct's
 * size. A minimal reader of the raw BTF blob, so the test needs no other
 * module. Skips when the file is absent. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/platform_progs.h"
#include "bpfsight/uapi.h"

struct btf_hdr {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
};

static uint8_t *blob;
static size_t blob_len;
static const uint8_t *types;
static const char *strs;
static uint32_t *type_at; /* offset of type id i in types[] */
static uint32_t ntypes;

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

#define KIND(info) (((info) >> 24) & 0x1f)
#define VLEN(info) ((info) & 0xffff)

static size_t extra(uint32_t info)
{
	switch (KIND(info)) {
	case 1: case 14: case 17: return 4;           /* INT, VAR, DECL_TAG */
	case 3: return 12;                            /* ARRAY */
	case 4: case 5: case 15: case 19: return 12u * VLEN(info);
	case 6: case 13: return 8u * VLEN(info);      /* ENUM, FUNC_PROTO */
	default: return 0;
	}
}

static bool load_btf(void)
{
	FILE *f = fopen("/sys/kernel/btf/vmlinux", "rb");
	struct btf_hdr h;
	size_t cap = 1 << 20;

	if (!f)
		return false;
	blob = malloc(cap);
	while (blob) {
		blob_len += fread(blob + blob_len, 1, cap - blob_len, f);
		if (blob_len < cap)
			break;
		cap *= 2;
		blob = realloc(blob, cap);
	}
	fclose(f);
	cr_assert(blob && blob_len >= sizeof(h));
	memcpy(&h, blob, sizeof(h));
	cr_assert_eq(h.magic, 0xeB9F);
	cr_assert_leq((size_t)h.hdr_len + h.str_off + h.str_len, blob_len);
	types = blob + h.hdr_len + h.type_off;
	strs = (const char *)blob + h.hdr_len + h.str_off;
	type_at = calloc(h.type_len / 12 + 2, sizeof(*type_at));
	cr_assert(type_at);
	for (uint32_t off = 0; off + 12 <= h.type_len; off += 12 + (uint32_t)extra(rd32(types + off + 4)))
		type_at[++ntypes] = off;
	return true;
}

static void free_btf(void)
{
	free(blob);
	free(type_at);
}

static uint32_t resolve(uint32_t id)
{
	while (id && id <= ntypes) {
		uint32_t k = KIND(rd32(types + type_at[id] + 4));

		if (k != 8 && k != 9 && k != 10 && k != 11 && k != 18)
			break;
		id = rd32(types + type_at[id] + 8);
	}
	return id;
}

static uint32_t type_size(uint32_t id)
{
	const uint8_t *t;

	id = resolve(id);
	t = types + type_at[id];
	switch (KIND(rd32(t + 4))) {
	case 2: return 8;
	case 3: return rd32(t + 20) * type_size(rd32(t + 12));
	default: return rd32(t + 8);
	}
}

static uint32_t struct_by_name(const char *name)
{
	for (uint32_t id = 1; id <= ntypes; id++) {
		const uint8_t *t = types + type_at[id];

		if (KIND(rd32(t + 4)) == 4 && !strcmp(strs + rd32(t), name))
			return id;
	}
	return 0;
}

/* member `name` of struct/union sid, looking through anonymous members;
 * returns its type id and adds its byte offset to *off, or 0 */
static uint32_t member(uint32_t sid, const char *name, uint32_t *off)
{
	const uint8_t *t = types + type_at[sid];
	uint32_t info = rd32(t + 4);

	for (uint32_t i = 0; i < VLEN(info); i++) {
		const uint8_t *m = t + 12 + 12 * i;
		uint32_t bits = rd32(m + 8), mtype = resolve(rd32(m + 4));
		uint32_t moff = ((info >> 31) ? (bits & 0xffffff) : bits) / 8;
		uint32_t k = KIND(rd32(types + type_at[mtype] + 4));

		if (rd32(m) == 0 && (k == 4 || k == 5)) {
			uint32_t sub = moff, r = member(mtype, name, &sub);

			if (r) {
				*off += sub;
				return r;
			}
		} else if (!strcmp(strs + rd32(m), name)) {
			*off += moff;
			return rd32(m + 4);
		}
	}
	return 0;
}

static const char *ctx_struct(uint32_t type)
{
	switch (type) {
	case BS_PROG_SOCKET_FILTER: case BS_PROG_SCHED_CLS: case BS_PROG_SCHED_ACT:
	case BS_PROG_CGROUP_SKB: case BS_PROG_LWT_IN: case BS_PROG_LWT_OUT:
	case BS_PROG_LWT_XMIT: case BS_PROG_LWT_SEG6LOCAL: case BS_PROG_SK_SKB:
	case BS_PROG_FLOW_DISSECTOR:
		return "__sk_buff";
	case BS_PROG_XDP: return "xdp_md";
	case BS_PROG_CGROUP_SOCK: return "bpf_sock";
	case BS_PROG_CGROUP_SOCK_ADDR: return "bpf_sock_addr";
	case BS_PROG_SOCK_OPS: return "bpf_sock_ops";
	case BS_PROG_SK_MSG: return "sk_msg_md";
	case BS_PROG_SK_REUSEPORT: return "sk_reuseport_md";
	case BS_PROG_SK_LOOKUP: return "bpf_sk_lookup";
	case BS_PROG_CGROUP_DEVICE: return "bpf_cgroup_dev_ctx";
	case BS_PROG_CGROUP_SYSCTL: return "bpf_sysctl";
	case BS_PROG_CGROUP_SOCKOPT: return "bpf_sockopt";
	case BS_PROG_PERF_EVENT: return "bpf_perf_event_data";
	case BS_PROG_KPROBE: return "pt_regs";
	case BS_PROG_NETFILTER: return "bpf_nf_ctx";
	default: return NULL;
	}
}

Test(ctx_layout, offsets_match_vmlinux_btf)
{
	unsigned long rows = 0;

	if (!load_btf())
		cr_skip_test("no /sys/kernel/btf/vmlinux");
	for (uint32_t type = 1; type <= BS_PROG_NETFILTER; type++) {
		const struct bs_prog_type_info *pt = bs_plat_prog_type(type);
		const char *sname = ctx_struct(type);
		uint32_t sid = sname ? struct_by_name(sname) : 0;

		if (!sname)
			continue;
		cr_assert(sid, "struct %s not in BTF", sname);
		cr_assert_eq(type_size(sid), pt->ctx_size, "sizeof(struct %s)", sname);
		for (uint32_t i = 0; i < pt->nfields; i++) {
			const struct bs_ctx_field *f = &pt->fields[i];
			char name[64];
			char *br;
			uint32_t off = 0, tid, idx = 0, size;

			if (f->flags & BS_CF_SYNTH)
				continue;
			snprintf(name, sizeof(name), "%s", f->name);
			br = strchr(name, '[');
			if (br) {
				idx = (uint32_t)atoi(br + 1);
				*br = 0;
			}
			tid = member(sid, name, &off);
			if (!tid && type == BS_PROG_PERF_EVENT)  /* regs at offset 0 */
				tid = member(struct_by_name("pt_regs"), name, &off);
			cr_assert(tid, "%s: no member %s", sname, f->name);
			size = type_size(tid);
			if (br) {
				const uint8_t *a = types + type_at[resolve(tid)];

				cr_assert_eq(KIND(rd32(a + 4)), 3, "%s.%s", sname, name);
				size = type_size(rd32(a + 12));
				off += idx * size;
			}
			cr_assert_eq(f->off, off, "%s.%s: table %u, BTF %u", sname, f->name, f->off, off);
			cr_assert_eq(f->len, size, "%s.%s: table %u bytes, BTF %u", sname, f->name,
				     f->len, size);
			rows++;
		}
	}
	cr_log_info("ctx layout: %lu rows match vmlinux BTF", rows);
	cr_assert_gt(rows, 300);
	free_btf();
}
