/* tap.c: a tap queue as a net client: batched reads, writev, hold/flush and the vnet header. */
#include "net/tap.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net/context.h"
#include "net/tap-coalesce.h"
#include "net/tap-linux.h"
#include "net/tap-script.h"
#include "net/vnet-hdr.h"
#include "util/iov.h"
#include "util/source.h"

/* Frames with more pieces than this are written from one copy. */
#define TAP_IOV_MAX 64

typedef struct TapState TapState;

typedef struct TapSource {
    GSource source;
    TapState *tap;
} TapSource;

struct TapState {
    NetClient nc;
    int fd;
    GSource *source;
    gpointer fd_tag;          /* NULL once the fd failed */
    GIOCondition events;      /* what the source polls for now */
    bool read_held;           /* a frame waits in the peer's queue */
    bool write_blocked;       /* the kernel queue was full: wait for POLLOUT */
    unsigned host_hdr_len;    /* vnet header the fd uses, 0: none */
    bool using_vnet_hdr;      /* the peer exchanges frames with the header */
    bool has_ufo;
    char *downscript;
    char *downscript_ifname;
    uint8_t *rx_buf;          /* one frame, read in place */
    size_t rx_size;
    uint8_t *tx_linear;       /* for frames of more than TAP_IOV_MAX pieces */
    bool can_coalesce;        /* a tun with the header: GSO frames welcome */
    TapCoalesce coalesce;     /* TCP segments merged until the loop sleeps */
    TapCounters counters;
};

static const uint8_t zero_vnet_hdr[VNET_HDR_LEN_MAX];

static const NetClientInfo net_tap_info;

static TapState *tap_of(NetClient *nc)
{
    return nc && nc->info == &net_tap_info ? NET_CLIENT_UPCAST(TapState, nc)
                                           : NULL;
}

/* ---- polling ---- */

static void update_events(TapState *s)
{
    if (!s->fd_tag) {
        return;
    }
    GIOCondition want = 0;
    if (!s->read_held && net_client_can_send(&s->nc)) {
        want |= G_IO_IN;
    }
    if (s->write_blocked) {
        want |= G_IO_OUT;
    }
    if (want != s->events) {
        g_source_modify_unix_fd(s->source, s->fd_tag, want);
        s->events = want;
    }
}

/*
 * The fd is unusable (the interface was deleted under us): stop polling it,
 * or poll() would report the error forever.
 */
static void tap_fd_failed(TapState *s, int err)
{
    qnet_log(s->nc.ctx, QNET_LOG_ERROR, NULL,
             "tap %s: %s; no more frames are read or written", s->nc.name,
             g_strerror(err));
    g_source_remove_unix_fd(s->source, s->fd_tag);
    s->fd_tag = NULL;
    s->events = 0;
}

/* ---- reading: tap -> graph ---- */

static void tap_sent(NetClient *nc, ssize_t ret)
{
    TapState *s = NET_CLIENT_UPCAST(TapState, nc);
    s->read_held = false;
    /* Let the source's prepare poll the fd again. */
    g_main_context_wakeup(nc->ctx->main_context);
}

/* Hands one frame read into rx_buf to the graph; false: the peer held it. */
static bool tap_forward(TapState *s, size_t len)
{
    size_t off = s->using_vnet_hdr ? 0 : s->host_hdr_len;
    if (len <= off) {
        s->counters.rx_short++;
        return true;
    }
    /* Set first: the callback may run before the send returns. */
    s->read_held = true;
    if (net_client_send(&s->nc, s->rx_buf + off, len - off, tap_sent) != 0) {
        s->read_held = false;
        return true;
    }
    s->counters.rx_held++;
    return !s->read_held;
}

static void tap_read_batch(TapState *s)
{
    bool any = false;
    for (int i = 0; i < TAP_READ_BUDGET; i++) {
        if (s->read_held || !net_client_can_send(&s->nc)) {
            break;
        }
        ssize_t n = read(s->fd, s->rx_buf, s->rx_size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            /* A tun never reads 0 bytes; a socket (tests) does at EOF. */
            if (n == 0 || errno != EAGAIN) {
                tap_fd_failed(s, n == 0 ? EPIPE : errno);
            }
            break;
        }
        any = true;
        if (!tap_forward(s, (size_t)n)) {
            break;
        }
    }
    if (any) {
        s->counters.rx_wakeups++;
    }
}

