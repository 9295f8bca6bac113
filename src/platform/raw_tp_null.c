/* tp_btf arguments that may be NULL or an error pointer: the kernel's
 * raw_tp_null_args[] (kernel/bpf/btf.c), as btf_ctx_access() applies it.
 * The rows are what the Linux 6.18 host says for the tracepoints of its
 * vmlinux BTF, measured by scripts/raw-tp-null-probe (the table differs
 * from older kernels': 6.12 listed sched_process_wait and signal_generate,
 * 6.18 does not); tracepoints of modules are not covered.
 * mask: per argument n, bit 4n: the pointer may be NULL; bit 4n+1: it
 * may encode an error (the argument is then a scalar). */
#include <string.h>

#include "bpfsight/platform_progs.h"

static const struct {
	const char *func;
	uint64_t mask;
} raw_tp_null_args[] = {
	{ "break_lease_block", 0x10 },
	{ "break_lease_noblock", 0x10 },
	{ "break_lease_unblock", 0x10 },
	{ "ext4_mballoc_discard", 0x10 },
	{ "ext4_mballoc_free", 0x10 },
	{ "fcntl_setlk", 0x10 },
	{ "fib_table_lookup", 0x100 },
	{ "flock_lock_inode", 0x10 },
	{ "folio_wait_writeback", 0x10 },
	{ "generic_delete_lease", 0x10 },
	{ "hugetlbfs_alloc_inode", 0x10 },
	{ "kfree_skb", 0x1000 },
	{ "locks_remove_posix", 0x10 },
	{ "mm_collapse_huge_page_isolate", 0x1 },
	{ "mm_khugepaged_collapse_file", 0x10 },
	{ "mm_khugepaged_scan_file", 0x10 },
	{ "mm_khugepaged_scan_pmd", 0x10 },
	{ "mm_page_alloc", 0x1 },
	{ "mm_page_alloc_zone_locked", 0x1 },
	{ "mm_page_pcpu_drain", 0x1 },
	{ "posix_lock_inode", 0x10 },
	{ "qdisc_dequeue", 0x1000 },
	{ "sched_pi_setprio", 0x10 },
	{ "sched_stick_numa", 0x100 },
	{ "sched_swap_numa", 0x100 },
	{ "tcp_send_reset", 0x11 },
	{ "tcp_sendmsg_locked", 0x100 },
	{ "time_out_leases", 0x10 },
	{ "tmigr_update_events", 0x1 },
	{ "writeback_dirty_folio", 0x10 },
	{ "xfs_blockgc_flush_all", 0x1 },
	{ "xfs_blockgc_free_space", 0x10 },
	{ "xfs_blockgc_start", 0x1 },
	{ "xfs_blockgc_stop", 0x1 },
	{ "xfs_blockgc_worker", 0x1 },
	{ "xfs_btree_overlapped_query_range", 0x100 },
	{ "xfs_btree_updkeys", 0x100 },
	{ "xfs_defer_add_item", 0x1 },
	{ "xfs_defer_cancel_item", 0x1 },
	{ "xfs_defer_cancel_list", 0x1 },
	{ "xfs_defer_create_intent", 0x1 },
	{ "xfs_defer_finish_item", 0x1 },
	{ "xfs_defer_isolate_paused", 0x1 },
	{ "xfs_defer_item_pause", 0x1 },
	{ "xfs_defer_item_unpause", 0x1 },
	{ "xfs_defer_pending_abort", 0x1 },
	{ "xfs_defer_pending_finish", 0x1 },
	{ "xfs_defer_relog_intent", 0x1 },
	{ "xfs_fs_sync_fs", 0x1 },
	{ "xfs_inodegc_flush", 0x1 },
	{ "xfs_inodegc_push", 0x1 },
	{ "xfs_inodegc_queue", 0x1 },
	{ "xfs_inodegc_start", 0x1 },
	{ "xfs_inodegc_stop", 0x1 },
	{ "xfs_inodegc_throttle", 0x1 },
	{ "xfs_ioc_free_eofblocks", 0x10 },
	{ "xfs_map_blocks_alloc", 0x10000 },
	{ "xfs_map_blocks_found", 0x10000 },
};

bool bs_plat_raw_tp_null_args(const char *tp, uint64_t *mask)
{
	for (size_t i = 0; tp && i < sizeof(raw_tp_null_args) / sizeof(raw_tp_null_args[0]); i++) {
		if (!strcmp(tp, raw_tp_null_args[i].func)) {
			*mask = raw_tp_null_args[i].mask;
			return true;
		}
	}
	return false;
}
