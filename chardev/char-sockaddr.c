/* char-sockaddr.c: socket chardev addresses: getaddrinfo, bind/listen, connect and QEMU's address texts. */
#include "chardev/char-sockaddr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

void chardev_sockaddr_clear(ChardevSockAddr *addr)
{
    g_free(addr->path);
    g_free(addr->host);
    g_free(addr->port);
    g_free(addr->fd);
    memset(addr, 0, sizeof(*addr));
}

char *chardev_sockaddr_to_str(const ChardevSockAddr *addr)
{
    switch (addr->type) {
    case CHARDEV_SOCKADDR_UNIX:
        return g_strdup_printf("unix:%s%s%s", addr->path,
                               addr->abstract ? ",abstract=on" : "",
                               addr->abstract && addr->tight ? ",tight=on"
                                                             : "");
    case CHARDEV_SOCKADDR_INET:
        return g_strdup_printf("tcp:%s:%s", addr->host, addr->port);
    case CHARDEV_SOCKADDR_FD:
        break;
    }
    return g_strdup_printf("fd:%s", addr->fd);
}

static bool unix_target(const ChardevSockAddr *addr, const char *path,
                        ChardevSockTarget *t, Error **errp)
{
    struct sockaddr_un *un = (struct sockaddr_un *)&t->ss;
    size_t max = sizeof(un->sun_path) - (addr->abstract ? 1 : 0);
    size_t len = strlen(path);

    if (len >= max) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        error_append_hint(errp, "Path must be less than %zu bytes\n", max);
        return false;
    }
    memset(t, 0, sizeof(*t));
    t->family = AF_UNIX;
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path + (addr->abstract ? 1 : 0), path, len);
    t->len = sizeof(*un);
    if (addr->abstract && addr->tight) {
        t->len = offsetof(struct sockaddr_un, sun_path) + 1 + len;
    }
    return true;
}

/* getaddrinfo's family from the ipv4=/ipv6= flags. */
static bool inet_family(const ChardevSockAddr *addr, int *family,
                        Error **errp)
{
    bool v4_on = addr->has_ipv4 && addr->ipv4;
    bool v6_on = addr->has_ipv6 && addr->ipv6;
    bool v4_off = addr->has_ipv4 && !addr->ipv4;
    bool v6_off = addr->has_ipv6 && !addr->ipv6;

    if (v4_off && v6_off) {
        error_setg(errp, "Cannot disable IPv4 and IPv6 at same time");
        return false;
    }
    *family = AF_UNSPEC;
    if (v4_on && v6_on) {
        return true;
    }
    if (v6_on || v4_off) {
        *family = AF_INET6;
    } else if (v4_on || v6_off) {
        *family = AF_INET;
    }
    return true;
}

static GArray *inet_targets(const ChardevSockAddr *addr, bool passive,
                            Error **errp)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *e;
    const char *host = addr->host;
    const char *port = addr->port;

    if (!inet_family(addr, &hints.ai_family, errp)) {
        return NULL;
    }
    if (passive) {
        hints.ai_flags = AI_PASSIVE;
        host = host[0] ? host : NULL;
        port = port[0] ? port : "0";
    } else {
        hints.ai_flags = AI_ADDRCONFIG | AI_V4MAPPED;
    }
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   addr->host, addr->port, gai_strerror(rc));
        return NULL;
    }
    GArray *targets = g_array_new(FALSE, TRUE, sizeof(ChardevSockTarget));
    for (e = res; e; e = e->ai_next) {
        ChardevSockTarget t = { .family = e->ai_family,
                                .len = e->ai_addrlen };
        memcpy(&t.ss, e->ai_addr, MIN(e->ai_addrlen, sizeof(t.ss)));
        g_array_append_val(targets, t);
    }
    freeaddrinfo(res);
    return targets;
}

GArray *chardev_sockaddr_targets(const ChardevSockAddr *addr, bool passive,
                                 Error **errp)
{
    if (addr->type == CHARDEV_SOCKADDR_INET) {
        return inet_targets(addr, passive, errp);
    }
    ChardevSockTarget t;
    if (!unix_target(addr, addr->path, &t, errp)) {
        return NULL;
    }
    GArray *targets = g_array_new(FALSE, TRUE, sizeof(ChardevSockTarget));
    g_array_append_val(targets, t);
    return targets;
}

