/* explain: from the path the verifier recorded to the failing instruction,
 * the instructions that matter to the offending register (a backward slice
 * over register and stack-slot dependencies), the branch decisions, the
 * root cause, and a hint. */
#include <stdlib.h>
#include <string.h>

#include "bpfsight/platform.h"
#include "bpfsight/report_diag.h"
#include "bpfsight/report_explain.h"

#define MAX_BOUNDED (1ull << 29)

static const char *plat_helper(void *ctx, int32_t id)
{
	(void)ctx;
	return bs_plat_helper_name(id);
}

/* helper names from the platform table unless the caller gave others */
static const struct bs_disasm_cbs default_cbs = { .helper_name = plat_helper };

static const struct {
	enum bs_diag_code code;
	const char *hint;
} hints[] = {
	{ BS_D_PKT_OOB, "compare the pointer plus the size of the access with data_end before "
			"the access, e.g. `if ((void *)(hdr + 1) > data_end) return XDP_DROP;`" },
	{ BS_D_PKT_MIN_NEGATIVE, "keep packet offsets unsigned (u32/u16) so they cannot be negative" },
	{ BS_D_MIN_OUT_OF_RANGE, "check the index against the size before using it, or use an "
				 "unsigned type" },
	{ BS_D_MAX_OUT_OF_RANGE, "check the index or offset against the size of the object "
				 "(`if (idx >= N) return 0;`) or mask it (`idx &= N - 1`)" },
	{ BS_D_UNBOUNDED_ACCESS, "bound the offset before the access: `if (off > MAX) return 0;` "
				 "or `off &= MASK`" },
	{ BS_D_MIN_NEGATIVE, "use an unsigned index, or check `if (idx < 0) return 0;`" },
	{ BS_D_PTR_UNBOUNDED_MIN, "bound the value added to the pointer from below (unsigned type "
				  "or an explicit check) before the pointer arithmetic" },
	{ BS_D_INVALID_MEM_ACCESS, "check the pointer for NULL before using it "
				   "(`if (!ptr) return 0;`); scalars cannot be dereferenced" },
	{ BS_D_REG_UNINIT, "give the register a value on every path; helper calls clobber R1-R5" },
	{ BS_D_REF_LEAK_AT, "release the reference on every path (bpf_sk_release, "
			    "bpf_ringbuf_submit/discard, ...), including error paths" },
	{ BS_D_LOCK_AT, "unlock the spin lock (bpf_spin_unlock) on every path before this point" },
	{ BS_D_RET_RANGE, "return one of the values the program type allows" },
	{ BS_D_CTX_ACCESS, "access only the context fields this program type may use, with their "
			   "own size" },
	{ BS_D_CTX_MODIFIED, "read context fields through the original context pointer (R1 at "
			     "entry), not a moved copy" },
	{ BS_D_HELPER_UNAVAIL, "use a helper this program type offers, or another program type" },
	{ BS_D_GPL_ONLY, "declare a GPL-compatible license: char LICENSE[] SEC(\"license\") = \"GPL\";" },
	{ BS_D_ARG_TYPE_LIST, "pass the helper an argument of the kind it expects (a map from "
			      "the maps section, a stack buffer, ...)" },
	{ BS_D_SIZE_UNBOUNDED, "bound the size argument: `if (len > sizeof(buf)) len = sizeof(buf);`" },
	{ BS_D_STACK_OOB, "keep stack accesses within the 512-byte frame and below the frame "
			  "pointer" },
	{ BS_D_TOO_LARGE, "reduce the paths the verifier explores: bound loops tightly, move code "
			  "into global functions, or use bpf_loop" },
	{ BS_D_INFINITE_LOOP, "make the loop's exit condition depend on a value that changes" },
	{ BS_D_DIV_BY_ZERO, "divide by a non-zero constant" },
	{ BS_D_STRUCTURAL, "fix the control flow: every instruction must be reachable and every "
			   "function must end in exit" },
};

const char *bs_rep_diag_hint(enum bs_diag_code c)
{
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (hints[i].code == c)
			return hints[i].hint;
	return NULL;
}