/* ---- writing: graph -> tap ---- */

/* Fills @v with the header (if any) and the frame; returns the count. */
static int tap_build_iov(TapState *s, struct iovec *v, bool add_hdr,
                         const struct iovec *iov, int iovcnt, size_t size)
{
    int n = 0;
    if (add_hdr) {
        v[n].iov_base = (void *)zero_vnet_hdr;
        v[n++].iov_len = s->host_hdr_len;
    }
    if (iovcnt <= TAP_IOV_MAX) {
        memcpy(&v[n], iov, sizeof(*iov) * (size_t)iovcnt);
        return n + iovcnt;
    }
    if (!s->tx_linear) {
        s->tx_linear = g_malloc(NET_BUFSIZE);
    }
    iov_to_buf(iov, iovcnt, 0, s->tx_linear, size);
    v[n].iov_base = s->tx_linear;
    v[n++].iov_len = size;
    return n;
}

static ssize_t tap_writev(TapState *s, const struct iovec *v, int n)
{
    ssize_t w;
    do {
        w = writev(s->fd, v, n);
    } while (w < 0 && errno == EINTR);
    return w;
}

/* The kernel queue is full: wait for POLLOUT. */
static void tap_write_blocked(TapState *s)
{
    s->counters.tx_blocked++;
    s->write_blocked = true;
    update_events(s);
}

/*
 * Writes the merged frame, if any (net/tap-coalesce.h).  False when the
 * kernel queue is full: it stays, and is written first once writable.
 */
static bool tap_write_merged(TapState *s)
{
    if (!tap_coalesce_pending(&s->coalesce)) {
        return true;
    }
    if (!s->fd_tag) {
        tap_coalesce_done(&s->coalesce);
        return true;
    }
    struct iovec v[2];
    s->coalesce.hdr_len = s->host_hdr_len;
    tap_coalesce_take(&s->coalesce, v);
    ssize_t w = tap_writev(s, v, 2);
    if (w < 0 && errno == EAGAIN) {
        tap_write_blocked(s);
        return false;
    }
    if (w < 0) {
        s->counters.tx_errors++;
    }
    tap_coalesce_done(&s->coalesce);
    return true;
}

/* Plain frames from the graph on a tun that takes GSO frames. */
static bool tap_coalescing(TapState *s)
{
    return s->can_coalesce && !s->using_vnet_hdr && s->host_hdr_len;
}

/*
 * Offers a frame to the merge: 1 taken, 0 not mergeable (what was pending
 * is written: write the frame now), -1 the kernel queue is full.
 */
static int tap_merge(TapState *s, const struct iovec *iov, int iovcnt,
                     size_t size)
{
    const uint8_t *frame = iovcnt == 1 ? iov[0].iov_base : NULL;
    if (!frame || !tap_coalesce_add(&s->coalesce, frame, size)) {
        if (!tap_write_merged(s)) {
            return -1;
        }
        if (!frame || !tap_coalesce_add(&s->coalesce, frame, size)) {
            return 0;
        }
    }
    if (tap_coalesce_full(&s->coalesce)) {
        tap_write_merged(s);    /* if blocked, it waits for POLLOUT */
    }
    return 1;
}

static ssize_t tap_receive_iov(NetClient *nc, const struct iovec *iov,
                               int iovcnt, unsigned flags)
{
    TapState *s = NET_CLIENT_UPCAST(TapState, nc);
    size_t size = iov_size(iov, iovcnt);
    if (!s->fd_tag || size > NET_BUFSIZE) {
        s->counters.tx_errors++;
        return (ssize_t)size;
    }
    if (tap_coalescing(s)) {
        int merged = tap_merge(s, iov, iovcnt, size);
        if (merged) {
            /* Blocked: the core keeps the frame, as below. */
            return merged > 0 ? (ssize_t)size : 0;
        }
    }
    /* RAW frames (self-announce) never carry the header. */
    bool add_hdr = s->host_hdr_len &&
                   (!s->using_vnet_hdr || (flags & NET_FLAG_RAW));
    struct iovec v[TAP_IOV_MAX + 1];
    int n = tap_build_iov(s, v, add_hdr, iov, iovcnt, size);
    ssize_t w = tap_writev(s, v, n);
    if (w < 0 && errno == EAGAIN) {
        /* The core keeps the frame; net_client_flush() once writable. */
        tap_write_blocked(s);
        return 0;
    }
    if (w < 0) {
        s->counters.tx_errors++;
    }
    return (ssize_t)size;
}

