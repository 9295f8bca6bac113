/* The text assembly format and the object builder: every program of our
 * corpus and of the shared corpus survives write -> read bit for bit; an
 * object built from an ELF program's linked instructions verifies exactly as
 * the original (verdict and processed-insn count), directly and through the
 * text; bad input gives "file:LINE: message". */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/corpus.h"
#include "bpfsight/absint.h"
#include "bpfsight/elf_asm.h"
#include "bpfsight/uapi.h"

static struct bs_object *reparse(const struct bs_object *o, const struct bs_prog *p, char **text)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *back;
	size_t len = 0;
	FILE *f = open_memstream(text, &len);

	cr_assert(f);
	cr_assert_eq(bs_obj_write_asm(f, o, p), BS_OK);
	fclose(f);
	back = bs_obj_parse_asm(*text, len, "roundtrip.s", &eb);
	cr_assert(back, "%s/%s: written text does not read back: %s", o->path, p->name, eb.msg);
	return back;
}

static void same_maps(const struct bs_object *a, const struct bs_object *b, const char *what)
{
	cr_assert_eq(a->nmaps, b->nmaps, "%s: map count", what);
	for (size_t m = 0; m < a->nmaps; m++) {
		const struct bs_map *x = &a->maps[m], *y = &b->maps[m];

		cr_assert(x->type == y->type && x->key_size == y->key_size &&
			  x->value_size == y->value_size && x->max_entries == y->max_entries &&
			  x->map_flags == y->map_flags && x->inner_map == y->inner_map &&
			  x->rdonly == y->rdonly && x->is_inner == y->is_inner &&
			  (x->origin == BS_MAPDEF_DATA) == (y->origin == BS_MAPDEF_DATA) &&
			  x->map_extra == y->map_extra && x->numa_node == y->numa_node &&
			  x->pinning == y->pinning,
			  "%s: map %zu (%s) differs", what, m, x->name);
		cr_assert_eq(!x->init, !y->init, "%s: map %s init", what, x->name);
		cr_assert_eq(x->init_size, y->init_size, "%s: map %s init size", what, x->name);
		if (x->init_size)
			cr_assert(!memcmp(x->init, y->init, x->init_size), "%s: map %s data", what,
				  x->name);
	}
}

static void same_insns(const struct bs_prog *a, const struct bs_prog *b, const char *what,
		       const char *text)
{
	cr_assert_eq(a->ninsns, b->ninsns, "%s: %zu insns became %zu", what, a->ninsns, b->ninsns);
	for (size_t i = 0; i < a->ninsns; i++) {
		const struct bs_insn *x = &a->insns[i], *y = &b->insns[i];

		cr_assert(x->code == y->code && x->dst == y->dst && x->src == y->src &&
			  x->off == y->off && x->imm == y->imm,
			  "%s: insn %zu: %02x %u %u %d %d read back as %02x %u %u %d %d\n%s", what,
			  i, x->code, x->dst, x->src, x->off, x->imm, y->code, y->dst, y->src, y->off,
			  y->imm, text);
	}
}

/* write -> read of every program of one object; returns the programs done */
static size_t count_raw(const char *text)
{
	size_t n = 0;

	for (const char *c = text; (c = strstr(c, ".insn ")); c++)
		n++;
	return n;
}

static size_t roundtrip_object(const char *path, size_t *slots, size_t *raw)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open(path, &eb);
	size_t n = 0;

	if (!o)
		return 0;
	for (size_t k = 0; k < o->nprogs; k++) {
		const struct bs_prog *p = &o->progs[k];
		char *text = NULL, what[512];
		struct bs_object *back;

		if (!p->ninsns)
			continue;
		snprintf(what, sizeof(what), "%s/%s", path, p->name);
		back = reparse(o, p, &text);
		same_insns(p, &back->progs[0], what, text);
		same_maps(o, back, what);
		cr_assert_eq(back->progs[0].prog_type, p->prog_type, "%s: type", what);
		cr_assert_eq(back->progs[0].expected_attach_type, p->expected_attach_type,
			     "%s: attach type", what);
		cr_assert_str_eq(back->license, o->license, "%s: license", what);
		*slots += p->ninsns;
		*raw += count_raw(text);
		n++;
		free(text);
		bs_obj_free(back);
	}
	bs_obj_free(o);
	return n;
}

