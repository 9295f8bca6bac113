/* Malformed .BTF built in the test: each must be refused with a one-line
 * message naming the blob, the place and the problem, and nothing may leak
 * (the suite runs under ASan/LSan). Also the valid corner cases next to
 * them: ENUM64, split BTF, the other byte order, pointer cycles.
 *
 * The host kernel's BPF_BTF_LOAD (6.18) refuses the same blobs for member
 * order, union offsets, named PTRs, pointer/typedef loops, ENUM size 3,
 * FWD with a type, non-integer array index and unaligned non-INT members.
 * bpfsight accepts three things the kernel does not, because objects carry
 * them before libbpf rewrites them: DATASEC size 0, VAR of type void
 * (typeless __ksym) and FUNC linkage extern. */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "btf_test.h"

static struct bs_btf *parse(const struct bt_blob *b, struct bs_errbuf *eb)
{
	size_t len;
	void *blob = bt_build(b, &len);
	struct bs_btf *btf;

	memset(eb, 0, sizeof(*eb));
	btf = bs_btf_parse(blob, len, NULL, "t.o: .BTF", eb);
	free(blob);
	return btf;
}

static void expect_raw_err(const void *blob, size_t len, const char *needle)
{
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf = bs_btf_parse(blob, len, NULL, "t.o: .BTF", &eb);

	cr_assert_null(btf, "accepted, expected '%s'", needle);
	cr_assert_eq(eb.err, BS_EFORMAT, "%s", eb.msg);
	cr_assert_eq(strncmp(eb.msg, "t.o: .BTF: ", 11), 0, "%s", eb.msg);
	cr_assert_not_null(strstr(eb.msg, needle), "'%s' lacks '%s'", eb.msg, needle);
	cr_assert_null(strchr(eb.msg, '\n'));
}

static void expect_err(const struct bt_blob *b, const char *needle)
{
	size_t len;
	void *blob = bt_build(b, &len);

	expect_raw_err(blob, len, needle);
	free(blob);
}

static void expect_ok(const struct bt_blob *b)
{
	struct bs_errbuf eb;
	struct bs_btf *btf = parse(b, &eb);

	cr_assert_not_null(btf, "%s", eb.msg);
	bs_btf_free(btf);
}

/* [1] int  [2] int *  [3] struct s { int a; int *p; } (16 bytes) */
static void base3(struct bt_blob *b)
{
	bt_init(b);
	bt_int(b, "int", 4, 1);
	bt_type(b, 0, BS_BTF_KIND_PTR, 0, 0, 1);
	bt_type(b, bt_str(b, "s"), BS_BTF_KIND_STRUCT, 2, 0, 16);
	bt_w(b, bt_str(b, "a"));
	bt_w(b, 1);
	bt_w(b, 0);
	bt_w(b, bt_str(b, "p"));
	bt_w(b, 2);
	bt_w(b, 64);
}

static uint32_t *hdr(void *blob)
{
	return blob;
}

Test(btf_bad, valid_base)
{
	struct bt_blob b;

	base3(&b);
	expect_ok(&b);
}

Test(btf_bad, bad_magic)
{
	struct bt_blob b;
	size_t len;
	unsigned char *blob;

	base3(&b);
	blob = bt_build(&b, &len);
	blob[0] = 0x9e;
	expect_raw_err(blob, len, "t.o: .BTF: bad magic 0xeb9e (expected 0xeb9f)");
	free(blob);
}

Test(btf_bad, truncated_header)
{
	struct bt_blob b;
	size_t len;
	void *blob;

	base3(&b);
	blob = bt_build(&b, &len);
	expect_raw_err(blob, 10, "truncated header: 10 bytes, need at least 24");
	expect_raw_err(blob, 0, "truncated header: 0 bytes");
	free(blob);
}

