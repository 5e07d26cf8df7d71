/* dgram-io.c: one datagram socket carrying one frame per datagram, batched with recvmmsg/sendmmsg. */
#include "net/dgram-io.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net/context.h"
#include "net/socket-flow.h"
#include "util/iov.h"
#include "util/sockets.h"

static void dgram_dispatch(void *opaque, GIOCondition revents);

static uint8_t *rx_slot(DgramIO *d, unsigned i)
{
    return d->rx_arena + (size_t)i * NET_BUFSIZE;
}

void dgram_io_init(DgramIO *d, NetClient *nc, NetSentCb *sent_cb, int fd,
                   const struct sockaddr *dest, socklen_t dest_len)
{
    memset(d, 0, sizeof(*d));
    d->nc = nc;
    d->sent_cb = sent_cb;
    d->fd = fd;
    /* Best effort: a smaller buffer only means earlier drops, as in QEMU. */
    socket_grow_rcvbuf(fd, DGRAM_IO_RCVBUF);
    d->gso.enabled = dgram_gso_probe(fd);
    if (dest && dest_len <= sizeof(d->dest)) {
        memcpy(&d->dest, dest, dest_len);
        d->dest_len = dest_len;
    }
    /* Large and mostly untouched: pages are committed as datagrams land. */
    d->rx_arena = g_malloc((size_t)DGRAM_IO_BATCH * NET_BUFSIZE);
    d->tx_arena = g_malloc(DGRAM_IO_TX_ARENA);
    /*
     * Set once: recvmmsg() writes back only msg_len, msg_flags and
     * msg_controllen (0 here) of the messages it fills (recvmmsg(2)).
     */
    for (unsigned i = 0; i < DGRAM_IO_BATCH; i++) {
        d->rx_iov[i].iov_base = rx_slot(d, i);
        d->rx_iov[i].iov_len = NET_BUFSIZE;
        d->rx_msgs[i].msg_hdr = (struct msghdr){
            .msg_iov = &d->rx_iov[i], .msg_iovlen = 1,
        };
    }
    d->src = socket_source_new(nc->ctx, dgram_dispatch, d);
    socket_source_set_fd(d->src, fd, G_IO_IN);
}

void dgram_io_destroy(DgramIO *d)
{
    socket_source_free(d->src);
    d->src = NULL;
    if (d->fd >= 0) {
        close(d->fd);
        d->fd = -1;
    }
    g_free(d->rx_arena);
    g_free(d->tx_arena);
    d->rx_arena = d->tx_arena = NULL;
}

static void dgram_update_events(DgramIO *d)
{
    GIOCondition ev = 0;
    if (!d->rx_held && !d->rx_eof) {
        ev |= G_IO_IN;
    }
    if (d->tx_next < d->tx_count) {
        ev |= G_IO_OUT;
    }
    socket_source_set_events(d->src, ev);
}

/* ---------------------------------------------------------------- input */

static void dgram_deliver(DgramIO *d)
{
    while (d->rx_next < d->rx_count && !d->rx_held) {
        unsigned i = d->rx_next++;
        const struct mmsghdr *m = &d->rx_msgs[i];
        if (m->msg_hdr.msg_flags & MSG_TRUNC) {
            d->stats.rx_truncated++;
            continue;
        }
        if (m->msg_len == 0) {
            /* QEMU 7.2 stops reading for good here; qnet drops it. */
            d->stats.rx_empty++;
            continue;
        }
        d->rx_held = true;
        if (net_client_send(d->nc, rx_slot(d, i), m->msg_len,
                            d->sent_cb) != 0) {
            d->rx_held = false;
        }
    }
}

/* Returns the datagrams read (0 when none were waiting). */
static int dgram_read_batch(DgramIO *d)
{
    for (;;) {
        int n = recvmmsg(d->fd, d->rx_msgs, DGRAM_IO_BATCH, MSG_DONTWAIT,
                         NULL);
        if (n >= 0) {
            return n;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            d->stats.rx_errors++;   /* a pending error, now cleared */
        }
        return 0;
    }
}

static void dgram_read(DgramIO *d, GIOCondition revents)
{
    for (int round = 0; round < DGRAM_IO_READS_PER_WAKEUP; round++) {
        if (d->rx_held || d->rx_eof) {
            return;
        }
        int n = dgram_read_batch(d);
        if (n == 0) {
            if (round == 0 && (revents & G_IO_HUP)) {
                d->rx_eof = true;   /* hung up with nothing to read */
            }
            return;
        }
        d->rx_next = 0;
        d->rx_count = (unsigned)n;
        dgram_deliver(d);
        if (n < DGRAM_IO_BATCH) {
            return;
        }
    }
}

void dgram_io_sent(DgramIO *d)
{
    d->rx_held = false;
    socket_source_kick(d->src);
}

/* ---------------------------------------------------------------- output */

/*
 * Sends the pending frames in segmented sends.  Returns false when a send
 * was refused: the caller goes on frame by frame, which drops and counts
 * a datagram the kernel refuses as before (a pending ICMP error is taken
 * by the refused send, so the frames themselves go out).
 */
