/* tap.h: a tap queue as a net client: frames between a tap fd and the graph. */
#ifndef QNET_NET_TAP_H
#define QNET_NET_TAP_H

#include <stdbool.h>
#include <stdint.h>

#include "net/client.h"

/* Frames read from one tap fd per main-loop wakeup, at most. */
#define TAP_READ_BUDGET 64

/* What happened on a tap's fd that the core's counters do not show. */
typedef struct TapCounters {
    uint64_t rx_wakeups;     /* wakeups that read at least one frame */
    uint64_t rx_short;       /* reads not longer than the header: dropped */
    uint64_t rx_held;        /* times the peer held a frame (reading paused) */
    uint64_t tx_blocked;     /* writes that found the kernel queue full
                                (the frame waits; nothing is dropped) */
    uint64_t tx_errors;      /* writes the kernel refused: dropped */
} TapCounters;

/*
 * Creates a tap client of type "tap" on @fd, which it owns from now on
 * (closed at cleanup) and which must be non-blocking.  @vnet_hdr: the fd
 * carries a virtio-net header before each frame (IFF_VNET_HDR); the client
 * then strips it from frames it reads and puts a zero one before frames it
 * writes, unless its peer negotiates the header (net/vnet-hdr.h).  The tun
 * is reset to no offloads and a 10-byte header, as QEMU does; on an fd that
 * is no tun (a socketpair in tests) those ioctls fail harmlessly.  @peer
 * may be NULL; @model is "tap" or "bridge"; @info is the `info network`
 * text.
 */
NetClient *tap_client_new(QnetContext *ctx, NetClient *peer,
                          const char *model, const char *name, int fd,
                          bool vnet_hdr, const char *info);

/*
 * Runs @script with @ifname when the client is cleaned up, before its fd
 * is closed (QEMU's downscript=).  Its failure goes to the context log.
 */
void tap_client_set_downscript(NetClient *nc, const char *script,
                               const char *ifname);

/* The fd of a tap client, or -1 when @nc is no tap client. */
int tap_client_fd(NetClient *nc);

/* The counters of a tap client, or NULL when @nc is no tap client. */
const TapCounters *tap_client_counters(NetClient *nc);

#endif
