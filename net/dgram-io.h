/* dgram-io.h: one datagram socket carrying one frame per datagram, batched with recvmmsg/sendmmsg. */
#ifndef QNET_NET_DGRAM_IO_H
#define QNET_NET_DGRAM_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "net/client.h"
#include "net/dgram-gso.h"
#include "net/socket-source.h"

/*
 * The data path shared by `-netdev socket` (udp=, mcast=, fd= on a
 * datagram socket) and `-netdev dgram`: one raw Ethernet frame per
 * datagram, no header, as QEMU 7.2 does.
 *
 * In: recvmmsg() takes up to DGRAM_IO_BATCH datagrams per call into fixed
 * slots; each is sent to the peer from its slot.  When the peer holds,
 * reading stops until the sent callback.  The socket's receive buffer is
 * raised to DGRAM_IO_RCVBUF so that a scheduling pause does not drop.
 *
 * Out: frames are copied into a fixed arena and written with one
 * sendmmsg() per main-loop round (or at once when the batch is full); on a
 * UDP socket, runs of equal-sized frames go as one segmented send each
 * (net/dgram-gso.h), unless the path refuses that.  When
 * the arena is full and the socket takes nothing, receive returns 0 and
 * the core keeps the frame until the socket drains.  A datagram the kernel
 * refuses for good (no listener, too big) is dropped and counted, as QEMU
 * drops it.
 */

/* Datagrams per recvmmsg()/sendmmsg(). */
#define DGRAM_IO_BATCH 32
/* recvmmsg() rounds per wakeup. */
#define DGRAM_IO_READS_PER_WAKEUP 2
/* Output arena: several of the largest frames. */
#define DGRAM_IO_TX_ARENA (256 * 1024)
/*
 * Receive buffer asked for every datagram socket (QEMU keeps the kernel's
 * default, net.core.rmem_default, 208 KiB here: about 90 frames of 1514 B,
 * a couple of milliseconds of traffic).  UDP drops what does not fit, so
 * frames that must wait while qnet is not scheduled wait in this buffer
 * instead.  See socket_grow_rcvbuf() for the rmem_max cap.
 */
#define DGRAM_IO_RCVBUF (4 * 1024 * 1024)

typedef struct DgramIOStats {
    uint64_t rx_truncated;     /* datagrams larger than a frame: dropped */
    uint64_t rx_empty;         /* zero-length datagrams: dropped */
    uint64_t rx_errors;        /* receive errors (e.g. ICMP on connected UDP) */
    uint64_t tx_errors;        /* datagrams the kernel refused: dropped */
    uint64_t tx_dropped;       /* frames too large for the arena: dropped */
    int last_errno;            /* errno of the last refused datagram */
} DgramIOStats;

typedef struct DgramIO {
    NetClient *nc;
    NetSentCb *sent_cb;      /* the owner's callback: calls dgram_io_sent() */
    SocketSource *src;
    int fd;                  /* -1: closed */
    struct sockaddr_storage dest;
    socklen_t dest_len;      /* 0: send() on a connected socket */
    bool rx_eof;             /* the socket hung up: stop reading */
    /* input */
    uint8_t *rx_arena;       /* DGRAM_IO_BATCH slots of NET_BUFSIZE */
    struct mmsghdr rx_msgs[DGRAM_IO_BATCH];
    struct iovec rx_iov[DGRAM_IO_BATCH];
    unsigned rx_next, rx_count;
    bool rx_held;            /* a frame waits in the peer's queue */
    /* output */
    uint8_t *tx_arena;
    size_t tx_used;
    struct mmsghdr tx_msgs[DGRAM_IO_BATCH];
    struct iovec tx_iov[DGRAM_IO_BATCH];
    unsigned tx_next, tx_count;
    bool tx_blocked;         /* receive returned 0: flush the core when drained */
    DgramGso gso;            /* gso.enabled: group frames into segmented sends */
    DgramIOStats stats;
} DgramIO;

/*
 * Starts carrying frames over datagram socket @fd (owned, non-blocking) for
 * client @nc.  @dest/@dest_len is where frames go (NULL/0: the socket's
 * connected peer).  @sent_cb is the owner's NetSentCb for @nc's frames; it
 * must call dgram_io_sent().
 */
void dgram_io_init(DgramIO *d, NetClient *nc, NetSentCb *sent_cb, int fd,
                   const struct sockaddr *dest, socklen_t dest_len);

/* Closes the socket and frees the buffers. */
void dgram_io_destroy(DgramIO *d);

/* The peer's frame for the socket (NetClientInfo.receive_iov). */
ssize_t dgram_io_receive_iov(DgramIO *d, const struct iovec *iov, int iovcnt);

/* The held frame was delivered: reading may go on. */
void dgram_io_sent(DgramIO *d);

/*
 * A net client that is nothing but a datagram socket: the client of
 * socket's udp=/mcast=/fd= (type "socket") and of dgram (type "dgram").
 * Their NetClientInfo uses the four functions below with
 * .size = sizeof(DgramNetClient).
 */
typedef struct DgramNetClient {
    NetClient nc;
    DgramIO io;
    char *unlink_path;       /* unix socket file we bound, removed at the end */
} DgramNetClient;

/* Creates the client (see net_client_new()) carrying frames over @fd. */
DgramNetClient *dgram_net_client_new(QnetContext *ctx,
                                     const NetClientInfo *info,
                                     NetClient *peer, const char *model,
                                     const char *name, int fd,
                                     const struct sockaddr *dest,
                                     socklen_t dest_len);

ssize_t dgram_net_client_receive_iov(NetClient *nc, const struct iovec *iov,
                                     int iovcnt, unsigned flags);
bool dgram_net_client_can_receive(NetClient *nc);
void dgram_net_client_cleanup(NetClient *nc);

#endif
