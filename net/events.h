/* events.h: QMP-style events raised by the net layer (NETDEV_STREAM_CONNECTED, ...) and who listens to them. */
#ifndef QNET_NET_EVENTS_H
#define QNET_NET_EVENTS_H

#include <glib.h>
#include <json-glib/json-glib.h>

typedef struct QnetContext QnetContext;

/*
 * Receives event @name with its "data" object @data (borrowed: take a
 * reference to keep it).  A QMP server adds the timestamp and sends
 * {"event": name, "data": data, "timestamp": ...}.
 */
typedef void NetEventFunc(void *opaque, const char *name, JsonObject *data);

/*
 * A subscription.  The subscriber owns this struct (embed it anywhere) and
 * must unsubscribe before freeing it; the context only links it.
 */
typedef struct NetEventSubscriber {
    NetEventFunc *func;
    void *opaque;
    GList link;              /* entry in ctx->event_subscribers */
} NetEventSubscriber;

/* Starts delivering events of @ctx to @sub->func(@sub->opaque, ...). */
void net_event_subscribe(QnetContext *ctx, NetEventSubscriber *sub);

/* Stops delivering to @sub (no-op if it is not subscribed). */
void net_event_unsubscribe(QnetContext *ctx, NetEventSubscriber *sub);

/*
 * Raises event @name with @data (the event's QAPI members; NULL for none)
 * to every subscriber, oldest first.  Takes ownership of @data.
 */
void qnet_emit_event(QnetContext *ctx, const char *name, JsonObject *data);

#endif
