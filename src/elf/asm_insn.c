/* The instruction syntax of the text format: exactly what the disassembler
 * (src/isa/disasm.c, the kernel's print_bpf_insn()) prints, plus the lddw
 * forms the kernel cannot print without a loaded map (map[NAME],
 * map[NAME][0]+OFF, func pc+N) and labels in place of pc+N. Each form is one
 * row of a pattern table; a row's kind says how to encode its captures.
 *
 * Pattern language: ' ' = optional blanks; %r register (r0..r10 or w0..w10);
 * %n number (decimal or 0x hex, optional sign); %o number with a mandatory
 * sign (+4, -8); %z access size (u8..u64, s8..s64); %a name; %x ALU operator;
 * %j jump operator; %t jump target (pc+N or a label); anything else literal. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "asm_priv.h"

enum kind {
	K_BSWAP, K_BE, K_LE, K_NEG, K_ASCAST, K_PERCPU, K_LDABS, K_LDIND, K_LDX, K_LDACQ,
	K_CMPXCHG, K_AFETCH, K_STREL, K_LOCK, K_STX, K_ST, K_NOSPEC, K_MAPVAL, K_MAP,
	K_FUNC, K_LDDW_LL, K_MOVSX, K_ALU_X, K_ALU_K, K_CALL_PC, K_CALL_ID, K_CALL_NUM,
	K_CALL_NAME, K_GOTO, K_GOTOL, K_MAYGOTO, K_EXIT, K_JX, K_JK,
};

struct row {
	const char *pat;
	enum kind kind;
};

/* more specific forms first: "r1 = -r1" before "r1 = -5" */
static const struct row rows[] = {
	{ "%r = bswap%n %r", K_BSWAP },
	{ "%r = be%n %r", K_BE },
	{ "%r = le%n %r", K_LE },
	{ "%r = -%r", K_NEG },
	{ "%r = addr_space_cast(%r, %n, %n)", K_ASCAST },
	{ "%r = &(void __percpu *)(%r)", K_PERCPU },
	{ "%r = *(%z *)skb[%n]", K_LDABS },
	{ "%r = *(%z *)skb[%r + %n]", K_LDIND },
	{ "%r = *(%z *)(%r %o)", K_LDX },
	{ "%r = load_acquire((%z *)(%r %o))", K_LDACQ },
	{ "%r = %a((%z *)(%r %o), %r, %r)", K_CMPXCHG },
	{ "%r = %a((%z *)(%r %o), %r)", K_AFETCH },
	{ "store_release((%z *)(%r %o), %r)", K_STREL },
	{ "lock *(%z *)(%r %o) %x %r", K_LOCK },
	{ "*(%z *)(%r %o) = %r", K_STX },
	{ "*(%z *)(%r %o) = %n", K_ST },
	{ "nospec", K_NOSPEC },
	{ "%r = map[%a][0]+%n", K_MAPVAL },
	{ "%r = map[%a]", K_MAP },
	{ "%r = func %t", K_FUNC },
	{ "%r = %n ll", K_LDDW_LL },
	{ "%r = (s%n)%r", K_MOVSX },
	{ "%r %x %r", K_ALU_X },
	{ "%r %x %n", K_ALU_K },
	{ "call pc%o", K_CALL_PC },
	{ "call %a#%n", K_CALL_ID },
	{ "call %n", K_CALL_NUM },
	{ "call %a", K_CALL_NAME },
	{ "goto %t", K_GOTO },
	{ "gotol %t", K_GOTOL },
	{ "may_goto %t", K_MAYGOTO },
	{ "exit", K_EXIT },
	{ "if %r %j %r goto %t", K_JX },
	{ "if %r %j %n goto %t", K_JK },
};

/* operators, longest first so that a prefix never wins; value: BS_OP or
 * (for s/= and s%=) the op with 0x100 = the signed variant (off 1) */
