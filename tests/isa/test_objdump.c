/* Decoding agrees with llvm-objdump on the real corpus. For every object
 * under $BS_SHARED/corpus (except invalid/), every executable section is
 * read with libelf, decoded with bs_isa_from_raw() and compared, instruction
 * by instruction, with `llvm-objdump -d -z` of the same file:
 *   - boundaries: objdump's index of each instruction and its byte count
 *     (16 for lddw) must match our slots;
 *   - fields: the bytes objdump shows must equal bs_isa_to_raw() of what we
 *     decoded (so code, registers, off and imm all round-trip);
 *   - meaning: objdump's text must equal our rendering in LLVM's syntax
 *     (render_llvm14() below), with the " <label>" suffix of jumps removed.
 * The renderer follows LLVM 14's BPF disassembler, checked by hand on
 * llvm-mc-assembled bytes. LLVM 14 cannot decode some valid instructions and
 * prints "<unknown>" for them: every BPF_MOD (it has no mod instruction; the
 * Cilium objects use it), JSET, ST (store immediate), 32-bit atomics other
 * than add, 8/16-bit atomics, ALU64 bswap, sign-extending loads, gotol,
 * may_goto. We expect exactly "<unknown>" for those and count them apart.
 * Files are split over shards so that `-j` runs them in parallel. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpfsight/isa.h"

#define NSHARDS 4
#define MAX_REPORT 10

/* ---- LLVM 14 syntax ------------------------------------------------------ */

static const char *const llvm_alu[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	NULL /* neg */, NULL /* mod */, "^=", "=", "s>>=", NULL, NULL, NULL,
};

static const char *const llvm_jmp[16] = {
	NULL, "==", ">", ">=", NULL /* jset */, "!=", "s>", "s>=",
	NULL, NULL, "<", "<=", "s<", "s<=", NULL, NULL,
};

static const char *const llvm_size[4] = { "u32", "u16", "u8", "u64" };

/* "(r1 + 4)" / "(r1 - 4)": LLVM spaces the sign */
static const char *mem_ref(char *buf, size_t len, int reg, int off)
{
	snprintf(buf, len, "r%d %c %d", reg, off < 0 ? '-' : '+', off < 0 ? -off : off);
	return buf;
}

/* Renders insns[0] (and insns[1] for lddw) as LLVM 14's objdump does;
 * "<unknown>" where LLVM 14 has no decoding. */
