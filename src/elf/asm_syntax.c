/* The instruction syntax of the text format: exactly what the disassembler
 * (src/isa/disasm.c, the kernel's print_bpf_insn()) prints, plus the lddw
 * forms the kernel cannot print without a loaded map (map[NAME],
 * map[NAME][0]+OFF, func pc+N) and labels in place of pc+N. Each form is one
 * row of a pattern table; a row's form says how asm_insn.c encodes its
 * captures.
 *
 * Pattern language: ' ' = optional blanks; %r register (r0..r10 or w0..w10);
 * %n number (decimal or 0x hex, optional sign); %o number with a mandatory
 * sign (+4, -8); %z access size (u8..u64, s8..s64); %a name; %x ALU operator;
 * %j jump operator; %t jump target (pc+N or a label); anything else literal. */
#include <string.h>

#include "asm_syntax.h"

struct row {
	const char *pat;
	enum asm_form kind;
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
static bool number(struct cur *c, struct asm_num *n, bool need_sign)
{
	unsigned base = 10;
	bool any = false;

	*n = (struct asm_num){ 0 };
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

static bool reg(struct cur *c, struct asm_caps *k)
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

static bool size_name(struct cur *c, struct asm_caps *k)
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

static bool target(struct cur *c, struct asm_caps *k)
{
	struct cur save = *c;

	if (lit(c, "pc") && (skip_blanks(c), c->s < c->end) && (*c->s == '+' || *c->s == '-')) {
		k->pc = true;
		return k->nnum < 3 && number(c, &k->num[k->nnum++], true);
	}
	*c = save;
	return name(c, &k->label);
}

static bool match(const char *pat, const char *s, size_t len, struct asm_caps *k)
{
	struct cur c = { s, s + len };

	*k = (struct asm_caps){ 0 };
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

int bs_asm_match(const char *s, size_t len, struct asm_caps *k)
{
	for (size_t r = 0; r < NELEM(rows); r++)
		if (match(rows[r].pat, s, len, k))
			return (int)rows[r].kind;
	return -1;
}
