/* slirp-guestfwd.h: guest forwarding rules of the user backend (guestfwd=). */
#ifndef QNET_NET_SLIRP_GUESTFWD_H
#define QNET_NET_SLIRP_GUESTFWD_H

#include <netinet/in.h>
#include <stdbool.h>

#include <slirp/libslirp.h>

#include "util/error.h"

/* A parsed "[tcp]:[server]:port-TARGET" rule. */
typedef struct NetSlirpGuestFwd {
    struct in_addr server;   /* 0.0.0.0: libslirp picks the .4 address */
    int port;                /* 1-65535, decimal */
    char *target;            /* "cmd:COMMAND" or a chardev spec; owned */
} NetSlirpGuestFwd;

/*
 * Parses a guestfwd rule as QEMU 7.2 does.  On failure sets
 * "Invalid guest forwarding rule '<rule>'".  Free @fwd->target after use.
 */
bool net_slirp_guestfwd_parse(const char *rule, NetSlirpGuestFwd *fwd,
                              Error **errp);

/*
 * Parses @rule and sets it up on @slirp: "cmd:COMMAND" runs COMMAND (via
 * /bin/sh -c) for each connection the guest makes to server:port, its
 * stdin/stdout joined to the connection.  The chardev form needs character
 * devices, which qnet does not have yet: that is an error.
 */
bool net_slirp_guestfwd_add(Slirp *slirp, const char *rule, Error **errp);

#endif
