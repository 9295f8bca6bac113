/* Disassembler in the Linux verifier's syntax (kernel/bpf/disasm.c,
 * print_bpf_insn), so our logs read like the kernel's and tests can compare
 * them with it. Dispatch is by class, as in the kernel, so that instructions
 * with bad reserved fields (which the kernel still prints when do_check()
 * reaches them) print exactly as there. Expected strings in
 * tests/isa/test_disasm.c were recorded from a Linux 6.18 verifier log. */
#include <stdarg.h>
#include <stdio.h>

#include "bpfsight/isa.h"

/* Operator spellings indexed by BS_OP(code) >> 4. Empty slots are opcodes
 * the kernel rejects before printing; it would print a NULL string, which
 * its vsnprintf renders as "(null)", and so do we. */
static const char *const alu_op[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	"neg", "%=", "^=", "=", "s>>=", "endian", NULL, NULL,
};

static const char *const jmp_op[16] = {
	"jmp", "==", ">", ">=", "&", "!=", "s>", "s>=",
	"call", "exit", "<", "<=", "s<", "s<=", NULL, NULL,
};

/* atomic read-modify-write operation names, indexed by BS_OP(imm) >> 4 */
static const char *const atomic_op[16] = {
	[BS_ADD >> 4] = "add", [BS_OR >> 4] = "or",
	[BS_AND >> 4] = "and", [BS_XOR >> 4] = "xor",
};

/* access size by BS_SIZE(code) >> 3: W, H, B, DW */
static const char *const ldst_str[4] = { "u32", "u16", "u8", "u64" };
/* the kernel has no 64-bit name here (that opcode is unknown to it) */
static const char *const ldsx_str[4] = { "s32", "s16", "s8", "s64" };

static const char *str_or_null(const char *s)
{
	return s ? s : "(null)";
}

/* snprintf that appends: need counts the full length even once buf is full. */
struct out {
	char *buf;
	size_t len;
	size_t need;
	bool bug; /* a "BUG_..." line: the kernel prints no "(code) " prefix */
};

__attribute__((format(printf, 2, 3)))
static void emit(struct out *o, const char *fmt, ...)
{
	size_t pos = o->need < o->len ? o->need : o->len;
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(o->buf ? o->buf + pos : NULL, o->len - pos, fmt, ap);
	va_end(ap);
	if (k > 0)
		o->need += (size_t)k;
}

/* The kernel's "BUG_<what><code>" text for encodings print_bpf_insn()
 * cannot name (what: "", "st_", "ldx_" or "ld_"). */
static void emit_bug(struct out *o, const char *what, uint8_t code)
{
	o->bug = true;
	emit(o, "BUG_%s%02x", what, code);
}

static char wreg(uint8_t cls32)
{
	return cls32 ? 'w' : 'r';
}

static void dis_alu(struct out *o, const struct bs_insn *i)
{
	uint8_t op = BS_OP(i->code);
	char w = wreg(BS_CLASS(i->code) == BS_ALU);
	const char *sym = alu_op[op >> 4];

	if (op == BS_END) {
		if (BS_CLASS(i->code) == BS_ALU64)
			emit(o, "r%d = bswap%d r%d", i->dst, i->imm, i->dst);
		else
			emit(o, "r%d = %s%d r%d", i->dst,
			     BS_SRC(i->code) == BS_TO_BE ? "be" : "le", i->imm, i->dst);
		return;
	}
	if (op == BS_NEG) {
		emit(o, "%c%d = -%c%d", w, i->dst, w, i->dst);
		return;
	}
	if (i->code == (BS_ALU64 | BS_MOV | BS_X) && i->off == BS_ADDR_SPACE_CAST) {
		emit(o, "r%d = addr_space_cast(r%d, %d, %d)", i->dst, i->src,
		     (int)((uint32_t)i->imm >> 16), (int)(uint16_t)i->imm);
		return;
	}
	/* the kernel's own per-CPU address move (off -1, BPF_ADDR_PERCPU), which
	 * it rejects in programs but prints before rejecting */
	if (i->code == (BS_ALU64 | BS_MOV | BS_X) && i->off == -1) {
		emit(o, "r%d = &(void __percpu *)(r%d)", i->dst, i->src);
		return;
	}
	if ((op == BS_DIV || op == BS_MOD) && i->off == 1)
		sym = op == BS_DIV ? "s/=" : "s%=";
	if (BS_SRC(i->code) == BS_X) {
		const char *sx = "";

		if (op == BS_MOV && (i->off == 8 || i->off == 16 || i->off == 32))
			sx = i->off == 8 ? "(s8)" : i->off == 16 ? "(s16)" : "(s32)";
		emit(o, "%c%d %s %s%c%d", w, i->dst, str_or_null(sym), sx, w, i->src);
	} else {
		emit(o, "%c%d %s %d", w, i->dst, str_or_null(sym), i->imm);
	}
}

