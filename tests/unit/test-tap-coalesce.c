/* test-tap-coalesce.c: TCP segments merged into GSO frames for a tap: what joins, what does not, the frame written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <linux/virtio_net.h>
#include <string.h>

#include "net/tap-coalesce.h"
#include "test-frames.h"

#define SRC 0x0a00020fu   /* 10.0.2.15 */
#define DST 0x0a000202u   /* 10.0.2.2 */
#define HDRS (FRAME_ETH_LEN + FRAME_IP_LEN + FRAME_TCP_LEN)
#define PSH 0x08

static const uint8_t mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };

/* A data segment of @len bytes whose byte i is (seq + i) & 0xff. */
static GByteArray *segment(uint32_t seq, size_t len, uint8_t flags)
{
    uint8_t *data = g_malloc(len);
    for (size_t i = 0; i < len; i++) {
        data[i] = (uint8_t)(seq + i);
    }
    GByteArray *f = frame_tcp_new(mac, DST, SRC, 5201, 40000, seq, 7,
                                  flags | FRAME_TCP_ACK, data, len);
    g_free(data);
    return f;
}

static bool add(TapCoalesce *c, GByteArray *f)
{
    bool taken = tap_coalesce_add(c, f->data, f->len);
    g_byte_array_unref(f);
    return taken;
}

/* The one's complement sum (RFC 1071) of @len bytes, folded. */
static uint32_t sum16(uint32_t acc, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2) {
        acc += (uint32_t)(p[i] << 8 | p[i + 1]);
    }
    if (len & 1) {
        acc += (uint32_t)p[len - 1] << 8;
    }
    while (acc >> 16) {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    return acc;
}

/* What the receiver of a NEEDS_CSUM frame does: finish the TCP checksum. */
static void complete_checksum(uint8_t *frame, const struct virtio_net_hdr *h,
                              size_t len)
{
    uint8_t *field = frame + h->csum_start + h->csum_offset;
    uint16_t sum = (uint16_t)~sum16(0, frame + h->csum_start,
                                    len - h->csum_start);
    frame_put16(field, sum);
}

static bool tcp_checksum_ok(const uint8_t *frame, size_t len)
{
    const uint8_t *ip = frame + FRAME_ETH_LEN;
    size_t tcp_len = len - FRAME_ETH_LEN - FRAME_IP_LEN;
    uint8_t pseudo[12];
    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = 6;
    frame_put16(pseudo + 10, (uint16_t)tcp_len);
    uint32_t acc = sum16(0, pseudo, sizeof(pseudo));
    return sum16(acc, ip + FRAME_IP_LEN, tcp_len) == 0xffff;
}

/* Recomputes the TCP checksum of @frame after a test changed it. */
static void fix_tcp_checksum(uint8_t *frame, size_t len)
{
    const uint8_t *ip = frame + FRAME_ETH_LEN;
    size_t tcp_len = len - FRAME_ETH_LEN - FRAME_IP_LEN;
    uint8_t *field = frame + FRAME_ETH_LEN + FRAME_IP_LEN + 16;
    uint8_t pseudo[12];
    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = 6;
    frame_put16(pseudo + 10, (uint16_t)tcp_len);
    frame_put16(field, 0);
    uint32_t acc = sum16(0, pseudo, sizeof(pseudo));
    frame_put16(field, (uint16_t)~sum16(acc, ip + FRAME_IP_LEN, tcp_len));
    assert_true(tcp_checksum_ok(frame, len));
}

