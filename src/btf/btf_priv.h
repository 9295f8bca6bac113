/* Private layout of struct bs_btf, shared by the files of src/btf.
 *
 * The blob is copied once into `buf`, placed so that the byte after the
 * header (where offsets start) is 4-aligned whatever hdr_len is; a foreign
 * byte order is swapped in that copy. `offs[i]` is the byte offset of type
 * id start_id + i inside the type section: lookups never walk the blob. */
#ifndef BS_BTF_PRIV_H
#define BS_BTF_PRIV_H

#include <stdint.h>

#include "bpfsight/btf.h"

/* Mirrors struct btf_header of <linux/btf.h>; 24 bytes, all host order. */
struct btf_hdr {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t type_off, type_len;
	uint32_t str_off, str_len;
};

#define BTF_MAGIC 0xeB9F

struct bs_btf {
	const struct bs_btf *base;
	unsigned char *buf;       /* allocation; raw points inside it */
	unsigned char *raw;       /* blob in host order */
	size_t raw_size;
	struct btf_hdr hdr;
	const unsigned char *types;
	const char *strs;
	uint32_t str_len;
	uint32_t start_id;        /* first id of this blob: 1, or the base's type count */
	uint32_t start_str_off;   /* string offsets below this are the base's */
	uint32_t nr_types;        /* types in this blob (not counting base or void) */
	uint32_t *offs;           /* nr_types offsets into the type section */
	bool swapped;             /* the blob was in the other byte order */
};

/* Bytes of kind-specific data after the header of a type, or -1 for an
 * unknown kind. Shared by parsing and the fuzz harness' sanity checks. */
long bs_btf_extra_size(const struct bs_btf_type *t);

/* True for the kinds that only qualify or rename another type. */
static inline bool bs_btf_is_mod(unsigned kind)
{
	return kind == BS_BTF_KIND_TYPEDEF || kind == BS_BTF_KIND_VOLATILE ||
	       kind == BS_BTF_KIND_CONST || kind == BS_BTF_KIND_RESTRICT ||
	       kind == BS_BTF_KIND_TYPE_TAG;
}

#endif
