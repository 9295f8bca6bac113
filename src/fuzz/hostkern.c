/* Host-kernel loader (see bpfsight/fuzz_kernel.h): creates what a program
 * needs, loads it with bpf(BPF_PROG_LOAD) and reads the verdict, the final
 * error line and the statistics from the verifier log. Never attaches.
 *
 * Objects are prepared as libbpf prepares them: the object's BTF
 * (BPF_BTF_LOAD) with func_info/line_info, maps from the object's
 * definitions with BTF key/value types when the kernel took the BTF (retried
 * without, as libbpf does), global data written and .rodata frozen, perf
 * event arrays sized to the CPUs, outer maps given an inner map made from
 * their template. Map references stay BPF_PSEUDO_MAP_IDX(_VALUE) and resolve
 * through fd_array. */
#define _GNU_SOURCE
#include "bpfsight/fuzz_kernel.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpfsight/uapi.h"

#ifndef __NR_bpf
#define __NR_bpf 321
#endif

static int hk_sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}


/* Object names take [A-Za-z0-9_.] and 15 characters (bpf_obj_name_cpy()). */
static void hk_obj_name(char *dst, const char *src)
{
	size_t n = 0;

	memset(dst, 0, BPF_OBJ_NAME_LEN);
	for (; src && *src && n < BPF_OBJ_NAME_LEN - 1; src++) {
		char c = *src;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.')
			dst[n++] = c;
	}
}

/* ELF facts libbpf's btf_fixup_datasec() uses: a section's size and a
 * symbol's value in it. The object reader does not keep symbols, so we read
 * them from the file (objects opened from memory get sizes only). */
struct elf_syms {
	int fd;
	Elf *elf;
};

