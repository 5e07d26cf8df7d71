/* traffic-sink.c: qnet-traffic sink mode: receive, verify and time frames on one or more streams. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "traffic.h"

#define STREAM_BUF (1024 * 1024)
#define READS_PER_WAKEUP 16
#define UDP_SLOT 65536

typedef struct {
    TrConn c;
    bool open;
    uint8_t *buf;
    size_t have;
    struct mmsghdr *msgs;
    struct iovec *iov;
    SeqSet seq;
} SinkStream;

typedef struct {
    const TrOptions *o;
    SinkStream s[TF_MAX_STREAMS];
    unsigned n;
    uint64_t frames, bytes, corrupt, unique;
    uint64_t first_ns, last_ns;
} Sink;

static void handle_frame(Sink *k, SinkStream *st, const uint8_t *p,
                         size_t len)
{
    TfInfo info;
    uint8_t mac[6];
    k->frames++;
    k->bytes += len;
    if (!tf_verify(p, len, &info)) {
        k->corrupt++;
        return;
    }
    tf_mac_of_sender(mac, info.id);
    if (memcmp(p + 6, mac, 6) != 0) {
        k->corrupt++;
        return;
    }
    if (k->o->hello && info.id == k->o->id) {
        k->frames--;    /* our own announcement, flooded back */
        k->bytes -= len;
        return;
    }
    k->unique += seq_note(&st->seq, info.id, info.seq);
}

/* Parse every complete length-prefixed frame; false on a broken stream. */
static bool parse_stream(Sink *k, SinkStream *st)
{
    size_t off = 0;
    while (st->have - off >= 4) {
        const uint8_t *p = st->buf + off;
        size_t len = (size_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
        if (len == 0 || len > TF_MAX_LEN) {
            k->corrupt++;
            return false;
        }
        if (st->have - off - 4 < len) {
            break;
        }
        handle_frame(k, st, p + 4, len);
        off += 4 + len;
    }
    memmove(st->buf, st->buf + off, st->have - off);
    st->have -= off;
    return true;
}

static bool read_stream(Sink *k, SinkStream *st)
{
    for (int i = 0; i < READS_PER_WAKEUP; i++) {
        ssize_t n = read(st->c.fd, st->buf + st->have, STREAM_BUF - st->have);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return true;
        }
        if (n <= 0) {
            return false;
        }
        st->have += n;
        if (!parse_stream(k, st)) {
            return false;
        }
    }
    return true;
}

static bool read_udp(Sink *k, SinkStream *st)
{
    unsigned batch = k->o->batch;
    for (int i = 0; i < READS_PER_WAKEUP; i++) {
        for (unsigned j = 0; j < batch; j++) {
            st->msgs[j].msg_hdr.msg_flags = 0;
        }
        int n = recvmmsg(st->c.fd, st->msgs, batch, MSG_DONTWAIT, NULL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR ||
                      errno == ECONNREFUSED)) {
            return true;
        }
        if (n < 0) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (st->msgs[j].msg_hdr.msg_flags & MSG_TRUNC) {
                k->frames++;
                k->corrupt++;
                continue;
            }
            handle_frame(k, st, st->iov[j].iov_base, st->msgs[j].msg_len);
        }
        if ((unsigned)n < batch) {
            return true;
        }
    }
    return true;
}

static void stream_setup(Sink *k, SinkStream *st)
{
    unsigned batch = k->o->batch;
    st->open = true;
    tr_set_nonblock(st->c.fd, true);
    if (st->c.kind != TR_UDP) {
        st->buf = malloc(STREAM_BUF);
        return;
    }
    st->buf = malloc((size_t)batch * UDP_SLOT);
    st->msgs = calloc(batch, sizeof(*st->msgs));
    st->iov = calloc(batch, sizeof(*st->iov));
    for (unsigned j = 0; j < batch; j++) {
        st->iov[j] = (struct iovec){ st->buf + (size_t)j * UDP_SLOT, UDP_SLOT };
        st->msgs[j].msg_hdr.msg_iov = &st->iov[j];
        st->msgs[j].msg_hdr.msg_iovlen = 1;
    }
}

