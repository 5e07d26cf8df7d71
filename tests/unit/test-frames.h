/* test-frames.h: frames for unit tests: a client that records what it gets, and Ethernet/IPv4/UDP/TCP/ARP builders and readers. */
#ifndef QNET_TESTS_UNIT_TEST_FRAMES_H
#define QNET_TESTS_UNIT_TEST_FRAMES_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "net/client.h"

/* ---- a client that records the frames it is given ---- */

/* What a TestPeer stands for in the graph. */
typedef enum TestPeerRole {
    TEST_PEER_NIC,       /* type "nic", is_nic: a guest's NIC */
    TEST_PEER_HOST,      /* type "probe", host_side: a netdev */
    TEST_PEER_PROBE,     /* type "probe", neither (e.g. a hub's listener) */
} TestPeerRole;

typedef struct TestPeer {
    NetClient nc;
    bool ready;          /* can_receive's answer (false: the core queues) */
    bool hold;           /* receive returns 0: the frame waits in the core */
    bool reply;          /* sends "re" back for every frame it takes */
    GPtrArray *frames;   /* GBytes, in arrival order */
} TestPeer;

/*
 * Creates a ready TestPeer called @name, with model @model, peered with
 * @peer (may be NULL).  It is freed with its context's clients.
 */
TestPeer *test_peer_new(QnetContext *ctx, TestPeerRole role,
                        const char *model, const char *name, NetClient *peer);

/*
 * Frame @i of @p as a NUL-terminated string, for frames of text under 256
 * bytes; valid until the next call.
 */
const char *test_peer_text(TestPeer *p, guint i);

/* Appends @iov's bytes as one GBytes to @frames; returns their size. */
ssize_t test_frames_record(GPtrArray *frames, const struct iovec *iov,
                           int iovcnt);

/* ---- bounds-checked reads of a frame ---- */

/* A byte view of a frame; every read is checked against its length. */
typedef struct FrameView {
    const uint8_t *data;
    size_t len;
} FrameView;

FrameView frame_view(GBytes *b);

/* True when @n bytes at @off lie inside @v. */
bool frame_has(FrameView v, size_t off, size_t n);

/* Big-endian reads; -1 when the field is not inside @v. */
long frame_rd8(FrameView v, size_t off);
long frame_rd16(FrameView v, size_t off);
long long frame_rd32(FrameView v, size_t off);

/* True when the @n bytes at @off are inside @v and equal @want. */
bool frame_equal(FrameView v, size_t off, const void *want, size_t n);

/* ---- building frames ---- */

enum {
    FRAME_ETH_LEN = 14,
    FRAME_IP_LEN = 20,             /* IPv4 without options */
    FRAME_UDP_LEN = 8,
    FRAME_TCP_LEN = 20,            /* without options */
};

enum { FRAME_TCP_SYN = 0x02, FRAME_TCP_ACK = 0x10 };

/* Big-endian stores. */
void frame_put16(uint8_t *p, uint16_t v);
void frame_put32(uint8_t *p, uint32_t v);

/* The Internet checksum (RFC 1071) of @len bytes (an even number). */
uint16_t frame_ip_checksum(const uint8_t *p, size_t len);

/*
 * A broadcast Ethernet frame from @mac carrying an IPv4 header (RFC 791:
 * no options, TTL 64, checksummed) for protocol @proto from @src to @dst,
 * followed by @l4_len zero bytes for the caller to fill.
 */
GByteArray *frame_ipv4_new(const uint8_t mac[6], uint32_t src, uint32_t dst,
                           uint8_t proto, size_t l4_len);

/* Ethernet + IPv4 + UDP (RFC 768, no checksum) around @payload. */
GByteArray *frame_udp_new(const uint8_t mac[6], uint32_t src, uint32_t dst,
                          uint16_t sport, uint16_t dport,
                          const void *payload, size_t len);

/*
 * Ethernet + IPv4 + TCP (RFC 793, no options, window 65535, checksummed
 * over the pseudo header) with @flags and @payload (may be NULL if @len
 * is 0).
 */
GByteArray *frame_tcp_new(const uint8_t mac[6], uint32_t src, uint32_t dst,
                          uint16_t sport, uint16_t dport, uint32_t seq,
                          uint32_t ack, uint8_t flags, const void *payload,
                          size_t len);

/* A broadcast ARP request (RFC 826) from @mac/@sender for @target, 60 bytes. */
GByteArray *frame_arp_request_new(const uint8_t mac[6], uint32_t sender,
                                  uint32_t target);

#endif
