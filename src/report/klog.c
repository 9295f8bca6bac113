/* The verifier log in the kernel's format: turns the exploration's events
 * (bs_ai_opts.log) into the text do_check() writes at log_level 1 or 2
 * (kernel/bpf/verifier.c and log.c, v6.18).
 *
 * The log is a byte buffer with an end position, as the kernel's: a reset
 * (a popped branch at level 1, a function verified without error) moves the
 * end back without clearing what lies beyond, and print_insn_state() removes
 * the newline of the instruction line by moving the end back one byte. So a
 * branch pushed right after an instruction line, whose newline was then
 * overwritten by the padding before ';', resumes after a space: the kernel's
 * "31: (15) if r2 == 0xa goto pc+2 34: R0=2 ..." comes out the same way. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsight/btf.h"
#include "bpfsight/report_diag.h"
#include "bpfsight/report_klog.h"

#define LOG_MIN_ALIGNMENT 8
#define LOG_ALIGNMENT 40
#define LIMIT_INSNS 1000000

struct bs_klog {
	const struct bs_object *obj;
	const struct bs_prog *prog;
	int level;
	const struct bs_disasm_cbs *cbs;
	struct bs_ai_log_ops ops;
	char *buf;
	size_t end, cap;          /* the log is buf[0, end) */
	bool nomem;
	/* the kernel's env fields of the same names */
	size_t prev_log_pos, prev_insn_print_pos;
	bool do_print_state;
	const struct bs_btf_line_info *prev_linfo;
	uint16_t scratched_regs;
	uint64_t scratched_slots;
	BS_VEC(size_t) branch_pos; /* log position of each pending branch */
	bool loop_logged;          /* "cur state:" of an infinite loop printed */
};

static bool reserve(struct bs_klog *kl, size_t more)
{
	size_t cap = kl->cap ? kl->cap : 4096;
	char *b;

	if (kl->end + more + 1 <= kl->cap)
		return true;
	while (cap < kl->end + more + 1)
		cap *= 2;
	b = bs_realloc(kl->buf, cap);
	if (!b) {
		kl->nomem = true;
		return false;
	}
	kl->buf = b;
	kl->cap = cap;
	return true;
}

