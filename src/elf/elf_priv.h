/* Object reader internals: the checked view of the ELF file that the map,
 * program and linking passes share. Every section and symbol is validated
 * once in reader.c; later passes index these arrays without re-checking. */
#ifndef BS_ELF_PRIV_H
#define BS_ELF_PRIV_H

#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>

#include "bpfsight/elf.h"

/* a map that is created from a section rather than a symbol */
#define SEC_MAPS_LEGACY 1
#define SEC_MAPS_BTF 2
#define SEC_DATA 3
#define SEC_PROG 4

/* one relocation of a program section, validated */
struct elf_rel {
	uint32_t insn;  /* instruction index within the section */
	uint32_t sym;   /* checked symbol index */
	uint32_t type;  /* R_BPF_* */
	int64_t addend; /* SHT_RELA's explicit addend, 0 for SHT_REL */
};

struct elf_sec {
	const char *name;
	GElf_Shdr sh;
	const uint8_t *data;  /* NULL for SHT_NOBITS and empty sections */
	size_t size;          /* sh_size, also for NOBITS */
	uint32_t rel;         /* index of the SHT_REL section for it, 0 if none */
	uint8_t kind;         /* SEC_* or 0 */
	int32_t data_map;     /* SEC_DATA: index of its map, else -1 */
	struct bs_insn *insns; /* SEC_PROG: decoded, size / 8 of them */
	struct elf_rel *rels;  /* SEC_PROG: sorted by insn */
	size_t nrels;
};

struct elf_sym {
	const char *name;
	uint64_t value, size;
	uint32_t shndx;  /* SHN_UNDEF, SHN_ABS, ... or a checked section index */
	uint8_t type, bind;
};

struct reader {
	struct bs_object *obj;
	struct bs_errbuf *eb;
	const char *what;     /* file name for messages */
	Elf *elf;
	uint8_t *buf;
	size_t bufsz;
	struct elf_sec *secs;
	size_t nsecs;
	struct elf_sym *syms;
	size_t nsyms;
	uint32_t symtab;      /* section index of .symtab, 0 if none */
	uint32_t text;        /* section index of .text, 0 if none */
	uint32_t maps_legacy; /* "maps", 0 if none (also see SEC_MAPS_LEGACY kinds) */
	uint32_t maps_btf;    /* ".maps", 0 if none */
	uint32_t btf_sec, btf_ext_sec;
	size_t maps_cap;      /* capacity of obj->maps */
	size_t progs_cap;     /* capacity of obj->progs */
};

/* reader.c */
int bs_elf_fail(struct reader *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const struct elf_sec *bs_elf_sec(const struct reader *r, uint32_t idx);

/* maps.c: fills obj->maps from legacy, BTF-defined and data sections */
int bs_elf_collect_maps(struct reader *r);
/* index of the map defined at (sec, off), or -1 */
int32_t bs_elf_map_at(const struct reader *r, uint32_t sec, uint64_t off);

/* relocation of instruction insn of program section sec, or NULL */
const struct elf_rel *bs_elf_rel_at(const struct reader *r, uint32_t sec, uint32_t insn);

/* progs.c: finds programs and links each one */
int bs_elf_collect_progs(struct reader *r);

/* link.c: builds prog->insns from its entry function and the callees */
int bs_elf_link_prog(struct reader *r, struct bs_prog *prog, uint32_t sym);
/* the FUNC symbol of section sec covering instruction insn, or -1 */
int64_t bs_elf_func_at(const struct reader *r, uint32_t sec, uint64_t insn);
/* instruction range [*start, *start + *len) of FUNC symbol sym (or, for
 * sym == UINT32_MAX, the whole section sec) */
void bs_elf_func_range(const struct reader *r, uint32_t sec, uint32_t sym, uint64_t *start,
		       uint64_t *len);

#endif
