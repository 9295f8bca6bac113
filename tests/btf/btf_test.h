/* Helpers shared by the BTF tests: corpus paths, ELF section extraction
 * (libelf, independent of bpfsight's own ELF reader) and a builder for
 * small synthetic BTF blobs. */
#ifndef BT_BTF_TEST_H
#define BT_BTF_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "bpfsight/btf.h"

#define BT_DATA "tests/data/btf/"

/* $BS_SHARED or "../shared", joined with rel into a static buffer. */
const char *bt_shared(const char *rel);
/* Whole file into a malloc'd buffer; 0 or -1. */
int bt_read_file(const char *path, void **data, size_t *len);
/* Copy of an ELF section's bytes (malloc'd); 0, or -1 when absent. */
int bt_elf_section(const char *path, const char *name, void **data, size_t *len);
/* Parses path's .BTF (and .BTF.ext when ext != NULL); asserts success. */
struct bs_btf *bt_parse_obj(const char *path, struct bs_btf_ext **ext);

/* Synthetic BTF: types as 32-bit words, strings, header added by bt_build. */
struct bt_blob {
	uint32_t w[4096];
	size_t nw;
	char s[4096];
	size_t ns;
};
void bt_init(struct bt_blob *b);
uint32_t bt_str(struct bt_blob *b, const char *s);
void bt_w(struct bt_blob *b, uint32_t w);
/* Type header; append the kind's extra words with bt_w(). */
void bt_type(struct bt_blob *b, uint32_t name_off, unsigned kind, unsigned vlen, int kflag,
	     uint32_t size_or_type);
/* INT with nr_bits = 8 * size and the given encoding. */
void bt_int(struct bt_blob *b, const char *name, uint32_t size, unsigned enc);
/* Header (24 bytes, types then strings) + sections, malloc'd. */
void *bt_build(const struct bt_blob *b, size_t *len);

/* Compares every type of btf with `bpftool btf dump file path` (kind, name,
 * size=, vlen=, type_id= of each header line and the type count). Returns
 * the number of types checked, or -1 when bpftool is not available. */
long bt_bpftool_check(const char *path, const struct bs_btf *btf);
#endif
