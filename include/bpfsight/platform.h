/* Platform tables: what the target kernel offers programs. Data, not code:
 * helper functions by id (source: enum bpf_func_id of a Linux 6.18 vmlinux
 * BTF, ids 1..211). Helper prototypes, their availability per program type
 * and the verifier's per-helper facts: bpfsight/platform_helpers.h. */
#ifndef BPFSIGHT_PLATFORM_H
#define BPFSIGHT_PLATFORM_H

#include <stdint.h>

#define BS_HELPER_MAX_ID 211

/* "bpf_map_lookup_elem" for 1; NULL for an id the kernel does not have. */
const char *bs_plat_helper_name(int32_t id);
/* id of a helper by name, with or without the "bpf_" prefix; -1 if none */
int32_t bs_plat_helper_by_name(const char *name);

#endif
