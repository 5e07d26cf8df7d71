/* slirp.h: the monitor's view of user netdevs: info usernet and host forwarding. */
#ifndef QNET_NET_SLIRP_H
#define QNET_NET_SLIRP_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "net/context.h"
#include "net/slirp-hostfwd.h"
#include "util/error.h"

/*
 * Appends HMP `info usernet`: for each user netdev in creation order,
 * "Hub <id> (<name>):" (id -1 unless its peer is a hub port) and
 * libslirp's connection table.
 */
void net_slirp_info_usernet(QnetContext *ctx, GString *out);

/*
 * The guest DHCP requests user netdev @nc kept from libslirp because all
 * its leases were taken (net/slirp-dhcp-guard.h), in *@drops.  False when
 * @nc is not a user netdev.
 */
bool net_slirp_dhcp_drops(NetClient *nc, uint64_t *drops);

/*
 * HMP hostfwd_add: adds "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport"
 * (IPv4, QEMU 7.2's syntax) to user netdev @netdev_id, or to the first
 * user netdev when NULL.  Errors, in QEMU's words: "user mode network
 * stack not in use", "unrecognized netdev id '<id>'", "invalid device
 * specified", "Invalid host forwarding rule '<rule>' (<reason>)",
 * "Could not set up host forwarding rule '<rule>'".  HMP prints them
 * without QEMU's "Error: " prefix.
 */
bool net_slirp_hostfwd_add(QnetContext *ctx, const char *netdev_id,
                           const char *rule, Error **errp);

/*
 * HMP hostfwd_remove of "[tcp|udp]:[hostaddr]:hostport".  When the rule
 * could be looked for, returns true and appends to @out "host forwarding
 * rule for <rule> removed\n" or "... not found\n".  Otherwise returns false
 * with the netdev lookup errors above or "invalid format".
 */
bool net_slirp_hostfwd_remove(QnetContext *ctx, const char *netdev_id,
                              const char *rule, GString *out, Error **errp);

/*
 * Structured form (for QMP): adds @fwd (IPv4 or IPv6 either side) to user
 * netdev @netdev_id (NULL: the first).  A host port 0 binds a free port;
 * @added (may be NULL) receives the rule as set up, with that port and the
 * real guest address.  Errors as net_slirp_hostfwd_add().
 */
bool net_slirp_hostfwd_add_fwd(QnetContext *ctx, const char *netdev_id,
                               const NetSlirpHostFwd *fwd,
                               NetSlirpHostFwd *added, Error **errp);

/*
 * Structured form: removes the forward on @fwd's protocol, host address and
 * port.  Errors: the lookup ones, or "host forwarding rule for <rule> not
 * found".
 */
bool net_slirp_hostfwd_remove_fwd(QnetContext *ctx, const char *netdev_id,
                                  const NetSlirpHostFwd *fwd, Error **errp);

/*
 * Structured form: the host forwards in place on @netdev_id (NULL: the
 * first user netdev), oldest first, as a new GArray of NetSlirpHostFwd
 * (caller frees), or NULL with the lookup errors.
 */
GArray *net_slirp_hostfwd_list(QnetContext *ctx, const char *netdev_id,
                               Error **errp);

#endif
