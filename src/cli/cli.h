/* The bpfsight command: one file per subcommand (cmd_<name>.c), each with
 * int cmd_<name>(int argc, char **argv) where argv[0] is the subcommand name.
 * Exit status: 0 success, 1 a program was rejected (check), 2 usage or input
 * error. Only cli/ prints to stdout/stderr or exits. */
#ifndef BPFSIGHT_CLI_H
#define BPFSIGHT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "bpfsight/elf.h"

#define BS_VERSION "0.1.0"

enum { EXIT_OK = 0, EXIT_REJECT = 1, EXIT_USAGE = 2 };

int cmd_list(int argc, char **argv);
int cmd_disasm(int argc, char **argv);
int cmd_cfg(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_kernel(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_fuzz(int argc, char **argv);
int cmd_log(int argc, char **argv);

/* The host's nr_cpu_ids (from /sys/devices/system/cpu/possible), which
 * bounds bpf_get_smp_processor_id(); 0 when unknown. */
uint32_t cli_nr_cpus(void);

/* Opens an object, printing "bpfsight: <error>" on failure (returns NULL). */
struct bs_object *cli_open(const char *path);
/* Same, reading the text assembly format when asm_text (--asm) is set. */
struct bs_object *cli_open_as(const char *path, bool asm_text);
/* Prints "bpfsight: <cmd>: <fmt>" and a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* --type: the program type requested by a kernel or SEC() name */
struct cli_type {
	bool have;
	uint32_t type, attach;
};
/* --asm without --type: a usage error (EXIT_USAGE) when the file has no
 * .type directive either; else EXIT_OK. */
int cli_check_asm_type(const char *cmd, const struct bs_object *o, bool asm_text,
		       const struct cli_type *t);
/* Parses a --type argument; -1 when the name is unknown. */
int cli_parse_type(const char *name, struct cli_type *t);
/* The type (and attach type) to verify p with, into ao; returns the kernel's
 * name of it, or NULL when neither --type nor the section says. */
const char *cli_prog_type(const struct cli_type *t, const struct bs_prog *p, uint32_t *type,
			  uint32_t *attach);
/* --prog: true when want is NULL or names p's function or section. */
bool cli_prog_selected(const struct bs_prog *p, const char *want);
/* --vmlinux FILE: the kernel BTF for programs whose context it types
 * (tracing, lsm); NULL path: /sys/kernel/btf/vmlinux. */
void cli_set_vmlinux(const char *path);
/* The vmlinux BTF when prog_type needs it, loaded on the first need (a
 * failure is reported on stderr once); NULL when not needed or not
 * loadable. */
const struct bs_btf *cli_vmlinux_for(uint32_t prog_type);
/* Frees what cli_vmlinux_for() loaded (main, at exit). */
void cli_vmlinux_free(void);
/* Helper names for the disassembler (bpf_map_lookup_elem for 1, ...). */
extern const struct bs_disasm_cbs cli_disasm_cbs;

#endif
