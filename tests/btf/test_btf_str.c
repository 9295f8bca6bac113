/* bs_btf_type_str: C spellings of the types of tests/data/btf/types.c (the
 * declarations are in that file; ids from bpftool's dump of it). */
#include <string.h>

#include <criterion/criterion.h>

#include "btf_test.h"

static struct bs_btf *btf;

static void setup(void)
{
	btf = bt_parse_obj(BT_DATA "types.bpfel.o", NULL);
}

static void teardown(void)
{
	bs_btf_free(btf);
}

TestSuite(btf_str, .init = setup, .fini = teardown);

static void check(uint32_t id, const char *want)
{
	char buf[128];
	int n = bs_btf_type_str(btf, id, buf, sizeof(buf));

	cr_assert_str_eq(buf, want, "[%u]", id);
	cr_assert_eq(n, (int)strlen(want), "[%u]", id);
}

Test(btf_str, spellings)
{
	check(0, "void");
	check(1, "struct ctx *");
	check(3, "u32");
	check(4, "unsigned int");
	check(5, "int (struct ctx *)");
	check(7, "int prog(struct ctx *)");
	check(11, "union {...}");
	check(16, "u8[8]");
	check(20, "enum color");
	check(24, "const volatile u8[2][3]");
	check(25, "struct opaque *");
	check(27, "int (*)(void *, int)");
	check(29, "void *");
	check(30, "char *const");
	check(33, "int *restrict");
	check(36, "int *");           /* the type tag is not C */
	check(41, "const volatile u32");
	check(44, "struct flags glob_flags");
	check(46, "char _license[4]");
	check(47, ".bss");
}

Test(btf_str, truncation_like_snprintf)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	cr_assert_eq(bs_btf_type_str(btf, 27, buf, sizeof(buf)), 20);
	cr_assert_str_eq(buf, "int (*)");
	cr_assert_eq(bs_btf_type_str(btf, 27, NULL, 0), 20);
	cr_assert_eq(bs_btf_type_str(btf, 51, buf, sizeof(buf)), BS_EINVAL);
}
