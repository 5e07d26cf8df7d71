/* slirp-hostfwd.h: host forwarding rules of the user backend: parsing and printing. */
#ifndef QNET_NET_SLIRP_HOSTFWD_H
#define QNET_NET_SLIRP_HOSTFWD_H

#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "util/error.h"

/* An IPv4 or IPv6 socket address (family, address, port). */
typedef union NetSlirpSockAddr {
    struct sockaddr sa;
    struct sockaddr_in in;
    struct sockaddr_in6 in6;
} NetSlirpSockAddr;

/*
 * One host forwarding rule: connections to @host (on the host) go to
 * @guest (on the guest network).  A host port 0 means "any free port"; an
 * IPv4 guest address 0.0.0.0 means the DHCP start address.
 */
typedef struct NetSlirpHostFwd {
    bool is_udp;
    NetSlirpSockAddr host;
    NetSlirpSockAddr guest;
} NetSlirpHostFwd;

/*
 * Parses "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport" as QEMU 7.2
 * does (ports in C notation, so 0x16 and 026 are 22; host port 0-65535,
 * guest port 1-65535).  With @allow_ipv6 an address may also be an IPv6
 * literal in brackets ("[::1]"); the command line and HMP never allow it,
 * because QEMU 7.2 rejects those rules.  On failure sets
 * "Invalid host forwarding rule '<rule>' (<reason>)".
 */
bool net_slirp_hostfwd_parse(const char *rule, bool allow_ipv6,
                             NetSlirpHostFwd *fwd, Error **errp);

/*
 * Parses the "[tcp|udp]:[hostaddr]:hostport" argument of hostfwd_remove
 * (decimal port; like QEMU, only its low 16 bits are used).  The guest part
 * of @fwd is cleared.  On failure sets "invalid format".
 */
bool net_slirp_hostfwd_parse_remove(const char *rule, bool allow_ipv6,
                                    NetSlirpHostFwd *fwd, Error **errp);

/*
 * The rule as text, "tcp:127.0.0.1:5555-10.0.2.15:22"; the IPv4 any
 * address prints as empty, IPv6 addresses in brackets.  Caller frees.
 */
char *net_slirp_hostfwd_to_string(const NetSlirpHostFwd *fwd);

/* The length of @addr for its family (for bind() and libslirp). */
socklen_t net_slirp_sockaddr_len(const NetSlirpSockAddr *addr);

/* The port of @addr, in host order. */
int net_slirp_sockaddr_port(const NetSlirpSockAddr *addr);

/* Sets the port of @addr (host order). */
void net_slirp_sockaddr_set_port(NetSlirpSockAddr *addr, int port);

/* True when @addr is the unspecified address of its family. */
bool net_slirp_sockaddr_is_any(const NetSlirpSockAddr *addr);

/* True when @a and @b have the same family, address and port. */
bool net_slirp_sockaddr_equal(const NetSlirpSockAddr *a,
                              const NetSlirpSockAddr *b);

#endif
