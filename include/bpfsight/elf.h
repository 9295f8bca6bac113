/* Object reader: a BPF ELF object as libbpf and the kernel see it — maps
 * (legacy `maps` sections, BTF-defined `.maps`, global data as internal
 * array maps), programs found per section with their program type from the
 * SEC() name, and each program linked with the subprograms it reaches into
 * one instruction array, map and subprogram relocations resolved.
 *
 * Everything hangs off struct bs_object and is freed by bs_obj_free(). */
#ifndef BPFSIGHT_ELF_H
#define BPFSIGHT_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/base.h"
#include "bpfsight/btf.h"
#include "bpfsight/isa.h"

enum bs_map_origin {
	BS_MAPDEF_LEGACY,   /* struct bpf_map_def in a "maps" section */
	BS_MAPDEF_BTF,      /* BTF-defined, in ".maps" */
	BS_MAPDEF_DATA,     /* global data: .data*, .rodata*, .bss, .kconfig */
};

struct bs_map {
	const char *name;       /* symbol name; for data maps the section name */
	uint32_t type;          /* enum bs_map_type */
	uint32_t key_size, value_size, max_entries, map_flags;
	uint32_t btf_key_type, btf_value_type; /* BTF ids, 0 when unknown */
	int32_t inner_map;      /* index of the inner map template, or -1 */
	uint32_t pinning, numa_node;
	uint64_t map_extra;
	enum bs_map_origin origin;
	bool rdonly;            /* .rodata / .kconfig: frozen, read-only to programs */
	bool is_inner;          /* template of an inner map (not created itself) */
	uint32_t sec_idx;       /* ELF section defining it */
	uint64_t sec_off;       /* offset of its definition in that section */
	const uint8_t *init;    /* DATA maps: initial contents (NULL for .bss) */
	size_t init_size;
	/* legacy defs: extra bytes after the five standard fields (iproute2's
	 * id/pinning/inner fields), kept for loaders that need them */
	uint32_t def_size;
};

enum bs_reloc_kind {
	BS_RELO_MAP,        /* lddw of a map: src_reg=BS_PSEUDO_MAP_IDX, imm=map idx */
	BS_RELO_MAP_VALUE,  /* lddw of global data: src_reg=BS_PSEUDO_MAP_IDX_VALUE */
	BS_RELO_CALL,       /* bpf-to-bpf call; imm patched to the linked target */
	BS_RELO_FUNC,       /* lddw of a function address (callbacks) */
	BS_RELO_KFUNC,      /* call of an extern kernel function (unresolved) */
	BS_RELO_EXTERN,     /* lddw of an extern variable (.kconfig / ksym) */
	BS_RELO_CORE,       /* a CO-RE relocation from .BTF.ext (recorded only) */
};

struct bs_reloc {
	uint32_t insn;          /* index in the linked program */
	uint8_t kind;           /* enum bs_reloc_kind */
	int32_t map;            /* map index for MAP / MAP_VALUE, else -1 */
	uint32_t target;        /* CALL / FUNC: linked index of the callee */
	int64_t addend;         /* MAP_VALUE: byte offset in the value */
	const char *sym;        /* symbol name, for KFUNC / EXTERN / messages */
	const struct bs_btf_core_relo *core; /* CORE: the record */
};

struct bs_subprog {
	const char *name;       /* function symbol; section name if none */
	uint32_t start;         /* first instruction in the linked program */
	uint32_t len;           /* instructions */
	uint32_t sec_idx;       /* where it came from */
	uint32_t sec_insn_off;  /* its first instruction within that section */
	uint32_t btf_func;      /* BTF FUNC id from func_info, 0 if none */
	bool global;            /* STB_GLOBAL function (verified on its own) */
};

struct bs_prog {
	const char *name;       /* function symbol, or the section name */
	const char *section;
	uint32_t sec_idx;
	uint32_t prog_type;             /* enum bs_prog_type */
	uint32_t expected_attach_type;  /* enum bs_attach_type */
	const char *attach_target;      /* e.g. "sys_execve" for kprobe/sys_execve */
	bool type_known;        /* the SEC() name was recognised */
	bool sleepable;         /* ".s" section suffix */
	/* Why libbpf could not prepare this program for loading (unresolved
	 * extern call, call into a non-function, bad relocation), or NULL.
	 * The rest of the object stays usable; insns may then be partial. */
	const char *load_error;

	struct bs_insn *insns;  /* linked: entry function first, then callees */
	size_t ninsns;
	struct bs_subprog *subprogs;   /* [0] is the entry function */
	size_t nsubprogs;
	struct bs_reloc *relocs;       /* sorted by insn */
	size_t nrelocs;
	uint32_t *maps;                /* indexes of the maps used, sorted */
	size_t nmaps;
	/* .BTF.ext records moved to linked instruction indexes */
	struct bs_btf_func_info *func_info;
	size_t nfunc_info;
	struct bs_btf_line_info *line_info;  /* sorted by insn_off */
	size_t nline_info;
};

struct bs_object {
	const char *path;       /* as given */
	const char *license;    /* "" when absent */
	uint32_t kern_version;  /* "version" section, 0 when absent */
	bool big_endian;
	struct bs_map *maps;
	size_t nmaps;
	struct bs_prog *progs;
	size_t nprogs;
	struct bs_btf *btf;         /* NULL when the object has no .BTF */
	struct bs_btf_ext *btf_ext; /* NULL when no .BTF.ext */
	struct bs_arena arena;      /* owns every string and array above */
	void *priv;                 /* reader internals */
};

/* Opens and reads an object. Returns NULL with eb filled ("path: section
 * 'x' at 0x40: what is wrong") when the file cannot be used at all. */
struct bs_object *bs_obj_open(const char *path, struct bs_errbuf *eb);
/* Same from memory (copied); name is used in messages. */
struct bs_object *bs_obj_open_mem(const void *buf, size_t size, const char *name,
				  struct bs_errbuf *eb);
void bs_obj_free(struct bs_object *obj);

/* Program by function name or section name; NULL when none matches. */
const struct bs_prog *bs_obj_find_prog(const struct bs_object *obj, const char *name);

/* Line info record covering instruction idx (the last one at or before it),
 * or NULL. */
const struct bs_btf_line_info *bs_prog_line_at(const struct bs_prog *prog, uint32_t idx);

/* Subprogram containing instruction idx. */
const struct bs_subprog *bs_prog_subprog_at(const struct bs_prog *prog, uint32_t idx);

/* libbpf SEC() conventions: program type, expected attach type and attach
 * target for a section name. Returns false for names libbpf does not know. */
struct bs_sec_def_result {
	uint32_t prog_type, attach_type;
	const char *attach_target; /* points into sec, or NULL */
	bool sleepable;
};
bool bs_sec_to_type(const char *sec, struct bs_sec_def_result *out);

#endif
