/* nic.h: the NIC frontend layer: how a device model becomes a NIC in the graph. */
#ifndef QNET_NET_NIC_H
#define QNET_NET_NIC_H

#include <json-glib/json-glib.h>

#include "net/client.h"
#include "net/mac.h"

#define NIC_MAX_QUEUES 1024

/* A NIC's configuration, filled from device properties (mac=, netdev=). */
typedef struct NICConf {
    MACAddr macaddr;
    bool mac_set;                 /* mac= was given */
    NetClient *peers[NIC_MAX_QUEUES];
    unsigned queues;              /* number of peers (0: none) */
    int32_t bootindex;
} NICConf;

typedef struct NICState NICState;

/*
 * What a device model implements.  Frames reach the guest side through
 * receive_iov; a device that cannot take one returns 0 and later calls
 * nic_flush_queue() when its ring has room.
 */
typedef struct NICOps {
    ssize_t (*receive_iov)(NICState *nic, unsigned queue,
                           const struct iovec *iov, int iovcnt);
    bool (*can_receive)(NICState *nic, unsigned queue);
    void (*link_status_changed)(NICState *nic, bool link_up);
    void (*cleanup)(NICState *nic);
    /*
     * QMP query-rx-filter: adds the RxFilterInfo members other than "name"
     * (promiscuous, multicast, unicast, vlan, broadcast-allowed, main-mac,
     * ...) to @info.  NULL: the model cannot report its receive filter.
     */
    void (*query_rx_filter)(NICState *nic, JsonObject *info);
} NICOps;

/*
 * Creates a NIC with max(1, conf->queues) queues, each peered with the
 * matching conf->peers[i].  @model is the device name ("e1000"); @name the
 * device id or NULL for "<model>.<n>".  The MAC must already be set
 * (nic_conf_default_mac()).  @opaque is the device model's state.
 */
NICState *nic_new(QnetContext *ctx, const NICOps *ops, NICConf *conf,
                  const char *model, const char *name, void *opaque);

/* Frees the NIC (queued frames toward its peers are purged). */
void nic_free(NICState *nic);

/* Sends a frame from the guest side out of queue @queue. */
ssize_t nic_send_iov(NICState *nic, unsigned queue, const struct iovec *iov,
                     int iovcnt, NetSentCb *sent_cb);

/* The device can take frames again on @queue. */
void nic_flush_queue(NICState *nic, unsigned queue);

/* Gives conf->macaddr QEMU's next default MAC when mac= was not set. */
void nic_conf_default_mac(QnetContext *ctx, NICConf *conf);

NetClient *nic_get_queue(NICState *nic, unsigned queue);
void *nic_get_opaque(NICState *nic);
const MACAddr *nic_get_mac(NICState *nic);
unsigned nic_get_queue_count(NICState *nic);
bool nic_link_up(NICState *nic);

/*
 * Asks the model for its receive filter (QMP query-rx-filter): adds its
 * RxFilterInfo members to @info and returns true, or returns false when
 * the model has no query_rx_filter.
 */
bool nic_query_rx_filter(NICState *nic, JsonObject *info);

/* The NIC a client belongs to, or NULL when @nc is not a NIC queue. */
NICState *nic_from_client(NetClient *nc);

#endif
