/* stream.c: the `stream` netdev (QEMU 7.2): options, the shared connection, info string and events. */
#include "net/stream.h"

#include <netinet/tcp.h>
#include <sys/socket.h>

#include "net/backends.h"
#include "net/context.h"
#include "net/events.h"
#include "net/socket-flow.h"
#include "net/stream-addr.h"
#include "qapi/access.h"

static StreamNetdev *stream_netdev(NetClient *nc)
{
    return NET_CLIENT_UPCAST(StreamNetdev, nc);
}

static ssize_t stream_receive_iov(NetClient *nc, const struct iovec *iov,
                                  int iovcnt, unsigned flags)
{
    return stream_conn_receive_iov(&stream_netdev(nc)->conn, iov, iovcnt);
}

static bool stream_can_receive(NetClient *nc)
{
    return stream_conn_can_receive(&stream_netdev(nc)->conn);
}

static void stream_cleanup(NetClient *nc)
{
    StreamNetdev *s = stream_netdev(nc);
    stream_conn_destroy(&s->conn);
    if (s->server) {
        net_stream_server_cleanup(s);
    } else {
        net_stream_client_cleanup(s);
    }
    socket_source_free(s->aux_src);
    s->aux_src = NULL;
    socket_address_free(s->addr);
    s->addr = NULL;
}

/* While unconnected the link is down and the core drops, as in QEMU. */
static const NetClientInfo stream_info = {
    .type = "stream",
    .size = sizeof(StreamNetdev),
    .host_side = true,
    .receive_iov = stream_receive_iov,
    .can_receive = stream_can_receive,
    .cleanup = stream_cleanup,
};

static void stream_sent(NetClient *nc, ssize_t ret)
{
    stream_conn_sent(&stream_netdev(nc)->conn);
}

static void stream_closed(void *opaque)
{
    StreamNetdev *s = opaque;

    s->nc.link_down = true;
    net_client_set_info_str(&s->nc, "%s", "");
    JsonObject *data = json_object_new();
    json_object_set_string_member(data, "netdev-id", s->nc.name);
    qnet_emit_event(s->nc.ctx, "NETDEV_STREAM_DISCONNECTED", data);
    /* Frames that waited for the socket are dropped as for a link down. */
    socket_flow_resume(&s->nc);
    if (s->server) {
        net_stream_server_closed(s);
    } else {
        net_stream_client_closed(s);
    }
}

void net_stream_connected(StreamNetdev *s, int fd, const SocketAddress *shown)
{
    int one = 1;
    /* Nagle off, as QEMU does; harmless failure on unix sockets. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (s->addr->keep_alive) {
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
    }
    stream_conn_attach(&s->conn, fd);
    s->nc.link_down = false;
    g_autofree char *uri = socket_address_uri(shown);
    net_client_set_info_str(&s->nc, "%s", uri);

    JsonObject *data = json_object_new();
    json_object_set_string_member(data, "netdev-id", s->nc.name);
    json_object_set_object_member(data, "addr",
                                  net_socket_address_to_qapi(shown));
    qnet_emit_event(s->nc.ctx, "NETDEV_STREAM_CONNECTED", data);
}

bool net_stream_init(QnetContext *ctx, JsonObject *opts, const char *name,
                     NetClient *peer, Error **errp)
{
    bool server = qapi_get_bool(opts, "server", false);

    /* reconnect= comes from QEMU 8.0; 7.2 has no such member. */
    if (server && qapi_has(opts, "reconnect")) {
        error_setg(errp, "'reconnect' option is incompatible with socket in "
                   "server listen mode");
        return false;
    }
    NetClient *nc = net_client_new(ctx, &stream_info, peer, "stream", name);
    StreamNetdev *s = stream_netdev(nc);
    s->addr = net_socket_address_from_qapi(qapi_get_object(opts, "addr"));
    s->server = server;
    s->listen_fd = -1;
    s->connecting_fd = -1;
    s->reconnect = (guint)qapi_get_uint(opts, "reconnect", 0);
    s->nc.link_down = true;
    stream_conn_init(&s->conn, nc, stream_sent, stream_closed, s);
    if (server) {
        net_stream_server_start(s);
    } else {
        net_stream_client_start(s);
    }
    return true;
}
