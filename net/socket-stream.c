/* socket-stream.c: the TCP modes of the `socket` netdev: listen=, connect= and fd= of a stream socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include "net/context.h"
#include "net/socket-flow.h"
#include "net/socket-source.h"
#include "net/socket.h"
#include "net/stream-conn.h"
#include "util/sockets.h"

typedef struct SocketStream {
    NetClient nc;
    StreamConn conn;
    int listen_fd;             /* listen=: the listening socket, else -1 */
    SocketSource *listen_src;  /* accepts, or waits for connect= to finish */
    int connecting_fd;         /* connect= in progress, else -1 */
} SocketStream;

static SocketStream *socket_stream(NetClient *nc)
{
    return NET_CLIENT_UPCAST(SocketStream, nc);
}

static ssize_t socket_stream_receive_iov(NetClient *nc,
                                         const struct iovec *iov, int iovcnt,
                                         unsigned flags)
{
    return stream_conn_receive_iov(&socket_stream(nc)->conn, iov, iovcnt);
}

/*
 * Frames wait (in the core) only while connect= is in progress, as a
 * write to a connecting socket would; a listener with nobody connected has
 * its link down, and the core drops for it as QEMU does.
 */
static bool socket_stream_can_receive(NetClient *nc)
{
    SocketStream *s = socket_stream(nc);
    return s->connecting_fd < 0 && stream_conn_can_receive(&s->conn);
}

static void socket_stream_cleanup(NetClient *nc)
{
    SocketStream *s = socket_stream(nc);
    stream_conn_destroy(&s->conn);
    socket_source_free(s->listen_src);
    s->listen_src = NULL;
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        s->listen_fd = -1;
    }
    if (s->connecting_fd >= 0) {
        close(s->connecting_fd);
        s->connecting_fd = -1;
    }
}

static const NetClientInfo socket_stream_info = {
    .type = "socket",
    .size = sizeof(SocketStream),
    .host_side = true,
    .receive_iov = socket_stream_receive_iov,
    .can_receive = socket_stream_can_receive,
    .cleanup = socket_stream_cleanup,
};

static void socket_stream_sent(NetClient *nc, ssize_t ret)
{
    stream_conn_sent(&socket_stream(nc)->conn);
}

static void set_nodelay(int fd)
{
    int one = 1;
    /* Fails harmlessly on a unix socket given with fd=. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* The connection is gone: link down, empty info, listen again if we can. */
static void socket_stream_closed(void *opaque)
{
    SocketStream *s = opaque;

    s->nc.link_down = true;
    net_client_set_info_str(&s->nc, "%s", "");
    if (s->listen_fd >= 0) {
        socket_source_set_events(s->listen_src, G_IO_IN);
    }
    /* Frames that waited for the socket are dropped as for a link down. */
    socket_flow_resume(&s->nc);
}

static SocketStream *socket_stream_new(QnetContext *ctx, NetClient *peer,
                                       const char *name)
{
    NetClient *nc = net_client_new(ctx, &socket_stream_info, peer, "socket",
                                   name);
    SocketStream *s = socket_stream(nc);
    s->listen_fd = -1;
    s->connecting_fd = -1;
    stream_conn_init(&s->conn, nc, socket_stream_sent, socket_stream_closed,
                     s);
    return s;
}

/* listen='s or connect='s "host:port" into @addr, and a TCP socket; or -1. */
static int stream_socket_new(struct sockaddr_in *addr, const char *host_port,
                             Error **errp)
{
    if (!inet_parse_host_port(addr, host_port, errp)) {
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "can't create stream socket");
    }
    return fd;
}

/* ---------------------------------------------------------------- fd= */

bool net_socket_stream_fd_init(QnetContext *ctx, const char *name,
                               NetClient *peer, int fd, Error **errp)
{
    SocketStream *s = socket_stream_new(ctx, peer, name);
    net_client_set_info_str(&s->nc, "socket: fd=%d", fd);
    set_nodelay(fd);
    stream_conn_attach(&s->conn, fd);
    return true;
}

