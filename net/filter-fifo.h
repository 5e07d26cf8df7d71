/* filter-fifo.h: frames held by a filter, packed in one growing buffer (no allocation per frame). */
#ifndef QNET_NET_FILTER_FIFO_H
#define QNET_NET_FILTER_FIFO_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

/*
 * Records are laid end to end in one buffer that grows by doubling and is
 * reused once drained, so holding a frame costs one copy and, in the
 * steady state, no malloc.  Pushing may move the buffer: a pointer from
 * frame_fifo_peek() is valid only until the next push.
 */
typedef struct FrameFifo {
    uint8_t *buf;
    size_t cap;
    size_t head;            /* offset of the oldest record */
    size_t tail;            /* offset where the next record goes */
    unsigned count;
} FrameFifo;

/* One held frame, as frame_fifo_peek() shows it. */
typedef struct FrameFifoEntry {
    uint8_t tag;            /* the caller's (a direction) */
    unsigned flags;         /* frame flags (NET_FLAG_RAW) */
    const uint8_t *data;
    size_t len;
} FrameFifoEntry;

/* An empty FIFO (no memory until the first push). */
void frame_fifo_init(FrameFifo *f);

/* Drops every record and frees the buffer. */
void frame_fifo_clear(FrameFifo *f);

/* Appends a copy of the frame in @iov. */
void frame_fifo_push(FrameFifo *f, uint8_t tag, unsigned flags,
                     const struct iovec *iov, int iovcnt);

/* The oldest record; false when empty. */
bool frame_fifo_peek(const FrameFifo *f, FrameFifoEntry *e);

/* Removes the oldest record (no-op when empty). */
void frame_fifo_pop(FrameFifo *f);

/* Number of records held. */
static inline unsigned frame_fifo_length(const FrameFifo *f)
{
    return f->count;
}

/* Moves every record of @from to the end of @to; @from ends up empty. */
void frame_fifo_append(FrameFifo *to, FrameFifo *from);

#endif