static void render_llvm14(const struct bs_insn *i, char *buf, size_t len)
{
	uint8_t cls = BS_CLASS(i->code), op = BS_OP(i->code), sz = BS_SIZE(i->code) >> 3;
	char w = cls == BS_ALU || cls == BS_JMP32 ? 'w' : 'r';
	char m[48];

	snprintf(buf, len, "<unknown>");
	switch (cls) {
	case BS_ALU:
	case BS_ALU64:
		if (op == BS_NEG && BS_SRC(i->code) == BS_K)
			snprintf(buf, len, "%c%d = -%c%d", w, i->dst, w, i->dst);
		else if (op == BS_END && cls == BS_ALU)
			snprintf(buf, len, "r%d = %s%d r%d", i->dst,
				 BS_SRC(i->code) == BS_TO_BE ? "be" : "le", i->imm, i->dst);
		else if (llvm_alu[op >> 4] && BS_SRC(i->code) == BS_X)
			snprintf(buf, len, "%c%d %s %c%d", w, i->dst, llvm_alu[op >> 4], w, i->src);
		else if (llvm_alu[op >> 4])
			snprintf(buf, len, "%c%d %s %d", w, i->dst, llvm_alu[op >> 4], i->imm);
		break;
	case BS_JMP:
	case BS_JMP32:
		if (i->code == (BS_JMP | BS_JA))
			snprintf(buf, len, "goto %+d", i->off);
		else if (i->code == (BS_JMP | BS_CALL))
			snprintf(buf, len, "call %d", i->imm);
		else if (i->code == (BS_JMP | BS_EXIT))
			snprintf(buf, len, "exit");
		else if (llvm_jmp[op >> 4] && BS_SRC(i->code) == BS_X)
			snprintf(buf, len, "if %c%d %s %c%d goto %+d", w, i->dst, llvm_jmp[op >> 4],
				 w, i->src, i->off);
		else if (llvm_jmp[op >> 4])
			snprintf(buf, len, "if %c%d %s %d goto %+d", w, i->dst, llvm_jmp[op >> 4],
				 i->imm, i->off);
		break;
	case BS_LD:
		if (bs_insn_is_lddw(i) && i->src == 0)
			snprintf(buf, len, "r%d = %lld ll", i->dst, (long long)bs_insn_imm64(i));
		else if (bs_insn_is_lddw(i))
			/* pseudo loads: LLVM shows the low immediate only */
			snprintf(buf, len, "ld_pseudo\tr%d, %d, %u", i->dst, i->src, (uint32_t)i->imm);
		else if (BS_MODE(i->code) == BS_ABS && BS_SIZE(i->code) != BS_DW)
			snprintf(buf, len, "r0 = *(%s *)skb[%d]", llvm_size[sz], i->imm);
		else if (BS_MODE(i->code) == BS_IND && BS_SIZE(i->code) != BS_DW)
			/* LLVM does not print IND's imm; the byte check covers it */
			snprintf(buf, len, "r0 = *(%s *)skb[r%d]", llvm_size[sz], i->src);
		break;
	case BS_LDX:
		if (BS_MODE(i->code) == BS_MEM)
			snprintf(buf, len, "r%d = *(%s *)(%s)", i->dst, llvm_size[sz],
				 mem_ref(m, sizeof(m), i->src, i->off));
		break;
	case BS_STX:
		mem_ref(m, sizeof(m), i->dst, i->off);
		if (BS_MODE(i->code) == BS_MEM)
			snprintf(buf, len, "*(%s *)(%s) = r%d", llvm_size[sz], m, i->src);
		else if (BS_MODE(i->code) != BS_ATOMIC)
			break;
		else if (BS_SIZE(i->code) == BS_W && i->imm == BS_ADD)
			snprintf(buf, len, "lock *(u32 *)(%s) += r%d", m, i->src);
		else if (BS_SIZE(i->code) != BS_DW)
			break;
		else if (i->imm == BS_ADD || i->imm == BS_OR || i->imm == BS_AND || i->imm == BS_XOR)
			snprintf(buf, len, "lock *(u64 *)(%s) %s r%d", m, llvm_alu[i->imm >> 4], i->src);
		else if (i->imm == (BS_ADD | BS_FETCH) || i->imm == (BS_OR | BS_FETCH) ||
			 i->imm == (BS_AND | BS_FETCH) || i->imm == (BS_XOR | BS_FETCH))
			snprintf(buf, len, "r%d = atomic_fetch_%s((u64 *)(%s), r%d)", i->src,
				 i->imm >> 4 == 0 ? "add" : i->imm >> 4 == 4 ? "or" :
				 i->imm >> 4 == 5 ? "and" : "xor", m, i->src);
		else if (i->imm == BS_XCHG)
			snprintf(buf, len, "r%d = xchg_64(%s, r%d)", i->src, m, i->src);
		else if (i->imm == BS_CMPXCHG)
			snprintf(buf, len, "r0 = cmpxchg_64(%s, r0, r%d)", m, i->src);
		break;
	}
}

/* ---- llvm-objdump output ------------------------------------------------- */

struct dline {
	size_t idx;       /* instruction index (8-byte slots) */
	uint8_t bytes[16];
	size_t nbytes;
	char text[128];
};

struct dsec {
	char name[1024];
	struct dline *lines;
	size_t n, cap;
};

struct dump {
	struct dsec *secs;
	size_t n, cap;
};

static void dump_free(struct dump *d)
{
	size_t k;

	for (k = 0; k < d->n; k++)
		free(d->secs[k].lines);
	free(d->secs);
	memset(d, 0, sizeof(*d));
}

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	*cap = *cap ? *cap * 2 : 64;
	if (*cap < need)
		*cap = need;
	p = realloc(p, *cap * elem);
	cr_assert(p, "out of memory");
	return p;
}

