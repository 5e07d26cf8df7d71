/* test-frames.c: frames for unit tests: a client that records what it gets, and Ethernet/IPv4/UDP/TCP/ARP builders and readers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test-frames.h"

#include <string.h>

/* ---- the recording client ---- */

ssize_t test_frames_record(GPtrArray *frames, const struct iovec *iov,
                           int iovcnt)
{
    GByteArray *buf = g_byte_array_new();
    for (int i = 0; i < iovcnt; i++) {
        g_byte_array_append(buf, iov[i].iov_base, (guint)iov[i].iov_len);
    }
    ssize_t len = (ssize_t)buf->len;
    g_ptr_array_add(frames, g_byte_array_free_to_bytes(buf));
    return len;
}

static ssize_t test_peer_receive(NetClient *nc, const struct iovec *iov,
                                 int iovcnt, unsigned flags)
{
    TestPeer *p = NET_CLIENT_UPCAST(TestPeer, nc);
    if (p->hold) {
        return 0;
    }
    ssize_t len = test_frames_record(p->frames, iov, iovcnt);
    if (p->reply) {
        net_client_send(nc, "re", 2, NULL);
    }
    return len;
}

static bool test_peer_can_receive(NetClient *nc)
{
    return NET_CLIENT_UPCAST(TestPeer, nc)->ready;
}

static void test_peer_cleanup(NetClient *nc)
{
    g_ptr_array_free(NET_CLIENT_UPCAST(TestPeer, nc)->frames, TRUE);
}

#define TEST_PEER_INFO(type_, host_side_) {                                 \
    .type = (type_), .size = sizeof(TestPeer), .host_side = (host_side_),   \
    .receive_iov = test_peer_receive, .can_receive = test_peer_can_receive, \
    .cleanup = test_peer_cleanup,                                           \
}

static const NetClientInfo test_peer_infos[] = {
    [TEST_PEER_NIC] = TEST_PEER_INFO("nic", false),
    [TEST_PEER_HOST] = TEST_PEER_INFO("probe", true),
    [TEST_PEER_PROBE] = TEST_PEER_INFO("probe", false),
};

TestPeer *test_peer_new(QnetContext *ctx, TestPeerRole role,
                        const char *model, const char *name, NetClient *peer)
{
    NetClient *nc = net_client_new(ctx, &test_peer_infos[role], peer, model,
                                   name);
    TestPeer *p = NET_CLIENT_UPCAST(TestPeer, nc);
    nc->is_nic = role == TEST_PEER_NIC;
    p->ready = true;
    p->frames = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    return p;
}

const char *test_peer_text(TestPeer *p, guint i)
{
    static char buf[256];
    gsize len;

    assert_true(i < p->frames->len);
    const char *data = g_bytes_get_data(p->frames->pdata[i], &len);
    assert_true(len < sizeof(buf));
    memcpy(buf, data, len);
    buf[len] = 0;
    return buf;
}

/* ---- reads ---- */

FrameView frame_view(GBytes *b)
{
    gsize len;
    FrameView v = { .data = g_bytes_get_data(b, &len) };
    v.len = len;
    return v;
}

bool frame_has(FrameView v, size_t off, size_t n)
{
    return off <= v.len && n <= v.len - off;
}

long frame_rd8(FrameView v, size_t off)
{
    return frame_has(v, off, 1) ? v.data[off] : -1;
}

long frame_rd16(FrameView v, size_t off)
{
    return frame_has(v, off, 2) ? (long)v.data[off] << 8 | v.data[off + 1]
                                : -1;
}

long long frame_rd32(FrameView v, size_t off)
{
    return frame_has(v, off, 4)
               ? (long long)frame_rd16(v, off) << 16 | frame_rd16(v, off + 2)
               : -1;
}

bool frame_equal(FrameView v, size_t off, const void *want, size_t n)
{
    return frame_has(v, off, n) && memcmp(v.data + off, want, n) == 0;
}

/* ---- builders ---- */

void frame_put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

void frame_put32(uint8_t *p, uint32_t v)
{
    frame_put16(p, v >> 16);
    frame_put16(p + 2, v & 0xffff);
}

