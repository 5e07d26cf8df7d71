/* dgram.c: the `dgram` netdev (QEMU 7.2): unix or inet datagrams, multicast, or a given datagram socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "net/backends.h"
#include "net/dgram-io.h"
#include "net/socket.h"
#include "net/stream-addr.h"
#include "qapi/access.h"
#include "util/sockets.h"

static const NetClientInfo dgram_info = {
    .type = "dgram",
    .size = sizeof(DgramNetClient),
    .host_side = true,
    .receive_iov = dgram_net_client_receive_iov,
    .can_receive = dgram_net_client_can_receive,
    .cleanup = dgram_net_client_cleanup,
};

/* local.type=fd: a datagram socket given by number. */
static int dgram_take_fd(const char *name, const SocketAddress *local,
                         Error **errp)
{
    int fd = socket_parse_fd(local->str, errp);
    if (fd < 0) {
        return -1;
    }
    int ret = socket_set_nonblock(fd);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "%s: Can't use file descriptor %d",
                         name, fd);
        return -1;
    }
    return fd;
}

/*
 * local.type=fd with a multicast remote: the given socket is replaced by a
 * fresh one joined to the group (QEMU's "cloned" socket, so that every
 * process sharing the original sees the group).  QEMU 7.2 fails here with
 * "port number '(null)' is invalid"; qnet does what was meant.
 */
static int dgram_clone_mcast(const char *name, const SocketAddress *local,
                             const struct sockaddr_in *group, Error **errp)
{
    int fd = dgram_take_fd(name, local, errp);
    if (fd < 0) {
        return -1;
    }
    if (group->sin_addr.s_addr == 0) {
        error_setg(errp, "can't setup multicast destination address");
        return -1;
    }
    int newfd = net_socket_mcast_create(group, NULL, errp);
    if (newfd < 0) {
        return -1;
    }
    dup2(newfd, fd);
    close(newfd);
    return fd;
}

static bool dgram_mcast_init(QnetContext *ctx, const char *name,
                             NetClient *peer, const SocketAddress *remote,
                             const SocketAddress *local, Error **errp)
{
    struct sockaddr_in group;
    char text[INET_ADDRSTRLEN];
    int fd;

    if (!inet_convert_host_port(&group, remote->host, remote->port, errp)) {
        return false;
    }
    if (!local) {
        fd = net_socket_mcast_create(&group, NULL, errp);
    } else if (local->type == SOCKET_ADDRESS_TYPE_INET) {
        fd = net_socket_mcast_create(&group, local->host, errp);
    } else if (local->type == SOCKET_ADDRESS_TYPE_FD) {
        fd = dgram_clone_mcast(name, local, &group, errp);
    } else {
        error_setg(errp, "only support inet or fd type for local");
        return false;
    }
    if (fd < 0) {
        return false;
    }
    DgramNetClient *dc = dgram_net_client_new(
        ctx, &dgram_info, peer, "dgram", name, fd,
        (const struct sockaddr *)&group, sizeof(group));
    if (local && local->type == SOCKET_ADDRESS_TYPE_FD) {
        net_client_set_info_str(&dc->nc, "fd=%d (cloned mcast=%s:%d)", fd,
                                inet_addr_text(&group, text),
                                ntohs(group.sin_port));
    } else {
        net_client_set_info_str(&dc->nc, "mcast=%s:%d",
                                inet_addr_text(&group, text),
                                ntohs(group.sin_port));
    }
    return true;
}

static bool dgram_inet_init(QnetContext *ctx, const char *name,
                            NetClient *peer, const SocketAddress *local,
                            const SocketAddress *remote, Error **errp)
{
    struct sockaddr_in laddr, raddr;
    char ltext[INET_ADDRSTRLEN], rtext[INET_ADDRSTRLEN];

    if (!inet_convert_host_port(&laddr, local->host, local->port, errp) ||
        !inet_convert_host_port(&raddr, remote->host, remote->port, errp)) {
        return false;
    }
    int fd = net_socket_udp_bind(&laddr, errp);
    if (fd < 0) {
        return false;
    }
    DgramNetClient *dc = dgram_net_client_new(
        ctx, &dgram_info, peer, "dgram", name, fd,
        (const struct sockaddr *)&raddr, sizeof(raddr));
    net_client_set_info_str(&dc->nc, "udp=%s:%d/%s:%d",
                            inet_addr_text(&laddr, ltext),
                            ntohs(laddr.sin_port),
                            inet_addr_text(&raddr, rtext),
                            ntohs(raddr.sin_port));
    return true;
}

