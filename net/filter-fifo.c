/* filter-fifo.c: frames held by a filter, packed in one growing buffer (no allocation per frame). */
#include "net/filter-fifo.h"

#include <string.h>

#include "util/iov.h"

typedef struct FifoRecord {
    uint32_t len;
    uint8_t tag;
    uint8_t pad[3];
    uint32_t flags;
    uint32_t pad2;
} FifoRecord;

/* Records start 8-byte aligned so FifoRecord reads are aligned. */
#define FIFO_ALIGN 8
#define FIFO_MIN_CAP (64 * 1024)
/* A drained buffer larger than this is given back to the allocator. */
#define FIFO_KEEP_CAP (1024 * 1024)

static size_t record_size(size_t len)
{
    size_t n = sizeof(FifoRecord) + len + FIFO_ALIGN - 1;
    return n & ~(size_t)(FIFO_ALIGN - 1);
}

void frame_fifo_init(FrameFifo *f)
{
    memset(f, 0, sizeof(*f));
}

void frame_fifo_clear(FrameFifo *f)
{
    g_free(f->buf);
    frame_fifo_init(f);
}

/* Makes room for @need more bytes at the tail. */
static void reserve(FrameFifo *f, size_t need)
{
    if (f->tail + need <= f->cap) {
        return;
    }
    size_t live = f->tail - f->head;
    if (f->head && live + need <= f->cap) {
        memmove(f->buf, f->buf + f->head, live);
    } else {
        size_t cap = MAX(f->cap, (size_t)FIFO_MIN_CAP);
        while (cap < live + need) {
            cap *= 2;
        }
        uint8_t *buf = g_malloc(cap);
        if (live) {
            memcpy(buf, f->buf + f->head, live);
        }
        g_free(f->buf);
        f->buf = buf;
        f->cap = cap;
    }
    f->head = 0;
    f->tail = live;
}

void frame_fifo_push(FrameFifo *f, uint8_t tag, unsigned flags,
                     const struct iovec *iov, int iovcnt)
{
    size_t len = iov_size(iov, iovcnt);
    reserve(f, record_size(len));
    FifoRecord rec = { .len = (uint32_t)len, .tag = tag, .flags = flags };
    uint8_t *p = f->buf + f->tail;
    memcpy(p, &rec, sizeof(rec));
    iov_to_buf(iov, iovcnt, 0, p + sizeof(rec), len);
    f->tail += record_size(len);
    f->count++;
}

bool frame_fifo_peek(const FrameFifo *f, FrameFifoEntry *e)
{
    if (!f->count) {
        return false;
    }
    const FifoRecord *rec = (const void *)(f->buf + f->head);
    e->tag = rec->tag;
    e->flags = rec->flags;
    e->data = f->buf + f->head + sizeof(FifoRecord);
    e->len = rec->len;
    return true;
}

void frame_fifo_pop(FrameFifo *f)
{
    if (!f->count) {
        return;
    }
    const FifoRecord *rec = (const void *)(f->buf + f->head);
    f->head += record_size(rec->len);
    if (--f->count == 0) {
        f->head = f->tail = 0;
        if (f->cap > FIFO_KEEP_CAP) {
            frame_fifo_clear(f);
        }
    }
}

void frame_fifo_append(FrameFifo *to, FrameFifo *from)
{
    if (!from->count) {
        return;
    }
    if (!to->count) {
        FrameFifo tmp = *to;
        *to = *from;
        *from = tmp;
        frame_fifo_clear(from);
        return;
    }
    size_t live = from->tail - from->head;
    reserve(to, live);
    memcpy(to->buf + to->tail, from->buf + from->head, live);
    to->tail += live;
    to->count += from->count;
    frame_fifo_clear(from);
}
