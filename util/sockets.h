/* sockets.h: socket addresses as QEMU spells them (host:port, SocketAddress, fd numbers) and socket set-up. */
#ifndef QNET_UTIL_SOCKETS_H
#define QNET_UTIL_SOCKETS_H

#include <glib.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/error.h"

/* ---- IPv4 "host:port" of -netdev socket (QEMU 7.2's parse_host_port) ---- */

/*
 * Parses "host:port" (split at the first ':') into @sa.  The host may be
 * empty (INADDR_ANY), a dotted address in inet_aton() form when it starts
 * with a digit ("1.2.3" is 1.2.0.3), or a name resolved to IPv4.  The port
 * is strtol() base 0 of the leading digits, truncated to 16 bits as QEMU
 * does.  Errors: "host address '%s' doesn't contain ':' separating host
 * from port", "host address '%s' is not a valid IPv4 address", "can't
 * resolve host address '%s'", "port number '%s' is invalid".
 */
bool inet_parse_host_port(struct sockaddr_in *sa, const char *str,
                          Error **errp);

/* The host and port halves of inet_parse_host_port(), same errors. */
bool inet_convert_host_port(struct sockaddr_in *sa, const char *host,
                            const char *port, Error **errp);

/* "a.b.c.d" of @sa's address (inet_ntoa), into @buf of INET_ADDRSTRLEN. */
const char *inet_addr_text(const struct sockaddr_in *sa,
                           char buf[INET_ADDRSTRLEN]);

/* ---- fd= values ---- */

/*
 * A file descriptor number as QEMU reads fd= at start-up: a decimal
 * number, nothing else.  Error: "Invalid file descriptor number '%s'".
 * Returns the number or -1.
 */
int socket_parse_fd(const char *str, Error **errp);

/* ---- SocketAddress (QEMU's sockets.json) ---- */

typedef enum SocketAddressType {
    SOCKET_ADDRESS_TYPE_INET,
    SOCKET_ADDRESS_TYPE_UNIX,
    SOCKET_ADDRESS_TYPE_VSOCK,
    SOCKET_ADDRESS_TYPE_FD,
} SocketAddressType;

/* Every member of every variant; unused ones are zero/NULL. */
typedef struct SocketAddress {
    SocketAddressType type;
    /* inet (and vsock's port) */
    char *host;
    char *port;
    bool has_to, has_numeric, has_ipv4, has_ipv6;
    uint16_t to;
    bool numeric, ipv4, ipv6, keep_alive, mptcp;
    /* unix */
    char *path;
    bool abstract;
    bool tight;              /* default true */
    /* vsock */
    char *cid;
    /* fd */
    char *str;
} SocketAddress;

/* A new address of @type with QEMU's defaults (tight=true). */
SocketAddress *socket_address_new(SocketAddressType type);

void socket_address_free(SocketAddress *addr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SocketAddress, socket_address_free)

/* QAPI name of @type: "inet", "unix", "vsock", "fd". */
const char *socket_address_type_name(SocketAddressType type);

/*
 * QEMU's URI form, shown by `info network` for stream netdevs:
 * "tcp:HOST:PORT", "unix:PATH", "fd:STR", "vsock:CID:PORT".
 */
char *socket_address_uri(const SocketAddress *addr);

/*
 * The SocketAddress of a kernel address: inet (numeric host, ipv4/ipv6
 * flag set) or unix (abstract names decoded).  NULL for other families.
 */
SocketAddress *socket_address_from_sockaddr(const struct sockaddr_storage *ss,
                                            socklen_t len, Error **errp);

/* getsockname()/getpeername() of @fd as a SocketAddress. */
SocketAddress *socket_local_address(int fd, Error **errp);
SocketAddress *socket_remote_address(int fd, Error **errp);

/* ---- socket set-up (all sockets returned are non-blocking, CLOEXEC) ---- */

/* One kernel address a SocketAddress resolves to. */
typedef struct SocketTarget {
    struct sockaddr_storage ss;
    socklen_t len;
    int protocol;            /* IPPROTO_MPTCP when asked, else 0 */
} SocketTarget;

/*
 * Kernel addresses of an inet or unix @addr for a socket of @socktype:
 * getaddrinfo() of host/port (honouring ipv4/ipv6/numeric, @passive for
 * binding), or the unix path (abstract/tight as given).  Returns a GArray
 * of SocketTarget (g_array_unref()), or NULL with @errp set.
 */
GArray *socket_address_resolve(const SocketAddress *addr, int socktype,
                               bool passive, Error **errp);

/*
 * A listening stream socket for @addr: inet (every resolved address, ports
 * port..to, SO_REUSEADDR), unix (the path is unlinked first), or fd (the
 * given socket is put into the listen state).  Returns the fd or -1.
 */
int socket_listen_address(const SocketAddress *addr, int backlog,
                          Error **errp);

/*
 * Starts a non-blocking connect to @target.  Returns the fd; *@done is
 * true when the connection completed at once, false when it is in
 * progress (wait for POLLOUT, then socket_connect_finish()).
 */
int socket_connect_start(const SocketTarget *target, int socktype,
                         bool *done, Error **errp);

/* The result of an in-progress connect: 0, or the errno it failed with. */
int socket_connect_finish(int fd);

/* Makes @fd non-blocking; returns 0 or -errno. */
int socket_set_nonblock(int fd);

/* True when @fd is an open socket. */
bool socket_fd_is_socket(int fd);

/*
 * Asks for a receive buffer of at least @bytes on datagram socket @fd, so
 * that a pause of a few milliseconds in the reading program leaves frames
 * waiting in the kernel instead of dropped (a UDP socket drops what does
 * not fit: udp(7), the socket's "d" counter in `ss -uanm`).
 *
 * SO_RCVBUF is capped at net.core.rmem_max; when that leaves less than
 * asked, SO_RCVBUFFORCE is tried, which only a process with CAP_NET_ADMIN
 * may use (socket(7)).  Whatever the kernel grants is kept without a
 * message; a buffer already that large is not touched.  For AF_UNIX
 * datagrams the setting is harmless but moot: there the sender waits.
 *
 * Returns the size getsockopt(SO_RCVBUF) reports afterwards (twice what
 * was granted: the kernel adds room for its bookkeeping), or -errno.
 */
int socket_grow_rcvbuf(int fd, int bytes);

#endif