int bs_rep_regval_str(const struct bs_ai_regval *v, char *buf, size_t len)
{
	char t[64];
	size_t n;

	bs_rep_reg_type_str(v->type | (int64_t)v->flags << 8, t, sizeof(t));
	if (v->type == BS_SCALAR) {
		if (!v->var_mask)
			return snprintf(buf, len, "%lld", (long long)v->var_value);
		n = (size_t)snprintf(buf, len, "scalar(");
		if (v->smin != INT64_MIN || v->smax != INT64_MAX)
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "smin=%lld,smax=%lld,",
					      (long long)v->smin, (long long)v->smax);
		if (v->umin || v->umax != UINT64_MAX)
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "umin=%llu,umax=%llu,",
					      (unsigned long long)v->umin,
					      (unsigned long long)v->umax);
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "var_off=(%#llx; %#llx))",
				      (unsigned long long)v->var_value,
				      (unsigned long long)v->var_mask);
		return (int)n;
	}
	n = (size_t)snprintf(buf, len, "%s%s(off=%d", t,
			     v->type == BS_PTR_BTF_ID && v->btf_name ? v->btf_name : "", v->off);
	if (v->type == BS_PTR_PACKET || v->type == BS_PTR_PACKET_META)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, ",r=%d", (int32_t)v->aux);
	if (v->var_mask)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, ",var=[%lld,%llu]",
				      (long long)v->smin, (unsigned long long)v->umax);
	n += (size_t)snprintf(buf + n, n < len ? len - n : 0, ")");
	return (int)n;
}

/* the register a diagnostic is about: the first %R operand, R0 for exits,
 * else the operand the failing instruction takes its value or address from */
static int offending_reg(const struct bs_diag *d, const struct bs_prog *p)
{
	const char *f = bs_diag_format((enum bs_diag_code)d->code);
	const struct bs_insn *in;

	if (d->code == BS_D_RET_RANGE || d->code == BS_D_RET_NOT_SCALAR)
		return 0;
	if (!strncmp(f, "%R", 2))
		return (int)d->arg[0];
	if (d->insn >= p->ninsns)
		return -1;
	in = &p->insns[d->insn];
	switch (BS_CLASS(in->code)) {
	case BS_ALU:
	case BS_ALU64:
		return BS_SRC(in->code) == BS_X ? in->src : in->dst;
	case BS_LDX:
		return in->src;
	case BS_ST:
	case BS_STX:
		return in->dst;
	}
	return -1;
}

struct slice {
	uint16_t regs[8];
	uint64_t slots[8];
};

/* marks the steps that produced what the failing instruction used: a
 * backward walk over register and stack-slot dependencies */
static void compute_slice(const struct bs_insn *insns, const struct bs_ai_path *p, int reg,
			  bool *relevant)
{
	struct slice s = { 0 };

	if (!p->nsteps || reg < 0)
		return;
	s.regs[p->steps[p->nsteps - 1].frame] = (uint16_t)(1u << reg);
	for (size_t k = p->nsteps - 1; k-- > 0;) {
		const struct bs_ai_step *st = &p->steps[k];
		const struct bs_insn *in = &insns[st->insn];
		uint8_t cls = BS_CLASS(in->code), op = BS_OP(in->code), f = st->frame & 7;
		uint16_t d = (uint16_t)(1u << (in->dst & 15)), sr = (uint16_t)(1u << (in->src & 15));
		bool x = BS_SRC(in->code) == BS_X;

		if ((cls == BS_ALU || cls == BS_ALU64) && (s.regs[f] & d)) {
			relevant[k] = true;
			if (op == BS_MOV)
				s.regs[f] &= (uint16_t)~d;
			if (x && in->src != BS_REG_FP)
				s.regs[f] |= sr;
		} else if ((cls == BS_LDX || cls == BS_LD) && (s.regs[f] & d)) {
			relevant[k] = true;
			s.regs[f] &= (uint16_t)~d;
			if (st->slot)
				s.slots[st->slot_frame & 7] |= 1ull << (st->slot - 1);
			else if (cls == BS_LDX)
				s.regs[f] |= sr; /* a value loaded through a pointer */
		} else if ((cls == BS_STX || cls == BS_ST) && st->slot &&
			   (s.slots[st->slot_frame & 7] >> (st->slot - 1)) & 1) {
			relevant[k] = true;
			s.slots[st->slot_frame & 7] &= ~(1ull << (st->slot - 1));
			if (cls == BS_STX)
				s.regs[f] |= sr;
		} else if ((cls == BS_JMP || cls == BS_JMP32) && op == BS_CALL && (s.regs[f] & 1)) {
			relevant[k] = true;
			s.regs[f] &= (uint16_t)~1u;
		} else if ((cls == BS_JMP || cls == BS_JMP32) && op != BS_CALL && op != BS_EXIT &&
			   op != BS_JA && ((s.regs[f] & d) || (x && (s.regs[f] & sr)))) {
			relevant[k] = true; /* a comparison that refined the value */
		}
	}
}