Test(asm, roundtrip_own_corpus)
{
	glob_t g;
	size_t progs = 0, slots = 0, raw = 0;

	cr_assert_eq(glob("corpus/*.bpf.o", 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++)
		progs += roundtrip_object(g.gl_pathv[i], &slots, &raw);
	globfree(&g);
	cr_assert_gt(progs, 100, "only %zu programs", progs);
	/* compiled code is all in the kernel's syntax */
	cr_assert_eq(raw, 0, "%zu of %zu slots written raw", raw, slots);
}

Test(asm, roundtrip_shared_corpus, .timeout = 600)
{
	const char *dir = corpus_shared_dir();
	char base[1024], **paths;
	size_t n, progs = 0, slots = 0, raw = 0;

	snprintf(base, sizeof(base), "%s/corpus", dir);
	n = corpus_list(base, NULL, &paths);
	for (size_t i = 0; i < n; i++)
		progs += roundtrip_object(paths[i], &slots, &raw);
	corpus_free_list(paths, n);
	cr_log_info("asm round trip: %zu programs, %zu instruction slots (%zu raw) of %zu files",
		    progs, slots, raw, n);
	cr_assert_gt(progs, 500, "only %zu programs", progs);
}

/* ---- the builder verifies like the ELF reader ---------------------------- */

/* kfunc and extern references need the object's symbols, which a built
 * object does not have */
static const char *cannot_build(const struct bs_prog *p)
{
	if (p->load_error || !p->type_known)
		return "not loadable or no type";
	for (size_t i = 0; i < p->nrelocs; i++)
		if (p->relocs[i].kind == BS_RELO_KFUNC || p->relocs[i].kind == BS_RELO_EXTERN)
			return "kfunc or extern";
	return NULL;
}

static struct bs_object *build_copy(const struct bs_object *o, const struct bs_prog *p, bool btf)
{
	struct bs_errbuf eb = { 0 };
	struct bs_obj_spec spec;
	struct bs_object *b;

	bs_obj_spec_from_prog(&spec, o, p);
	if (!btf) {
		spec.btf = NULL;
		spec.func_info = NULL;
	}
	b = bs_obj_build(&spec, &eb);

	cr_assert(b, "%s/%s: %s", o->path, p->name, eb.msg);
	return b;
}

/* o's program p and b's only program verify alike */
static void same_verdict(const struct bs_object *o, const struct bs_prog *p,
			 const struct bs_object *b, const char *how)
{
	struct bs_ai_opts ao = { 0 };
	struct bs_ai_result r1 = { 0 }, r2 = { 0 };

	cr_assert_eq(bs_ai_verify(o, p, &ao, &r1), BS_OK);
	cr_assert_eq(bs_ai_verify(b, &b->progs[0], &ao, &r2), BS_OK);
	cr_assert_eq(r1.verdict, r2.verdict, "%s/%s (%s): verdict %d, built %d", o->path,
		     p->name, how, r1.verdict, r2.verdict);
	cr_assert_eq(r1.stats.processed, r2.stats.processed, "%s/%s (%s): processed %llu, built %llu",
		     o->path, p->name, how, (unsigned long long)r1.stats.processed,
		     (unsigned long long)r2.stats.processed);
	cr_assert_eq(r1.diag.code, r2.diag.code, "%s/%s (%s): diag", o->path, p->name, how);
	cr_assert_eq(r1.diag.insn, r2.diag.insn, "%s/%s (%s): diag insn", o->path, p->name, how);
	bs_ai_result_fini(&r1);
	bs_ai_result_fini(&r2);
}

Test(asm, built_copy_verifies_like_elf, .timeout = 300)
{
	size_t same = 0, skipped = 0;
	glob_t g;

	cr_assert_eq(glob("corpus/*.bpf.o", 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct bs_errbuf eb = { 0 };
		struct bs_object *o = bs_obj_open(g.gl_pathv[i], &eb);

		cr_assert(o, "%s", eb.msg);
		for (size_t k = 0; k < o->nprogs; k++) {
			const struct bs_prog *p = &o->progs[k];
			struct bs_object *b, *nb, *t;
			char *text = NULL;

			if (cannot_build(p)) {
				cr_log_info("built copies: skip %s/%s: %s", o->path, p->name,
					    cannot_build(p));
				skipped++;
				continue;
			}
			b = build_copy(o, p, true);
			same_verdict(o, p, b, "built");
			/* the text has no BTF: compare with a copy without it (global
			 * subprograms become static) */
			nb = build_copy(o, p, false);
			t = reparse(nb, &nb->progs[0], &text);
			same_verdict(nb, &nb->progs[0], t, "through the text");
			free(text);
			bs_obj_free(t);
			bs_obj_free(nb);
			bs_obj_free(b);
			same++;
		}
		bs_obj_free(o);
	}
	globfree(&g);
	cr_log_info("built copies: %zu programs verify alike, %zu skipped", same, skipped);
	cr_assert_gt(same, 100);
}

/* ---- the whole valid ISA in the kernel's syntax ----------------------------- */

/* Every encoding bs_isa_check_insn() accepts, over a grid of field values
 * that covers each opcode's special cases (atomic operations, sign-extension
 * widths, byte swap widths, signed division, address space casts, ...), is
 * written as text, never as a raw .insn, and reads back identically. Written
 * raw by design: what the file cannot name (lddw of a map fd, its value or a
 * BTF id; a kfunc in module BTF) and exit with an offset (the kernel ignores
 * it, its syntax drops it). */
Test(asm, every_valid_encoding_is_text)
{
	static const uint8_t regs[] = { 0, 1, 10 };
	static const int16_t offs[] = { 0, 1, -1, 8, 16, 32, 0x7fff, -0x8000 };
	static const int32_t imms[] = {
		0, 1, -1, 16, 32, 64, 63, BS_ADD, BS_OR, BS_AND, BS_XOR, BS_ADD | BS_FETCH,
		BS_OR | BS_FETCH, BS_AND | BS_FETCH, BS_XOR | BS_FETCH, BS_XCHG, BS_CMPXCHG,
		BS_LOAD_ACQ, BS_STORE_REL, 0x10001, INT32_MAX, INT32_MIN,
	};
	BS_VEC(struct bs_insn) v = { 0 };
	struct bs_map m = { .name = "m", .type = BS_MAP_ARRAY, .key_size = 4, .value_size = 64,
			    .max_entries = 1, .inner_map = -1 };
	struct bs_obj_spec spec = { .name = "grid", .maps = &m, .nmaps = 1,
				    .prog_type = BS_PROG_XDP };
	struct bs_errbuf eb = { 0 };
	struct bs_object *o, *back;
	char *text = NULL;
	size_t valid = 0;

	for (unsigned code = 0; code < 256; code++)
	for (size_t d = 0; d < sizeof(regs); d++)
	for (size_t s = 0; s < sizeof(regs) + 6; s++)
	for (size_t f = 0; f < sizeof(offs) / sizeof(offs[0]); f++)
	for (size_t k = 0; k < sizeof(imms) / sizeof(imms[0]); k++) {
		/* src also takes the pseudo values 0..6 */
		uint8_t src = s < sizeof(regs) ? regs[s] : (uint8_t)(s - sizeof(regs) + 1);
		struct bs_insn in[2] = { { .code = (uint8_t)code, .dst = regs[d], .src = src,
					   .off = offs[f], .imm = imms[k] },
					 { .imm = k & 1 ? -1 : 0 } };
		size_t nslots = bs_insn_is_lddw(in) ? 2 : 1;

		if (in->code == (BS_JMP | BS_CALL) && in->src == BS_PSEUDO_CALL)
			in->imm = 0; /* the next instruction: a target inside */
		if (bs_insn_is_lddw(in) && (in->src == BS_PSEUDO_MAP_IDX ||
					    in->src == BS_PSEUDO_MAP_IDX_VALUE))
			in->imm = 0; /* map 0 */
		if (bs_insn_is_lddw(in) && in->src == BS_PSEUDO_FUNC)
			in->imm = 0;
		/* only the canonical second half: nothing for a function or map,
		 * the offset for a map value; the rest is written raw */
		if (bs_insn_is_lddw(in) && (in->src == BS_PSEUDO_FUNC || in->src == BS_PSEUDO_MAP_IDX))
			in[1].imm = 0;
		if (bs_isa_check_insn(in, nslots, 0) != BS_ISA_INVALID_NONE)
			continue;
		/* fd and BTF id loads (src 1..3) name kernel objects the file
		 * cannot: they are written raw by design */
		if (bs_insn_is_lddw(in) && in->src >= BS_PSEUDO_MAP_FD && in->src <= BS_PSEUDO_BTF_ID)
			continue;
		/* nor can it name the module BTF (fd_array slot off) of a kfunc */
		if (in->code == (BS_JMP | BS_CALL) && in->src == BS_PSEUDO_KFUNC_CALL && in->off)
			continue;
		if (in->code == (BS_JMP | BS_EXIT) && in->off)
			continue;
		for (size_t j = 0; j < nslots; j++)
			*bs_vec_push(&v) = in[j];
		valid++;
	}
	*bs_vec_push(&v) = (struct bs_insn){ .code = BS_JMP | BS_EXIT };
	*bs_vec_push(&v) = (struct bs_insn){ .code = BS_JMP | BS_EXIT };
	spec.insns = v.data;
	spec.ninsns = v.len;
	o = bs_obj_build(&spec, &eb);
	cr_assert(o, "%s", eb.msg);
	back = reparse(o, &o->progs[0], &text);
	same_insns(&o->progs[0], &back->progs[0], "grid", "(text omitted)");
	cr_assert_null(strstr(text, ".insn"), "a valid encoding written raw:\n%.300s",
		       strstr(text, ".insn") ? strstr(text, ".insn") - 120 : "");
	cr_log_info("%zu valid encodings written as text", valid);
	cr_assert_gt(valid, 10000);
	free(text);
	bs_obj_free(back);
	bs_obj_free(o);
	bs_vec_free(&v);
}
