/* .BTF of real objects: facts checked against `bpftool btf dump file` (the
 * dumps are quoted next to each check), and every corpus object with BTF
 * compared type by type with bpftool. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "btf_test.h"

#define SAMPLES "corpus/ebpf-samples/"

/* bpftool: [10] STRUCT '(anon)' size=32 vlen=4 ... 'max_entries' type_id=8 bits_offset=192
 *          [15] ARRAY '(anon)' type_id=14 index_type_id=4 nr_elems=0
 *          [16] STRUCT '(anon)' size=24 vlen=4   [20] FUNC 'func' type_id=19 linkage=global
 *          [21] DATASEC '.maps' size=0 vlen=2 */
Test(btf_corpus, map_in_map)
{
	struct bs_btf *btf = bt_parse_obj(bt_shared(SAMPLES "build/map_in_map.o"), NULL);
	const struct bs_btf_type *t;
	const struct bs_btf_member *m;
	const struct bs_btf_array *a;
	uint32_t id;
	uint64_t sz;

	cr_assert_eq(bs_btf_type_cnt(btf), 22);
	t = bs_btf_type_by_id(btf, 10);
	cr_assert_eq(bs_btf_kind(t), BS_BTF_KIND_STRUCT);
	cr_assert_eq(t->size, 32);
	cr_assert_eq(bs_btf_vlen(t), 4);
	m = (const struct bs_btf_member *)bs_btf_type_extra(t) + 3;
	cr_assert_str_eq(bs_btf_str(btf, m->name_off), "max_entries");
	cr_assert_eq(m->type, 8);
	cr_assert_eq(bs_btf_member_bit_off(t, m), 192);
	a = bs_btf_type_extra(bs_btf_type_by_id(btf, 15));
	cr_assert_eq(a->type, 14);
	cr_assert_eq(a->index_type, 4);
	cr_assert_eq(a->nelems, 0);
	cr_assert_eq(bs_btf_find_by_name_kind(btf, "func", BS_BTF_KIND_FUNC), 20);
	cr_assert_eq(bs_btf_find_by_name_kind(btf, "func", BS_BTF_KIND_VAR), 0);
	cr_assert_eq(bs_btf_find_by_name_kind(btf, ".maps", BS_BTF_KIND_DATASEC), 21);
	cr_assert_eq(bs_btf_vlen(bs_btf_type_by_id(btf, 21)), 2);
	cr_assert_eq(bs_btf_resolve_size(btf, 16, &sz), BS_OK);
	cr_assert_eq(sz, 24);
	cr_assert_eq(bs_btf_resolve_size(btf, 15, &sz), BS_OK);
	cr_assert_eq(sz, 0);
	/* [6] TYPEDEF 'uint32_t' type_id=7, [7] INT 'unsigned int' */
	t = bs_btf_skip_mods(btf, 6, &id);
	cr_assert_eq(id, 7);
	cr_assert_str_eq(bs_btf_str(btf, t->name_off), "unsigned int");
	cr_assert_null(bs_btf_type_by_id(btf, 0));
	cr_assert_null(bs_btf_type_by_id(btf, 22));
	cr_assert_eq(bs_btf_resolve_size(btf, 20, &sz), BS_EINVAL);
	cr_assert_eq(bs_btf_resolve_size(btf, 0, &sz), BS_EINVAL);
	bs_btf_free(btf);
}

/* bpftool: [10] CONST '(anon)' type_id=5  [5] VOLATILE type_id=6
 *          [6] TYPEDEF 'uint32_t' type_id=7  [14] VAR 'global_array' type_id=12
 *          [12] ARRAY '(anon)' type_id=5 index_type_id=13 nr_elems=10 */
Test(btf_corpus, global_variable)
{
	struct bs_btf *btf = bt_parse_obj(bt_shared(SAMPLES "build/global_variable.o"), NULL);
	uint32_t id;
	uint64_t sz;

	cr_assert_eq(bs_btf_type_cnt(btf), 18);
	cr_assert_not_null(bs_btf_skip_mods(btf, 10, &id));
	cr_assert_eq(id, 7);
	cr_assert_eq(bs_btf_resolve_size(btf, 14, &sz), BS_OK);
	cr_assert_eq(sz, 40);
	cr_assert_str_eq(bs_btf_type_name(btf, 14), "global_array");
	cr_assert_str_eq(bs_btf_type_name(btf, 12), "");
	cr_assert_str_eq(bs_btf_type_name(btf, 999), "");
	bs_btf_free(btf);
}

/* bpftool: 291 types; [161] STRUCT 'lb4_key' size=12 vlen=6 with
 * 'backend_slot' type_id=9 bits_offset=48; [291] DATASEC 'license' */
Test(btf_corpus, cilium_sock)
{
	struct bs_btf *btf = bt_parse_obj(bt_shared(SAMPLES "cilium-core/bpf_sock.o"), NULL);
	const struct bs_btf_type *t;
	const struct bs_btf_member *m;
	uint32_t id;

	cr_assert_eq(bs_btf_type_cnt(btf), 292);
	id = bs_btf_find_by_name_kind(btf, "lb4_key", BS_BTF_KIND_STRUCT);
	cr_assert_eq(id, 161);
	t = bs_btf_type_by_id(btf, id);
	cr_assert_eq(t->size, 12);
	cr_assert_eq(bs_btf_vlen(t), 6);
	m = (const struct bs_btf_member *)bs_btf_type_extra(t) + 2;
	cr_assert_str_eq(bs_btf_str(btf, m->name_off), "backend_slot");
	cr_assert_eq(m->type, 9);
	cr_assert_eq(bs_btf_member_bit_off(t, m), 48);
	cr_assert_eq(bs_btf_find_by_name_kind(btf, "license", BS_BTF_KIND_DATASEC), 291);
	bs_btf_free(btf);
}