static bool unix_sockaddr(struct sockaddr_un *su, const char *path,
                          Error **errp)
{
    memset(su, 0, sizeof(*su));
    su->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(su->sun_path)) {
        /* QEMU's hint is lost: it exits at the message. */
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return false;
    }
    strcpy(su->sun_path, path);
    return true;
}

static bool dgram_unix_init(QnetContext *ctx, const char *name,
                            NetClient *peer, const SocketAddress *local,
                            const SocketAddress *remote, Error **errp)
{
    struct sockaddr_un laddr, raddr;

    if (unlink(local->path) < 0 && errno != ENOENT) {
        error_setg_errno(errp, errno, "failed to unlink socket %s",
                         local->path);
        return false;
    }
    if (!unix_sockaddr(&laddr, local->path, errp) ||
        !unix_sockaddr(&raddr, remote->path, errp)) {
        return false;
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "can't create datagram socket");
        return false;
    }
    if (bind(fd, (struct sockaddr *)&laddr, sizeof(laddr)) < 0) {
        error_setg_errno(errp, errno, "can't bind unix=%s to socket",
                         laddr.sun_path);
        close(fd);
        return false;
    }
    DgramNetClient *dc = dgram_net_client_new(
        ctx, &dgram_info, peer, "dgram", name, fd,
        (const struct sockaddr *)&raddr, sizeof(raddr));
    dc->unlink_path = g_strdup(laddr.sun_path);
    net_client_set_info_str(&dc->nc, "udp=%s:%s", laddr.sun_path,
                            raddr.sun_path);
    return true;
}

static bool dgram_fd_init(QnetContext *ctx, const char *name,
                          NetClient *peer, const SocketAddress *local,
                          Error **errp)
{
    int fd = dgram_take_fd(name, local, errp);
    if (fd < 0) {
        return false;
    }
    g_autoptr(SocketAddress) bound = socket_local_address(fd, errp);
    if (!bound) {
        return false;
    }
    DgramNetClient *dc = dgram_net_client_new(ctx, &dgram_info, peer,
                                              "dgram", name, fd, NULL, 0);
    net_client_set_info_str(&dc->nc, "fd=%d %s", fd,
                            socket_address_type_name(bound->type));
    return true;
}

/* QEMU 7.2's rules, in its order (docs/socket-backends.md lists them). */
static bool dgram_check(const SocketAddress *local,
                        const SocketAddress *remote, Error **errp)
{
    if (!local) {
        error_setg(errp, "dgram requires local= parameter");
        return false;
    }
    if (remote) {
        if (local->type == SOCKET_ADDRESS_TYPE_FD) {
            error_setg(errp, "don't set remote with local.fd");
            return false;
        }
        if (remote->type != local->type) {
            error_setg(errp, "remote and local types must be the same");
            return false;
        }
    } else if (local->type != SOCKET_ADDRESS_TYPE_FD) {
        error_setg(errp, "type=inet or type=unix requires remote parameter");
        return false;
    }
    return true;
}

bool net_dgram_init(QnetContext *ctx, JsonObject *opts, const char *name,
                    NetClient *peer, Error **errp)
{
    JsonObject *local_obj = qapi_get_object(opts, "local");
    JsonObject *remote_obj = qapi_get_object(opts, "remote");
    g_autoptr(SocketAddress) local =
        local_obj ? net_socket_address_from_qapi(local_obj) : NULL;
    g_autoptr(SocketAddress) remote =
        remote_obj ? net_socket_address_from_qapi(remote_obj) : NULL;

    if (remote && remote->type == SOCKET_ADDRESS_TYPE_INET) {
        struct sockaddr_in group;
        if (!inet_convert_host_port(&group, remote->host, remote->port,
                                    errp)) {
            return false;
        }
        if (IN_MULTICAST(ntohl(group.sin_addr.s_addr))) {
            return dgram_mcast_init(ctx, name, peer, remote, local, errp);
        }
    }
    if (!dgram_check(local, remote, errp)) {
        return false;
    }
    switch (local->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        return dgram_inet_init(ctx, name, peer, local, remote, errp);
    case SOCKET_ADDRESS_TYPE_UNIX:
        return dgram_unix_init(ctx, name, peer, local, remote, errp);
    case SOCKET_ADDRESS_TYPE_FD:
        return dgram_fd_init(ctx, name, peer, local, errp);
    default:
        error_setg(errp, "only support inet or fd type for local");
        return false;
    }
}
