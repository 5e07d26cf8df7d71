/* options.h: -netdev, -net and -nic: from command-line text to backends and NIC requests. */
#ifndef QNET_NET_OPTIONS_H
#define QNET_NET_OPTIONS_H

#include "net/client.h"

typedef struct NetOptions NetOptions;

/*
 * Takes one -netdev / -net / -nic argument (@kind: "netdev", "net",
 * "nic").  Syntax errors that QEMU reports while reading its command line
 * come back here; the rest at net_options_realize().
 */
bool net_options_add(QnetContext *ctx, const char *kind, const char *arg,
                     Error **errp);

/* True once any -net, -netdev or -nic was given (no default network). */
bool net_options_any(QnetContext *ctx);

/*
 * Creates everything in QEMU's order: JSON/keyval netdevs, other netdevs,
 * -nic, then -net.  Errors carry the option as a "-netdev ...: " prefix.
 */
bool net_options_realize(QnetContext *ctx, Error **errp);

/*
 * HMP netdev_add: @arg is read as -netdev key=value text into the same
 * list as the command line (so ids clash with -netdev ones), repeated keys
 * collapsed to the last as QEMU's monitor does, then created.  A reading
 * error sets @parse_errp (QEMU prints it apart from the monitor), a
 * creation error @errp; the netdev's record is dropped on failure.
 */
bool net_options_netdev_add(QnetContext *ctx, const char *arg,
                            Error **parse_errp, Error **errp);

/* Forgets the -netdev/netdev_add record of @id so the id can be reused. */
void net_options_forget_netdev(QnetContext *ctx, const char *id);

/* QEMU's start-up warnings (hubs, unpeered clients), through the log. */
void net_check_clients(QnetContext *ctx);

/* A new automatic id "#net<n><rr>" as QEMU gives -net and -nic backends. */
char *net_generate_id(QnetContext *ctx);

void net_options_free(QnetContext *ctx);

#endif
