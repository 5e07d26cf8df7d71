/* tap-coalesce.c: consecutive TCP segments for a tap merged into one GSO frame (virtio-net header). */
#include "net/tap-coalesce.h"

#include <glib.h>
#include <linux/virtio_net.h>
#include <string.h>

#include "net/vnet-hdr.h"

#define ETH_HDR 14
#define IP_HDR 20               /* merged segments have no IP options */
#define TCP_ACK 0x10
#define TCP_PSH 0x08
/* An IPv4 datagram is at most 65535 bytes (RFC 791 "Total Length"). */
#define MERGED_MAX (ETH_HDR + 65535)

/* One IPv4 TCP segment that may be merged. */
typedef struct Segment {
    const uint8_t *ip;
    const uint8_t *tcp;
    size_t tcp_hdr;
    size_t payload;
    uint32_t seq;
    uint32_t ack;
    uint8_t flags;
} Segment;

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

/*
 * The Internet checksum (RFC 1071) summed in the host's byte order, which
 * gives the same bytes in memory (RFC 1071 section 2 (B)).  Each piece
 * must start at an even offset of the checksummed data.
 */
static uint64_t sum_bytes(uint64_t acc, const uint8_t *p, size_t len)
{
    uint64_t acc1 = 0, acc2 = 0, acc3 = 0;
    uint32_t w[4];
    uint32_t w32;
    uint16_t w16;

    /* Four sums that do not wait for each other: twice as fast. */
    for (; len >= 16; p += 16, len -= 16) {
        memcpy(w, p, 16);
        acc += w[0];
        acc1 += w[1];
        acc2 += w[2];
        acc3 += w[3];
    }
    acc += acc1 + acc2 + acc3;
    for (; len >= 4; p += 4, len -= 4) {
        memcpy(&w32, p, 4);
        acc += w32;
    }
    if (len >= 2) {
        memcpy(&w16, p, 2);
        acc += w16;
        p += 2;
        len -= 2;
    }
    if (len) {
        uint8_t last[2] = { p[0], 0 };
        memcpy(&w16, last, 2);
        acc += w16;
    }
    return acc;
}