static bool is_branch(const struct bs_insn *in)
{
	uint8_t cls = BS_CLASS(in->code), op = BS_OP(in->code);

	return (cls == BS_JMP || cls == BS_JMP32) && op != BS_CALL && op != BS_EXIT && op != BS_JA;
}

static void source_of(const struct bs_prog *p, uint32_t insn, char *buf, size_t len)
{
	const struct bs_btf_line_info *li = bs_prog_line_at(p, insn);

	buf[0] = 0;
	if (li && li->line_no)
		snprintf(buf, len, "line %u", li->line_no);
}

/* the one-sentence root cause */
static void root_cause(FILE *f, const struct bs_explain_in *in, const bool *relevant, int reg)
{
	const struct bs_ai_result *r = in->res;
	const struct bs_ai_path *p = r->path;
	const struct bs_diag *d = &r->diag;
	char v[160];

	switch (d->code) {
	case BS_D_INVALID_MEM_ACCESS:
		for (size_t k = p ? p->nsteps : 0; k-- > 0;) {
			const struct bs_ai_step *s = &p->steps[k];

			if (relevant[k] && s->regno >= 0 && (s->val.flags & 0x01 /* maybe null */)) {
				fprintf(f, "the pointer produced at insn %u may be NULL, and no NULL "
					   "check on this path rules that out before insn %u.\n",
					s->insn, d->insn);
				return;
			}
		}
		fprintf(f, "R%d does not hold a pointer the program may dereference here.\n", reg);
		return;
	case BS_D_REF_LEAK_AT: {
		uint32_t at = (uint32_t)d->arg[1];
		char src[64] = "";

		v[0] = 0;
		if (at < in->prog->ninsns) {
			bs_isa_disasm(in->prog->insns, in->prog->ninsns, at, in->cbs, v, sizeof(v));
			source_of(in->prog, at, src, sizeof(src));
		}
		fprintf(f, "the reference acquired at insn %u (%s%s%s) is still held when the "
			   "program exits on this path.\n", at, v, *src ? ", " : "", src);
		return;
	}
	case BS_D_REG_UNINIT:
		for (size_t k = p ? p->nsteps : 0; k-- > 0 && reg >= 1 && reg <= 5;) {
			const struct bs_insn *i = &in->prog->insns[p->steps[k].insn];

			if (i->code == (BS_JMP | BS_CALL)) {
				fprintf(f, "R%d was clobbered by the call at insn %u (calls leave "
					   "R1-R5 unset).\n", reg, p->steps[k].insn);
				return;
			}
		}
		fprintf(f, "R%d is read before any instruction on this path wrote it.\n", reg);
		return;
	case BS_D_PKT_OOB:
	case BS_D_MIN_OUT_OF_RANGE:
	case BS_D_MAX_OUT_OF_RANGE:
	case BS_D_UNBOUNDED_ACCESS:
	case BS_D_MIN_NEGATIVE:
	case BS_D_PKT_MIN_NEGATIVE:
	case BS_D_PTR_UNBOUNDED_MIN:
		/* a pointer into a map value or helper memory: its reach
		 * against the object's size */
		for (size_t k = p ? p->nsteps - 1 : 0; p && k-- > 0 && (d->code == BS_D_MAX_OUT_OF_RANGE || d->code == BS_D_MIN_OUT_OF_RANGE);) {
			const struct bs_ai_step *s = &p->steps[k];
			uint64_t size;

			if (!relevant[k] || s->regno != reg ||
			    (s->val.type != BS_PTR_MAP_VALUE && s->val.type != BS_PTR_MEM))
				continue;
			size = s->val.type == BS_PTR_MEM ? s->val.aux :
			       s->val.aux < in->obj->nmaps ? in->obj->maps[s->val.aux].value_size : 0;
			fprintf(f, "after insn %u R%d points %lld to %llu bytes into %s of %llu bytes, so "
				   "the access at insn %u can reach past its %s; bound the offset by "
				   "the object's size minus the access size.\n", s->insn, reg,
				(long long)(s->val.off + s->val.smin),
				(unsigned long long)(s->val.off + s->val.umax),
				s->val.type == BS_PTR_MEM ? "a memory region" : "a map value",
				(unsigned long long)size, d->insn,
				d->code == BS_D_MAX_OUT_OF_RANGE ? "end" : "start");
			return;
		}
		/* the last scalar of the slice before the error: the range the
		 * access was made with was set there */
		for (size_t k = p ? p->nsteps - 1 : 0; p && k-- > 0;) {
			const struct bs_ai_step *s = &p->steps[k];
			char src[64], dis[96];

			if (!relevant[k] || s->regno < 0 || s->val.type != BS_SCALAR || !s->val.var_mask)
				continue;
			bs_isa_disasm(in->prog->insns, in->prog->ninsns, s->insn, in->cbs, dis,
				      sizeof(dis));
			source_of(in->prog, s->insn, src, sizeof(src));
			if (s->val.smin < 0 && (d->code == BS_D_MIN_NEGATIVE || d->code == BS_D_PTR_UNBOUNDED_MIN ||
						d->code == BS_D_MIN_OUT_OF_RANGE || d->code == BS_D_PKT_MIN_NEGATIVE))
				fprintf(f, "after insn %u (`%s`%s%s) R%d can be negative (as low as "
					   "%lld), and nothing on the path rules that out before it is "
					   "used at insn %u.\n", s->insn, dis, *src ? ", " : "", src,
					s->regno, (long long)s->val.smin, d->insn);
			else if (s->val.umax >= MAX_BOUNDED)
				fprintf(f, "after insn %u (`%s`%s%s) R%d is unbounded (up to %llu), and "
					   "nothing on the path bounds it before it is used at insn %u.\n",
					s->insn, dis, *src ? ", " : "", src, s->regno,
					(unsigned long long)s->val.umax, d->insn);
			else
				fprintf(f, "after insn %u (`%s`%s%s) R%d can be as large as %llu, which "
					   "takes the access at insn %u past the end of the object.\n",
					s->insn, dis, *src ? ", " : "", src, s->regno,
					(unsigned long long)s->val.umax, d->insn);
			return;
		}
		if (d->code == BS_D_PKT_OOB) {
			fprintf(f, "no comparison with data_end on this path proves that the bytes "
				   "accessed at insn %u are inside the packet.\n", d->insn);
			return;
		}
		fprintf(f, "the offset used at insn %u can reach outside the object; the checks on "
			   "this path do not bound it tightly enough.\n", d->insn);
		return;
	default:
		fprintf(f, "the check at insn %u fails on the path above.\n", d->insn);
	}
}

