/* .BTF.ext: records of real objects (checked against llvm-objdump's symbol
 * addresses and DWARF lines, and against the source text), and synthetic
 * blobs for each rule of the format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "btf_test.h"

/* tests/data/btf/types.c: section "socket" holds prog (FUNC [7]), whose
 * first instruction reads c->len (CO-RE: struct ctx [2], "0:0",
 * BPF_CORE_FIELD_BYTE_OFFSET); helper (FUNC [38]) is in .text. */
Test(btf_ext, types_object)
{
	struct bs_btf_ext *ext;
	struct bs_btf *btf = bt_parse_obj(BT_DATA "types.bpfel.o", &ext);
	const struct bs_btf_ext_sec *s;
	char line[256];
	FILE *f;
	unsigned i;

	cr_assert_eq(bs_btf_ext_nsecs(ext), 2);
	s = bs_btf_ext_find(ext, "socket");
	cr_assert_not_null(s);
	cr_assert_eq(s->nfunc_info, 1);
	cr_assert_eq(s->func_info[0].insn_off, 0);
	cr_assert_eq(s->func_info[0].type_id, 7);
	cr_assert_str_eq(bs_btf_type_name(btf, 7), "prog");
	cr_assert_eq(s->ncore_relo, 1);
	cr_assert_eq(s->core_relo[0].insn_off, 0);
	cr_assert_eq(s->core_relo[0].type_id, 2);
	cr_assert_str_eq(s->core_relo[0].access_str, "0:0");
	cr_assert_eq(s->core_relo[0].kind, 0);
	cr_assert_eq(s->nline_info, 7);
	cr_assert_str_eq(s->line_info[0].file, "./types.c");
	/* every line_info's text is the source line it names */
	f = fopen(BT_DATA "types.c", "r");
	cr_assert_not_null(f);
	for (i = 1; fgets(line, sizeof(line), f); i++) {
		size_t j;

		line[strcspn(line, "\n")] = 0;
		for (j = 0; j < s->nline_info; j++)
			if (s->line_info[j].line_no == i)
				cr_assert_str_eq(s->line_info[j].line, line, "line %u", i);
	}
	fclose(f);
	cr_assert_str_eq(s->line_info[0].line,
			 "\tu32 len = __builtin_preserve_access_index(c->len);");
	cr_assert_eq(s->line_info[0].col, 47);
	s = bs_btf_ext_find(ext, ".text");
	cr_assert_not_null(s);
	cr_assert_eq(s->func_info[0].type_id, 38);
	cr_assert_eq(s->ncore_relo, 0);
	cr_assert_null(s->core_relo);
	cr_assert_null(bs_btf_ext_find(ext, "xdp"));
	cr_assert_null(bs_btf_ext_sec(ext, 2));
	bs_btf_ext_free(ext);
	bs_btf_free(btf);
}

/* llvm-objdump -d -l bpf2bpf.o: .text has add1 at 0 and add2 at 0x68
 * (insn 13), section "test" has func at 0; DWARF puts insn 2 on line 11
 * and insn 13 on line 21 of bpf2bpf.c. */
Test(btf_ext, bpf2bpf)
{
	struct bs_btf_ext *ext;
	struct bs_btf *btf = bt_parse_obj(bt_shared("corpus/ebpf-samples/build/bpf2bpf.o"), &ext);
	const struct bs_btf_ext_sec *s = bs_btf_ext_find(ext, ".text");
	const char *file;
	size_t i, found = 0;

	cr_assert_not_null(s);
	cr_assert_eq(s->nfunc_info, 2);
	cr_assert_eq(s->func_info[0].insn_off, 0);
	cr_assert_str_eq(bs_btf_type_name(btf, s->func_info[0].type_id), "add1");
	cr_assert_eq(s->func_info[1].insn_off, 13);
	cr_assert_str_eq(bs_btf_type_name(btf, s->func_info[1].type_id), "add2");
	for (i = 0; i < s->nline_info; i++) {
		file = s->line_info[i].file;
		cr_assert_str_eq(file + strlen(file) - strlen("/bpf2bpf.c"), "/bpf2bpf.c");
		if (s->line_info[i].insn_off == 2) {
			cr_assert_eq(s->line_info[i].line_no, 11);
			found++;
		}
		if (s->line_info[i].insn_off == 13) {
			cr_assert_eq(s->line_info[i].line_no, 21);
			cr_assert_str_eq(s->line_info[i].line, "int add2(int* x) {");
			found++;
		}
	}
	cr_assert_eq(found, 2);
	s = bs_btf_ext_find(ext, "test");
	cr_assert_eq(s->nfunc_info, 1);
	cr_assert_str_eq(bs_btf_type_name(btf, s->func_info[0].type_id), "func");
	bs_btf_ext_free(ext);
	bs_btf_free(btf);
}

