/* char-sockaddr.h: socket chardev addresses: resolving, listening, connecting and naming them (internal). */
#ifndef QNET_CHARDEV_CHAR_SOCKADDR_H
#define QNET_CHARDEV_CHAR_SOCKADDR_H

#include <glib.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "util/error.h"

typedef enum ChardevSockAddrType {
    CHARDEV_SOCKADDR_UNIX,
    CHARDEV_SOCKADDR_INET,
    CHARDEV_SOCKADDR_FD,
} ChardevSockAddrType;

/* A socket chardev's address as its options give it. */
typedef struct ChardevSockAddr {
    ChardevSockAddrType type;
    char *path;               /* unix */
    bool abstract;
    bool tight;
    char *host;               /* inet */
    char *port;
    bool has_to;
    unsigned to;
    bool has_ipv4, ipv4;
    bool has_ipv6, ipv6;
    char *fd;                 /* fd: the number as written ("" if none) */
} ChardevSockAddr;

/* One address to bind or connect to. */
typedef struct ChardevSockTarget {
    int family;
    socklen_t len;
    struct sockaddr_storage ss;
} ChardevSockTarget;

/* Frees the strings of @addr. */
void chardev_sockaddr_clear(ChardevSockAddr *addr);

/*
 * QEMU's text for a configured address: "unix:/p", "unix:n,abstract=on,
 * tight=on", "tcp:HOST:PORT" (as given), "fd:N".  Caller frees.
 */
char *chardev_sockaddr_to_str(const ChardevSockAddr *addr);

/*
 * The unix or inet addresses to try, in order (inet: getaddrinfo's, with
 * AI_PASSIVE when @passive).  Errors: "UNIX socket path '...' is too long",
 * "address resolution failed for HOST:PORT: ...", "Cannot disable IPv4 and
 * IPv6 at same time".  Returns a GArray of ChardevSockTarget, or NULL.
 */
GArray *chardev_sockaddr_targets(const ChardevSockAddr *addr, bool passive,
                                 Error **errp);

/*
 * A listening socket (backlog 1) for a unix or inet address.  A unix
 * server removes a stale socket file first; with an empty path it makes
 * one, "$TMPDIR/qemu-socket-XXXXXX".  *@unlink_path gets the file to
 * remove on close (unix, not abstract).  inet tries ports PORT..TO.
 * Returns the fd, or -1 with QEMU's error.
 */
int chardev_socket_listen(const ChardevSockAddr *addr, char **unlink_path,
                          Error **errp);

/*
 * Connects, blocking, to each address in turn.  Returns the connected fd,
 * or -1 with "Failed to connect to 'PATH'" / "Failed to connect to
 * 'HOST:PORT'" and the last errno.
 */
int chardev_socket_connect(const ChardevSockAddr *addr, Error **errp);

/*
 * Starts a non-blocking connect to @t: returns the fd with *@done set when
 * it connected at once, the fd with *@done clear while in progress, or -1
 * with errno set.
 */
int chardev_socket_connect_start(const ChardevSockTarget *t, bool *done);

/* The connect error of @addr with @err: "Failed to connect to '...'". */
void chardev_socket_connect_error(const ChardevSockAddr *addr, int err,
                                  Error **errp);

/*
 * QEMU's name of a listening socket from its local address:
 * "unix:/p", "unix:n,abstract=on,tight=on", "tcp:0.0.0.0:4444",
 * "tcp:::1:4444" (no brackets).  Caller frees.
 */
char *chardev_socket_listen_str(int fd);

/*
 * QEMU's name of a connected socket: "unix:LOCALPATH[,server=on]" or
 * "tcp:LOCAL[,server=on] <-> PEER" with IPv6 hosts in brackets.
 */
char *chardev_socket_conn_str(int fd, bool server);

#endif