/* ---------------------------------------------------------------- listen= */

static void socket_stream_accept(void *opaque, GIOCondition revents)
{
    SocketStream *s = opaque;
    struct sockaddr_in peer_addr;
    socklen_t len = sizeof(peer_addr);
    char text[INET_ADDRSTRLEN];

    if (stream_conn_is_open(&s->conn)) {
        return;
    }
    int fd = accept4(s->listen_fd, (struct sockaddr *)&peer_addr, &len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        return;     /* EAGAIN, or the client went away before we took it */
    }
    /* One client at a time: stop accepting until it leaves. */
    socket_source_set_events(s->listen_src, 0);
    set_nodelay(fd);
    s->nc.link_down = false;
    stream_conn_attach(&s->conn, fd);
    net_client_set_info_str(&s->nc, "socket: connection from %s:%d",
                            inet_addr_text(&peer_addr, text),
                            ntohs(peer_addr.sin_port));
}

bool net_socket_listen_init(QnetContext *ctx, const char *name,
                            NetClient *peer, const char *host_port,
                            Error **errp)
{
    struct sockaddr_in addr;
    char text[INET_ADDRSTRLEN];

    int fd = stream_socket_new(&addr, host_port, errp);
    if (fd < 0) {
        return false;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                         inet_addr_text(&addr, text));
        close(fd);
        return false;
    }
    /* QEMU's backlog of 0: the kernel still queues a client or so. */
    if (listen(fd, 0) < 0) {
        error_setg_errno(errp, errno, "can't listen on socket");
        close(fd);
        return false;
    }
    SocketStream *s = socket_stream_new(ctx, peer, name);
    s->nc.link_down = true;
    s->listen_fd = fd;
    s->listen_src = socket_source_new(ctx, socket_stream_accept, s);
    socket_source_set_fd(s->listen_src, fd, G_IO_IN);
    return true;
}

/* ---------------------------------------------------------------- connect= */

static void socket_stream_connect_done(void *opaque, GIOCondition revents)
{
    SocketStream *s = opaque;
    int fd = s->connecting_fd;

    if (fd < 0 || !(revents & (G_IO_OUT | G_IO_ERR | G_IO_HUP))) {
        return;
    }
    socket_source_set_fd(s->listen_src, -1, 0);
    s->connecting_fd = -1;
    if (socket_connect_finish(fd) != 0) {
        /* QEMU says nothing; the info string just empties. */
        close(fd);
        socket_stream_closed(s);
        return;
    }
    stream_conn_attach(&s->conn, fd);
    socket_flow_resume(&s->nc);  /* frames that waited for the connection */
}

bool net_socket_connect_init(QnetContext *ctx, const char *name,
                             NetClient *peer, const char *host_port,
                             Error **errp)
{
    struct sockaddr_in addr;
    char text[INET_ADDRSTRLEN];

    int fd = stream_socket_new(&addr, host_port, errp);
    if (fd < 0) {
        return false;
    }
    bool connected = false;
    for (;;) {
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0) {
            connected = true;
            break;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EINPROGRESS || errno == EALREADY) {
            break;
        }
        error_setg_errno(errp, errno, "can't connect socket");
        close(fd);
        return false;
    }
    set_nodelay(fd);
    SocketStream *s = socket_stream_new(ctx, peer, name);
    if (connected) {
        stream_conn_attach(&s->conn, fd);
    } else {
        s->connecting_fd = fd;
        s->listen_src = socket_source_new(ctx, socket_stream_connect_done, s);
        socket_source_set_fd(s->listen_src, fd, G_IO_OUT);
    }
    net_client_set_info_str(&s->nc, "socket: connect to %s:%d",
                            inet_addr_text(&addr, text),
                            ntohs(addr.sin_port));
    return true;
}
