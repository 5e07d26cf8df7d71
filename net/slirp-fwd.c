/* slirp-fwd.c: the host forwards in place on one user netdev: add, remove, list. */
#include "net/slirp-fwd.h"

#include <unistd.h>

/* Tries a few probed ports in case another process takes one first. */
#define PROBE_ATTEMPTS 4

/*
 * A port the host would give a socket of @fwd's kind bound to @fwd's host
 * address with port 0, or -1.  The probe socket is closed again before
 * libslirp binds the port.
 */
static int probe_free_port(const NetSlirpHostFwd *fwd)
{
    NetSlirpSockAddr addr = fwd->host;
    socklen_t len = net_slirp_sockaddr_len(&addr);
    int type = (fwd->is_udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC;
    int fd = socket(addr.sa.sa_family, type, 0);
    int port = -1;

    if (fd < 0) {
        return -1;
    }
    net_slirp_sockaddr_set_port(&addr, 0);
    if (bind(fd, &addr.sa, len) == 0 && getsockname(fd, &addr.sa, &len) == 0) {
        port = net_slirp_sockaddr_port(&addr);
    }
    close(fd);
    return port;
}

static bool is_ipv4_only(const NetSlirpHostFwd *fwd)
{
    return fwd->host.sa.sa_family == AF_INET &&
           fwd->guest.sa.sa_family == AF_INET;
}

static bool slirp_add(NetSlirpState *s, const NetSlirpHostFwd *fwd)
{
    if (is_ipv4_only(fwd)) {
        return slirp_add_hostfwd(s->slirp, fwd->is_udp, fwd->host.in.sin_addr,
                                 net_slirp_sockaddr_port(&fwd->host),
                                 fwd->guest.in.sin_addr,
                                 net_slirp_sockaddr_port(&fwd->guest)) == 0;
    }
    return slirp_add_hostxfwd(s->slirp, &fwd->host.sa,
                              net_slirp_sockaddr_len(&fwd->host),
                              &fwd->guest.sa,
                              net_slirp_sockaddr_len(&fwd->guest),
                              fwd->is_udp ? SLIRP_HOSTFWD_UDP : 0) == 0;
}

/* Sets @fwd up, choosing the port first when it is 0. */
static bool add_with_port(NetSlirpState *s, NetSlirpHostFwd *fwd)
{
    if (net_slirp_sockaddr_port(&fwd->host) != 0) {
        return slirp_add(s, fwd);
    }
    for (int i = 0; i < PROBE_ATTEMPTS; i++) {
        int port = probe_free_port(fwd);
        if (port <= 0) {
            return false;
        }
        net_slirp_sockaddr_set_port(&fwd->host, port);
        if (slirp_add(s, fwd)) {
            return true;
        }
    }
    return false;
}

bool net_slirp_fwd_add(NetSlirpState *s, const NetSlirpHostFwd *fwd,
                       NetSlirpHostFwd *added)
{
    NetSlirpHostFwd in_place = *fwd;

    if (!add_with_port(s, &in_place)) {
        return false;
    }
    if (in_place.guest.sa.sa_family == AF_INET &&
        net_slirp_sockaddr_is_any(&in_place.guest)) {
        in_place.guest.in.sin_addr = s->dhcp_start;
    }
    g_array_append_val(s->hostfwds, in_place);
    if (added) {
        *added = in_place;
    }
    return true;
}

static bool slirp_remove(NetSlirpState *s, const NetSlirpHostFwd *fwd)
{
    if (fwd->host.sa.sa_family == AF_INET) {
        return slirp_remove_hostfwd(s->slirp, fwd->is_udp,
                                    fwd->host.in.sin_addr,
                                    net_slirp_sockaddr_port(&fwd->host)) == 0;
    }
    return slirp_remove_hostxfwd(s->slirp, &fwd->host.sa,
                                 net_slirp_sockaddr_len(&fwd->host),
                                 fwd->is_udp ? SLIRP_HOSTFWD_UDP : 0) == 0;
}

bool net_slirp_fwd_remove(NetSlirpState *s, const NetSlirpHostFwd *fwd)
{
    if (!slirp_remove(s, fwd)) {
        return false;
    }
    for (guint i = 0; i < s->hostfwds->len; i++) {
        NetSlirpHostFwd *f = &g_array_index(s->hostfwds, NetSlirpHostFwd, i);
        if (f->is_udp == fwd->is_udp &&
            net_slirp_sockaddr_equal(&f->host, &fwd->host)) {
            g_array_remove_index(s->hostfwds, i);
            break;
        }
    }
    return true;
}

const GArray *net_slirp_fwd_list(const NetSlirpState *s)
{
    return s->hostfwds;
}