static void dis_atomic(struct out *o, const struct bs_insn *i)
{
	const char *sz = ldst_str[BS_SIZE(i->code) >> 3];
	const char *w64 = BS_SIZE(i->code) == BS_DW ? "64" : "";
	int32_t op = i->imm & ~BS_FETCH;
	bool rmw = op == BS_ADD || op == BS_AND || op == BS_OR || op == BS_XOR;

	if (rmw && !(i->imm & BS_FETCH))
		emit(o, "lock *(%s *)(r%d %+d) %s r%d", sz, i->dst, i->off,
		     alu_op[op >> 4], i->src);
	else if (rmw)
		emit(o, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", i->src, w64,
		     atomic_op[op >> 4], sz, i->dst, i->off, i->src);
	else if (i->imm == BS_CMPXCHG)
		emit(o, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", w64, sz,
		     i->dst, i->off, i->src);
	else if (i->imm == BS_XCHG)
		emit(o, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", i->src, w64, sz,
		     i->dst, i->off, i->src);
	else if (i->imm == BS_LOAD_ACQ)
		emit(o, "r%d = load_acquire((%s *)(r%d %+d))", i->dst, sz, i->src, i->off);
	else if (i->imm == BS_STORE_REL)
		emit(o, "store_release((%s *)(r%d %+d), r%d)", sz, i->dst, i->off, i->src);
	else
		emit_bug(o, "", i->code);
}

static void dis_stx(struct out *o, const struct bs_insn *i)
{
	if (BS_MODE(i->code) == BS_MEM)
		emit(o, "*(%s *)(r%d %+d) = r%d", ldst_str[BS_SIZE(i->code) >> 3],
		     i->dst, i->off, i->src);
	else if (BS_MODE(i->code) == BS_ATOMIC)
		dis_atomic(o, i);
	else
		emit_bug(o, "", i->code);
}

static void dis_st(struct out *o, const struct bs_insn *i)
{
	if (BS_MODE(i->code) == BS_MEM)
		emit(o, "*(%s *)(r%d %+d) = %d", ldst_str[BS_SIZE(i->code) >> 3],
		     i->dst, i->off, i->imm);
	else if (BS_MODE(i->code) == 0xc0) /* the kernel-internal nospec */
		emit(o, "nospec");
	else
		emit_bug(o, "st_", i->code);
}

static void dis_ldx(struct out *o, const struct bs_insn *i)
{
	uint8_t mode = BS_MODE(i->code);

	if (mode != BS_MEM && mode != BS_MEMSX) {
		emit_bug(o, "ldx_", i->code);
		return;
	}
	emit(o, "r%d = *(%s *)(r%d %+d)", i->dst,
	     (mode == BS_MEM ? ldst_str : ldsx_str)[BS_SIZE(i->code) >> 3], i->src, i->off);
}

static void dis_ld(struct out *o, const struct bs_insn *i, uint64_t imm64)
{
	const char *sz = ldst_str[BS_SIZE(i->code) >> 3];

	if (BS_MODE(i->code) == BS_ABS)
		emit(o, "r0 = *(%s *)skb[%d]", sz, i->imm);
	else if (BS_MODE(i->code) == BS_IND)
		emit(o, "r0 = *(%s *)skb[r%d + %d]", sz, i->src, i->imm);
	else if (bs_insn_is_lddw(i))
		emit(o, "r%d = 0x%llx", i->dst, (unsigned long long)imm64);
	else
		emit_bug(o, "ld_", i->code);
}

