/* monitor.h: the monitors' shared state on a context: quit requests, QMP events, announce timers. */
#ifndef QNET_MONITOR_MONITOR_H
#define QNET_MONITOR_MONITOR_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "qnet/qnet.h"

/*
 * Every monitor (HMP or QMP, on any chardev) of one context shares this
 * state, kept in the context's `monitor` slot and created on first use.
 * The owner of the context calls monitor_state_free() before freeing the
 * context: it stops the timers that point into the graph.
 */
typedef struct MonitorState MonitorState;

/* The context's monitor state, created when missing. */
MonitorState *monitor_state(QnetContext *ctx);

/* Frees the monitor state of @ctx (no-op when there is none). */
void monitor_state_free(QnetContext *ctx);

/*
 * Sets what runs when a monitor command (HMP `quit`, QMP `quit`) asks the
 * program to end.  Without a handler such requests are ignored (a library
 * embedder decides itself).
 */
void monitor_set_quit_handler(QnetContext *ctx, void (*fn)(void *opaque),
                              void *opaque);

/*
 * A command asked to quit: emits QMP's SHUTDOWN event ({"guest": false,
 * "reason": @reason}, e.g. "host-qmp-quit") and calls the quit handler.
 */
void monitor_request_quit(QnetContext *ctx, const char *reason);

/*
 * Receives each QMP event as a JSON object {"timestamp": {...}, "event":
 * ..., "data": ...} (borrowed for the call).
 */
typedef void MonitorEventSink(void *opaque, JsonObject *event);

/* Adds or removes a receiver of events (QMP sessions in command mode). */
void monitor_add_event_sink(QnetContext *ctx, MonitorEventSink *fn,
                            void *opaque);
void monitor_remove_event_sink(QnetContext *ctx, MonitorEventSink *fn,
                               void *opaque);

/*
 * Emits event @name with @data (may be NULL: no "data" member; the
 * reference is taken over) to every sink, stamped with the wall-clock time
 * as QEMU stamps it.
 */
void monitor_event_emit(QnetContext *ctx, const char *name, JsonObject *data);

/* The announce timers of @ctx's monitors (see announce.h). */
GHashTable *monitor_announce_timers(QnetContext *ctx);

/*
 * NIC_RX_FILTER_CHANGED is sent once per NIC, then not again until a
 * query-rx-filter reaches that NIC (QEMU's rule).  Returns true when the
 * event for @nic_name may be sent now, and marks it as sent.
 */
bool monitor_rx_filter_notify_take(QnetContext *ctx, const char *nic_name);

/* query-rx-filter reached @nic_name: its next change is reported again. */
void monitor_rx_filter_notify_enable(QnetContext *ctx, const char *nic_name);

#endif
