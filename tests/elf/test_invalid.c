/* Malformed objects: the shared corpus's invalid/ folder, objects we break
 * ourselves (truncation, out-of-range indexes and offsets, corrupted BTF),
 * random byte flips, and allocation failures. Each must give a one-line
 * error that names the object, never a crash, hang or leak (ASan). */
#include <criterion/criterion.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/corpus.h"
#include "bpfsight/absint.h"
#include "bpfsight/elf.h"
#include "bpfsight/uapi.h"

static void *sample(const char *rel, size_t *size)
{
	char path[4096];
	void *buf;

	snprintf(path, sizeof(path), "%s/corpus/ebpf-samples/%s", corpus_shared_dir(), rel);
	buf = corpus_read_file(path, size);
	cr_assert(buf, "cannot read %s", path);
	return buf;
}

/* opens buf; returns whether it was accepted, checking the error form */
static bool try_open(const void *buf, size_t n, const char *name)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open_mem(buf, n, name, &eb);

	if (o) {
		bs_obj_free(o);
		return true;
	}
	cr_expect(!strncmp(eb.msg, name, strlen(name)), "error does not name the object: %s",
		  eb.msg);
	cr_expect_null(strchr(eb.msg, '\n'), "error is not one line: %s", eb.msg);
	return false;
}

static void expect_error(const void *buf, size_t n, const char *name, const char *needle)
{
	struct bs_errbuf eb = { 0 };
	struct bs_object *o = bs_obj_open_mem(buf, n, name, &eb);

	cr_expect_null(o, "%s: accepted", name);
	bs_obj_free(o);
	cr_expect_eq(eb.err, BS_EFORMAT, "%s: err %d (%s)", name, eb.err, eb.msg);
	cr_expect(strstr(eb.msg, needle), "%s: '%s' does not say '%s'", name, eb.msg, needle);
}

Test(elf_invalid, shared_invalid_objects)
{
	char dir[4096], **files;
	size_t n;

	snprintf(dir, sizeof(dir), "%s/corpus/ebpf-samples/invalid", corpus_shared_dir());
	n = corpus_list(dir, NULL, &files);
	if (!n)
		cr_skip_test("no %s", dir);
	for (size_t i = 0; i < n; i++) {
		struct bs_errbuf eb = { 0 };
		struct bs_object *o = bs_obj_open(files[i], &eb);

		if (!o) {
			cr_expect(!strncmp(eb.msg, files[i], strlen(files[i])), "%s", eb.msg);
			cr_expect_eq(eb.err, BS_EFORMAT, "%s", eb.msg);
			continue;
		}
		/* Readable as ELF. Some files here were found by fuzzing other
		 * readers (e.g. eBPF-for-Windows objects with a renamed debug
		 * section) and are sound BPF objects to a Linux loader; each of
		 * their programs must still get a deterministic verdict without a
		 * crash, and a defect in the instructions or links is reported. */
		for (size_t k = 0; k < o->nprogs; k++) {
			const struct bs_prog *p = &o->progs[k];
			struct bs_ai_opts ao = { .prog_type = p->type_known ? 0 : BS_PROG_XDP };
			struct bs_ai_result r1, r2;
			size_t at;

			if (p->load_error)
				continue;
			cr_assert_eq(bs_ai_verify(o, p, &ao, &r1), BS_OK, "%s", files[i]);
			cr_assert_eq(bs_ai_verify(o, p, &ao, &r2), BS_OK, "%s", files[i]);
			cr_expect_eq(r1.verdict, r2.verdict, "%s: verdict not deterministic", files[i]);
			bs_ai_result_fini(&r1);
			bs_ai_result_fini(&r2);
			if (bs_isa_check(p->insns, p->ninsns, &at) != BS_ISA_INVALID_NONE)
				cr_expect_neq(r1.verdict, BS_ACCEPT, "%s: invalid insn %zu accepted",
					      files[i], at);
		}
		bs_obj_free(o);
	}
	corpus_free_list(files, n);
}

/* section header table layout of a buffer (read with libelf) */
struct layout {
	GElf_Ehdr eh;
	size_t nsec;
	GElf_Shdr sh[256];
	const char *name[256];
};

static void layout_of(void *buf, size_t n, struct layout *l)
{
	Elf *e;
	size_t shstr;

	elf_version(EV_CURRENT);
	e = elf_memory(buf, n);
	cr_assert(e && gelf_getehdr(e, &l->eh));
	elf_getshdrnum(e, &l->nsec);
	elf_getshdrstrndx(e, &shstr);
	cr_assert_leq(l->nsec, 256);
	for (size_t i = 0; i < l->nsec; i++) {
		gelf_getshdr(elf_getscn(e, i), &l->sh[i]);
		l->name[i] = strdup(elf_strptr(e, shstr, l->sh[i].sh_name));
	}
	elf_end(e);
}

static size_t find_sec(const struct layout *l, const char *name)
{
	for (size_t i = 0; i < l->nsec; i++)
		if (!strcmp(l->name[i], name))
			return i;
	cr_assert_fail("no section %s", name);
	return 0;
}

static Elf64_Shdr *shdr_at(uint8_t *buf, const struct layout *l, size_t i)
{
	return (Elf64_Shdr *)(buf + l->eh.e_shoff + i * l->eh.e_shentsize);
}

