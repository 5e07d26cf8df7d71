/* vde.c: the `vde` netdev: one port of a VDE switch, through libvdeplug. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>

#include <libvdeplug.h>

#include "net/backends.h"
#include "net/context.h"
#include "net/queue.h"
#include "net/vde.h"
#include "qapi/access.h"
#include "util/iov.h"

/* Frames read from the switch per wakeup, so one busy port cannot starve others. */
#define VDE_READ_BUDGET 64

/* Permissions of the port's data socket when mode= is absent (QEMU: 0700). */
#define VDE_DEFAULT_MODE 0700

/* How the port shows up in the switch's port list (vde_switch port/print). */
#define VDE_DESCRIPTION "qnet"

typedef struct NetVdeState NetVdeState;

/* The GSource watching the port's data and control descriptors. */
typedef struct VdeSource {
    GSource source;
    NetVdeState *s;
} VdeSource;

struct NetVdeState {
    NetClient nc;
    VDECONN *vde;
    char *sock;              /* sock= as given, NULL when absent */
    VdeSource *source;
    gpointer data_tag;       /* the data fd in the source; NULL once gone */
    gpointer ctl_tag;        /* the control fd, NULL when the module has none */
    bool peer_holds;         /* a frame we sent waits in the peer's queue */
    bool send_blocked;       /* the data socket is full: waiting for G_IO_OUT */
    bool gone;               /* the switch closed the connection */
    NetVdeCounters counters;
    uint8_t *rxbuf;          /* NET_BUFSIZE: one frame from the switch */
    uint8_t *txbuf;          /* NET_BUFSIZE, lazily: a multi-part frame joined */
};

static NetVdeState *vde_state(NetClient *nc)
{
    return NET_CLIENT_UPCAST(NetVdeState, nc);
}

/* ---- which events the source waits for ---- */

static void update_events(NetVdeState *s)
{
    GIOCondition cond = 0;

    if (!s->data_tag) {
        return;
    }
    if (!s->peer_holds) {
        cond |= G_IO_IN;
    }
    if (s->send_blocked) {
        cond |= G_IO_OUT;
    }
    g_source_modify_unix_fd(&s->source->source, s->data_tag, cond);
}

/*
 * The switch went away (its control connection reached EOF, or the data
 * socket hung up).  QEMU 7.2 notices nothing and keeps sending into the
 * void; we say so once, stop polling, and drop (and count) what follows.
 */
static void switch_gone(NetVdeState *s)
{
    if (s->gone) {
        return;
    }
    s->gone = true;
    if (s->ctl_tag) {
        g_source_remove_unix_fd(&s->source->source, s->ctl_tag);
        s->ctl_tag = NULL;
    }
    if (s->data_tag) {
        g_source_remove_unix_fd(&s->source->source, s->data_tag);
        s->data_tag = NULL;
    }
    qnet_log(s->nc.ctx, QNET_LOG_WARNING, NULL,
             "vde: netdev '%s': the switch at %s closed the connection; "
             "frames sent to it are dropped", s->nc.name,
             s->sock && *s->sock ? s->sock : "the default path");
    if (s->send_blocked) {
        /* Frames waiting for the socket are now dropped by receive_iov. */
        s->send_blocked = false;
        net_client_flush(&s->nc);
    }
}

/* ---- switch to peer ---- */

/* A frame the peer had queued was delivered (or purged): read again. */
static void vde_frame_sent(NetClient *nc, ssize_t ret)
{
    NetVdeState *s = vde_state(nc);

    s->peer_holds = false;
    update_events(s);
}

/* Hands one frame from the switch to the peer; false when the peer holds. */
static bool forward_frame(NetVdeState *s, size_t size)
{
    /* Set first: the sent callback may run before the send returns. */
    s->peer_holds = true;
    if (net_client_send(&s->nc, s->rxbuf, size, vde_frame_sent) != 0) {
        s->peer_holds = false;
    }
    return !s->peer_holds;
}

