/* filter.h: filters on a netdev's path: the chain walk, and what a filter type implements. */
#ifndef QNET_NET_FILTER_H
#define QNET_NET_FILTER_H

#include <json-glib/json-glib.h>

#include "net/client.h"

/* Relative to the netdev: TX = frames it sends, RX = frames it receives. */
typedef enum NetFilterDirection {
    NET_FILTER_DIRECTION_ALL,
    NET_FILTER_DIRECTION_RX,
    NET_FILTER_DIRECTION_TX,
} NetFilterDirection;

/*
 * How a property's value is stored and converted.  The base properties
 * have their own kinds because QEMU renders them as strings ("on",
 * "behind", "rx") while storing something else.
 */
typedef enum NetFilterPropKind {
    NET_FILTER_PROP_STR,      /* char *, NULL shown as "" */
    NET_FILTER_PROP_UINT32,   /* uint32_t */
    NET_FILTER_PROP_BOOL,     /* bool */
    NET_FILTER_PROP_STATUS,   /* bool, "on"/"off" */
    NET_FILTER_PROP_INSERT,   /* bool insert_before, "before"/"behind" */
    NET_FILTER_PROP_QUEUE,    /* NetFilterDirection, "all"/"rx"/"tx" */
} NetFilterPropKind;

/* One value on its way into a property (already of the property's kind). */
typedef union NetFilterValue {
    const char *s;
    uint32_t u32;
    bool b;
    NetFilterDirection dir;
} NetFilterValue;

/* A QOM property of a filter type. */
typedef struct NetFilterProp {
    const char *name;
    const char *qom_type;       /* as qom-list shows it: "uint32", ... */
    NetFilterPropKind kind;
    size_t offset;              /* of the value in the filter's struct */
    /* Refuses a value, in QEMU's words (NULL: every value is fine). */
    bool (*check)(NetFilter *nf, const NetFilterValue *v, Error **errp);
} NetFilterProp;

/* A filter type ("filter-dump", ...); one static instance per type. */
typedef struct NetFilterOps {
    const char *type;           /* QOM type name */
    size_t size;                /* of the struct that embeds NetFilter first */
    /* The type's own properties, in `info network` order, {NULL}-ended. */
    const NetFilterProp *props;
    /* Sets the type's defaults on a new filter (NULL: all zero). */
    void (*init)(NetFilter *nf);
    /*
     * Runs once the base checks passed (netdev and position resolved),
     * before the filter joins the chain: open files, attach chardevs,
     * start timers.  On failure cleanup() still runs, so it must cope
     * with a partial setup.
     */
    bool (*setup)(NetFilter *nf, Error **errp);
    /*
     * Sees a frame.  Returns 0 to pass it on, or a size when it consumed
     * the frame (that value goes back to the sender).
     */
    ssize_t (*receive_iov)(NetFilter *nf, NetClient *sender, unsigned flags,
                           const struct iovec *iov, int iovcnt,
                           NetSentCb *sent_cb);
    /* `status` changed (nf->on holds the new value). */
    void (*status_changed)(NetFilter *nf);
    /*
     * Appends the type's counters as "name=value" pairs separated by
     * commas ("records=12,write_errors=0"); NULL: none.
     */
    void (*stats)(NetFilter *nf, GString *out);
    /*
     * Runs while the filter is still in its chain, before it is freed:
     * release held frames, flush and close files, detach chardevs.
     */
    void (*cleanup)(NetFilter *nf);
} NetFilterOps;

struct NetFilter {
    const NetFilterOps *ops;
    QnetContext *ctx;
    char *id;
    NetClient *netdev;         /* whose chain this filter is in */
    char *netdev_id;           /* `netdev` as set (qom-set: text only) */
    NetFilterDirection direction;
    bool on;
    char *position;            /* as given: "head", "tail", "id=<id>" */
    bool insert_before;
};

/* The filter type's struct that embeds @nf first. */
#define NET_FILTER_UPCAST(type, nf) ((type *)(void *)(nf))

/* The base properties every filter has, in `info network` order. */
extern const NetFilterProp net_filter_base_props[];

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
 * the same direction (TX when @sender is the netdev), then the frame is
 * queued to the receiver without a sent callback.  Returns what the next
 * filter or the receiver's queue returned (0: queued, or dropped because
 * the receiver's queue was full or there is no receiver).
 */
ssize_t net_filter_pass_to_next(NetFilter *nf, NetClient *sender,
                                unsigned flags, const struct iovec *iov,
                                int iovcnt);

/*
 * The client a frame released by @nf in direction @dir comes from: the
 * netdev for TX, its current peer for RX (NULL when it has none).
 */
NetClient *net_filter_sender(NetFilter *nf, NetFilterDirection dir);

/*
 * True when the client that frames of direction @dir finally go to can
 * take one now (not holding), so a released frame is not left in a queue.
 */
bool net_filter_receiver_ready(NetFilter *nf, NetFilterDirection dir);

/* Appends the `filters:` block of `info network` for @nc. */
void net_filter_info(NetClient *nc, GString *out);

/*
 * Appends "name=value" for @prop of @nf as `info network` shows it
 * ("interval=100000", "outdev=", "vnet_hdr_support=false").
 */
void net_filter_prop_format(NetFilter *nf, const NetFilterProp *prop,
                            GString *out);

/* The property @name of @nf's type or of the base, or NULL. */
const NetFilterProp *net_filter_prop_find(NetFilter *nf, const char *name);

/*
 * Sets @prop of @nf to @v after the property's check; runs the type's
 * status hook when `status` changes.  Strings are copied.
 */
bool net_filter_prop_store(NetFilter *nf, const NetFilterProp *prop,
                           const NetFilterValue *v, Error **errp);

/* @prop's current value as JSON, as qom-get returns it (caller unrefs). */
JsonNode *net_filter_prop_get(NetFilter *nf, const NetFilterProp *prop);

/*
 * Converts a JSON value (QMP qom-set, object-add) to @prop's kind, with
 * QEMU's errors: "Invalid parameter type for 'status', expected: string",
 * "Parameter 'interval' expects uint64" / "... expects uint32_t",
 * "Parameter 'queue' does not accept value 'x'".  Strings in *@v point
 * into @node.
 */
bool net_filter_value_from_json(const NetFilterProp *prop, JsonNode *node,
                                NetFilterValue *v, Error **errp);

/*
 * Converts text (HMP qom-set without -j) to @prop's kind, as QEMU's string
 * visitor does: integers in any C base, booleans on/off/yes/no/true/false/
 * y/n ("Parameter 'x' expects 'on' or 'off'").  Strings in *@v point into
 * @text.
 */
bool net_filter_value_from_str(const NetFilterProp *prop, const char *text,
                               NetFilterValue *v, Error **errp);

/*
 * Destroys every filter of @nc (each one's cleanup runs first, so held
 * frames are released) and forgets their ids.  Called when @nc is freed.
 */
void net_filter_free_all(NetClient *nc);

/*
 * Unlinks @nf from its chain and frees it (cleanup first).  The id is the
 * caller's to forget (see filter-object.h).
 */
void net_filter_destroy(NetFilter *nf);

#endif
