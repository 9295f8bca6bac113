/* Name tables for the kernel ABI enums, generated from the X-macro lists in
 * uapi.h so names and numbers cannot drift apart. */
#include <string.h>

#include "bpfsight/uapi.h"

struct name_row {
	uint32_t val;
	const char *name;
};

static const struct name_row prog_types[] = {
#define X(n, v, s) { v, s },
	BS_PROG_TYPE_LIST(X)
#undef X
};
static const struct name_row attach_types[] = {
#define X(n, v, s) { v, s },
	BS_ATTACH_TYPE_LIST(X)
#undef X
};
static const struct name_row map_types[] = {
#define X(n, v, s) { v, s },
	BS_MAP_TYPE_LIST(X)
#undef X
};

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

static const char *by_val(const struct name_row *t, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].val == v)
			return t[i].name;
	return NULL;
}

static int by_name(const struct name_row *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return (int)t[i].val;
	return -1;
}

const char *bs_prog_type_name(uint32_t t) { return by_val(prog_types, NROWS(prog_types), t); }
const char *bs_attach_type_name(uint32_t t) { return by_val(attach_types, NROWS(attach_types), t); }
const char *bs_map_type_name(uint32_t t) { return by_val(map_types, NROWS(map_types), t); }
int bs_prog_type_by_name(const char *s) { return by_name(prog_types, NROWS(prog_types), s); }
int bs_map_type_by_name(const char *s) { return by_name(map_types, NROWS(map_types), s); }
int bs_attach_type_by_name(const char *s) { return by_name(attach_types, NROWS(attach_types), s); }

static const char *const func_names[] = {
#define X(id, name) [id] = #name,
	BS_HELPER_LIST(X)
#undef X
};

const char *bs_func_id_name(int32_t id)
{
	if (id < 1 || (size_t)id >= NROWS(func_names))
		return NULL;
	return func_names[id];
}

int32_t bs_func_id_by_name(const char *name)
{
	if (!strncmp(name, "bpf_", 4))
		name += 4;
	for (size_t i = 1; i < NROWS(func_names); i++)
		if (func_names[i] && !strcmp(func_names[i], name))
			return (int32_t)i;
	return -1;
}
