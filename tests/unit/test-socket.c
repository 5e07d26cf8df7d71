/* test-socket.c: socket/stream/dgram netdevs: address parsing, QEMU's errors, and frames over socketpairs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "net/client.h"
#include "net/context.h"
#include "net/events.h"
#include "net/frame-reader.h"
#include "net/queue.h"
#include "qnet/qnet.h"
#include "util/sockets.h"

/* ================================================================ parsing */

typedef struct HostPortRow {
    const char *in;
    const char *addr;        /* expected address, NULL: error */
    unsigned port;
    const char *error;
} HostPortRow;

/* Results and messages are those of QEMU 7.2 on `-netdev socket,connect=`. */
static const HostPortRow host_port_rows[] = {
    { "127.0.0.1:80", "127.0.0.1", 80, NULL },
    { ":80", "0.0.0.0", 80, NULL },
    { "1.2.3:80", "1.2.0.3", 80, NULL },          /* inet_aton forms */
    { "127.1:80", "127.0.0.1", 80, NULL },
    { "0x7f000001:80", "127.0.0.1", 80, NULL },
    { "127.0.0.1:0x50", "127.0.0.1", 80, NULL },  /* strtol base 0 */
    { "127.0.0.1:010", "127.0.0.1", 8, NULL },
    { "127.0.0.1:99999", "127.0.0.1", 34463, NULL }, /* 16-bit truncation */
    { "127.0.0.1:-1", "127.0.0.1", 65535, NULL },
    { "127.0.0.1:1:2", "127.0.0.1", 1, NULL },    /* trailing text ignored */
    { "127.0.0.1:5x", "127.0.0.1", 5, NULL },
    { "foo", NULL, 0,
      "host address 'foo' doesn't contain ':' separating host from port" },
    { "", NULL, 0,
      "host address '' doesn't contain ':' separating host from port" },
    { "127.0.0.1", NULL, 0, "host address '127.0.0.1' doesn't contain ':' "
                            "separating host from port" },
    { "256.1.1.1:80", NULL, 0,
      "host address '256.1.1.1' is not a valid IPv4 address" },
    { "1abc:80", NULL, 0, "host address '1abc' is not a valid IPv4 address" },
    { "127.0.0.1:", NULL, 0, "port number '' is invalid" },
    { "127.0.0.1:abc", NULL, 0, "port number 'abc' is invalid" },
    { "127.0.0.1:99999999999999999999999", NULL, 0,
      "port number '99999999999999999999999' is invalid" },
    { "[::1]:80", NULL, 0, "can't resolve host address '['" },
};

static void test_host_port_table(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(host_port_rows); i++) {
        const HostPortRow *row = &host_port_rows[i];
        struct sockaddr_in sa;
        char text[INET_ADDRSTRLEN];
        Error *err = NULL;
        bool ok = inet_parse_host_port(&sa, row->in, &err);
        if (row->addr) {
            if (!ok) {
                fail_msg("'%s': %s", row->in, error_get_pretty(err));
            }
            assert_string_equal(inet_addr_text(&sa, text), row->addr);
            assert_int_equal(ntohs(sa.sin_port), row->port);
        } else {
            assert_false(ok);
            assert_string_equal(error_get_pretty(err), row->error);
            error_free(err);
        }
    }
}

