/* slirp-config.h: the options of `-netdev user`, checked and resolved as QEMU 7.2 does. */
#ifndef QNET_NET_SLIRP_CONFIG_H
#define QNET_NET_SLIRP_CONFIG_H

#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <stdbool.h>

#include <slirp/libslirp.h>

#include "util/error.h"

/* One hostfwd= or guestfwd= rule as given. */
typedef struct NetSlirpFwdRule {
    bool is_hostfwd;
    char *rule;
} NetSlirpFwdRule;

/* Every option of a user netdev, with defaults applied and checked. */
typedef struct NetSlirpConfig {
    bool restricted;
    bool ipv4, ipv6;
    struct in_addr net, mask, host, dhcp, dns;
    struct in_addr smbserver;        /* 0.0.0.0: libslirp's .4 */
    struct in6_addr prefix6, host6, dns6;
    int prefix6_len;
    char *hostname, *domainname, *tftp, *tftp_server_name, *bootfile;
    char *smb;                       /* exported directory, or NULL */
    char **dnssearch;                /* NULL-terminated, or NULL */
    /* NetSlirpFwdRule*, in the order QEMU sets them up: the guestfwd rules
     * last to first, then the hostfwd rules last to first */
    GPtrArray *rules;
} NetSlirpConfig;

/*
 * Reads a typed user netdev object (members as in QMP's netdev_add:
 * "net", "host", "ipv6-prefixlen", "hostfwd": [{"str": ...}], ...; a
 * command-line "ipv6-net" is also understood) into @cfg, applying QEMU's
 * defaults and checks in QEMU's order, with QEMU's messages.  On failure
 * @cfg is left cleared.  Free with net_slirp_config_clear().
 */
bool net_slirp_config_parse(JsonObject *opts, NetSlirpConfig *cfg,
                            Error **errp);

/*
 * Fills libslirp's configuration from @cfg.  @out points into @cfg, which
 * must outlive it.
 */
void net_slirp_config_to_slirp(const NetSlirpConfig *cfg, SlirpConfig *out);

/* Frees what @cfg holds and zeroes it. */
void net_slirp_config_clear(NetSlirpConfig *cfg);

#endif