static bool elf_sec_sym(struct elf_syms *es, const char *sec, const char *sym, uint64_t *sec_size,
			uint64_t *value)
{
	Elf_Scn *scn = NULL, *symscn = NULL;
	size_t shstrndx, secidx = 0;
	GElf_Shdr sh;

	if (!es->elf || elf_getshdrstrndx(es->elf, &shstrndx))
		return false;
	while ((scn = elf_nextscn(es->elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			return false;
		name = elf_strptr(es->elf, shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_SYMTAB)
			symscn = scn;
		else if (name && !strcmp(name, sec) && !secidx) {
			secidx = elf_ndxscn(scn);
			*sec_size = sh.sh_size;
		}
	}
	if (!secidx || !sym)
		return secidx != 0;
	if (!symscn || !gelf_getshdr(symscn, &sh) || !sh.sh_entsize)
		return false;
	Elf_Data *d = elf_getdata(symscn, NULL);

	for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
		GElf_Sym s;
		const char *n;

		if (!gelf_getsym(d, (int)i, &s) || s.st_shndx != secidx)
			continue;
		n = elf_strptr(es->elf, sh.sh_link, s.st_name);
		if (n && !strcmp(n, sym)) {
			*value = s.st_value;
			return true;
		}
	}
	return false;
}

/* The compiler leaves DATASEC sizes and variable offsets 0 (they are known
 * only once the section is laid out); libbpf's btf_fixup_datasec() fills
 * them in from the ELF section and symbols, and the kernel refuses size 0
 * and overlapping variables. Without the file, the data map's value size
 * or the end of the last variable stands in for the size. Returns a
 * malloc'd copy of the blob, or NULL on ENOMEM. */
static void *btf_fixup(const struct bs_object *obj, size_t *size)
{
	const uint8_t *raw = bs_btf_raw(obj->btf, size);
	uint8_t *copy = malloc(*size ? *size : 1);
	uint32_t n = bs_btf_type_cnt(obj->btf);
	struct elf_syms es = { .fd = -1 };

	if (!copy)
		return NULL;
	memcpy(copy, raw, *size);
	if (obj->path && elf_version(EV_CURRENT) != EV_NONE) {
		es.fd = open(obj->path, O_RDONLY | O_CLOEXEC);
		if (es.fd >= 0)
			es.elf = elf_begin(es.fd, ELF_C_READ, NULL);
	}
	for (uint32_t id = 1; id < n; id++) {
		const struct bs_btf_type *t = bs_btf_type_by_id(obj->btf, id);
		const struct bs_btf_var_secinfo *v;
		uintptr_t off = (uintptr_t)t - (uintptr_t)raw;
		uint64_t secsz = 0, val;
		uint32_t sz = 0;
		const char *name;

		if (!t || bs_btf_kind(t) != BS_BTF_KIND_DATASEC || off + sizeof(*t) > *size)
			continue;
		name = bs_btf_type_name(obj->btf, id);
		v = bs_btf_type_extra(t);
		for (unsigned i = 0; i < bs_btf_vlen(t); i++) {
			uint8_t *vo = copy + off + sizeof(*t) + i * sizeof(*v) +
				      offsetof(struct bs_btf_var_secinfo, offset);
			uint32_t o32 = v[i].offset;

			if (elf_sec_sym(&es, name, bs_btf_type_name(obj->btf, v[i].type), &secsz,
					&val) && val <= UINT32_MAX) {
				o32 = (uint32_t)val;
				memcpy(vo, &o32, sizeof(o32));
			}
			if (o32 + v[i].size > sz)
				sz = o32 + v[i].size;
		}
		if (t->size)
			continue;
		for (size_t m = 0; m < obj->nmaps; m++)
			if (obj->maps[m].origin == BS_MAPDEF_DATA && !strcmp(obj->maps[m].name, name))
				sz = obj->maps[m].value_size;
		if (elf_sec_sym(&es, name, NULL, &secsz, &val) && secsz <= UINT32_MAX)
			sz = (uint32_t)secsz;
		memcpy(copy + off + offsetof(struct bs_btf_type, size), &sz, sizeof(sz));
	}
	if (es.elf)
		elf_end(es.elf);
	if (es.fd >= 0)
		close(es.fd);
	return copy;
}

static int hk_btf_load(const struct bs_object *obj, int *fd, char *why, size_t len)
{
	union bpf_attr attr;
	void *blob;
	size_t size = 0;

	*fd = -1;
	if (!obj->btf) {
		snprintf(why, len, "no .BTF");
		return -1;
	}
	blob = btf_fixup(obj, &size);
	if (!blob) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(uintptr_t)blob;
	attr.btf_size = (uint32_t)size;
	*fd = hk_sys_bpf(BPF_BTF_LOAD, &attr);
	if (*fd < 0) {
		/* again with a log, for the reason (the kernel logs every type) */
		size_t lsz = 1u << 20;
		char *log = calloc(1, lsz);
		char last[256] = "";
		int err = errno;

		if (log) {
			attr.btf_log_buf = (uint64_t)(uintptr_t)log;
			attr.btf_log_size = (uint32_t)lsz;
			attr.btf_log_level = 1;
			*fd = hk_sys_bpf(BPF_BTF_LOAD, &attr);
			if (*fd >= 0)
				close(*fd);
			log[lsz - 1] = 0;
			bs_hk_last_line(log, last, sizeof(last));
			free(log);
		}
		snprintf(why, len, "bpf(BPF_BTF_LOAD): %s%s%.180s", strerror(err), *last ? ": " : "",
			 last);
		*fd = -1;
	}
	free(blob);
	return *fd < 0 ? -1 : 0;
}

static long ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? n : 1;
}

/* libbpf (bpf_object__create_map) creates these without BTF key/value
 * types: their values are fds, events or nothing */
static bool btf_types_ok(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY: case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_STACK_TRACE: case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS: case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH: case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP: case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH: case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK: case BPF_MAP_TYPE_RINGBUF:
	case BS_MAP_USER_RINGBUF:
		return false;
	default:
		return true;
	}
}