static void test_fd_param_table(void **state)
{
    static const struct {
        const char *in;
        int fd;
    } rows[] = {
        { "3", 3 }, { "0", 0 }, { "2147483647", 2147483647 }, { " 7", 7 },
        { "foo", -1 }, { "-1", -1 }, { "5x", -1 }, { "", -1 },
        { "2147483648", -1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        Error *err = NULL;
        int fd = socket_parse_fd(rows[i].in, &err);
        assert_int_equal(fd, rows[i].fd);
        if (fd < 0) {
            g_autofree char *want = g_strdup_printf(
                "Invalid file descriptor number '%s'", rows[i].in);
            assert_string_equal(error_get_pretty(err), want);
            error_free(err);
        }
    }
}

static void test_socket_address_uri(void **state)
{
    g_autoptr(SocketAddress) in = socket_address_new(SOCKET_ADDRESS_TYPE_INET);
    in->host = g_strdup("127.0.0.1");
    in->port = g_strdup("47060");
    g_autofree char *u1 = socket_address_uri(in);
    assert_string_equal(u1, "tcp:127.0.0.1:47060");

    g_autoptr(SocketAddress) un = socket_address_new(SOCKET_ADDRESS_TYPE_UNIX);
    un->path = g_strdup("/tmp/s");
    g_autofree char *u2 = socket_address_uri(un);
    assert_string_equal(u2, "unix:/tmp/s");

    /* An unnamed unix socket (socketpair) has the empty path: "unix:". */
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    g_autoptr(SocketAddress) peer = socket_remote_address(sv[0], NULL);
    assert_non_null(peer);
    g_autofree char *u3 = socket_address_uri(peer);
    assert_string_equal(u3, "unix:");
    close(sv[0]);
    close(sv[1]);
}

/* ================================================================ rig */

typedef struct Rig {
    QnetContext *ctx;
    GString *log;
    GString *events;         /* "NAME {json}\n" per event */
    NetEventSubscriber sub;
} Rig;

static void rig_log(void *opaque, QnetLogLevel level, const char *location,
                    const char *message)
{
    Rig *r = opaque;
    g_string_append_printf(r->log, "%s\n", message);
}

static void rig_event(void *opaque, const char *name, JsonObject *data)
{
    Rig *r = opaque;
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    json_node_set_object(node, data);
    g_autofree char *text = json_to_string(node, FALSE);
    json_node_unref(node);
    g_string_append_printf(r->events, "%s %s\n", name, text);
}

/* Starts a graph from -netdev arguments (NULL-terminated), or fails. */
static Rig *rig_new(const char *const *netdevs)
{
    Rig *r = g_new0(Rig, 1);
    QnetError *err = NULL;

    r->ctx = qnet_context_new(NULL);
    r->log = g_string_new(NULL);
    r->events = g_string_new(NULL);
    qnet_set_log_handler(r->ctx, rig_log, r);
    r->sub.func = rig_event;
    r->sub.opaque = r;
    net_event_subscribe(r->ctx, &r->sub);
    assert_true(qnet_add_option(r->ctx, "nodefaults", NULL, NULL));
    for (const char *const *n = netdevs; *n; n++) {
        if (!qnet_add_option(r->ctx, "netdev", *n, &err)) {
            fail_msg("%s: %s", *n, qnet_error_message(err));
        }
    }
    if (!qnet_realize(r->ctx, &err)) {
        fail_msg("realize: %s", qnet_error_message(err));
    }
    return r;
}

static void rig_free(Rig *r)
{
    net_event_unsubscribe(r->ctx, &r->sub);
    qnet_context_free(r->ctx);
    g_string_free(r->log, TRUE);
    g_string_free(r->events, TRUE);
    g_free(r);
}

/* Runs the main loop without blocking, @rounds times. */
static void pump(int rounds)
{
    for (int i = 0; i < rounds; i++) {
        while (g_main_context_iteration(NULL, FALSE)) {
        }
        g_usleep(1000);
    }
}

static NetClient *netdev(Rig *r, const char *name)
{
    NetClient *nc = net_client_find_netdev(r->ctx, name);
    assert_non_null(nc);
    return nc;
}

static char *info_of(Rig *r, const char *name)
{
    return g_strdup(netdev(r, name)->info_str->str);
}

/* A socketpair whose end [0] stays with the test (non-blocking). */
static void test_pair(int type, int sv[2])
{
    assert_int_equal(socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv), 0);
    assert_int_equal(socket_set_nonblock(sv[0]), 0);
}

static void frame_bytes(uint8_t *buf, size_t len, unsigned seq)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)(seq * 31 + i);
    }
}

/* Writes all of @len bytes to a non-blocking fd, pumping qnet meanwhile. */
static void write_all(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    for (int tries = 0; len > 0 && tries < 20000; tries++) {
        ssize_t n = write(fd, p, len);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        } else {
            assert_true(n < 0 && errno == EAGAIN);
            pump(1);
        }
    }
    assert_int_equal(len, 0);
}

static void write_framed(int fd, const uint8_t *frame, uint32_t len)
{
    uint8_t hdr[4];
    frame_reader_put_header(hdr, len);
    g_autofree uint8_t *buf = g_malloc(4 + len);
    memcpy(buf, hdr, 4);
    memcpy(buf + 4, frame, len);
    write_all(fd, buf, 4 + len);
}

/* Reads from @fd, pumping, until @want bytes arrived or 2 s passed. */
static GByteArray *read_bytes(int fd, size_t want)
{
    GByteArray *got = g_byte_array_new();
    uint8_t buf[65536];
    for (int round = 0; round < 2000 && got->len < want; round++) {
        pump(1);
        ssize_t n;
        while ((n = read(fd, buf, sizeof(buf))) > 0) {
            g_byte_array_append(got, buf, (guint)n);
        }
    }
    return got;
}

/* Reads datagrams until @count arrived or 2 s passed. */
static GPtrArray *read_datagrams(int fd, unsigned count)
{
    GPtrArray *got = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_byte_array_unref);
    uint8_t buf[NET_BUFSIZE];
    for (int round = 0; round < 2000 && got->len < count; round++) {
        pump(1);
        ssize_t n;
        while ((n = recv(fd, buf, sizeof(buf), 0)) >= 0) {
            GByteArray *d = g_byte_array_new();
            g_byte_array_append(d, buf, (guint)n);
            g_ptr_array_add(got, d);
        }
    }
    return got;
}

/* ================================================================ errors */

