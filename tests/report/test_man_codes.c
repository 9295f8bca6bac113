/* The man page documents every diagnostic code under its category with the
 * kernel's message format (DIAGNOSTIC CODES), so users can look up any code
 * bpfsight prints; a code added to the table without its entry fails here. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/diag.h"
#include "../common/corpus.h"

Test(man_codes, every_code_documented_under_its_category)
{
	size_t len;
	char *man = corpus_read_file("man/bpfsight.1", &len);
	const char *sec;

	cr_assert(man, "man/bpfsight.1 not readable");
	sec = strstr(man, "\n.SH DIAGNOSTIC CODES\n");
	cr_assert(sec, "no DIAGNOSTIC CODES section");
	for (int c = 0; c < BS_D__COUNT; c++) {
		enum bs_diag_code code = (enum bs_diag_code)c;
		char entry[128], cat[96];
		const char *e, *cat_at, *next_cat;

		snprintf(entry, sizeof(entry), "\n.TP\n.B %s\n", bs_diag_name(code));
		snprintf(cat, sizeof(cat), "\n.SS %s\n",
			 bs_diag_category_name(bs_diag_category(code)));
		e = strstr(sec, entry);
		cat_at = strstr(sec, cat);
		cr_assert(e, "%s is not in the man page", bs_diag_name(code));
		cr_assert(cat_at && cat_at < e, "%s is not under %s", bs_diag_name(code), cat);
		next_cat = strstr(cat_at + 1, "\n.SS ");
		cr_assert(!next_cat || e < next_cat, "%s is not under %s", bs_diag_name(code), cat);
	}
	free(man);
}
