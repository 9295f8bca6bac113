; bpf_loop with a callback given by label, and a static subprogram.
.type socket_filter
.prog loop
	r1 = 4				; nr_loops
	r2 = func .Lcb			; callback_fn
	r3 = 0				; callback_ctx
	r4 = 0				; flags
	call bpf_loop
	r1 = r0
	call double
	exit
.Lcb:
	r0 = 0
	exit
double:
	r0 = r1
	r0 <<= 1
	exit
