/* filter-chr-out.h: frames written to a chardev in the filter framing, with a bounded backlog instead of blocking. */
#ifndef QNET_NET_FILTER_CHR_OUT_H
#define QNET_NET_FILTER_CHR_OUT_H

#include "chardev/char.h"
#include "net/filter-fifo.h"
#include "net/filter.h"

/*
 * QEMU writes to the chardev synchronously and stalls its main loop when
 * the reader is slow.  qnet never blocks: a frame the chardev cannot take
 * waits in a backlog (on top of the chardev's own output buffer) that is
 * drained when the chardev becomes writable.  Only past
 * FILTER_CHR_OUT_BACKLOG_MAX bytes are frames dropped, counted and
 * reported once per congestion episode.
 */
#define FILTER_CHR_OUT_BACKLOG_MAX ((size_t)16 * 1024 * 1024)

typedef struct FilterChrOut {
    NetFilter *nf;             /* for the log, the vnet header length */
    const char *who;           /* "filter mirror", "filter redirector" */
    Chardev *chr;              /* NULL: not open */
    FrameFifo backlog;
    size_t backlog_bytes;
    uint8_t *scratch;          /* one framed frame */
    bool warned;               /* a drop was reported in this episode */
    uint64_t frames;           /* written */
    uint64_t dropped;          /* lost to a full backlog or an error */
} FilterChrOut;

/* The chardev called @id where @nf's context keeps chardevs, or NULL. */
Chardev *filter_find_chardev(NetFilter *nf, const char *id);

/*
 * Attaches to @chr as its front end ("Device 'c0' is in use").  @who
 * starts the error messages ("filter mirror send failed(%s)").
 */
bool filter_chr_out_open(FilterChrOut *o, NetFilter *nf, const char *who,
                         Chardev *chr, Error **errp);

/* Writes one frame, framed with @vnet's setting (see filter-framing.h). */
void filter_chr_out_send(FilterChrOut *o, bool vnet, const struct iovec *iov,
                         int iovcnt);

/* Appends "frames=N,backlog=N,dropped=N". */
void filter_chr_out_stats(const FilterChrOut *o, GString *out);

/* Detaches and frees the backlog (what is in it is dropped, counted). */
void filter_chr_out_close(FilterChrOut *o);

#endif
