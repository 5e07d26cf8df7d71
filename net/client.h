/* client.h: net clients, the one node type of the graph, and the send path. */
#ifndef QNET_NET_CLIENT_H
#define QNET_NET_CLIENT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "util/error.h"

typedef struct QnetContext QnetContext;
typedef struct NetClient NetClient;
typedef struct NetQueue NetQueue;
typedef struct NetFilter NetFilter;

/* Largest frame or GSO packet the core carries (QEMU: 4096 + 65536). */
#define NET_BUFSIZE (4096 + 65536)

/* Queue length past which frames without a sent callback are dropped. */
#define NET_QUEUE_MAXLEN 10000

/* Frame flags. RAW frames (self-announce) bypass the vnet header. */
#define NET_FLAG_RAW 1u

/*
 * Called once a frame that was queued (send returned 0) is delivered, or
 * purged (@ret == 0).  The sender may then send again.
 */
typedef void NetSentCb(NetClient *sender, ssize_t ret);

/* Per-type behaviour of a client; one static instance per backend type. */
typedef struct NetClientInfo {
    const char *type;      /* QAPI driver name: "nic", "user", "hubport" ... */
    size_t size;           /* size of the struct that embeds NetClient first */
    /* counts as a host-side peer for the hub start-up warnings */
    bool host_side;
    /*
     * Takes a frame for this client.  Returns its size when consumed (or
     * dropped on purpose), 0 when it cannot take it now: the frame is then
     * queued and receiving is disabled until net_client_flush().
     */
    ssize_t (*receive_iov)(NetClient *nc, const struct iovec *iov, int iovcnt,
                           unsigned flags);
    bool (*can_receive)(NetClient *nc);
    void (*cleanup)(NetClient *nc);
    void (*link_status_changed)(NetClient *nc);
    /*
     * Optional virtio-net header negotiation (QEMU's offload hooks; see
     * net/vnet-hdr.h, which NICs call).  NULL: no header support.
     */
    bool (*has_vnet_hdr)(NetClient *nc);
    bool (*has_vnet_hdr_len)(NetClient *nc, int len);
    bool (*has_ufo)(NetClient *nc);
    void (*using_vnet_hdr)(NetClient *nc, bool enable);
    void (*set_vnet_hdr_len)(NetClient *nc, int len);
    void (*set_offload)(NetClient *nc, bool csum, bool tso4, bool tso6,
                        bool ecn, bool ufo);
    int (*set_vnet_le)(NetClient *nc, bool is_le);
    int (*set_vnet_be)(NetClient *nc, bool is_be);
} NetClientInfo;

/* Counters of one client, as seen from the client. */
typedef struct NetClientStats {
    uint64_t tx_frames, tx_bytes;    /* frames this client sent */
    uint64_t rx_frames, rx_bytes;    /* frames delivered to this client */
    uint64_t drop_link_down;         /* dropped: a link was down */
    uint64_t drop_no_peer;           /* dropped: sent with no peer */
    uint64_t drop_oversize;          /* dropped: larger than NET_BUFSIZE */
    uint64_t drop_empty;             /* dropped: a frame of 0 bytes */
    uint64_t drop_queue_full;        /* dropped: receiver queue full */
} NetClientStats;

struct NetClient {
    const NetClientInfo *info;
    QnetContext *ctx;
    NetClient *peer;
    char *name;
    char *model;
    GString *info_str;           /* shown by `info network` after type= */
    NetQueue *incoming_queue;    /* frames waiting for this client */
    GQueue filters;              /* NetFilter*, head to tail */
    unsigned queue_index;
    bool link_down;
    bool receive_disabled;
    bool is_netdev;              /* created by -netdev / netdev_add */
    bool is_nic;
    NetClientStats stats;
    GList link;                  /* entry in the context's client list */
};

/*
 * Creates a client of @info->size bytes (the caller's struct embeds NetClient
 * first) and appends it to the context's client list.  @peer may be NULL.
 * @name NULL: an automatic name "<model>.<n>".
 */
NetClient *net_client_new(QnetContext *ctx, const NetClientInfo *info,
                          NetClient *peer, const char *model,
                          const char *name);

/* Peers @a and @b (both must be unpeered). */
void net_client_set_peer(NetClient *a, NetClient *b);

/* Replaces the info string shown by `info network`. */
void net_client_set_info_str(NetClient *nc, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/*
 * Sends a frame from @sender to its peer through the filters.  Returns the
 * size when delivered or dropped, -EINVAL for an empty frame (dropped and
 * counted), 0 when queued: then @sent_cb (if any) runs
 * once it is delivered, and the sender should stop sending until then.
 * Without @sent_cb a full receiver queue drops the frame (counted).
 */
ssize_t net_client_send_iov(NetClient *sender, unsigned flags,
                            const struct iovec *iov, int iovcnt,
                            NetSentCb *sent_cb);

/* Linear-buffer form of net_client_send_iov(). */
ssize_t net_client_send(NetClient *sender, const void *buf, size_t size,
                        NetSentCb *sent_cb);

/*
 * Delivers to @receiver directly, skipping filters (used by filters that
 * release frames, and by the queue).
 */
ssize_t net_client_deliver(NetClient *sender, NetClient *receiver,
                           unsigned flags, const struct iovec *iov, int iovcnt);

/*
 * Queues toward @receiver (used by filters that release held frames): like
 * the last step of a send, with no filters and no callback.
 */
ssize_t net_client_queue_to(NetClient *sender, NetClient *receiver,
                            unsigned flags, const struct iovec *iov,
                            int iovcnt, NetSentCb *sent_cb);

/* True if @sender's peer can take a frame now. */
bool net_client_can_send(NetClient *sender);

/*
 * The receiver @nc can take frames again: clears receive_disabled and
 * delivers what waits in its queue (and, behind a hub, on the hub's other
 * ports).  Returns true if the queue is now empty.
 */
bool net_client_flush(NetClient *nc);

/* Drops every frame queued from @sender toward @receiver (callbacks: 0). */
void net_client_purge(NetClient *receiver, NetClient *sender);

/* Sets the link state of @nc and, if its peer is a NIC, of the peer too. */
void net_client_set_link(NetClient *nc, bool up);

/* Unlinks @nc from the graph (peer, hub, lists) and frees it. */
void net_client_free(NetClient *nc);

/* Appends "<name>: index=<i>,type=<type>,<info>" and its filters. */
void net_client_info_line(NetClient *nc, GString *out);

/* Appends the whole `info network` text. */
void net_info_network(QnetContext *ctx, GString *out);

/* Lookups over the context's client list. */
NetClient *net_client_find_netdev(QnetContext *ctx, const char *name);
NetClient *net_client_find_any(QnetContext *ctx, const char *name);

/* The client that owns @nc's struct (containers use this). */
#define NET_CLIENT_UPCAST(type, nc) ((type *)(void *)(nc))

#endif
