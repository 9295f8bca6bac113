/* Context accesses: only through the unmodified ctx pointer, at offsets and
 * sizes the program type's table allows, loading scalars or the pointer
 * kinds the table names. Mirrors the PTR_TO_CTX branch of check_mem_access(),
 * __check_ptr_off_reg() and check_ctx_access() (v6.18); the per-type rules
 * are data in platform/ (bs_plat_ctx_access); contexts typed by BTF are
 * checked in btf_access.c. */
#include "bpfsight/platform_progs.h"
#include "state.h"

static void load_ptr(struct bs_env *env, struct bs_reg *dst, enum bs_rtype type, uint8_t flags)
{
	bs_reg_mark_ptr(dst, type, 0);
	dst->flags = flags;
	if (flags & BS_RF_MAYBE_NULL)
		dst->id = ++env->id_gen;
}

int bs_check_ctx_access(struct bs_env *env, uint8_t regno, int32_t off, int size, int t,
			int value_regno, bool sx)
{
	struct bs_reg *regs = bs_cur_regs(env), *r = &regs[regno];
	struct bs_reg *dst = value_regno >= 0 ? &regs[value_regno] : NULL;
	struct bs_ctx_access acc;
	int err;

	if (r->off < 0)
		return bs_ai_reject(env, BS_D_CTX_NEG_OFF, 2, (int64_t)regno, (int64_t)r->off);
	if (r->off)
		return bs_ai_reject(env, BS_D_CTX_MODIFIED, 2, (int64_t)regno, (int64_t)r->off);
	if (!bs_tnum_is_const(r->v.var) || r->v.var.value)
		return bs_ai_reject(env, BS_D_CTX_VAR_OFF2, 2, (int64_t)r->v.var.value,
				    (int64_t)r->v.var.mask);
	err = bs_plat_ctx_access(env->prog_type, env->attach_type, off, size, t != 0, &acc);
	if (err == BS_EINVAL && BS_SZ(size))
		return bs_check_btf_ctx_access(env, off, size, t, value_regno);
	if (err == BS_EINVAL)
		return bs_ai_reject(env, BS_D_CTX_ACCESS, 2, (int64_t)off, (int64_t)size);
	if (err)
		return bs_ai_unsupported(env, "unknown program type");
	if (!acc.allowed || (sx && acc.no_ldsx))
		return bs_ai_reject(env, BS_D_CTX_ACCESS, 2, (int64_t)off, (int64_t)size);
	if (t || !dst)
		return BS_OK;
	switch (acc.val) {
	case BS_CV_SCALAR:
		bs_reg_mark_unknown(dst);
		if (size < 8) {
			if (sx)
				bs_scalar_sext(&dst->v, size);
			else
				bs_scalar_trunc(&dst->v, size);
		}
		break;
	case BS_CV_PKT: load_ptr(env, dst, BS_PTR_PACKET, 0); break;
	case BS_CV_PKT_END: load_ptr(env, dst, BS_PTR_PACKET_END, 0); break;
	case BS_CV_PKT_META: load_ptr(env, dst, BS_PTR_PACKET_META, 0); break;
	case BS_CV_SOCK_COMMON_OR_NULL: load_ptr(env, dst, BS_PTR_SOCK_COMMON, BS_RF_MAYBE_NULL); break;
	case BS_CV_SOCKET: load_ptr(env, dst, BS_PTR_SOCKET, 0); break;
	case BS_CV_SOCKET_OR_NULL: load_ptr(env, dst, BS_PTR_SOCKET, BS_RF_MAYBE_NULL); break;
	case BS_CV_FLOW_KEYS: load_ptr(env, dst, BS_PTR_FLOW_KEYS, 0); break;
	case BS_CV_TP_BUFFER: load_ptr(env, dst, BS_PTR_TP_BUFFER, 0); break;
	case BS_CV_BTF_ID_TRUSTED:
		load_ptr(env, dst, BS_PTR_BTF_ID, BS_RF_TRUSTED);
		dst->aux = acc.field ? bs_btf_struct_id(env, acc.field->btf_name) : 0;
		break;
	default:
		return BS_EBUG;
	}
	return BS_OK;
}
