/* slirp-timer.h: libslirp's timers and clock, as GLib sources on the qnet main context. */
#ifndef QNET_NET_SLIRP_TIMER_H
#define QNET_NET_SLIRP_TIMER_H

#include <stdint.h>

#include <slirp/libslirp.h>

#include "net/context.h"

typedef struct NetSlirpTimer NetSlirpTimer;

/* libslirp's clock: GLib's monotonic time, in nanoseconds. */
int64_t net_slirp_clock_ns(void);

/*
 * A stopped timer that calls @cb(@cb_opaque) when it fires; its source is
 * attached to @ctx's main context.  Free with net_slirp_timer_free().
 */
NetSlirpTimer *net_slirp_timer_new(QnetContext *ctx, SlirpTimerCb cb,
                                   void *cb_opaque);

/* (Re)arms @timer for @expire_ms on the net_slirp_clock_ns() clock, in ms. */
void net_slirp_timer_mod(NetSlirpTimer *timer, int64_t expire_ms);

/* Stops and frees @timer. */
void net_slirp_timer_free(NetSlirpTimer *timer);

#endif