Test(btf_bad, header_fields)
{
	struct bt_blob b;
	size_t len;
	unsigned char *blob;

	base3(&b);
	blob = bt_build(&b, &len);
	blob[2] = 2;
	expect_raw_err(blob, len, "unsupported version 2");
	blob[2] = 1;
	blob[3] = 1;
	expect_raw_err(blob, len, "unsupported flags 0x1");
	blob[3] = 0;
	hdr(blob)[1] = 20;
	expect_raw_err(blob, len, "header length 20 is smaller than 24");
	hdr(blob)[1] = 100000;
	expect_raw_err(blob, len, "header length 100000 beyond the blob's");
	free(blob);
}

/* A longer header is fine when its unknown tail is zero. */
Test(btf_bad, longer_header)
{
	struct bt_blob b;
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf;
	unsigned char *blob, *big;
	size_t len;

	base3(&b);
	blob = bt_build(&b, &len);
	big = calloc(1, len + 5);
	memcpy(big, blob, 24);
	memcpy(big + 29, blob + 24, len - 24);
	hdr(big)[1] = 29; /* odd on purpose: the copy must realign */
	btf = bs_btf_parse(big, len + 5, NULL, "t.o: .BTF", &eb);
	cr_assert_not_null(btf, "%s", eb.msg);
	cr_assert_str_eq(bs_btf_type_name(btf, 3), "s");
	bs_btf_free(btf);
	big[27] = 1;
	expect_raw_err(big, len + 5, "non-zero byte at 0x1b in the header's unknown tail");
	free(big);
	free(blob);
}

Test(btf_bad, sections_out_of_bounds)
{
	struct bt_blob b;
	size_t len;
	void *blob;
	uint32_t *h;

	base3(&b);
	blob = bt_build(&b, &len);
	h = hdr(blob);
	h[5] += 100;
	expect_raw_err(blob, len, "string section 0x40+0x6f beyond the data's 75 bytes");
	h[5] -= 100;
	h[3] = 0xfffffff0;
	expect_raw_err(blob, len, "type section 0x0+0xfffffff0 beyond the data's 75 bytes");
	h[3] = 64;
	h[2] = 2;
	expect_raw_err(blob, len, "type section offset 0x2 is not 4-byte aligned");
	h[2] = 0;
	h[3] = 62;
	expect_raw_err(blob, len, "type section length 0x3e is not a multiple of 4");
	h[3] = 68;
	expect_raw_err(blob, len, "type section 0x0+0x44 overlaps string section 0x40+0xb");
	free(blob);
}

Test(btf_bad, string_section)
{
	struct bt_blob b;
	size_t len;
	unsigned char *blob;

	base3(&b);
	blob = bt_build(&b, &len);
	blob[len - 1] = 'x';
	expect_raw_err(blob, len, "string section does not end with NUL");
	blob[len - 1] = 0;
	blob[24 + 64] = 'x';
	expect_raw_err(blob, len, "string section does not start with NUL");
	hdr(blob)[5] = 0;
	expect_raw_err(blob, len, "empty string section");
	free(blob);
}

Test(btf_bad, string_offset_out_of_range)
{
	struct bt_blob b;

	base3(&b);
	b.w[10] = 9999; /* member 0's name_off */
	expect_err(&b, "t.o: .BTF: type [3] at 0x34: member 0 name offset 0x270f outside the string section");
	base3(&b);
	b.w[0] = 12;
	expect_err(&b, "type [1] at 0x18: INT name offset 0xc outside");
}

Test(btf_bad, type_id_out_of_range)
{
	struct bt_blob b;

	base3(&b);
	b.w[14] = 9999; /* member 1's type */
	expect_err(&b, "t.o: .BTF: type [3] at 0x34: member 1 refers to type 9999 beyond 3 types");
	base3(&b);
	b.w[6] = 4; /* PTR -> [4] */
	expect_err(&b, "type [2] at 0x28: PTR refers to type 4 beyond 3 types");
}

