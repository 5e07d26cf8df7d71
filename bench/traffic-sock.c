/* traffic-sock.c: qnet-traffic's addresses and sockets (TCP, unix, UDP). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "traffic.h"

static bool parse_inet(const char *hostport, TrAddr *out)
{
    char host[100];
    const char *colon = strrchr(hostport, ':');
    if (!colon || (size_t)(colon - hostport) >= sizeof(host)) {
        return false;
    }
    memcpy(host, hostport, colon - hostport);
    host[colon - hostport] = 0;
    struct addrinfo hints = { .ai_family = AF_INET }, *res;
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0) {
        return false;
    }
    memcpy(&out->sa, res->ai_addr, res->ai_addrlen);
    out->salen = res->ai_addrlen;
    freeaddrinfo(res);
    return true;
}

/* Parse tcp:HOST:PORT, unix:PATH or udp:HOST:PORT. */
bool tr_parse_addr(const char *text, TrAddr *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->text, sizeof(out->text), "%s", text);
    if (strncmp(text, "unix:", 5) == 0) {
        struct sockaddr_un *un = (struct sockaddr_un *)&out->sa;
        if (strlen(text + 5) >= sizeof(un->sun_path)) {
            return false;
        }
        out->kind = TR_UNIX;
        un->sun_family = AF_UNIX;
        strcpy(un->sun_path, text + 5);
        out->salen = sizeof(*un);
        return true;
    }
    if (strncmp(text, "tcp:", 4) == 0) {
        out->kind = TR_TCP;
    } else if (strncmp(text, "udp:", 4) == 0) {
        out->kind = TR_UDP;
    } else {
        return false;
    }
    return parse_inet(text + 4, out);
}

static int new_socket(TrKind kind)
{
    int type = kind == TR_UDP ? SOCK_DGRAM : SOCK_STREAM;
    int fd = socket(kind == TR_UNIX ? AF_UNIX : AF_INET,
                    type | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("qnet-traffic: socket");
    }
    return fd;
}

/*
 * The tool must not be what drops datagrams, for QEMU and qnet alike: ask
 * for a 4 MiB receive buffer (what qnet's dgram sockets ask for).
 * SO_RCVBUF is capped at net.core.rmem_max (208 KiB by default: a couple
 * of milliseconds of traffic); SO_RCVBUFFORCE passes the cap when the tool
 * runs with CAP_NET_ADMIN (socket(7)).  getsockopt reports twice the size.
 */
static void grow_rcvbuf(int fd)
{
    int want = 4 << 20, got = 0;
    socklen_t len = sizeof(got);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want));
    if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == 0 &&
        got / 2 < want) {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof(want));
    }
}

static void tune(int fd, TrKind kind)
{
    int one = 1, big = 8 << 20;
    if (kind == TR_UDP) {
        grow_rcvbuf(fd);
        /* A full send buffer only blocks the source (blocking socket). */
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
    }
    if (kind == TR_TCP) {
        /* Latency runs send one small frame at a time: no Nagle delay. */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
}

/* Connect, retrying while the far end is not listening yet. */
static bool connect_retry(int fd, const TrAddr *a, unsigned timeout_ms)
{
    uint64_t deadline = tf_now_ns() + (uint64_t)timeout_ms * 1000000;
    for (;;) {
        if (connect(fd, (const struct sockaddr *)&a->sa, a->salen) == 0) {
            return true;
        }
        if ((errno != ECONNREFUSED && errno != ENOENT) ||
            tf_now_ns() > deadline) {
            fprintf(stderr, "qnet-traffic: connect %s: %s\n", a->text,
                    strerror(errno));
            return false;
        }
        nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
    }
}

/* Open a connection to @remote (UDP: bind --bind, then connect). */
bool tr_open(const TrOptions *o, const TrAddr *remote, TrConn *c)
{
    c->kind = remote->kind;
    c->fd = new_socket(remote->kind);
    if (c->fd < 0) {
        return false;
    }
    if (remote->kind == TR_UDP && o->has_bind &&
        bind(c->fd, (const struct sockaddr *)&o->bind.sa, o->bind.salen)) {
        fprintf(stderr, "qnet-traffic: bind %s: %s\n", o->bind.text,
                strerror(errno));
        return false;
    }
    tune(c->fd, remote->kind);
    return connect_retry(c->fd, remote, o->start_timeout_ms);
}

/* Listen on --listen and accept one client (UDP: bind only). */
bool tr_open_listen(const TrOptions *o, TrConn *c)
{
    const TrAddr *a = &o->listen;
    int one = 1;
    c->kind = a->kind;
    int fd = new_socket(a->kind);
    if (fd < 0) {
        return false;
    }
    if (a->kind == TR_UNIX) {
        unlink(((const struct sockaddr_un *)&a->sa)->sun_path);
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (const struct sockaddr *)&a->sa, a->salen) ||
        (a->kind != TR_UDP && listen(fd, 1))) {
        fprintf(stderr, "qnet-traffic: listen %s: %s\n", a->text,
                strerror(errno));
        return false;
    }
    if (a->kind == TR_UDP) {
        c->fd = fd;
        tune(fd, a->kind);
        return true;
    }
    if (tr_wait_readable(fd, o->start_timeout_ms) <= 0) {
        fprintf(stderr, "qnet-traffic: nobody connected to %s\n", a->text);
        return false;
    }
    c->fd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    close(fd);
    if (c->fd < 0) {
        perror("qnet-traffic: accept");
        return false;
    }
    tune(c->fd, a->kind);
    return true;
}

/* Write all of @buf to a blocking socket. */
bool tr_write_all(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };
            poll(&pfd, 1, 1000);
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= n;
    }
    return true;
}

/* Poll @fd for input: >0 readable, 0 timed out, <0 error. */
int tr_wait_readable(int fd, unsigned timeout_ms)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int r;
    do {
        r = poll(&pfd, 1, (int)timeout_ms);
    } while (r < 0 && errno == EINTR);
    return r;
}

/* Switch O_NONBLOCK on @fd on or off. */
void tr_set_nonblock(int fd, bool on)
{
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}
