/* char-socket.c: the socket chardev: unix/tcp server (one client at a time) or client with reconnect. */
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chardev/char-backend.h"
#include "chardev/char-io.h"
#include "chardev/char-opts.h"
#include "chardev/char-sockaddr.h"
#include "util/source.h"

typedef struct SocketChardev {
    Chardev *chr;
    ChardevSockAddr addr;
    bool server;
    bool nodelay;
    guint reconnect;          /* seconds between client attempts; 0: none */

    int listen_fd;            /* server: -1 when none */
    GSource *listen_src;      /* armed while no client is connected */
    char *listen_str;         /* "unix:/p" etc., of the listening socket */
    char *unlink_path;        /* unix server file removed on close */

    ChardevIO *io;            /* the connection, NULL when none */
    char *conn_str;           /* its QEMU name */

    GArray *targets;          /* client: addresses being tried */
    guint target_idx;
    int connect_fd;           /* non-blocking connect in progress */
    int connect_err;          /* errno of the last failed attempt */
    GSource *connect_src;
    GSource *reconnect_src;
    bool connect_err_reported;
} SocketChardev;

static void socket_arm_listener(SocketChardev *s);
static void socket_connect_start(SocketChardev *s);

static GSource *socket_attach(SocketChardev *s, GSource *src,
                              GSourceFunc func)
{
    g_source_set_callback(src, func, s, NULL);
    chardev_attach_source(s->chr, src);
    return src;
}

/* Makes @fd the connection; the OPENED event goes last. */
static void socket_establish(SocketChardev *s, int fd)
{
    struct sockaddr_storage ss = { 0 };
    socklen_t len = sizeof(ss);
    int one = 1;

    getsockname(fd, (struct sockaddr *)&ss, &len);
    if (s->nodelay && ss.ss_family != AF_UNIX) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    source_clear(&s->listen_src);
    s->conn_str = chardev_socket_conn_str(fd, s->server);
    s->io = chardev_io_new(s->chr, fd, fd, CHARDEV_IO_SOCKET);
    chardev_set_io(s->chr, s->io);
    s->connect_err_reported = false;
    chardev_set_open(s->chr, true);
}

static void socket_disconnect(SocketChardev *s)
{
    chardev_set_io(s->chr, NULL);
    chardev_io_free(s->io);
    s->io = NULL;
    g_clear_pointer(&s->conn_str, g_free);
}

static void socket_reconnect_due(void *opaque)
{
    socket_connect_start(opaque);
}

static void socket_schedule_reconnect(SocketChardev *s)
{
    if (s->reconnect && !s->reconnect_src) {
        source_call_once(&s->reconnect_src,
                         g_timeout_source_new_seconds(s->reconnect),
                         chardev_main_context(s->chr), socket_reconnect_due,
                         s);
    }
}

/* The peer went away: re-arm the listener or the reconnect timer, then
 * tell the front end. */
static void socket_stream_lost(Chardev *chr, bool input, int err)
{
    SocketChardev *s = chr->state;
    socket_disconnect(s);
    if (s->server) {
        socket_arm_listener(s);
    } else {
        socket_schedule_reconnect(s);
    }
    chardev_set_open(chr, false);
}

static gboolean socket_accept_ready(gint fd, GIOCondition cond,
                                    gpointer opaque)
{
    SocketChardev *s = opaque;
    int conn = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    if (conn < 0) {
        return G_SOURCE_CONTINUE;
    }
    socket_establish(s, conn);
    return G_SOURCE_REMOVE;
}

static void socket_arm_listener(SocketChardev *s)
{
    if (!s->listen_src && s->listen_fd >= 0) {
        s->listen_src = socket_attach(
            s, g_unix_fd_source_new(s->listen_fd, G_IO_IN),
            (GSourceFunc)(void (*)(void))socket_accept_ready);
    }
}

/* wait=on: QEMU accepts the first client before going on. */
static int socket_accept_blocking(SocketChardev *s)
{
    for (;;) {
        struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            return -1;
        }
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0) {
            return fd;
        }
    }
}

static void socket_connect_failed(SocketChardev *s, Error *err)
{
    if (!s->connect_err_reported) {
        chardev_log(s->chr, QNET_LOG_ERROR, NULL,
                    "Unable to connect character device %s: %s",
                    s->chr->id, error_get_pretty(err));
        s->connect_err_reported = true;
    }
    error_free(err);
    socket_schedule_reconnect(s);
}

static void socket_connect_next(SocketChardev *s);

static gboolean socket_connect_ready(gint fd, GIOCondition cond,
                                     gpointer opaque)
{
    SocketChardev *s = opaque;
    int err = 0;
    socklen_t len = sizeof(err);

    g_source_unref(s->connect_src);
    s->connect_src = NULL;
    s->connect_fd = -1;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
        err = errno;
    }
    if (err) {
        close(fd);
        s->connect_err = err;
        s->target_idx++;
        socket_connect_next(s);
    } else {
        g_clear_pointer(&s->targets, g_array_unref);
        socket_establish(s, fd);
    }
    return G_SOURCE_REMOVE;
}

