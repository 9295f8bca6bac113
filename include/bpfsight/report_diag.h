/* Text of diagnostics: the kernel's final error line for a struct bs_diag,
 * and the kernel's spelling of register types. */
#ifndef BPFSIGHT_REPORT_DIAG_H
#define BPFSIGHT_REPORT_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "bpfsight/diag.h"
#include "bpfsight/isa.h"

/* Writes the kernel's message for d into buf (like snprintf). */
int bs_rep_diag_msg(const struct bs_diag *d, char *buf, size_t len);
/* The kernel's message for an invalid encoding of instruction in. */
int bs_rep_isa_msg(const struct bs_insn *in, enum bs_isa_invalid why, char *buf, size_t len);
/* The same without the state the kernel prints after some messages: the
 * message itself ("infinite loop detected at insn 3"). */
int bs_rep_diag_headline(const struct bs_diag *d, char *buf, size_t len);
/* A frame of a state as print_verifier_state() prints it. */
struct bs_ai_frameview;
int bs_rep_frame_str(const struct bs_ai_frameview *f, char *buf, size_t len);
/* The same with only the registers in regs (bit n: Rn) and the stack slots
 * in slots (bit i: fp-8(i+1)): print_verifier_state() without print_all. */
int bs_rep_frame_str_mask(const struct bs_ai_frameview *f, uint16_t regs, uint64_t slots,
			  char *buf, size_t len);
/* reg_type_str() of a register type operand (type | flags << 8). */
int bs_rep_reg_type_str(int64_t type_arg, char *buf, size_t len);

#endif