static int map_create(const struct bs_object *obj, const struct bs_map *m, int btf_fd,
		      int inner_fd, char *why, size_t len)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = m->type;
	attr.key_size = m->key_size;
	attr.value_size = m->value_size;
	attr.max_entries = m->max_entries;
	attr.map_flags = m->map_flags;
	attr.numa_node = m->numa_node;
	attr.map_extra = m->map_extra;
	attr.inner_map_fd = inner_fd >= 0 ? (uint32_t)inner_fd : 0;
	hk_obj_name(attr.map_name, m->name);
	if (m->origin == BS_MAPDEF_DATA) {
		attr.map_type = BPF_MAP_TYPE_ARRAY;
		attr.key_size = 4;
		attr.max_entries = 1;
		attr.map_flags |= BPF_F_MMAPABLE;
	}
	switch (m->type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		/* fds; cilium/ebpf drops a declared value type, libbpf sizes
		 * it to the possible CPUs (below) */
		attr.key_size = attr.value_size = 4;
		break;
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		/* libbpf: a BTF map declared with __array(values, ...) holds
		 * 4-byte fds */
		attr.value_size = attr.value_size ? attr.value_size : 4;
		break;
	case BPF_MAP_TYPE_RINGBUF:
	case BS_MAP_USER_RINGBUF:
		/* the kernel wants 0 (cilium/ebpf drops a declared value type) */
		attr.key_size = attr.value_size = 0;
		break;
	default:
		break;
	}
	/* max_entries 0: loaders of legacy objects (falco, perf buffers) size
	 * these per CPU at load time */
	if (!attr.max_entries && m->origin == BS_MAPDEF_LEGACY)
		attr.max_entries = (uint32_t)ncpus();
	if (!attr.max_entries && m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		attr.max_entries = (uint32_t)ncpus();
	if (btf_fd >= 0 && (m->btf_value_type || m->origin == BS_MAPDEF_DATA) && btf_types_ok(m->type)) {
		uint32_t vt = m->btf_value_type;

		if (m->origin == BS_MAPDEF_DATA)
			vt = bs_btf_find_by_name_kind(obj->btf, m->name, BS_BTF_KIND_DATASEC);
		if (vt) {
			attr.btf_fd = (uint32_t)btf_fd;
			attr.btf_key_type_id = m->btf_key_type;
			attr.btf_value_type_id = vt;
			fd = hk_sys_bpf(BPF_MAP_CREATE, &attr);
			if (fd >= 0)
				return fd;
			/* as libbpf: "retrying without BTF" */
			attr.btf_fd = attr.btf_key_type_id = attr.btf_value_type_id = 0;
		}
	}
	fd = hk_sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0) {
		const char *tn = bs_map_type_name(m->type);

		snprintf(why, len, "map '%s' (%s): bpf(BPF_MAP_CREATE): %s", m->name,
			 tn ? tn : "?", strerror(errno));
		return -errno;
	}
	return fd;
}

static int map_fill(const struct bs_map *m, int fd, char *why, size_t len)
{
	union bpf_attr attr;
	uint32_t key = 0;
	uint8_t *val = NULL;
	int err = 0;

	if (m->origin != BS_MAPDEF_DATA)
		return 0;
	if (m->init && m->init_size) {
		val = calloc(1, m->value_size ? m->value_size : 1);
		if (!val)
			return -ENOMEM;
		memcpy(val, m->init, m->init_size < m->value_size ? m->init_size : m->value_size);
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = (uint32_t)fd;
		attr.key = (uint64_t)(uintptr_t)&key;
		attr.value = (uint64_t)(uintptr_t)val;
		if (hk_sys_bpf(BPF_MAP_UPDATE_ELEM, &attr)) {
			err = -errno;
			snprintf(why, len, "map '%s': bpf(BPF_MAP_UPDATE_ELEM): %s", m->name,
				 strerror(errno));
			goto out;
		}
	}
	if (m->rdonly) {
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = (uint32_t)fd;
		if (hk_sys_bpf(BPF_MAP_FREEZE, &attr)) {
			err = -errno;
			snprintf(why, len, "map '%s': bpf(BPF_MAP_FREEZE): %s", m->name,
				 strerror(errno));
		}
	}
out:
	free(val);
	return err;
}

