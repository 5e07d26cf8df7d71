/* filter-framing.h: the frame format of filter-mirror/redirector chardevs (length, optional vnet header length, frame). */
#ifndef QNET_NET_FILTER_FRAMING_H
#define QNET_NET_FILTER_FRAMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/*
 * QEMU's filter chardev format, shared with colo-compare: per frame a
 * 32-bit big-endian length, then (only with vnet_hdr_support=on) the
 * netdev's vnet header length as a 32-bit big-endian number, then the
 * frame.  Both ends must agree on vnet_hdr_support.
 */
#define FILTER_FRAMING_MAX_HDR 8

/*
 * Writes the header for a @len-byte frame into @hdr and returns its size
 * (4, or 8 with @vnet).
 */
size_t filter_framing_header(uint8_t hdr[FILTER_FRAMING_MAX_HDR], bool vnet,
                             uint32_t vnet_hdr_len, uint32_t len);

/* The de-framer of one input stream. */
typedef struct FilterFrameReader {
    bool vnet;
    size_t max_len;
    uint8_t hdr[FILTER_FRAMING_MAX_HDR];
    size_t hdr_fill;
    uint32_t len;              /* of the frame being gathered */
    uint32_t vnet_hdr_len;     /* as the sender wrote it */
    uint8_t *frame;            /* max_len bytes, allocated once */
    size_t fill;
} FilterFrameReader;

typedef enum FilterFrameStatus {
    FILTER_FRAME_NEED_MORE,    /* all input used, no frame completed */
    FILTER_FRAME_DONE,         /* a frame is complete */
    FILTER_FRAME_TOO_LONG,     /* a length above max_len: stream unusable */
} FilterFrameStatus;

/* Prepares @r for frames of up to @max_len bytes. */
void filter_frame_reader_init(FilterFrameReader *r, bool vnet,
                              size_t max_len);

/* Frees @r's buffer. */
void filter_frame_reader_destroy(FilterFrameReader *r);

/* Forgets a partial frame (a new connection starts clean). */
void filter_frame_reader_reset(FilterFrameReader *r);

/*
 * Consumes input up to the end of the next frame; *@used is set to the
 * bytes taken.  On FILTER_FRAME_DONE, *@frame and *@frame_len describe it
 * (valid until the next call).
 */
FilterFrameStatus filter_frame_reader_feed(FilterFrameReader *r,
                                           const uint8_t *data, size_t len,
                                           size_t *used,
                                           const uint8_t **frame,
                                           size_t *frame_len);

#endif