struct op {
	const char *s;
	unsigned code;
};
static const struct op alu_ops[] = {
	{ "s>>=", BS_ARSH }, { "<<=", BS_LSH }, { ">>=", BS_RSH }, { "s/=", BS_DIV | 0x100 },
	{ "s%=", BS_MOD | 0x100 }, { "+=", BS_ADD }, { "-=", BS_SUB }, { "*=", BS_MUL },
	{ "/=", BS_DIV }, { "|=", BS_OR }, { "&=", BS_AND }, { "%=", BS_MOD },
	{ "^=", BS_XOR }, { "=", BS_MOV },
};
static const struct op jmp_ops[] = {
	{ "s>=", BS_JSGE }, { "s<=", BS_JSLE }, { "==", BS_JEQ }, { "!=", BS_JNE },
	{ ">=", BS_JGE }, { "<=", BS_JLE }, { "s>", BS_JSGT }, { "s<", BS_JSLT },
	{ ">", BS_JGT }, { "<", BS_JLT }, { "&", BS_JSET },
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct num {
	uint64_t mag;
	bool neg, hex;
};

struct caps {
	uint8_t reg[4];
	bool w[4];              /* w register (32-bit view) */
	int nreg;
	struct num num[3];
	int nnum;
	struct asm_word word;
	int size;               /* BS_SIZE of the access */
	bool sx;                /* s8..s64 */
	unsigned op;
	bool pc;                /* target is pc+N (num[nnum-1]) rather than a label */
	struct asm_word label;
};

struct cur {
	const char *s, *end;
};

bool bs_asm_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '$' || c == '-';
}

static void skip_blanks(struct cur *c)
{
	while (c->s < c->end && (*c->s == ' ' || *c->s == '\t'))
		c->s++;
}

static bool lit(struct cur *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->s) < n || memcmp(c->s, s, n))
		return false;
	c->s += n;
	return true;
}