static int hk_maps_create(const struct bs_object *obj, const struct bs_prog *prog, int btf_fd, int *fds,
		   char *why, size_t len)
{
	for (size_t i = 0; i < prog->nmaps; i++) {
		uint32_t idx = prog->maps[i];
		const struct bs_map *m;
		int inner = -1, fd, err;

		if (idx >= obj->nmaps) {
			snprintf(why, len, "map index %u out of range", idx);
			return -EINVAL;
		}
		if (fds[idx] >= 0)
			continue;
		m = &obj->maps[idx];
		if (m->type == BPF_MAP_TYPE_STRUCT_OPS) {
			snprintf(why, len, "map '%s': struct_ops maps are not supported", m->name);
			return -EOPNOTSUPP;
		}
		if (m->inner_map >= 0) {
			if ((size_t)m->inner_map >= obj->nmaps) {
				snprintf(why, len, "map '%s': inner map index out of range",
					 m->name);
				return -EINVAL;
			}
			inner = map_create(obj, &obj->maps[m->inner_map], btf_fd, -1, why, len);
			if (inner < 0)
				return inner;
		}
		fd = map_create(obj, m, btf_fd, inner, why, len);
		if (inner >= 0)
			close(inner);
		if (fd < 0)
			return fd;
		fds[idx] = fd;
		err = map_fill(m, fd, why, len);
		if (err)
			return err;
	}
	return 0;
}

/* ---- verifier log ------------------------------------------------------- */

static bool is_stats_line(const char *p)
{
	return !strncmp(p, "processed ", 10) || !strncmp(p, "verification time", 17) ||
	       !strncmp(p, "stack depth", 11);
}

void bs_hk_last_line(const char *log, char *out, size_t len)
{
	const char *p = log, *end = log + strlen(log);
	const char *best = NULL, *best_end = NULL;

	if (len)
		out[0] = 0;
	while (p < end) {
		const char *nl = strchr(p, '\n');
		const char *le = nl ? nl : end;

		if (le > p && !is_stats_line(p)) {
			/* a message without its newline runs into the statistics:
			 * "expected prog array map for tail callprocessed 3 insns" */
			const char *st = p;

			/* searched within the line: a search to the end of the log
			 * from every line is quadratic in a million-line log */
			while ((st = memmem(st + 1, (size_t)(le - st - 1), "processed ", 10))) {
				unsigned long long n;
				int k = 0;

				if (sscanf(st, "processed %llu insns (limit%n", &n, &k) == 1 && k) {
					le = st;
					break;
				}
			}
			best = p;
			best_end = le;
		}
		p = nl ? nl + 1 : end;
	}
	if (best && len)
		snprintf(out, len, "%.*s", (int)(best_end - best), best);
}

/* "processed N insns (limit L) max_states_per_insn M total_states T
 *  peak_states P mark_read R" and "verification time N usec" */
static void parse_stats(const char *log, struct bs_hk_result *res)
{
	const char *p;

	for (p = log; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		unsigned long long n, lim;
		unsigned m, t, pk;

		if (sscanf(p, "processed %llu insns (limit %llu) max_states_per_insn %u "
			      "total_states %u peak_states %u", &n, &lim, &m, &t, &pk) == 5) {
			res->have_stats = true;
			res->processed = n;
			res->max_states_per_insn = m;
			res->total_states = t;
			res->peak_states = pk;
		} else if (sscanf(p, "verification time %llu usec", &n) == 1) {
			res->have_time = true;
			res->time_us = n;
		}
	}
}

/* ---- program load ------------------------------------------------------- */

#define HK_LOG_MAX (UINT32_MAX >> 2) /* the kernel's limit on log_size */

