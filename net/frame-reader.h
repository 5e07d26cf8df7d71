/* frame-reader.h: the de-framer of QEMU's length-prefixed formats (stream netdevs; filter chardevs, with an optional vnet length). */
#ifndef QNET_NET_FRAME_READER_H
#define QNET_NET_FRAME_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The wire format of -netdev socket (listen/connect/fd stream) and -netdev
 * stream: each Ethernet frame is preceded by its length as a 32-bit
 * big-endian number.  There is no other header (QEMU 7.2 sends no vnet
 * header on these sockets).
 *
 * The reader is fed whatever one read() returned and hands frames back one
 * at a time.  A frame that lies whole inside the input is returned as a
 * pointer into it (no copy); only a frame split across reads is gathered in
 * the reader's own buffer, allocated once at the first split and reused.
 */

/*
 * QEMU's filter chardev format (filter-mirror, filter-redirector,
 * colo-compare) is the same with, only when vnet_hdr_support=on, a second
 * 32-bit big-endian field after the length: the sender's vnet header
 * length.  frame_reader_init_filter() reads that form.
 */

/* Bytes of the length prefix. */
#define FRAME_READER_HDR_LEN 4
/* Bytes of the longest header: the length and the vnet header length. */
#define FRAME_READER_MAX_HDR_LEN 8

typedef enum FrameReaderStatus {
    FRAME_READER_NEED_MORE,  /* all input consumed, no frame completed */
    FRAME_READER_FRAME,      /* a frame is complete (*frame, *frame_len) */
    FRAME_READER_OVERSIZE,   /* a length above the limit: close the stream */
} FrameReaderStatus;

typedef struct FrameReader {
    size_t max_len;          /* largest frame accepted */
    size_t hdr_len;          /* FRAME_READER_HDR_LEN, or 8 with vnet length */
    uint8_t hdr[FRAME_READER_MAX_HDR_LEN];
    size_t hdr_fill;         /* bytes of the length prefix gathered */
    bool in_body;            /* prefix complete, body not yet */
    bool broken;             /* an oversized length was seen */
    uint32_t frame_len;      /* length of the frame being read */
    uint32_t vnet_hdr_len;   /* the vnet length field of the last header */
    uint8_t *body;           /* gathering buffer (max_len bytes) or NULL */
    size_t body_fill;        /* bytes of the body gathered */
} FrameReader;

/* Prepares @fr to accept frames of up to @max_len bytes. */
void frame_reader_init(FrameReader *fr, size_t max_len);

/*
 * As frame_reader_init(), for the filter chardev format: with @vnet each
 * length is followed by the vnet header length field (in vnet_hdr_len
 * once the header is read).
 */
void frame_reader_init_filter(FrameReader *fr, size_t max_len, bool vnet);

/* Frees the gathering buffer; @fr may be initialised again. */
void frame_reader_destroy(FrameReader *fr);

/* Forgets a partially read frame (a new connection starts clean). */
void frame_reader_reset(FrameReader *fr);

/* True when no partial frame is held (a frame boundary). */
bool frame_reader_at_boundary(const FrameReader *fr);

/*
 * Consumes bytes of @data (@len bytes) up to the end of the next frame.
 * *@consumed is set to the bytes used.  On FRAME_READER_FRAME, *@frame and
 * *@frame_len describe the frame; the pointer is valid until the next call
 * or until @data changes.  A zero-length frame is a frame (QEMU forwards
 * it).  On FRAME_READER_OVERSIZE the stream cannot be re-synchronised: the
 * reader keeps answering OVERSIZE until frame_reader_reset().
 */
FrameReaderStatus frame_reader_next(FrameReader *fr, const uint8_t *data,
                                    size_t len, size_t *consumed,
                                    const uint8_t **frame, size_t *frame_len);

/* Writes the length prefix of a @len-byte frame into @hdr. */
void frame_reader_put_header(uint8_t hdr[FRAME_READER_HDR_LEN], uint32_t len);

#endif
