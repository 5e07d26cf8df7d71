/* backend.h: the table of netdev types and how a netdev is created from options. */
#ifndef QNET_NET_BACKEND_H
#define QNET_NET_BACKEND_H

#include <json-glib/json-glib.h>

#include "net/client.h"

/*
 * Creates the backend described by @opts (a typed netdev object as QMP's
 * netdev_add takes it).  @name is its id; @peer is the client to peer it
 * with (a hub port for -net, or NULL).  Returns false with @errp set.
 */
typedef bool NetBackendInit(QnetContext *ctx, JsonObject *opts,
                            const char *name, NetClient *peer, Error **errp);

typedef struct NetBackend {
    const char *type;        /* QAPI name: "user", "tap", ... */
    NetBackendInit *init;    /* NULL: known, but not built into qnet yet */
    bool legacy_net_ok;      /* may be used with -net (all but hubport) */
} NetBackend;

/* The entry for @type, or NULL when qnet does not know the type. */
const NetBackend *net_backend_find(const char *type);

/*
 * Creates a netdev (or a -net/-nic backend when !is_netdev) from a typed
 * object, after checking the id is free and the type is built in.
 */
NetClient *net_backend_create(QnetContext *ctx, JsonObject *opts,
                              bool is_netdev, NetClient *peer, Error **errp);

#endif
