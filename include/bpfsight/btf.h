/* BTF: the type section (.BTF, or a vmlinux BTF blob) and its extension
 * (.BTF.ext: func_info, line_info, CO-RE relocations).
 * Format: Documentation/bpf/btf.rst and <linux/btf.h>.
 *
 * A struct bs_btf keeps the raw blob (copied) plus an index from type id to
 * the type's offset, so lookups are O(1). Split BTF (a module on top of
 * vmlinux) is supported through `base`: ids continue after the base's. */
#ifndef BPFSIGHT_BTF_H
#define BPFSIGHT_BTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/base.h"

enum bs_btf_kind {
	BS_BTF_KIND_UNKN = 0,
	BS_BTF_KIND_INT = 1,
	BS_BTF_KIND_PTR = 2,
	BS_BTF_KIND_ARRAY = 3,
	BS_BTF_KIND_STRUCT = 4,
	BS_BTF_KIND_UNION = 5,
	BS_BTF_KIND_ENUM = 6,
	BS_BTF_KIND_FWD = 7,
	BS_BTF_KIND_TYPEDEF = 8,
	BS_BTF_KIND_VOLATILE = 9,
	BS_BTF_KIND_CONST = 10,
	BS_BTF_KIND_RESTRICT = 11,
	BS_BTF_KIND_FUNC = 12,
	BS_BTF_KIND_FUNC_PROTO = 13,
	BS_BTF_KIND_VAR = 14,
	BS_BTF_KIND_DATASEC = 15,
	BS_BTF_KIND_FLOAT = 16,
	BS_BTF_KIND_DECL_TAG = 17,
	BS_BTF_KIND_TYPE_TAG = 18,
	BS_BTF_KIND_ENUM64 = 19,
	BS_BTF_KIND_MAX = 19,
};

/* Raw type header, followed in the blob by kind-specific data (below). */
struct bs_btf_type {
	uint32_t name_off;
	uint32_t info; /* vlen: bits 0-15, kind: bits 24-28, kind_flag: bit 31 */
	union {
		uint32_t size; /* INT, ENUM, STRUCT, UNION, DATASEC, FLOAT, ENUM64 */
		uint32_t type; /* PTR, TYPEDEF, modifiers, FUNC, FUNC_PROTO, VAR, tags */
	};
};
struct bs_btf_array { uint32_t type, index_type, nelems; };
struct bs_btf_member { uint32_t name_off, type, offset; }; /* offset: bits, or kflag: bitfield size<<24 | bit offset */
struct bs_btf_param { uint32_t name_off, type; };
struct bs_btf_enum { uint32_t name_off; int32_t val; };
struct bs_btf_enum64 { uint32_t name_off, val_lo32, val_hi32; };
struct bs_btf_var { uint32_t linkage; };
struct bs_btf_var_secinfo { uint32_t type, offset, size; };
struct bs_btf_decl_tag { int32_t component_idx; };

static inline unsigned bs_btf_kind(const struct bs_btf_type *t) { return (t->info >> 24) & 0x1f; }
static inline unsigned bs_btf_vlen(const struct bs_btf_type *t) { return t->info & 0xffff; }
static inline bool bs_btf_kflag(const struct bs_btf_type *t) { return t->info >> 31; }
/* Kind-specific data following the header (members, params, enums, ...). */
static inline const void *bs_btf_type_extra(const struct bs_btf_type *t) { return t + 1; }
/* INT encoding word: bits 0-7 nr_bits, 16-23 offset, 24-27 encoding (1 signed, 2 char, 4 bool). */
static inline uint32_t bs_btf_int_data(const struct bs_btf_type *t) { return *(const uint32_t *)(t + 1); }
/* Bit offset / bitfield size of member m of a struct or union t. */
static inline uint32_t bs_btf_member_bit_off(const struct bs_btf_type *t, const struct bs_btf_member *m)
{ return bs_btf_kflag(t) ? m->offset & 0xffffff : m->offset; }
static inline uint32_t bs_btf_member_bitfield_size(const struct bs_btf_type *t, const struct bs_btf_member *m)
{ return bs_btf_kflag(t) ? m->offset >> 24 : 0; }

struct bs_btf;

/* Parses and validates a BTF blob (copied; `data` may be freed afterwards).
 * base: NULL, or the BTF this one is split from. what: a name for messages
 * ("prog.o: .BTF"). Validation covers the header, section bounds, string
 * offsets, every type's size and kind, referenced ids, and loops in
 * reference chains or by-value containment. Both byte orders are accepted.
 * Returns NULL with eb filled on error. Free with bs_btf_free(). */