/* "  123:\t18 01 00 ... 00\tr1 = 0 ll" (bytes and text separated by tabs) */
static bool parse_insn_line(char *s, struct dline *out)
{
	char *p = s, *bytes, *text, *end;
	unsigned long idx;

	while (*p == ' ')
		p++;
	idx = strtoul(p, &end, 10);
	if (end == p || end[0] != ':' || end[1] != '\t')
		return false;
	bytes = end + 2;
	text = strchr(bytes, '\t');
	if (!text)
		return false;
	*text++ = '\0';
	out->idx = idx;
	out->nbytes = 0;
	for (p = bytes; *p;) {
		unsigned long b = strtoul(p, &end, 16);

		if (end == p || out->nbytes == sizeof(out->bytes))
			return false;
		out->bytes[out->nbytes++] = (uint8_t)b;
		p = end;
		while (*p == ' ')
			p++;
	}
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	/* jump targets: "goto +3 <LBB0_2>" (the last " <"; "if r1 < r2" has one too) */
	if (end > text && end[-1] == '>') {
		char *lt = NULL;

		for (p = strstr(text, " <"); p; p = strstr(p + 1, " <"))
			lt = p;
		if (lt)
			*lt = '\0';
	}
	snprintf(out->text, sizeof(out->text), "%s", text);
	return true;
}

static bool run_objdump(const char *path, bool big_endian, struct dump *d)
{
	char cmd[4096], line[1024];
	struct dsec *cur = NULL;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "llvm-objdump -d -z --triple=%s '%s' 2>/dev/null",
		 big_endian ? "bpfeb" : "bpfel", path);
	f = popen(cmd, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		struct dline dl;

		if (!strncmp(line, "Disassembly of section ", 23)) {
			char *name = line + 23, *colon = strrchr(name, ':');

			if (colon)
				*colon = '\0';
			d->secs = grow(d->secs, &d->cap, d->n + 1, sizeof(*d->secs));
			cur = &d->secs[d->n++];
			memset(cur, 0, sizeof(*cur));
			snprintf(cur->name, sizeof(cur->name), "%s", name);
		} else if (cur && parse_insn_line(line, &dl)) {
			cur->lines = grow(cur->lines, &cur->cap, cur->n + 1, sizeof(*cur->lines));
			cur->lines[cur->n++] = dl;
		}
	}
	return pclose(f) == 0;
}

/* ---- corpus walk ----------------------------------------------------------- */

struct paths {
	char **v;
	size_t n, cap;
};