/* tests/data/btf/types.c, dumped by bpftool:
 * [9] STRUCT 'flags' size=80 vlen=13: 'b' type_id=3 bits_offset=3 bitfield_size=5
 * [10] DECL_TAG 'flags_tag' type_id=9 component_idx=-1
 * [18] FLOAT 'double' size=8   [20] ENUM 'color' size=4 vlen=3 ('BLUE' val=-1)
 * [35] TYPE_TAG 'user' type_id=6   [39] DECL_TAG 'arg_tag' type_id=38 component_idx=0 */
Test(btf_corpus, all_kinds)
{
	struct bs_btf *btf = bt_parse_obj(BT_DATA "types.bpfel.o", NULL);
	const struct bs_btf_type *t;
	const struct bs_btf_member *m;
	const struct bs_btf_enum *e;

	cr_assert_eq(bs_btf_type_cnt(btf), 51);
	t = bs_btf_type_by_id(btf, 9);
	cr_assert_eq(t->size, 80);
	cr_assert(bs_btf_kflag(t));
	m = (const struct bs_btf_member *)bs_btf_type_extra(t) + 1;
	cr_assert_eq(bs_btf_member_bit_off(t, m), 3);
	cr_assert_eq(bs_btf_member_bitfield_size(t, m), 5);
	t = bs_btf_type_by_id(btf, 10);
	cr_assert_eq(bs_btf_kind(t), BS_BTF_KIND_DECL_TAG);
	cr_assert_eq(((const struct bs_btf_decl_tag *)bs_btf_type_extra(t))->component_idx, -1);
	t = bs_btf_type_by_id(btf, 39);
	cr_assert_eq(((const struct bs_btf_decl_tag *)bs_btf_type_extra(t))->component_idx, 0);
	cr_assert_eq(t->type, 38);
	t = bs_btf_type_by_id(btf, 18);
	cr_assert_eq(bs_btf_kind(t), BS_BTF_KIND_FLOAT);
	cr_assert_eq(t->size, 8);
	t = bs_btf_type_by_id(btf, 20);
	e = (const struct bs_btf_enum *)bs_btf_type_extra(t) + 2;
	cr_assert_str_eq(bs_btf_str(btf, e->name_off), "BLUE");
	cr_assert_eq(e->val, -1);
	t = bs_btf_type_by_id(btf, 35);
	cr_assert_eq(bs_btf_kind(t), BS_BTF_KIND_TYPE_TAG);
	cr_assert_str_eq(bs_btf_type_name(btf, 35), "user");
	cr_assert_eq(bs_btf_find_by_name_kind(btf, "user", BS_BTF_KIND_TYPE_TAG), 35);
	cr_assert_eq(bt_bpftool_check(BT_DATA "types.bpfel.o", btf) != 0, 1);
	bs_btf_free(btf);
}

/* The same source compiled for big-endian BPF: after swapping, the blob is
 * byte for byte the little-endian one, and bpftool agrees type by type. */
Test(btf_corpus, big_endian_equals_little)
{
	struct bs_btf *el = bt_parse_obj(BT_DATA "types.bpfel.o", NULL);
	struct bs_btf *eb = bt_parse_obj(BT_DATA "types.bpfeb.o", NULL);
	const void *a, *b;
	size_t la, lb;

	a = bs_btf_raw(el, &la);
	b = bs_btf_raw(eb, &lb);
	cr_assert_eq(la, lb);
	cr_assert_eq(memcmp(a, b, la), 0);
	cr_assert_eq(*(const uint16_t *)b, 0xeB9F);
	bt_bpftool_check(BT_DATA "types.bpfeb.o", eb);
	bs_btf_free(el);
	bs_btf_free(eb);
}

static int has_btf(const char *path)
{
	void *d;
	size_t n;

	if (bt_elf_section(path, ".BTF", &d, &n))
		return 0;
	free(d);
	return 1;
}

/* Every object of these corpus folders that has .BTF parses, agrees with
 * bpftool on every type, and its .BTF.ext (if any) parses too. */
Test(btf_corpus, every_object_matches_bpftool)
{
	static const char *const dirs[] = {
		"build", "cilium-core", "cilium-examples", "new_linux", "linux",
		"cilium", "falco", "ovs", "suricata", "prototype-kernel",
	};
	char dir[1024], path[2048];
	struct bs_btf_ext *ext;
	struct bs_errbuf ebuf;
	struct bs_btf *btf;
	struct dirent *de;
	size_t i, n = 0;
	long checked;
	void *d;
	size_t len;
	DIR *dp;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(dir, sizeof(dir), "%s", bt_shared(SAMPLES));
		strncat(dir, dirs[i], sizeof(dir) - strlen(dir) - 1);
		dp = opendir(dir);
		if (!dp)
			continue;
		while ((de = readdir(dp))) {
			if (!strstr(de->d_name, ".o"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			if (!has_btf(path))
				continue;
			btf = bt_parse_obj(path, NULL);
			checked = bt_bpftool_check(path, btf);
			if (checked >= 0)
				cr_assert_eq((uint32_t)checked + 1, bs_btf_type_cnt(btf));
			if (!bt_elf_section(path, ".BTF.ext", &d, &len)) {
				memset(&ebuf, 0, sizeof(ebuf));
				ext = bs_btf_ext_parse(d, len, btf, path, &ebuf);
				free(d);
				cr_assert_not_null(ext, "%s", ebuf.msg);
				bs_btf_ext_free(ext);
			}
			bs_btf_free(btf);
			n++;
		}
		closedir(dp);
	}
	cr_log_info("btf_corpus: %zu objects with BTF checked", n);
	cr_assert_geq(n, 50, "corpus not found under %s?", bt_shared(""));
}
