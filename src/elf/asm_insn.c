/* Encoding the instruction forms of the text format (asm_syntax.c matches
 * them): registers, widths and immediates checked and placed in the fields
 * the kernel's encoding wants, references by name left for the reader. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "asm_syntax.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct enc {
	const struct asm_caps *k;
	struct asm_insn *out;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct enc *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->err, e->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int64_t num_val(const struct asm_num *n)
{
	return n->neg ? -(int64_t)n->mag : (int64_t)n->mag;
}

/* a 32-bit immediate, given signed or as its unsigned bit pattern */
static int imm32(struct enc *e, const struct asm_num *n, int32_t *out)
{
	int64_t v = num_val(n);

	if (n->mag > (uint64_t)UINT32_MAX || v < INT32_MIN || v > (int64_t)UINT32_MAX)
		return fail(e, "%s%llu does not fit in 32 bits", n->neg ? "-" : "",
			    (unsigned long long)n->mag);
	*out = (int32_t)(uint32_t)(uint64_t)v;
	return 0;
}

static int off16(struct enc *e, const struct asm_num *n, int16_t *out)
{
	int64_t v = num_val(n);

	if (n->mag > 0x8000 || v < INT16_MIN || v > INT16_MAX)
		return fail(e, "offset %s%llu does not fit in 16 bits", n->neg ? "-" : "",
			    (unsigned long long)n->mag);
	*out = (int16_t)v;
	return 0;
}

/* all registers of the form share one width; alu64 says which class */
static int same_width(struct enc *e, bool *w)
{
	for (int i = 1; i < e->k->nreg; i++)
		if (e->k->w[i] != e->k->w[0])
			return fail(e, "mixes r and w registers");
	*w = e->k->nreg && e->k->w[0];
	return 0;
}

static int need_r(struct enc *e)
{
	for (int i = 0; i < e->k->nreg; i++)
		if (e->k->w[i])
			return fail(e, "w%u: this instruction takes 64-bit registers (r%u)",
				    e->k->reg[i], e->k->reg[i]);
	return 0;
}

static int same_reg(struct enc *e, int a, int b)
{
	if (e->k->reg[a] != e->k->reg[b])
		return fail(e, "r%u and r%u must be the same register", e->k->reg[a], e->k->reg[b]);
	return 0;
}

/* the jump target: pc+N now, or a label for the caller to resolve */
static int set_target(struct enc *e, bool in_imm)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct asm_caps *k = e->k;

	if (!k->pc) {
		e->out->ref = ASM_REF_LABEL;
		e->out->name = k->label;
		e->out->ref_in_imm = in_imm;
		return 0;
	}
	return in_imm ? imm32(e, &k->num[k->nnum - 1], &i->imm) :
			off16(e, &k->num[k->nnum - 1], &i->off);
}

static int enc_end(struct enc *e, uint8_t code)
{
	struct bs_insn *i = &e->out->insn[0];
	int64_t bits = num_val(&e->k->num[0]);

	if (need_r(e) || same_reg(e, 0, 1))
		return -1;
	if (bits != 16 && bits != 32 && bits != 64)
		return fail(e, "byte swap width %lld: 16, 32 or 64", (long long)bits);
	i->code = code;
	i->dst = e->k->reg[0];
	i->imm = (int32_t)bits;
	return 0;
}

/* "atomic64_fetch_add" and friends: the operation, and the width it names */
static int atomic_name(struct enc *e, bool cmpxchg, int32_t *imm)
{
	static const struct { const char *s; int32_t imm; } names[] = {
		{ "fetch_add", BS_ADD | BS_FETCH }, { "fetch_or", BS_OR | BS_FETCH },
		{ "fetch_and", BS_AND | BS_FETCH }, { "fetch_xor", BS_XOR | BS_FETCH },
		{ "xchg", BS_XCHG }, { "cmpxchg", BS_CMPXCHG },
	};
	const struct asm_word *w = &e->k->word;
	bool w64 = w->len > 8 && !memcmp(w->s, "atomic64_", 9);
	size_t skip = w64 ? 9 : 7;

	if (w->len <= skip || memcmp(w->s, w64 ? "atomic64_" : "atomic_", skip))
		return fail(e, "unknown atomic operation '%.*s'", (int)w->len, w->s);
	if (w64 != (e->k->size == BS_DW))
		return fail(e, "'%.*s' on a %s access: atomic64_ goes with u64, atomic_ with u32",
			    (int)w->len, w->s, e->k->size == BS_DW ? "u64" : "smaller");
	for (size_t n = 0; n < NELEM(names); n++) {
		size_t len = w->len - skip;

		if (strlen(names[n].s) == len && !memcmp(w->s + skip, names[n].s, len)) {
			if ((names[n].imm == BS_CMPXCHG) != cmpxchg)
				break;
			*imm = names[n].imm;
			return 0;
		}
	}
	return fail(e, "unknown atomic operation '%.*s'", (int)w->len, w->s);
}

