/* slirp-fwd.h: the host forwards in place on one user netdev: add, remove, list. */
#ifndef QNET_NET_SLIRP_FWD_H
#define QNET_NET_SLIRP_FWD_H

#include "net/slirp-hostfwd.h"
#include "net/slirp-state.h"

/*
 * Sets up @fwd on @s.  A host port 0 gets a free port of the host's
 * choosing.  IPv4-to-IPv4 rules go through libslirp's IPv4 call as in
 * QEMU 7.2; rules with an IPv6 side use libslirp's hostxfwd call.  On
 * success @added (may be NULL) is the rule in place: its real host port,
 * and the DHCP start address for an IPv4 guest address 0.0.0.0.
 * Returns false when libslirp cannot set it up (the caller words the error).
 */
bool net_slirp_fwd_add(NetSlirpState *s, const NetSlirpHostFwd *fwd,
                       NetSlirpHostFwd *added);

/*
 * Removes the forward listening on @fwd's protocol and host address and
 * port (its guest part is ignored).  Returns false when there is none.
 */
bool net_slirp_fwd_remove(NetSlirpState *s, const NetSlirpHostFwd *fwd);

/* The forwards in place on @s, oldest first (NetSlirpHostFwd; owned by @s). */
const GArray *net_slirp_fwd_list(const NetSlirpState *s);

#endif
