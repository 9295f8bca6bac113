/* Maps of an object, as libbpf creates them: legacy `struct bpf_map_def`
 * entries in a "maps" section (any per-entry size), BTF-defined maps in
 * ".maps" (attributes encoded as pointer-to-array types), and one internal
 * array map per global data section (.data*, .rodata*, .bss*).
 * requires: sections, symbols and BTF read (reader.c). */
#include <string.h>

#include "bpfsight/uapi.h"
#include "elf_priv.h"

#define BPF_F_RDONLY_PROG (1U << 7)
#define INNER_PENDING 0x40000000 /* inner_map_idx read, not yet resolved */

static struct bs_map *new_map(struct reader *r)
{
	struct bs_object *o = r->obj;
	struct bs_map *m;

	/* maps live in the arena: double and copy (the old copy is garbage
	 * until the object is freed, at most as large as the final array) */
	if (o->nmaps == r->maps_cap) {
		size_t cap = r->maps_cap ? 2 * r->maps_cap : 16;

		m = bs_arena_alloc(&o->arena, cap * sizeof(*m));
		if (!m)
			return NULL;
		if (o->nmaps)
			memcpy(m, o->maps, o->nmaps * sizeof(*m));
		o->maps = m;
		r->maps_cap = cap;
	}
	m = &o->maps[o->nmaps++];
	m->inner_map = -1;
	return m;
}

static uint32_t rd32(const struct reader *r, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return r->obj->big_endian ? __builtin_bswap32(v) : v;
}

/* mirrors libbpf's legacy bpf_object__init_user_maps(): the section size
 * divided by the number of symbols gives the definition size */
static int legacy_maps_in(struct reader *r, uint32_t sec)
{
	const struct elf_sec *s = bs_elf_sec(r, sec);
	size_t nr = 0, def_sz;

	for (size_t i = 0; i < r->nsyms; i++)
		if (r->syms[i].shndx == sec && r->syms[i].type != STT_SECTION)
			nr++;
	if (!nr)
		return BS_OK;
	if (!s->data || s->size % nr)
		return bs_elf_fail(r, BS_EFORMAT,
				   "section 'maps': cannot determine the map definition size: "
				   "%zu maps in %zu bytes", nr, s->size);
	def_sz = s->size / nr;
	if (def_sz < 4)
		return bs_elf_fail(r, BS_EFORMAT, "section '%s': map definitions of %zu bytes",
				   s->name, def_sz);
	for (size_t i = 0; i < r->nsyms; i++) {
		const struct elf_sym *sym = &r->syms[i];
		uint32_t f[9] = { 0 };
		struct bs_map *m;

		if (sym->shndx != sec || sym->type == STT_SECTION)
			continue;
		if (sym->value > s->size || def_sz > s->size - sym->value)
			return bs_elf_fail(r, BS_EFORMAT,
					   "section '%s': map '%s' at 0x%llx runs past the end (0x%zx)",
					   s->name, sym->name, (unsigned long long)sym->value, s->size);
		for (size_t k = 0; k < 9 && (k + 1) * 4 <= def_sz; k++)
			f[k] = rd32(r, s->data + sym->value + k * 4);
		m = new_map(r);
		if (!m)
			return BS_ENOMEM;
		m->name = sym->name;
		m->type = f[0];
		m->key_size = f[1];
		m->value_size = f[2];
		m->max_entries = f[3];
		m->map_flags = f[4];
		m->origin = BS_MAPDEF_LEGACY;
		m->sec_idx = sec;
		m->sec_off = sym->value;
		m->def_size = (uint32_t)def_sz;
		/* map-in-map: the inner map's index among the legacy maps is
		 * inner_idx, the ninth field of iproute2's 36-byte bpf_elf_map,
		 * or inner_map_idx, the sixth of the older 24/28-byte bpf_map_def */
		if ((m->type == BS_MAP_ARRAY_OF_MAPS || m->type == BS_MAP_HASH_OF_MAPS) && def_sz >= 24)
			m->inner_map = (int32_t)(def_sz >= 36 ? f[8] : f[5]) | INNER_PENDING;
	}
	return BS_OK;
}