static const struct bs_explain_in *with_cbs(const struct bs_explain_in *in,
					   struct bs_explain_in *copy)
{
	*copy = *in;
	if (!copy->cbs)
		copy->cbs = &default_cbs;
	return copy;
}

int bs_rep_explain_analyze(const struct bs_explain_in *in_arg, struct bs_explain_info *out)
{
	struct bs_explain_in copy;
	const struct bs_explain_in *in = with_cbs(in_arg, &copy);
	const struct bs_ai_path *path = in->res->path;
	size_t n = path ? path->nsteps : 0, len = 0;
	bool *relevant;
	FILE *f;

	memset(out, 0, sizeof(*out));
	out->reg = -1;
	if (in->res->verdict != BS_REJECT)
		return BS_OK;
	out->reg = offending_reg(&in->res->diag, in->prog);
	relevant = calloc(n ? n : 1, sizeof(*relevant));
	if (!relevant)
		return BS_ENOMEM;
	out->shown = relevant;
	if (n)
		compute_slice(in->prog->insns, path, out->reg, relevant);
	f = open_memstream(&out->root_cause, &len);
	if (!f) {
		bs_rep_explain_info_fini(out);
		return BS_ENOMEM;
	}
	root_cause(f, in, relevant, out->reg);
	fclose(f);
	if (len && out->root_cause[len - 1] == '\n')
		out->root_cause[len - 1] = 0;
	/* the slice marks producers; branches and the failing insn always show */
	for (size_t k = 0, shown = 0; k < n; k++) {
		relevant[k] |= is_branch(&in->prog->insns[path->steps[k].insn]) || k + 1 == n;
		shown += relevant[k];
		if (k + 1 == n && shown > BS_EXPLAIN_MAX_SHOWN)
			out->omitted = shown - BS_EXPLAIN_MAX_SHOWN;
	}
	for (size_t k = 0, left = out->omitted; k < n && left; k++) {
		left -= relevant[k];
		relevant[k] = false;
	}
	out->hint = bs_rep_diag_hint((enum bs_diag_code)in->res->diag.code);
	return BS_OK;
}

void bs_rep_explain_info_fini(struct bs_explain_info *info)
{
	free(info->shown);
	free(info->root_cause);
	memset(info, 0, sizeof(*info));
}

