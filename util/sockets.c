/* sockets.c: socket addresses as QEMU spells them (host:port, SocketAddress, fd numbers) and socket set-up. */
#include "util/sockets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/vm_sockets.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262   /* Linux, include/uapi/linux/in.h */
#endif

/* ---------------------------------------------------------------- host:port */

static bool inet_convert_host(struct sockaddr_in *sa, const char *host,
                              Error **errp)
{
    if (host[0] == '\0') {
        sa->sin_addr.s_addr = htonl(INADDR_ANY);
        return true;
    }
    if (g_ascii_isdigit(host[0])) {
        /* QEMU takes anything starting with a digit as inet_aton() form. */
        if (!inet_aton(host, &sa->sin_addr)) {
            error_setg(errp, "host address '%s' is not a valid IPv4 address",
                       host);
            return false;
        }
        return true;
    }
    struct addrinfo hints = { .ai_family = AF_INET };
    struct addrinfo *res = NULL;
    if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res) {
        error_setg(errp, "can't resolve host address '%s'", host);
        return false;
    }
    sa->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
    freeaddrinfo(res);
    return true;
}

/* strtol() base 0 of the leading part; trailing text is ignored (QEMU). */
static bool inet_convert_port(struct sockaddr_in *sa, const char *port,
                              Error **errp)
{
    char *end = NULL;
    long value;

    if (port) {
        errno = 0;
        value = strtol(port, &end, 0);
    }
    if (!port || end == port || errno == ERANGE) {
        error_setg(errp, "port number '%s' is invalid",
                   port ? port : "(null)");
        return false;
    }
    sa->sin_port = htons((uint16_t)value);
    return true;
}

bool inet_convert_host_port(struct sockaddr_in *sa, const char *host,
                            const char *port, Error **errp)
{
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    return inet_convert_host(sa, host ? host : "", errp) &&
           inet_convert_port(sa, port, errp);
}

bool inet_parse_host_port(struct sockaddr_in *sa, const char *str,
                          Error **errp)
{
    const char *colon = strchr(str, ':');

    if (!colon) {
        error_setg(errp, "host address '%s' doesn't contain ':' separating "
                   "host from port", str);
        return false;
    }
    g_autofree char *host = g_strndup(str, (gsize)(colon - str));
    return inet_convert_host_port(sa, host, colon + 1, errp);
}

const char *inet_addr_text(const struct sockaddr_in *sa,
                           char buf[INET_ADDRSTRLEN])
{
    return inet_ntop(AF_INET, &sa->sin_addr, buf, INET_ADDRSTRLEN);
}

/* ---------------------------------------------------------------- fd= */

int socket_parse_fd(const char *str, Error **errp)
{
    char *end = NULL;
    long fd;

    errno = 0;
    fd = strtol(str, &end, 10);
    if (end == str || errno != 0 || *end != '\0' || fd < 0 || fd > INT_MAX) {
        error_setg(errp, "Invalid file descriptor number '%s'", str);
        return -1;
    }
    return (int)fd;
}

int socket_set_nonblock(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return -errno;
    }
    return 0;
}

bool socket_fd_is_socket(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

static int rcvbuf_get(int fd)
{
    int size = 0;
    socklen_t len = sizeof(size);
    if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, &len) < 0) {
        return -errno;
    }
    return size;
}

int socket_grow_rcvbuf(int fd, int bytes)
{
    /* getsockopt() reports twice the size set (socket(7), SO_RCVBUF). */
    int size = rcvbuf_get(fd);
    if (size < 0 || size / 2 >= bytes) {
        return size;
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
    size = rcvbuf_get(fd);
    if (size >= 0 && size / 2 < bytes &&
        setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes,
                   sizeof(bytes)) == 0) {
        size = rcvbuf_get(fd);
    }
    return size;
}

/* ---------------------------------------------------------------- SocketAddress */

SocketAddress *socket_address_new(SocketAddressType type)
{
    SocketAddress *addr = g_new0(SocketAddress, 1);
    addr->type = type;
    addr->tight = true;
    return addr;
}

void socket_address_free(SocketAddress *addr)
{
    if (!addr) {
        return;
    }
    g_free(addr->host);
    g_free(addr->port);
    g_free(addr->path);
    g_free(addr->cid);
    g_free(addr->str);
    g_free(addr);
}

const char *socket_address_type_name(SocketAddressType type)
{
    static const char *const names[] = {
        [SOCKET_ADDRESS_TYPE_INET] = "inet",
        [SOCKET_ADDRESS_TYPE_UNIX] = "unix",
        [SOCKET_ADDRESS_TYPE_VSOCK] = "vsock",
        [SOCKET_ADDRESS_TYPE_FD] = "fd",
    };
    return names[type];
}

