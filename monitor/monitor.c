/* monitor.c: the monitors' shared state on a context: quit requests, QMP events, announce timers. */
#include "monitor/monitor.h"

#include <string.h>

#include "monitor/announce.h"
#include "net/context.h"
#include "net/events.h"

typedef struct EventSink {
    MonitorEventSink *fn;
    void *opaque;
} EventSink;

struct MonitorState {
    QnetContext *ctx;
    void (*quit_fn)(void *opaque);
    void *quit_opaque;
    GArray *sinks;               /* EventSink */
    GHashTable *announce_timers; /* id -> AnnounceTimer */
    GHashTable *rx_filter_muted; /* NIC names whose event was sent */
    NetEventSubscriber net_events;
};

/* An event raised by the net layer (stream connections, NIC models). */
static void on_net_event(void *opaque, const char *name, JsonObject *data)
{
    MonitorState *ms = opaque;
    if (strcmp(name, "NIC_RX_FILTER_CHANGED") == 0 && data &&
        json_object_has_member(data, "name") &&
        !monitor_rx_filter_notify_take(ms->ctx,
            json_object_get_string_member(data, "name"))) {
        return;
    }
    monitor_event_emit(ms->ctx, name, data ? json_object_ref(data) : NULL);
}

MonitorState *monitor_state(QnetContext *ctx)
{
    if (!ctx->monitor) {
        MonitorState *ms = g_new0(MonitorState, 1);
        ms->ctx = ctx;
        ms->sinks = g_array_new(FALSE, FALSE, sizeof(EventSink));
        ms->announce_timers = announce_timer_table_new();
        ms->rx_filter_muted = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                    g_free, NULL);
        ms->net_events.func = on_net_event;
        ms->net_events.opaque = ms;
        net_event_subscribe(ctx, &ms->net_events);
        ctx->monitor = ms;
    }
    return ctx->monitor;
}

void monitor_state_free(QnetContext *ctx)
{
    MonitorState *ms = ctx->monitor;
    if (!ms) {
        return;
    }
    net_event_unsubscribe(ctx, &ms->net_events);
    g_hash_table_destroy(ms->announce_timers);
    g_hash_table_destroy(ms->rx_filter_muted);
    g_array_free(ms->sinks, TRUE);
    g_free(ms);
    ctx->monitor = NULL;
}

void monitor_set_quit_handler(QnetContext *ctx, void (*fn)(void *opaque),
                              void *opaque)
{
    MonitorState *ms = monitor_state(ctx);
    ms->quit_fn = fn;
    ms->quit_opaque = opaque;
}

void monitor_request_quit(QnetContext *ctx, const char *reason)
{
    MonitorState *ms = monitor_state(ctx);
    JsonObject *data = json_object_new();
    json_object_set_boolean_member(data, "guest", FALSE);
    json_object_set_string_member(data, "reason", reason);
    monitor_event_emit(ctx, "SHUTDOWN", data);
    if (ms->quit_fn) {
        ms->quit_fn(ms->quit_opaque);
    }
}

void monitor_add_event_sink(QnetContext *ctx, MonitorEventSink *fn,
                            void *opaque)
{
    EventSink sink = { fn, opaque };
    g_array_append_val(monitor_state(ctx)->sinks, sink);
}

void monitor_remove_event_sink(QnetContext *ctx, MonitorEventSink *fn,
                               void *opaque)
{
    MonitorState *ms = monitor_state(ctx);
    for (guint i = 0; i < ms->sinks->len; i++) {
        EventSink *s = &g_array_index(ms->sinks, EventSink, i);
        if (s->fn == fn && s->opaque == opaque) {
            g_array_remove_index(ms->sinks, i);
            return;
        }
    }
}

static bool sink_registered(MonitorState *ms, const EventSink *sink)
{
    for (guint i = 0; i < ms->sinks->len; i++) {
        EventSink *s = &g_array_index(ms->sinks, EventSink, i);
        if (s->fn == sink->fn && s->opaque == sink->opaque) {
            return true;
        }
    }
    return false;
}

void monitor_event_emit(QnetContext *ctx, const char *name, JsonObject *data)
{
    MonitorState *ms = monitor_state(ctx);
    gint64 now = g_get_real_time();
    JsonObject *stamp = json_object_new();
    json_object_set_int_member(stamp, "seconds", now / G_USEC_PER_SEC);
    json_object_set_int_member(stamp, "microseconds", now % G_USEC_PER_SEC);

    g_autoptr(JsonObject) event = json_object_new();
    json_object_set_object_member(event, "timestamp", stamp);
    json_object_set_string_member(event, "event", name);
    if (data) {
        json_object_set_object_member(event, "data", data);
    }
    /* A sink may remove itself or others (a client dropped on write). */
    g_autoptr(GArray) sinks = g_array_copy(ms->sinks);
    for (guint i = 0; i < sinks->len; i++) {
        EventSink *s = &g_array_index(sinks, EventSink, i);
        if (sink_registered(ms, s)) {
            s->fn(s->opaque, event);
        }
    }
}

GHashTable *monitor_announce_timers(QnetContext *ctx)
{
    return monitor_state(ctx)->announce_timers;
}

bool monitor_rx_filter_notify_take(QnetContext *ctx, const char *nic_name)
{
    MonitorState *ms = monitor_state(ctx);
    if (g_hash_table_contains(ms->rx_filter_muted, nic_name)) {
        return false;
    }
    g_hash_table_add(ms->rx_filter_muted, g_strdup(nic_name));
    return true;
}

void monitor_rx_filter_notify_enable(QnetContext *ctx, const char *nic_name)
{
    g_hash_table_remove(monitor_state(ctx)->rx_filter_muted, nic_name);
}
