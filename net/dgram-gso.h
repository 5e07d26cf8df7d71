/* dgram-gso.h: UDP segmentation offload: runs of equal-sized frames leave in one send, as separate datagrams. */
#ifndef QNET_NET_DGRAM_GSO_H
#define QNET_NET_DGRAM_GSO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

/*
 * With UDP_SEGMENT (udp(7), Linux 4.18) one sendmsg() carries a buffer that
 * the kernel cuts into datagrams of a given size (the last may be
 * shorter).  The receiver sees the same datagrams as from one send each,
 * but the sending host routes and builds one packet instead of many: on
 * loopback that is about 2.5 times cheaper per datagram.
 *
 * The caller keeps its frames back to back in one buffer and asks
 * dgram_gso_group() for messages covering them.  When a grouped send is
 * refused with an errno dgram_gso_unusable() accepts, the path cannot take
 * segmented sends (MTU below a frame, no checksum offload, UDP-Lite): the
 * caller turns GSO off and sends frame by frame.
 */

/* Messages per dgram_gso_group() call. */
#define DGRAM_GSO_MSGS 32
/* Datagrams per send: the kernel's UDP_MAX_SEGMENTS is 64 or more. */
#define DGRAM_GSO_SEGMENTS 64
/* Bytes per send: below IPv4's largest UDP payload, 65507. */
#define DGRAM_GSO_BYTES 65000

typedef struct DgramGso {
    bool enabled;
    struct mmsghdr msgs[DGRAM_GSO_MSGS];
    struct iovec iov[DGRAM_GSO_MSGS];
    unsigned frames[DGRAM_GSO_MSGS];   /* frames each message carries */
    union {
        char buf[CMSG_SPACE(sizeof(uint16_t))];
        struct cmsghdr align;
    } cmsg[DGRAM_GSO_MSGS];
} DgramGso;

/*
 * True when @fd is a UDP socket (IPv4 or IPv6) whose kernel knows
 * UDP_SEGMENT.  Unix datagram sockets have no such option.
 */
bool dgram_gso_probe(int fd);

/*
 * Fills @g->msgs for the @count frames in @frames (each frame's iov, the
 * frames adjacent in memory, in order), to @name/@namelen (NULL/0: the
 * connected peer).  A message carries a run of frames of one size,
 * optionally ended by one shorter frame; a message of one frame has no
 * UDP_SEGMENT.  Returns the messages filled (at most DGRAM_GSO_MSGS, so
 * they may cover only the first frames: see @g->frames).
 */
unsigned dgram_gso_group(DgramGso *g, const struct iovec *frames,
                         unsigned count, void *name, socklen_t namelen);

/* True when a grouped send failing with @err means: do not use GSO here. */
bool dgram_gso_unusable(int err);

#endif