struct hk_load {
	union bpf_attr attr;    /* everything but the log */
	uint64_t *raw;
	int *fds;
	struct bpf_func_info *fi;
	struct bpf_line_info *li;
	uint32_t nli;
	int btf_fd;
	const struct bs_hk_opts *o;  /* test_data: run the loaded program */
	struct bs_hk_result *res;
};

/* BPF_PROG_TEST_RUN of a loaded program on o->test_data, once */
static void test_run(struct hk_load *ld, int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = (uint32_t)fd;
	attr.test.data_in = (uint64_t)(uintptr_t)ld->o->test_data;
	attr.test.data_size_in = ld->o->test_len;
	attr.test.repeat = 1;
	ld->res->ran = true;
	ld->res->run_err = hk_sys_bpf(BPF_PROG_TEST_RUN, &attr) ? errno : 0;
	ld->res->retval = attr.test.retval;
}

/* One BPF_PROG_LOAD at the given level; the buffer doubles on ENOSPC so the
 * log is never truncated (up to the kernel's limit). Returns the errno of
 * the load (0: accepted) or -ENOMEM; *log is malloc'd. */
static int prog_load_once(struct hk_load *ld, uint32_t level, char **log, size_t *log_len,
			  bool *truncated)
{
	size_t size = level & 3 ? (level & 2 ? 16u << 20 : 1u << 20) : 64u << 10;

	*log = NULL;
	*log_len = 0;
	*truncated = false;
	for (;;) {
		union bpf_attr attr = ld->attr;
		char *buf = malloc(size);
		int fd, err;

		if (!buf)
			return -ENOMEM;
		buf[0] = 0;
		attr.log_level = level;
		attr.log_size = (uint32_t)size;
		attr.log_buf = (uint64_t)(uintptr_t)buf;
		fd = hk_sys_bpf(BPF_PROG_LOAD, &attr);
		err = fd >= 0 ? 0 : errno;
		if (fd >= 0 && ld->o && ld->o->test_data && !ld->res->ran)
			test_run(ld, fd);
		if (fd >= 0)
			close(fd);
		buf[size - 1] = 0;
		if (err == ENOSPC && size < HK_LOG_MAX) {
			free(buf);
			size = size * 2 > HK_LOG_MAX ? HK_LOG_MAX : size * 2;
			continue;
		}
		*truncated = err == ENOSPC;
		*log = buf;
		*log_len = strlen(buf);
		return err;
	}
}

static uint32_t vmlinux_id(const struct bs_btf *vml, const char *prefix, const char *name,
			   unsigned kind)
{
	char full[256];

	snprintf(full, sizeof(full), "%s%s", prefix, name);
	return bs_btf_find_by_name_kind(vml, full, kind);
}

/* attach_btf_id of tracing programs, as libbpf's find_attach_btf_id();
 * 0 when the type needs none. Fails with why[] filled. */
static int attach_btf(const struct bs_prog *prog, uint32_t ptype, uint32_t atype,
		      const struct bs_hk_opts *o, uint32_t *id, char *why, size_t len)
{
	const struct bs_btf *vml = o->vmlinux;
	struct bs_btf *own = NULL;
	struct bs_errbuf eb = { 0 };
	const char *t = prog->attach_target;
	int err = 0;

	*id = 0;
	if (ptype != BS_PROG_TRACING && ptype != BS_PROG_LSM)
		return 0;
	if (!t || !*t) {
		snprintf(why, len, "%s program without an attach target", bs_prog_type_name(ptype));
		return -EINVAL;
	}
	if (!vml) {
		own = bs_btf_load_file("/sys/kernel/btf/vmlinux", NULL, &eb);
		if (!own) {
			snprintf(why, len, "vmlinux BTF: %.400s", eb.msg);
			return -ENOENT;
		}
		vml = own;
	}
	if (ptype == BS_PROG_LSM)
		*id = vmlinux_id(vml, "bpf_lsm_", t, BS_BTF_KIND_FUNC);
	else if (atype == BS_ATTACH_TRACE_RAW_TP)
		*id = vmlinux_id(vml, "btf_trace_", t, BS_BTF_KIND_TYPEDEF);
	else if (atype == BS_ATTACH_TRACE_ITER)
		*id = vmlinux_id(vml, "bpf_iter_", t, BS_BTF_KIND_FUNC);
	else
		*id = vmlinux_id(vml, "", t, BS_BTF_KIND_FUNC);
	if (!*id) {
		snprintf(why, len, "attach target '%s' not found in vmlinux BTF", t);
		err = -ENOENT;
	}
	bs_btf_free(own);
	return err;
}