typedef struct ErrorRow {
    const char *netdev;
    const char *error;       /* after "-netdev <netdev>: " */
} ErrorRow;

/* QEMU 7.2's messages for the same -netdev arguments. */
static const ErrorRow error_rows[] = {
    { "socket,id=s", "exactly one of listen=, connect=, mcast= or udp= is "
                     "required" },
    { "socket,id=s,listen=127.0.0.1:1,connect=127.0.0.1:2",
      "exactly one of listen=, connect=, mcast= or udp= is required" },
    { "socket,id=s,fd=3,mcast=230.0.0.1:3000",
      "exactly one of listen=, connect=, mcast= or udp= is required" },
    { "socket,id=s,localaddr=127.0.0.1:1,connect=127.0.0.1:2",
      "localaddr= is only valid with mcast= or udp=" },
    { "socket,id=s,udp=127.0.0.1:9", "localaddr= is mandatory with udp=" },
    { "socket,id=s,udp=1.2.3.4.5:1,localaddr=foo",
      "host address 'foo' doesn't contain ':' separating host from port" },
    { "socket,id=s,mcast=127.0.0.1:1",
      "specified mcastaddr 127.0.0.1 (0x7f000001) does not contain a "
      "multicast address" },
    { "socket,id=s,mcast=230.0.0.1:47557,localaddr=127.0.0.1:5",
      "localaddr '127.0.0.1:5' is not a valid IPv4 address" },
    { "socket,id=s,connect=foo",
      "host address 'foo' doesn't contain ':' separating host from port" },
    { "socket,id=s,listen=198.51.100.1:0",
      "can't bind ip=198.51.100.1 to socket: Cannot assign requested address" },
    { "socket,id=s,fd=foo", "Invalid file descriptor number 'foo'" },
    { "socket,id=s,fd=-1", "Invalid file descriptor number '-1'" },
    { "socket,id=s,fd=999", "s: Can't use file descriptor 999: "
                            "Bad file descriptor" },
    { "dgram,id=d", "dgram requires local= parameter" },
    { "dgram,id=d,remote.type=unix,remote.path=/tmp/x",
      "dgram requires local= parameter" },
    { "dgram,id=d,local.type=inet,local.host=127.0.0.1,local.port=0",
      "type=inet or type=unix requires remote parameter" },
    { "dgram,id=d,local.type=fd,local.str=1,remote.type=inet,"
      "remote.host=127.0.0.1,remote.port=1",
      "don't set remote with local.fd" },
    { "dgram,id=d,local.type=unix,local.path=/tmp/x,remote.type=inet,"
      "remote.host=127.0.0.1,remote.port=1",
      "remote and local types must be the same" },
    { "dgram,id=d,local.type=vsock,local.cid=1,local.port=2,"
      "remote.type=vsock,remote.cid=1,remote.port=3",
      "only support inet or fd type for local" },
    { "dgram,id=d,remote.type=inet,remote.host=239.1.2.3,remote.port=0,"
      "local.type=unix,local.path=/x",
      "only support inet or fd type for local" },
    { "dgram,id=d,remote.type=inet,remote.host=239.1.2.3,remote.port=0,"
      "local.type=inet,local.host=foo,local.port=0",
      "localaddr 'foo' is not a valid IPv4 address" },
    { "dgram,id=d,remote.type=inet,remote.host=239.1.2.3,remote.port=x",
      "port number 'x' is invalid" },
    { "dgram,id=d,local.type=inet,local.host=::1,local.port=1,"
      "remote.type=inet,remote.host=127.0.0.1,remote.port=1",
      "can't resolve host address '::1'" },
    { "dgram,id=d,local.type=unix,local.path=/,remote.type=unix,"
      "remote.path=/tmp/y", "failed to unlink socket /: Is a directory" },
    { "dgram,id=d,local.type=unix,local.path=/nonexistent/a,"
      "remote.type=unix,remote.path=/tmp/y",
      "can't bind unix=/nonexistent/a to socket: No such file or directory" },
    { "dgram,id=d,local.type=fd,local.str=foo",
      "Invalid file descriptor number 'foo'" },
    { "dgram,id=d,local.type=fd,local.str=999",
      "d: Can't use file descriptor 999: Bad file descriptor" },
    { "stream,id=s,server=on,reconnect=1,addr.type=unix,addr.path=/tmp/x",
      "'reconnect' option is incompatible with socket in server listen "
      "mode" },
};

static void test_option_errors(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(error_rows); i++) {
        QnetContext *ctx = qnet_context_new(NULL);
        QnetError *err = NULL;
        assert_true(qnet_add_option(ctx, "nodefaults", NULL, NULL));
        bool ok = qnet_add_option(ctx, "netdev", error_rows[i].netdev, &err) &&
                  qnet_realize(ctx, &err);
        if (ok) {
            fail_msg("accepted: %s", error_rows[i].netdev);
        }
        g_autofree char *want = g_strdup_printf("-netdev %s: %s",
                                                error_rows[i].netdev,
                                                error_rows[i].error);
        assert_string_equal(qnet_error_message(err), want);
        qnet_error_free(err);
        qnet_context_free(ctx);
    }
}

