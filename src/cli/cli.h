/* The bpfsight command: one file per subcommand (cmd_<name>.c), each with
 * int cmd_<name>(int argc, char **argv) where argv[0] is the subcommand name.
 * Exit status: 0 success, 1 a program was rejected (check), 2 usage or input
 * error. Only cli/ prints to stdout/stderr or exits. */
#ifndef BPFSIGHT_CLI_H
#define BPFSIGHT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "bpfsight/elf.h"

enum { EXIT_OK = 0, EXIT_REJECT = 1, EXIT_USAGE = 2 };

int cmd_list(int argc, char **argv);
int cmd_disasm(int argc, char **argv);
int cmd_cfg(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_kernel(int argc, char **argv);

/* Opens an object, printing "bpfsight: <error>" on failure (returns NULL). */
struct bs_object *cli_open(const char *path);
/* Prints "bpfsight: <cmd>: <fmt>" and a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Helper names for the disassembler (bpf_map_lookup_elem for 1, ...). */
extern const struct bs_disasm_cbs cli_disasm_cbs;

#endif