/* func_info and line_info for the kernel (string offsets recovered from the
 * resolved pointers); line_info is left out if any pointer is not a string
 * of the object's BTF. */
static int build_btf_info(const struct bs_object *obj, const struct bs_prog *prog,
			  struct hk_load *ld)
{
	uintptr_t base = (uintptr_t)bs_btf_str(obj->btf, 0);

	ld->fi = calloc(prog->nfunc_info, sizeof(*ld->fi));
	ld->li = calloc(prog->nline_info ? prog->nline_info : 1, sizeof(*ld->li));
	if (!ld->fi || !ld->li)
		return -ENOMEM;
	for (size_t i = 0; i < prog->nfunc_info; i++) {
		ld->fi[i].insn_off = prog->func_info[i].insn_off;
		ld->fi[i].type_id = prog->func_info[i].type_id;
	}
	for (size_t i = 0; i < prog->nline_info; i++) {
		const struct bs_btf_line_info *l = &prog->line_info[i];
		uintptr_t f = (uintptr_t)l->file - base, s = (uintptr_t)l->line - base;

		if (!*l->line)
			s = 0;
		if (f > UINT32_MAX || s > UINT32_MAX ||
		    bs_btf_str(obj->btf, (uint32_t)f) != l->file ||
		    (s && bs_btf_str(obj->btf, (uint32_t)s) != l->line)) {
			ld->nli = 0;
			return 0;
		}
		ld->li[i].insn_off = l->insn_off;
		ld->li[i].file_name_off = (uint32_t)f;
		ld->li[i].line_off = (uint32_t)s;
		ld->li[i].line_col = l->line_no << 10 | (l->col & 0x3ff);
	}
	ld->nli = (uint32_t)prog->nline_info;
	return 0;
}

static void set_btf_attr(struct hk_load *ld, const struct bs_prog *prog, bool on)
{
	ld->attr.prog_btf_fd = 0;
	ld->attr.func_info = ld->attr.line_info = 0;
	ld->attr.func_info_cnt = ld->attr.line_info_cnt = 0;
	ld->attr.func_info_rec_size = ld->attr.line_info_rec_size = 0;
	if (!on)
		return;
	ld->attr.prog_btf_fd = (uint32_t)ld->btf_fd;
	ld->attr.func_info = (uint64_t)(uintptr_t)ld->fi;
	ld->attr.func_info_cnt = (uint32_t)prog->nfunc_info;
	ld->attr.func_info_rec_size = sizeof(*ld->fi);
	if (ld->nli) {
		ld->attr.line_info = (uint64_t)(uintptr_t)ld->li;
		ld->attr.line_info_cnt = ld->nli;
		ld->attr.line_info_rec_size = sizeof(*ld->li);
	}
}

static void set_verdict(struct bs_hk_result *res, int err, const char *log)
{
	char last[sizeof(res->msg)];

	res->err = err;
	if (!err) {
		res->verdict = BS_HK_ACCEPT;
		res->msg[0] = 0;
		return;
	}
	/* the verifier prints its statistics whenever it ran (even after an
	 * early failure such as a CFG check); without them the load failed
	 * before it */
	res->verdict = strstr(log, "processed ") ? BS_HK_REJECT : BS_HK_LOADERR;
	bs_hk_last_line(log, last, sizeof(last));
	if (*last)
		snprintf(res->msg, sizeof(res->msg), "%s", last);
	else
		snprintf(res->msg, sizeof(res->msg), "(empty log) %s", strerror(err));
}