static void test_long_unix_path(void **state)
{
    g_autofree char *name = g_strnfill(120, 'a');
    g_autofree char *arg = g_strdup_printf(
        "dgram,id=d,local.type=unix,local.path=/tmp/%s,remote.type=unix,"
        "remote.path=/tmp/y", name);
    QnetContext *ctx = qnet_context_new(NULL);
    QnetError *err = NULL;
    assert_true(qnet_add_option(ctx, "netdev", arg, NULL));
    assert_false(qnet_realize(ctx, &err));
    g_autofree char *want = g_strdup_printf(
        "-netdev %s: UNIX socket path '/tmp/%s' is too long", arg, name);
    assert_string_equal(qnet_error_message(err), want);
    qnet_error_free(err);
    qnet_context_free(ctx);
}

/* ================================================================ info */

static void test_info_strings(void **state)
{
    int st[2], dg[2], dg2[2], st2[2];
    test_pair(SOCK_STREAM, st);
    test_pair(SOCK_DGRAM, dg);
    test_pair(SOCK_DGRAM, dg2);
    test_pair(SOCK_STREAM, st2);
    g_autofree char *a = g_strdup_printf("socket,id=a,fd=%d", st[1]);
    g_autofree char *b = g_strdup_printf("socket,id=b,fd=%d", dg[1]);
    g_autofree char *c = g_strdup_printf("dgram,id=c,local.type=fd,"
                                         "local.str=%d", dg2[1]);
    g_autofree char *d = g_strdup_printf("stream,id=d,addr.type=fd,"
                                         "addr.str=%d", st2[1]);
    const char *netdevs[] = {
        a, b, c, d,
        "socket,id=u,udp=127.0.0.1:9,localaddr=127.0.0.1:0",
        "dgram,id=i,local.type=inet,local.host=127.0.0.1,local.port=0,"
        "remote.type=inet,remote.host=127.0.0.1,remote.port=9",
        "socket,id=l,listen=127.0.0.1:0",
        NULL,
    };
    Rig *r = rig_new(netdevs);
    g_autofree char *want_a = g_strdup_printf("socket: fd=%d", st[1]);
    g_autofree char *want_b = g_strdup_printf("socket: fd=%d unix", dg[1]);
    g_autofree char *want_c = g_strdup_printf("fd=%d unix", dg2[1]);
    struct {
        const char *name, *info;
    } rows[] = {
        { "a", want_a }, { "b", want_b }, { "c", want_c }, { "d", "unix:" },
        { "u", "socket: udp=127.0.0.1:9" },
        { "i", "udp=127.0.0.1:0/127.0.0.1:9" },
        { "l", "" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *info = info_of(r, rows[i].name);
        assert_string_equal(info, rows[i].info);
    }
    /* listen= keeps its link down until a client comes. */
    assert_true(netdev(r, "l")->link_down);
    assert_false(netdev(r, "a")->link_down);
    assert_false(netdev(r, "d")->link_down);
    g_autofree char *ev = g_strdup_printf(
        "NETDEV_STREAM_CONNECTED {\"netdev-id\":\"d\",\"addr\":"
        "{\"type\":\"unix\",\"path\":\"\"}}\n");
    assert_string_equal(r->events->str, ev);
    rig_free(r);
    close(st[0]);
    close(dg[0]);
    close(dg2[0]);
    close(st2[0]);
}

/* Joining a group on 127.0.0.1 needs a kernel and namespace that allow it. */
static bool mcast_available(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ip_mreq imr = {
        .imr_multiaddr.s_addr = inet_addr("239.255.77.9"),
        .imr_interface.s_addr = inet_addr("127.0.0.1"),
    };
    bool ok = setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &imr,
                         sizeof(imr)) == 0;
    close(fd);
    return ok;
}

static void test_info_strings_mcast(void **state)
{
    if (!mcast_available()) {
        skip();
    }
    const char *netdevs[] = {
        "socket,id=m,mcast=239.255.77.1:0,localaddr=127.0.0.1",
        "dgram,id=g,remote.type=inet,remote.host=239.255.77.2,remote.port=0,"
        "local.type=inet,local.host=127.0.0.1,local.port=0",
        NULL,
    };
    Rig *r = rig_new(netdevs);
    g_autofree char *m = info_of(r, "m");
    g_autofree char *g = info_of(r, "g");
    assert_string_equal(m, "socket: mcast=239.255.77.1:0");
    assert_string_equal(g, "mcast=239.255.77.2:0");
    rig_free(r);
}

/* ================================================================ frames */

/* Two netdevs joined by hub 0, each on a socketpair: in[0] -> out[0]. */
typedef struct Link {
    Rig *rig;
    int in[2], out[2];
} Link;