static int legacy_maps(struct reader *r)
{
	size_t first = r->obj->nmaps;

	for (uint32_t i = 1; i < r->nsecs; i++) {
		int err;

		if (r->secs[i].kind == SEC_MAPS_LEGACY && (err = legacy_maps_in(r, i)))
			return err;
	}
	for (size_t i = first; i < r->obj->nmaps; i++) {
		struct bs_map *m = &r->obj->maps[i];
		uint32_t idx;
		int32_t at = -1;

		if (m->inner_map < 0 || !(m->inner_map & INNER_PENDING))
			continue;
		idx = (uint32_t)(m->inner_map & ~INNER_PENDING);
		/* by position in the same section, else by order of all of them */
		for (size_t k = first; k < r->obj->nmaps; k++) {
			const struct bs_map *c = &r->obj->maps[k];

			if (c->sec_idx == m->sec_idx && c->sec_off == (uint64_t)idx * m->def_size)
				at = (int32_t)k;
		}
		if (at < 0 && first + idx < r->obj->nmaps)
			at = (int32_t)(first + idx);
		m->inner_map = at != (int32_t)i ? at : -1;
	}
	return BS_OK;
}

/* ---- BTF-defined maps ---------------------------------------------------- */

/* `int (*name)[N]` encodes the integer N (libbpf's __uint()) */
static int btf_int_attr(struct reader *r, const char *map, const char *attr, uint32_t type,
			uint32_t *out)
{
	const struct bs_btf *btf = r->obj->btf;
	const struct bs_btf_type *t = bs_btf_skip_mods(btf, type, NULL);
	const struct bs_btf_type *a;

	if (!t || bs_btf_kind(t) != BS_BTF_KIND_PTR)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': attribute '%s' "
				   "is not a pointer to an array", map, attr);
	a = bs_btf_type_by_id(btf, t->type);
	if (!a || bs_btf_kind(a) != BS_BTF_KIND_ARRAY)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': attribute '%s' "
				   "does not point to an array", map, attr);
	*out = ((const struct bs_btf_array *)bs_btf_type_extra(a))->nelems;
	return BS_OK;
}

/* `T *key` gives the key type and its size (libbpf's __type()) */
static int btf_type_attr(struct reader *r, const char *map, const char *attr, uint32_t type,
			 uint32_t *type_id, uint32_t *size)
{
	const struct bs_btf *btf = r->obj->btf;
	const struct bs_btf_type *t = bs_btf_skip_mods(btf, type, NULL);
	uint64_t sz;

	if (!t || bs_btf_kind(t) != BS_BTF_KIND_PTR)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': attribute '%s' "
				   "is not a pointer", map, attr);
	if (bs_btf_resolve_size(btf, t->type, &sz) || sz > UINT32_MAX)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': cannot size the "
				   "type of '%s'", map, attr);
	*type_id = t->type;
	*size = (uint32_t)sz;
	return BS_OK;
}

static int btf_map_def(struct reader *r, const char *name, uint32_t def_type, int depth,
		       struct bs_map *m);

/* `__array(values, struct inner)`: an array of pointers to the inner map's
 * definition; for program arrays the element is a function prototype */
static int btf_inner_def(struct reader *r, const char *map, uint32_t type, uint32_t outer,
			 int depth)
{
	const struct bs_btf *btf = r->obj->btf;
	const struct bs_btf_type *t = bs_btf_skip_mods(btf, type, NULL);
	const struct bs_btf_type *p;
	struct bs_map *inner;
	int32_t idx;
	int err;

	if (!t || bs_btf_kind(t) != BS_BTF_KIND_ARRAY)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': 'values' is not "
				   "an array", map);
	p = bs_btf_skip_mods(btf, ((const struct bs_btf_array *)bs_btf_type_extra(t))->type, NULL);
	if (!p || bs_btf_kind(p) != BS_BTF_KIND_PTR)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': 'values' elements "
				   "are not pointers", map);
	t = bs_btf_skip_mods(btf, p->type, NULL);
	if (t && bs_btf_kind(t) == BS_BTF_KIND_FUNC_PROTO) {
		/* prog array initial values: no inner map, values are fds */
		if (!r->obj->maps[outer].value_size)
			r->obj->maps[outer].value_size = 4;
		return BS_OK;
	}
	if (!t || bs_btf_kind(t) != BS_BTF_KIND_STRUCT)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': 'values' elements "
				   "do not point to a map definition", map);
	if (depth > 0)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': nested inner maps",
				   map);
	idx = (int32_t)r->obj->nmaps;
	inner = new_map(r);
	if (!inner)
		return BS_ENOMEM;
	err = btf_map_def(r, map, p->type, depth + 1, inner);
	/* new_map() may have moved the array: index, don't keep pointers */
	r->obj->maps[idx].is_inner = true;
	r->obj->maps[idx].name = r->obj->maps[outer].name;
	r->obj->maps[outer].inner_map = idx;
	return err;
}