static int enc_mem(struct enc *e, uint8_t cls, uint8_t mode, int dst, int src)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct asm_caps *k = e->k;

	if (need_r(e))
		return -1;
	if (k->sx && (cls != BS_LDX || k->size == BS_DW))
		return fail(e, "sign-extending access only in loads of 1, 2 or 4 bytes");
	i->code = (uint8_t)(cls | (k->sx ? BS_MEMSX : mode) | k->size);
	i->dst = dst >= 0 ? k->reg[dst] : 0;
	i->src = src >= 0 ? k->reg[src] : 0;
	return 0;
}

static int enc_atomic(struct enc *e, enum asm_form kind)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct asm_caps *k = e->k;

	switch (kind) {
	case K_LDACQ: /* rD = load_acquire((sz *)(rS +off)) */
		i->imm = BS_LOAD_ACQ;
		return enc_mem(e, BS_STX, BS_ATOMIC, 0, 1);
	case K_STREL: /* store_release((sz *)(rD +off), rS) */
		i->imm = BS_STORE_REL;
		return enc_mem(e, BS_STX, BS_ATOMIC, 0, 1);
	case K_CMPXCHG: /* r0 = atomic_cmpxchg((sz *)(rD +off), r0, rS) */
		if (k->reg[0] || k->reg[2])
			return fail(e, "cmpxchg compares and returns r0");
		if (atomic_name(e, true, &i->imm))
			return -1;
		return enc_mem(e, BS_STX, BS_ATOMIC, 1, 3);
	case K_AFETCH: /* rS = atomic_fetch_add((sz *)(rD +off), rS) */
		if (same_reg(e, 0, 2) || atomic_name(e, false, &i->imm))
			return -1;
		return enc_mem(e, BS_STX, BS_ATOMIC, 1, 2);
	default: /* K_LOCK: lock *(sz *)(rD +off) op= rS */
		if (k->op != BS_ADD && k->op != BS_OR && k->op != BS_AND && k->op != BS_XOR)
			return fail(e, "lock takes +=, |=, &= or ^=");
		i->imm = (int32_t)k->op;
		return enc_mem(e, BS_STX, BS_ATOMIC, 0, 1);
	}
}

static int enc_lddw(struct enc *e, uint8_t src, uint64_t imm64)
{
	struct asm_insn *o = e->out;

	if (need_r(e))
		return -1;
	o->nslots = 2;
	o->insn[0].code = BS_LDDW_CODE;
	o->insn[0].dst = e->k->reg[0];
	o->insn[0].src = src;
	o->insn[0].imm = (int32_t)(uint32_t)imm64;
	o->insn[1].imm = (int32_t)(uint32_t)(imm64 >> 32);
	return 0;
}

static uint64_t num_u64(const struct asm_num *n)
{
	return n->neg ? (uint64_t)0 - n->mag : n->mag;
}

static int enc_map(struct enc *e, bool value)
{
	uint64_t off = 0;

	if (value) {
		int32_t v = 0;

		if (imm32(e, &e->k->num[0], &v))
			return -1;
		off = (uint64_t)(uint32_t)v << 32;
	}
	e->out->ref = ASM_REF_MAP;
	e->out->name = e->k->word;
	return enc_lddw(e, value ? BS_PSEUDO_MAP_IDX_VALUE : BS_PSEUDO_MAP_IDX, off);
}

static int enc_alu(struct enc *e, bool x)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct asm_caps *k = e->k;
	bool w;

	if (same_width(e, &w))
		return -1;
	/* the disassembler prints lddw as "r1 = 0x..." and mov as "r1 = 16" */
	if (!x && k->op == BS_MOV && !w && k->num[0].hex)
		return enc_lddw(e, 0, num_u64(&k->num[0]));
	i->code = (uint8_t)((w ? BS_ALU : BS_ALU64) | (k->op & 0xf0) | (x ? BS_X : BS_K));
	i->dst = k->reg[0];
	i->off = k->op & 0x100 ? 1 : 0;
	if (x) {
		i->src = k->reg[1];
		return 0;
	}
	return imm32(e, &k->num[0], &i->imm);
}

static int enc_jmp(struct enc *e, bool x)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct asm_caps *k = e->k;
	bool w;

	if (same_width(e, &w))
		return -1;
	i->code = (uint8_t)((w ? BS_JMP32 : BS_JMP) | k->op | (x ? BS_X : BS_K));
	i->dst = k->reg[0];
	if (x)
		i->src = k->reg[1];
	else if (imm32(e, &k->num[0], &i->imm))
		return -1;
	return set_target(e, false);
}

static int enc_call(struct enc *e, enum asm_form kind)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct asm_word *w = &e->k->word;

	i->code = BS_JMP | BS_CALL;
	switch (kind) {
	case K_CALL_PC:
		i->src = BS_PSEUDO_CALL;
		return imm32(e, &e->k->num[0], &i->imm);
	case K_CALL_ID: /* the number decides; the name is for people */
		if (w->len == 15 && !memcmp(w->s, "kernel-function", 15))
			i->src = BS_PSEUDO_KFUNC_CALL;
		return imm32(e, &e->k->num[0], &i->imm);
	case K_CALL_NUM:
		return imm32(e, &e->k->num[0], &i->imm);
	default: /* K_CALL_NAME */
		e->out->ref = ASM_REF_CALL;
		e->out->name = *w;
		return 0;
	}
}

