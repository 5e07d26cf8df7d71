/* traffic-echo.c: qnet-traffic pingpong (round-trip latency) and reflector (echo with swapped MACs) modes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "traffic.h"

#define ECHO_BUF (1024 * 1024)
#define ECHO_BATCH 64

/* A blocking byte stream with carry-over, for pingpong's replies. */
typedef struct {
    uint8_t buf[ECHO_BUF];
    size_t have, off;
} Rx;

static bool open_endpoint(const TrOptions *o, TrConn *c)
{
    if (o->has_listen) {
        return tr_open_listen(o, c);
    }
    if (o->n_connect != 1) {
        fprintf(stderr, "qnet-traffic: needs one --connect or --listen\n");
        return false;
    }
    return tr_open(o, &o->connect[0], c);
}

/* Next frame from the connection, or NULL on timeout/EOF. */
static const uint8_t *next_frame(TrConn *c, Rx *rx, unsigned timeout_ms,
                                 size_t *len)
{
    if (c->kind == TR_UDP) {
        if (tr_wait_readable(c->fd, timeout_ms) <= 0) {
            return NULL;
        }
        ssize_t n = recv(c->fd, rx->buf, sizeof(rx->buf), 0);
        *len = n > 0 ? (size_t)n : 0;
        return n >= 0 ? rx->buf : NULL;
    }
    for (;;) {
        if (rx->have - rx->off >= 4) {
            const uint8_t *p = rx->buf + rx->off;
            size_t l = (size_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
            if (l > TF_MAX_LEN) {
                return NULL;
            }
            if (rx->have - rx->off - 4 >= l) {
                rx->off += 4 + l;
                *len = l;
                return p + 4;
            }
        }
        memmove(rx->buf, rx->buf + rx->off, rx->have - rx->off);
        rx->have -= rx->off;
        rx->off = 0;
        if (tr_wait_readable(c->fd, timeout_ms) <= 0) {
            return NULL;
        }
        ssize_t n = read(c->fd, rx->buf + rx->have, sizeof(rx->buf) - rx->have);
        if (n <= 0) {
            return NULL;
        }
        rx->have += n;
    }
}

static bool send_one(TrConn *c, uint8_t *slot, size_t len)
{
    if (c->kind == TR_UDP) {
        return write(c->fd, slot + 4, len) == (ssize_t)len;
    }
    return tr_write_all(c->fd, slot, len + 4);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void pingpong_report(const TrOptions *o, uint64_t *rtt, uint64_t n,
                            uint64_t lost, uint64_t stray)
{
    qsort(rtt, n, sizeof(*rtt), cmp_u64);
    double sum = 0;
    for (uint64_t i = 0; i < n; i++) {
        sum += rtt[i];
    }
    double min = n ? rtt[0] / 1e3 : 0, med = n ? rtt[n / 2] / 1e3 : 0;
    double p99 = n ? rtt[n * 99 / 100] / 1e3 : 0, mean = n ? sum / n / 1e3 : 0;
    TrField f[] = {
        { "round_trips", n, 0 }, { "lost", lost, 0 }, { "stray", stray, 0 },
        { "min_us", min, 2 },    { "median_us", med, 2 },
        { "p99_us", p99, 2 },    { "mean_us", mean, 2 },
    };
    tr_report(o->json, "pingpong", f, sizeof(f) / sizeof(f[0]));
}

/* Wait for the echo of @seq; true when it came back intact. */
static bool await_echo(TrConn *c, Rx *rx, const TrOptions *o, uint64_t seq,
                       uint64_t *stray)
{
    size_t len;
    const uint8_t *f;
    while ((f = next_frame(c, rx, o->timeout_ms, &len))) {
        TfInfo info;
        if (tf_verify(f, len, &info) && info.id == o->id && info.seq == seq) {
            return true;
        }
        (*stray)++;
    }
    return false;
}

/* Pingpong mode: --warmup then --count timed round trips, one at a time. */
int run_pingpong(const TrOptions *o)
{
    TrConn c;
    static Rx rx;
    static uint8_t slot[4 + TF_MAX_LEN];
    if (!open_endpoint(o, &c)) {
        return 1;
    }
    uint64_t total = o->warmup + o->count, n = 0, lost = 0, stray = 0;
    uint64_t *rtt = calloc(o->count ? o->count : 1, sizeof(*rtt));
    uint64_t fill = tf_filler_sum(o->size);
    slot[0] = slot[1] = 0;
    slot[2] = o->size >> 8;
    slot[3] = o->size;
    tf_template(slot + 4, o->size, o->dst, o->id);
    char line[64];
    if (o->wait_stdin && !fgets(line, sizeof(line), stdin)) {
        return 1;
    }
    for (uint64_t seq = 0; seq < total; seq++) {
        uint64_t t0 = tf_now_ns();
        tf_stamp(slot + 4, seq, t0, fill);
        if (!send_one(&c, slot, o->size)) {
            perror("qnet-traffic: send");
            return 1;
        }
        if (!await_echo(&c, &rx, o, seq, &stray)) {
            lost++;
            continue;
        }
        if (seq >= o->warmup) {
            rtt[n++] = tf_now_ns() - t0;
        }
    }
    pingpong_report(o, rtt, n, lost, stray);
    free(rtt);
    close(c.fd);
    return 0;
}

/* Swap the MACs of every complete stream frame in @buf; bytes consumed. */
static size_t reflect_stream(uint8_t *buf, size_t have, const uint8_t own[6],
                             uint64_t *frames)
{
    size_t off = 0;
    while (have - off >= 4) {
        uint8_t *p = buf + off;
        size_t l = (size_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
        if (have - off - 4 < l) {
            break;
        }
        tf_swap_macs(p + 4, l, own);
        off += 4 + l;
        (*frames)++;
    }
    return off;
}

static bool reflector_stream(TrConn *c, const TrOptions *o,
                             const uint8_t own[6], uint64_t *frames)
{
    static uint8_t buf[ECHO_BUF];
    size_t have = 0;
    while (tr_wait_readable(c->fd, o->start_timeout_ms) > 0) {
        ssize_t n = read(c->fd, buf + have, sizeof(buf) - have);
        if (n <= 0) {
            return n == 0;
        }
        have += n;
        size_t done = reflect_stream(buf, have, own, frames);
        if (!tr_write_all(c->fd, buf, done)) {
            return false;
        }
        memmove(buf, buf + done, have - done);
        have -= done;
    }
    return true;
}

static bool reflector_udp(TrConn *c, const TrOptions *o, const uint8_t own[6],
                          uint64_t *frames)
{
    static uint8_t buf[ECHO_BATCH][TF_MAX_LEN];
    struct mmsghdr msgs[ECHO_BATCH];
    struct iovec iov[ECHO_BATCH];
    struct sockaddr_storage from[ECHO_BATCH];
    while (tr_wait_readable(c->fd, o->start_timeout_ms) > 0) {
        for (int i = 0; i < ECHO_BATCH; i++) {
            iov[i] = (struct iovec){ buf[i], TF_MAX_LEN };
            msgs[i].msg_hdr = (struct msghdr){ .msg_name = &from[i],
                .msg_namelen = sizeof(from[i]), .msg_iov = &iov[i],
                .msg_iovlen = 1 };
        }
        int n = recvmmsg(c->fd, msgs, ECHO_BATCH, MSG_DONTWAIT, NULL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR || errno == ECONNREFUSED) {
                continue;
            }
            return false;
        }
        for (int i = 0; i < n; i++) {
            tf_swap_macs(buf[i], msgs[i].msg_len, own);
            iov[i].iov_len = msgs[i].msg_len;
        }
        /* A connected socket takes no destination; otherwise answer the
         * address each datagram came from. */
        for (int i = 0; i < n && o->n_connect; i++) {
            msgs[i].msg_hdr.msg_name = NULL;
            msgs[i].msg_hdr.msg_namelen = 0;
        }
        sendmmsg(c->fd, msgs, n, 0);
        *frames += n;
    }
    return true;
}

/* Reflector mode: echo until EOF or --start-timeout without traffic. */
int run_reflector(const TrOptions *o)
{
    TrConn c;
    uint8_t own[6];
    uint64_t frames = 0;
    if (!open_endpoint(o, &c)) {
        return 1;
    }
    tf_mac_of_sender(own, o->id);
    bool ok = c.kind == TR_UDP ? reflector_udp(&c, o, own, &frames)
                               : reflector_stream(&c, o, own, &frames);
    TrField f[] = { { "frames", frames, 0 } };
    tr_report(o->json, "reflector", f, 1);
    close(c.fd);
    return ok ? 0 : 1;
}