/* ---- the source ---- */

static gboolean tap_source_prepare(GSource *source, gint *timeout)
{
    TapState *s = ((TapSource *)source)->tap;
    /* Segments merged during the last iteration go out before we sleep. */
    if (!s->write_blocked) {
        tap_write_merged(s);
    }
    update_events(s);
    *timeout = -1;
    return FALSE;
}

static gboolean tap_source_check(GSource *source)
{
    TapState *s = ((TapSource *)source)->tap;
    return s->fd_tag && g_source_query_unix_fd(source, s->fd_tag) != 0;
}

static gboolean tap_source_dispatch(GSource *source, GSourceFunc cb,
                                    gpointer data)
{
    TapState *s = ((TapSource *)source)->tap;
    GIOCondition rev = s->fd_tag ? g_source_query_unix_fd(source, s->fd_tag)
                                 : 0;
    if ((rev & (G_IO_ERR | G_IO_HUP | G_IO_NVAL)) && !(rev & G_IO_IN)) {
        tap_fd_failed(s, EBADFD);
        return G_SOURCE_CONTINUE;
    }
    if (rev & G_IO_OUT) {
        s->write_blocked = false;
        if (tap_write_merged(s)) {
            update_events(s);
            net_client_flush(&s->nc);
        }
    }
    if (rev & G_IO_IN) {
        tap_read_batch(s);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs tap_source_funcs = {
    .prepare = tap_source_prepare,
    .check = tap_source_check,
    .dispatch = tap_source_dispatch,
};

/* ---- vnet header hooks (net/vnet-hdr.h) ---- */

static bool tap_has_vnet_hdr(NetClient *nc)
{
    return tap_of(nc)->host_hdr_len != 0;
}

static bool tap_has_vnet_hdr_len(NetClient *nc, int len)
{
    TapState *s = tap_of(nc);
    return s->host_hdr_len && vnet_hdr_len_valid(len) &&
           tap_linux_probe_vnet_hdr_len(s->fd, len);
}

static bool tap_has_ufo(NetClient *nc)
{
    return tap_of(nc)->has_ufo;
}

static void tap_using_vnet_hdr(NetClient *nc, bool enable)
{
    TapState *s = tap_of(nc);
    g_assert(!enable || s->host_hdr_len);
    tap_write_merged(s);        /* merged frames follow the old rules */
    s->using_vnet_hdr = enable;
}

static void tap_set_vnet_hdr_len(NetClient *nc, int len)
{
    TapState *s = tap_of(nc);
    tap_write_merged(s);
    int ret = tap_linux_set_vnet_hdr_len(s->fd, len);
    if (ret < 0) {
        qnet_log(nc->ctx, QNET_LOG_ERROR, NULL,
                 "TUNSETVNETHDRSZ ioctl() failed: %s", g_strerror(-ret));
        return;
    }
    s->host_hdr_len = (unsigned)len;
}

static void tap_set_offload(NetClient *nc, bool csum, bool tso4, bool tso6,
                            bool ecn, bool ufo)
{
    TapState *s = tap_of(nc);
    int ret = tap_linux_set_offload(s->fd, csum, tso4, tso6, ecn, ufo);
    if (ret < 0) {
        qnet_log(nc->ctx, QNET_LOG_ERROR, NULL,
                 "TUNSETOFFLOAD ioctl() failed: %s", g_strerror(-ret));
    }
}

static int tap_set_vnet_le(NetClient *nc, bool is_le)
{
    return tap_linux_set_vnet_le(tap_of(nc)->fd, is_le);
}

static int tap_set_vnet_be(NetClient *nc, bool is_be)
{
    return tap_linux_set_vnet_be(tap_of(nc)->fd, is_be);
}

/* ---- the client ---- */

static void tap_cleanup(NetClient *nc)
{
    TapState *s = NET_CLIENT_UPCAST(TapState, nc);
    tap_write_merged(s);        /* best effort: the fd closes below */
    source_clear(&s->source);
    if (s->downscript) {
        /* QEMU runs it while the interface still exists. */
        Error *err = NULL;
        if (!tap_script_run(s->downscript, s->downscript_ifname, &err)) {
            qnet_log_error(nc->ctx, QNET_LOG_ERROR, NULL, err);
            error_free(err);
        }
    }
    close(s->fd);
    g_free(s->downscript);
    g_free(s->downscript_ifname);
    g_free(s->rx_buf);
    g_free(s->tx_linear);
    tap_coalesce_cleanup(&s->coalesce);
}

static const NetClientInfo net_tap_info = {
    .type = "tap",
    .size = sizeof(TapState),
    .host_side = true,
    .receive_iov = tap_receive_iov,
    .cleanup = tap_cleanup,
    .has_vnet_hdr = tap_has_vnet_hdr,
    .has_vnet_hdr_len = tap_has_vnet_hdr_len,
    .has_ufo = tap_has_ufo,
    .using_vnet_hdr = tap_using_vnet_hdr,
    .set_vnet_hdr_len = tap_set_vnet_hdr_len,
    .set_offload = tap_set_offload,
    .set_vnet_le = tap_set_vnet_le,
    .set_vnet_be = tap_set_vnet_be,
};

/* QEMU's reset of a tun it is given: no offloads, the basic header. */
static void tap_reset_tun(TapState *s)
{
    s->has_ufo = tap_linux_has_ufo(s->fd);
    tap_linux_set_offload(s->fd, false, false, false, false, false);
    if (s->host_hdr_len &&
        tap_linux_probe_vnet_hdr_len(s->fd, (int)s->host_hdr_len)) {
        tap_linux_set_vnet_hdr_len(s->fd, (int)s->host_hdr_len);
    }
}

NetClient *tap_client_new(QnetContext *ctx, NetClient *peer,
                          const char *model, const char *name, int fd,
                          bool vnet_hdr, const char *info)
{
    NetClient *nc = net_client_new(ctx, &net_tap_info, peer, model, name);
    TapState *s = NET_CLIENT_UPCAST(TapState, nc);
    s->fd = fd;
    s->host_hdr_len = vnet_hdr ? VNET_HDR_LEN_BASIC : 0;
    s->rx_size = NET_BUFSIZE + VNET_HDR_LEN_MAX;
    s->rx_buf = g_malloc(s->rx_size);
    tap_reset_tun(s);
    /* Only a real tun takes GSO frames (a socketpair in tests does not). */
    s->can_coalesce = vnet_hdr && tap_linux_probe_vnet_hdr(fd, NULL) == 1;
    tap_coalesce_init(&s->coalesce, s->host_hdr_len);
    net_client_set_info_str(nc, "%s", info);

    s->source = g_source_new(&tap_source_funcs, sizeof(TapSource));
    ((TapSource *)s->source)->tap = s;
    g_source_set_name(s->source, "qnet-tap");
    s->events = G_IO_IN;
    s->fd_tag = g_source_add_unix_fd(s->source, fd, s->events);
    qnet_attach_source(ctx, s->source);
    return nc;
}

void tap_client_set_downscript(NetClient *nc, const char *script,
                               const char *ifname)
{
    TapState *s = tap_of(nc);
    g_free(s->downscript);
    g_free(s->downscript_ifname);
    s->downscript = g_strdup(script);
    s->downscript_ifname = g_strdup(ifname);
}

int tap_client_fd(NetClient *nc)
{
    TapState *s = tap_of(nc);
    return s ? s->fd : -1;
}

const TapCounters *tap_client_counters(NetClient *nc)
{
    TapState *s = tap_of(nc);
    return s ? &s->counters : NULL;
}