static void test_merges_stream(void **state)
{
    TapCoalesce c;
    tap_coalesce_init(&c, 12);
    assert_false(tap_coalesce_pending(&c));
    assert_true(add(&c, segment(1000, 1000, 0)));
    assert_true(add(&c, segment(2000, 1000, 0)));
    assert_true(add(&c, segment(3000, 1000, 0)));
    assert_false(tap_coalesce_full(&c));
    assert_true(add(&c, segment(4000, 500, PSH)));
    assert_true(tap_coalesce_full(&c));        /* PSH ends it */

    struct iovec v[2];
    tap_coalesce_take(&c, v);
    assert_int_equal(v[0].iov_len, 12);
    struct virtio_net_hdr h;
    memcpy(&h, v[0].iov_base, sizeof(h));
    assert_int_equal(h.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
    assert_int_equal(h.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
    assert_int_equal(h.hdr_len, HDRS);
    assert_int_equal(h.gso_size, 1000);
    assert_int_equal(h.csum_start, FRAME_ETH_LEN + FRAME_IP_LEN);
    assert_int_equal(h.csum_offset, 16);
    assert_int_equal(((uint8_t *)v[0].iov_base)[10], 0);   /* num_buffers */

    size_t len = v[1].iov_len;
    assert_int_equal(len, HDRS + 3500);
    uint8_t *f = g_memdup2(v[1].iov_base, len);
    FrameView view = { f, len };
    assert_int_equal(frame_rd16(view, 16), FRAME_IP_LEN + FRAME_TCP_LEN + 3500);
    assert_int_equal(frame_ip_checksum(f + FRAME_ETH_LEN, FRAME_IP_LEN), 0);
    assert_int_equal(frame_rd32(view, 38), 1000);           /* first seq */
    assert_int_equal(frame_rd8(view, 47), FRAME_TCP_ACK | PSH);
    for (size_t i = 0; i < 3500; i++) {
        assert_int_equal(f[HDRS + i], (uint8_t)(1000 + i));
    }
    complete_checksum(f, &h, len);
    assert_true(tcp_checksum_ok(f, len));

    /* Taken again after a blocked write: the same bytes. */
    struct iovec again[2];
    tap_coalesce_take(&c, again);
    assert_memory_equal(again[0].iov_base, v[0].iov_base, 12);
    assert_int_equal(again[1].iov_len, len);
    tap_coalesce_done(&c);
    assert_false(tap_coalesce_pending(&c));
    g_free(f);
    tap_coalesce_cleanup(&c);
}

static void test_lone_segment_as_it_came(void **state)
{
    TapCoalesce c;
    tap_coalesce_init(&c, 10);
    GByteArray *f = segment(1, 1460, 0);
    assert_true(tap_coalesce_add(&c, f->data, f->len));
    struct iovec v[2];
    tap_coalesce_take(&c, v);
    static const uint8_t zero[10];
    assert_memory_equal(v[0].iov_base, zero, 10);
    assert_int_equal(v[1].iov_len, f->len);
    assert_memory_equal(v[1].iov_base, f->data, f->len);
    tap_coalesce_done(&c);
    g_byte_array_unref(f);
    tap_coalesce_cleanup(&c);
}

static void test_refuses(void **state)
{
    TapCoalesce c;
    tap_coalesce_init(&c, 10);

    /* Nothing to start with: SYN/FIN, PSH, damage, not TCP. */
    assert_false(add(&c, segment(1, 100, 0x02)));
    assert_false(add(&c, segment(1, 100, 0x01)));
    assert_false(add(&c, segment(1, 100, PSH)));
    GByteArray *bad = segment(1, 100, 0);
    bad->data[HDRS + 50] ^= 0x40;
    assert_false(add(&c, bad));
    uint8_t ip[4] = { 10, 0, 2, 15 };
    GByteArray *udp = frame_udp_new(mac, DST, SRC, 53, 1000, ip, 4);
    assert_false(add(&c, udp));
    assert_false(add(&c, frame_arp_request_new(mac, SRC, DST)));
    assert_false(tap_coalesce_pending(&c));

    /* Pending 1000 bytes at 1000: what may not follow. */
    assert_true(add(&c, segment(1000, 1000, 0)));
    assert_false(add(&c, segment(2001, 1000, 0)));        /* a gap */
    assert_false(add(&c, segment(1000, 1000, 0)));        /* a resend */
    assert_false(add(&c, segment(2000, 1001, 0)));        /* larger */
    assert_false(add(&c, segment(2000, 0, 0)));           /* pure ACK */
    assert_false(add(&c, segment(2000, 0, PSH)));
    uint8_t data[1000] = { 0 };
    GByteArray *other = frame_tcp_new(mac, DST, SRC, 5202, 40000, 2000, 7,
                                      FRAME_TCP_ACK, data, sizeof(data));
    assert_false(add(&c, other));                         /* other port */
    GByteArray *acked = segment(2000, 1000, 0);
    frame_put32(acked->data + 42, 8);                     /* ACK moved */
    assert_false(add(&c, acked));
    bad = segment(2000, 1000, 0);
    bad->data[HDRS] ^= 1;
    assert_false(add(&c, bad));

    /* A short segment is the last. */
    assert_true(add(&c, segment(2000, 600, 0)));
    assert_true(tap_coalesce_full(&c));
    assert_false(add(&c, segment(2600, 600, 0)));
    tap_coalesce_done(&c);
    tap_coalesce_cleanup(&c);
}

/* A pure ACK from @port acknowledging @ack, sequence number 500. */
static GByteArray *ack_frame(uint16_t port, uint32_t ack)
{
    return frame_tcp_new(mac, DST, SRC, port, 40000, 500, ack, FRAME_TCP_ACK,
                         NULL, 0);
}

static void test_acks(void **state)
{
    TapCoalesce c;
    tap_coalesce_init(&c, 10);
    assert_true(add(&c, ack_frame(5201, 100)));
    assert_false(tap_coalesce_full(&c));
    assert_true(add(&c, ack_frame(5201, 200)));           /* moves on */
    GByteArray *last = ack_frame(5201, 300);
    assert_true(tap_coalesce_add(&c, last->data, last->len));
    assert_false(add(&c, ack_frame(5201, 300)));          /* a duplicate */
    assert_false(add(&c, ack_frame(5201, 250)));          /* older */
    assert_false(add(&c, ack_frame(5202, 400)));          /* other port */
    assert_false(add(&c, segment(500, 100, 0)));          /* data */
    GByteArray *bad = ack_frame(5201, 400);
    bad->data[HDRS - 1] ^= 1;                             /* damaged */
    assert_false(add(&c, bad));

    /* Only the newest goes out, as it came. */
    struct iovec v[2];
    tap_coalesce_take(&c, v);
    static const uint8_t zero[10];
    assert_memory_equal(v[0].iov_base, zero, 10);
    assert_int_equal(v[1].iov_len, last->len);
    assert_memory_equal(v[1].iov_base, last->data, last->len);
    assert_false(add(&c, ack_frame(5201, 500)));          /* taken */
    tap_coalesce_done(&c);

    /* A window update repeats the number: it is no duplicate to drop. */
    assert_true(add(&c, ack_frame(5201, 600)));
    GByteArray *update = ack_frame(5201, 600);
    frame_put16(update->data + 48, 1000);
    fix_tcp_checksum(update->data, update->len);
    assert_false(add(&c, update));
    tap_coalesce_done(&c);
    g_byte_array_unref(last);
    tap_coalesce_cleanup(&c);
}

/* An IPv4 datagram is at most 65535 bytes: a merge stops short of that. */
static void test_size_limit(void **state)
{
    TapCoalesce c;
    tap_coalesce_init(&c, 10);
    uint32_t seq = 1;
    unsigned n = 0;
    while (!tap_coalesce_full(&c)) {
        assert_true(add(&c, segment(seq, 1460, 0)));
        seq += 1460;
        n++;
    }
    assert_int_equal(n, (65535 - 40) / 1460);
    assert_false(add(&c, segment(seq, 1460, 0)));
    struct iovec v[2];
    tap_coalesce_take(&c, v);
    assert_true(v[1].iov_len - FRAME_ETH_LEN <= 65535);
    tap_coalesce_done(&c);
    tap_coalesce_cleanup(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merges_stream),
        cmocka_unit_test(test_lone_segment_as_it_came),
        cmocka_unit_test(test_refuses),
        cmocka_unit_test(test_acks),
        cmocka_unit_test(test_size_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
