/* Per-helper facts that do not depend on the prototype variant: names
 * (enum bpf_func_id of Linux 6.18, read from its vmlinux BTF), the verifier's
 * helper predicates and callback frames (kernel/bpf/verifier.c of 6.12.y;
 * each flag names the kernel function it mirrors), and the map-type
 * compatibility of check_map_func_compatibility(). */
#include <string.h>

#include "bpfsight/platform_helpers.h"
#include "bpfsight/uapi.h"

#define M(t) (1ull << BS_MAP_##t)

/* ---- callbacks: set_*_callback_state(), kernel/bpf/verifier.c ---- */
static const struct bs_helper_cb cb_for_each = {
	/* map_set_for_each_callback_args(): callback(map, key, value, ctx) */
	.func_arg = 2, .ret_min = 0, .ret_max = 1,
	.reg = { { BS_CBR_MAP_PTR, 1, NULL }, { BS_CBR_MAP_KEY, 1, NULL },
		 { BS_CBR_MAP_VALUE, 1, NULL }, { BS_CBR_CALLER_ARG, 3, NULL } },
	/* maps whose bpf_map_ops have map_for_each_callback (arraymap.c, hashtab.c) */
	.map_types = M(HASH) | M(LRU_HASH) | M(PERCPU_HASH) | M(LRU_PERCPU_HASH) |
		     M(ARRAY) | M(PERCPU_ARRAY),
	.src = "set_map_elem_callback_state",
};
static const struct bs_helper_cb cb_loop = {
	/* callback(u32 index, void *ctx) */
	.func_arg = 2, .ret_min = 0, .ret_max = 1,
	.reg = { { BS_CBR_SCALAR, 0, NULL }, { BS_CBR_CALLER_ARG, 3, NULL } },
	.src = "set_loop_callback_state",
};
static const struct bs_helper_cb cb_timer = {
	/* callback(map, key, value): async, its frame starts fresh; it must
	 * return 0 (retval_range(0, 0)) */
	.func_arg = 2, .ret_min = 0, .ret_max = 0,
	.reg = { { BS_CBR_MAP_PTR, 1, NULL }, { BS_CBR_MAP_KEY, 1, NULL },
		 { BS_CBR_MAP_VALUE, 1, NULL } },
	.src = "set_timer_callback_state",
};
static const struct bs_helper_cb cb_find_vma = {
	/* callback(task, vma, ctx) */
	.func_arg = 3, .ret_min = 0, .ret_max = 1,
	.reg = { { BS_CBR_CALLER_ARG, 1, NULL }, { BS_CBR_BTF_ID, 0, "vm_area_struct" },
		 { BS_CBR_CALLER_ARG, 4, NULL } },
	.src = "set_find_vma_callback_state",
};
static const struct bs_helper_cb cb_user_ringbuf = {
	/* callback(const struct bpf_dynptr *dynptr, void *ctx) */
	.func_arg = 2, .ret_min = 0, .ret_max = 1,
	.reg = { { BS_CBR_DYNPTR_LOCAL, 0, NULL }, { BS_CBR_CALLER_ARG, 3, NULL } },
	.src = "set_user_ringbuf_callback_state",
};

/* One row per helper. Flags, with the kernel predicate each mirrors:
 *   CHANGES_PKT_DATA  bpf_helper_changes_pkt_data(), net/core/filter.c
 *                     (tail_call: a tail-called program may change the packet)
 *   ACQUIRE           is_acquire_function(); map_lookup_elem acquires only on
 *                     a sockmap/sockhash (acquire_maps)
 *   PTR_CAST          is_ptr_cast_function()
 *   DYNPTR_REF        is_dynptr_ref_function()
 *   STORAGE_GET       is_storage_get_function()
 *   CB_SYNC/CB_ASYNC  is_sync_/is_async_callback_calling_function()
 *   LOCK_OK           do_check(): while a bpf_spin_lock is held every helper but
 *                     bpf_spin_unlock fails with "function calls are not allowed
 *                     while holding a lock"
 * all in kernel/bpf/verifier.c unless named otherwise. */
