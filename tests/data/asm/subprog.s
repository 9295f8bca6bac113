; A static subprogram called by label; its label names it.
;   bpfsight check --asm tests/data/asm/subprog.s
; (Callbacks, `r2 = func LABEL` for bpf_loop and friends, also read, but the
; kernel wants BTF func_info for them, which this format does not carry.)
.type socket_filter
.prog twice
	r1 = 21
	call double
	exit
double:
	r0 = r1
	r0 <<= 1
	exit
