/* events.c: QMP-style events raised by the net layer and the subscribers that receive them. */
#include "net/events.h"

#include "net/context.h"

void net_event_subscribe(QnetContext *ctx, NetEventSubscriber *sub)
{
    sub->link.data = sub;
    g_queue_push_tail_link(&ctx->event_subscribers, &sub->link);
}

void net_event_unsubscribe(QnetContext *ctx, NetEventSubscriber *sub)
{
    if (sub->link.data) {
        g_queue_unlink(&ctx->event_subscribers, &sub->link);
        sub->link.data = NULL;
    }
}

void qnet_emit_event(QnetContext *ctx, const char *name, JsonObject *data)
{
    if (!data) {
        data = json_object_new();
    }
    /* A subscriber may unsubscribe itself from its callback. */
    GList *next;
    for (GList *l = ctx->event_subscribers.head; l; l = next) {
        next = l->next;
        NetEventSubscriber *sub = l->data;
        sub->func(sub->opaque, name, data);
    }
    json_object_unref(data);
}