char *socket_address_uri(const SocketAddress *addr)
{
    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        return g_strdup_printf("tcp:%s:%s", addr->host, addr->port);
    case SOCKET_ADDRESS_TYPE_UNIX:
        return g_strdup_printf("unix:%s", addr->path);
    case SOCKET_ADDRESS_TYPE_FD:
        return g_strdup_printf("fd:%s", addr->str);
    case SOCKET_ADDRESS_TYPE_VSOCK:
        return g_strdup_printf("vsock:%s:%s", addr->cid, addr->port);
    }
    return g_strdup("unknown address type");
}

static SocketAddress *address_from_inet(const struct sockaddr_storage *ss,
                                        socklen_t len, Error **errp)
{
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    int ret = getnameinfo((const struct sockaddr *)ss, len, host,
                          sizeof(host), serv, sizeof(serv),
                          NI_NUMERICHOST | NI_NUMERICSERV);
    if (ret != 0) {
        error_setg(errp, "Cannot format numeric socket address: %s",
                   gai_strerror(ret));
        return NULL;
    }
    SocketAddress *addr = socket_address_new(SOCKET_ADDRESS_TYPE_INET);
    addr->host = g_strdup(host);
    addr->port = g_strdup(serv);
    if (ss->ss_family == AF_INET) {
        addr->has_ipv4 = addr->ipv4 = true;
    } else {
        addr->has_ipv6 = addr->ipv6 = true;
    }
    return addr;
}

static SocketAddress *address_from_unix(const struct sockaddr_storage *ss,
                                        socklen_t len)
{
    const struct sockaddr_un *su = (const struct sockaddr_un *)ss;
    size_t path_len = len > offsetof(struct sockaddr_un, sun_path)
                          ? len - offsetof(struct sockaddr_un, sun_path)
                          : 0;
    SocketAddress *addr = socket_address_new(SOCKET_ADDRESS_TYPE_UNIX);

    path_len = MIN(path_len, sizeof(su->sun_path));
    if (path_len > 0 && su->sun_path[0] == '\0') {
        /* Linux abstract name: a leading NUL, then exactly the name bytes. */
        addr->path = g_strndup(su->sun_path + 1, path_len - 1);
        addr->abstract = true;
        addr->tight = path_len < sizeof(su->sun_path);
        return addr;
    }
    addr->path = g_strndup(su->sun_path, path_len);
    return addr;
}

SocketAddress *socket_address_from_sockaddr(const struct sockaddr_storage *ss,
                                            socklen_t len, Error **errp)
{
    switch (ss->ss_family) {
    case AF_INET:
    case AF_INET6:
        return address_from_inet(ss, len, errp);
    case AF_UNIX:
        return address_from_unix(ss, len);
    case AF_VSOCK: {
        const struct sockaddr_vm *svm = (const struct sockaddr_vm *)ss;
        SocketAddress *addr = socket_address_new(SOCKET_ADDRESS_TYPE_VSOCK);
        addr->cid = g_strdup_printf("%u", svm->svm_cid);
        addr->port = g_strdup_printf("%u", svm->svm_port);
        return addr;
    }
    }
    error_setg(errp, "socket family %d unsupported", ss->ss_family);
    return NULL;
}

SocketAddress *socket_local_address(int fd, Error **errp)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
        error_setg_errno(errp, errno, "%s",
                         "Unable to query local socket address");
        return NULL;
    }
    return socket_address_from_sockaddr(&ss, len, errp);
}

SocketAddress *socket_remote_address(int fd, Error **errp)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0) {
        error_setg_errno(errp, errno, "%s",
                         "Unable to query remote socket address");
        return NULL;
    }
    return socket_address_from_sockaddr(&ss, len, errp);
}

/* ---------------------------------------------------------------- resolving */

/* QEMU's choice of family from the ipv4/ipv6 flags. */
static int inet_family(const SocketAddress *addr)
{
    if (addr->has_ipv4 && addr->has_ipv6 && addr->ipv4 == addr->ipv6) {
        return AF_UNSPEC;
    }
    if ((addr->has_ipv6 && addr->ipv6) || (addr->has_ipv4 && !addr->ipv4)) {
        return AF_INET6;
    }
    if ((addr->has_ipv4 && addr->ipv4) || (addr->has_ipv6 && !addr->ipv6)) {
        return AF_INET;
    }
    return AF_UNSPEC;
}

