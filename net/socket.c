/* socket.c: the `socket` netdev: option checks and the choice of mode (QEMU 7.2's net_init_socket rules). */
#include "net/socket.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/backends.h"
#include "qapi/access.h"
#include "util/sockets.h"

/* fd=: QEMU takes a stream or datagram socket by its SO_TYPE. */
static bool socket_fd_init(QnetContext *ctx, const char *name,
                           NetClient *peer, const char *fd_str, Error **errp)
{
    int fd = socket_parse_fd(fd_str, errp);
    if (fd < 0) {
        return false;
    }
    int ret = socket_set_nonblock(fd);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "%s: Can't use file descriptor %d",
                         name, fd);
        return false;
    }
    int so_type = -1;
    socklen_t len = sizeof(so_type);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &so_type, &len) < 0) {
        error_setg(errp, "can't get socket option SO_TYPE");
        close(fd);
        return false;
    }
    switch (so_type) {
    case SOCK_DGRAM:
        return net_socket_dgram_fd_init(ctx, name, peer, fd, errp);
    case SOCK_STREAM:
        return net_socket_stream_fd_init(ctx, name, peer, fd, errp);
    }
    error_setg(errp, "socket type=%d for fd=%d must be either SOCK_DGRAM or "
               "SOCK_STREAM", so_type, fd);
    close(fd);
    return false;
}

bool net_socket_init(QnetContext *ctx, JsonObject *opts, const char *name,
                     NetClient *peer, Error **errp)
{
    const char *fd = qapi_get_str(opts, "fd", NULL);
    const char *listen = qapi_get_str(opts, "listen", NULL);
    const char *connect = qapi_get_str(opts, "connect", NULL);
    const char *mcast = qapi_get_str(opts, "mcast", NULL);
    const char *udp = qapi_get_str(opts, "udp", NULL);
    const char *localaddr = qapi_get_str(opts, "localaddr", NULL);

    /* QEMU's wording leaves fd= out, but fd= counts as a mode. */
    if (!!fd + !!listen + !!connect + !!mcast + !!udp != 1) {
        error_setg(errp, "exactly one of listen=, connect=, mcast= or udp= "
                   "is required");
        return false;
    }
    if (localaddr && !mcast && !udp) {
        error_setg(errp, "localaddr= is only valid with mcast= or udp=");
        return false;
    }
    if (fd) {
        return socket_fd_init(ctx, name, peer, fd, errp);
    }
    if (listen) {
        return net_socket_listen_init(ctx, name, peer, listen, errp);
    }
    if (connect) {
        return net_socket_connect_init(ctx, name, peer, connect, errp);
    }
    if (mcast) {
        return net_socket_mcast_init(ctx, name, peer, mcast, localaddr, errp);
    }
    if (!localaddr) {
        error_setg(errp, "localaddr= is mandatory with udp=");
        return false;
    }
    return net_socket_udp_init(ctx, name, peer, udp, localaddr, errp);
}
