/* socket.h: the parts of the `socket` netdev (QEMU 7.2's legacy IPv4 socket backend) and what dgram shares with it. */
#ifndef QNET_NET_SOCKET_H
#define QNET_NET_SOCKET_H

#include <netinet/in.h>

#include "net/client.h"

/*
 * `-netdev socket` has one mode of fd=, listen=, connect=, mcast=, udp=.
 * socket.c checks the options and picks the mode; socket-stream.c runs the
 * TCP modes (4-byte length framing), socket-dgram.c the datagram modes.
 * The errors are QEMU 7.2's (see docs/socket-backends.md).
 */

/* listen=[host]:port: accepts one client at a time; link down meanwhile. */
bool net_socket_listen_init(QnetContext *ctx, const char *name,
                            NetClient *peer, const char *host_port,
                            Error **errp);

/* connect=host:port: one non-blocking connect, no reconnect. */
bool net_socket_connect_init(QnetContext *ctx, const char *name,
                             NetClient *peer, const char *host_port,
                             Error **errp);

/* fd= of a connected stream socket (owned from now on). */
bool net_socket_stream_fd_init(QnetContext *ctx, const char *name,
                               NetClient *peer, int fd, Error **errp);

/* fd= of a datagram socket (owned from now on). */
bool net_socket_dgram_fd_init(QnetContext *ctx, const char *name,
                              NetClient *peer, int fd, Error **errp);

/* mcast=maddr:port[,localaddr=ip]. */
bool net_socket_mcast_init(QnetContext *ctx, const char *name,
                           NetClient *peer, const char *group,
                           const char *localaddr, Error **errp);

/* udp=rhost:rport,localaddr=lhost:lport. */
bool net_socket_udp_init(QnetContext *ctx, const char *name,
                         NetClient *peer, const char *remote,
                         const char *local, Error **errp);

/*
 * A non-blocking UDP socket with SO_REUSEADDR bound to @addr (udp='s
 * localaddr=, a multicast group).  QEMU's errors: "can't create datagram
 * socket", "can't set socket option SO_REUSEADDR", "can't bind ip=%s to
 * socket".  Returns the fd or -1.
 */
int net_socket_udp_bind(const struct sockaddr_in *addr, Error **errp);

/*
 * A non-blocking UDP socket bound to @group's port and address, joined to
 * the group (on the interface of @localaddr, an IPv4 address text, if
 * given), with multicast loopback on so other processes on this host see
 * the frames.  QEMU's errors: "localaddr '%s' is not a valid IPv4
 * address", "specified mcastaddr %s (0x%08x) does not contain a multicast
 * address", those of net_socket_udp_bind(), "can't add socket to
 * multicast group %s", ...  Returns the fd or -1.
 */
int net_socket_mcast_create(const struct sockaddr_in *group,
                            const char *localaddr, Error **errp);

#endif
