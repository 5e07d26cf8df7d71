/* stream-conn.c: one connected stream socket carrying length-prefixed frames (socket and stream netdevs). */
#include "net/stream-conn.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/context.h"
#include "net/socket-flow.h"

static void conn_dispatch(void *opaque, GIOCondition revents);

void stream_conn_init(StreamConn *c, NetClient *nc, NetSentCb *sent_cb,
                      StreamConnClosedFunc *closed, void *opaque)
{
    memset(c, 0, sizeof(*c));
    c->nc = nc;
    c->sent_cb = sent_cb;
    c->closed = closed;
    c->opaque = opaque;
    c->fd = -1;
    frame_reader_init(&c->reader, NET_BUFSIZE);
    c->src = socket_source_new(nc->ctx, conn_dispatch, c);
}

void stream_conn_destroy(StreamConn *c)
{
    stream_conn_close(c);
    socket_source_free(c->src);
    c->src = NULL;
    frame_reader_destroy(&c->reader);
    g_free(c->rx_buf);
    g_free(c->tx_buf);
    c->rx_buf = c->tx_buf = NULL;
}

bool stream_conn_is_open(const StreamConn *c)
{
    return c->fd >= 0;
}

/* What the fd is watched for: input unless held, output while pending. */
static void conn_update_events(StreamConn *c)
{
    GIOCondition ev = 0;
    if (c->fd >= 0 && !c->rx_held) {
        ev |= G_IO_IN;
    }
    if (c->fd >= 0 && c->tx_pos < c->tx_len) {
        ev |= G_IO_OUT;
    }
    socket_source_set_events(c->src, ev);
}

void stream_conn_attach(StreamConn *c, int fd)
{
    g_assert(c->fd < 0);
    if (!c->rx_buf) {
        /* Allocated on the first connection, kept until destroy. */
        c->rx_buf = g_malloc(STREAM_CONN_RX_BUF);
        c->tx_buf = g_malloc(STREAM_CONN_TX_BUF);
    }
    c->fd = fd;
    c->failed = false;
    frame_reader_reset(&c->reader);
    c->rx_pos = c->rx_len = 0;
    c->tx_pos = c->tx_len = 0;
    socket_source_set_fd(c->src, fd, 0);
    conn_update_events(c);
}

void stream_conn_close(StreamConn *c)
{
    if (c->fd < 0) {
        return;
    }
    if (!frame_reader_at_boundary(&c->reader)) {
        c->stats.partial_frames++;
    }
    c->stats.tx_bytes_lost += c->tx_len - c->tx_pos;
    socket_source_set_fd(c->src, -1, 0);
    close(c->fd);
    c->fd = -1;
    c->failed = false;
    c->rx_pos = c->rx_len = 0;
    c->tx_pos = c->tx_len = 0;
    /* A frame the core kept for us is now dropped by the owner's flush. */
    c->tx_blocked = false;
    frame_reader_reset(&c->reader);
}

/* Ends the connection from the main loop and tells the owner. */
static void conn_end(StreamConn *c)
{
    stream_conn_close(c);
    c->closed(c->opaque);
}

/* ---------------------------------------------------------------- input */

/* Sends the frames of the read buffer to the peer until it holds. */
static void conn_deliver(StreamConn *c)
{
    while (c->fd >= 0 && !c->rx_held) {
        size_t used = 0, flen = 0;
        const uint8_t *frame = NULL;
        FrameReaderStatus st = frame_reader_next(&c->reader,
                                                 c->rx_buf + c->rx_pos,
                                                 c->rx_len - c->rx_pos, &used,
                                                 &frame, &flen);
        c->rx_pos += used;
        if (st == FRAME_READER_NEED_MORE) {
            c->rx_pos = c->rx_len = 0;
            return;
        }
        if (st == FRAME_READER_OVERSIZE) {
            /* QEMU's words, on stderr in QEMU (comma without a space). */
            qnet_log(c->nc->ctx, QNET_LOG_ERROR, NULL,
                     "serious error: oversized packet received,"
                     "connection terminated.");
            c->stats.oversize++;
            conn_end(c);
            return;
        }
        if (flen == 0) {
            /*
             * QEMU forwards an empty frame, which stalls the receiving side
             * for good (a 0 return means "hold"): qnet drops it, counted.
             */
            c->stats.rx_empty++;
            continue;
        }
        /* Held before the call: a callback during it clears the flag. */
        c->rx_held = true;
        if (net_client_send(c->nc, frame, flen, c->sent_cb) != 0) {
            c->rx_held = false;
        }
    }
}