/*
 * Reads up to VDE_READ_BUDGET frames; stops early when the socket is empty
 * or the peer holds (its sent callback resumes us).  libvdeplug's API moves
 * one frame per call, so the batching is per wakeup, not per syscall.
 */
static void read_frames(NetVdeState *s)
{
    for (int i = 0; i < VDE_READ_BUDGET && !s->gone; i++) {
        ssize_t n = vde_recv(s->vde, s->rxbuf, NET_BUFSIZE, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                s->counters.rx_errors++;
            }
            break;
        }
        if (n <= 1) {
            /* libvdeplug(3): 1 means "received, but must be dropped". */
            s->counters.rx_dropped += n == 1;
            continue;
        }
        if (!forward_frame(s, (size_t)n)) {
            break;
        }
    }
    update_events(s);
}

/* ---- peer to switch ---- */

static const void *linear_frame(NetVdeState *s, const struct iovec *iov,
                                int iovcnt, size_t size)
{
    if (iovcnt == 1) {
        return iov[0].iov_base;
    }
    if (!s->txbuf) {
        s->txbuf = g_malloc(NET_BUFSIZE);
    }
    iov_to_buf(iov, iovcnt, 0, s->txbuf, NET_BUFSIZE);
    return s->txbuf;
}

/*
 * A frame for the switch.  QEMU blocks in send() when the switch is slow;
 * our data socket is non-blocking, so a full socket returns 0: the core
 * keeps the frame and we flush once the socket is writable again.
 */
static ssize_t vde_receive_iov(NetClient *nc, const struct iovec *iov,
                               int iovcnt, unsigned flags)
{
    NetVdeState *s = vde_state(nc);
    size_t size = 0;

    for (int i = 0; i < iovcnt; i++) {
        size += iov[i].iov_len;
    }
    if (s->gone || size > NET_BUFSIZE) {
        s->counters.tx_dropped++;
        return (ssize_t)size;
    }
    const void *buf = linear_frame(s, iov, iovcnt, size);
    for (;;) {
        if (vde_send(s->vde, buf, size, 0) >= 0) {
            return (ssize_t)size;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            s->send_blocked = true;
            update_events(s);
            return 0;
        }
        /* e.g. ECONNREFUSED once the switch is gone: dropped, as QEMU does */
        s->counters.tx_dropped++;
        return (ssize_t)size;
    }
}

/*
 * Frames wait in our queue (the socket was full): take no new ones until
 * they are sent.  Without this, a flush that first drains the other ports
 * of a hub (as QEMU's does) would let a newer frame overtake them.
 */
static bool vde_can_receive(NetClient *nc)
{
    return net_queue_length(nc->incoming_queue) == 0;
}

/* ---- the source ---- */

/*
 * The switch sends nothing on the control connection after the handshake,
 * so a wakeup there means it closed the connection (EOF) or failed.
 */
static void check_ctl(NetVdeState *s, GIOCondition cond)
{
    char byte;
    ssize_t n = recv(vde_ctlfd(s->vde), &byte, 1, MSG_DONTWAIT);

    if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
                            errno == EINTR))) {
        return;                     /* a stray byte, or nothing after all */
    }
    if (n < 0 && errno == ENOTSOCK && !(cond & (G_IO_HUP | G_IO_ERR))) {
        /* A module whose control fd is no socket: only a hang-up counts. */
        return;
    }
    switch_gone(s);
}

/* A pending socket error with nothing to read it: clear it, do not spin. */
static void clear_data_error(NetVdeState *s)
{
    int err = 0;
    socklen_t len = sizeof(err);

    getsockopt(vde_datafd(s->vde), SOL_SOCKET, SO_ERROR, &err, &len);
    s->counters.rx_errors++;
}