/* mirrors libbpf's parse_btf_map_def() */
static int btf_map_def(struct reader *r, const char *name, uint32_t def_type, int depth,
		       struct bs_map *m)
{
	const struct bs_btf *btf = r->obj->btf;
	const struct bs_btf_type *t = bs_btf_skip_mods(btf, def_type, NULL);
	const struct bs_btf_member *mem;
	uint32_t key_size = 0, value_size = 0, idx = (uint32_t)(m - r->obj->maps);
	int err = BS_OK;

	if (!t || bs_btf_kind(t) != BS_BTF_KIND_STRUCT)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s' is not a struct", name);
	mem = bs_btf_type_extra(t);
	for (unsigned i = 0; i < bs_btf_vlen(t) && !err; i++, mem++) {
		const char *a = bs_btf_str(btf, mem->name_off);

		m = &r->obj->maps[idx]; /* the array may move while parsing inner maps */
		if (!a || !*a)
			return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': unnamed "
					   "attribute %u", name, i);
		if (!strcmp(a, "type"))
			err = btf_int_attr(r, name, a, mem->type, &m->type);
		else if (!strcmp(a, "max_entries"))
			err = btf_int_attr(r, name, a, mem->type, &m->max_entries);
		else if (!strcmp(a, "map_flags"))
			err = btf_int_attr(r, name, a, mem->type, &m->map_flags);
		else if (!strcmp(a, "numa_node"))
			err = btf_int_attr(r, name, a, mem->type, &m->numa_node);
		else if (!strcmp(a, "pinning"))
			err = btf_int_attr(r, name, a, mem->type, &m->pinning);
		else if (!strcmp(a, "key_size"))
			err = btf_int_attr(r, name, a, mem->type, &key_size);
		else if (!strcmp(a, "value_size"))
			err = btf_int_attr(r, name, a, mem->type, &value_size);
		else if (!strcmp(a, "map_extra")) {
			uint32_t x;

			err = btf_int_attr(r, name, a, mem->type, &x);
			m->map_extra = x;
		} else if (!strcmp(a, "key"))
			err = btf_type_attr(r, name, a, mem->type, &m->btf_key_type, &m->key_size);
		else if (!strcmp(a, "value"))
			err = btf_type_attr(r, name, a, mem->type, &m->btf_value_type,
					    &m->value_size);
		else if (!strcmp(a, "values"))
			err = btf_inner_def(r, name, mem->type, idx, depth);
		else
			return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': unknown "
					   "attribute '%s'", name, a);
	}
	if (err)
		return err;
	m = &r->obj->maps[idx];
	if (key_size) {
		if (m->key_size && m->key_size != key_size)
			return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': key_size %u "
					   "conflicts with key type size %u", name, key_size, m->key_size);
		m->key_size = key_size;
	}
	if (value_size) {
		if (m->value_size && m->value_size != value_size)
			return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s': value_size %u "
					   "conflicts with value type size %u", name, value_size,
					   m->value_size);
		m->value_size = value_size;
	}
	/* map-in-map values are map fds */
	if (m->inner_map >= 0 && !m->value_size)
		m->value_size = 4;
	return BS_OK;
}