Test(btf_bad, typedef_loop)
{
	struct bt_blob b;

	bt_init(&b);
	bt_type(&b, bt_str(&b, "a"), BS_BTF_KIND_TYPEDEF, 0, 0, 2);
	bt_type(&b, 0, BS_BTF_KIND_CONST, 0, 0, 3);
	bt_type(&b, bt_str(&b, "b"), BS_BTF_KIND_TYPEDEF, 0, 0, 1);
	expect_err(&b, "loop in the chain of typedefs, modifiers and pointers");
	bt_init(&b);
	bt_type(&b, 0, BS_BTF_KIND_VOLATILE, 0, 0, 1);
	expect_err(&b, "type [1] at 0x18: loop");
}

/* A pointer to itself cannot be written in C; libbpf and the kernel refuse it. */
Test(btf_bad, pointer_loop)
{
	struct bt_blob b;

	bt_init(&b);
	bt_type(&b, 0, BS_BTF_KIND_PTR, 0, 0, 2);
	bt_type(&b, 0, BS_BTF_KIND_PTR, 0, 0, 1);
	expect_err(&b, "loop in the chain");
}

/* struct list { struct list *next; } is fine: the cycle goes through a pointer. */
Test(btf_bad, self_pointer_struct_ok)
{
	struct bt_blob b;
	struct bs_errbuf eb;
	struct bs_btf *btf;
	char buf[64];

	bt_init(&b);
	bt_type(&b, bt_str(&b, "list"), BS_BTF_KIND_STRUCT, 1, 0, 8);
	bt_w(&b, bt_str(&b, "next"));
	bt_w(&b, 2);
	bt_w(&b, 0);
	bt_type(&b, 0, BS_BTF_KIND_PTR, 0, 0, 1);
	btf = parse(&b, &eb);
	cr_assert_not_null(btf, "%s", eb.msg);
	bs_btf_type_str(btf, 2, buf, sizeof(buf));
	cr_assert_str_eq(buf, "struct list *");
	bs_btf_free(btf);
}

Test(btf_bad, struct_contains_itself)
{
	struct bt_blob b;

	/* directly */
	bt_init(&b);
	bt_type(&b, bt_str(&b, "s"), BS_BTF_KIND_STRUCT, 1, 0, 8);
	bt_w(&b, bt_str(&b, "self"));
	bt_w(&b, 1);
	bt_w(&b, 0);
	expect_err(&b, "type [1] at 0x18: STRUCT contains itself by value");
	/* through an array, a typedef and a union */
	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, bt_str(&b, "s"), BS_BTF_KIND_STRUCT, 2, 0, 8);
	bt_w(&b, bt_str(&b, "x"));
	bt_w(&b, 1);
	bt_w(&b, 0);
	bt_w(&b, bt_str(&b, "y"));
	bt_w(&b, 3);
	bt_w(&b, 32);
	bt_type(&b, 0, BS_BTF_KIND_ARRAY, 0, 0, 0);
	bt_w(&b, 4);
	bt_w(&b, 1);
	bt_w(&b, 2);
	bt_type(&b, bt_str(&b, "t"), BS_BTF_KIND_TYPEDEF, 0, 0, 5);
	bt_type(&b, bt_str(&b, "u"), BS_BTF_KIND_UNION, 1, 0, 8);
	bt_w(&b, bt_str(&b, "z"));
	bt_w(&b, 2);
	bt_w(&b, 0);
	expect_err(&b, "contains itself by value");
}

Test(btf_bad, vlen_past_the_end)
{
	struct bt_blob b;

	base3(&b);
	b.w[8] |= 100; /* struct s: vlen 102 */
	expect_err(&b, "t.o: .BTF: type [3] at 0x34: STRUCT with vlen 102 needs 1224 bytes after the header, only 24 left");
}

Test(btf_bad, truncated_type_and_bad_kind)
{
	struct bt_blob b;

	base3(&b);
	bt_w(&b, 0);
	bt_w(&b, 0);
	expect_err(&b, "type [4] at 0x58: truncated type header (8 bytes left)");
	base3(&b);
	bt_type(&b, 0, 25, 0, 0, 0);
	expect_err(&b, "type [4] at 0x58: invalid kind 25");
	base3(&b);
	bt_type(&b, 0, 0, 0, 0, 0);
	expect_err(&b, "invalid kind 0");
}