/* The stats load at level 4, then the level 1/2 load when the log is
 * wanted. Returns 0 or -ENOMEM. */
static int load_seq(struct hk_load *ld, const struct bs_hk_opts *o, struct bs_hk_result *res)
{
	uint32_t level = o->log_level ? o->log_level : 1;
	char *log = NULL;
	size_t len;
	bool trunc;
	int err;

	res->have_stats = res->have_time = false;
	if (!o->no_stats_load) {
		err = prog_load_once(ld, 4, &log, &len, &trunc);
		if (err < 0)
			return err;
		parse_stats(log, res);
		set_verdict(res, err, log);
		free(log);
		if (res->verdict == BS_HK_ACCEPT && !o->want_log)
			return 0;
	}
	err = prog_load_once(ld, level, &log, &len, &trunc);
	if (err < 0)
		return err;
	free(res->log);
	res->log = log;
	res->log_len = len;
	res->log_truncated = trunc;
	if (!res->have_stats)
		parse_stats(log, res);
	if (o->no_stats_load) {
		set_verdict(res, err, log);
	} else if (res->verdict != BS_HK_ACCEPT && err && !trunc) {
		/* the verdict is the stats load's; the message is the level 1
		 * log's, as the reference takes it */
		char last[sizeof(res->msg)];

		bs_hk_last_line(log, last, sizeof(last));
		if (*last)
			snprintf(res->msg, sizeof(res->msg), "%s", last);
	}
	return 0;
}

static void loaderr(struct bs_hk_result *res, int err, const char *fmt, const char *arg)
{
	res->verdict = BS_HK_LOADERR;
	res->err = err;
	snprintf(res->msg, sizeof(res->msg), fmt, arg);
}

