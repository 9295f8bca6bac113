/* libFuzzer target for the text assembly reader: any text must give an
 * object or a clean "file:LINE:" error, never a crash, hang or leak; and
 * what it gives must survive write -> read unchanged (the writer's promise).
 * `make fuzz-asm`. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/elf_asm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* field by field: struct bs_insn has padding bytes after off */
static bool same_insns(const struct bs_prog *a, const struct bs_prog *b)
{
	if (a->ninsns != b->ninsns)
		return false;
	for (size_t i = 0; i < a->ninsns; i++) {
		const struct bs_insn *x = &a->insns[i], *y = &b->insns[i];

		if (x->code != y->code || x->dst != y->dst || x->src != y->src || x->off != y->off ||
		    x->imm != y->imm)
			return false;
	}
	return true;
}

static void check_roundtrip(const struct bs_object *o)
{
	const struct bs_prog *p = &o->progs[0];
	struct bs_errbuf eb = { 0 };
	struct bs_object *back;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return;
	if (bs_obj_write_asm(f, o, p)) {
		fclose(f);
		free(text);
		return;
	}
	fclose(f);
	back = bs_obj_parse_asm(text, len, "written.s", &eb);
	if (!back || !same_insns(p, &back->progs[0]) || back->nmaps != o->nmaps ||
	    back->progs[0].prog_type != p->prog_type ||
	    back->progs[0].expected_attach_type != p->expected_attach_type) {
		fprintf(stderr, "written program does not read back (%s):\n%s\n",
			back ? "differs" : eb.msg, text);
		abort();
	}
	bs_obj_free(back);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_parse_asm((const char *)data, size, "fuzz.s", &eb);

	if (o)
		check_roundtrip(o);
	bs_obj_free(o);
	return 0;
}