static bool is_digit(char ch, bool hex)
{
	return (ch >= '0' && ch <= '9') ||
	       (hex && ((ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')));
}

static int digit_val(char ch)
{
	return ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;
}

/* [+-] [blanks] (0x hex | decimal), at most 2^64 - 1 in magnitude */
static bool number(struct cur *c, struct num *n, bool need_sign)
{
	unsigned base = 10;
	bool any = false;

	*n = (struct num){ 0 };
	if (c->s < c->end && (*c->s == '-' || *c->s == '+')) {
		n->neg = *c->s == '-';
		c->s++;
		skip_blanks(c);
	} else if (need_sign) {
		return false;
	}
	if (c->end - c->s > 2 && c->s[0] == '0' && (c->s[1] | 0x20) == 'x' && is_digit(c->s[2], true)) {
		base = 16;
		n->hex = true;
		c->s += 2;
	}
	while (c->s < c->end && is_digit(*c->s, base == 16)) {
		unsigned d = (unsigned)digit_val(*c->s++);

		if (n->mag > (UINT64_MAX - d) / base)
			return false;
		n->mag = n->mag * base + d;
		any = true;
	}
	return any && !(c->s < c->end && bs_asm_is_name_char(*c->s));
}

static bool reg(struct cur *c, struct caps *k)
{
	unsigned v = 0;

	if (k->nreg == 4 || c->s >= c->end || (*c->s != 'r' && *c->s != 'w'))
		return false;
	k->w[k->nreg] = *c->s++ == 'w';
	if (c->s >= c->end || !is_digit(*c->s, false))
		return false;
	while (c->s < c->end && is_digit(*c->s, false) && v < 100)
		v = v * 10 + (unsigned)(*c->s++ - '0');
	if (v >= BS_MAX_REG || (c->s < c->end && bs_asm_is_name_char(*c->s)))
		return false;
	k->reg[k->nreg++] = (uint8_t)v;
	return true;
}

static bool size_name(struct cur *c, struct caps *k)
{
	static const char *const names[] = { "u32", "u16", "u8", "u64", "s32", "s16", "s8", "s64" };

	for (unsigned i = 0; i < NELEM(names); i++) {
		if (lit(c, names[i])) {
			k->size = (int)(i % 4) << 3;
			k->sx = i >= 4;
			return true;
		}
	}
	return false;
}

static bool name(struct cur *c, struct asm_word *w)
{
	w->s = c->s;
	while (c->s < c->end && bs_asm_is_name_char(*c->s))
		c->s++;
	w->len = (size_t)(c->s - w->s);
	return w->len > 0;
}

static bool op(struct cur *c, const struct op *t, size_t n, unsigned *out)
{
	for (size_t i = 0; i < n; i++) {
		if (lit(c, t[i].s)) {
			*out = t[i].code;
			return true;
		}
	}
	return false;
}

static bool target(struct cur *c, struct caps *k)
{
	struct cur save = *c;

	if (lit(c, "pc") && (skip_blanks(c), c->s < c->end) && (*c->s == '+' || *c->s == '-')) {
		k->pc = true;
		return k->nnum < 3 && number(c, &k->num[k->nnum++], true);
	}
	*c = save;
	return name(c, &k->label);
}

static bool match(const char *pat, const char *s, size_t len, struct caps *k)
{
	struct cur c = { s, s + len };

	*k = (struct caps){ 0 };
	for (; *pat; pat++) {
		bool ok = true;

		if (*pat == ' ') {
			skip_blanks(&c);
			continue;
		}
		if (*pat != '%') {
			if (c.s >= c.end || *c.s != *pat)
				return false;
			c.s++;
			continue;
		}
		switch (*++pat) {
		case 'r': ok = reg(&c, k); break;
		case 'n': ok = k->nnum < 3 && number(&c, &k->num[k->nnum++], false); break;
		case 'o': ok = k->nnum < 3 && number(&c, &k->num[k->nnum++], true); break;
		case 'z': ok = size_name(&c, k); break;
		case 'a': ok = name(&c, &k->word); break;
		case 'x': ok = op(&c, alu_ops, NELEM(alu_ops), &k->op); break;
		case 'j': ok = op(&c, jmp_ops, NELEM(jmp_ops), &k->op); break;
		case 't': ok = target(&c, k); break;
		default: ok = false; break;
		}
		if (!ok)
			return false;
	}
	skip_blanks(&c);
	return c.s == c.end;
}

/* ---- encoding -------------------------------------------------------------- */

struct enc {
	const struct caps *k;
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

static int64_t num_val(const struct num *n)
{
	return n->neg ? -(int64_t)n->mag : (int64_t)n->mag;
}

/* a 32-bit immediate, given signed or as its unsigned bit pattern */
static int imm32(struct enc *e, const struct num *n, int32_t *out)
{
	int64_t v = num_val(n);

	if (n->mag > (uint64_t)UINT32_MAX || v < INT32_MIN || v > (int64_t)UINT32_MAX)
		return fail(e, "%s%llu does not fit in 32 bits", n->neg ? "-" : "",
			    (unsigned long long)n->mag);
	*out = (int32_t)(uint32_t)(uint64_t)v;
	return 0;
}

static int off16(struct enc *e, const struct num *n, int16_t *out)
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
	const struct caps *k = e->k;

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
		if (strlen(names[n].s) == w->len - skip && !memcmp(w->s + skip, names[n].s, w->len - skip)) {
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
	const struct caps *k = e->k;

	if (need_r(e))
		return -1;
	if (k->sx && (cls != BS_LDX || k->size == BS_DW))
		return fail(e, "sign-extending access only in loads of 1, 2 or 4 bytes");
	i->code = (uint8_t)(cls | (k->sx ? BS_MEMSX : mode) | k->size);
	i->dst = dst >= 0 ? k->reg[dst] : 0;
	i->src = src >= 0 ? k->reg[src] : 0;
	return 0;
}

static int enc_atomic(struct enc *e, enum kind kind)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct caps *k = e->k;

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

static uint64_t num_u64(const struct num *n)
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
	const struct caps *k = e->k;
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
	const struct caps *k = e->k;
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

static int enc_call(struct enc *e, enum kind kind)
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

static int encode(struct enc *e, enum kind kind)
{
	struct bs_insn *i = &e->out->insn[0];
	const struct caps *k = e->k;
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
	struct caps k;
	struct enc e = { .k = &k, .out = out, .err = err, .errlen = errlen };

	*out = (struct asm_insn){ 0 };
	for (size_t r = 0; r < NELEM(rows); r++)
		if (match(rows[r].pat, s, len, &k))
			return encode(&e, rows[r].kind);
	return fail(&e, "cannot parse instruction '%.*s'", len > 80 ? 80 : (int)len, s);
}