int bs_rep_explain_step_note(const struct bs_explain_in *in, const struct bs_explain_info *info,
			     size_t k, char *buf, size_t len)
{
	const struct bs_ai_path *path = in->res->path;
	const struct bs_ai_step *s;
	char val[160];

	if (!path || k >= path->nsteps || !info->shown || !info->shown[k])
		return snprintf(buf, len, "%s", "");
	s = &path->steps[k];
	if (k + 1 == path->nsteps)
		return snprintf(buf, len, "error");
	if (is_branch(&in->prog->insns[s->insn]))
		return snprintf(buf, len, "%s",
				path->steps[k + 1].insn == s->insn + 1 ? "not taken" : "taken");
	if (s->regno < 0)
		return snprintf(buf, len, "%s", "");
	bs_rep_regval_str(&s->val, val, sizeof(val));
	return snprintf(buf, len, "R%d=%s", s->regno, val);
}

int bs_rep_explain(FILE *f, const struct bs_explain_in *in_arg)
{
	struct bs_explain_in copy;
	const struct bs_explain_in *in = with_cbs(in_arg, &copy);
	const struct bs_ai_result *r = in->res;
	const struct bs_prog *p = in->prog;
	const struct bs_btf_line_info *li;
	const struct bs_ai_path *path = r->path;
	struct bs_explain_info info;
	char msg[512], dis[160], src[128], note[200];

	if (r->verdict == BS_ACCEPT) {
		fprintf(f, "%s: %s/%s (%s): accepted: %zu instructions, %llu processed, %u states, "
			   "%llu us\n", in->obj->path, p->section, p->name, in->type_name, p->ninsns,
			(unsigned long long)r->stats.processed, r->stats.total_states,
			(unsigned long long)r->stats.time_us);
		return BS_OK;
	}
	if (bs_rep_explain_analyze(in, &info))
		return BS_ENOMEM;
	bs_rep_diag_headline(&r->diag, msg, sizeof(msg));
	li = r->diag.insn != BS_DIAG_NO_INSN ? bs_prog_line_at(p, r->diag.insn) : NULL;
	if (li) {
		fprintf(f, "%s:%u:%u: error: %s\n", li->file, li->line_no, li->col, msg);
		fprintf(f, "%5u | %s\n", li->line_no, li->line);
		fprintf(f, "      | %*s^\n", li->col > 1 ? (int)li->col - 1 : 0, "");
	} else {
		fprintf(f, "%s: %s/%s: error: %s\n", in->obj->path, p->section, p->name, msg);
	}
	fprintf(f, "  in program %s/%s (%s)", p->section, p->name, in->type_name);
	if (r->diag.insn != BS_DIAG_NO_INSN && r->diag.insn < p->ninsns) {
		bs_isa_disasm(p->insns, p->ninsns, r->diag.insn, in->cbs, dis, sizeof(dis));
		fprintf(f, ", at insn %u: %s", r->diag.insn, dis);
	}
	fprintf(f, "\n");
	if (path && path->nsteps) {
		fprintf(f, "\npath to the error (%zu instructions; shown: branch decisions",
			path->nsteps);
		if (info.reg >= 0)
			fprintf(f, " and what produced R%d", info.reg);
		fprintf(f, "):\n");
		if (info.omitted)
			fprintf(f, "  ...    (%zu earlier steps not shown)\n", info.omitted);
		for (size_t k = 0; k < path->nsteps; k++) {
			const struct bs_ai_step *s = &path->steps[k];

			if (!info.shown[k])
				continue;
			bs_isa_disasm(p->insns, p->ninsns, s->insn, in->cbs, dis, sizeof(dis));
			source_of(p, s->insn, src, sizeof(src));
			bs_rep_explain_step_note(in, &info, k, note, sizeof(note));
			fprintf(f, "  %5u  %-10s %-36s", s->insn, src, dis);
			if (!strcmp(note, "error"))
				fprintf(f, " <- error");
			else if (!strcmp(note, "taken") || !strcmp(note, "not taken"))
				fprintf(f, " -> %s", note);
			else if (*note)
				fprintf(f, " %s", note);
			fprintf(f, "\n");
		}
	}
	fprintf(f, "\nroot cause: %s\n", info.root_cause ? info.root_cause : "");
	if (info.hint)
		fprintf(f, "hint: %s\n", info.hint);
	bs_rep_explain_info_fini(&info);
	return BS_OK;
}
