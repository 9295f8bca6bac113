/* Loads through socket pointers (PTR_TO_SOCKET, _SOCK_COMMON, _TCP_SOCK,
 * _XDP_SOCK): which (offset, size) the kernel's bpf_sock_is_valid_access(),
 * bpf_sock_common_is_valid_access(), bpf_tcp_sock_is_valid_access() and
 * bpf_xdp_sock_is_valid_access() (net/core/filter.c, v6.18) accept, over
 * the uapi layouts of struct bpf_sock, bpf_tcp_sock and bpf_xdp_sock. */
#ifndef BPFSIGHT_PLATFORM_SOCK_H
#define BPFSIGHT_PLATFORM_SOCK_H

#include <stdbool.h>
#include <stdint.h>

enum bs_sock_kind { BS_SOCK, BS_SOCK_COMMON, BS_TCP_SOCK, BS_XDP_SOCK };

/* Whether a load of size bytes at off is allowed (stores never are). */
bool bs_plat_sock_access(enum bs_sock_kind kind, int32_t off, int size);

#endif