static void conn_read(StreamConn *c)
{
    for (int round = 0; round < STREAM_CONN_READS_PER_WAKEUP; round++) {
        if (c->fd < 0 || c->rx_held) {
            return;
        }
        ssize_t n = recv(c->fd, c->rx_buf, STREAM_CONN_RX_BUF, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        if (n <= 0) {
            conn_end(c);    /* EOF or a reset: the peer is gone */
            return;
        }
        c->rx_pos = 0;
        c->rx_len = (size_t)n;
        conn_deliver(c);
        if ((size_t)n < STREAM_CONN_RX_BUF) {
            return;         /* drained: spare the read that says EAGAIN */
        }
    }
}

void stream_conn_sent(StreamConn *c)
{
    c->rx_held = false;
    socket_source_kick(c->src);
}

/* ---------------------------------------------------------------- output */

/* Writes pending output; false if the socket failed (c->failed set). */
static bool conn_write_pending(StreamConn *c)
{
    while (c->tx_pos < c->tx_len) {
        ssize_t n = send(c->fd, c->tx_buf + c->tx_pos, c->tx_len - c->tx_pos,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            c->tx_pos += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            c->failed = true;
            return false;
        }
    }
    if (c->tx_pos == c->tx_len) {
        c->tx_pos = c->tx_len = 0;
    } else if (c->tx_pos > 0) {
        memmove(c->tx_buf, c->tx_buf + c->tx_pos, c->tx_len - c->tx_pos);
        c->tx_len -= c->tx_pos;
        c->tx_pos = 0;
    }
    return true;
}

static size_t iov_size(const struct iovec *iov, int iovcnt)
{
    size_t size = 0;
    for (int i = 0; i < iovcnt; i++) {
        size += iov[i].iov_len;
    }
    return size;
}

/* Copies bytes [skip, total) of prefix+frame to the output buffer. */
static void conn_buffer(StreamConn *c, const uint8_t *hdr,
                        const struct iovec *iov, int iovcnt, size_t skip)
{
    size_t off = 0;
    if (skip < FRAME_READER_HDR_LEN) {
        memcpy(c->tx_buf + c->tx_len, hdr + skip,
               FRAME_READER_HDR_LEN - skip);
        c->tx_len += FRAME_READER_HDR_LEN - skip;
        skip = FRAME_READER_HDR_LEN;
    }
    off = FRAME_READER_HDR_LEN;
    for (int i = 0; i < iovcnt; i++) {
        size_t len = iov[i].iov_len;
        size_t from = skip > off ? MIN(skip - off, len) : 0;
        memcpy(c->tx_buf + c->tx_len, (const uint8_t *)iov[i].iov_base + from,
               len - from);
        c->tx_len += len - from;
        off += len;
    }
}

/* A large frame with nothing pending: one sendmsg(), buffer the rest. */
static void conn_send_direct(StreamConn *c, const uint8_t *hdr,
                             const struct iovec *iov, int iovcnt)
{
    struct iovec out[1 + 16];
    size_t total = FRAME_READER_HDR_LEN + iov_size(iov, iovcnt);
    ssize_t n = -1;

    if (iovcnt <= 16) {
        out[0].iov_base = (void *)hdr;
        out[0].iov_len = FRAME_READER_HDR_LEN;
        memcpy(out + 1, iov, sizeof(*iov) * (size_t)iovcnt);
        struct msghdr msg = { .msg_iov = out, .msg_iovlen = 1 + iovcnt };
        do {
            n = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (n < 0 && errno == EINTR);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            c->failed = true;
            socket_source_kick(c->src);
            return;
        }
    }
    if (n < 0) {
        n = 0;
    }
    if ((size_t)n < total) {
        conn_buffer(c, hdr, iov, iovcnt, (size_t)n);
    }
}

ssize_t stream_conn_receive_iov(StreamConn *c, const struct iovec *iov,
                                int iovcnt)
{
    size_t size = iov_size(iov, iovcnt);
    size_t need = FRAME_READER_HDR_LEN + size;
    uint8_t hdr[FRAME_READER_HDR_LEN];

    if (size == 0) {
        c->stats.tx_dropped++;
        return -EINVAL;     /* 0 would mean "hold it" to the core */
    }
    if (c->fd < 0 || c->failed || need > STREAM_CONN_TX_BUF) {
        /* No connection to carry it (the owner marks the link down). */
        c->stats.tx_dropped++;
        return (ssize_t)size;
    }
    frame_reader_put_header(hdr, (uint32_t)size);
    if (c->tx_len == 0 && size >= STREAM_CONN_TX_DIRECT) {
        conn_send_direct(c, hdr, iov, iovcnt);
        conn_update_events(c);
        return (ssize_t)size;
    }
    if (c->tx_len + need > STREAM_CONN_TX_BUF &&
        !conn_write_pending(c)) {
        /* The socket failed: the main loop ends the connection. */
        c->stats.tx_dropped++;
        socket_source_kick(c->src);
        return (ssize_t)size;
    }
    if (c->tx_len + need > STREAM_CONN_TX_BUF) {
        /* The socket takes nothing now: the core keeps the frame. */
        c->tx_blocked = true;
        conn_update_events(c);
        return 0;
    }
    conn_buffer(c, hdr, iov, iovcnt, 0);
    if (c->tx_len >= STREAM_CONN_TX_FLUSH && !conn_write_pending(c)) {
        socket_source_kick(c->src);
        return (ssize_t)size;
    }
    if (c->tx_len > 0) {
        socket_source_kick(c->src);
    }
    return (ssize_t)size;
}

/* ---------------------------------------------------------------- main loop */

static void conn_dispatch(void *opaque, GIOCondition revents)
{
    StreamConn *c = opaque;

    if (c->fd < 0) {
        return;
    }
    if (c->failed || !conn_write_pending(c)) {
        conn_end(c);
        return;
    }
    if (c->rx_pos < c->rx_len) {
        conn_deliver(c);    /* frames left when the peer held */
    }
    if (revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) {
        conn_read(c);
    }
    if (c->fd < 0) {
        return;
    }
    conn_update_events(c);
    if (c->tx_blocked && c->tx_len + FRAME_READER_HDR_LEN + NET_BUFSIZE <=
                             STREAM_CONN_TX_BUF) {
        c->tx_blocked = false;
        socket_flow_resume(c->nc);
    }
}

bool stream_conn_can_receive(StreamConn *c)
{
    return socket_flow_can_receive(c->nc);
}