/* One broadcast frame from --id, length-prefixed, on the first stream. */
static bool sink_hello(Sink *k)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    const unsigned len = 64;
    uint8_t buf[4 + 64];
    buf[0] = buf[1] = buf[2] = 0;
    buf[3] = len;
    tf_template(buf + 4, len, bcast, k->o->id);
    tf_stamp(buf + 4, 0, tf_now_ns(), tf_filler_sum(len));
    return tr_write_all(k->s[0].c.fd, buf, sizeof(buf));
}

static bool sink_open(Sink *k)
{
    const TrOptions *o = k->o;
    if (o->has_listen) {
        k->n = 1;
        return tr_open_listen(o, &k->s[0].c);
    }
    k->n = o->n_connect;
    for (unsigned i = 0; i < k->n; i++) {
        if (!tr_open(o, &o->connect[i], &k->s[i].c)) {
            return false;
        }
    }
    return k->n > 0 && (!o->hello || sink_hello(k));
}

static bool sink_done(const Sink *k)
{
    uint64_t want = k->o->count * k->o->senders * k->n;
    return want && k->unique >= want;
}

/* One poll round; false once the run is over (done, idle or all closed). */
static bool sink_step(Sink *k)
{
    struct pollfd pfd[TF_MAX_STREAMS];
    unsigned open = 0;
    for (unsigned i = 0; i < k->n; i++) {
        pfd[i] = (struct pollfd){ .fd = k->s[i].open ? k->s[i].c.fd : -1,
                                  .events = POLLIN };
        open += k->s[i].open;
    }
    unsigned wait = k->frames ? k->o->timeout_ms : k->o->start_timeout_ms;
    if (!open || poll(pfd, k->n, (int)wait) == 0) {
        return false;
    }
    uint64_t before = k->frames;
    for (unsigned i = 0; i < k->n; i++) {
        SinkStream *st = &k->s[i];
        if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) {
            continue;
        }
        bool ok = st->c.kind == TR_UDP ? read_udp(k, st) : read_stream(k, st);
        st->open = ok;
    }
    if (k->frames != before) {
        k->last_ns = tf_now_ns();
        if (!before) {
            k->first_ns = k->last_ns;
        }
    }
    return !sink_done(k);
}

static void sink_report(Sink *k)
{
    uint64_t lost = 0, reordered = 0, dup = 0, unknown = 0;
    for (unsigned i = 0; i < k->n; i++) {
        SeqSet *s = &k->s[i].seq;
        lost += seq_lost(s, k->o->count);
        if (s->n < k->o->senders) {
            lost += (k->o->senders - s->n) * k->o->count;
        }
        for (unsigned j = 0; j < s->n; j++) {
            reordered += s->t[j].reordered;
            dup += s->t[j].dup;
        }
        unknown += s->unknown;
    }
    double secs = (k->last_ns - k->first_ns) / 1e9;
    double fps = secs > 0 ? k->frames / secs : 0;
    double mbps = secs > 0 ? k->bytes * 8 / secs / 1e6 : 0;
    TrField f[] = {
        { "streams", k->n, 0 },        { "frames", k->frames, 0 },
        { "unique", k->unique, 0 },    { "lost", lost, 0 },
        { "reordered", reordered, 0 }, { "duplicated", dup, 0 },
        { "corrupt", k->corrupt, 0 },  { "untracked", unknown, 0 },
        { "bytes", k->bytes, 0 },      { "seconds", secs, 6 },
        { "fps", fps, 1 },             { "mbps", mbps, 1 },
    };
    tr_report(k->o->json, "sink", f, sizeof(f) / sizeof(f[0]));
}

/* Sink mode: receive until --count per sender and stream, EOF or idle. */
int run_sink(const TrOptions *o)
{
    static Sink k;
    k.o = o;
    if (!sink_open(&k)) {
        return 1;
    }
    for (unsigned i = 0; i < k.n; i++) {
        stream_setup(&k, &k.s[i]);
    }
    while (sink_step(&k)) {
    }
    sink_report(&k);
    tr_hold(o);
    for (unsigned i = 0; i < k.n; i++) {
        seq_free(&k.s[i].seq);
        close(k.s[i].c.fd);
    }
    return 0;
}
