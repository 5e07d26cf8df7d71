/* filter-dump.c: filter-dump: every frame that passes is recorded in a pcap file. */
#include <errno.h>
#include <stddef.h>

#include "net/context.h"
#include "net/filter-types.h"
#include "net/pcap-writer.h"
#include "util/iov.h"
#include "util/source.h"

typedef struct FilterDump {
    NetFilter nf;
    char *file;
    uint32_t maxlen;
    PcapWriter *out;          /* NULL once a write failed */
    GSource *flusher;
    int64_t stamp_us;         /* the wall-clock time records get now */
    size_t stamp_budget;      /* capture bytes it may still stamp */
    uint64_t records;
    uint64_t write_errors;
} FilterDump;

/* QEMU's default: enough for any Ethernet frame without GSO. */
#define DUMP_DEFAULT_MAXLEN 65536

static bool check_maxlen(NetFilter *nf, const NetFilterValue *v, Error **errp)
{
    if (!v->u32) {
        error_setg(errp, "Property '%s.maxlen' doesn't take value '%u'",
                   nf->ops->type, v->u32);
        return false;
    }
    return true;
}

static const NetFilterProp dump_props[] = {
    { "file", "string", NET_FILTER_PROP_STR, offsetof(FilterDump, file),
      NULL },
    { "maxlen", "uint32", NET_FILTER_PROP_UINT32,
      offsetof(FilterDump, maxlen), check_maxlen },
    { NULL },
};

static void dump_init(NetFilter *nf)
{
    NET_FILTER_UPCAST(FilterDump, nf)->maxlen = DUMP_DEFAULT_MAXLEN;
}

/* A write error stops the dump, as in QEMU; the filter keeps passing. */
static void dump_stop(FilterDump *d)
{
    d->write_errors++;
    qnet_log(d->nf.ctx, QNET_LOG_ERROR, NULL,
             "network dump write error - stopping dump");
    pcap_writer_close(d->out);
    d->out = NULL;
}

/*
 * Timestamps.  QEMU stamps each record with a clock reading of its own;
 * on a loaded path that reading is a large share of what a record costs
 * (15% of qnet's time with 64-byte frames, measured with perf).  qnet
 * reads the wall clock once for a batch of records instead: at the first
 * record after the main loop woke up, and again once the stamp has served
 * DUMP_STAMP_BUDGET bytes of capture.  Frames qnet takes in during one
 * wakeup were waiting in their sockets together (one read() of a stream
 * brings up to 256 KiB of frames), so the time the batch is handled is
 * as true for each of them as the moment the filter happens to see it;
 * the budget keeps a stamp within a few microseconds of that moment (4 KiB
 * of capture is 51 records of 64-byte frames or 2 of 1514 bytes, about
 * 3 to 5 us of forwarding).  Without a main-loop iteration (frames
 * injected by an embedder) a stamp still serves at most 4 KiB.
 */
#define DUMP_STAMP_BUDGET 4096

static int64_t dump_stamp(FilterDump *d, size_t record_len)
{
    if (d->stamp_budget < record_len) {
        d->stamp_us = g_get_real_time();
        d->stamp_budget = DUMP_STAMP_BUDGET;
    }
    d->stamp_budget -= MIN(record_len, d->stamp_budget);
    return d->stamp_us;
}

/*
 * Records are batched and written once per main-loop iteration, before
 * the loop waits: the file is complete whenever qnet is idle, and a burst
 * costs one write() per 128 KiB instead of one per frame.  The next
 * wakeup starts a new timestamp batch.
 */
static gboolean flusher_prepare(GSource *source, gint *timeout)
{
    FilterDump *d = *(FilterDump **)(source + 1);
    *timeout = -1;
    d->stamp_budget = 0;
    if (d->out && pcap_writer_pending(d->out) && !pcap_writer_flush(d->out)) {
        dump_stop(d);
    }
    return FALSE;
}

static gboolean flusher_dispatch(GSource *source, GSourceFunc cb,
                                 gpointer data)
{
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs flusher_funcs = {
    .prepare = flusher_prepare,
    .dispatch = flusher_dispatch,
};

static bool dump_setup(NetFilter *nf, Error **errp)
{
    FilterDump *d = NET_FILTER_UPCAST(FilterDump, nf);

    if (!d->file) {
        error_setg(errp, "dump filter needs 'file' property set!");
        return false;
    }
    d->out = pcap_writer_open(d->file, d->maxlen, PCAP_LINKTYPE_ETHERNET,
                              NULL);
    if (!d->out) {
        error_setg_errno(errp, errno, "net dump: can't open %s", d->file);
        return false;
    }
    /* The header goes out now, so the file is a capture from the start. */
    if (!pcap_writer_flush(d->out)) {
        dump_stop(d);
    }
    d->flusher = g_source_new(&flusher_funcs,
                              sizeof(GSource) + sizeof(FilterDump *));
    *(FilterDump **)(d->flusher + 1) = d;
    g_source_set_name(d->flusher, "filter-dump flush");
    qnet_attach_source(nf->ctx, d->flusher);
    return true;
}

static ssize_t dump_receive_iov(NetFilter *nf, NetClient *sender,
                                unsigned flags, const struct iovec *iov,
                                int iovcnt, NetSentCb *sent_cb)
{
    FilterDump *d = NET_FILTER_UPCAST(FilterDump, nf);

    if (!d->out) {
        return 0;
    }
    size_t len = iov_size(iov, iovcnt);
    size_t record_len = PCAP_RECORD_HEADER_LEN + MIN(len, (size_t)d->maxlen);
    if (!pcap_writer_add(d->out, dump_stamp(d, record_len), iov, iovcnt, len,
                         d->maxlen)) {
        dump_stop(d);
        return 0;
    }
    d->records++;
    return 0;
}

static void dump_cleanup(NetFilter *nf)
{
    FilterDump *d = NET_FILTER_UPCAST(FilterDump, nf);

    source_clear(&d->flusher);
    if (d->out && !pcap_writer_close(d->out)) {
        d->out = NULL;
        d->write_errors++;
        qnet_log(nf->ctx, QNET_LOG_ERROR, NULL,
                 "network dump write error - stopping dump");
    }
    d->out = NULL;
}

static void dump_stats(NetFilter *nf, GString *out)
{
    FilterDump *d = NET_FILTER_UPCAST(FilterDump, nf);
    g_string_append_printf(out, "records=%" G_GUINT64_FORMAT ",write_errors=%"
                           G_GUINT64_FORMAT, d->records, d->write_errors);
}

const NetFilterOps net_filter_dump_ops = {
    .type = "filter-dump",
    .size = sizeof(FilterDump),
    .props = dump_props,
    .init = dump_init,
    .setup = dump_setup,
    .receive_iov = dump_receive_iov,
    .stats = dump_stats,
    .cleanup = dump_cleanup,
};