static int encode(struct enc *e, enum asm_form kind)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct asm_caps *k = e->k;
	bool w;

	e->out->nslots = 1;
	switch (kind) {
	case K_BSWAP: return enc_end(e, BS_ALU64 | BS_END | BS_TO_LE);
	case K_BE: return enc_end(e, BS_ALU | BS_END | BS_TO_BE);
	case K_LE: return enc_end(e, BS_ALU | BS_END | BS_TO_LE);
	case K_NEG:
		if (same_width(e, &w) || same_reg(e, 0, 1))
			return -1;
		i->code = (w ? BS_ALU : BS_ALU64) | BS_NEG;
		i->dst = k->reg[0];
		return 0;
	case K_ASCAST: {
		int64_t d = num_val(&k->num[0]), s = num_val(&k->num[1]);

		if (need_r(e))
			return -1;
		if (d < 0 || d > 0xffff || s < 0 || s > 0xffff)
			return fail(e, "address spaces are 0..65535");
		i->code = BS_ALU64 | BS_MOV | BS_X;
		i->dst = k->reg[0];
		i->src = k->reg[1];
		i->off = BS_ADDR_SPACE_CAST;
		i->imm = (int32_t)(uint32_t)((uint64_t)d << 16 | (uint64_t)s);
		return 0;
	}
	case K_PERCPU:
		if (need_r(e))
			return -1;
		i->code = BS_ALU64 | BS_MOV | BS_X;
		i->dst = k->reg[0];
		i->src = k->reg[1];
		i->off = -1;
		return 0;
	case K_LDABS:
	case K_LDIND:
		if (k->reg[0] || k->sx)
			return fail(e, "packet loads write r0 and are unsigned");
		if (enc_mem(e, BS_LD, kind == K_LDABS ? BS_ABS : BS_IND, -1, kind == K_LDIND ? 1 : -1))
			return -1;
		return imm32(e, &k->num[0], &i->imm);
	case K_LDX:
		return enc_mem(e, BS_LDX, BS_MEM, 0, 1) || off16(e, &k->num[0], &i->off) ? -1 : 0;
	case K_LDACQ: case K_CMPXCHG: case K_AFETCH: case K_STREL: case K_LOCK:
		return enc_atomic(e, kind) || off16(e, &k->num[0], &i->off) ? -1 : 0;
	case K_STX:
		return enc_mem(e, BS_STX, BS_MEM, 0, 1) || off16(e, &k->num[0], &i->off) ? -1 : 0;
	case K_ST:
		if (enc_mem(e, BS_ST, BS_MEM, 0, -1) || off16(e, &k->num[0], &i->off))
			return -1;
		return imm32(e, &k->num[1], &i->imm);
	case K_NOSPEC:
		i->code = BS_ST | 0xc0;
		return 0;
	case K_MAPVAL: return enc_map(e, true);
	case K_MAP: return enc_map(e, false);
	case K_FUNC:
		if (enc_lddw(e, BS_PSEUDO_FUNC, 0))
			return -1;
		return set_target(e, true);
	case K_LDDW_LL: return enc_lddw(e, 0, num_u64(&k->num[0]));
	case K_MOVSX: {
		int64_t bits = num_val(&k->num[0]);

		if (bits != 8 && bits != 16 && bits != 32)
			return fail(e, "sign extension from s%lld: s8, s16 or s32", (long long)bits);
		if (same_width(e, &w))
			return -1;
		i->code = (uint8_t)((w ? BS_ALU : BS_ALU64) | BS_MOV | BS_X);
		i->dst = k->reg[0];
		i->src = k->reg[1];
		i->off = (int16_t)bits;
		return 0;
	}
	case K_ALU_X: return enc_alu(e, true);
	case K_ALU_K: return enc_alu(e, false);
	case K_CALL_PC: case K_CALL_ID: case K_CALL_NUM: case K_CALL_NAME:
		return enc_call(e, kind);
	case K_GOTO:
		i->code = BS_JMP | BS_JA;
		return set_target(e, false);
	case K_GOTOL:
		i->code = BS_JMP32 | BS_JA;
		return set_target(e, true);
	case K_MAYGOTO:
		i->code = BS_JMP | BS_JCOND;
		return set_target(e, false);
	case K_EXIT:
		i->code = BS_JMP | BS_EXIT;
		return 0;
	case K_JX: return enc_jmp(e, true);
	case K_JK: return enc_jmp(e, false);
	}
	return fail(e, "internal: unknown form");
}

int bs_asm_parse_insn(const char *s, size_t len, struct asm_insn *out, char *err, size_t errlen)
{
	struct asm_caps k;
	struct enc e = { .k = &k, .out = out, .err = err, .errlen = errlen };
	int form;

	*out = (struct asm_insn){ 0 };
	form = bs_asm_match(s, len, &k);
	if (form >= 0)
		return encode(&e, (enum asm_form)form);
	return fail(&e, "cannot parse instruction '%.*s'", len > 80 ? 80 : (int)len, s);
}