/* ---- synthetic ---------------------------------------------------------- */

static struct bs_btf *btf;
static uint32_t s_sec, s_file, s_line, s_acc;

/* [1] int  [2] int (void)  [3] FUNC f  [4] struct s { int a; } */
static void setup(void)
{
	struct bs_errbuf eb = { 0 };
	struct bt_blob b;
	void *blob;
	size_t len;

	bt_init(&b);
	bt_int(&b, "int", 4, 1);
	bt_type(&b, 0, BS_BTF_KIND_FUNC_PROTO, 0, 0, 1);
	bt_type(&b, bt_str(&b, "f"), BS_BTF_KIND_FUNC, 1, 0, 2);
	bt_type(&b, bt_str(&b, "s"), BS_BTF_KIND_STRUCT, 1, 0, 4);
	bt_w(&b, bt_str(&b, "a"));
	bt_w(&b, 1);
	bt_w(&b, 0);
	s_sec = bt_str(&b, "sec1");
	s_file = bt_str(&b, "file.c");
	s_line = bt_str(&b, "int x = 1;");
	s_acc = bt_str(&b, "0:0");
	blob = bt_build(&b, &len);
	btf = bs_btf_parse(blob, len, NULL, "syn", &eb);
	free(blob);
	cr_assert_not_null(btf, "%s", eb.msg);
}

static void teardown(void)
{
	bs_btf_free(btf);
}

struct ext {
	uint32_t w[128];
	size_t n;
};

/* Header of hdr_len bytes (24: no core_relo fields, 32: with them) and the
 * three subsections given as words, laid out one after the other. */
static void build(struct ext *e, uint32_t hdr_len, const uint32_t *fi, size_t nfi,
		  const uint32_t *li, size_t nli, const uint32_t *cr, size_t ncr)
{
	size_t h = hdr_len / 4;

	memset(e, 0, sizeof(*e));
	e->w[0] = 0xeB9F | 1u << 16;
	e->w[1] = hdr_len;
	e->w[2] = 0;
	e->w[3] = (uint32_t)nfi * 4;
	e->w[4] = (uint32_t)nfi * 4;
	e->w[5] = (uint32_t)nli * 4;
	if (hdr_len >= 32) {
		e->w[6] = (uint32_t)(nfi + nli) * 4;
		e->w[7] = (uint32_t)ncr * 4;
	}
	if (nfi)
		memcpy(e->w + h, fi, nfi * 4);
	if (nli)
		memcpy(e->w + h + nfi, li, nli * 4);
	if (ncr)
		memcpy(e->w + h + nfi + nli, cr, ncr * 4);
	e->n = h + nfi + nli + ncr;
}

static struct bs_btf_ext *parse(const struct ext *e, struct bs_errbuf *eb)
{
	memset(eb, 0, sizeof(*eb));
	return bs_btf_ext_parse(e->w, e->n * 4, btf, "syn.ext", eb);
}

static void expect_err(const struct ext *e, const char *needle)
{
	struct bs_errbuf eb;
	struct bs_btf_ext *x = parse(e, &eb);

	cr_assert_null(x, "accepted, expected '%s'", needle);
	cr_assert_eq(eb.err, BS_EFORMAT, "%s", eb.msg);
	cr_assert_not_null(strstr(eb.msg, needle), "'%s' lacks '%s'", eb.msg, needle);
	cr_assert_eq(strncmp(eb.msg, "syn.ext: ", 9), 0, "%s", eb.msg);
}

TestSuite(btf_ext_syn, .init = setup, .fini = teardown);