Test(btf_bad, member_bounds)
{
	struct bt_blob b;

	base3(&b);
	b.w[9] = 12; /* struct s shrinks to 12: p at 8..16 sticks out */
	expect_err(&b, "type [3] at 0x34: member 1 (bits 64.., 8 bytes) exceeds the STRUCT size 12");
	base3(&b);
	b.w[15] = 68; /* p at bit 68 */
	expect_err(&b, "member 1 at bit offset 68 is not byte aligned");
	base3(&b);
	b.w[12] = 96; /* a after p */
	expect_err(&b, "member 1 at bit offset 64 before member 0's 96");
}

Test(btf_bad, kind_rules)
{
	struct bt_blob b;

	bt_init(&b);
	bt_type(&b, bt_str(&b, "e"), BS_BTF_KIND_ENUM, 0, 0, 3);
	expect_err(&b, "ENUM size 3 not 1, 2, 4 or 8");
	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, bt_str(&b, "f"), BS_BTF_KIND_FUNC, 0, 0, 1);
	expect_err(&b, "FUNC refers to type 1, a INT, not a FUNC_PROTO");
	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	b.w[3] = 40; /* nr_bits 40 in 4 bytes */
	expect_err(&b, "INT offset + nr_bits 40 exceeds its size 4");
	bt_init(&b);
	bt_int(&b, "int", 4, 3);
	expect_err(&b, "INT encoding 0x3");
	bt_init(&b);
	bt_type(&b, bt_str(&b, "x"), BS_BTF_KIND_PTR, 0, 0, 0);
	expect_err(&b, "PTR must be anonymous, has name 'x'");
	bt_init(&b);
	bt_type(&b, 0, BS_BTF_KIND_TYPEDEF, 0, 0, 0);
	expect_err(&b, "TYPEDEF has no name");
	bt_init(&b);
	bt_type(&b, bt_str(&b, "d"), BS_BTF_KIND_FLOAT, 0, 0, 5);
	expect_err(&b, "FLOAT size 5");
	bt_init(&b);
	bt_type(&b, bt_str(&b, "s"), BS_BTF_KIND_FWD, 0, 0, 5);
	expect_err(&b, "FWD with type 5, not 0");
	bt_init(&b);
	bt_type(&b, 0, BS_BTF_KIND_CONST, 0, 1, 0);
	expect_err(&b, "CONST with kind_flag set");
	bt_init(&b);
	bt_type(&b, 0, BS_BTF_KIND_PTR, 3, 0, 0);
	expect_err(&b, "PTR with vlen 3, not 0");
	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, bt_str(&b, ".data"), BS_BTF_KIND_DATASEC, 1, 0, 0);
	bt_w(&b, 1);
	bt_w(&b, 0);
	bt_w(&b, 4);
	expect_err(&b, "variable 0 refers to type 1, a INT, not a VAR");
	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, bt_str(&b, "tag"), BS_BTF_KIND_DECL_TAG, 0, 0, 1);
	bt_w(&b, (uint32_t)-1);
	expect_err(&b, "DECL_TAG on type 1, a INT");
	bt_init(&b);
	bt_type(&b, 0, BS_BTF_KIND_FUNC_PROTO, 2, 0, 0);
	bt_w(&b, 0);
	bt_w(&b, 0);
	bt_w(&b, 0);
	bt_w(&b, 0);
	expect_err(&b, "parameter 0 has type void");
}