/* @fmt_in/@fmt_out: -netdev text up to the fd number. */
static Link *link_new(const char *fmt_in, int type_in, const char *fmt_out,
                      int type_out)
{
    Link *l = g_new0(Link, 1);
    test_pair(type_in, l->in);
    test_pair(type_out, l->out);
    g_autofree char *a = g_strdup_printf("%s%d", fmt_in, l->in[1]);
    g_autofree char *b = g_strdup_printf("%s%d", fmt_out, l->out[1]);
    const char *netdevs[] = {
        a, b, "hubport,id=ha,hubid=0,netdev=a", "hubport,id=hb,hubid=0,netdev=b",
        NULL,
    };
    l->rig = rig_new(netdevs);
    return l;
}

static void link_free(Link *l)
{
    rig_free(l->rig);
    close(l->in[0]);
    close(l->out[0]);
    g_free(l);
}

static const char stream_a[] = "socket,id=a,fd=";
static const char stream_b[] = "socket,id=b,fd=";
static const char sstream_a[] = "stream,id=a,addr.type=fd,addr.str=";
static const char sstream_b[] = "stream,id=b,addr.type=fd,addr.str=";
static const char dgram_a[] = "dgram,id=a,local.type=fd,local.str=";
static const char dgram_b[] = "dgram,id=b,local.type=fd,local.str=";

static void assert_no_drops(Rig *r)
{
    for (GList *l = r->ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        assert_int_equal(nc->stats.drop_queue_full, 0);
        assert_int_equal(nc->stats.drop_link_down, 0);
        assert_int_equal(nc->stats.drop_no_peer, 0);
        assert_int_equal(nc->stats.drop_oversize, 0);
    }
}

/* Frames of these sizes, all in one write, come out framed and in order. */
static const uint32_t sizes[] = { 60, 1, 1514, 64, 9000, 65535, 42, 69632 };

static GByteArray *framed_sample(void)
{
    GByteArray *wire = g_byte_array_new();
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        uint8_t hdr[4];
        g_autofree uint8_t *f = g_malloc(sizes[i] + 1);
        frame_reader_put_header(hdr, sizes[i]);
        frame_bytes(f, sizes[i], (unsigned)i);
        g_byte_array_append(wire, hdr, 4);
        g_byte_array_append(wire, f, sizes[i]);
    }
    return wire;
}

static void check_stream_to_stream(const char *fa, const char *fb)
{
    Link *l = link_new(fa, SOCK_STREAM, fb, SOCK_STREAM);
    g_autoptr(GByteArray) wire = framed_sample();

    write_all(l->in[0], wire->data, wire->len);
    g_autoptr(GByteArray) got = read_bytes(l->out[0], wire->len);
    assert_int_equal(got->len, wire->len);
    assert_memory_equal(got->data, wire->data, wire->len);

    /* The other way in 997-byte writes: frames split across reads. */
    for (guint i = 0; i < wire->len; i += 997) {
        write_all(l->out[0], wire->data + i, MIN(997, wire->len - i));
        pump(1);
    }
    g_autoptr(GByteArray) back = read_bytes(l->in[0], wire->len);
    assert_int_equal(back->len, wire->len);
    assert_memory_equal(back->data, wire->data, wire->len);
    assert_no_drops(l->rig);
    assert_int_equal(netdev(l->rig, "a")->stats.tx_frames,
                     G_N_ELEMENTS(sizes));
    link_free(l);
}

static void test_socket_stream_through_hub(void **state)
{
    check_stream_to_stream(stream_a, stream_b);
}

static void test_stream_netdev_through_hub(void **state)
{
    check_stream_to_stream(sstream_a, sstream_b);
}

static void test_socket_and_stream_mixed(void **state)
{
    check_stream_to_stream(stream_a, sstream_b);
}

static void test_stream_to_dgram(void **state)
{
    Link *l = link_new(stream_a, SOCK_STREAM, dgram_b, SOCK_DGRAM);
    g_autoptr(GByteArray) wire = framed_sample();

    write_all(l->in[0], wire->data, wire->len);
    g_autoptr(GPtrArray) got = read_datagrams(l->out[0], G_N_ELEMENTS(sizes));
    assert_int_equal(got->len, G_N_ELEMENTS(sizes));
    for (guint i = 0; i < got->len; i++) {
        GByteArray *d = g_ptr_array_index(got, i);
        g_autofree uint8_t *f = g_malloc(sizes[i] + 1);
        frame_bytes(f, sizes[i], i);
        assert_int_equal(d->len, sizes[i]);
        assert_memory_equal(d->data, f, sizes[i]);
    }

    /* Datagrams back into the stream, framed. */
    g_autoptr(GByteArray) want = g_byte_array_new();
    for (unsigned i = 1; i <= 40; i++) {
        uint8_t f[200], hdr[4];
        frame_bytes(f, 60 + i, i);
        assert_int_equal(send(l->out[0], f, 60 + i, 0), 60 + i);
        frame_reader_put_header(hdr, 60 + i);
        g_byte_array_append(want, hdr, 4);
        g_byte_array_append(want, f, 60 + i);
    }
    g_autoptr(GByteArray) back = read_bytes(l->in[0], want->len);
    assert_int_equal(back->len, want->len);
    assert_memory_equal(back->data, want->data, want->len);
    link_free(l);
}

