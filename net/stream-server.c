/* stream-server.c: `-netdev stream,server=on`: listen, accept one client at a time, listen again when it leaves. */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/stream.h"

static void server_accept(void *opaque, GIOCondition revents)
{
    StreamNetdev *s = opaque;
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (stream_conn_is_open(&s->conn)) {
        return;
    }
    int fd = accept4(s->listen_fd, (struct sockaddr *)&ss, &len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        return;     /* EAGAIN, or the client left before we took it */
    }
    /* One client at a time: the kernel's backlog holds the next ones. */
    socket_source_set_events(s->aux_src, 0);

    /* QEMU shows the peer for inet, but our own path for unix. */
    g_autoptr(SocketAddress) shown =
        ss.ss_family == AF_UNIX ? socket_local_address(fd, NULL)
                                : socket_address_from_sockaddr(&ss, len, NULL);
    if (!shown) {
        shown = socket_address_new(SOCKET_ADDRESS_TYPE_UNIX);
        shown->path = g_strdup("");
    }
    net_stream_connected(s, fd, shown);
}

void net_stream_server_start(StreamNetdev *s)
{
    /* QEMU listens with a backlog of 0 (the kernel still queues one). */
    int fd = socket_listen_address(s->addr, 0, NULL);
    if (fd < 0) {
        /* QEMU listens asynchronously and reports only this. */
        net_client_set_info_str(&s->nc, "%s", NET_STREAM_CONNECTION_ERROR);
        return;
    }
    s->listen_fd = fd;
    if (s->addr->type == SOCKET_ADDRESS_TYPE_UNIX && !s->addr->abstract) {
        s->unlink_path = g_strdup(s->addr->path);
    }
    s->aux_src = socket_source_new(s->nc.ctx, server_accept, s);
    socket_source_set_fd(s->aux_src, fd, G_IO_IN);
}

void net_stream_server_closed(StreamNetdev *s)
{
    if (s->aux_src) {
        socket_source_set_events(s->aux_src, G_IO_IN);
    }
}

void net_stream_server_cleanup(StreamNetdev *s)
{
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        s->listen_fd = -1;
    }
    /* QEMU removes the socket file it created when the netdev goes. */
    if (s->unlink_path) {
        unlink(s->unlink_path);
        g_free(s->unlink_path);
        s->unlink_path = NULL;
    }
}