static GArray *resolve_inet(const SocketAddress *addr, int socktype,
                            bool passive, Error **errp)
{
    struct addrinfo hints = {
        .ai_family = inet_family(addr),
        .ai_socktype = socktype,
        .ai_flags = passive ? AI_PASSIVE : AI_ADDRCONFIG,
    };
    struct addrinfo *res = NULL;
    const char *host = addr->host && addr->host[0] ? addr->host : NULL;

    if (addr->has_numeric && addr->numeric) {
        hints.ai_flags |= AI_NUMERICHOST;
    }
    int ret = getaddrinfo(host, addr->port, &hints, &res);
    if (ret != 0) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   addr->host, addr->port, gai_strerror(ret));
        return NULL;
    }
    GArray *out = g_array_new(FALSE, TRUE, sizeof(SocketTarget));
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        SocketTarget t = { .len = ai->ai_addrlen };
        memcpy(&t.ss, ai->ai_addr, ai->ai_addrlen);
        t.protocol = addr->mptcp ? IPPROTO_MPTCP : 0;
        g_array_append_val(out, t);
    }
    freeaddrinfo(res);
    return out;
}

static bool fill_unix(SocketTarget *t, const SocketAddress *addr,
                      Error **errp)
{
    struct sockaddr_un *su = (struct sockaddr_un *)&t->ss;
    size_t len = strlen(addr->path);

    /* A path needs its NUL, an abstract name its leading NUL: 107 at most. */
    if (len >= sizeof(su->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", addr->path);
        error_append_hint(errp, "Path must be less than %zu bytes\n",
                          sizeof(su->sun_path));
        return false;
    }
    su->sun_family = AF_UNIX;
    if (addr->abstract) {
        su->sun_path[0] = '\0';
        memcpy(su->sun_path + 1, addr->path, len);
        t->len = addr->tight
                     ? (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
                                   1 + len)
                     : (socklen_t)sizeof(*su);
    } else {
        memcpy(su->sun_path, addr->path, len + 1);
        t->len = sizeof(*su);
    }
    return true;
}

static bool fill_vsock(SocketTarget *t, const SocketAddress *addr,
                       Error **errp)
{
    struct sockaddr_vm *svm = (struct sockaddr_vm *)&t->ss;
    char *end1 = NULL, *end2 = NULL;
    unsigned long cid = strtoul(addr->cid, &end1, 10);
    unsigned long port = strtoul(addr->port, &end2, 10);

    if (*end1 || *end2 || end1 == addr->cid || end2 == addr->port ||
        cid > UINT32_MAX || port > UINT32_MAX) {
        error_setg(errp, "Invalid vsock address %s:%s", addr->cid,
                   addr->port);
        return false;
    }
    svm->svm_family = AF_VSOCK;
    svm->svm_cid = (unsigned)cid;
    svm->svm_port = (unsigned)port;
    t->len = sizeof(*svm);
    return true;
}

GArray *socket_address_resolve(const SocketAddress *addr, int socktype,
                               bool passive, Error **errp)
{
    SocketTarget t;
    memset(&t, 0, sizeof(t));

    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        return resolve_inet(addr, socktype, passive, errp);
    case SOCKET_ADDRESS_TYPE_UNIX:
        if (!fill_unix(&t, addr, errp)) {
            return NULL;
        }
        break;
    case SOCKET_ADDRESS_TYPE_VSOCK:
        if (!fill_vsock(&t, addr, errp)) {
            return NULL;
        }
        break;
    case SOCKET_ADDRESS_TYPE_FD:
        error_setg(errp, "an fd address has no kernel address");
        return NULL;
    }
    GArray *out = g_array_new(FALSE, TRUE, sizeof(SocketTarget));
    g_array_append_val(out, t);
    return out;
}

/* ---------------------------------------------------------------- set-up */

static int new_socket(int family, int socktype, int protocol, Error **errp)
{
    int fd = socket(family, socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    protocol);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create socket");
    }
    return fd;
}

static uint16_t target_port(const SocketTarget *t)
{
    return ntohs(t->ss.ss_family == AF_INET
                     ? ((const struct sockaddr_in *)&t->ss)->sin_port
                     : ((const struct sockaddr_in6 *)&t->ss)->sin6_port);
}

static void target_set_port(SocketTarget *t, unsigned port)
{
    if (t->ss.ss_family == AF_INET) {
        ((struct sockaddr_in *)&t->ss)->sin_port = htons((uint16_t)port);
    } else {
        ((struct sockaddr_in6 *)&t->ss)->sin6_port = htons((uint16_t)port);
    }
}