static void test_dgram_to_dgram(void **state)
{
    static const char socket_dgram_b[] = "socket,id=b,fd=";
    Link *l = link_new(dgram_a, SOCK_DGRAM, socket_dgram_b, SOCK_DGRAM);
    for (unsigned i = 0; i < 100; i++) {
        uint8_t f[1600];
        frame_bytes(f, 60 + i * 10, i);
        assert_int_equal(send(l->in[0], f, 60 + i * 10, 0), 60 + i * 10);
        if (i % 8 == 7) {
            pump(1);    /* the unix datagram queue is short */
        }
    }
    g_autoptr(GPtrArray) got = read_datagrams(l->out[0], 100);
    assert_int_equal(got->len, 100);
    for (guint i = 0; i < got->len; i++) {
        GByteArray *d = g_ptr_array_index(got, i);
        uint8_t f[1600];
        frame_bytes(f, 60 + i * 10, i);
        assert_int_equal(d->len, 60 + i * 10);
        assert_memory_equal(d->data, f, d->len);
    }
    assert_no_drops(l->rig);
    link_free(l);
}

/* ================================================================ faults */

/*
 * QEMU forwards an empty frame and then stalls that direction for good;
 * qnet drops it and goes on.
 */
static void test_zero_length_dropped(void **state)
{
    Link *l = link_new(stream_a, SOCK_STREAM, stream_b, SOCK_STREAM);
    uint8_t f[61];
    frame_bytes(f, sizeof(f), 5);
    write_framed(l->in[0], f, 60);
    write_framed(l->in[0], f, 0);
    write_framed(l->in[0], f, 61);
    g_autoptr(GByteArray) got = read_bytes(l->out[0], 64 + 65);
    assert_int_equal(got->len, 64 + 65);
    assert_memory_equal(got->data + 4, f, 60);
    assert_memory_equal(got->data + 68, f, 61);
    assert_int_equal(netdev(l->rig, "a")->stats.tx_frames, 2);
    link_free(l);
}

static void test_oversize_closes(void **state)
{
    Link *l = link_new(stream_a, SOCK_STREAM, stream_b, SOCK_STREAM);
    uint8_t f[60];
    frame_bytes(f, sizeof(f), 1);
    write_framed(l->in[0], f, sizeof(f));
    /* A length above NET_BUFSIZE, then bytes that must never be used. */
    const uint8_t garbage[] = { 0x00, 0x01, 0x10, 0x01, 1, 2, 3, 4, 5 };
    write_all(l->in[0], garbage, sizeof(garbage));
    g_autoptr(GByteArray) got = read_bytes(l->out[0], 64);
    assert_int_equal(got->len, 64);
    pump(20);
    assert_non_null(strstr(l->rig->log->str,
                           "serious error: oversized packet received,"
                           "connection terminated.\n"));
    /* QEMU's end of connection: link down, info emptied, socket closed. */
    NetClient *a = netdev(l->rig, "a");
    assert_true(a->link_down);
    assert_string_equal(a->info_str->str, "");
    uint8_t buf[16];
    assert_int_equal(read(l->in[0], buf, sizeof(buf)), 0);
    /* Frames toward the closed side are dropped (counted), not held. */
    write_framed(l->out[0], f, sizeof(f));
    pump(20);
    assert_int_equal(a->stats.drop_link_down, 1);
    link_free(l);
}

static void test_peer_gone_mid_frame(void **state)
{
    Link *l = link_new(sstream_a, SOCK_STREAM, stream_b, SOCK_STREAM);
    uint8_t f[1000];
    frame_bytes(f, sizeof(f), 3);
    write_framed(l->in[0], f, sizeof(f));
    uint8_t hdr[4];
    frame_reader_put_header(hdr, 500);
    write_all(l->in[0], hdr, 4);
    write_all(l->in[0], f, 100);       /* 100 of 500 bytes, then gone */
    pump(5);
    close(l->in[0]);
    l->in[0] = -1;
    g_autoptr(GByteArray) got = read_bytes(l->out[0], 1004);
    assert_int_equal(got->len, 1004);   /* only the whole frame */
    pump(20);
    NetClient *a = netdev(l->rig, "a");
    assert_true(a->link_down);
    assert_string_equal(a->info_str->str, "");
    assert_non_null(strstr(l->rig->events->str,
                           "NETDEV_STREAM_DISCONNECTED {\"netdev-id\":\"a\"}"));
    /* Nothing more comes out. */
    g_autoptr(GByteArray) more = read_bytes(l->out[0], 1);
    assert_int_equal(more->len, 0);
    link_free(l);
}