Test(btf_ext_syn, valid)
{
	uint32_t fi[] = { 8, s_sec, 2, 0, 3, 16, 3 };
	uint32_t li[] = { 16, s_sec, 1, 8, s_file, s_line, 5 << 10 | 7 };
	uint32_t cr[] = { 16, s_sec, 1, 16, 4, s_acc, 0 };
	const struct bs_btf_ext_sec *s;
	struct bs_btf_ext *x;
	struct bs_errbuf eb;
	struct ext e;

	build(&e, 32, fi, 7, li, 7, cr, 7);
	x = parse(&e, &eb);
	cr_assert_not_null(x, "%s", eb.msg);
	cr_assert_eq(bs_btf_ext_nsecs(x), 1);
	s = bs_btf_ext_find(x, "sec1");
	cr_assert_eq(s->nfunc_info, 2);
	cr_assert_eq(s->func_info[1].insn_off, 2);
	cr_assert_eq(s->func_info[1].type_id, 3);
	cr_assert_eq(s->nline_info, 1);
	cr_assert_eq(s->line_info[0].insn_off, 1);
	cr_assert_str_eq(s->line_info[0].file, "file.c");
	cr_assert_str_eq(s->line_info[0].line, "int x = 1;");
	cr_assert_eq(s->line_info[0].line_no, 5);
	cr_assert_eq(s->line_info[0].col, 7);
	cr_assert_eq(s->ncore_relo, 1);
	cr_assert_eq(s->core_relo[0].insn_off, 2);
	cr_assert_str_eq(s->core_relo[0].access_str, "0:0");
	bs_btf_ext_free(x);
}

/* The other byte order: every field is a 32-bit word except magic. */
Test(btf_ext_syn, foreign_byte_order)
{
	uint32_t fi[] = { 8, s_sec, 1, 16, 3 };
	uint32_t li[] = { 16, s_sec, 1, 8, s_file, s_line, 5 << 10 | 7 };
	const struct bs_btf_ext_sec *s;
	struct bs_btf_ext *x;
	struct bs_errbuf eb;
	struct ext e;
	size_t i;

	build(&e, 32, fi, 5, li, 7, NULL, 0);
	for (i = 1; i < e.n; i++)
		e.w[i] = __builtin_bswap32(e.w[i]);
	e.w[0] = 0x9FEB | 1u << 16;
	x = parse(&e, &eb);
	cr_assert_not_null(x, "%s", eb.msg);
	s = bs_btf_ext_find(x, "sec1");
	cr_assert_eq(s->func_info[0].insn_off, 2);
	cr_assert_eq(s->line_info[0].line_no, 5);
	bs_btf_ext_free(x);
}

/* Pre-CO-RE writers stop the header after line_info_len. */
Test(btf_ext_syn, old_header_without_core_relo)
{
	uint32_t fi[] = { 8, s_sec, 1, 0, 3 };
	struct bs_btf_ext *x;
	struct bs_errbuf eb;
	struct ext e;

	build(&e, 24, fi, 5, NULL, 0, NULL, 0);
	x = parse(&e, &eb);
	cr_assert_not_null(x, "%s", eb.msg);
	cr_assert_eq(bs_btf_ext_find(x, "sec1")->ncore_relo, 0);
	bs_btf_ext_free(x);
}

/* libbpf accepts records from newer writers and ignores their tail. */
Test(btf_ext_syn, larger_rec_size_accepted)
{
	uint32_t fi[] = { 12, s_sec, 2, 0, 3, 0xdead, 8, 3, 0xbeef };
	const struct bs_btf_ext_sec *s;
	struct bs_btf_ext *x;
	struct bs_errbuf eb;
	struct ext e;

	build(&e, 32, fi, 9, NULL, 0, NULL, 0);
	x = parse(&e, &eb);
	cr_assert_not_null(x, "%s", eb.msg);
	s = bs_btf_ext_find(x, "sec1");
	cr_assert_eq(s->nfunc_info, 2);
	cr_assert_eq(s->func_info[1].insn_off, 1);
	cr_assert_eq(s->func_info[1].type_id, 3);
	bs_btf_ext_free(x);
}

Test(btf_ext_syn, rec_size_too_small)
{
	uint32_t fi[] = { 4, s_sec, 1, 0 };
	uint32_t li[] = { 12, s_sec, 1, 8, s_file, s_line };
	struct ext e;

	build(&e, 32, fi, 4, NULL, 0, NULL, 0);
	expect_err(&e, "func_info subsection at 0x20: record size 4");
	build(&e, 32, NULL, 0, li, 6, NULL, 0);
	expect_err(&e, "line_info subsection at 0x20: record size 12");
}