static void collect(const char *dir, struct paths *ps)
{
	struct dirent *de;
	DIR *dp = opendir(dir);

	if (!dp)
		return;
	while ((de = readdir(dp))) {
		char path[4096];
		struct stat st;
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "invalid"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			collect(path, ps);
		} else if (l > 2 && !strcmp(de->d_name + l - 2, ".o")) {
			ps->v = grow(ps->v, &ps->cap, ps->n + 1, sizeof(*ps->v));
			ps->v[ps->n++] = strdup(path);
		}
	}
	closedir(dp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- comparison ------------------------------------------------------------ */

struct tally {
	size_t objects, sections, insns, unknown, mismatches;
};

static void mismatch(struct tally *t, const char *path, const char *sec, size_t idx,
		     const char *what, const char *ours, const char *theirs)
{
	if (t->mismatches++ < MAX_REPORT)
		cr_log_error("%s: section %s: insn %zu: %s: ours '%s', llvm-objdump '%s'", path, sec,
			     idx, what, ours, theirs);
}

static void compare_section(struct tally *t, const char *path, const char *name,
			    const uint8_t *raw, size_t size, bool be, const struct dsec *ds)
{
	size_t n = size / 8, idx, line = 0;
	struct bs_insn *insns = calloc(n ? n : 1, sizeof(*insns));
	char text[160];

	cr_assert(insns);
	if (size % 8)
		mismatch(t, path, name, n, "size not a multiple of 8", "", "");
	bs_isa_from_raw(raw, n, be, insns);
	t->sections++;
	for (idx = 0; idx < n; idx += bs_insn_slots(&insns[idx]), line++) {
		size_t slots = bs_insn_slots(&insns[idx]);
		const struct dline *dl = line < ds->n ? &ds->lines[line] : NULL;
		uint8_t bytes[16];

		if (slots == 2 && idx + 1 >= n)
			slots = 1; /* truncated lddw: objdump shows one slot */
		t->insns++;
		if (!dl || dl->idx != idx) {
			snprintf(text, sizeof(text), "%zu", idx);
			mismatch(t, path, name, idx, "instruction boundary", text,
				 dl ? "another index" : "missing");
			break;
		}
		bs_isa_to_raw(&insns[idx], slots, be, bytes);
		if (dl->nbytes != slots * 8 || memcmp(bytes, dl->bytes, dl->nbytes))
			mismatch(t, path, name, idx, "bytes", "re-encoded", "shown");
		render_llvm14(&insns[idx], text, sizeof(text));
		if (!strcmp(dl->text, "<unknown>"))
			t->unknown++;
		if (strcmp(text, dl->text))
			mismatch(t, path, name, idx, "text", text, dl->text);
	}
	if (line < ds->n)
		mismatch(t, path, name, ds->lines[line].idx, "extra objdump lines", "", ds->lines[line].text);
	free(insns);
}

static void compare_object(struct tally *t, const char *path)
{
	struct dump d = { 0 };
	size_t shstrndx, next_dsec = 0;
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;
	bool be;
	Elf *e;
	int fd;

	fd = open(path, O_RDONLY);
	cr_assert(fd >= 0, "%s: cannot open", path);
	e = elf_begin(fd, ELF_C_READ, NULL);
	cr_assert(e && gelf_getehdr(e, &eh) && !elf_getshdrstrndx(e, &shstrndx),
		  "%s: not an ELF object: %s", path, elf_errmsg(-1));
	be = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	cr_assert(run_objdump(path, be, &d), "%s: llvm-objdump failed", path);
	t->objects++;
	while ((scn = elf_nextscn(e, scn))) {
		const char *name;
		Elf_Data *data;
		GElf_Shdr sh;
		size_t k;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_EXECINSTR) ||
		    sh.sh_type == SHT_NOBITS || !sh.sh_size)
			continue;
		name = elf_strptr(e, shstrndx, sh.sh_name);
		data = elf_getdata(scn, NULL);
		cr_assert(name && data && data->d_size == sh.sh_size, "%s: bad section", path);
		/* objdump lists text sections in header order, empty ones too */
		for (k = next_dsec; k < d.n && strcmp(d.secs[k].name, name); k++)
			;
		if (k == d.n) {
			mismatch(t, path, name, 0, "section", "present", "not disassembled");
			continue;
		}
		next_dsec = k + 1;
		compare_section(t, path, name, data->d_buf, data->d_size, be, &d.secs[k]);
	}
	elf_end(e);
	close(fd);
	dump_free(&d);
}

static bool have_objdump(void)
{
	return system("llvm-objdump --version >/dev/null 2>&1") == 0;
}

ParameterizedTestParameters(isa_objdump, corpus)
{
	static int shards[NSHARDS] = { 0, 1, 2, 3 };

	return cr_make_param_array(int, shards, NSHARDS);
}

ParameterizedTest(int *shard, isa_objdump, corpus, .timeout = 120)
{
	const char *shared = getenv("BS_SHARED");
	struct paths ps = { 0 };
	struct tally t = { 0 };
	char root[4096];
	size_t k;

	if (!have_objdump())
		cr_skip_test("llvm-objdump not found");
	snprintf(root, sizeof(root), "%s/corpus", shared ? shared : "../shared");
	collect(root, &ps);
	if (!ps.n)
		cr_skip_test("no objects under %s", root);
	qsort(ps.v, ps.n, sizeof(*ps.v), cmp_str);
	cr_assert(elf_version(EV_CURRENT) != EV_NONE);
	for (k = 0; k < ps.n; k++) {
		if ((int)(k % NSHARDS) == *shard)
			compare_object(&t, ps.v[k]);
		free(ps.v[k]);
	}
	free(ps.v);
	cr_log_info("llvm-objdump shard %d/%d: %zu objects, %zu sections, %zu instructions "
		    "(%zu unknown to LLVM 14), %zu mismatches", *shard, NSHARDS, t.objects,
		    t.sections, t.insns, t.unknown, t.mismatches);
	cr_expect_eq(t.mismatches, 0, "%zu instructions disagree with llvm-objdump", t.mismatches);
	cr_expect_gt(t.insns, 0);
}