Test(btf_bad, arrays)
{
	struct bt_blob b;

	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, 0, BS_BTF_KIND_ARRAY, 0, 0, 0);
	bt_w(&b, 1);
	bt_w(&b, 1);
	bt_w(&b, 0x40000000);
	expect_err(&b, "array of 1073741824 elements of 4 bytes is larger than 4 GiB");
	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, 0, BS_BTF_KIND_ARRAY, 0, 0, 0);
	bt_w(&b, 0);
	bt_w(&b, 1);
	bt_w(&b, 2);
	expect_err(&b, "array element type is void");
	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, bt_str(&b, "s"), BS_BTF_KIND_FWD, 0, 0, 0);
	bt_type(&b, 0, BS_BTF_KIND_ARRAY, 0, 0, 0);
	bt_w(&b, 2);
	bt_w(&b, 1);
	bt_w(&b, 2);
	expect_err(&b, "array element type 2, a FWD, has no size");
	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, 0, BS_BTF_KIND_PTR, 0, 0, 1);
	bt_type(&b, 0, BS_BTF_KIND_ARRAY, 0, 0, 0);
	bt_w(&b, 1);
	bt_w(&b, 2);
	bt_w(&b, 2);
	expect_err(&b, "array index type 2 is not an integer");
}

Test(btf_bad, incomplete_member)
{
	struct bt_blob b;

	bt_init(&b);
	bt_type(&b, bt_str(&b, "fwd"), BS_BTF_KIND_FWD, 0, 0, 0);
	bt_type(&b, bt_str(&b, "s"), BS_BTF_KIND_STRUCT, 1, 0, 8);
	bt_w(&b, bt_str(&b, "x"));
	bt_w(&b, 1);
	bt_w(&b, 0);
	expect_err(&b, "type [2] at 0x24: member 0 has type 1, a FWD without a size");
}

/* clang 14 emits no ENUM64, so build one. */
Test(btf_bad, enum64_ok)
{
	struct bt_blob b;
	struct bs_errbuf eb;
	struct bs_btf *btf;
	const struct bs_btf_enum64 *e;
	char buf[32];
	uint64_t sz;

	bt_init(&b);
	bt_type(&b, bt_str(&b, "big"), BS_BTF_KIND_ENUM64, 2, 1, 8);
	bt_w(&b, bt_str(&b, "A"));
	bt_w(&b, 0xffffffff);
	bt_w(&b, 0x7fffffff);
	bt_w(&b, bt_str(&b, "B"));
	bt_w(&b, 1);
	bt_w(&b, 0x80000000);
	btf = parse(&b, &eb);
	cr_assert_not_null(btf, "%s", eb.msg);
	e = (const struct bs_btf_enum64 *)bs_btf_type_extra(bs_btf_type_by_id(btf, 1)) + 1;
	cr_assert_str_eq(bs_btf_str(btf, e->name_off), "B");
	cr_assert_eq(((uint64_t)e->val_hi32 << 32) | e->val_lo32, 0x8000000000000001ull);
	cr_assert_eq(bs_btf_resolve_size(btf, 1, &sz), BS_OK);
	cr_assert_eq(sz, 8);
	bs_btf_type_str(btf, 1, buf, sizeof(buf));
	cr_assert_str_eq(buf, "enum big");
	cr_assert_eq(bs_btf_find_by_name_kind(btf, "big", BS_BTF_KIND_ENUM64), 1);
	bs_btf_free(btf);
	b.w[6] = 9999; /* B's name */
	expect_err(&b, "enumerator 1 name offset 0x270f outside");
}

/* A big-endian writer's blob: header and every type word swapped. */
Test(btf_bad, foreign_byte_order)
{
	struct bt_blob b;
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf;
	const struct bs_btf_type *t;
	size_t len, i;
	unsigned char *blob;
	uint32_t *w;

	base3(&b);
	blob = bt_build(&b, &len);
	w = (uint32_t *)blob;
	for (i = 1; i < 6 + b.nw; i++)
		w[i] = __builtin_bswap32(w[i]);
	blob[0] = 0xeb;
	blob[1] = 0x9f;
	btf = bs_btf_parse(blob, len, NULL, "be", &eb);
	cr_assert_not_null(btf, "%s", eb.msg);
	t = bs_btf_type_by_id(btf, 3);
	cr_assert_eq(t->size, 16);
	cr_assert_eq(bs_btf_vlen(t), 2);
	cr_assert_str_eq(bs_btf_type_name(btf, 3), "s");
	cr_assert_eq(((const struct bs_btf_member *)bs_btf_type_extra(t))[1].offset, 64);
	bs_btf_free(btf);
	/* a bad field is reported in host terms */
	w[6 + 14] = __builtin_bswap32(9999);
	expect_raw_err(blob, len, "member 1 refers to type 9999 beyond 3 types");
	free(blob);
}

