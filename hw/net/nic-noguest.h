/* nic-noguest.h: a NIC frontend with no guest side yet: it consumes and counts what it receives. */
#ifndef QNET_HW_NET_NIC_NOGUEST_H
#define QNET_HW_NET_NIC_NOGUEST_H

#include "net/nic.h"

typedef struct NicNoGuest NicNoGuest;

/*
 * Creates a NIC of @model ("e1000") in the graph, named @name (NULL:
 * "<model>.<n>"), with a copy of @conf (its MAC must be set already: see
 * nic_conf_default_mac()) and peered with conf->peers.  Every frame it
 * receives is taken and counted; it never sends.  Free with
 * nic_noguest_free().
 */
NicNoGuest *nic_noguest_new(QnetContext *ctx, const NICConf *conf,
                            const char *model, const char *name);

/* Removes the NIC from the graph (releasing its MAC) and frees it. */
void nic_noguest_free(NicNoGuest *ng);

/* The NIC in the graph. */
NICState *nic_noguest_nic(NicNoGuest *ng);

/* Frames and bytes received so far, over all queues. */
uint64_t nic_noguest_rx_frames(const NicNoGuest *ng);
uint64_t nic_noguest_rx_bytes(const NicNoGuest *ng);

#endif
