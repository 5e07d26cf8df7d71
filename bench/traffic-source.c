/* traffic-source.c: qnet-traffic source mode: N frames, unpaced or at a rate. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "traffic.h"

/* Bytes handed to one write() on a stream: big writes keep the tool cheap. */
#define STREAM_WRITE_BYTES (256 * 1024)
/* Paced sources wake at most this often (ns) and send a burst each time. */
#define PACE_SLOT_NS 100000

typedef struct {
    TrConn c;
    unsigned len;
    unsigned slot;      /* bytes per frame in the buffer (stream: +4) */
    unsigned per_call;  /* frames per write()/sendmmsg() */
    uint8_t *buf;
    struct mmsghdr *msgs;
    struct iovec *iov;
    uint64_t fill_sum;
} Source;

static void source_setup(Source *s, const TrOptions *o)
{
    s->len = o->size;
    bool stream = s->c.kind != TR_UDP;
    s->slot = s->len + (stream ? 4 : 0);
    s->per_call = stream ? STREAM_WRITE_BYTES / s->slot : o->batch;
    if (s->per_call < 1) {
        s->per_call = 1;
    }
    if (stream && s->per_call > o->batch * 64) {
        s->per_call = o->batch * 64;
    }
    s->buf = calloc(s->per_call, s->slot);
    s->msgs = calloc(s->per_call, sizeof(*s->msgs));
    s->iov = calloc(s->per_call, sizeof(*s->iov));
    s->fill_sum = tf_filler_sum(s->len);
    for (unsigned i = 0; i < s->per_call; i++) {
        uint8_t *p = s->buf + (size_t)i * s->slot;
        if (stream) {
            p[0] = s->len >> 24;
            p[1] = s->len >> 16;
            p[2] = s->len >> 8;
            p[3] = s->len;
            p += 4;
        }
        tf_template(p, s->len, o->dst, o->id);
        s->iov[i] = (struct iovec){ p, s->len };
        s->msgs[i].msg_hdr.msg_iov = &s->iov[i];
        s->msgs[i].msg_hdr.msg_iovlen = 1;
    }
}

static bool send_udp(Source *s, unsigned n)
{
    unsigned done = 0;
    while (done < n) {
        int r = sendmmsg(s->c.fd, s->msgs + done, n - done, 0);
        /* ECONNREFUSED reports an earlier datagram nobody was bound to
         * take (ICMP port unreachable); the sink counts those as lost. */
        if (r < 0 && (errno == EINTR || errno == ENOBUFS ||
                      errno == EAGAIN || errno == ECONNREFUSED)) {
            continue;
        }
        if (r < 0) {
            perror("qnet-traffic: sendmmsg");
            return false;
        }
        done += r;
    }
    return true;
}

/* Send frames @seq .. @seq+@n-1 in one call. */
/*
 * Closes a stream cleanly: closing a socket with unread input (a hub
 * floods frames back to the source) sends a reset instead of FIN
 * (RFC 793 3.5; Linux tcp_close()), and the far end may lose the frames it
 * has not read yet.  So half-close, then read and drop until the far end
 * closes too, for at most 5 s.
 */
static void finish_stream(const TrConn *c)
{
    uint8_t buf[65536];
    if (c->kind == TR_UDP || shutdown(c->fd, SHUT_WR) < 0) {
        return;
    }
    uint64_t deadline = tf_now_ns() + 5000000000ull;
    while (tf_now_ns() < deadline) {
        if (tr_wait_readable(c->fd, 100) > 0 &&
            read(c->fd, buf, sizeof(buf)) <= 0) {
            return;     /* the far end closed (or failed): nothing unread */
        }
    }
}

static bool send_burst(Source *s, uint64_t seq, unsigned n)
{
    uint64_t ts = tf_now_ns();
    unsigned off = s->c.kind == TR_UDP ? 0 : 4;
    for (unsigned i = 0; i < n; i++) {
        tf_stamp(s->buf + (size_t)i * s->slot + off, seq + i, ts, s->fill_sum);
    }
    if (s->c.kind == TR_UDP) {
        return send_udp(s, n);
    }
    return tr_write_all(s->c.fd, s->buf, (size_t)n * s->slot);
}

static void sleep_until(uint64_t t_ns)
{
    struct timespec ts = { .tv_sec = t_ns / 1000000000u,
                           .tv_nsec = t_ns % 1000000000u };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
           EINTR) {
    }
}

static void wait_for_go(const TrOptions *o)
{
    char line[64];
    if (o->wait_stdin && !fgets(line, sizeof(line), stdin)) {
        fprintf(stderr, "qnet-traffic: stdin closed before the start line\n");
        exit(1);
    }
}

/* Source mode: connect, wait for the go line if asked, send, report. */
int run_source(const TrOptions *o)
{
    Source s = { 0 };
    if (o->n_connect != 1 || !tr_open(o, &o->connect[0], &s.c)) {
        if (o->n_connect != 1) {
            fprintf(stderr, "qnet-traffic: source needs one --connect\n");
        }
        return 1;
    }
    source_setup(&s, o);
    unsigned burst = s.per_call;
    if (o->rate > 0) {
        double per_slot = o->rate * PACE_SLOT_NS / 1e9;
        burst = per_slot < 1 ? 1 : per_slot > burst ? burst : (unsigned)per_slot;
    }
    wait_for_go(o);
    uint64_t t0 = tf_now_ns(), seq = 0;
    uint64_t stop = o->duration_ms ? t0 + o->duration_ms * 1000000ull : 0;
    while (seq < o->count && (!stop || tf_now_ns() < stop)) {
        unsigned n = o->count - seq < burst ? o->count - seq : burst;
        if (o->rate > 0) {
            sleep_until(t0 + (uint64_t)(seq / o->rate * 1e9));
        }
        if (!send_burst(&s, seq, n)) {
            return 1;
        }
        seq += n;
    }
    double secs = (tf_now_ns() - t0) / 1e9;
    TrField f[] = {
        { "frames", seq, 0 }, { "size", s.len, 0 },
        { "seconds", secs, 6 }, { "fps", seq / secs, 1 },
    };
    tr_report(o->json, "source", f, sizeof(f) / sizeof(f[0]));
    tr_hold(o);
    finish_stream(&s.c);
    close(s.c.fd);
    free(s.buf);
    free(s.msgs);
    free(s.iov);
    return 0;
}