static void vlog(struct bs_klog *kl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void vlog(struct bs_klog *kl, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0 || !reserve(kl, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(kl->buf + kl->end, (size_t)n + 1, fmt, ap);
	va_end(ap);
	kl->end += (size_t)n;
}

/* bpf_vlog_reset(): what lies beyond stays in the buffer */
static void vlog_reset(struct bs_klog *kl, size_t pos)
{
	if (pos <= kl->end)
		kl->end = pos;
}

/* mirrors vlog_alignment() */
static int vlog_alignment(size_t pos)
{
	size_t a = pos + LOG_MIN_ALIGNMENT / 2 > LOG_ALIGNMENT ? pos + LOG_MIN_ALIGNMENT / 2 :
								    LOG_ALIGNMENT;

	a = (a + LOG_MIN_ALIGNMENT - 1) / LOG_MIN_ALIGNMENT * LOG_MIN_ALIGNMENT;
	return (int)(a - pos - 1);
}

/* mirrors print_verifier_state() */
static void print_state(struct bs_klog *kl, const struct bs_ai_logstate *st, bool all)
{
	uint16_t regs = all ? UINT16_MAX : kl->scratched_regs;
	uint64_t slots = all ? UINT64_MAX : kl->scratched_slots;
	int n = bs_rep_frame_str_mask(st->frame, regs, slots, NULL, 0);

	if (n > 0 && reserve(kl, (size_t)n)) {
		bs_rep_frame_str_mask(st->frame, regs, slots, kl->buf + kl->end, (size_t)n + 1);
		kl->end += (size_t)n;
	}
	for (uint32_t i = 0, first = 1; i < st->nrefs; i++) {
		if (!st->refs[i])
			continue;
		vlog(kl, first ? " refs=%u" : ",%u", st->refs[i]);
		first = 0;
	}
	if (st->in_callback)
		vlog(kl, " cb");
	if (st->in_async)
		vlog(kl, " async_cb");
	vlog(kl, "\n");
	if (!all) {
		kl->scratched_regs = 0;
		kl->scratched_slots = 0;
	}
}

/* mirrors print_insn_state(): after the instruction line when nothing was
 * printed since, else on a line of its own */
static void print_insn_state(struct bs_klog *kl, uint32_t insn, const struct bs_ai_logstate *st)
{
	if (kl->prev_log_pos && kl->prev_log_pos == kl->end) {
		vlog_reset(kl, kl->prev_log_pos - 1);
		vlog(kl, "%*c;", vlog_alignment(kl->prev_insn_print_pos), ' ');
	} else {
		vlog(kl, "%u:", insn);
	}
	print_state(kl, st, false);
}

/* mirrors verbose_linfo(): the source line when it changes */
static void print_linfo(struct bs_klog *kl, uint32_t insn)
{
	const struct bs_btf_line_info *li = bs_prog_line_at(kl->prog, insn), *prev = kl->prev_linfo;
	const char *s, *fname;

	if (!li || li == prev)
		return;
	kl->prev_linfo = li;
	/* records of the same line with other columns print once */
	if (prev && prev->file == li->file && prev->line_no == li->line_no && prev->line == li->line)
		return;
	for (s = li->line; isspace((unsigned char)*s); s++)
		;
	fname = strrchr(li->file, '/');
	fname = fname ? fname + 1 : li->file;
	vlog(kl, "; %s @ %s:%u\n", s, fname, li->line_no);
}

/* the kernel prints the address of its map (or of the value for global
 * data), which only it knows: bpfsight prints a stand-in of the same width,
 * distinct per map */
static bool print_map_load(struct bs_klog *kl, const struct bs_insn *in)
{
	uint64_t addr;

	if (!bs_insn_is_lddw(in) || (in->src != BS_PSEUDO_MAP_IDX && in->src != BS_PSEUDO_MAP_IDX_VALUE))
		return false;
	addr = 0xffff888100000000ull + ((uint64_t)(uint32_t)in->imm + 1) * 0x1000;
	if (in->src == BS_PSEUDO_MAP_IDX_VALUE)
		addr += 0x110 + (uint64_t)(uint32_t)in[1].imm;
	vlog(kl, "(%02x) r%u = 0x%llx\n", in->code, in->dst, (unsigned long long)addr);
	return true;
}

static void print_insn(struct bs_klog *kl, uint32_t idx)
{
	const struct bs_insn *in = &kl->prog->insns[idx];
	char line[256];

	kl->prev_log_pos = kl->end;
	vlog(kl, "%u: ", idx);
	if (!print_map_load(kl, in)) {
		bs_isa_disasm_line(kl->prog->insns, kl->prog->ninsns, idx, kl->cbs, line,
				   sizeof(line));
		vlog(kl, "%s\n", line);
	}
	kl->prev_insn_print_pos = kl->end - kl->prev_log_pos;
	kl->prev_log_pos = kl->end;
}

static const char *subprog_name(const struct bs_klog *kl, uint32_t k)
{
	return k < kl->prog->nsubprogs ? kl->prog->subprogs[k].name : "?";
}

/* btf_prepare_func_args() on the main function's prototype (func_info):
 * a pointer argument of a global function must be the context or point to
 * something of known size; for a pointer to void the kernel says it cannot
 * size it, and goes on (the main program's arguments are not held to it) */
static void main_args_note(struct bs_klog *kl)
{
	const struct bs_btf *btf = kl->obj->btf;
	const struct bs_btf_type *fn, *proto;
	const struct bs_btf_param *params;

	if (!btf || !kl->prog->nsubprogs || !kl->prog->subprogs[0].btf_func)
		return;
	fn = bs_btf_type_by_id(btf, kl->prog->subprogs[0].btf_func);
	if (!fn || bs_btf_kind(fn) != BS_BTF_KIND_FUNC || bs_btf_vlen(fn) != 1 /* global */)
		return;
	proto = bs_btf_type_by_id(btf, fn->type);
	if (!proto || bs_btf_kind(proto) != BS_BTF_KIND_FUNC_PROTO)
		return;
	params = bs_btf_type_extra(proto);
	for (unsigned i = 0; i < bs_btf_vlen(proto); i++) {
		const struct bs_btf_type *t = bs_btf_skip_mods(btf, params[i].type, NULL);

		if (!t || bs_btf_kind(t) != BS_BTF_KIND_PTR || bs_btf_skip_mods(btf, t->type, NULL))
			continue;
		vlog(kl, "arg#%u reference type('UNKNOWN ') size cannot be determined: -22\n", i);
		return;
	}
}

static void scratch(struct bs_klog *kl, const struct bs_ai_logstate *st)
{
	if (!st)
		return;
	kl->scratched_regs |= st->scratch_regs;
	kl->scratched_slots |= st->scratch_slots;
}

/* one step of do_check(), at the point where the kernel prints */
static void on_insn(struct bs_klog *kl, const struct bs_ai_logev *ev)
{
	if (kl->level >= 2 && kl->do_print_state) {
		vlog(kl, "\nfrom %u to %u:", ev->prev, ev->insn);
		print_state(kl, ev->st, true);
		kl->do_print_state = false;
	}
	if (kl->scratched_regs || kl->scratched_slots)
		print_insn_state(kl, ev->insn, ev->st);
	print_linfo(kl, ev->insn);
	print_insn(kl, ev->insn);
}

static void on_branch(struct bs_klog *kl, const struct bs_ai_logev *ev)
{
	if (ev->kind == BS_AI_LOG_PUSH) {
		if (bs_vec_reserve(&kl->branch_pos, (size_t)ev->depth + 1)) {
			kl->nomem = true;
			return;
		}
		if (kl->branch_pos.len <= ev->depth)
			kl->branch_pos.len = (size_t)ev->depth + 1;
		kl->branch_pos.data[ev->depth] = kl->end;
		return;
	}
	/* pop_stack(): at level 1 the log keeps only the path to an error */
	if (kl->level < 2 && ev->depth < kl->branch_pos.len)
		vlog_reset(kl, kl->branch_pos.data[ev->depth]);
	kl->do_print_state = true;
}

/* the lines of btf_ctx_access() (kernel/bpf/btf.c) */
static void ctx_note(struct bs_klog *kl, const struct bs_ai_ctx_note *n)
{
	switch (n->kind) {
	case BS_AI_CTX_BTF_ID:
		vlog(kl, "func '%s' arg%d has btf_id %u type %s '%s'\n", n->func, n->n, n->btf_id,
		     n->is_union ? "UNION" : "STRUCT", n->type_name);
		break;
	case BS_AI_CTX_NOT_MUL8:
		vlog(kl, "func '%s' offset %d is not multiple of 8\n", n->func, n->n);
		break;
	case BS_AI_CTX_NO_ARG:
		vlog(kl, "func '%s' doesn't have %d-th argument\n", n->func, n->n);
		break;
	case BS_AI_CTX_SIZE8:
		vlog(kl, "func '%s' size %d must be 8\n", n->func, n->n);
		break;
	}
}

static void on_event(void *ctx, const struct bs_ai_logev *ev)
{
	struct bs_klog *kl = ctx;

	scratch(kl, ev->st);
	switch (ev->kind) {
	case BS_AI_LOG_FUNC:
		kl->do_print_state = false; /* a local of each do_check() */
		if (ev->subprog)
			vlog(kl, "Validating %s() func#%u...\n", subprog_name(kl, ev->subprog),
			     ev->subprog);
		else
			main_args_note(kl);
		break;
	case BS_AI_LOG_FUNC_DONE:
		/* do_check_common(): a verified function leaves no trace at level 1 */
		if (kl->level < 2)
			vlog_reset(kl, 0);
		if (ev->subprog)
			vlog(kl, "Func#%u ('%s') is safe for any args that match its prototype\n",
			     ev->subprog, subprog_name(kl, ev->subprog));
		break;
	case BS_AI_LOG_INSN:
		on_insn(kl, ev);
		break;
	case BS_AI_LOG_JMP:
		print_insn_state(kl, ev->insn, ev->st);
		break;
	case BS_AI_LOG_PRUNED:
		if (kl->do_print_state)
			vlog(kl, "\nfrom %u to %u: safe\n", ev->prev, ev->insn);
		else
			vlog(kl, "%u: safe\n", ev->insn);
		break;
	case BS_AI_LOG_PUSH:
	case BS_AI_LOG_POP:
		on_branch(kl, ev);
		break;
	case BS_AI_LOG_CALL:
		vlog(kl, "caller:\n");
		print_state(kl, ev->other, true);
		vlog(kl, "callee:\n");
		print_state(kl, ev->st, true);
		break;
	case BS_AI_LOG_GLOBAL_CALL:
		vlog(kl, "Func#%u ('%s') is global and assumed valid.\n", ev->subprog,
		     subprog_name(kl, ev->subprog));
		break;
	case BS_AI_LOG_RETURN:
		vlog(kl, "returning from callee:\n");
		print_state(kl, ev->other, true);
		vlog(kl, "to caller at %u:\n", ev->insn);
		print_state(kl, ev->st, true);
		kl->do_print_state = true;
		break;
	case BS_AI_LOG_LOOP:
		vlog(kl, "infinite loop detected at insn %u\ncur state:", ev->insn);
		print_state(kl, ev->st, true);
		kl->loop_logged = true;
		break;
	case BS_AI_LOG_CTX_ARG:
		ctx_note(kl, ev->ctx);
		break;
	}
}

struct bs_klog *bs_klog_new(const struct bs_object *obj, const struct bs_prog *prog, int level,
			    const struct bs_disasm_cbs *cbs)
{
	struct bs_klog *kl = bs_malloc(sizeof(*kl));

	if (!kl)
		return NULL;
	kl->obj = obj;
	kl->prog = prog;
	kl->level = level;
	kl->cbs = cbs;
	kl->ops.event = on_event;
	kl->ops.ctx = kl;
	if (!reserve(kl, 0)) {
		free(kl);
		return NULL;
	}
	kl->buf[0] = 0;
	return kl;
}

void bs_klog_free(struct bs_klog *kl)
{
	if (!kl)
		return;
	free(kl->buf);
	bs_vec_free(&kl->branch_pos);
	free(kl);
}

const struct bs_ai_log_ops *bs_klog_ops(struct bs_klog *kl)
{
	return &kl->ops;
}

/* __check_mem_access(): the region's line before "R%d min/max value is
 * outside of the allowed memory range" */
static void mem_access_line(struct bs_klog *kl, const struct bs_diag *d)
{
	long long size = d->arg[2], off = d->arg[3], n = d->arg[4];

	switch (d->arg[1] & 0xff) {
	case BS_PTR_MAP_KEY:
		vlog(kl, "invalid access to map key, key_size=%lld off=%lld size=%lld\n", size, off, n);
		break;
	case BS_PTR_MAP_VALUE:
		vlog(kl, "invalid access to map value, value_size=%lld off=%lld size=%lld\n", size, off,
		     n);
		break;
	default:
		vlog(kl, "invalid access to memory, mem_size=%llu off=%lld size=%lld\n",
		     (unsigned long long)(uint32_t)size, off, n);
	}
}

/* the lines the kernel prints before some final errors, from the
 * diagnostic's operands (where bpfsight keeps them) */
static void print_pre_error(struct bs_klog *kl, const struct bs_diag *d)
{
	switch (d->code) {
	case BS_D_PKT_OOB:
		/* __check_mem_access(): off size, R(id,off,r) */
		if (d->nargs >= 5)
			vlog(kl, "invalid access to packet, off=%lld size=%lld, R%lld(id=%lld,off=%lld,r=%lld)\n",
			     (long long)d->arg[1], (long long)d->arg[2], (long long)d->arg[0],
			     (long long)d->arg[3], (long long)d->arg[1], (long long)d->arg[4]);
		break;
	case BS_D_MIN_OUT_OF_RANGE:
	case BS_D_MAX_OUT_OF_RANGE:
		if (d->nargs >= 5)
			mem_access_line(kl, d);
		break;
	case BS_D_REF_LEAK_AT:
		if (d->nargs >= 2)
			vlog(kl, "Unreleased reference id=%lld alloc_insn=%lld\n",
			     (long long)d->arg[0], (long long)d->arg[1]);
		break;
	default:
		break;
	}
}

/* messages the kernel prints without a newline: the statistics follow on
 * the same line */
static bool lacks_newline(const struct bs_diag *d)
{
	return d->code == BS_D_ARG_MAP_TYPE && !strcmp(d->str, "expected prog array map for tail call");
}

int bs_klog_finish(struct bs_klog *kl, const struct bs_ai_result *res)
{
	if (res->verdict == BS_REJECT) {
		int n;

		print_pre_error(kl, &res->diag);
		if (res->diag.code == BS_D_INFINITE_LOOP && !kl->loop_logged)
			vlog(kl, "infinite loop detected at insn %lld\n", (long long)res->diag.arg[0]);
		n = bs_rep_diag_msg(&res->diag, NULL, 0);
		if (n > 0 && reserve(kl, (size_t)n)) {
			bs_rep_diag_msg(&res->diag, kl->buf + kl->end, (size_t)n + 1);
			kl->end += (size_t)n;
		}
		if (!lacks_newline(&res->diag))
			vlog(kl, "\n");
	}
	/* print_verification_stats() */
	vlog(kl, "processed %llu insns (limit %d) max_states_per_insn %u total_states %u "
		 "peak_states %u mark_read 0\n",
	     (unsigned long long)res->stats.processed, LIMIT_INSNS, res->stats.max_states_per_insn,
	     res->stats.total_states, res->stats.peak_states);
	return kl->nomem ? BS_ENOMEM : BS_OK;
}

const char *bs_klog_text(const struct bs_klog *kl, size_t *len)
{
	if (len)
		*len = kl->end;
	kl->buf[kl->end] = 0;
	return kl->buf;
}
