/* slirp-state.h: the state of one user netdev (a libslirp instance on the client graph). */
#ifndef QNET_NET_SLIRP_STATE_H
#define QNET_NET_SLIRP_STATE_H

#include <netinet/in.h>

#include <slirp/libslirp.h>

#include "net/client.h"
#include "net/slirp-dhcp-guard.h"
#include "net/slirp-poll.h"
#include "net/slirp-smb.h"

typedef struct NetSlirpState {
    NetClient nc;               /* first: the client this netdev is */
    Slirp *slirp;
    NetSlirpPoll *poll;         /* watches libslirp's sockets */
    NetSlirpSmb *smb;           /* the smb= share, or NULL */
    struct in_addr dhcp_start;  /* where host forwards go by default */
    GArray *hostfwds;           /* NetSlirpHostFwd in place, oldest first */
    /*
     * Frames sent to the peer that wait in its queue.  While any wait,
     * host sockets are not read (their data stays in the kernel).
     */
    unsigned frames_waiting;
    uint8_t *linear;            /* scratch for frames given in pieces */
    NetSlirpDhcpGuard dhcp_guard;   /* DHCP requests libslirp would leak on */
} NetSlirpState;

/* The user netdev @nc is, or NULL when @nc is another kind of client. */
NetSlirpState *net_slirp_state(NetClient *nc);

#endif