uint16_t frame_ip_checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

/* A zeroed broadcast frame of @len bytes from @mac with @ethertype. */
static GByteArray *frame_eth_new(const uint8_t mac[6], uint16_t ethertype,
                                 size_t len)
{
    GByteArray *f = g_byte_array_sized_new((guint)len);
    g_byte_array_set_size(f, (guint)len);
    memset(f->data, 0, len);
    memset(f->data, 0xff, 6);
    memcpy(f->data + 6, mac, 6);
    frame_put16(f->data + 12, ethertype);
    return f;
}

GByteArray *frame_ipv4_new(const uint8_t mac[6], uint32_t src, uint32_t dst,
                           uint8_t proto, size_t l4_len)
{
    GByteArray *f = frame_eth_new(mac, 0x0800,
                                  FRAME_ETH_LEN + FRAME_IP_LEN + l4_len);
    uint8_t *ip = f->data + FRAME_ETH_LEN;
    ip[0] = 0x45;                 /* version 4, 5 words of header */
    frame_put16(ip + 2, (uint16_t)(FRAME_IP_LEN + l4_len));
    ip[8] = 64;
    ip[9] = proto;
    frame_put32(ip + 12, src);
    frame_put32(ip + 16, dst);
    frame_put16(ip + 10, frame_ip_checksum(ip, FRAME_IP_LEN));
    return f;
}

GByteArray *frame_udp_new(const uint8_t mac[6], uint32_t src, uint32_t dst,
                          uint16_t sport, uint16_t dport,
                          const void *payload, size_t len)
{
    GByteArray *f = frame_ipv4_new(mac, src, dst, 17, FRAME_UDP_LEN + len);
    uint8_t *udp = f->data + FRAME_ETH_LEN + FRAME_IP_LEN;
    frame_put16(udp, sport);
    frame_put16(udp + 2, dport);
    frame_put16(udp + 4, (uint16_t)(FRAME_UDP_LEN + len));
    if (len) {
        memcpy(udp + FRAME_UDP_LEN, payload, len);
    }
    return f;
}

GByteArray *frame_tcp_new(const uint8_t mac[6], uint32_t src, uint32_t dst,
                          uint16_t sport, uint16_t dport, uint32_t seq,
                          uint32_t ack, uint8_t flags, const void *payload,
                          size_t len)
{
    size_t seg = FRAME_TCP_LEN + len;
    GByteArray *f = frame_ipv4_new(mac, src, dst, 6, seg);
    uint8_t *ip = f->data + FRAME_ETH_LEN;
    uint8_t *tcp = ip + FRAME_IP_LEN;
    frame_put16(tcp, sport);
    frame_put16(tcp + 2, dport);
    frame_put32(tcp + 4, seq);
    frame_put32(tcp + 8, ack);
    tcp[12] = 5 << 4;             /* data offset: 5 words */
    tcp[13] = flags;
    frame_put16(tcp + 14, 65535);
    if (len) {
        memcpy(tcp + FRAME_TCP_LEN, payload, len);
    }
    /* The pseudo header (addresses, protocol, length), then the segment. */
    g_autofree uint8_t *sum = g_malloc0(12 + seg + 1);
    memcpy(sum, ip + 12, 8);
    sum[9] = 6;
    frame_put16(sum + 10, (uint16_t)seg);
    memcpy(sum + 12, tcp, seg);
    frame_put16(tcp + 16, frame_ip_checksum(sum, 12 + seg + (seg & 1)));
    return f;
}

GByteArray *frame_arp_request_new(const uint8_t mac[6], uint32_t sender,
                                  uint32_t target)
{
    GByteArray *f = frame_eth_new(mac, 0x0806, 60);
    uint8_t *p = f->data;
    frame_put16(p + 14, 1);       /* hardware: Ethernet */
    frame_put16(p + 16, 0x0800);  /* protocol: IPv4 */
    p[18] = 6;
    p[19] = 4;
    frame_put16(p + 20, 1);       /* request */
    memcpy(p + 22, mac, 6);
    frame_put32(p + 28, sender);
    frame_put32(p + 38, target);
    return f;
}
