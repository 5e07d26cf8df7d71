/* tap-opts.h: the options of the tap netdev, their defaults and QEMU's conflict checks. */
#ifndef QNET_NET_TAP_OPTS_H
#define QNET_NET_TAP_OPTS_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

/* QEMU's limit on fds= entries (MAX_TAP_QUEUES); the kernel allows 256 queues. */
#define TAP_MAX_QUEUES 1024

/* Where a tap's fds come from; QEMU tries them in this order. */
typedef enum TapMode {
    TAP_MODE_FD,        /* fd=: one tap opened by the caller */
    TAP_MODE_FDS,       /* fds=a:b:...: one queue per fd */
    TAP_MODE_HELPER,    /* helper=: a bridge helper makes the tap */
    TAP_MODE_OPEN,      /* qnet opens /dev/net/tun itself */
} TapMode;

typedef struct TapOptions {
    TapMode mode;
    char **fds;              /* FD: one entry, FDS: one per queue (strings) */
    unsigned queues;         /* OPEN: number of queues (>= 1) */
    const char *ifname;      /* OPEN: NULL or "" lets the kernel name it */
    const char *script;      /* OPEN: default /etc/qemu-ifup; "no" = none */
    const char *downscript;  /* OPEN: default /etc/qemu-ifdown */
    const char *helper;      /* HELPER */
    const char *br;          /* HELPER: bridge (default br0) */
    bool vnet_hdr;           /* OPEN: ask for IFF_VNET_HDR (default on) */
    bool vnet_hdr_required;  /* OPEN: vnet_hdr=on was given */
    bool has_sndbuf;
    uint64_t sndbuf;         /* 0: unlimited */
    bool vhost;              /* vhost-net was asked for */
    bool vhost_required;     /* vhostforce=on, vhostfd= or vhostfds= */
    bool has_vhostfd;        /* vhostfd= or vhostfds= */
} TapOptions;

/*
 * Reads a tap netdev object (QAPI NetdevTapOptions members) into @o and
 * runs QEMU's checks that need no fd, in QEMU's order: "Multiqueue tap
 * cannot be used with hubs" when @behind_hub (-net) and queues=, fds= or
 * vhostfds= is given; the fd=, fds= and helper= conflict lists; "vhostfds=
 * is invalid if fds= wasn't specified"; "The number of fds passed does not
 * match the number of vhostfds passed".  Unlike QEMU (which aborts),
 * queues=0 and an empty fds= are errors.  Strings in @o belong to @opts.
 */
bool tap_options_parse(JsonObject *opts, bool behind_hub, TapOptions *o,
                       Error **errp);

/* Frees what tap_options_parse() allocated. */
void tap_options_clear(TapOptions *o);

/*
 * The vhost options against what qnet offers (it has no vhost-net):
 * "vhostfd(s)= is not valid without vhost" as QEMU; vhostforce=on,
 * vhostfd= or vhostfds= with vhost: "qnet has no vhost-net; use vhost=off".
 * Sets *@warn_vhost when vhost=on alone was given (the caller warns and
 * goes on without it).
 */
bool tap_options_check_vhost(const TapOptions *o, bool *warn_vhost,
                             Error **errp);

/*
 * A file descriptor number as QEMU reads fd= and fds= entries (base 10,
 * 0..INT_MAX); -1 with "Invalid file descriptor number '%s'".
 */
int tap_parse_fd(const char *str, Error **errp);

#endif