/* Tries the remaining addresses without blocking. */
static void socket_connect_next(SocketChardev *s)
{
    while (s->target_idx < s->targets->len) {
        ChardevSockTarget *t = &g_array_index(s->targets, ChardevSockTarget,
                                              s->target_idx);
        bool done;
        int fd = chardev_socket_connect_start(t, &done);
        if (fd >= 0 && done) {
            g_clear_pointer(&s->targets, g_array_unref);
            socket_establish(s, fd);
            return;
        }
        if (fd >= 0) {
            s->connect_fd = fd;
            s->connect_src = socket_attach(
                s, g_unix_fd_source_new(fd, G_IO_OUT),
                (GSourceFunc)(void (*)(void))socket_connect_ready);
            return;
        }
        s->connect_err = errno;
        s->target_idx++;
    }
    g_clear_pointer(&s->targets, g_array_unref);
    Error *err = NULL;
    chardev_socket_connect_error(&s->addr, s->connect_err, &err);
    socket_connect_failed(s, err);
}

static void socket_connect_start(SocketChardev *s)
{
    Error *err = NULL;
    s->targets = chardev_sockaddr_targets(&s->addr, false, &err);
    if (!s->targets) {
        socket_connect_failed(s, err);
        return;
    }
    s->target_idx = 0;
    s->connect_err = ECONNREFUSED;
    socket_connect_next(s);
}

/* QEMU's fd= handling: a decimal number naming a socket. */
static int socket_fd_take(const char *text, Error **errp)
{
    char *end;
    struct stat st;
    long fd = strtol(text, &end, 10);

    if (end == text || *end) {
        error_setg(errp, "Unable to parse FD number %s", text);
        return -1;
    }
    if (fd < 0 || fd > INT_MAX || fstat((int)fd, &st) < 0 ||
        !S_ISSOCK(st.st_mode)) {
        error_setg(errp, "File descriptor '%s' is not a socket", text);
        return -1;
    }
    return (int)fd;
}

static bool socket_check(const QemuOpts *opts, Error **errp)
{
    int n = !!qemu_opts_get(opts, "path") + !!qemu_opts_get(opts, "host") +
            !!qemu_opts_get(opts, "fd");
    if (n > 1) {
        error_setg(errp,
                   "None or one of 'path', 'fd' or 'host' option required.");
        return false;
    }
    if (qemu_opts_get(opts, "host") && !qemu_opts_get(opts, "port")) {
        error_setg(errp, "chardev: socket: no port given");
        return false;
    }
    return true;
}

/* QEMU's checks of a socket configuration, in its order. */
static bool socket_validate(const QemuOpts *opts, bool server, bool is_fd,
                            Error **errp)
{
    const char *creds = qemu_opts_get(opts, "tls-creds");
    bool has_reconnect = qemu_opts_get(opts, "reconnect") != NULL;
    bool websocket = chardev_opt_bool(opts, "websocket", false);

    if (creds) {
        /* qnet has no tls-creds-* objects, so no id can name one. */
        error_setg(errp, "No TLS credentials with id '%s'", creds);
    } else if (is_fd && has_reconnect) {
        error_setg(errp, "'reconnect' option is incompatible with 'fd' "
                   "address type");
    } else if (qemu_opts_get(opts, "tls-authz")) {
        error_setg(errp, "'tls_authz' option requires 'tls_creds' option");
    } else if (websocket && !server) {
        error_setg(errp, "Websocket client is not implemented");
    } else if (server && has_reconnect) {
        error_setg(errp, "'reconnect' option is incompatible with socket in "
                   "server listen mode");
    } else if (!server && qemu_opts_get(opts, "wait")) {
        error_setg(errp, "'wait' option is incompatible with socket in "
                   "client connect mode");
    } else if (chardev_opt_bool(opts, "telnet", false) ||
               chardev_opt_bool(opts, "tn3270", false)) {
        error_setg(errp, "chardev: socket: telnet is not supported by qnet");
    } else if (websocket) {
        error_setg(errp, "chardev: socket: websocket is not supported by "
                   "qnet");
    } else {
        return true;
    }
    return false;
}

static void socket_addr_from_opts(ChardevSockAddr *a, const QemuOpts *opts)
{
    const char *path = qemu_opts_get(opts, "path");
    const char *host = qemu_opts_get(opts, "host");

    if (path) {
        a->type = CHARDEV_SOCKADDR_UNIX;
        a->path = g_strdup(path);
        a->abstract = chardev_opt_bool(opts, "abstract", false);
        a->tight = chardev_opt_bool(opts, "tight", true);
    } else if (host) {
        a->type = CHARDEV_SOCKADDR_INET;
        a->host = g_strdup(host);
        a->port = g_strdup(qemu_opts_get(opts, "port"));
        a->has_to = qemu_opts_get(opts, "to") != NULL;
        a->to = (unsigned)MIN(chardev_opt_number(opts, "to", 0), 65535);
        a->has_ipv4 = qemu_opts_get(opts, "ipv4") != NULL;
        a->ipv4 = chardev_opt_bool(opts, "ipv4", false);
        a->has_ipv6 = qemu_opts_get(opts, "ipv6") != NULL;
        a->ipv6 = chardev_opt_bool(opts, "ipv6", false);
    } else {
        a->type = CHARDEV_SOCKADDR_FD;
        a->fd = g_strdup(qemu_opts_get(opts, "fd") ?: "");
    }
}

