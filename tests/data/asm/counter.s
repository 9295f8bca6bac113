; Counts packets in an array map and lets them pass.
;   bpfsight check --asm tests/data/asm/counter.s
.type xdp
.license GPL
.map counts array key=4 value=8 entries=1
.prog count
	r1 = 0
	*(u32 *)(r10 -4) = r1		; key 0 on the stack
	r2 = r10
	r2 += -4
	r1 = map[counts]
	call bpf_map_lookup_elem
	if r0 == 0 goto .Lout		; the verifier insists on the NULL check
	r1 = 1
	lock *(u64 *)(r0 +0) += r1
.Lout:
	r0 = 2				; XDP_PASS
	exit