static gboolean vde_source_dispatch(GSource *source, GSourceFunc callback,
                                    gpointer user_data)
{
    NetVdeState *s = ((VdeSource *)source)->s;

    if (s->ctl_tag) {
        GIOCondition cond = g_source_query_unix_fd(source, s->ctl_tag);
        if (cond) {
            check_ctl(s, cond);
        }
    }
    if (!s->data_tag) {
        return G_SOURCE_CONTINUE;
    }
    GIOCondition cond = g_source_query_unix_fd(source, s->data_tag);
    if ((cond & G_IO_OUT) && s->send_blocked) {
        s->send_blocked = false;
        update_events(s);
        net_client_flush(&s->nc);
    }
    if ((cond & (G_IO_IN | G_IO_ERR)) && !s->peer_holds) {
        read_frames(s);     /* a recv also returns and clears an error */
    } else if (cond & G_IO_ERR) {
        clear_data_error(s);
    }
    if (cond & (G_IO_HUP | G_IO_NVAL)) {
        switch_gone(s);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs vde_source_funcs = {
    .dispatch = vde_source_dispatch,
};

static void start_source(NetVdeState *s)
{
    GSource *source = g_source_new(&vde_source_funcs, sizeof(VdeSource));
    int ctlfd = vde_ctlfd(s->vde);

    s->source = (VdeSource *)source;
    s->source->s = s;
    g_source_set_name(source, "qnet-vde");
    s->data_tag = g_source_add_unix_fd(source, vde_datafd(s->vde), G_IO_IN);
    if (ctlfd >= 0) {
        s->ctl_tag = g_source_add_unix_fd(source, ctlfd, G_IO_IN);
    }
    qnet_attach_source(s->nc.ctx, source);
}

/* ---- the client ---- */

/* netdev_del and context teardown: leave the switch port. */
static void vde_cleanup(NetClient *nc)
{
    NetVdeState *s = vde_state(nc);

    if (s->source) {
        g_source_destroy(&s->source->source);
        g_source_unref(&s->source->source);
        s->source = NULL;
    }
    if (s->vde) {
        vde_close(s->vde);
        s->vde = NULL;
    }
    g_free(s->rxbuf);
    g_free(s->txbuf);
    g_free(s->sock);
}

static const NetClientInfo net_vde_info = {
    .type = "vde",
    .size = sizeof(NetVdeState),
    .host_side = true,
    .receive_iov = vde_receive_iov,
    .can_receive = vde_can_receive,
    .cleanup = vde_cleanup,
};

bool net_vde_get_counters(NetClient *nc, NetVdeCounters *out)
{
    if (nc->info != &net_vde_info) {
        return false;
    }
    *out = vde_state(nc)->counters;
    return true;
}

/* ---- start-up ---- */

static VDECONN *vde_connect(JsonObject *opts, Error **errp)
{
    /* libvdeplug takes non-const strings it does not modify. */
    struct vde_open_args args = {
        .port = (int)qapi_get_uint(opts, "port", 0),
        .group = (char *)qapi_get_str(opts, "group", NULL),
        .mode = (mode_t)qapi_get_uint(opts, "mode", VDE_DEFAULT_MODE),
    };
    char *sock = (char *)qapi_get_str(opts, "sock", NULL);
    VDECONN *vde = vde_open(sock, (char *)VDE_DESCRIPTION, &args);

    if (!vde) {
        error_setg_errno(errp, errno, "Could not open vde");
        return NULL;
    }
    /* Reads stop at an empty socket and a full one holds sends. */
    int fd = vde_datafd(vde);
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "Could not open vde");
        vde_close(vde);
        return NULL;
    }
    return vde;
}

bool net_vde_init(QnetContext *ctx, JsonObject *opts, const char *name,
                  NetClient *peer, Error **errp)
{
    VDECONN *vde = vde_connect(opts, errp);

    if (!vde) {
        return false;
    }
    NetClient *nc = net_client_new(ctx, &net_vde_info, peer, "vde", name);
    NetVdeState *s = vde_state(nc);
    const char *sock = qapi_get_str(opts, "sock", NULL);

    s->vde = vde;
    s->sock = g_strdup(sock);
    s->rxbuf = g_malloc(NET_BUFSIZE);
    /* QEMU formats an absent sock= with %s, which glibc prints "(null)". */
    net_client_set_info_str(nc, "sock=%s,fd=%d", sock ? sock : "(null)",
                            vde_datafd(vde));
    start_source(s);
    return true;
}
