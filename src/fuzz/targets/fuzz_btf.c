/* libFuzzer target for the BTF parsers: any byte string, read as .BTF (alone
 * and split on top of itself) or as .BTF.ext against a small fixed BTF, must
 * give a result or a clean error, never a crash, hang or leak; an accepted
 * blob must then survive every lookup. `make fuzz-btf MODULES="base btf"`. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bpfsight/btf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* [1] int  [2] int (int)  [3] FUNC f  [4] struct s { int a; }; strings
 * hold a section name, a file, a line and an access string for .BTF.ext. */
static const char fixed_strs[] = "\0int\0f\0s\0a\0sec\0file.c\0int x;\0" "0:0";
static const uint32_t fixed_types[] = {
	1, 0x01000000, 4, 0x01000020,                    /* [1] INT int, signed 32 bits */
	0, 0x0d000001, 1, 0, 1,                          /* [2] FUNC_PROTO (int) -> int */
	5, 0x0c000001, 2,                                /* [3] FUNC f, global */
	7, 0x04000001, 4, 9, 1, 0,                       /* [4] STRUCT s { int a; } */
};

static struct bs_btf *fixed_btf(void)
{
	static struct bs_btf *btf;
	static unsigned char blob[24 + sizeof(fixed_types) + sizeof(fixed_strs)];
	uint32_t hdr[6] = { 0xeB9F | 1u << 16, 24, 0, sizeof(fixed_types), sizeof(fixed_types),
			    sizeof(fixed_strs) };

	if (btf)
		return btf;
	memcpy(blob, hdr, sizeof(hdr));
	memcpy(blob + 24, fixed_types, sizeof(fixed_types));
	memcpy(blob + 24 + sizeof(fixed_types), fixed_strs, sizeof(fixed_strs));
	btf = bs_btf_parse(blob, sizeof(blob), NULL, "fixed", NULL);
	if (!btf)
		__builtin_trap(); /* the harness itself is broken */
	return btf;
}

/* Every accessor over every id: walks must terminate and stay in bounds. */
static void walk(const struct bs_btf *btf)
{
	uint32_t id, res, n = bs_btf_type_cnt(btf);
	const struct bs_btf_type *t;
	char buf[128];
	uint64_t sz;

	for (id = 0; id < n; id++) {
		t = bs_btf_type_by_id(btf, id);
		bs_btf_type_str(btf, id, buf, sizeof(buf));
		bs_btf_resolve_size(btf, id, &sz);
		bs_btf_skip_mods(btf, id, &res);
		if (t && id < 64)
			bs_btf_find_by_name_kind(btf, bs_btf_type_name(btf, id), bs_btf_kind(t));
	}
	bs_btf_type_by_id(btf, n);
	bs_btf_str(btf, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf, *split;
	struct bs_btf_ext *ext;
	size_t i, j, len;
	const void *raw;

	btf = bs_btf_parse(data, size, NULL, "fuzz", &eb);
	if (btf) {
		walk(btf);
		raw = bs_btf_raw(btf, &len);
		/* the host-order copy must parse again to the same thing */
		split = bs_btf_parse(raw, len, NULL, "again", NULL);
		if (!split || bs_btf_type_cnt(split) != bs_btf_type_cnt(btf))
			__builtin_trap();
		bs_btf_free(split);
		split = bs_btf_parse(data, size, btf, "split", NULL);
		if (split)
			walk(split);
		bs_btf_free(split);
		bs_btf_free(btf);
	}

	ext = bs_btf_ext_parse(data, size, fixed_btf(), "fuzz.ext", &eb);
	if (ext) {
		for (i = 0; i < bs_btf_ext_nsecs(ext); i++) {
			const struct bs_btf_ext_sec *s = bs_btf_ext_sec(ext, i);

			if (bs_btf_ext_find(ext, s->name) != s)
				__builtin_trap();
			for (j = 0; j < s->nline_info; j++)
				if (!s->line_info[j].file || !s->line_info[j].line)
					__builtin_trap();
			for (j = 0; j < s->ncore_relo; j++)
				if (!s->core_relo[j].access_str)
					__builtin_trap();
		}
		bs_btf_ext_free(ext);
	}
	return 0;
}