/* "$TMPDIR/qemu-socket-XXXXXX": a free name for a unix server. */
static char *unix_temp_path(Error **errp)
{
    char *path = g_build_filename(g_get_tmp_dir(), "qemu-socket-XXXXXX",
                                  NULL);
    int fd = g_mkstemp(path);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to make a temporary socket "
                         "name");
        g_free(path);
        return NULL;
    }
    close(fd);
    unlink(path);
    return path;
}

static int unix_listen(const ChardevSockAddr *addr, char **unlink_path,
                       Error **errp)
{
    g_autofree char *temp = NULL;
    const char *path = addr->path;
    ChardevSockTarget t;

    if (!addr->abstract && !path[0]) {
        temp = unix_temp_path(errp);
        if (!temp) {
            return -1;
        }
        path = temp;
    }
    if (!unix_target(addr, path, &t, errp)) {
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create Unix socket");
        return -1;
    }
    if (!addr->abstract && unlink(path) < 0 && errno != ENOENT) {
        error_setg_errno(errp, errno, "Failed to unlink socket %s", path);
    } else if (bind(fd, (struct sockaddr *)&t.ss, t.len) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s", path);
    } else if (listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
    } else {
        *unlink_path = addr->abstract ? NULL : g_strdup(path);
        return fd;
    }
    close(fd);
    return -1;
}

static void target_set_port(ChardevSockTarget *t, unsigned port)
{
    if (t->family == AF_INET) {
        ((struct sockaddr_in *)&t->ss)->sin_port = htons((uint16_t)port);
    } else if (t->family == AF_INET6) {
        ((struct sockaddr_in6 *)&t->ss)->sin6_port = htons((uint16_t)port);
    }
}

static unsigned target_port(const ChardevSockTarget *t)
{
    if (t->family == AF_INET) {
        return ntohs(((const struct sockaddr_in *)&t->ss)->sin_port);
    }
    return ntohs(((const struct sockaddr_in6 *)&t->ss)->sin6_port);
}

/* Binds @t to ports PORT..@last; returns the fd, -1 (EADDRINUSE on all
 * ports: try the next address) or -2 (another error, in @errp). */
static int inet_bind_range(const ChardevSockAddr *addr, ChardevSockTarget *t,
                           unsigned last, Error **errp)
{
    int one = 1;
    int v6only = addr->has_ipv4 && !addr->ipv4;

    for (unsigned p = target_port(t); p <= MAX(last, target_port(t)); p++) {
        int fd = socket(t->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Failed to create socket");
            return -2;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (t->family == AF_INET6) {
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                       sizeof(v6only));
        }
        target_set_port(t, p);
        if (bind(fd, (struct sockaddr *)&t->ss, t->len) == 0) {
            if (listen(fd, 1) == 0) {
                return fd;
            }
            error_setg_errno(errp, errno, "Failed to listen on socket");
            close(fd);
            return -2;
        }
        int err = errno;
        close(fd);
        if (err != EADDRINUSE) {
            error_setg_errno(errp, err, "Failed to bind socket");
            return -2;
        }
    }
    return -1;
}

static int inet_listen(const ChardevSockAddr *addr, Error **errp)
{
    GArray *targets = inet_targets(addr, true, errp);
    int fd = -1;

    if (!targets) {
        return -1;
    }
    for (guint i = 0; i < targets->len && fd == -1; i++) {
        ChardevSockTarget *t = &g_array_index(targets, ChardevSockTarget, i);
        fd = inet_bind_range(addr, t, addr->has_to ? addr->to : 0, errp);
    }
    g_array_unref(targets);
    if (fd == -1) {
        error_setg_errno(errp, EADDRINUSE,
                         "Failed to find an available port");
    }
    return fd < 0 ? -1 : fd;
}

int chardev_socket_listen(const ChardevSockAddr *addr, char **unlink_path,
                          Error **errp)
{
    *unlink_path = NULL;
    if (addr->type == CHARDEV_SOCKADDR_INET) {
        return inet_listen(addr, errp);
    }
    return unix_listen(addr, unlink_path, errp);
}

