/* stream-client.c: `-netdev stream` (server=off): connect to addr=, and again every reconnect= seconds if asked. */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/context.h"
#include "net/stream.h"
#include "util/source.h"

static void client_try_next(StreamNetdev *s);

static void client_reconnect_fire(void *opaque)
{
    net_stream_client_start(opaque);
}

static void client_schedule_reconnect(StreamNetdev *s)
{
    /* An fd= connection cannot be made again: the fd is gone. */
    if (!s->reconnect || s->reconnect_timer ||
        s->addr->type == SOCKET_ADDRESS_TYPE_FD) {
        return;
    }
    source_call_once(&s->reconnect_timer,
                     g_timeout_source_new_seconds(s->reconnect),
                     s->nc.ctx->main_context, client_reconnect_fire, s);
}

static void client_failed(StreamNetdev *s)
{
    net_client_set_info_str(&s->nc, "%s", NET_STREAM_CONNECTION_ERROR);
    client_schedule_reconnect(s);
}

/* Connected: the info shows the remote address as the kernel gives it. */
static void client_established(StreamNetdev *s, int fd)
{
    g_autoptr(SocketAddress) shown = socket_remote_address(fd, NULL);
    if (!shown) {
        close(fd);
        client_failed(s);
        return;
    }
    net_stream_connected(s, fd, shown);
}

static void client_connect_done(void *opaque, GIOCondition revents)
{
    StreamNetdev *s = opaque;
    int fd = s->connecting_fd;

    if (fd < 0 || !(revents & (G_IO_OUT | G_IO_ERR | G_IO_HUP))) {
        return;
    }
    socket_source_set_fd(s->aux_src, -1, 0);
    s->connecting_fd = -1;
    if (socket_connect_finish(fd) != 0) {
        close(fd);
        client_try_next(s);
        return;
    }
    client_established(s, fd);
}

static void client_try_next(StreamNetdev *s)
{
    while (s->targets && s->next_target < s->targets->len) {
        const SocketTarget *t = &g_array_index(s->targets, SocketTarget,
                                               s->next_target++);
        bool done = false;
        int fd = socket_connect_start(t, SOCK_STREAM, &done, NULL);
        if (fd < 0) {
            continue;
        }
        if (done) {
            client_established(s, fd);
            return;
        }
        s->connecting_fd = fd;
        if (!s->aux_src) {
            s->aux_src = socket_source_new(s->nc.ctx, client_connect_done, s);
        }
        socket_source_set_fd(s->aux_src, fd, G_IO_OUT);
        return;
    }
    client_failed(s);
}

/* addr.type=fd: the socket is connected already. */
static void client_start_fd(StreamNetdev *s)
{
    int fd = socket_parse_fd(s->addr->str, NULL);
    if (fd < 0 || !socket_fd_is_socket(fd)) {
        client_failed(s);
        return;
    }
    if (socket_set_nonblock(fd) < 0) {
        client_failed(s);
        return;
    }
    client_established(s, fd);
}

void net_stream_client_start(StreamNetdev *s)
{
    if (s->addr->type == SOCKET_ADDRESS_TYPE_FD) {
        client_start_fd(s);
        return;
    }
    if (s->targets) {
        g_array_unref(s->targets);
    }
    s->targets = socket_address_resolve(s->addr, SOCK_STREAM, false, NULL);
    s->next_target = 0;
    client_try_next(s);
}

void net_stream_client_closed(StreamNetdev *s)
{
    client_schedule_reconnect(s);
}

void net_stream_client_cleanup(StreamNetdev *s)
{
    if (s->connecting_fd >= 0) {
        close(s->connecting_fd);
        s->connecting_fd = -1;
    }
    source_clear(&s->reconnect_timer);
    if (s->targets) {
        g_array_unref(s->targets);
        s->targets = NULL;
    }
}
