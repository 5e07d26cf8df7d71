/* test-slirp-cork.c: host TCP sockets of the user netdev corked, and pushed for the frames that wrote to them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/slirp-cork.h"
#include "test-frames.h"

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* A loopback TCP connection: the "host socket" and the host peer. */
typedef struct Conn {
    int listener, host, peer;
    uint16_t peer_port;      /* the port the host socket is connected to */
} Conn;

static void conn_open(Conn *c)
{
    struct sockaddr_in a = { .sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(a);
    c->listener = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(bind(c->listener, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(c->listener, 1), 0);
    assert_int_equal(getsockname(c->listener, (struct sockaddr *)&a, &len), 0);
    c->peer_port = ntohs(a.sin_port);
    c->host = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(connect(c->host, (struct sockaddr *)&a, sizeof(a)), 0);
    c->peer = accept(c->listener, NULL, NULL);
    assert_true(c->peer >= 0);
    int one = 1;    /* as libslirp sets it */
    setsockopt(c->host, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static void conn_close(Conn *c)
{
    close(c->host);
    close(c->peer);
    close(c->listener);
}

static int corked(int fd)
{
    int v = -1;
    socklen_t len = sizeof(v);
    return getsockopt(fd, IPPROTO_TCP, TCP_CORK, &v, &len) == 0 ? v : -1;
}

/*
 * Bytes the peer receives within 10 s (the bound is for a stuck test).
 * Pushed data left at once: nothing is unsent (the kernel's own 200 ms
 * cork ceiling could only make this pass, never fail).
 */
static ssize_t peer_reads(Conn *c, char *buf, size_t size)
{
    int unsent = -1;
    assert_int_equal(ioctl(c->host, SIOCOUTQNSD, &unsent), 0);
    assert_int_equal(unsent, 0);

    struct pollfd p = { .fd = c->peer, .events = POLLIN };
    if (poll(&p, 1, 10000) != 1) {
        return -1;
    }
    return recv(c->peer, buf, size, MSG_DONTWAIT);
}

static void note_tcp(NetSlirpCork *cork, uint16_t dport, size_t len)
{
    char data[64] = { 0 };
    GByteArray *f = frame_tcp_new(mac, 0x0a00020f, 0x0a000202, 40000, dport,
                                  1, 1, FRAME_TCP_ACK, data, len);
    net_slirp_cork_note_frame(cork, f->data, f->len);
    g_byte_array_unref(f);
}

static void test_corks_tcp_only(void **state)
{
    NetSlirpCork *cork = net_slirp_cork_new();
    Conn c;
    conn_open(&c);
    int udp = socket(AF_INET, SOCK_DGRAM, 0);
    int unix_fds[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, unix_fds), 0);

    net_slirp_cork_watch(cork, c.host);
    net_slirp_cork_watch(cork, c.listener);
    net_slirp_cork_watch(cork, udp);
    net_slirp_cork_watch(cork, unix_fds[0]);
    assert_int_equal(corked(c.host), 1);
    assert_int_equal(corked(c.listener), 0);
    assert_int_equal(corked(unix_fds[0]), -1);

    /* A number libslirp reused is examined again. */
    int one = 0;
    setsockopt(c.host, IPPROTO_TCP, TCP_CORK, &one, sizeof(one));
    net_slirp_cork_watch(cork, c.host);
    assert_int_equal(corked(c.host), 0);
    net_slirp_cork_forget(cork, c.host);
    net_slirp_cork_watch(cork, c.host);
    assert_int_equal(corked(c.host), 1);

    close(udp);
    close(unix_fds[0]);
    close(unix_fds[1]);
    conn_close(&c);
    net_slirp_cork_free(cork);
}

/* Guest data for the connection's port is pushed by the next push. */
static void test_push_for_guest_data(void **state)
{
    NetSlirpCork *cork = net_slirp_cork_new();
    Conn c;
    char buf[256];
    conn_open(&c);
    net_slirp_cork_watch(cork, c.host);

    assert_int_equal(send(c.host, "abc", 3, 0), 3);
    note_tcp(cork, c.peer_port, 0);         /* a pure ACK wrote nothing */
    note_tcp(cork, c.peer_port, 3);
    net_slirp_cork_push(cork);
    assert_int_equal(peer_reads(&c, buf, sizeof(buf)), 3);

    /* Written after POLLOUT (libslirp's sowrite). */
    assert_int_equal(send(c.host, "defg", 4, 0), 4);
    net_slirp_cork_note_writable(cork, c.host);
    net_slirp_cork_push(cork);
    assert_int_equal(peer_reads(&c, buf, sizeof(buf)), 4);

    /* More ports than remembered: every socket is pushed. */
    assert_int_equal(send(c.host, "hi", 2, 0), 2);
    for (uint16_t port = 1; port <= 8; port++) {
        note_tcp(cork, port, 1);
    }
    net_slirp_cork_push(cork);
    assert_int_equal(peer_reads(&c, buf, sizeof(buf)), 2);

    conn_close(&c);
    net_slirp_cork_free(cork);
}

/* IPv4 fragments and IPv6 TCP: pushed (the latter by port). */
static void test_push_other_forms(void **state)
{
    NetSlirpCork *cork = net_slirp_cork_new();
    Conn c;
    char buf[256];
    conn_open(&c);
    net_slirp_cork_watch(cork, c.host);

    assert_int_equal(send(c.host, "frag", 4, 0), 4);
    GByteArray *f = frame_tcp_new(mac, 0x0a00020f, 0x0a000202, 40000, 9, 1,
                                  1, FRAME_TCP_ACK, "x", 1);
    f->data[FRAME_ETH_LEN + 6] = 0x20;      /* more fragments */
    net_slirp_cork_note_frame(cork, f->data, f->len);
    g_byte_array_unref(f);
    net_slirp_cork_push(cork);
    assert_int_equal(peer_reads(&c, buf, sizeof(buf)), 4);

    assert_int_equal(send(c.host, "six", 3, 0), 3);
    uint8_t v6[14 + 40 + 20 + 5] = { 0 };
    frame_put16(v6 + 12, 0x86dd);
    v6[14] = 0x60;
    frame_put16(v6 + 14 + 4, 20 + 5);       /* payload length */
    v6[14 + 6] = IPPROTO_TCP;
    frame_put16(v6 + 14 + 40 + 2, c.peer_port);
    v6[14 + 40 + 12] = 5 << 4;              /* data offset */
    net_slirp_cork_note_frame(cork, v6, sizeof(v6));
    net_slirp_cork_push(cork);
    assert_int_equal(peer_reads(&c, buf, sizeof(buf)), 3);

    conn_close(&c);
    net_slirp_cork_free(cork);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corks_tcp_only),
        cmocka_unit_test(test_push_for_guest_data),
        cmocka_unit_test(test_push_other_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
