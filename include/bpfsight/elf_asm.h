/* Objects without an ELF file: built from a raw instruction array (for the
 * fuzzer and for tests) or read from bpfsight's text assembly format, and
 * programs written back in that format. The format is the kernel verifier's
 * instruction syntax (what bs_isa_disasm() prints) plus a few directives for
 * the program type, license and maps; README.md and bpfsight(1) describe it:
 *
 *   .type xdp
 *   .license GPL
 *   .map counts array key=4 value=8 entries=1
 *   .prog count
 *   0: (b7) r1 = 0
 *      *(u32 *)(r10 -4) = r1
 *      r2 = r10
 *      r2 += -4
 *      r1 = map[counts]
 *      call bpf_map_lookup_elem#1
 *      if r0 == 0x0 goto .Lout
 *      ...
 *
 * Every object these functions return is freed with bs_obj_free(). */
#ifndef BPFSIGHT_ELF_ASM_H
#define BPFSIGHT_ELF_ASM_H

#include <stdio.h>

#include "bpfsight/elf.h"

/* A program to build an object from (copied; the result owns everything). */
struct bs_obj_spec {
	const char *name;            /* object "path" used in messages */
	const char *license;         /* NULL: "GPL" */
	const struct bs_map *maps;   /* copied, including init contents of data maps;
	                              * inner_map is -1 when the map has none (0
	                              * names map 0, as in struct bs_map) */
	size_t nmaps;
	const char *prog_name;       /* NULL: "prog" */
	const char *section;         /* NULL: derived from prog_type or "asm" */
	uint32_t prog_type, attach_type; /* enum bs_prog_type / bs_attach_type */
	const struct bs_insn *insns; /* linked instruction array; lddw of a map:
	                              * src=BS_PSEUDO_MAP_IDX (or _VALUE) with imm = map index,
	                              * as the ELF reader leaves them after linking */
	size_t ninsns;
	/* optional, may be NULL: names of the subprograms by their first
	 * instruction (subprog_names[i] names the one starting at i; NULL
	 * entries and the rest get "<prog_name>+<start>"); ninsns entries */
	const char *const *subprog_names;
	/* optional, may be NULL: the object's BTF (copied), for map value types
	 * the verifier reads (spin locks, timers, kptrs) */
	const struct bs_btf *btf;
	/* optional, with btf: BTF FUNC records by linked instruction (copied);
	 * a subprogram whose record has global linkage is global (verified on
	 * its own), as the kernel decides from func_info */
	const struct bs_btf_func_info *func_info;
	size_t nfunc_info;
};

/* Builds an object with one program. Its subprograms start at 0 and at every
 * target of a bpf-to-bpf call (src BS_PSEUDO_CALL) or function reference
 * (lddw src BS_PSEUDO_FUNC), static unless func_info says global. relocs list
 * every map, call and function reference; prog->maps the maps used;
 * type_known is true when prog_type is not 0 (BPF_PROG_TYPE_UNSPEC).
 * Returns NULL with eb filled ("name: insn 7: lddw of map 3, the object has
 * 2 maps") on a bad map index, a call or function reference outside the
 * program, no instructions, or ENOMEM. Instructions are otherwise copied as
 * they are, an lddw cut off at the end too: validating them is the
 * verifier's job (it rejects them as the kernel does). */
struct bs_object *bs_obj_build(const struct bs_obj_spec *spec, struct bs_errbuf *eb);

/* Fills spec to rebuild prog of obj: its maps, BTF, func_info, license,
 * names, types and instructions, all borrowed from obj (keep obj alive while
 * spec is used). Replace insns/ninsns to build a variant, e.g. a mutated copy
 * that verifies with everything else as the original. */
void bs_obj_spec_from_prog(struct bs_obj_spec *spec, const struct bs_object *obj,
			   const struct bs_prog *prog);

/* Reads the text assembly format from a file or from memory (text need not
 * be NUL-terminated). NULL with eb filled ("file:LINE: what is wrong") on the
 * first error. A file without .type (and without a SEC() name in .section)
 * gives a program with prog_type 0 and type_known false: the caller must
 * supply a type. */
struct bs_object *bs_obj_open_asm(const char *path, struct bs_errbuf *eb);
struct bs_object *bs_obj_parse_asm(const char *text, size_t len, const char *name,
				   struct bs_errbuf *eb);

/* Writes prog of obj in the format, such that reading it back gives the same
 * instructions, maps (type, sizes, entries, flags, initial data contents) and
 * program type. Instructions the kernel syntax cannot express exactly (bad
 * reserved fields, unknown opcodes, lddw of map fds and BTF ids, kfunc calls
 * into module BTF) are written as raw `.insn` lines. BS_OK, BS_EIO when
 * writing fails, BS_EINVAL (nothing written) when the program has no
 * instructions, references a map obj does not have, or calls outside itself
 * (possible only in a program whose linking failed, prog->load_error). */
int bs_obj_write_asm(FILE *out, const struct bs_object *obj, const struct bs_prog *prog);

#endif