Test(elf_invalid, truncated_at_every_boundary)
{
	const char *objs[] = { "build/bpf2bpf.o", "cilium/bpf_lxc.o" };

	for (size_t o = 0; o < 2; o++) {
		size_t n, cuts[600], nc = 0;
		uint8_t *buf = sample(objs[o], &n);
		struct layout l;

		layout_of(buf, n, &l);
		for (size_t i = 0; i < l.nsec && nc < 590; i++) {
			cuts[nc++] = l.sh[i].sh_offset;
			cuts[nc++] = l.sh[i].sh_offset + l.sh[i].sh_size;
		}
		cuts[nc++] = 0;
		cuts[nc++] = 1;
		cuts[nc++] = 63;
		cuts[nc++] = l.eh.e_shoff;
		cuts[nc++] = l.eh.e_shoff + l.eh.e_shentsize;
		cuts[nc++] = n - 1;
		for (size_t c = 0; c < nc; c++) {
			if (cuts[c] >= n)
				continue;
			/* the section headers sit at the end: every cut loses some */
			cr_expect_not(try_open(buf, cuts[c], objs[o]), "%s cut at %zu accepted",
				      objs[o], cuts[c]);
		}
		for (size_t i = 0; i < l.nsec; i++)
			free((void *)l.name[i]);
		free(buf);
	}
}

Test(elf_invalid, out_of_range_indexes_and_offsets)
{
	size_t n;
	uint8_t *orig = sample("build/bpf2bpf.o", &n), *buf = malloc(n);
	struct layout l;
	size_t rel, symtab, btf, text;
	Elf64_Sym *sym;
	Elf64_Rel *r;

	layout_of(orig, n, &l);
	rel = find_sec(&l, ".reltest");
	symtab = find_sec(&l, ".symtab");
	btf = find_sec(&l, ".BTF");
	text = find_sec(&l, "test");

	memcpy(buf, orig, n);
	shdr_at(buf, &l, rel)->sh_info = 999;
	expect_error(buf, n, "relinfo.o", "relocates section 999");

	memcpy(buf, orig, n);
	r = (Elf64_Rel *)(buf + l.sh[rel].sh_offset);
	r->r_offset = 0x100000;
	expect_error(buf, n, "reloff.o", "outside section 'test'");

	memcpy(buf, orig, n);
	r = (Elf64_Rel *)(buf + l.sh[rel].sh_offset);
	r->r_info = ELF64_R_INFO(100000, ELF64_R_TYPE(r->r_info));
	expect_error(buf, n, "relsym.o", "symbol index 100000 out of range");

	memcpy(buf, orig, n);
	sym = (Elf64_Sym *)(buf + l.sh[symtab].sh_offset) + 1;
	sym->st_shndx = 500;
	expect_error(buf, n, "symshndx.o", "section index 500 out of range");

	memcpy(buf, orig, n);
	shdr_at(buf, &l, symtab)->sh_link = 4000;
	expect_error(buf, n, "strtab.o", "string table index 4000");

	memcpy(buf, orig, n);
	shdr_at(buf, &l, text)->sh_offset = 0x7fffffff;
	cr_expect_not(try_open(buf, n, "secoff.o"));

	memcpy(buf, orig, n);
	shdr_at(buf, &l, text)->sh_size = 0x1004; /* not a multiple of 8 */
	expect_error(buf, n, "secsize.o", "");

	memcpy(buf, orig, n);
	/* BTF header: magic u16, version u8, flags u8, hdr_len u32, type_off,
	 * type_len, str_off, str_len; make the string section run off */
	*(uint32_t *)(buf + l.sh[btf].sh_offset + 20) = 0x7ffffff0;
	expect_error(buf, n, "btfstr.o", ".BTF");

	memcpy(buf, orig, n);
	buf[l.sh[btf].sh_offset] ^= 0xff; /* magic */
	expect_error(buf, n, "btfmagic.o", ".BTF");

	free(buf);
	free(orig);
	for (size_t i = 0; i < l.nsec; i++)
		free((void *)l.name[i]);
}

Test(elf_invalid, random_byte_flips, .timeout = 120)
{
	const char *objs[] = { "build/bpf2bpf.o", "build/map_in_map.o", "linux/sockex2_kern.o" };
	uint64_t seed = 0x9e3779b97f4a7c15ull;

	for (size_t o = 0; o < 3; o++) {
		size_t n;
		uint8_t *orig = sample(objs[o], &n), *buf = malloc(n);

		for (int it = 0; it < 700; it++) {
			memcpy(buf, orig, n);
			for (int k = 0; k < 1 + it % 4; k++) {
				seed = seed * 6364136223846793005ull + 1442695040888963407ull;
				buf[(seed >> 33) % n] ^= (uint8_t)(1u << ((seed >> 20) & 7));
			}
			try_open(buf, n, objs[o]);
		}
		free(buf);
		free(orig);
	}
}

Test(elf_invalid, allocation_failures_are_clean, .timeout = 120)
{
	const char *objs[] = { "build/bpf2bpf.o", "build/map_in_map.o", "cilium/bpf_lxc.o" };

	for (size_t o = 0; o < 3; o++) {
		size_t n;
		void *buf = sample(objs[o], &n);
		unsigned long k;

		for (k = 1; k < 100000; k++) {
			struct bs_errbuf eb = { 0 };
			struct bs_object *obj;

			bs_alloc_fail_after(k);
			obj = bs_obj_open_mem(buf, n, objs[o], &eb);
			bs_alloc_fail_after(0);
			if (obj) {
				bs_obj_free(obj);
				break;
			}
			cr_assert_eq(eb.err, BS_ENOMEM, "%s, failing after %lu: %s", objs[o], k, eb.msg);
		}
		cr_expect_gt(k, 3, "%s opened with %lu allocations", objs[o], k);
		free(buf);
	}
}