static const struct bs_helper_info helper_info[BS_HELPER_MAX_ID + 1] = {
	[1] = { .id = 1, .name = "bpf_map_lookup_elem", .acquire_maps = M(SOCKMAP) | M(SOCKHASH) },
	[2] = { .id = 2, .name = "bpf_map_update_elem" },
	[3] = { .id = 3, .name = "bpf_map_delete_elem" },
	[4] = { .id = 4, .name = "bpf_probe_read" },
	[5] = { .id = 5, .name = "bpf_ktime_get_ns" },
	[6] = { .id = 6, .name = "bpf_trace_printk" },
	[7] = { .id = 7, .name = "bpf_get_prandom_u32" },
	[8] = { .id = 8, .name = "bpf_get_smp_processor_id" },
	[9] = { .id = 9, .name = "bpf_skb_store_bytes", .flags = BS_HI_CHANGES_PKT_DATA },
	[10] = { .id = 10, .name = "bpf_l3_csum_replace", .flags = BS_HI_CHANGES_PKT_DATA },
	[11] = { .id = 11, .name = "bpf_l4_csum_replace", .flags = BS_HI_CHANGES_PKT_DATA },
	[12] = { .id = 12, .name = "bpf_tail_call", .flags = BS_HI_CHANGES_PKT_DATA },
	[13] = { .id = 13, .name = "bpf_clone_redirect", .flags = BS_HI_CHANGES_PKT_DATA },
	[14] = { .id = 14, .name = "bpf_get_current_pid_tgid" },
	[15] = { .id = 15, .name = "bpf_get_current_uid_gid" },
	[16] = { .id = 16, .name = "bpf_get_current_comm" },
	[17] = { .id = 17, .name = "bpf_get_cgroup_classid" },
	[18] = { .id = 18, .name = "bpf_skb_vlan_push", .flags = BS_HI_CHANGES_PKT_DATA },
	[19] = { .id = 19, .name = "bpf_skb_vlan_pop", .flags = BS_HI_CHANGES_PKT_DATA },
	[20] = { .id = 20, .name = "bpf_skb_get_tunnel_key" },
	[21] = { .id = 21, .name = "bpf_skb_set_tunnel_key" },
	[22] = { .id = 22, .name = "bpf_perf_event_read" },
	[23] = { .id = 23, .name = "bpf_redirect" },
	[24] = { .id = 24, .name = "bpf_get_route_realm" },
	[25] = { .id = 25, .name = "bpf_perf_event_output" },
	[26] = { .id = 26, .name = "bpf_skb_load_bytes" },
	[27] = { .id = 27, .name = "bpf_get_stackid" },
	[28] = { .id = 28, .name = "bpf_csum_diff" },
	[29] = { .id = 29, .name = "bpf_skb_get_tunnel_opt" },
	[30] = { .id = 30, .name = "bpf_skb_set_tunnel_opt" },
	[31] = { .id = 31, .name = "bpf_skb_change_proto", .flags = BS_HI_CHANGES_PKT_DATA },
	[32] = { .id = 32, .name = "bpf_skb_change_type" },
	[33] = { .id = 33, .name = "bpf_skb_under_cgroup" },
	[34] = { .id = 34, .name = "bpf_get_hash_recalc" },
	[35] = { .id = 35, .name = "bpf_get_current_task" },
	[36] = { .id = 36, .name = "bpf_probe_write_user" },
	[37] = { .id = 37, .name = "bpf_current_task_under_cgroup" },
	[38] = { .id = 38, .name = "bpf_skb_change_tail", .flags = BS_HI_CHANGES_PKT_DATA },
	[39] = { .id = 39, .name = "bpf_skb_pull_data", .flags = BS_HI_CHANGES_PKT_DATA },
	[40] = { .id = 40, .name = "bpf_csum_update" },
	[41] = { .id = 41, .name = "bpf_set_hash_invalid" },
	[42] = { .id = 42, .name = "bpf_get_numa_node_id" },
	[43] = { .id = 43, .name = "bpf_skb_change_head", .flags = BS_HI_CHANGES_PKT_DATA },
	[44] = { .id = 44, .name = "bpf_xdp_adjust_head", .flags = BS_HI_CHANGES_PKT_DATA },
	[45] = { .id = 45, .name = "bpf_probe_read_str", .flags = BS_HI_RET_SIZE_BOUND },
	[46] = { .id = 46, .name = "bpf_get_socket_cookie" },
	[47] = { .id = 47, .name = "bpf_get_socket_uid" },
	[48] = { .id = 48, .name = "bpf_set_hash" },
	[49] = { .id = 49, .name = "bpf_setsockopt" },
	[50] = { .id = 50, .name = "bpf_skb_adjust_room", .flags = BS_HI_CHANGES_PKT_DATA },
	[51] = { .id = 51, .name = "bpf_redirect_map" },
	[52] = { .id = 52, .name = "bpf_sk_redirect_map" },
	[53] = { .id = 53, .name = "bpf_sock_map_update" },
	[54] = { .id = 54, .name = "bpf_xdp_adjust_meta", .flags = BS_HI_CHANGES_PKT_DATA },
	[55] = { .id = 55, .name = "bpf_perf_event_read_value" },
	[56] = { .id = 56, .name = "bpf_perf_prog_read_value" },
	[57] = { .id = 57, .name = "bpf_getsockopt" },
	[58] = { .id = 58, .name = "bpf_override_return" },
	[59] = { .id = 59, .name = "bpf_sock_ops_cb_flags_set" },
	[60] = { .id = 60, .name = "bpf_msg_redirect_map" },
	[61] = { .id = 61, .name = "bpf_msg_apply_bytes" },
	[62] = { .id = 62, .name = "bpf_msg_cork_bytes" },
	[63] = { .id = 63, .name = "bpf_msg_pull_data", .flags = BS_HI_CHANGES_PKT_DATA },
	[64] = { .id = 64, .name = "bpf_bind" },
	[65] = { .id = 65, .name = "bpf_xdp_adjust_tail", .flags = BS_HI_CHANGES_PKT_DATA },
	[66] = { .id = 66, .name = "bpf_skb_get_xfrm_state" },
	[67] = { .id = 67, .name = "bpf_get_stack", .flags = BS_HI_RET_SIZE_BOUND },
	[68] = { .id = 68, .name = "bpf_skb_load_bytes_relative" },
	[69] = { .id = 69, .name = "bpf_fib_lookup" },
	[70] = { .id = 70, .name = "bpf_sock_hash_update" },
	[71] = { .id = 71, .name = "bpf_msg_redirect_hash" },
	[72] = { .id = 72, .name = "bpf_sk_redirect_hash" },
	[73] = { .id = 73, .name = "bpf_lwt_push_encap", .flags = BS_HI_CHANGES_PKT_DATA },
	[74] = { .id = 74, .name = "bpf_lwt_seg6_store_bytes", .flags = BS_HI_CHANGES_PKT_DATA },
	[75] = { .id = 75, .name = "bpf_lwt_seg6_adjust_srh", .flags = BS_HI_CHANGES_PKT_DATA },
	[76] = { .id = 76, .name = "bpf_lwt_seg6_action", .flags = BS_HI_CHANGES_PKT_DATA },
	[77] = { .id = 77, .name = "bpf_rc_repeat" },
	[78] = { .id = 78, .name = "bpf_rc_keydown" },
	[79] = { .id = 79, .name = "bpf_skb_cgroup_id" },
	[80] = { .id = 80, .name = "bpf_get_current_cgroup_id" },
	[81] = { .id = 81, .name = "bpf_get_local_storage" },
	[82] = { .id = 82, .name = "bpf_sk_select_reuseport" },
	[83] = { .id = 83, .name = "bpf_skb_ancestor_cgroup_id" },
	[84] = { .id = 84, .name = "bpf_sk_lookup_tcp", .flags = BS_HI_ACQUIRE },
	[85] = { .id = 85, .name = "bpf_sk_lookup_udp", .flags = BS_HI_ACQUIRE },
	[86] = { .id = 86, .name = "bpf_sk_release" },
	[87] = { .id = 87, .name = "bpf_map_push_elem" },
	[88] = { .id = 88, .name = "bpf_map_pop_elem" },
	[89] = { .id = 89, .name = "bpf_map_peek_elem" },
	[90] = { .id = 90, .name = "bpf_msg_push_data", .flags = BS_HI_CHANGES_PKT_DATA },
	[91] = { .id = 91, .name = "bpf_msg_pop_data", .flags = BS_HI_CHANGES_PKT_DATA },
	[92] = { .id = 92, .name = "bpf_rc_pointer_rel" },
	[93] = { .id = 93, .name = "bpf_spin_lock" },
	[94] = { .id = 94, .name = "bpf_spin_unlock", .flags = BS_HI_LOCK_OK },
	[95] = { .id = 95, .name = "bpf_sk_fullsock", .flags = BS_HI_PTR_CAST },
	[96] = { .id = 96, .name = "bpf_tcp_sock", .flags = BS_HI_PTR_CAST },
	[97] = { .id = 97, .name = "bpf_skb_ecn_set_ce" },
	[98] = { .id = 98, .name = "bpf_get_listener_sock" },
	[99] = { .id = 99, .name = "bpf_skc_lookup_tcp", .flags = BS_HI_ACQUIRE },
	[100] = { .id = 100, .name = "bpf_tcp_check_syncookie" },
	[101] = { .id = 101, .name = "bpf_sysctl_get_name" },
	[102] = { .id = 102, .name = "bpf_sysctl_get_current_value" },
	[103] = { .id = 103, .name = "bpf_sysctl_get_new_value" },
	[104] = { .id = 104, .name = "bpf_sysctl_set_new_value" },
	[105] = { .id = 105, .name = "bpf_strtol" },
	[106] = { .id = 106, .name = "bpf_strtoul" },
	[107] = { .id = 107, .name = "bpf_sk_storage_get", .flags = BS_HI_STORAGE_GET },
	[108] = { .id = 108, .name = "bpf_sk_storage_delete" },
	[109] = { .id = 109, .name = "bpf_send_signal" },
	[110] = { .id = 110, .name = "bpf_tcp_gen_syncookie" },
	[111] = { .id = 111, .name = "bpf_skb_output" },
	[112] = { .id = 112, .name = "bpf_probe_read_user" },
	[113] = { .id = 113, .name = "bpf_probe_read_kernel" },
	[114] = { .id = 114, .name = "bpf_probe_read_user_str", .flags = BS_HI_RET_SIZE_BOUND },
	[115] = { .id = 115, .name = "bpf_probe_read_kernel_str", .flags = BS_HI_RET_SIZE_BOUND },
	[116] = { .id = 116, .name = "bpf_tcp_send_ack" },
	[117] = { .id = 117, .name = "bpf_send_signal_thread" },
	[118] = { .id = 118, .name = "bpf_jiffies64" },
	[119] = { .id = 119, .name = "bpf_read_branch_records" },
	[120] = { .id = 120, .name = "bpf_get_ns_current_pid_tgid" },
	[121] = { .id = 121, .name = "bpf_xdp_output" },
	[122] = { .id = 122, .name = "bpf_get_netns_cookie" },
	[123] = { .id = 123, .name = "bpf_get_current_ancestor_cgroup_id" },
	[124] = { .id = 124, .name = "bpf_sk_assign" },
	[125] = { .id = 125, .name = "bpf_ktime_get_boot_ns" },
	[126] = { .id = 126, .name = "bpf_seq_printf" },
	[127] = { .id = 127, .name = "bpf_seq_write" },
	[128] = { .id = 128, .name = "bpf_sk_cgroup_id" },
	[129] = { .id = 129, .name = "bpf_sk_ancestor_cgroup_id" },
	[130] = { .id = 130, .name = "bpf_ringbuf_output" },
	[131] = { .id = 131, .name = "bpf_ringbuf_reserve", .flags = BS_HI_ACQUIRE },
	[132] = { .id = 132, .name = "bpf_ringbuf_submit" },
	[133] = { .id = 133, .name = "bpf_ringbuf_discard" },
	[134] = { .id = 134, .name = "bpf_ringbuf_query" },
	[135] = { .id = 135, .name = "bpf_csum_level" },
	[136] = { .id = 136, .name = "bpf_skc_to_tcp6_sock", .flags = BS_HI_PTR_CAST },
	[137] = { .id = 137, .name = "bpf_skc_to_tcp_sock", .flags = BS_HI_PTR_CAST },
	[138] = { .id = 138, .name = "bpf_skc_to_tcp_timewait_sock", .flags = BS_HI_PTR_CAST },
	[139] = { .id = 139, .name = "bpf_skc_to_tcp_request_sock", .flags = BS_HI_PTR_CAST },
	[140] = { .id = 140, .name = "bpf_skc_to_udp6_sock", .flags = BS_HI_PTR_CAST },
	[141] = { .id = 141, .name = "bpf_get_task_stack", .flags = BS_HI_RET_SIZE_BOUND },
	[142] = { .id = 142, .name = "bpf_load_hdr_opt" },
	[143] = { .id = 143, .name = "bpf_store_hdr_opt", .flags = BS_HI_CHANGES_PKT_DATA },
	[144] = { .id = 144, .name = "bpf_reserve_hdr_opt" },
	[145] = { .id = 145, .name = "bpf_inode_storage_get", .flags = BS_HI_STORAGE_GET },
	[146] = { .id = 146, .name = "bpf_inode_storage_delete" },
	[147] = { .id = 147, .name = "bpf_d_path" },
	[148] = { .id = 148, .name = "bpf_copy_from_user" },
	[149] = { .id = 149, .name = "bpf_snprintf_btf" },
	[150] = { .id = 150, .name = "bpf_seq_printf_btf" },
	[151] = { .id = 151, .name = "bpf_skb_cgroup_classid" },
	[152] = { .id = 152, .name = "bpf_redirect_neigh" },
	[153] = { .id = 153, .name = "bpf_per_cpu_ptr" },
	[154] = { .id = 154, .name = "bpf_this_cpu_ptr" },
	[155] = { .id = 155, .name = "bpf_redirect_peer" },
	[156] = { .id = 156, .name = "bpf_task_storage_get", .flags = BS_HI_STORAGE_GET },
	[157] = { .id = 157, .name = "bpf_task_storage_delete" },
	[158] = { .id = 158, .name = "bpf_get_current_task_btf" },
	[159] = { .id = 159, .name = "bpf_bprm_opts_set" },
	[160] = { .id = 160, .name = "bpf_ktime_get_coarse_ns" },
	[161] = { .id = 161, .name = "bpf_ima_inode_hash" },
	[162] = { .id = 162, .name = "bpf_sock_from_file" },
	[163] = { .id = 163, .name = "bpf_check_mtu" },
	[164] = { .id = 164, .name = "bpf_for_each_map_elem",
		.flags = BS_HI_CB_SYNC, .cb = &cb_for_each },
	[165] = { .id = 165, .name = "bpf_snprintf" },
	[166] = { .id = 166, .name = "bpf_sys_bpf" },
	[167] = { .id = 167, .name = "bpf_btf_find_by_name_kind" },
	[168] = { .id = 168, .name = "bpf_sys_close" },
	[169] = { .id = 169, .name = "bpf_timer_init" },
	[170] = { .id = 170, .name = "bpf_timer_set_callback",
		.flags = BS_HI_CB_ASYNC, .cb = &cb_timer },
	[171] = { .id = 171, .name = "bpf_timer_start" },
	[172] = { .id = 172, .name = "bpf_timer_cancel" },
	[173] = { .id = 173, .name = "bpf_get_func_ip" },
	[174] = { .id = 174, .name = "bpf_get_attach_cookie" },
	[175] = { .id = 175, .name = "bpf_task_pt_regs" },
	[176] = { .id = 176, .name = "bpf_get_branch_snapshot" },
	[177] = { .id = 177, .name = "bpf_trace_vprintk" },
	[178] = { .id = 178, .name = "bpf_skc_to_unix_sock" },
	[179] = { .id = 179, .name = "bpf_kallsyms_lookup_name" },
	[180] = { .id = 180, .name = "bpf_find_vma", .flags = BS_HI_CB_SYNC, .cb = &cb_find_vma },
	[181] = { .id = 181, .name = "bpf_loop", .flags = BS_HI_CB_SYNC, .cb = &cb_loop },
	[182] = { .id = 182, .name = "bpf_strncmp" },
	[183] = { .id = 183, .name = "bpf_get_func_arg" },
	[184] = { .id = 184, .name = "bpf_get_func_ret" },
	[185] = { .id = 185, .name = "bpf_get_func_arg_cnt" },
	[186] = { .id = 186, .name = "bpf_get_retval" },
	[187] = { .id = 187, .name = "bpf_set_retval" },
	[188] = { .id = 188, .name = "bpf_xdp_get_buff_len" },
	[189] = { .id = 189, .name = "bpf_xdp_load_bytes" },
	[190] = { .id = 190, .name = "bpf_xdp_store_bytes" },
	[191] = { .id = 191, .name = "bpf_copy_from_user_task" },
	[192] = { .id = 192, .name = "bpf_skb_set_tstamp" },
	[193] = { .id = 193, .name = "bpf_ima_file_hash" },
	[194] = { .id = 194, .name = "bpf_kptr_xchg", .flags = BS_HI_ACQUIRE },
	[195] = { .id = 195, .name = "bpf_map_lookup_percpu_elem" },
	[196] = { .id = 196, .name = "bpf_skc_to_mptcp_sock", .flags = BS_HI_PTR_CAST },
	[197] = { .id = 197, .name = "bpf_dynptr_from_mem" },
	[198] = { .id = 198, .name = "bpf_ringbuf_reserve_dynptr" },
	[199] = { .id = 199, .name = "bpf_ringbuf_submit_dynptr" },
	[200] = { .id = 200, .name = "bpf_ringbuf_discard_dynptr" },
	[201] = { .id = 201, .name = "bpf_dynptr_read" },
	[202] = { .id = 202, .name = "bpf_dynptr_write" },
	[203] = { .id = 203, .name = "bpf_dynptr_data", .flags = BS_HI_DYNPTR_REF },
	[204] = { .id = 204, .name = "bpf_tcp_raw_gen_syncookie_ipv4" },
	[205] = { .id = 205, .name = "bpf_tcp_raw_gen_syncookie_ipv6" },
	[206] = { .id = 206, .name = "bpf_tcp_raw_check_syncookie_ipv4" },
	[207] = { .id = 207, .name = "bpf_tcp_raw_check_syncookie_ipv6" },
	[208] = { .id = 208, .name = "bpf_ktime_get_tai_ns" },
	[209] = { .id = 209, .name = "bpf_user_ringbuf_drain",
		.flags = BS_HI_CB_SYNC, .cb = &cb_user_ringbuf },
	[210] = { .id = 210, .name = "bpf_cgrp_storage_get", .flags = BS_HI_STORAGE_GET },
	[211] = { .id = 211, .name = "bpf_cgrp_storage_delete" },
};