struct bs_btf *bs_btf_parse(const void *data, size_t size, const struct bs_btf *base,
			    const char *what, struct bs_errbuf *eb);

/* Loads a raw BTF file (e.g. /sys/kernel/btf/vmlinux), a zlib- or
 * gzip-compressed one, or the .BTF section of an ELF file. path NULL means
 * /sys/kernel/btf/vmlinux. */
struct bs_btf *bs_btf_load_file(const char *path, const struct bs_btf *base,
				struct bs_errbuf *eb);

void bs_btf_free(struct bs_btf *btf);

/* Number of type ids including id 0 (void) and the base's types: valid ids
 * are 0 .. bs_btf_type_cnt() - 1. */
uint32_t bs_btf_type_cnt(const struct bs_btf *btf);
/* NULL for id 0 or out of range. */
const struct bs_btf_type *bs_btf_type_by_id(const struct bs_btf *btf, uint32_t id);
/* String at offset (in this BTF or its base); "" for 0, NULL if invalid. */
const char *bs_btf_str(const struct bs_btf *btf, uint32_t off);
/* Name of type id ("" if anonymous or void). */
const char *bs_btf_type_name(const struct bs_btf *btf, uint32_t id);
/* First type id with this name and kind, or 0 when none. */
uint32_t bs_btf_find_by_name_kind(const struct bs_btf *btf, const char *name, unsigned kind);

/* Follows typedefs and CV/restrict/type_tag modifiers; returns the final
 * type (NULL for void) and its id in *res_id (may be NULL). */
const struct bs_btf_type *bs_btf_skip_mods(const struct bs_btf *btf, uint32_t id, uint32_t *res_id);
/* Size in bytes of a type (arrays multiplied out, pointers 8).
 * BS_EINVAL for void, functions or forward declarations. */
int bs_btf_resolve_size(const struct bs_btf *btf, uint32_t id, uint64_t *size);

/* C-like spelling of a type ("struct iphdr *", "unsigned int", "u8[16]",
 * "int (*)(void *, int)"; type tags are left out) written like snprintf
 * (buf may be NULL when len is 0); returns the length needed, BS_EINVAL for
 * an id out of range or BS_ENOMEM. */
int bs_btf_type_str(const struct bs_btf *btf, uint32_t id, char *buf, size_t len);

/* Raw blob as given (host byte order after parsing), for tools. */
const void *bs_btf_raw(const struct bs_btf *btf, size_t *size);

/* ---- .BTF.ext ------------------------------------------------------------ */

/* insn_off fields are instruction indexes (the file's byte offsets / 8)
 * relative to the start of the ELF section the record belongs to. */
struct bs_btf_func_info {
	uint32_t insn_off;
	uint32_t type_id;   /* a BTF FUNC */
};
struct bs_btf_line_info {
	uint32_t insn_off;
	const char *file;   /* strings point into the BTF; never NULL */
	const char *line;   /* source text of the line, "" if absent */
	uint32_t line_no;
	uint32_t col;
};
struct bs_btf_core_relo {
	uint32_t insn_off;
	uint32_t type_id;
	const char *access_str; /* e.g. "0:1:2" */
	uint32_t kind;          /* enum bpf_core_relo_kind */
};
struct bs_btf_ext_sec {
	const char *name;       /* ELF section name */
	const struct bs_btf_func_info *func_info;
	size_t nfunc_info;
	const struct bs_btf_line_info *line_info;
	size_t nline_info;
	const struct bs_btf_core_relo *core_relo;
	size_t ncore_relo;
};
struct bs_btf_ext;

/* Parses .BTF.ext against its .BTF (strings are resolved there). Record
 * sizes larger than the known ones are accepted (extra bytes ignored), as
 * libbpf does; smaller ones and misaligned offsets are errors. */
struct bs_btf_ext *bs_btf_ext_parse(const void *data, size_t size, const struct bs_btf *btf,
				    const char *what, struct bs_errbuf *eb);
void bs_btf_ext_free(struct bs_btf_ext *ext);
size_t bs_btf_ext_nsecs(const struct bs_btf_ext *ext);
const struct bs_btf_ext_sec *bs_btf_ext_sec(const struct bs_btf_ext *ext, size_t i);
/* NULL when the section has no records. */
const struct bs_btf_ext_sec *bs_btf_ext_find(const struct bs_btf_ext *ext, const char *sec_name);

#endif
