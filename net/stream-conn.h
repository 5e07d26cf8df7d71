/* stream-conn.h: one connected stream socket carrying length-prefixed frames (socket and stream netdevs). */
#ifndef QNET_NET_STREAM_CONN_H
#define QNET_NET_STREAM_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "net/client.h"
#include "net/frame-reader.h"
#include "net/socket-source.h"

/*
 * The data path shared by `-netdev socket` (listen/connect/fd on a stream
 * socket) and `-netdev stream`.  Frames travel as QEMU 7.2 sends them: a
 * 4-byte big-endian length, then the frame.
 *
 * In: one read() of up to STREAM_CONN_RX_BUF bytes is de-framed and every
 * frame in it is sent to the peer straight from the read buffer.  When the
 * peer holds (send returns 0) reading stops until the sent callback.
 *
 * Out: frames from the peer are appended (prefix + frame) to an output
 * buffer that is written once per main-loop round, or at once past a
 * threshold, so that many small frames cost one send().  When the buffer
 * is full and the socket takes nothing, receive returns 0: the core keeps
 * the frame and the connection calls net_client_flush() once it drained.
 *
 * Every end of the connection (EOF, error, oversized length) is handled in
 * the main loop, never inside a call from the core, and reported through
 * the closed callback.
 */

/* Read buffer: one read takes many frames. */
#define STREAM_CONN_RX_BUF (256 * 1024)
/* Reads per wakeup before other sources get their turn. */
#define STREAM_CONN_READS_PER_WAKEUP 4
/* Output buffer: at least one prefix plus the largest frame. */
#define STREAM_CONN_TX_BUF (256 * 1024)
/* Output written at once past this much (else at the end of the round). */
#define STREAM_CONN_TX_FLUSH (64 * 1024)
/* Frames this large skip the output buffer when it is empty. */
#define STREAM_CONN_TX_DIRECT (16 * 1024)

typedef struct StreamConn StreamConn;

/* The connection ended (its fd is already closed). */
typedef void StreamConnClosedFunc(void *opaque);

/* What was lost when connections ended, and why (not shown by QEMU). */
typedef struct StreamConnStats {
    uint64_t oversize;         /* connections closed for a length > limit */
    uint64_t partial_frames;   /* frames cut by the end of a connection */
    uint64_t tx_bytes_lost;    /* bytes accepted for output, never written */
    uint64_t rx_frames_lost;   /* frames read but not delivered at the end */
    uint64_t tx_dropped;       /* frames offered with no connection */
    uint64_t rx_empty;         /* zero-length frames read: dropped */
} StreamConnStats;

struct StreamConn {
    NetClient *nc;
    NetSentCb *sent_cb;      /* the owner's callback: calls stream_conn_sent() */
    StreamConnClosedFunc *closed;
    void *opaque;
    SocketSource *src;
    int fd;                  /* -1 when not connected */
    bool failed;             /* a write failed; end it from the main loop */
    FrameReader reader;
    uint8_t *rx_buf;
    size_t rx_pos, rx_len;   /* bytes read, not yet de-framed */
    bool rx_held;            /* a frame waits in the peer's queue */
    uint8_t *tx_buf;
    size_t tx_pos, tx_len;   /* bytes accepted, not yet written */
    bool tx_blocked;         /* receive returned 0: flush the core when drained */
    StreamConnStats stats;
};

/*
 * Prepares @c for client @nc (not connected).  @sent_cb is the NetSentCb
 * the owner registers for @nc's frames; it must call stream_conn_sent().
 * @closed(@opaque) runs when a connection ends by itself.
 */
void stream_conn_init(StreamConn *c, NetClient *nc, NetSentCb *sent_cb,
                      StreamConnClosedFunc *closed, void *opaque);

/* Releases everything; closes the fd if connected. */
void stream_conn_destroy(StreamConn *c);

/* Starts carrying frames over the connected stream socket @fd (owned). */
void stream_conn_attach(StreamConn *c, int fd);

/* Closes the connection now, without the closed callback. */
void stream_conn_close(StreamConn *c);

/* True while connected. */
bool stream_conn_is_open(const StreamConn *c);

/* The peer's frame for the socket (NetClientInfo.receive_iov). */
ssize_t stream_conn_receive_iov(StreamConn *c, const struct iovec *iov,
                                int iovcnt);

/* The held frame was delivered: reading may go on. */
void stream_conn_sent(StreamConn *c);

/* NetClientInfo.can_receive: false while older frames wait (socket-flow.h). */
bool stream_conn_can_receive(StreamConn *c);

#endif
