/* tap-coalesce.h: consecutive TCP segments for a tap merged into one GSO frame, superseded pure ACKs dropped. */
#ifndef QNET_NET_TAP_COALESCE_H
#define QNET_NET_TAP_COALESCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/*
 * Every frame written to a tap is one trip through the host's receive
 * path: for a TCP stream from the user backend, 45 frames, 45 TCP
 * receives, about 22 ACKs and as many wakeups per 64 KiB window.  A tap
 * with IFF_VNET_HDR takes one large frame with a GSO header instead
 * (virtio 1.2, 5.1.6.2 "Packet Transmission": VIRTIO_NET_HDR_GSO_TCPV4
 * with VIRTIO_NET_HDR_F_NEEDS_CSUM), which the host receives like a frame
 * its NIC's GRO merged and splits again only if it forwards it.
 *
 * Merged are IPv4 TCP segments of one stream that follow each other in
 * sequence, carry nothing but ACK (PSH on the last) and the same headers
 * otherwise, and whose TCP checksum is right: the merged frame's checksum
 * is left to the receiver (NEEDS_CSUM), so a damaged segment must never
 * be merged.
 *
 * Likewise the user backend acknowledges every segment it is sent with a
 * pure ACK of its own; within one main-loop iteration only the last of a
 * run that moves forward on one connection is written (net/tap-coalesce.c
 * says which replace which).
 *
 * Every other frame, and a lone segment, is written as it came, and what
 * is pending is written before the main loop sleeps.
 */
typedef struct TapCoalesce {
    uint8_t *buf;           /* header room + the frame being merged */
    size_t hdr_len;         /* the tap's virtio-net header length */
    size_t len;             /* frame bytes in buf, 0: nothing pending */
    unsigned segs;          /* segments merged into it */
    size_t headers;         /* Ethernet + IPv4 + TCP header bytes */
    size_t mss;             /* payload of the first segment */
    uint32_t next_seq;      /* sequence number a following segment has */
    bool ack_only;          /* a pure ACK, which a later one may replace */
    uint32_t ack;           /* its acknowledgment number */
    bool closed;            /* a short or PSH segment ended it */
} TapCoalesce;

/* Ready to merge for a tap whose header is @hdr_len (>= 10) bytes. */
void tap_coalesce_init(TapCoalesce *c, size_t hdr_len);
void tap_coalesce_cleanup(TapCoalesce *c);

static inline bool tap_coalesce_pending(const TapCoalesce *c)
{
    return c->len != 0;
}

/*
 * Takes @frame (@len bytes) into the pending merge: true when it started
 * one, continued it or replaced a pending ACK.  False when it cannot: the caller writes what is
 * pending first (tap_coalesce_take()), then tries once more, and if that
 * fails too writes @frame itself.
 */
bool tap_coalesce_add(TapCoalesce *c, const uint8_t *frame, size_t len);

/* Whether nothing more can join what is pending (write it now). */
bool tap_coalesce_full(const TapCoalesce *c);

/*
 * The pending frame as @v[0] header and @v[1] frame, ready for writev();
 * the header is all zero for a lone segment.  tap_coalesce_done() once it
 * is written.
 */
void tap_coalesce_take(TapCoalesce *c, struct iovec v[2]);
void tap_coalesce_done(TapCoalesce *c);

#endif