static uint16_t fold(uint64_t acc)
{
    acc = (acc & 0xffffffffu) + (acc >> 32);
    acc = (acc & 0xffffffffu) + (acc >> 32);
    while (acc >> 16) {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    return (uint16_t)acc;
}

/* The sum of the TCP pseudo-header (RFC 793 section 3.1) of @tcp_len. */
static uint64_t pseudo_sum(const uint8_t *ip, size_t tcp_len)
{
    uint8_t pseudo[12];
    memcpy(pseudo, ip + 12, 8);         /* source and destination */
    pseudo[8] = 0;
    pseudo[9] = 6;                      /* TCP */
    pseudo[10] = (uint8_t)(tcp_len >> 8);
    pseudo[11] = (uint8_t)tcp_len;
    return sum_bytes(0, pseudo, sizeof(pseudo));
}

/* @frame as a mergeable segment: IPv4 TCP, sound checksums. */
static bool parse(const uint8_t *frame, size_t len, Segment *s)
{
    if (len < ETH_HDR + IP_HDR + 20 || be16(frame + 12) != 0x0800) {
        return false;
    }
    const uint8_t *ip = frame + ETH_HDR;
    size_t total = be16(ip + 2);
    /* Version 4 without options, exactly the frame (no padding), TCP. */
    if (ip[0] != 0x45 || ETH_HDR + total != len || ip[9] != 6) {
        return false;
    }
    /* Not a fragment (RFC 791: MF flag, fragment offset). */
    if (be16(ip + 6) & 0x3fff || fold(sum_bytes(0, ip, IP_HDR)) != 0xffff) {
        return false;
    }
    const uint8_t *tcp = ip + IP_HDR;
    size_t tcp_len = total - IP_HDR;
    size_t tcp_hdr = (size_t)(tcp[12] >> 4) * 4;
    /* ACK and at most PSH besides (no SYN, FIN, RST, URG, ECN). */
    if (tcp_hdr < 20 || tcp_hdr > tcp_len ||
        (tcp[13] & ~TCP_PSH) != TCP_ACK) {
        return false;
    }
    if (fold(sum_bytes(pseudo_sum(ip, tcp_len), tcp, tcp_len)) != 0xffff) {
        return false;       /* damaged: the receiver must see it and drop it */
    }
    s->ip = ip;
    s->tcp = tcp;
    s->tcp_hdr = tcp_hdr;
    s->payload = tcp_len - tcp_hdr;
    s->seq = be32(tcp + 4);
    s->ack = be32(tcp + 8);
    s->flags = tcp[13];
    return true;
}

void tap_coalesce_init(TapCoalesce *c, size_t hdr_len)
{
    memset(c, 0, sizeof(*c));
    c->hdr_len = hdr_len;
}

void tap_coalesce_cleanup(TapCoalesce *c)
{
    g_free(c->buf);
    c->buf = NULL;
    c->len = 0;
}

static uint8_t *pending_frame(TapCoalesce *c)
{
    return c->buf + VNET_HDR_LEN_MAX;
}

/* Whether @s continues the pending segments of the same stream. */
static bool continues(TapCoalesce *c, const uint8_t *frame, const Segment *s)
{
    const uint8_t *first = pending_frame(c);
    const uint8_t *ip = first + ETH_HDR;
    const uint8_t *tcp = ip + IP_HDR;

    return !c->closed && s->seq == c->next_seq && s->payload <= c->mss &&
           c->len + s->payload <= MERGED_MAX &&
           ETH_HDR + IP_HDR + s->tcp_hdr == c->headers &&
           memcmp(frame, first, 12) == 0 &&              /* MAC addresses */
           s->ip[1] == ip[1] &&                          /* TOS */
           memcmp(s->ip + 6, ip + 6, 3) == 0 &&          /* DF, TTL */
           memcmp(s->ip + 12, ip + 12, 8) == 0 &&        /* addresses */
           memcmp(s->tcp, tcp, 4) == 0 &&                /* ports */
           memcmp(s->tcp + 8, tcp + 8, 4) == 0 &&        /* ACK number */
           memcmp(s->tcp + 14, tcp + 14, 2) == 0 &&      /* window */
           memcmp(s->tcp + 18, tcp + 18, s->tcp_hdr - 18) == 0;
}

/*
 * A pure ACK (no options, no data) that moves the acknowledgment of the
 * pending one forward on the same connection replaces it: TCP's ACKs are
 * cumulative (RFC 793 section 3.3), and a repeated one is never merged
 * (RFC 5681 section 3.2 counts duplicates).
 */
static bool pure_ack(const Segment *s)
{
    return !s->payload && s->tcp_hdr == 20 && s->flags == TCP_ACK;
}

static bool replaces_ack(TapCoalesce *c, const uint8_t *frame,
                         const Segment *s)
{
    const uint8_t *first = pending_frame(c);
    const uint8_t *ip = first + ETH_HDR;
    const uint8_t *tcp = ip + IP_HDR;

    return !c->closed && pure_ack(s) && s->seq == c->next_seq &&
           (int32_t)(s->ack - c->ack) > 0 &&
           memcmp(frame, first, 12) == 0 &&
           memcmp(s->ip + 12, ip + 12, 8) == 0 &&
           memcmp(s->tcp, tcp, 4) == 0;
}

/* @s, the whole of @frame, is pending from now on. */
static void start(TapCoalesce *c, const uint8_t *frame, size_t len,
                  const Segment *s)
{
    if (!c->buf) {
        c->buf = g_malloc(VNET_HDR_LEN_MAX + MERGED_MAX);
    }
    memcpy(pending_frame(c), frame, len);
    c->len = len;
    c->segs = 1;
    c->headers = ETH_HDR + IP_HDR + s->tcp_hdr;
    c->mss = s->payload;
    c->next_seq = s->seq + (uint32_t)s->payload;
    c->ack_only = !s->payload;
    c->ack = s->ack;
    c->closed = false;
}

bool tap_coalesce_add(TapCoalesce *c, const uint8_t *frame, size_t len)
{
    Segment s;

    if (!parse(frame, len, &s)) {
        return false;
    }
    if (!c->len) {
        /* Nothing may follow a PSH segment: it is written as it is. */
        if (s.payload ? (s.flags & TCP_PSH) != 0 : !pure_ack(&s)) {
            return false;
        }
        start(c, frame, len, &s);
        return true;
    }
    if (c->ack_only) {
        if (!replaces_ack(c, frame, &s)) {
            return false;
        }
        start(c, frame, len, &s);
        return true;
    }
    if (!s.payload || !continues(c, frame, &s)) {
        return false;
    }
    memcpy(pending_frame(c) + c->len, s.tcp + s.tcp_hdr, s.payload);
    c->len += s.payload;
    c->segs++;
    c->next_seq += (uint32_t)s.payload;
    if (s.flags & TCP_PSH) {
        pending_frame(c)[ETH_HDR + IP_HDR + 13] |= TCP_PSH;
    }
    /* A short segment is the last before the sender runs out. */
    c->closed = (s.flags & TCP_PSH) || s.payload < c->mss;
    return true;
}

bool tap_coalesce_full(const TapCoalesce *c)
{
    return c->len &&
           (c->closed || (!c->ack_only && c->len + c->mss > MERGED_MAX));
}

/* Turns the merged segments into one GSO frame: lengths and checksums. */
static void finish_merged(TapCoalesce *c, uint8_t *hdr_bytes)
{
    uint8_t *ip = pending_frame(c) + ETH_HDR;
    uint8_t *tcp = ip + IP_HDR;
    size_t total = c->len - ETH_HDR;
    uint16_t sum;

    ip[2] = (uint8_t)(total >> 8);
    ip[3] = (uint8_t)total;
    ip[10] = ip[11] = 0;
    sum = (uint16_t)~fold(sum_bytes(0, ip, IP_HDR));
    memcpy(ip + 10, &sum, 2);
    /* NEEDS_CSUM: the field holds the pseudo-header sum, not inverted. */
    sum = fold(pseudo_sum(ip, total - IP_HDR));
    memcpy(tcp + 16, &sum, 2);

    /* Legacy header fields are in the host's byte order (virtio 1.2, 5.1.6). */
    struct virtio_net_hdr hdr = {
        .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
        .gso_type = VIRTIO_NET_HDR_GSO_TCPV4,
        .hdr_len = (uint16_t)c->headers,
        .gso_size = (uint16_t)c->mss,
        .csum_start = ETH_HDR + IP_HDR,
        .csum_offset = 16,
    };
    memcpy(hdr_bytes, &hdr, sizeof(hdr));
}

void tap_coalesce_take(TapCoalesce *c, struct iovec v[2])
{
    uint8_t *hdr = pending_frame(c) - c->hdr_len;

    memset(hdr, 0, c->hdr_len);
    if (c->segs > 1) {
        finish_merged(c, hdr);  /* again after a blocked write: same bytes */
    }
    c->closed = true;
    v[0].iov_base = hdr;
    v[0].iov_len = c->hdr_len;
    v[1].iov_base = pending_frame(c);
    v[1].iov_len = c->len;
}

void tap_coalesce_done(TapCoalesce *c)
{
    c->len = 0;
    c->segs = 0;
}
