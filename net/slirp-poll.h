/* slirp-poll.h: libslirp's sockets polled by a GLib source on the qnet main context. */
#ifndef QNET_NET_SLIRP_POLL_H
#define QNET_NET_SLIRP_POLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <slirp/libslirp.h>

#include "net/context.h"

typedef struct NetSlirpPoll NetSlirpPoll;

/* Asked before each poll: false holds back reading from host sockets. */
typedef bool NetSlirpMayReadFunc(void *opaque);

/*
 * Attaches a source to @ctx's main context that, on every main loop
 * iteration, asks @slirp which sockets to watch (slirp_pollfds_fill),
 * sleeps no longer than libslirp's own timers allow, and lets libslirp
 * handle what is ready (slirp_pollfds_poll).  While @may_read(@opaque) is
 * false the sockets are watched for writing only, so data from the host
 * stays in the kernel.  Free with net_slirp_poll_free() before @slirp.
 */
NetSlirpPoll *net_slirp_poll_new(QnetContext *ctx, Slirp *slirp,
                                 NetSlirpMayReadFunc *may_read, void *opaque);

/*
 * @frame (from the guest) was given to libslirp.  TCP data it carries is
 * written to the host socket corked, and pushed before the main loop next
 * sleeps (net/slirp-cork.h).
 */
void net_slirp_poll_note_frame(NetSlirpPoll *poll, const uint8_t *frame,
                               size_t len);

/* libslirp opened or closed a socket numbered @fd (register_poll_fd). */
void net_slirp_poll_forget_fd(NetSlirpPoll *poll, int fd);

/* Detaches and frees the source. */
void net_slirp_poll_free(NetSlirpPoll *poll);

#endif
