/* slirp-dhcp-guard.h: keeps from libslirp the DHCP requests it could only leak on, once its 16 leases are all taken. */
#ifndef QNET_NET_SLIRP_DHCP_GUARD_H
#define QNET_NET_SLIRP_DHCP_GUARD_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libslirp's lease table size: NB_BOOTP_CLIENTS in src/bootp.h (4.7.0). */
#define NET_SLIRP_DHCP_LEASES 16

/*
 * A copy of libslirp's lease table, learned from the OFFERs and ACKs it
 * sends, and what the guard dropped.  Lives in the user netdev's state,
 * as long as the libslirp instance whose table it copies.
 */
typedef struct NetSlirpDhcpGuard {
    uint32_t host;              /* libslirp's own address (host order) */
    uint32_t start;             /* address of lease 0 (host order) */
    uint32_t leased;            /* bit i: lease i is taken */
    uint8_t macs[NET_SLIRP_DHCP_LEASES][6];   /* who holds lease i */
    /* A frame that may be a request is inside libslirp: learn replies. */
    bool pending;
    uint64_t drops;             /* requests kept from libslirp */
} NetSlirpDhcpGuard;

/*
 * Starts an empty guard for a libslirp instance whose address is @host
 * and whose first lease is @dhcp_start (both as in SlirpConfig).
 */
void net_slirp_dhcp_guard_init(NetSlirpDhcpGuard *g, struct in_addr host,
                               struct in_addr dhcp_start);

/*
 * Decides on a frame from the guest before it goes to slirp_input().
 * Returns false when libslirp must not see it: every lease is taken, and
 * it is a DHCPDISCOVER, or a DHCPREQUEST (or plain BOOTP request) without
 * a requested address or ciaddr, from a client hardware address that holds
 * none (or a first fragment of a datagram to the DHCP server).  Such a
 * frame is counted in @g->drops.  When it returns true for a frame that
 * may reach libslirp's DHCP server, the replies libslirp sends are learned
 * by net_slirp_dhcp_guard_learn() until net_slirp_dhcp_guard_done().
 */
bool net_slirp_dhcp_guard_admit(NetSlirpDhcpGuard *g, const uint8_t *frame,
                                size_t len);

/*
 * Looks at a frame libslirp sends to the guest: a DHCPOFFER or DHCPACK
 * answering the admitted request records its lease.  Costs nothing when
 * no request is inside libslirp.
 */
void net_slirp_dhcp_guard_learn(NetSlirpDhcpGuard *g, const uint8_t *frame,
                                size_t len);

/* slirp_input() returned: later frames from libslirp are not replies. */
void net_slirp_dhcp_guard_done(NetSlirpDhcpGuard *g);

/* True when libslirp has given out every lease it has. */
bool net_slirp_dhcp_guard_full(const NetSlirpDhcpGuard *g);

#endif
