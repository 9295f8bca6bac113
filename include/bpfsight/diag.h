/* Diagnostics are data: checks fill in a code and typed operands; only
 * report/ turns them into text. Codes are stable (they appear in JSON, SARIF
 * and golden files): append only.
 *
 * Each row: code, category (the kernel's diagnostic categories), and the
 * kernel's message as a format over the operands, in order:
 *   %d %u %x  integer operand (decimal, unsigned, hex)
 *   %R        register number operand, printed as "R<n>"
 *   %T        register type operand (bs_reg type | flags << 8), printed as
 *             the kernel's reg_type_str() ("map_value_or_null", "fp", ...)
 *   %H        helper id operand, printed as the helper's name
 *   %S        string operand (diag.str); a second %S takes the string
 *             after the first one's NUL (bs_ai_reject_str2)
 *   %W        access operand: 0 " read from", 1 " write to"
 *   %N        two operands (value, mask) printed as a tnum "(0x..; 0x..)"
 *   %E        argument type operand: the register types a helper argument
 *             accepts, "fp, pkt, ..." (bs_ai_arg_reg_types())
 * The text after the format is the kernel's final error line verbatim. */
#ifndef BPFSIGHT_DIAG_H
#define BPFSIGHT_DIAG_H

#include <stdint.h>

struct bs_ai_frameview;

#define BS_CAT_LIST(X)                                                         \
	X(REG_TYPE, "Register Type Safety")                                    \
	X(MEMORY, "Memory Safety")                                             \
	X(RESOURCE, "Resource Lifetime Safety")                                \
	X(CALL_TYPE, "Call Type Safety")                                       \
	X(EXEC_CTX, "Execution Context Safety")                                \
	X(STRUCTURE, "Program Structure")                                      \
	X(POLICY, "Policy")

enum bs_diag_cat {
#define X(n, s) BS_CAT_##n,
	BS_CAT_LIST(X)
#undef X
};

