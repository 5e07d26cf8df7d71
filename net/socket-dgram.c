/* socket-dgram.c: the datagram modes of the `socket` netdev: udp=, mcast= and fd= of a datagram socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <unistd.h>

#include "net/dgram-io.h"
#include "net/socket.h"
#include "util/sockets.h"

static const NetClientInfo socket_dgram_info = {
    .type = "socket",
    .size = sizeof(DgramNetClient),
    .host_side = true,
    .receive_iov = dgram_net_client_receive_iov,
    .can_receive = dgram_net_client_can_receive,
    .cleanup = dgram_net_client_cleanup,
};

/* QEMU sets each option in this order and names each failure. */
static bool mcast_setsockopts(int fd, const struct sockaddr_in *group,
                              const struct in_addr *localaddr, Error **errp)
{
    char text[INET_ADDRSTRLEN];
    struct ip_mreq imr = {
        .imr_multiaddr = group->sin_addr,
        .imr_interface.s_addr = localaddr ? localaddr->s_addr
                                          : htonl(INADDR_ANY),
    };
    if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &imr,
                   sizeof(imr)) < 0) {
        error_setg_errno(errp, errno, "can't add socket to multicast group %s",
                         inet_addr_text(group, text));
        return false;
    }
    /* Loop our datagrams back so that peers on this host see them. */
    int loop = 1;
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop,
                   sizeof(loop)) < 0) {
        error_setg_errno(errp, errno,
                         "can't force multicast message to loopback");
        return false;
    }
    if (localaddr && setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, localaddr,
                                sizeof(*localaddr)) < 0) {
        error_setg_errno(errp, errno,
                         "can't set the default network send interface");
        return false;
    }
    return true;
}

int net_socket_udp_bind(const struct sockaddr_in *addr, Error **errp)
{
    char text[INET_ADDRSTRLEN];
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "can't create datagram socket");
        return -1;
    }
    /* Several processes on one host share a multicast group's port. */
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0) {
        error_setg_errno(errp, errno, "can't set socket option SO_REUSEADDR");
        close(fd);
        return -1;
    }
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0) {
        error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                         inet_addr_text(addr, text));
        close(fd);
        return -1;
    }
    return fd;
}

int net_socket_mcast_create(const struct sockaddr_in *group,
                            const char *localaddr_str, Error **errp)
{
    char text[INET_ADDRSTRLEN];
    uint32_t addr = ntohl(group->sin_addr.s_addr);
    struct in_addr localaddr;

    if (localaddr_str && !inet_aton(localaddr_str, &localaddr)) {
        error_setg(errp, "localaddr '%s' is not a valid IPv4 address",
                   localaddr_str);
        return -1;
    }
    if (!IN_MULTICAST(addr)) {
        error_setg(errp, "specified mcastaddr %s (0x%08x) does not contain a "
                   "multicast address", inet_addr_text(group, text), addr);
        return -1;
    }
    int fd = net_socket_udp_bind(group, errp);
    if (fd >= 0 && !mcast_setsockopts(fd, group,
                                      localaddr_str ? &localaddr : NULL,
                                      errp)) {
        close(fd);
        return -1;
    }
    return fd;
}

bool net_socket_mcast_init(QnetContext *ctx, const char *name,
                           NetClient *peer, const char *group_str,
                           const char *localaddr_str, Error **errp)
{
    struct sockaddr_in group;
    char text[INET_ADDRSTRLEN];

    if (!inet_parse_host_port(&group, group_str, errp)) {
        return false;
    }
    int fd = net_socket_mcast_create(&group, localaddr_str, errp);
    if (fd < 0) {
        return false;
    }
    DgramNetClient *dc = dgram_net_client_new(
        ctx, &socket_dgram_info, peer, "socket", name, fd,
        (const struct sockaddr *)&group, sizeof(group));
    net_client_set_info_str(&dc->nc, "socket: mcast=%s:%d",
                            inet_addr_text(&group, text),
                            ntohs(group.sin_port));
    return true;
}

bool net_socket_udp_init(QnetContext *ctx, const char *name,
                         NetClient *peer, const char *remote_str,
                         const char *local_str, Error **errp)
{
    struct sockaddr_in local, remote;
    char text[INET_ADDRSTRLEN];

    /* QEMU parses localaddr= first. */
    if (!inet_parse_host_port(&local, local_str, errp) ||
        !inet_parse_host_port(&remote, remote_str, errp)) {
        return false;
    }
    int fd = net_socket_udp_bind(&local, errp);
    if (fd < 0) {
        return false;
    }
    DgramNetClient *dc = dgram_net_client_new(
        ctx, &socket_dgram_info, peer, "socket", name, fd,
        (const struct sockaddr *)&remote, sizeof(remote));
    net_client_set_info_str(&dc->nc, "socket: udp=%s:%d",
                            inet_addr_text(&remote, text),
                            ntohs(remote.sin_port));
    return true;
}

bool net_socket_dgram_fd_init(QnetContext *ctx, const char *name,
                              NetClient *peer, int fd, Error **errp)
{
    g_autoptr(SocketAddress) local = socket_local_address(fd, errp);
    if (!local) {
        close(fd);
        return false;
    }
    /*
     * QEMU 7.2 sendto()s a zeroed inet address here, which the kernel
     * refuses; qnet uses send(), so a connected socket works.
     */
    DgramNetClient *dc = dgram_net_client_new(ctx, &socket_dgram_info, peer,
                                              "socket", name, fd, NULL, 0);
    net_client_set_info_str(&dc->nc, "socket: fd=%d %s", fd,
                            socket_address_type_name(local->type));
    return true;
}
