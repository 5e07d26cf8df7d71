/* slirp-cork.c: libslirp's writes to host TCP sockets gathered per main-loop iteration (TCP_CORK). */
#include "net/slirp-cork.h"

#include <glib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <sys/socket.h>

/* Distinct destination ports remembered between pushes; more: push all. */
#define CORK_PORTS_MAX 4

typedef struct CorkSocket {
    bool corked;          /* a TCP socket we corked; else never pushed */
    bool written;         /* libslirp may have written since the last push */
    uint16_t peer_port;   /* host order; 0 until the socket is connected */
} CorkSocket;

struct NetSlirpCork {
    GHashTable *sockets;  /* fd -> CorkSocket, every fd libslirp polls */
    bool pending;         /* something may wait to be pushed */
    bool push_all;        /* a frame whose connection is not known */
    unsigned nports;
    uint16_t ports[CORK_PORTS_MAX];
};

NetSlirpCork *net_slirp_cork_new(void)
{
    NetSlirpCork *cork = g_new0(NetSlirpCork, 1);
    cork->sockets = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    return cork;
}

void net_slirp_cork_free(NetSlirpCork *cork)
{
    if (cork) {
        g_hash_table_destroy(cork->sockets);
        g_free(cork);
    }
}

static int int_option(int fd, int level, int name)
{
    int value = -1;
    socklen_t len = sizeof(value);
    return getsockopt(fd, level, name, &value, &len) == 0 ? value : -1;
}

/* Only sockets that carry a TCP stream: not listeners, UDP, ICMP or Unix. */
static bool corkable(int fd)
{
    int domain = int_option(fd, SOL_SOCKET, SO_DOMAIN);
    return (domain == AF_INET || domain == AF_INET6) &&
           int_option(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM &&
           int_option(fd, SOL_SOCKET, SO_ACCEPTCONN) == 0;
}

void net_slirp_cork_watch(NetSlirpCork *cork, int fd)
{
    gpointer key = GINT_TO_POINTER(fd);
    if (g_hash_table_contains(cork->sockets, key)) {
        return;
    }
    CorkSocket *so = g_new0(CorkSocket, 1);
    int one = 1;
    so->corked = corkable(fd) &&
                 setsockopt(fd, IPPROTO_TCP, TCP_CORK, &one, sizeof(one)) == 0;
    g_hash_table_insert(cork->sockets, key, so);
}

void net_slirp_cork_forget(NetSlirpCork *cork, int fd)
{
    g_hash_table_remove(cork->sockets, GINT_TO_POINTER(fd));
}

static void note_port(NetSlirpCork *cork, uint16_t port)
{
    cork->pending = true;
    for (unsigned i = 0; i < cork->nports; i++) {
        if (cork->ports[i] == port) {
            return;
        }
    }
    if (cork->nports == CORK_PORTS_MAX) {
        cork->push_all = true;
        return;
    }
    cork->ports[cork->nports++] = port;
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* A TCP header of @len bytes with what follows it: note it when it has data. */
static void note_tcp(NetSlirpCork *cork, const uint8_t *tcp, size_t len)
{
    if (len < 20 || len <= (size_t)(tcp[12] >> 4) * 4) {
        return;             /* malformed (libslirp drops it) or no payload */
    }
    note_port(cork, be16(tcp + 2));
}

static void note_ipv4(NetSlirpCork *cork, const uint8_t *ip, size_t len)
{
    size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
    if (len < 20 || (ip[0] >> 4) != 4 || ihl < 20 || len < ihl ||
        ip[9] != IPPROTO_TCP) {
        return;
    }
    if (be16(ip + 6) & 0x3fff) {
        /* A fragment (RFC 791 MF or offset): libslirp reassembles it. */
        cork->pending = cork->push_all = true;
        return;
    }
    size_t total = be16(ip + 2);
    note_tcp(cork, ip + ihl, MIN(total, len) > ihl ? MIN(total, len) - ihl : 0);
}

static void note_ipv6(NetSlirpCork *cork, const uint8_t *ip, size_t len)
{
    if (len < 40 || (ip[0] >> 4) != 6) {
        return;
    }
    switch (ip[6]) {
    case IPPROTO_TCP:
        note_tcp(cork, ip + 40, MIN((size_t)be16(ip + 4), len - 40));
        return;
    case IPPROTO_HOPOPTS:
    case IPPROTO_ROUTING:
    case IPPROTO_FRAGMENT:
    case IPPROTO_DSTOPTS:
        /* TCP may follow extension headers (RFC 8200 section 4). */
        cork->pending = cork->push_all = true;
        return;
    default:
        return;
    }
}

void net_slirp_cork_note_frame(NetSlirpCork *cork, const uint8_t *frame,
                               size_t len)
{
    if (len < 14) {
        return;
    }
    switch (be16(frame + 12)) {
    case 0x0800:
        note_ipv4(cork, frame + 14, len - 14);
        break;
    case 0x86dd:
        note_ipv6(cork, frame + 14, len - 14);
        break;
    default:
        break;
    }
}

void net_slirp_cork_note_writable(NetSlirpCork *cork, int fd)
{
    CorkSocket *so = g_hash_table_lookup(cork->sockets, GINT_TO_POINTER(fd));
    if (so && so->corked) {
        so->written = true;
        cork->pending = true;
    }
}

/* The socket's peer port, learnt once it is connected. */
static uint16_t peer_port(CorkSocket *so, int fd)
{
    if (!so->peer_port) {
        struct sockaddr_storage addr;
        socklen_t len = sizeof(addr);
        if (getpeername(fd, (struct sockaddr *)&addr, &len) == 0) {
            so->peer_port = addr.ss_family == AF_INET6
                ? ntohs(((struct sockaddr_in6 *)&addr)->sin6_port)
                : ntohs(((struct sockaddr_in *)&addr)->sin_port);
        }
    }
    return so->peer_port;
}

/*
 * A guest segment with destination port P went to the host socket whose
 * peer port is P: for connections the guest opened, libslirp connects to
 * the destination's port; for host forwards, the guest talks to the port
 * of the host peer libslirp accepted.
 */
static bool was_written(NetSlirpCork *cork, CorkSocket *so, int fd)
{
    if (so->written || cork->push_all) {
        return true;
    }
    if (!cork->nports) {
        return false;
    }
    uint16_t port = peer_port(so, fd);
    for (unsigned i = 0; port && i < cork->nports; i++) {
        if (cork->ports[i] == port) {
            return true;
        }
    }
    return false;
}

void net_slirp_cork_push(NetSlirpCork *cork)
{
    if (!cork->pending) {
        return;
    }
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, cork->sockets);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        CorkSocket *so = value;
        int fd = GPOINTER_TO_INT(key);
        if (so->corked && was_written(cork, so, fd)) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        }
        so->written = false;
    }
    cork->pending = cork->push_all = false;
    cork->nports = 0;
}