const struct bs_helper_info *bs_plat_helper_info(int32_t func_id)
{
	if (func_id < 1 || func_id > BS_HELPER_MAX_ID)
		return NULL;
	return &helper_info[func_id];
}

const char *bs_plat_helper_name(int32_t id)
{
	if (id < 1 || id > BS_HELPER_MAX_ID)
		return NULL;
	return helper_info[id].name;
}

int32_t bs_plat_helper_by_name(const char *name)
{
	if (!name)
		return -1;
	if (strncmp(name, "bpf_", 4) == 0)
		name += 4;
	for (int32_t i = 1; i <= BS_HELPER_MAX_ID; i++)
		if (strcmp(helper_info[i].name + 4, name) == 0)
			return i;
	return -1;
}

bool bs_plat_helper_is_acquire(int32_t func_id, uint32_t map_type)
{
	const struct bs_helper_info *hi = bs_plat_helper_info(func_id);

	if (!hi)
		return false;
	if (hi->flags & BS_HI_ACQUIRE)
		return true;
	return map_type < 64 && (hi->acquire_maps & (1ull << map_type));
}

/* ---- check_map_func_compatibility(), kernel/bpf/verifier.c ---- */

/* First switch: a map type that restricts the helpers it may be passed to. */
struct map_rule {
	uint32_t map_type;
	int32_t funcs[8];  /* 0-terminated */
};
static const struct map_rule map_rules[] = {
	{ BS_MAP_PROG_ARRAY, { BS_FUNC_tail_call } },
	{ BS_MAP_PERF_EVENT_ARRAY, { BS_FUNC_perf_event_read, BS_FUNC_perf_event_output,
				     BS_FUNC_skb_output, BS_FUNC_perf_event_read_value,
				     BS_FUNC_xdp_output } },
	{ BS_MAP_RINGBUF, { BS_FUNC_ringbuf_output, BS_FUNC_ringbuf_reserve,
			    BS_FUNC_ringbuf_query, BS_FUNC_ringbuf_reserve_dynptr,
			    BS_FUNC_ringbuf_submit_dynptr, BS_FUNC_ringbuf_discard_dynptr } },
	{ BS_MAP_USER_RINGBUF, { BS_FUNC_user_ringbuf_drain } },
	{ BS_MAP_STACK_TRACE, { BS_FUNC_get_stackid } },
	{ BS_MAP_CGROUP_ARRAY, { BS_FUNC_skb_under_cgroup, BS_FUNC_current_task_under_cgroup } },
	{ BS_MAP_CGROUP_STORAGE, { BS_FUNC_get_local_storage } },
	{ BS_MAP_PERCPU_CGROUP_STORAGE, { BS_FUNC_get_local_storage } },
	{ BS_MAP_DEVMAP, { BS_FUNC_redirect_map, BS_FUNC_map_lookup_elem } },
	{ BS_MAP_DEVMAP_HASH, { BS_FUNC_redirect_map, BS_FUNC_map_lookup_elem } },
	{ BS_MAP_CPUMAP, { BS_FUNC_redirect_map } },
	{ BS_MAP_XSKMAP, { BS_FUNC_redirect_map, BS_FUNC_map_lookup_elem } },
	{ BS_MAP_ARRAY_OF_MAPS, { BS_FUNC_map_lookup_elem } },
	{ BS_MAP_HASH_OF_MAPS, { BS_FUNC_map_lookup_elem } },
	/* + map_update_elem/map_delete_elem when may_update_sockmap() */
	{ BS_MAP_SOCKMAP, { BS_FUNC_sk_redirect_map, BS_FUNC_sock_map_update,
			    BS_FUNC_msg_redirect_map, BS_FUNC_sk_select_reuseport,
			    BS_FUNC_map_lookup_elem } },
	{ BS_MAP_SOCKHASH, { BS_FUNC_sk_redirect_hash, BS_FUNC_sock_hash_update,
			     BS_FUNC_msg_redirect_hash, BS_FUNC_sk_select_reuseport,
			     BS_FUNC_map_lookup_elem } },
	{ BS_MAP_REUSEPORT_SOCKARRAY, { BS_FUNC_sk_select_reuseport } },
	{ BS_MAP_QUEUE, { BS_FUNC_map_peek_elem, BS_FUNC_map_pop_elem, BS_FUNC_map_push_elem } },
	{ BS_MAP_STACK, { BS_FUNC_map_peek_elem, BS_FUNC_map_pop_elem, BS_FUNC_map_push_elem } },
	{ BS_MAP_SK_STORAGE, { BS_FUNC_sk_storage_get, BS_FUNC_sk_storage_delete,
			       BS_FUNC_kptr_xchg } },
	{ BS_MAP_INODE_STORAGE, { BS_FUNC_inode_storage_get, BS_FUNC_inode_storage_delete,
				  BS_FUNC_kptr_xchg } },
	{ BS_MAP_TASK_STORAGE, { BS_FUNC_task_storage_get, BS_FUNC_task_storage_delete,
				 BS_FUNC_kptr_xchg } },
	{ BS_MAP_CGRP_STORAGE, { BS_FUNC_cgrp_storage_get, BS_FUNC_cgrp_storage_delete,
				 BS_FUNC_kptr_xchg } },
	{ BS_MAP_BLOOM_FILTER, { BS_FUNC_map_peek_elem, BS_FUNC_map_push_elem } },
};