static int btf_maps(struct reader *r)
{
	const struct elf_sec *s = bs_elf_sec(r, r->maps_btf);
	const struct bs_btf *btf = r->obj->btf;
	const struct bs_btf_var_secinfo *vs;
	const struct bs_btf_type *ds;
	uint32_t id;

	if (!s)
		return BS_OK;
	if (!btf)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': BTF-defined maps but no .BTF");
	id = bs_btf_find_by_name_kind(btf, ".maps", BS_BTF_KIND_DATASEC);
	if (!id)
		return bs_elf_fail(r, BS_EFORMAT, "section '.maps': no DATASEC '.maps' in .BTF");
	ds = bs_btf_type_by_id(btf, id);
	vs = bs_btf_type_extra(ds);
	for (unsigned i = 0; i < bs_btf_vlen(ds); i++, vs++) {
		const struct bs_btf_type *var = bs_btf_type_by_id(btf, vs->type);
		struct bs_map *m;
		const char *name;
		uint64_t off;
		int err;

		if (!var || bs_btf_kind(var) != BS_BTF_KIND_VAR)
			return bs_elf_fail(r, BS_EFORMAT, "section '.maps': entry %u is not a variable",
					   i);
		name = bs_btf_str(btf, var->name_off);
		/* compilers leave DATASEC offsets 0 in objects (libbpf fixes them
		 * up from the symbols): the map's symbol gives its offset */
		off = vs->offset;
		for (size_t k = 0; k < r->nsyms; k++)
			if (r->syms[k].shndx == r->maps_btf && !strcmp(r->syms[k].name, name))
				off = r->syms[k].value;
		if (off > s->size || vs->size > s->size - off)
			return bs_elf_fail(r, BS_EFORMAT, "section '.maps': map '%s' at 0x%x size %u "
					   "beyond the section (0x%zx)", name, (unsigned)off, vs->size,
					   s->size);
		m = new_map(r);
		if (!m)
			return BS_ENOMEM;
		m->name = name;
		m->origin = BS_MAPDEF_BTF;
		m->sec_idx = r->maps_btf;
		m->sec_off = off;
		err = btf_map_def(r, name, var->type, 0, m);
		if (err)
			return err;
	}
	return BS_OK;
}

/* ---- global data ----------------------------------------------------------- */

static int data_maps(struct reader *r)
{
	for (uint32_t i = 1; i < r->nsecs; i++) {
		struct elf_sec *s = &r->secs[i];
		struct bs_map *m;

		if (s->kind != SEC_DATA || !s->size)
			continue;
		if (s->size > UINT32_MAX)
			return bs_elf_fail(r, BS_EFORMAT, "section '%s': %zu bytes of global data",
					   s->name, s->size);
		s->data_map = (int32_t)r->obj->nmaps;
		m = new_map(r);
		if (!m)
			return BS_ENOMEM;
		m->name = s->name;
		m->type = BS_MAP_ARRAY;
		m->key_size = 4;
		m->value_size = (uint32_t)s->size;
		m->max_entries = 1;
		m->origin = BS_MAPDEF_DATA;
		m->rdonly = !strncmp(s->name, ".rodata", 7);
		m->map_flags = m->rdonly ? BPF_F_RDONLY_PROG : 0;
		m->sec_idx = i;
		m->init = s->data;
		m->init_size = s->data ? s->size : 0;
		if (r->obj->btf)
			m->btf_value_type = bs_btf_find_by_name_kind(r->obj->btf, s->name,
								     BS_BTF_KIND_DATASEC);
	}
	return BS_OK;
}

int bs_elf_collect_maps(struct reader *r)
{
	int err;

	if ((err = legacy_maps(r)) || (err = btf_maps(r)) || (err = data_maps(r)))
		return err;
	return BS_OK;
}

int32_t bs_elf_map_at(const struct reader *r, uint32_t sec, uint64_t off)
{
	for (size_t i = 0; i < r->obj->nmaps; i++) {
		const struct bs_map *m = &r->obj->maps[i];

		if (m->sec_idx == sec && m->sec_off == off && !m->is_inner)
			return (int32_t)i;
	}
	return -1;
}