/* Split BTF: ids and string offsets continue after the base's. */
Test(btf_bad, split)
{
	struct bt_blob b, s;
	struct bs_errbuf eb = { 0 };
	struct bs_btf *base, *split;
	const struct bs_btf_type *t;
	size_t len;
	void *blob;
	uint32_t off;
	char buf[64];

	base3(&b);
	base = parse(&b, &eb);
	cr_assert_not_null(base, "%s", eb.msg);

	/* split strings need no leading NUL; their offsets follow the base's */
	memset(&s, 0, sizeof(s));
	memcpy(s.s, "t", 2);
	s.ns = 2;
	off = (uint32_t)b.ns;
	bt_type(&s, 0, BS_BTF_KIND_PTR, 0, 0, 3);      /* [4] struct s * */
	bt_type(&s, off, BS_BTF_KIND_TYPEDEF, 0, 0, 4); /* [5] typedef t */
	blob = bt_build(&s, &len);
	split = bs_btf_parse(blob, len, base, "mod", &eb);
	cr_assert_not_null(split, "%s", eb.msg);
	cr_assert_eq(bs_btf_type_cnt(split), 6);
	cr_assert_str_eq(bs_btf_type_name(split, 5), "t");
	cr_assert_str_eq(bs_btf_type_name(split, 3), "s");
	cr_assert_eq(bs_btf_find_by_name_kind(split, "s", BS_BTF_KIND_STRUCT), 3);
	cr_assert_eq(bs_btf_find_by_name_kind(split, "t", BS_BTF_KIND_TYPEDEF), 5);
	t = bs_btf_skip_mods(split, 5, NULL);
	cr_assert_eq(bs_btf_kind(t), BS_BTF_KIND_PTR);
	bs_btf_type_str(split, 4, buf, sizeof(buf));
	cr_assert_str_eq(buf, "struct s *");
	cr_assert_null(bs_btf_str(split, off + 2));
	bs_btf_free(split);
	/* the split blob alone is not valid: its strings do not start with NUL */
	expect_raw_err(blob, len, "does not start with NUL");
	free(blob);
	/* a split type referring past the end */
	memset(&s, 0, sizeof(s));
	s.ns = 0;
	bt_type(&s, 0, BS_BTF_KIND_PTR, 0, 0, 6);
	blob = bt_build(&s, &len);
	memset(&eb, 0, sizeof(eb));
	cr_assert_null(bs_btf_parse(blob, len, base, "mod", &eb));
	cr_assert_str_eq(eb.msg, "mod: type [4] at 0x18: PTR refers to type 6 beyond 4 types");
	free(blob);
	bs_btf_free(base);
}

/* Callers' buffers need no alignment (ELF section data, fuzzer inputs). */
Test(btf_bad, misaligned_input)
{
	struct bt_blob b;
	struct bs_errbuf eb = { 0 };
	struct bs_btf *btf;
	unsigned char *blob, *odd;
	size_t len;

	base3(&b);
	blob = bt_build(&b, &len);
	odd = malloc(len + 1);
	memcpy(odd + 1, blob, len);
	btf = bs_btf_parse(odd + 1, len, NULL, "odd", &eb);
	cr_assert_not_null(btf, "%s", eb.msg);
	cr_assert_str_eq(bs_btf_type_name(btf, 3), "s");
	bs_btf_free(btf);
	free(odd);
	free(blob);
}