/* Second switch: a helper that restricts the map types it accepts. */
uint64_t bs_plat_helper_map_types(int32_t func_id)
{
	switch (func_id) {
	case BS_FUNC_tail_call:
		return M(PROG_ARRAY);
	case BS_FUNC_perf_event_read:
	case BS_FUNC_perf_event_output:
	case BS_FUNC_perf_event_read_value:
	case BS_FUNC_skb_output:
	case BS_FUNC_xdp_output:
		return M(PERF_EVENT_ARRAY);
	case BS_FUNC_ringbuf_output:
	case BS_FUNC_ringbuf_reserve:
	case BS_FUNC_ringbuf_query:
	case BS_FUNC_ringbuf_reserve_dynptr:
	case BS_FUNC_ringbuf_submit_dynptr:
	case BS_FUNC_ringbuf_discard_dynptr:
		return M(RINGBUF);
	case BS_FUNC_user_ringbuf_drain:
		return M(USER_RINGBUF);
	case BS_FUNC_get_stackid:
		return M(STACK_TRACE);
	case BS_FUNC_current_task_under_cgroup:
	case BS_FUNC_skb_under_cgroup:
		return M(CGROUP_ARRAY);
	case BS_FUNC_redirect_map:
		return M(DEVMAP) | M(DEVMAP_HASH) | M(CPUMAP) | M(XSKMAP);
	case BS_FUNC_sk_redirect_map:
	case BS_FUNC_msg_redirect_map:
	case BS_FUNC_sock_map_update:
		return M(SOCKMAP);
	case BS_FUNC_sk_redirect_hash:
	case BS_FUNC_msg_redirect_hash:
	case BS_FUNC_sock_hash_update:
		return M(SOCKHASH);
	case BS_FUNC_get_local_storage:
		return M(CGROUP_STORAGE) | M(PERCPU_CGROUP_STORAGE);
	case BS_FUNC_sk_select_reuseport:
		return M(REUSEPORT_SOCKARRAY) | M(SOCKMAP) | M(SOCKHASH);
	case BS_FUNC_map_pop_elem:
		return M(QUEUE) | M(STACK);
	case BS_FUNC_map_peek_elem:
	case BS_FUNC_map_push_elem:
		return M(QUEUE) | M(STACK) | M(BLOOM_FILTER);
	case BS_FUNC_map_lookup_percpu_elem:
		return M(PERCPU_ARRAY) | M(PERCPU_HASH) | M(LRU_PERCPU_HASH);
	case BS_FUNC_sk_storage_get:
	case BS_FUNC_sk_storage_delete:
		return M(SK_STORAGE);
	case BS_FUNC_inode_storage_get:
	case BS_FUNC_inode_storage_delete:
		return M(INODE_STORAGE);
	case BS_FUNC_task_storage_get:
	case BS_FUNC_task_storage_delete:
		return M(TASK_STORAGE);
	case BS_FUNC_cgrp_storage_get:
	case BS_FUNC_cgrp_storage_delete:
		return M(CGRP_STORAGE);
	default:
		return 0;
	}
}