#define BS_DIAG_LIST(X)                                                                   \
	X(INVALID_INSN, STRUCTURE, "%S")                                                  \
	X(STRUCTURAL, STRUCTURE, "%S")                                                    \
	X(TOO_LARGE, POLICY, "BPF program is too large. Processed %d insn")               \
	X(REG_UNINIT, REG_TYPE, "%R !read_ok")                                            \
	X(FP_READ_ONLY, REG_TYPE, "frame pointer is read only")                           \
	X(INVALID_MEM_ACCESS, REG_TYPE, "%R invalid mem access '%T'")                     \
	X(PTR_ARITH_PROHIBITED, REG_TYPE, "%R pointer arithmetic on %T prohibited")       \
	X(PTR_ARITH_NULL, REG_TYPE,                                                       \
	  "%R pointer arithmetic on %T prohibited, null-check it first")                  \
	X(PTR_ARITH_ALU32, REG_TYPE, "%R 32-bit pointer arithmetic prohibited")          \
	X(PTR_ARITH_OP, REG_TYPE, "%R pointer arithmetic with %S operator prohibited")   \
	X(PTR_ARITH_BITWISE, REG_TYPE, "%R bitwise operator %S on pointer prohibited")   \
	X(PTR_SUB_FROM_SCALAR, REG_TYPE, "%R tried to subtract pointer from scalar")     \
	X(PTR_PTR_ARITH, REG_TYPE, "%R pointer %S pointer prohibited")                   \
	X(PTR_UNBOUNDED_MIN, REG_TYPE,                                                    \
	  "math between %T pointer and register with unbounded min value is not allowed") \
	X(PTR_OFF_OVERFLOW, REG_TYPE, "value %d makes %T pointer be out of bounds")      \
	X(PTR_COMPARISON, REG_TYPE, "%R pointer comparison prohibited")                   \
	X(PTR_LEAK_STORE, REG_TYPE, "%R leaks addr into %S")                              \
	X(ARG_TYPE, CALL_TYPE, "%R type=%T expected=%S")                                  \
	X(DIV_BY_ZERO, POLICY, "div by zero")                                             \
	X(INVALID_SHIFT, POLICY, "invalid shift %d")                                      \
	X(STACK_INVALID_OFF, MEMORY, "invalid stack off=%d size=%d")                      \
	X(STACK_READ_UNINIT, MEMORY, "invalid read from stack off %d+%d size %d")        \
	X(STACK_READ_UNINIT_VAR, MEMORY, "invalid read from stack R%d off %d+%d size %d") \
	X(STACK_VAR_OFF, MEMORY, "variable stack access var_off=%N disallowed")          \
	X(STACK_SPILL_PARTIAL, MEMORY, "corrupted spill memory")                         \
	X(MAP_VALUE_OOB, MEMORY, "invalid access to map value, value_size=%d off=%d size=%d") \
	X(MAP_KEY_OOB, MEMORY, "invalid access to map key, key_size=%d off=%d size=%d")  \
	X(MEM_OOB, MEMORY, "invalid access to memory, mem_size=%u off=%d size=%d")       \
	X(MIN_OUT_OF_RANGE, MEMORY, "%R min value is outside of the allowed memory range") \
	X(MAX_OUT_OF_RANGE, MEMORY, "%R max value is outside of the allowed memory range") \
	X(MIN_NEGATIVE, MEMORY,                                                           \
	  "%R min value is negative, either use unsigned index or do a if (index >=0) check.") \
	X(UNBOUNDED_ACCESS, MEMORY,                                                       \
	  "%R unbounded memory access, make sure to bounds check any such access")       \
	X(PKT_OOB, MEMORY, "%R offset is outside of the packet")                          \
	X(PKT_NO_DIRECT, POLICY, "cannot write into packet")                              \
	X(CTX_ACCESS, MEMORY, "invalid bpf_context access off=%d size=%d")                \
	X(CTX_VAR_OFF, MEMORY, "variable ctx access var_off=%N off=%d size=%d")          \
	X(CTX_MODIFIED, MEMORY, "dereference of modified ctx ptr %R off=%d disallowed")  \
	X(MAP_WRITE_RDONLY, MEMORY, "write into map forbidden, value_size=%d off=%d size=%d") \
	X(MISALIGNED, MEMORY, "misaligned %Saccess off %N+%d+%d size %d")               \
	X(UNKNOWN_FUNC, CALL_TYPE, "unknown func %H#%d")                                  \
	X(INVALID_FUNC, CALL_TYPE, "invalid func unknown#%d")                             \
	X(RET_UNINIT, REG_TYPE, "R0 !read_ok")                                            \
	X(RET_RANGE, POLICY, "%S should have been in [%d, %d]") \
	X(RET_NOT_SCALAR, REG_TYPE, "At program exit the register R0 is not a known value (%T)") \
	X(INVALID_SIZE, CALL_TYPE, "invalid zero-sized read")                             \
	X(REF_LEAK, RESOURCE, "Unreleased reference id=%d alloc_insn=%d")                 \
	X(GPL_ONLY, POLICY, "cannot call GPL-restricted function from non-GPL compatible program") \
	X(INFINITE_LOOP, STRUCTURE, "infinite loop detected at insn %d")                  \
	X(UNSUPPORTED, POLICY, "%S")                                                      \
	X(PTR_CONST_TOO_BIG, REG_TYPE, "math between %T pointer and %d is not allowed")  \
	X(PTR_OFF_TOO_BIG, REG_TYPE, "%T pointer offset %d is not allowed")             \
	X(STACK_PTR_SUB, REG_TYPE, "%R subtraction from stack pointer prohibited")        \
	X(STACK_OOB, MEMORY, "invalid%W stack %R off=%d size=%d")                         \
	X(STACK_VAR_OOB, MEMORY, "invalid variable-offset%W stack %R var_off=%N off=%d size=%d") \
	X(STACK_UNBOUNDED, MEMORY, "invalid unbounded variable-offset%W stack %R")        \
	X(SPILL_SIZE, MEMORY, "invalid size of register spill")                          \
	X(FILL_SIZE, MEMORY, "invalid size of register fill")                            \
	X(SPILL_CALLER_STACK, MEMORY,                                                     \
	  "cannot spill pointers to stack into stack frame of the caller")               \
	X(MAP_KEY_WRITE, MEMORY, "write to change key %R not allowed")                    \
	X(MEM_WRITE_RDONLY, MEMORY, "%R cannot write into %T")                            \
	X(ATOMIC_STORE_TYPE, MEMORY, "BPF_ATOMIC stores into %R %T is not allowed")       \
	X(CTX_NEG_OFF, MEMORY, "negative offset ctx ptr %R off=%d disallowed")             \
	X(CTX_VAR_OFF2, MEMORY, "variable ctx access var_off=%N disallowed")              \
	X(HELPER_UNAVAIL, CALL_TYPE, "program of this type cannot use helper %H#%d")      \
	X(ARG_TYPE_LIST, CALL_TYPE, "%R type=%T expected=%E")                             \
	X(ARG_MAP_TYPE, CALL_TYPE, "%S")                                                  \
	X(ZERO_SIZED_READ, MEMORY, "invalid zero-sized read")                            \
	X(SIZE_NEGATIVE, MEMORY,                                                          \
	  "%R min value is negative, either use unsigned or 'var &= const'")             \
	X(SIZE_ZERO, MEMORY, "%R invalid zero-sized read: u64=[%d,%d]")                   \
	X(SIZE_UNBOUNDED, MEMORY,                                                         \
	  "%R unbounded memory access, use 'var &= const' or 'if (var < const)'")        \
	X(NOT_CONST, CALL_TYPE, "%R is not a known constant'")                            \
	X(RELEASE_UNREFERENCED, RESOURCE, "%R must be referenced when passed to release function") \
	X(REF_NOT_ACQUIRED, RESOURCE, "func %H#%d reference has not been acquired before") \
	X(REF_LEAK_AT, RESOURCE, "%S would lead to reference leak")                      \
	X(LOCK_AT, EXEC_CTX, "%S cannot be used inside bpf_spin_lock-ed region")          \
	X(STACK_READ_HELPER, MEMORY, "invalid read from stack %R off %d+%d size %d")      \
	X(CALL_TOO_DEEP, STRUCTURE, "the call stack of %d frames is too deep")            \
	X(RET_STACK_PTR, MEMORY, "cannot return stack pointer to the caller")            \
	X(LD_ABS_TYPE, POLICY, "BPF_LD_[ABS|IND] instructions not allowed for this program type") \
	X(LD_ABS_CTX, REG_TYPE, "at the time of BPF_LD_ABS|IND R6 != pointer to skb")    \
	X(PKT_HELPER_ACCESS, POLICY, "helper access to the packet is not allowed")       \
	X(CB_RET_NOT_SCALAR, REG_TYPE, "R0 not a scalar value")                          \
	X(LOCK, EXEC_CTX, "%S")                                                           \
	X(LOCK_DIRECT, MEMORY, "bpf_spin_lock cannot be accessed directly by load/store")   \
	X(W_STACK_NEAR_LIMIT, POLICY,                                                     \
	  "stack use of %d bytes along a call chain is close to the 512-byte limit")     \
	X(W_INSNS_NEAR_LIMIT, POLICY,                                                     \
	  "verification processed %d instructions, close to the 1000000 limit")          \
	X(W_DEAD_CODE, STRUCTURE,                                                         \
	  "instructions %d-%d are never executed: every path to them was proven impossible") \
	X(W_IGNORED_RESULT, CALL_TYPE, "the result of %H is ignored")                      \
	X(W_UNUSED_MAP, POLICY, "map '%S' is not used by any program")                     \
	X(COMBINED_STACK, MEMORY, "combined stack size of %d calls is %d. Too large")      \
	X(TAIL_CALL_STACK, MEMORY,                                                        \
	  "tail_calls are not allowed when call stack of previous frames is %d bytes. Too large") \
	X(FLOW_KEYS_OOB, MEMORY, "invalid access to flow keys off=%d size=%d")            \
	X(JMP_SEQ, POLICY, "The sequence of %d jumps is too complex.")                    \
	X(GLOBAL_ARGS, CALL_TYPE, "Caller passes invalid args into func#%d ('%S')")      \
	X(SUBPROG_RET, REG_TYPE, "At subprogram exit the register R0 is not a scalar value (%T)") \
	X(SOCK_ACCESS, MEMORY, "%R invalid %T access off=%d size=%d")                     \
	X(PKT_MIN_NEGATIVE, MEMORY,                                                       \
	  "%R min value is negative, either use unsigned index or do a if (index >=0) check.") \
	X(NO_FUNC_INFO, STRUCTURE, "missing btf func_info")                              \
	X(MAP_FIELD, MEMORY, "%S")                                                        \
	X(FIELD_DIRECT, MEMORY, "%S cannot be accessed directly by load/store")           \
	X(TIMER_MAP_MISMATCH, CALL_TYPE,                                                  \
	  "timer pointer in R1 map_uid=%d doesn't match map pointer in R2 map_uid=%d")   \
	X(BTF_NEG_ACCESS, MEMORY, "%R is ptr_%S invalid negative access: off=%d")          \
	X(BTF_VAR_ACCESS, MEMORY, "%R is ptr_%S invalid variable offset: off=%d, var_off=%N") \
	X(BTF_NON_GPL, POLICY, "Cannot access kernel 'struct %S' from non-GPL compatible program") \
	X(BTF_READ_ONLY, MEMORY, "only read is supported")                                 \
	X(BTF_BEYOND_STRUCT, MEMORY, "access beyond struct %S at off %u size %u")           \
	X(BTF_PTR_MEMBER, MEMORY,                                                         \
	  "cannot access ptr member %S with moff %u in struct %S with off %u size %u")     \
	X(BTF_BEYOND_MEMBER, MEMORY,                                                      \
	  "access beyond the end of member %S (mend:%u) in struct %S with off %u size %u") \
	X(BTF_NO_FIELD, MEMORY, "struct %S doesn't have field at offset %d")               \
	X(BTF_NO_SIZE, MEMORY, "field %S doesn't have size")                               \
	X(BTF_PERCPU_ACCESS, MEMORY, "%R is ptr_%S access percpu memory: off=%d")         \
	X(BTF_ARG_TYPE, CALL_TYPE, "%R is of type %S but %S is expected")                  \
	X(BTF_ARG_NULL, CALL_TYPE, "Possibly NULL pointer passed to helper arg%d")          \
	X(BTF_ARG_WRITE, CALL_TYPE, "%H() may write into memory pointed by %R type=%T") \
	X(BTF_INFO, STRUCTURE, "%S")

