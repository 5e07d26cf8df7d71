/* vde.h: what the `vde` netdev exposes beyond its init: its drop and error counters. */
#ifndef QNET_NET_VDE_H
#define QNET_NET_VDE_H

#include <stdbool.h>
#include <stdint.h>

#include "net/client.h"

/* Frames the vde backend itself lost, on top of the core's client stats. */
typedef struct NetVdeCounters {
    uint64_t rx_dropped;   /* libvdeplug said "drop" (vde_recv returned 1) */
    uint64_t rx_errors;    /* vde_recv failed other than EAGAIN/EINTR */
    uint64_t tx_dropped;   /* could not be sent: switch gone, send error */
} NetVdeCounters;

/*
 * Copies the counters of @nc into @out.  Returns false (and leaves @out
 * alone) when @nc is not a vde netdev.
 */
bool net_vde_get_counters(NetClient *nc, NetVdeCounters *out);

#endif