/* Binds and listens on one inet address, trying ports port..to. */
static int listen_inet_target(const SocketAddress *addr, SocketTarget *t,
                              int backlog, Error **errp)
{
    unsigned first = target_port(t);
    unsigned last = addr->has_to ? MAX(addr->to, first) : first;
    /* QEMU: v6-only unless both families were asked for, or neither. */
    int v6only = (!addr->has_ipv4 && !addr->has_ipv6) ||
                 (addr->has_ipv4 && addr->ipv4 && addr->has_ipv6 &&
                  addr->ipv6);
    int err = 0;

    for (unsigned port = first; port <= last; port++) {
        int fd = new_socket(t->ss.ss_family, SOCK_STREAM, t->protocol, errp);
        if (fd < 0) {
            return -1;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (t->ss.ss_family == AF_INET6) {
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                       sizeof(v6only));
        }
        target_set_port(t, port);
        if (bind(fd, (struct sockaddr *)&t->ss, t->len) == 0 &&
            listen(fd, backlog) == 0) {
            return fd;
        }
        err = errno;
        close(fd);
        if (err != EADDRINUSE) {
            break;
        }
    }
    error_setg_errno(errp, err, "Failed to bind socket");
    return -1;
}

static int listen_inet(const SocketAddress *addr, int backlog, Error **errp)
{
    g_autoptr(GArray) targets = socket_address_resolve(addr, SOCK_STREAM,
                                                       true, errp);
    if (!targets) {
        return -1;
    }
    Error *last = NULL;
    for (guint i = 0; i < targets->len; i++) {
        error_free(last);
        last = NULL;
        int fd = listen_inet_target(addr, &g_array_index(targets,
                                                         SocketTarget, i),
                                    backlog, &last);
        if (fd >= 0) {
            error_free(last);
            return fd;
        }
    }
    if (!last) {
        error_setg(&last, "Failed to find an available port");
    }
    error_propagate(errp, last);
    return -1;
}

static int listen_unix_or_vsock(const SocketAddress *addr, int backlog,
                                Error **errp)
{
    g_autoptr(GArray) targets = socket_address_resolve(addr, SOCK_STREAM,
                                                       true, errp);
    if (!targets) {
        return -1;
    }
    SocketTarget *t = &g_array_index(targets, SocketTarget, 0);
    if (addr->type == SOCKET_ADDRESS_TYPE_UNIX && !addr->abstract &&
        unlink(addr->path) < 0 && errno != ENOENT) {
        error_setg_errno(errp, errno, "Failed to unlink socket %s",
                         addr->path);
        return -1;
    }
    int fd = new_socket(t->ss.ss_family, SOCK_STREAM, 0, errp);
    if (fd < 0) {
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&t->ss, t->len) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s",
                         addr->path ? addr->path : addr->cid);
        close(fd);
        return -1;
    }
    if (listen(fd, backlog) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        close(fd);
        return -1;
    }
    return fd;
}

static int listen_fd(const SocketAddress *addr, int backlog, Error **errp)
{
    int fd = socket_parse_fd(addr->str, errp);
    if (fd < 0) {
        return -1;
    }
    if (!socket_fd_is_socket(fd)) {
        error_setg(errp, "File descriptor '%s' is not a socket", addr->str);
        return -1;
    }
    if (listen(fd, backlog) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on fd socket");
        return -1;
    }
    int ret = socket_set_nonblock(fd);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "can't use file descriptor %s",
                         addr->str);
        return -1;
    }
    return fd;
}

int socket_listen_address(const SocketAddress *addr, int backlog,
                          Error **errp)
{
    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        return listen_inet(addr, backlog, errp);
    case SOCKET_ADDRESS_TYPE_UNIX:
    case SOCKET_ADDRESS_TYPE_VSOCK:
        return listen_unix_or_vsock(addr, backlog, errp);
    case SOCKET_ADDRESS_TYPE_FD:
        return listen_fd(addr, backlog, errp);
    }
    return -1;
}

int socket_connect_start(const SocketTarget *target, int socktype,
                         bool *done, Error **errp)
{
    int fd = new_socket(target->ss.ss_family, socktype, target->protocol,
                        errp);
    if (fd < 0) {
        return -1;
    }
    *done = false;
    if (connect(fd, (const struct sockaddr *)&target->ss, target->len) == 0) {
        *done = true;
        return fd;
    }
    if (errno == EINPROGRESS || errno == EINTR || errno == EAGAIN) {
        return fd;
    }
    error_setg_errno(errp, errno, "Failed to connect socket");
    close(fd);
    return -1;
}

int socket_connect_finish(int fd)
{
    int err = 0;
    socklen_t len = sizeof(err);

    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
        return errno;
    }
    return err;
}
