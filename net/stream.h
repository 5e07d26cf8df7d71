/* stream.h: the `stream` netdev (QEMU 7.2): one framed stream connection as server or client. */
#ifndef QNET_NET_STREAM_H
#define QNET_NET_STREAM_H

#include "net/client.h"
#include "net/socket-source.h"
#include "net/stream-conn.h"
#include "util/sockets.h"

/*
 * stream.c creates the client and handles what both ends share (the
 * connection, info string, events); stream-server.c listens and accepts one
 * client at a time; stream-client.c connects (and reconnects when asked).
 */
typedef struct StreamNetdev {
    NetClient nc;
    StreamConn conn;
    SocketAddress *addr;     /* addr= as given */
    bool server;
    SocketSource *aux_src;   /* server: the listening fd; client: connecting */
    /* server */
    int listen_fd;
    char *unlink_path;       /* unix socket we created, removed at the end */
    /* client */
    int connecting_fd;
    GArray *targets;         /* SocketTarget: the addresses to try */
    guint next_target;
    guint reconnect;         /* seconds between attempts, 0: none (7.2) */
    GSource *reconnect_timer;
} StreamNetdev;

/*
 * A connection is up on @fd (owned): carry frames, link up, info @shown's
 * URI, and raise NETDEV_STREAM_CONNECTED with @shown.
 */
void net_stream_connected(StreamNetdev *s, int fd, const SocketAddress *shown);

/* Server side: listens; on failure the info says "connection error". */
void net_stream_server_start(StreamNetdev *s);
void net_stream_server_closed(StreamNetdev *s);
void net_stream_server_cleanup(StreamNetdev *s);

/* Client side: one connect attempt (over every resolved address). */
void net_stream_client_start(StreamNetdev *s);
void net_stream_client_closed(StreamNetdev *s);
void net_stream_client_cleanup(StreamNetdev *s);

/* The message QEMU shows in place of the address when connecting failed. */
#define NET_STREAM_CONNECTION_ERROR "connection error"

#endif