/* A reader that stops: qnet holds (bounded), drops nothing, resumes. */
static void check_slow_reader(const char *fb, int type_out)
{
    Link *l = link_new(stream_a, SOCK_STREAM, fb, type_out);
    enum { FRAME = 1400, MAX_FRAMES = 20000 };
    uint8_t hdr[4], f[FRAME];
    unsigned sent = 0;
    size_t pending = 0;          /* bytes of a frame not yet accepted */
    g_autoptr(GByteArray) out = g_byte_array_new();

    /* Write until the kernel refuses: qnet stopped reading its socket. */
    for (int stuck = 0; sent < MAX_FRAMES && stuck < 50;) {
        if (pending == 0) {
            frame_reader_put_header(hdr, FRAME);
            frame_bytes(f, FRAME, sent);
            g_byte_array_set_size(out, 0);
            g_byte_array_append(out, hdr, 4);
            g_byte_array_append(out, f, FRAME);
            pending = out->len;
        }
        ssize_t n = write(l->in[0], out->data + out->len - pending, pending);
        if (n > 0) {
            pending -= (size_t)n;
            if (pending == 0) {
                sent++;
            }
            stuck = 0;
        } else {
            stuck++;
            pump(1);
        }
    }
    assert_true(sent < MAX_FRAMES);   /* backpressure reached the writer */
    for (GList *c = l->rig->ctx->clients.head; c; c = c->next) {
        NetClient *nc = c->data;
        assert_true(net_queue_length(nc->incoming_queue) <= 2);
    }
    assert_no_drops(l->rig);

    /* Drain, then finish the half-written frame. */
    unsigned received = 0, total = sent + 1;
    assert_true(pending > 0);
    GByteArray *acc = g_byte_array_new();
    uint8_t buf[NET_BUFSIZE];
    for (int round = 0; round < 5000 && received < total; round++) {
        if (pending) {
            ssize_t n = write(l->in[0], out->data + out->len - pending,
                              pending);
            if (n > 0) {
                pending -= (size_t)n;
            }
        }
        pump(1);
        ssize_t n;
        while ((n = recv(l->out[0], buf, sizeof(buf), 0)) > 0) {
            if (type_out == SOCK_DGRAM) {
                frame_bytes(f, FRAME, received);
                assert_int_equal(n, FRAME);
                assert_memory_equal(buf, f, FRAME);
                received++;
                continue;
            }
            g_byte_array_append(acc, buf, (guint)n);
            while (acc->len >= 4 + FRAME) {
                frame_reader_put_header(hdr, FRAME);
                assert_memory_equal(acc->data, hdr, 4);
                frame_bytes(f, FRAME, received);
                assert_memory_equal(acc->data + 4, f, FRAME);
                g_byte_array_remove_range(acc, 0, 4 + FRAME);
                received++;
            }
        }
    }
    g_byte_array_unref(acc);
    assert_int_equal(pending, 0);
    assert_int_equal(received, total);
    assert_no_drops(l->rig);
    link_free(l);
}

static void test_slow_stream_reader(void **state)
{
    check_slow_reader(stream_b, SOCK_STREAM);
}

static void test_slow_dgram_reader(void **state)
{
    check_slow_reader(dgram_b, SOCK_DGRAM);
}

/* ================================================================ stream */

static char *temp_socket_path(const char *name)
{
    g_autofree char *dir = g_dir_make_tmp("qnet-sock-XXXXXX", NULL);
    assert_non_null(dir);
    return g_build_filename(dir, name, NULL);
}

static int unix_connect(const char *path)
{
    struct sockaddr_un su = { .sun_family = AF_UNIX };
    g_strlcpy(su.sun_path, path, sizeof(su.sun_path));
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&su, sizeof(su)), 0);
    assert_int_equal(socket_set_nonblock(fd), 0);
    return fd;
}