static void dis_call(struct out *o, const struct bs_insn *i, const struct bs_disasm_cbs *cbs)
{
	const char *name = NULL;

	if (i->src == BS_PSEUDO_CALL) {
		emit(o, "call pc%+d", i->imm);
		return;
	}
	if (i->src == 0 && cbs && cbs->helper_name)
		name = cbs->helper_name(cbs->ctx, i->imm);
	else if (i->src == BS_PSEUDO_KFUNC_CALL && cbs && cbs->kfunc_name)
		name = cbs->kfunc_name(cbs->ctx, i->imm);
	if (!name)
		name = i->src == BS_PSEUDO_KFUNC_CALL ? "kernel-function" : "unknown";
	emit(o, "call %s#%d", name, i->imm);
}

static void dis_jmp(struct out *o, const struct bs_insn *i, const struct bs_disasm_cbs *cbs)
{
	uint8_t op = BS_OP(i->code);
	char w = wreg(BS_CLASS(i->code) == BS_JMP32);
	const char *sym = str_or_null(jmp_op[op >> 4]);

	if (op == BS_CALL)
		dis_call(o, i, cbs);
	else if (i->code == (BS_JMP | BS_JA))
		emit(o, "goto pc%+d", i->off);
	else if (i->code == (BS_JMP | BS_JCOND) && i->src == BS_MAY_GOTO)
		emit(o, "may_goto pc%+d", i->off);
	else if (i->code == (BS_JMP32 | BS_JA))
		emit(o, "gotol pc%+d", i->imm);
	else if (i->code == (BS_JMP | BS_EXIT))
		emit(o, "exit");
	else if (BS_SRC(i->code) == BS_X)
		emit(o, "if %c%d %s %c%d goto pc%+d", w, i->dst, sym, w, i->src, i->off);
	else
		emit(o, "if %c%d %s 0x%x goto pc%+d", w, i->dst, sym, (unsigned)i->imm, i->off);
}

static void dis_insn(struct out *o, const struct bs_insn *insns, size_t n, size_t idx,
		     const struct bs_disasm_cbs *cbs)
{
	const struct bs_insn *i = &insns[idx];
	uint64_t imm64 = (uint32_t)i->imm;

	switch (BS_CLASS(i->code)) {
	case BS_ALU:
	case BS_ALU64:
		dis_alu(o, i);
		break;
	case BS_STX:
		dis_stx(o, i);
		break;
	case BS_ST:
		dis_st(o, i);
		break;
	case BS_LDX:
		dis_ldx(o, i);
		break;
	case BS_LD:
		/* a truncated lddw prints its low half only */
		if (bs_insn_is_lddw(i) && idx + 1 < n)
			imm64 = bs_insn_imm64(i);
		dis_ld(o, i, imm64);
		break;
	default: /* BS_JMP, BS_JMP32 */
		dis_jmp(o, i, cbs);
		break;
	}
}

static int finish(struct out *o)
{
	if (o->len && o->need < o->len)
		o->buf[o->need] = '\0';
	return o->need > (size_t)INT32_MAX ? INT32_MAX : (int)o->need;
}

int bs_isa_disasm(const struct bs_insn *insns, size_t n, size_t idx,
		  const struct bs_disasm_cbs *cbs, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };

	if (len)
		buf[0] = '\0';
	if (idx >= n)
		return 0;
	dis_insn(&o, insns, n, idx, cbs);
	return finish(&o);
}

int bs_isa_disasm_line(const struct bs_insn *insns, size_t n, size_t idx,
		       const struct bs_disasm_cbs *cbs, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	struct out dry = { 0 };

	if (len)
		buf[0] = '\0';
	if (idx >= n)
		return 0;
	/* a dry run (no buffer) tells whether this is a prefix-less BUG line */
	dis_insn(&dry, insns, n, idx, cbs);
	if (!dry.bug)
		emit(&o, "(%02x) ", insns[idx].code);
	dis_insn(&o, insns, n, idx, cbs);
	return finish(&o);
}