void chardev_socket_connect_error(const ChardevSockAddr *addr, int err,
                                  Error **errp)
{
    if (addr->type == CHARDEV_SOCKADDR_INET) {
        error_setg_errno(errp, err, "Failed to connect to '%s:%s'",
                         addr->host, addr->port);
    } else {
        error_setg_errno(errp, err, "Failed to connect to '%s'", addr->path);
    }
}

int chardev_socket_connect(const ChardevSockAddr *addr, Error **errp)
{
    GArray *targets = chardev_sockaddr_targets(addr, false, errp);
    int err = ECONNREFUSED;
    int fd = -1;

    if (!targets) {
        return -1;
    }
    for (guint i = 0; i < targets->len && fd < 0; i++) {
        ChardevSockTarget *t = &g_array_index(targets, ChardevSockTarget, i);
        fd = socket(t->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            err = errno;
            continue;
        }
        while (connect(fd, (struct sockaddr *)&t->ss, t->len) < 0) {
            if (errno != EINTR) {
                err = errno;
                close(fd);
                fd = -1;
                break;
            }
        }
    }
    g_array_unref(targets);
    if (fd < 0) {
        chardev_socket_connect_error(addr, err, errp);
    }
    return fd;
}

int chardev_socket_connect_start(const ChardevSockTarget *t, bool *done)
{
    int fd = socket(t->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    0);
    if (fd < 0) {
        return -1;
    }
    *done = connect(fd, (const struct sockaddr *)&t->ss, t->len) == 0;
    if (*done || errno == EINPROGRESS) {
        return fd;
    }
    int err = errno;
    close(fd);
    errno = err;
    return -1;
}

/* "HOST:PORT" of an inet address, IPv6 hosts in brackets if @brackets. */
static char *inet_str(const struct sockaddr_storage *ss, bool brackets)
{
    char host[INET6_ADDRSTRLEN] = "";
    unsigned port;

    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
        port = ntohs(in->sin_port);
        return g_strdup_printf("%s:%u", host, port);
    }
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
    port = ntohs(in6->sin6_port);
    if (brackets) {
        return g_strdup_printf("[%s]:%u", host, port);
    }
    return g_strdup_printf("%s:%u", host, port);
}

char *chardev_socket_listen_str(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    memset(&ss, 0, sizeof(ss));
    getsockname(fd, (struct sockaddr *)&ss, &len);
    if (ss.ss_family != AF_UNIX) {
        g_autofree char *hp = inet_str(&ss, false);
        return g_strdup_printf("tcp:%s", hp);
    }
    const struct sockaddr_un *un = (const struct sockaddr_un *)&ss;
    size_t base = offsetof(struct sockaddr_un, sun_path);
    if (len > base && !un->sun_path[0]) {
        /* Abstract: the name follows a NUL; tight names end at len. */
        g_autofree char *name = g_strndup(un->sun_path + 1, len - base - 1);
        return g_strdup_printf("unix:%s,abstract=on%s", name,
                               len < sizeof(*un) ? ",tight=on" : "");
    }
    return g_strdup_printf("unix:%.*s", (int)sizeof(un->sun_path),
                           un->sun_path);
}

char *chardev_socket_conn_str(int fd, bool server)
{
    struct sockaddr_storage local, peer;
    socklen_t llen = sizeof(local), plen = sizeof(peer);
    const char *srv = server ? ",server=on" : "";

    memset(&local, 0, sizeof(local));
    memset(&peer, 0, sizeof(peer));
    getsockname(fd, (struct sockaddr *)&local, &llen);
    if (local.ss_family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)&local;
        /* An abstract name starts with NUL: QEMU prints it as "". */
        return g_strdup_printf("unix:%.*s%s", (int)sizeof(un->sun_path),
                               un->sun_path, srv);
    }
    getpeername(fd, (struct sockaddr *)&peer, &plen);
    g_autofree char *l = inet_str(&local, true);
    g_autofree char *p = inet_str(&peer, true);
    return g_strdup_printf("tcp:%s%s <-> %s", l, srv, p);
}