static bool dgram_write_gso(DgramIO *d)
{
    while (d->tx_next < d->tx_count) {
        unsigned m = dgram_gso_group(&d->gso, &d->tx_iov[d->tx_next],
                                     d->tx_count - d->tx_next,
                                     d->dest_len ? &d->dest : NULL,
                                     d->dest_len);
        int n = sendmmsg(d->fd, d->gso.msgs, m, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            for (int i = 0; i < n; i++) {
                d->tx_next += d->gso.frames[i];
            }
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return true;    /* the socket buffer is full: wait for POLLOUT */
        }
        d->stats.last_errno = n < 0 ? errno : 0;
        if (n < 0 && d->gso.frames[0] > 1 && dgram_gso_unusable(errno)) {
            d->gso.enabled = false;     /* for good: the path is fixed */
        }
        return false;
    }
    return true;
}

/* Sends the pending frames one datagram each. */
static void dgram_write_each(DgramIO *d)
{
    while (d->tx_next < d->tx_count) {
        int n = sendmmsg(d->fd, &d->tx_msgs[d->tx_next],
                         d->tx_count - d->tx_next,
                         MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            d->tx_next += (unsigned)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;     /* the socket buffer is full: wait for POLLOUT */
        }
        /* The first datagram was refused for good: drop it, as QEMU does. */
        d->stats.tx_errors++;
        d->stats.last_errno = n < 0 ? errno : 0;
        d->tx_next++;
    }
}

static void dgram_write_pending(DgramIO *d)
{
    /* One frame gains nothing from grouping. */
    if (!d->gso.enabled || d->tx_count - d->tx_next < 2 ||
        !dgram_write_gso(d)) {
        dgram_write_each(d);
    }
    if (d->tx_next < d->tx_count) {
        return;     /* the socket buffer is full: wait for POLLOUT */
    }
    d->tx_next = d->tx_count = 0;
    d->tx_used = 0;
}

static bool tx_has_room(const DgramIO *d, size_t size)
{
    return d->tx_count < DGRAM_IO_BATCH &&
           d->tx_used + size <= DGRAM_IO_TX_ARENA;
}

ssize_t dgram_io_receive_iov(DgramIO *d, const struct iovec *iov, int iovcnt)
{
    size_t size = iov_size(iov, iovcnt);

    if (size == 0) {
        d->stats.tx_dropped++;
        return -EINVAL;     /* 0 would mean "hold it" to the core */
    }
    if (d->fd < 0 || size > DGRAM_IO_TX_ARENA) {
        d->stats.tx_dropped++;
        return (ssize_t)size;
    }
    if (!tx_has_room(d, size)) {
        dgram_write_pending(d);
    }
    if (!tx_has_room(d, size)) {
        /* The socket takes nothing now: the core keeps the frame. */
        d->tx_blocked = true;
        dgram_update_events(d);
        return 0;
    }
    iov_to_buf(iov, iovcnt, 0, d->tx_arena + d->tx_used, size);
    unsigned k = d->tx_count++;
    d->tx_iov[k].iov_base = d->tx_arena + d->tx_used;
    d->tx_iov[k].iov_len = size;
    d->tx_msgs[k].msg_hdr = (struct msghdr){
        .msg_name = d->dest_len ? &d->dest : NULL,
        .msg_namelen = d->dest_len,
        .msg_iov = &d->tx_iov[k],
        .msg_iovlen = 1,
    };
    d->tx_used += size;
    if (d->tx_count == DGRAM_IO_BATCH) {
        dgram_write_pending(d);
    }
    socket_source_kick(d->src);
    return (ssize_t)size;
}

/* ---------------------------------------------------------------- main loop */

static void dgram_dispatch(void *opaque, GIOCondition revents)
{
    DgramIO *d = opaque;

    dgram_write_pending(d);
    if (d->rx_next < d->rx_count) {
        dgram_deliver(d);   /* datagrams left when the peer held */
    }
    if (revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) {
        dgram_read(d, revents);
    }
    dgram_update_events(d);
    if (d->tx_blocked && d->tx_count == 0) {
        d->tx_blocked = false;
        socket_flow_resume(d->nc);
    }
}

/* ---------------------------------------------------------------- client */

static void dgram_net_client_sent(NetClient *nc, ssize_t ret)
{
    dgram_io_sent(&NET_CLIENT_UPCAST(DgramNetClient, nc)->io);
}

DgramNetClient *dgram_net_client_new(QnetContext *ctx,
                                     const NetClientInfo *info,
                                     NetClient *peer, const char *model,
                                     const char *name, int fd,
                                     const struct sockaddr *dest,
                                     socklen_t dest_len)
{
    g_assert(info->size == sizeof(DgramNetClient));
    NetClient *nc = net_client_new(ctx, info, peer, model, name);
    DgramNetClient *dc = NET_CLIENT_UPCAST(DgramNetClient, nc);
    dgram_io_init(&dc->io, nc, dgram_net_client_sent, fd, dest, dest_len);
    return dc;
}

ssize_t dgram_net_client_receive_iov(NetClient *nc, const struct iovec *iov,
                                     int iovcnt, unsigned flags)
{
    return dgram_io_receive_iov(&NET_CLIENT_UPCAST(DgramNetClient, nc)->io,
                                iov, iovcnt);
}

bool dgram_net_client_can_receive(NetClient *nc)
{
    return socket_flow_can_receive(nc);
}

void dgram_net_client_cleanup(NetClient *nc)
{
    DgramNetClient *dc = NET_CLIENT_UPCAST(DgramNetClient, nc);
    dgram_io_destroy(&dc->io);
    if (dc->unlink_path) {
        /* QEMU 7.2 leaves the file; qnet tidies what it created. */
        unlink(dc->unlink_path);
        g_free(dc->unlink_path);
        dc->unlink_path = NULL;
    }
}