static bool socket_open_server(SocketChardev *s, bool wait,
                               const char *location, Error **errp)
{
    if (s->addr.type == CHARDEV_SOCKADDR_FD) {
        s->listen_fd = socket_fd_take(s->addr.fd, errp);
        if (s->listen_fd >= 0 && listen(s->listen_fd, 1) < 0) {
            error_setg_errno(errp, errno, "Failed to listen on fd socket");
            return false;
        }
    } else {
        s->listen_fd = chardev_socket_listen(&s->addr, &s->unlink_path,
                                             errp);
    }
    if (s->listen_fd < 0) {
        return false;
    }
    /* A client that resets before accept() must not block the loop. */
    fcntl(s->listen_fd, F_SETFL, fcntl(s->listen_fd, F_GETFL) | O_NONBLOCK);
    s->listen_str = chardev_socket_listen_str(s->listen_fd);
    if (!wait) {
        socket_arm_listener(s);
        return true;
    }
    chardev_log(s->chr, QNET_LOG_INFO, location,
                "QEMU waiting for connection on: disconnected:%s,server=on",
                s->listen_str);
    int fd = socket_accept_blocking(s);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to accept a connection");
        return false;
    }
    socket_establish(s, fd);
    return true;
}

static bool socket_open_client(SocketChardev *s, Error **errp)
{
    int fd;
    if (s->addr.type == CHARDEV_SOCKADDR_FD) {
        fd = socket_fd_take(s->addr.fd, errp);
    } else if (s->reconnect) {
        /* QEMU connects reconnecting clients from the main loop. */
        source_call_once(&s->reconnect_src, g_idle_source_new(),
                         chardev_main_context(s->chr), socket_reconnect_due,
                         s);
        return true;
    } else {
        fd = chardev_socket_connect(&s->addr, errp);
    }
    if (fd < 0) {
        return false;
    }
    socket_establish(s, fd);
    return true;
}

static void socket_close(Chardev *chr)
{
    SocketChardev *s = chr->state;
    if (!s) {
        return;
    }
    socket_disconnect(s);
    source_clear(&s->listen_src);
    source_clear(&s->connect_src);
    source_clear(&s->reconnect_src);
    if (s->connect_fd >= 0) {
        close(s->connect_fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    if (s->unlink_path) {
        unlink(s->unlink_path);
    }
    g_clear_pointer(&s->targets, g_array_unref);
    g_free(s->unlink_path);
    g_free(s->listen_str);
    chardev_sockaddr_clear(&s->addr);
    g_free(s);
    chr->state = NULL;
}

static bool socket_open(Chardev *chr, const QemuOpts *opts,
                        const char *location, Error **errp)
{
    bool server = chardev_opt_bool(opts, "server", false);
    bool is_fd = !qemu_opts_get(opts, "path") && !qemu_opts_get(opts, "host");

    if (!socket_validate(opts, server, is_fd, errp)) {
        return false;
    }
    SocketChardev *s = g_new0(SocketChardev, 1);
    s->chr = chr;
    s->server = server;
    s->nodelay = !chardev_opt_bool(opts, "delay", true) ||
                 chardev_opt_bool(opts, "nodelay", false);
    s->reconnect = (guint)MIN(chardev_opt_number(opts, "reconnect", 0),
                              G_MAXUINT);
    s->listen_fd = -1;
    s->connect_fd = -1;
    socket_addr_from_opts(&s->addr, opts);
    chr->state = s;
    bool ok = server ? socket_open_server(s, chardev_opt_bool(opts, "wait",
                                                              true),
                                          location, errp)
                     : socket_open_client(s, errp);
    if (!ok) {
        socket_close(chr);
    }
    return ok;
}

static char *socket_filename(Chardev *chr)
{
    SocketChardev *s = chr->state;
    if (s->conn_str) {
        return g_strdup(s->conn_str);
    }
    if (s->server) {
        return g_strdup_printf("disconnected:%s,server=on", s->listen_str);
    }
    g_autofree char *addr = chardev_sockaddr_to_str(&s->addr);
    return g_strdup_printf("disconnected:%s", addr);
}

const ChardevBackend chardev_socket_backend = {
    .name = "socket",
    .check = socket_check,
    .open = socket_open,
    .close = socket_close,
    .filename = socket_filename,
    .stream_lost = socket_stream_lost,
};