static void test_stream_server_unix(void **state)
{
    g_autofree char *path = temp_socket_path("s.sock");
    g_autofree char *arg = g_strdup_printf(
        "stream,id=s,server=on,addr.type=unix,addr.path=%s", path);
    int out[2];
    test_pair(SOCK_STREAM, out);
    g_autofree char *b = g_strdup_printf("%s%d", stream_b, out[1]);
    const char *netdevs[] = {
        arg, b, "hubport,id=ha,hubid=0,netdev=s",
        "hubport,id=hb,hubid=0,netdev=b", NULL,
    };
    Rig *r = rig_new(netdevs);
    NetClient *s = netdev(r, "s");
    assert_string_equal(s->info_str->str, "");
    assert_true(s->link_down);

    for (int round = 0; round < 2; round++) {
        int c = unix_connect(path);
        pump(10);
        g_autofree char *want = g_strdup_printf("unix:%s", path);
        assert_string_equal(s->info_str->str, want);
        assert_false(s->link_down);
        uint8_t f[70];
        frame_bytes(f, sizeof(f), (unsigned)round);
        write_framed(c, f, sizeof(f));
        g_autoptr(GByteArray) got = read_bytes(out[0], 74);
        assert_int_equal(got->len, 74);
        assert_memory_equal(got->data + 4, f, sizeof(f));
        close(c);
        pump(10);
        assert_string_equal(s->info_str->str, "");
        assert_true(s->link_down);
    }
    g_autofree char *ev = g_strdup_printf(
        "NETDEV_STREAM_CONNECTED {\"netdev-id\":\"s\",\"addr\":"
        "{\"type\":\"unix\",\"path\":\"%s\"}}\n"
        "NETDEV_STREAM_DISCONNECTED {\"netdev-id\":\"s\"}\n", path);
    g_autofree char *ev2 = g_strconcat(ev, ev, NULL);
    assert_string_equal(r->events->str, ev2);
    rig_free(r);
    close(out[0]);
    /* QEMU removes the socket file it created. */
    struct stat st;
    assert_int_equal(stat(path, &st), -1);
    g_autofree char *dir = g_path_get_dirname(path);
    rmdir(dir);
}

static int unix_listen(const char *path)
{
    struct sockaddr_un su = { .sun_family = AF_UNIX };
    g_strlcpy(su.sun_path, path, sizeof(su.sun_path));
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&su, sizeof(su)), 0);
    assert_int_equal(listen(fd, 4), 0);
    assert_int_equal(socket_set_nonblock(fd), 0);
    return fd;
}

static int accept_pumping(int lfd)
{
    for (int round = 0; round < 3000; round++) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            return fd;
        }
        pump(1);
    }
    fail_msg("no connection came");
    return -1;
}

static void test_stream_client_reconnect(void **state)
{
    g_autofree char *path = temp_socket_path("c.sock");
    int lfd = unix_listen(path);
    g_autofree char *arg = g_strdup_printf(
        "stream,id=s,reconnect=1,addr.type=unix,addr.path=%s", path);
    const char *netdevs[] = { arg, NULL };
    Rig *r = rig_new(netdevs);
    NetClient *s = netdev(r, "s");
    g_autofree char *want = g_strdup_printf("unix:%s", path);

    int c = accept_pumping(lfd);
    pump(5);
    assert_string_equal(s->info_str->str, want);
    close(c);
    pump(20);
    assert_string_equal(s->info_str->str, "");
    /* One second later it is back. */
    c = accept_pumping(lfd);
    pump(5);
    assert_string_equal(s->info_str->str, want);
    close(c);
    g_autofree char *ev = g_strdup_printf(
        "NETDEV_STREAM_CONNECTED {\"netdev-id\":\"s\",\"addr\":"
        "{\"type\":\"unix\",\"path\":\"%s\"}}\n"
        "NETDEV_STREAM_DISCONNECTED {\"netdev-id\":\"s\"}\n", path);
    assert_true(g_str_has_prefix(r->events->str, ev));
    rig_free(r);
    close(lfd);
    unlink(path);
    g_autofree char *dir = g_path_get_dirname(path);
    rmdir(dir);
}

static void test_stream_client_refused(void **state)
{
    g_autofree char *path = temp_socket_path("none.sock");
    g_autofree char *arg = g_strdup_printf(
        "stream,id=s,addr.type=unix,addr.path=%s", path);
    const char *netdevs[] = { arg, NULL };
    Rig *r = rig_new(netdevs);
    pump(5);
    assert_string_equal(netdev(r, "s")->info_str->str, "connection error");
    assert_true(netdev(r, "s")->link_down);
    assert_string_equal(r->events->str, "");
    rig_free(r);
    g_autofree char *dir = g_path_get_dirname(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_port_table),
        cmocka_unit_test(test_fd_param_table),
        cmocka_unit_test(test_socket_address_uri),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_long_unix_path),
        cmocka_unit_test(test_info_strings),
        cmocka_unit_test(test_info_strings_mcast),
        cmocka_unit_test(test_socket_stream_through_hub),
        cmocka_unit_test(test_stream_netdev_through_hub),
        cmocka_unit_test(test_socket_and_stream_mixed),
        cmocka_unit_test(test_stream_to_dgram),
        cmocka_unit_test(test_dgram_to_dgram),
        cmocka_unit_test(test_zero_length_dropped),
        cmocka_unit_test(test_oversize_closes),
        cmocka_unit_test(test_peer_gone_mid_frame),
        cmocka_unit_test(test_slow_stream_reader),
        cmocka_unit_test(test_slow_dgram_reader),
        cmocka_unit_test(test_stream_server_unix),
        cmocka_unit_test(test_stream_client_reconnect),
        cmocka_unit_test(test_stream_client_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