enum bs_diag_code {
#define X(n, c, f) BS_D_##n,
	BS_DIAG_LIST(X)
#undef X
	BS_D__COUNT
};

/* the lint warnings are the contiguous W_* codes */
#define BS_D_W_FIRST BS_D_W_STACK_NEAR_LIMIT
#define BS_D_W_LAST BS_D_W_UNUSED_MAP

enum bs_sev { BS_SEV_NOTE, BS_SEV_WARN, BS_SEV_ERROR };

#define BS_DIAG_NO_INSN UINT32_MAX

struct bs_diag {
	uint16_t code;        /* enum bs_diag_code */
	uint8_t sev;          /* enum bs_sev */
	uint8_t nargs;
	uint32_t insn;        /* instruction index, or BS_DIAG_NO_INSN */
	int64_t arg[6];       /* operands in the order of the format */
	char str[160];        /* the %S operand (pre-rendered data, e.g. a range) */
	/* a state the kernel prints with the message (infinite loop), owned by
	 * the verification result; NULL otherwise */
	const struct bs_ai_frameview *state;
};

/* Stable lower-case name of a code ("map_value_oob"), its category, and the
 * kernel's format. */
const char *bs_diag_name(enum bs_diag_code c);
enum bs_diag_cat bs_diag_category(enum bs_diag_code c);
const char *bs_diag_category_name(enum bs_diag_cat c);
const char *bs_diag_format(enum bs_diag_code c);

#endif
