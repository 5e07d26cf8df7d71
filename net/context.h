/* context.h: the library context that all state hangs off, and its log. */
#ifndef QNET_NET_CONTEXT_H
#define QNET_NET_CONTEXT_H

#include <glib.h>

#include "qnet/qnet.h"
#include "net/legacy.h"
#include "net/mac.h"

typedef struct NetClient NetClient;

/*
 * Everything the library owns.  Layers above net/ (hw, monitor, system)
 * keep their state in the `hw`, `monitor` and `system` slots.
 */
struct QnetContext {
    GMainContext *main_context;

    GQueue clients;          /* NetClient, creation order */
    GList *hubs;             /* NetHub, newest first (QEMU prepends) */
    GArray *hub_settings;    /* NetHubSettings (hub.h), applied at creation */
    MacTable macs;
    unsigned net_id_counter; /* for "#net<n><rr>" automatic ids */
    NICTable nics;           /* on-board NIC requests (-net nic, -nic) */
    struct NetOptions *net_options; /* -netdev/-net/-nic text, until realized */
    bool default_net;        /* default networking is in effect */

    QnetLogFunc *log;
    void *log_opaque;

    void *hw;
    void *monitor;
    void *system;
    void *filters;           /* net/filter-object.c: the -object registry */
    void *chardevs;          /* chardev/char.h: the ChardevRegistry */
    GQueue event_subscribers; /* NetEventSubscriber, net/events.c */
};

/* Reports a message through the context's log callback. */
void qnet_log(QnetContext *ctx, QnetLogLevel level, const char *location,
              const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/* Reports @err (message and hint) through the log at @level. */
void qnet_log_error(QnetContext *ctx, QnetLogLevel level, const char *location,
                    const Error *err);

/*
 * Where a warning of an option parser goes: the context's log, with the
 * option as location.  Pass qnet_log_warning_at() and a pointer to one of
 * these as a QemuOptsWarnFunc and its opaque.
 */
typedef struct QnetLogLocation {
    QnetContext *ctx;
    const char *location;
} QnetLogLocation;

void qnet_log_warning_at(void *log_location, const char *message);

/*
 * Attaches @source to the context's main context (as a source that may
 * recurse, see context.c) and returns its id.
 */
guint qnet_attach_source(QnetContext *ctx, GSource *source);

#endif