bool bs_plat_helper_map_compatible(uint32_t map_type, int32_t func_id)
{
	for (size_t i = 0; i < sizeof(map_rules) / sizeof(map_rules[0]); i++) {
		const struct map_rule *r = &map_rules[i];
		bool listed = false;

		if (r->map_type != map_type)
			continue;
		for (int k = 0; k < 8 && r->funcs[k]; k++)
			listed |= r->funcs[k] == func_id;
		if (!listed)
			return false;
		break;
	}
	uint64_t maps = bs_plat_helper_map_types(func_id);

	return !maps || (map_type < 64 && (maps & (1ull << map_type)));
}

/* may_update_sockmap(), kernel/bpf/verifier.c */
bool bs_plat_helper_may_update_sockmap(uint32_t prog_type, uint32_t attach_type,
				       int32_t func_id)
{
	if (func_id != BS_FUNC_map_update_elem && func_id != BS_FUNC_map_delete_elem)
		return false;
	switch (prog_type) {
	case BS_PROG_TRACING:
		return attach_type == BS_ATTACH_TRACE_ITER;
	case BS_PROG_SOCK_OPS:
		/* map_update allowed only via dedicated helpers with event type checks */
		return func_id == BS_FUNC_map_delete_elem;
	case BS_PROG_SOCKET_FILTER:
	case BS_PROG_SCHED_CLS:
	case BS_PROG_SCHED_ACT:
	case BS_PROG_XDP:
	case BS_PROG_SK_REUSEPORT:
	case BS_PROG_FLOW_DISSECTOR:
	case BS_PROG_SK_LOOKUP:
		return true;
	default:
		return false;
	}
}