Test(btf_ext_syn, rec_size_not_multiple_of_4)
{
	uint32_t fi[] = { 10, s_sec, 1, 0, 3, 0 };
	struct ext e;

	build(&e, 32, fi, 6, NULL, 0, NULL, 0);
	expect_err(&e, "record size 10");
}

Test(btf_ext_syn, misaligned_insn_off)
{
	uint32_t fi[] = { 8, s_sec, 1, 12, 3 };
	uint32_t cr[] = { 16, s_sec, 1, 4, 4, s_acc, 0 };
	struct ext e;

	build(&e, 32, fi, 5, NULL, 0, NULL, 0);
	expect_err(&e, "func_info record at 0x2c: insn_off 12 is not a multiple of 8");
	build(&e, 32, NULL, 0, NULL, 0, cr, 7);
	expect_err(&e, "core_relo record at 0x2c: insn_off 4");
}

Test(btf_ext_syn, records_overrun_subsection)
{
	uint32_t fi[] = { 8, s_sec, 3, 0, 3, 8, 3 };
	uint32_t zero[] = { 8, s_sec, 0 };
	struct ext e;

	build(&e, 32, fi, 7, NULL, 0, NULL, 0);
	expect_err(&e, "section 'sec1' has 3 records of 8 bytes, 16 bytes left");
	build(&e, 32, zero, 3, NULL, 0, NULL, 0);
	expect_err(&e, "has 0 records");
}

Test(btf_ext_syn, empty_subsection)
{
	uint32_t fi[] = { 8 };
	struct ext e;

	build(&e, 32, fi, 1, NULL, 0, NULL, 0);
	expect_err(&e, "has no records");
}

Test(btf_ext_syn, bad_references)
{
	uint32_t fi[] = { 8, s_sec, 1, 0, 1 };
	uint32_t li[] = { 16, s_sec, 1, 8, 9999, s_line, 0 };
	uint32_t sec[] = { 8, 9999, 1, 0, 3 };
	uint32_t cr[] = { 16, s_sec, 1, 16, 77, s_acc, 0 };
	uint32_t kind[] = { 16, s_sec, 1, 16, 4, s_acc, 13 };
	struct ext e;

	build(&e, 32, fi, 5, NULL, 0, NULL, 0);
	expect_err(&e, "type 1 is not a FUNC");
	build(&e, 32, NULL, 0, li, 7, NULL, 0);
	expect_err(&e, "file name offset 0x270f outside the BTF strings");
	build(&e, 32, sec, 5, NULL, 0, NULL, 0);
	expect_err(&e, "section name offset 0x270f invalid");
	build(&e, 32, NULL, 0, NULL, 0, cr, 7);
	expect_err(&e, "type 77 beyond 4 types");
	build(&e, 32, NULL, 0, NULL, 0, kind, 7);
	expect_err(&e, "unknown kind 13");
}

Test(btf_ext_syn, bad_header)
{
	uint32_t fi[] = { 8, s_sec, 1, 0, 3 };
	struct ext e;

	build(&e, 32, fi, 5, NULL, 0, NULL, 0);
	e.w[0] ^= 1;
	expect_err(&e, "bad magic");
	build(&e, 32, fi, 5, NULL, 0, NULL, 0);
	e.n = 5;
	expect_err(&e, "truncated header: 20 bytes");
	build(&e, 32, fi, 5, NULL, 0, NULL, 0);
	e.w[1] = 400;
	expect_err(&e, "header length 400");
	build(&e, 32, fi, 5, NULL, 0, NULL, 0);
	e.w[3] = 400;
	expect_err(&e, "func_info subsection 0x20+0x190 beyond the blob's 52 bytes");
	build(&e, 32, fi, 5, NULL, 0, NULL, 0);
	e.w[2] = 2;
	expect_err(&e, "func_info subsection offset 0x2 is not 4-byte aligned");
	build(&e, 32, fi, 5, NULL, 0, NULL, 0);
	e.w[0] = 0xeB9F | 2u << 16;
	expect_err(&e, "unsupported version 2");
}
