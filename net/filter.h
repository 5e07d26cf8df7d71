/* filter.h: filters on a netdev's path (the chain walk; filter types plug in). */
#ifndef QNET_NET_FILTER_H
#define QNET_NET_FILTER_H

#include "net/client.h"

/* Relative to the netdev: TX = frames it sends, RX = frames it receives. */
typedef enum NetFilterDirection {
    NET_FILTER_DIRECTION_ALL,
    NET_FILTER_DIRECTION_RX,
    NET_FILTER_DIRECTION_TX,
} NetFilterDirection;

typedef struct NetFilterOps {
    const char *type;  /* QOM type name: "filter-dump", ... */
    /*
     * Sees a frame.  Returns 0 to pass it on, or a size when it consumed
     * the frame (that value goes back to the sender).
     */
    ssize_t (*receive_iov)(NetFilter *nf, NetClient *sender, unsigned flags,
                           const struct iovec *iov, int iovcnt,
                           NetSentCb *sent_cb);
    /* Appends the type's own properties for `info network` (",k=v"). */
    void (*describe)(NetFilter *nf, GString *out);
    void (*status_changed)(NetFilter *nf);
    void (*free)(NetFilter *nf);
} NetFilterOps;

struct NetFilter {
    const NetFilterOps *ops;
    char *id;
    NetClient *netdev;
    NetFilterDirection direction;
    bool on;
    char *position;    /* as given: "head", "tail", "id=<id>" */
    bool insert_before;
};

/*
 * Runs @nc's filters for direction @dir (TX: head to tail, RX: tail to
 * head) on a frame.  Returns 0 when every filter passed it, else the value
 * of the filter that consumed it.
 */
ssize_t net_filter_chain_run(NetClient *nc, NetFilterDirection dir,
                             NetClient *sender, unsigned flags,
                             const struct iovec *iov, int iovcnt,
                             NetSentCb *sent_cb);

/*
 * A filter that held a frame releases it: the walk continues after @nf in
 * the same direction, then the frame is queued to the receiver without a
 * sent callback.
 */
ssize_t net_filter_pass_to_next(NetFilter *nf, NetClient *sender,
                                unsigned flags, const struct iovec *iov,
                                int iovcnt);

/* Appends the `filters:` block of `info network` for @nc. */
void net_filter_info(NetClient *nc, GString *out);

/* Destroys every filter of @nc. */
void net_filter_free_all(NetClient *nc);

#endif
