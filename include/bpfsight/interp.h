/* Concrete interpreter: runs a linked program with the kernel's instruction
 * semantics on one input, with every memory access checked against the
 * region it must stay in (context, packet, stack per frame, map values,
 * helper memory, sockets). Used to test the abstract interpreter's soundness
 * (fuzz/) and by users to run a program on an input.
 *
 * Values are tagged: a register holds 64 bits plus the region it points
 * into (0 for a scalar). Regions live at distinct virtual addresses, so
 * pointer arithmetic and comparisons work on the 64-bit value as in the
 * kernel, while the tag says which region an access must stay inside.
 * Inputs (context fields, packet, map contents, helper results) come from a
 * seeded generator: the same seed gives the same run. */
#ifndef BPFSIGHT_INTERP_H
#define BPFSIGHT_INTERP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsight/elf.h"

enum bs_vm_rkind {
	BS_VR_NONE,
	BS_VR_CTX,
	BS_VR_STACK,      /* one per call frame */
	BS_VR_PACKET,     /* valid bytes: [data_meta, data_end) */
	BS_VR_MAP,        /* a map itself (the value of lddw map): no bytes */
	BS_VR_MAP_VALUE,  /* one element of a map, or global data */
	BS_VR_MAP_KEY,    /* a key handed to a for_each_map_elem callback */
	BS_VR_MEM,        /* helper memory: ring buffer records */
	BS_VR_SOCK,       /* a socket returned by a lookup helper */
	BS_VR_FUNC,       /* a callback's address: no bytes */
};

struct bs_vm_region {
	uint8_t kind;           /* enum bs_vm_rkind */
	bool rdonly;            /* .rodata, frozen maps */
	bool dead;              /* released: any access is a fault */
	uint32_t frame;         /* STACK: its frame (0 = main) */
	int32_t map;            /* MAP, MAP_VALUE: index in obj->maps, else -1 */
	uint64_t base;          /* virtual address of byte 0 */
	uint32_t size;          /* bytes */
	uint32_t lo, hi;        /* accessible bytes [lo, hi) (PACKET: meta..end) */
	uint8_t *data;          /* size bytes */
	uint32_t owner;         /* MEM, SOCK: the acquiring instruction */
};

/* A register: value plus the region (index + 1) it points into, 0 for a
 * scalar. */
struct bs_vm_val {
	uint64_t v;
	uint32_t region;
};

enum bs_vm_status {
	BS_VM_EXIT,        /* the program returned ret */
	BS_VM_FAULT,       /* an unsafe operation: fault holds what and where */
	BS_VM_LIMIT,       /* step limit reached (not a fault) */
	BS_VM_UNSUPPORTED, /* a helper or construct with no model: the run stops */
};

enum bs_vm_fault_kind {
	BS_VF_OUT_OF_BOUNDS,  /* access outside the region's bytes */
	BS_VF_NOT_POINTER,    /* load/store/helper through a scalar */
	BS_VF_DEAD,           /* through a released pointer (use after release) */
	BS_VF_RDONLY,         /* store into read-only memory */
	BS_VF_CTX,            /* a context access the program type forbids */
	BS_VF_UNINIT_REG,     /* read of a register never written */
	BS_VF_HELPER_ARG,     /* a helper argument of the wrong kind */
	BS_VF_LEAK,           /* exit with an acquired reference not released */
	BS_VF_STACK_DEPTH,    /* more than 8 frames */
};

struct bs_vm_fault {
	uint32_t kind;     /* enum bs_vm_fault_kind */
	uint32_t insn;
	char msg[192];
};

/* Called before each executed instruction (fuzz/: soundness check); a
 * non-zero return stops the run with that value in bs_vm_result.stopped. */
struct bs_vm;
typedef int (*bs_vm_step_fn)(void *ctx, const struct bs_vm *vm, uint32_t insn);

struct bs_vm_opts {
	uint32_t prog_type, attach_type; /* 0: the program's own */
	uint64_t seed;                   /* input generator */
	uint64_t max_steps;              /* 0: 1,000,000 */
	/* explicit packet bytes (NULL: random length and bytes from the seed) */
	const uint8_t *pkt;
	uint32_t pkt_len;
	bs_vm_step_fn on_step;
	void *step_ctx;
	uint32_t nr_cpus;                /* CPU ids are below it; 0: any u32 */
};

struct bs_vm_result {
	enum bs_vm_status status;
	uint64_t ret;              /* EXIT: R0 */
	uint64_t steps;            /* instructions executed */
	struct bs_vm_fault fault;  /* FAULT */
	char unsupported[96];      /* UNSUPPORTED: what */
	int stopped;               /* the on_step hook's non-zero return */
};

/* Runs prog of obj once. Returns BS_OK with *res filled, or a negative
 * enum bs_err (out of memory, program without instructions). */
int bs_vm_run(const struct bs_object *obj, const struct bs_prog *prog,
	      const struct bs_vm_opts *opts, struct bs_vm_result *res);

/* ---- state of a running VM, for on_step hooks ---------------------------- */

/* Current frame number (0 = main) and its registers r0..r10. */
uint32_t bs_vm_frame(const struct bs_vm *vm);
const struct bs_vm_val *bs_vm_regs(const struct bs_vm *vm);
/* Whether register r of the current frame was ever written. */
bool bs_vm_reg_init(const struct bs_vm *vm, uint8_t r);
/* The current frame's 512 stack bytes: byte i is at fp - 512 + i. */
const uint8_t *bs_vm_stack(const struct bs_vm *vm);
/* The region + 1 of a pointer stored whole in the 8-byte stack slot that
 * starts at byte 8 * slot of bs_vm_stack(), or 0. */
uint32_t bs_vm_stack_tag(const struct bs_vm *vm, uint32_t slot);
/* Region of a tagged value (NULL for a scalar). */
const struct bs_vm_region *bs_vm_region_of(const struct bs_vm *vm, const struct bs_vm_val *v);
/* The packet region (NULL when the program type has none). */
const struct bs_vm_region *bs_vm_packet(const struct bs_vm *vm);
/* Virtual address of the packet's data start (data_end is base + hi). */
uint64_t bs_vm_pkt_data(const struct bs_vm *vm);

/* The kernel's ALU and jump semantics, shared with tests: result of
 * `dst op= src` for an ALU or ALU64 opcode (off selects sdiv/smod and
 * movsx widths, imm the byte-swap width). */
uint64_t bs_vm_alu(uint8_t code, int16_t off, int32_t imm, uint64_t dst, uint64_t src);
/* Outcome of a conditional jump opcode (JMP or JMP32) on dst and src. */
bool bs_vm_cond(uint8_t code, uint64_t dst, uint64_t src);

#endif