bool bs_hk_available(char *why, size_t len)
{
	static const uint64_t prog[] = {
		0x00000000000000b7ull, /* r0 = 0 */
		0x0000000000000095ull, /* exit */
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = 2;
	attr.insns = (uint64_t)(uintptr_t)prog;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	fd = hk_sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0) {
		snprintf(why, len, "bpf(BPF_PROG_LOAD): %s", strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

static void encode(const struct bs_insn *in, size_t n, uint64_t *out)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t b[8];

		b[0] = in[i].code;
		b[1] = (uint8_t)((in[i].dst & 0xf) | (in[i].src << 4));
		memcpy(&b[2], &in[i].off, 2);
		memcpy(&b[4], &in[i].imm, 4);
		memcpy(&out[i], b, 8);
	}
}

int bs_hk_load(const struct bs_object *obj, const struct bs_prog *prog, uint32_t prog_type,
	       uint32_t attach_type, const struct bs_hk_opts *opts, struct bs_hk_result *res)
{
	static const struct bs_hk_opts defaults = { 0 };
	const struct bs_hk_opts *o = opts ? opts : &defaults;
	struct hk_load ld = { .btf_fd = -1, .o = o, .res = res };
	char why[sizeof(res->msg)] = "";
	uint32_t btf_id = 0;
	int err = BS_OK;

	if (!obj || !prog || !res)
		return BS_EINVAL;
	memset(res, 0, sizeof(*res));
	if (prog->load_error) {
		loaderr(res, 0, "cannot be loaded: %s", prog->load_error);
		return BS_OK;
	}
	for (size_t i = 0; i < prog->nrelocs; i++) {
		const struct bs_reloc *r = &prog->relocs[i];

		if (r->kind == BS_RELO_KFUNC || r->kind == BS_RELO_EXTERN) {
			loaderr(res, 0, r->kind == BS_RELO_KFUNC ? "unresolved kfunc '%s'" :
				"unresolved extern '%s'", r->sym ? r->sym : "?");
			return BS_OK;
		}
	}
	if (obj->big_endian) {
		loaderr(res, 0, "%s", "big-endian object");
		return BS_OK;
	}
	if (prog_type == BS_PROG_EXT || prog_type == BS_PROG_STRUCT_OPS) {
		loaderr(res, 0, "%s programs need a target program or struct_ops map",
			bs_prog_type_name(prog_type));
		return BS_OK;
	}
	if (attach_btf(prog, prog_type, attach_type, o, &btf_id, why, sizeof(why))) {
		loaderr(res, 0, "%s", why);
		return BS_OK;
	}
	ld.fds = malloc((obj->nmaps ? obj->nmaps : 1) * sizeof(*ld.fds));
	ld.raw = calloc(prog->ninsns ? prog->ninsns : 1, sizeof(*ld.raw));
	if (!ld.fds || !ld.raw) {
		err = BS_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < obj->nmaps; i++)
		ld.fds[i] = -1;
	/* a BTF the kernel refuses leaves btf_fd -1: we load as libbpf's
	 * fallback does, without it */
	if (!o->no_btf && obj->btf &&
	    !hk_btf_load(obj, &ld.btf_fd, res->btf_error, sizeof(res->btf_error)) &&
	    prog->nfunc_info && build_btf_info(obj, prog, &ld)) {
		err = BS_ENOMEM;
		goto out;
	}
	err = hk_maps_create(obj, prog, ld.btf_fd, ld.fds, why, sizeof(why));
	if (err) {
		if (err == -ENOMEM) {
			err = BS_ENOMEM;
			goto out;
		}
		loaderr(res, -err, "%s", why);
		err = BS_OK;
		goto out;
	}
	encode(prog->insns, prog->ninsns, ld.raw);
	ld.attr.prog_type = prog_type;
	ld.attr.expected_attach_type = attach_type;
	ld.attr.attach_btf_id = btf_id;
	ld.attr.insn_cnt = (uint32_t)prog->ninsns;
	ld.attr.insns = (uint64_t)(uintptr_t)ld.raw;
	ld.attr.license = (uint64_t)(uintptr_t)(obj->license ? obj->license : "");
	ld.attr.kern_version = obj->kern_version;
	ld.attr.prog_flags = prog->sleepable ? BPF_F_SLEEPABLE : 0;
	ld.attr.fd_array = (uint64_t)(uintptr_t)ld.fds;
	hk_obj_name(ld.attr.prog_name, prog->name);
	res->btf_loaded = ld.btf_fd >= 0 && prog->nfunc_info;
	set_btf_attr(&ld, prog, res->btf_loaded);
	err = load_seq(&ld, o, res);
	if (!err && res->verdict == BS_HK_LOADERR && res->btf_loaded) {
		/* the kernel refused our BTF info: load as libbpf's fallback
		 * does, without it */
		snprintf(res->btf_error, sizeof(res->btf_error), "func_info/line_info: %.200s",
			 res->msg);
		res->btf_loaded = false;
		set_btf_attr(&ld, prog, false);
		err = load_seq(&ld, o, res);
	}
	if (err)
		err = BS_ENOMEM;
out:
	for (size_t i = 0; ld.fds && i < obj->nmaps; i++)
		if (ld.fds[i] >= 0)
			close(ld.fds[i]);
	if (ld.btf_fd >= 0)
		close(ld.btf_fd);
	free(ld.fds);
	free(ld.raw);
	free(ld.fi);
	free(ld.li);
	return err;
}

void bs_hk_result_fini(struct bs_hk_result *res)
{
	free(res->log);
	res->log = NULL;
	res->log_len = 0;
}

const char *bs_hk_verdict_name(enum bs_hk_verdict v)
{
	return v == BS_HK_ACCEPT ? "accept" : v == BS_HK_REJECT ? "reject" : "loaderr";
}
