/* test-dgram-gso.c: grouping frames into UDP segmented sends, and what a receiver then sees. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "net/dgram-gso.h"

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

/* Frames of @sizes laid back to back in @buf, as dgram-io keeps them. */
static unsigned lay_out(uint8_t *buf, const size_t *sizes, unsigned n,
                        struct iovec *iov)
{
    size_t off = 0;
    for (unsigned i = 0; i < n; i++) {
        iov[i] = (struct iovec){ buf + off, sizes[i] };
        for (size_t j = 0; j < sizes[i]; j++) {
            buf[off + j] = (uint8_t)(i * 7 + j);
        }
        off += sizes[i];
    }
    return n;
}

static uint16_t segment_of(const struct msghdr *h)
{
    struct cmsghdr *c = CMSG_FIRSTHDR(h);
    uint16_t seg;
    assert_non_null(c);
    assert_int_equal(c->cmsg_level, SOL_UDP);
    assert_int_equal(c->cmsg_type, UDP_SEGMENT);
    memcpy(&seg, CMSG_DATA(c), sizeof(seg));
    return seg;
}

static void test_group_runs(void **state)
{
    static const size_t sizes[] = { 100, 100, 50, 100, 200, 200, 200, 10, 10,
                                    300 };
    enum { N = sizeof(sizes) / sizeof(sizes[0]) };
    static uint8_t buf[4096];
    struct iovec iov[N];
    DgramGso g;

    lay_out(buf, sizes, N, iov);
    unsigned m = dgram_gso_group(&g, iov, N, NULL, 0);
    /*
     * 100 100 50 | 100 | 200 200 200 10 | 10 | 300: a run of one size,
     * ended by one shorter frame; a larger frame starts a new send.
     */
    static const unsigned frames[] = { 3, 1, 4, 1, 1 };
    static const size_t lens[] = { 250, 100, 610, 10, 300 };
    static const uint16_t segs[] = { 100, 0, 200, 0, 0 };
    assert_int_equal(m, 5);
    for (unsigned i = 0; i < m; i++) {
        assert_int_equal(g.frames[i], frames[i]);
        assert_int_equal(g.iov[i].iov_len, lens[i]);
        if (segs[i]) {
            assert_int_equal(segment_of(&g.msgs[i].msg_hdr), segs[i]);
        } else {
            assert_null(g.msgs[i].msg_hdr.msg_control);
        }
    }
}

static void test_group_limits(void **state)
{
    enum { N = 80 };
    static uint8_t buf[N * 1500];
    size_t sizes[N];
    struct iovec iov[N];
    DgramGso g;

    /* 1500-byte frames: a send stops below DGRAM_GSO_BYTES. */
    for (unsigned i = 0; i < N; i++) {
        sizes[i] = 1500;
    }
    lay_out(buf, sizes, N, iov);
    unsigned m = dgram_gso_group(&g, iov, N, NULL, 0);
    unsigned per = DGRAM_GSO_BYTES / 1500, total = 0;
    for (unsigned i = 0; i < m; i++) {
        assert_true(g.frames[i] <= per);
        assert_true(g.iov[i].iov_len <= DGRAM_GSO_BYTES);
        total += g.frames[i];
    }
    assert_int_equal(total, N);
    assert_int_equal(g.frames[0], per);

    /* Small frames: at most DGRAM_GSO_SEGMENTS per send. */
    for (unsigned i = 0; i < N; i++) {
        sizes[i] = 60;
    }
    lay_out(buf, sizes, N, iov);
    m = dgram_gso_group(&g, iov, N, NULL, 0);
    assert_int_equal(m, 2);
    assert_int_equal(g.frames[0], DGRAM_GSO_SEGMENTS);
    assert_int_equal(g.frames[1], N - DGRAM_GSO_SEGMENTS);

    /* Frames not adjacent in memory never share a send. */
    iov[1].iov_base = buf + 1000;
    m = dgram_gso_group(&g, iov, 3, NULL, 0);
    assert_int_equal(m, 3);
}

static void test_group_message_cap(void **state)
{
    enum { N = DGRAM_GSO_MSGS + 5 };
    static uint8_t buf[N * 64];
    size_t sizes[N];
    struct iovec iov[N];
    DgramGso g;

    /* Growing sizes: one frame per message, the rest left for later. */
    for (unsigned i = 0; i < N; i++) {
        sizes[i] = 20 + i;
    }
    lay_out(buf, sizes, N, iov);
    assert_int_equal(dgram_gso_group(&g, iov, N, NULL, 0), DGRAM_GSO_MSGS);
}

static void test_probe_unix(void **state)
{
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
    assert_false(dgram_gso_probe(sv[0]));
    close(sv[0]);
    close(sv[1]);
}

/* Over loopback UDP the receiver gets each frame as its own datagram. */
static void test_loopback_datagrams(void **state)
{
    static const size_t sizes[] = { 700, 700, 700, 300, 64, 64, 1514, 1514 };
    enum { N = sizeof(sizes) / sizeof(sizes[0]) };
    static uint8_t buf[8192], got[2048];
    struct iovec iov[N];
    struct sockaddr_in a = { .sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof(a);
    DgramGso g;

    int r = socket(AF_INET, SOCK_DGRAM, 0);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    assert_true(r >= 0 && s >= 0);
    assert_int_equal(bind(r, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(getsockname(r, (struct sockaddr *)&a, &alen), 0);
    if (!dgram_gso_probe(s)) {
        close(r);
        close(s);
        skip();
    }
    lay_out(buf, sizes, N, iov);
    unsigned m = dgram_gso_group(&g, iov, N, &a, sizeof(a));
    assert_int_equal(m, 3);   /* 700 700 700 300 | 64 64 | 1514 1514 */
    assert_int_equal(sendmmsg(s, g.msgs, m, 0), (int)m);
    for (unsigned i = 0; i < N; i++) {
        ssize_t n = recv(r, got, sizeof(got), MSG_DONTWAIT);
        assert_int_equal(n, sizes[i]);
        assert_memory_equal(got, iov[i].iov_base, sizes[i]);
    }
    assert_int_equal(recv(r, got, sizeof(got), MSG_DONTWAIT), -1);
    close(r);
    close(s);
}

static void test_unusable(void **state)
{
    assert_true(dgram_gso_unusable(EINVAL));
    assert_true(dgram_gso_unusable(EMSGSIZE));
    assert_true(dgram_gso_unusable(EIO));
    assert_false(dgram_gso_unusable(ECONNREFUSED));
    assert_false(dgram_gso_unusable(EAGAIN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_runs),
        cmocka_unit_test(test_group_limits),
        cmocka_unit_test(test_group_message_cap),
        cmocka_unit_test(test_probe_unix),
        cmocka_unit_test(test_loopback_datagrams),
        cmocka_unit_test(test_unusable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
