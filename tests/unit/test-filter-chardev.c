/* test-filter-chardev.c: filter-mirror and filter-redirector over real socket chardevs: framing, injection, backpressure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "chardev/char-opts.h"
#include "chardev/char.h"
#include "net/client.h"
#include "net/context.h"
#include "net/filter-object.h"
#include "qapi/object.h"
#include "test-fixture.h"
#include "test-frames.h"

typedef struct Fixture {
    QnetContext ctx;
    ChardevRegistry *reg;
    TestPeer *nd, *peer;
    char *dir;
    GString *log;
} Fixture;

static TestPeer *probe_new(Fixture *f, const char *name, NetClient *peer)
{
    return test_peer_new(&f->ctx, TEST_PEER_HOST, "probe", name, peer);
}

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);
    f->log = g_string_new(NULL);
    test_context_init(&f->ctx, f->log);
    f->reg = chardev_registry_new(f->ctx.main_context);
    f->ctx.chardevs = f->reg;
    f->dir = test_tmpdir_new("test-filter-chr-XXXXXX");
    f->nd = probe_new(f, "nd0", NULL);
    f->peer = probe_new(f, "peer0", &f->nd->nc);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    net_filter_objects_free(&f->ctx);
    test_context_clear(&f->ctx);
    chardev_registry_free(f->reg);
    test_tmpdir_remove(f->dir);
    g_string_free(f->log, TRUE);
    g_free(f);
    return 0;
}

/* A unix socket server chardev @id and a client connected to it. */
static int server_and_client(Fixture *f, const char *id)
{
    g_autofree char *path = g_strdup_printf("%s/%s.sock", f->dir, id);
    g_autofree char *text = g_strdup_printf(
        "socket,id=%s,path=%s,server=on,wait=off", id, path);
    QemuOptsList *list = chardev_opts_list_new();
    Error *err = NULL;
    QemuOpts *opts = chardev_opts_parse(list, text, NULL, NULL, NULL, &err);
    assert_non_null(opts);
    Chardev *chr = chardev_new_from_opts(f->reg, opts, "-chardev", &err);
    qemu_opts_list_free(list);
    assert_non_null(chr);

    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    g_strlcpy(sa.sun_path, path, sizeof(sa.sun_path));
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;
    while (!chardev_is_connected(chr) && g_get_monotonic_time() < end) {
        g_main_context_iteration(f->ctx.main_context, FALSE);
        g_usleep(100);
    }
    assert_true(chardev_is_connected(chr));
    return fd;
}

/* Reads exactly @len bytes from @fd, running the main loop meanwhile. */
static void read_exact(Fixture *f, int fd, uint8_t *buf, size_t len)
{
    size_t got = 0;
    gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;
    while (got < len && g_get_monotonic_time() < end) {
        g_main_context_iteration(f->ctx.main_context, FALSE);
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        if (poll(&pfd, 1, 1) == 1) {
            ssize_t n = read(fd, buf + got, len - got);
            assert_true(n > 0);
            got += (size_t)n;
        }
    }
    assert_int_equal(got, len);
}

/* True when nothing is waiting to be read on @fd after a few iterations. */
static bool nothing_to_read(Fixture *f, int fd)
{
    test_context_iterate(&f->ctx, 20);
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    return poll(&pfd, 1, 20) == 0;
}

static void write_all(int fd, const void *buf, size_t len)
{
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
}

static void wait_frames(Fixture *f, TestPeer *p, guint n)
{
    gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;
    while (p->frames->len < n && g_get_monotonic_time() < end) {
        g_main_context_iteration(f->ctx.main_context, FALSE);
        g_usleep(100);
    }
    assert_int_equal(p->frames->len, n);
}

/* ---------------------------------------------------------------- mirror */

static void test_mirror_framing(void **state)
{
    Fixture *f = *state;
    int fd = server_and_client(f, "c0");
    test_object_add_ok(&f->ctx, "filter-mirror,id=m0,netdev=nd0,outdev=c0");
    net_client_send(&f->nd->nc, "hello", 5, NULL);
    net_client_send(&f->peer->nc, "back", 4, NULL);
    /* The frames went on... */
    assert_string_equal(test_peer_text(f->peer, 0), "hello");
    assert_string_equal(test_peer_text(f->nd, 0), "back");
    /* ...and a copy of each went out, length first (big endian). */
    uint8_t buf[17];
    read_exact(f, fd, buf, 17);
    assert_memory_equal(buf, "\0\0\0\x05" "hello" "\0\0\0\x04" "back", 17);

    /* vnet_hdr_support=on adds the vnet header length (0: none here). */
    assert_true(net_filter_object_set_prop_str(&f->ctx, "m0",
                                               "vnet_hdr_support", "on",
                                               NULL));
    net_client_send(&f->nd->nc, "v", 1, NULL);
    read_exact(f, fd, buf, 9);
    assert_memory_equal(buf, "\0\0\0\x01\0\0\0\0v", 9);

    /* status=off: nothing is copied. */
    assert_true(net_filter_set_status(&f->ctx, "m0", false, NULL));
    net_client_send(&f->nd->nc, "off", 3, NULL);
    assert_true(nothing_to_read(f, fd));
    assert_int_equal(f->peer->frames->len, 3);
    close(fd);
}

static void test_mirror_queue_rx(void **state)
{
    Fixture *f = *state;
    int fd = server_and_client(f, "c0");
    test_object_add_ok(&f->ctx, "filter-mirror,id=m0,netdev=nd0,outdev=c0,"
                       "queue=rx");
    net_client_send(&f->nd->nc, "tx", 2, NULL);
    net_client_send(&f->peer->nc, "rx", 2, NULL);
    uint8_t buf[6];
    read_exact(f, fd, buf, 6);
    assert_memory_equal(buf, "\0\0\0\x02rx", 6);
    assert_true(nothing_to_read(f, fd));
    close(fd);
}

static void test_mirror_slow_reader_loses_nothing(void **state)
{
    Fixture *f = *state;
    int fd = server_and_client(f, "c0");
    chardev_set_write_limit(chardev_find(f->reg, "c0"), 4096);
    test_object_add_ok(&f->ctx, "filter-mirror,id=m0,netdev=nd0,outdev=c0");
    char frame[1000];
    enum { N = 3000 };
    /* Nobody reads while 3 MB are mirrored: socket buffers fill up. */
    for (int i = 0; i < N; i++) {
        memset(frame, i & 0xff, sizeof(frame));
        net_client_send(&f->nd->nc, frame, sizeof(frame), NULL);
    }
    assert_int_equal(f->peer->frames->len, N);
    uint8_t buf[4 + sizeof(frame)];
    for (int i = 0; i < N; i++) {
        read_exact(f, fd, buf, sizeof(buf));
        assert_memory_equal(buf, "\0\0\x03\xe8", 4);
        assert_int_equal(buf[4], i & 0xff);
        assert_int_equal(buf[sizeof(buf) - 1], i & 0xff);
    }
    assert_string_equal(f->log->str, "");
    g_autofree char *stats = net_filter_object_stats(&f->ctx, "m0", NULL);
    assert_string_equal(stats, "frames=3000,backlog=0,dropped=0");
    close(fd);
}

static void test_mirror_without_client(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = g_strdup_printf("%s/s.sock", f->dir);
    g_autofree char *text = g_strdup_printf(
        "socket,id=c0,path=%s,server=on,wait=off", path);
    QemuOptsList *list = chardev_opts_list_new();
    QemuOpts *opts = chardev_opts_parse(list, text, NULL, NULL, NULL, NULL);
    assert_non_null(chardev_new_from_opts(f->reg, opts, NULL, NULL));
    qemu_opts_list_free(list);
    test_object_add_ok(&f->ctx, "filter-mirror,id=m0,netdev=nd0,outdev=c0");
    /* As QEMU: the copy goes nowhere, the frame goes on, nothing said. */
    net_client_send(&f->nd->nc, "x", 1, NULL);
    assert_int_equal(f->peer->frames->len, 1);
    assert_string_equal(f->log->str, "");
}

static void test_chardev_in_use_and_busy(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;
    int a = server_and_client(f, "c0");
    int b = server_and_client(f, "c1");
    test_object_add_ok(&f->ctx, "filter-mirror,id=m0,netdev=nd0,outdev=c0");
    assert_false(test_object_add(&f->ctx, "filter-mirror,id=m1,netdev=nd0,"
                                 "outdev=c0", &err));
    assert_string_equal(error_get_pretty(err), "Device 'c0' is in use");
    error_free(err);
    err = NULL;
    /* indev attaches first; its failure on outdev must let c1 go. */
    assert_false(test_object_add(&f->ctx, "filter-redirector,id=r0,netdev=nd0,"
                                 "indev=c1,outdev=c0", &err));
    assert_string_equal(error_get_pretty(err), "Device 'c0' is in use");
    error_free(err);
    err = NULL;
    assert_false(chardev_remove(f->reg, "c0", &err));
    assert_string_equal(error_get_pretty(err), "Chardev 'c0' is busy");
    error_free(err);
    assert_true(chardev_remove(f->reg, "c1", NULL));
    assert_true(net_filter_object_del(&f->ctx, "m0", NULL));
    assert_true(chardev_remove(f->reg, "c0", NULL));
    close(a);
    close(b);
}

/* ---------------------------------------------------------------- redirector */

static void test_redirector_out_takes_frames(void **state)
{
    Fixture *f = *state;
    int fd = server_and_client(f, "c0");
    test_object_add_ok(&f->ctx, "filter-redirector,id=r0,netdev=nd0,outdev=c0,"
                       "queue=tx");
    assert_int_equal(net_client_send(&f->nd->nc, "away", 4, NULL), 4);
    net_client_send(&f->peer->nc, "stays", 5, NULL);
    assert_int_equal(f->peer->frames->len, 0);
    assert_string_equal(test_peer_text(f->nd, 0), "stays");
    uint8_t buf[8];
    read_exact(f, fd, buf, 8);
    assert_memory_equal(buf, "\0\0\0\x04" "away", 8);
    close(fd);
}

static void test_redirector_in_injects(void **state)
{
    Fixture *f = *state;
    int tx = server_and_client(f, "c0");
    int rx = server_and_client(f, "c1");
    int all = server_and_client(f, "c2");
    test_object_add_ok(&f->ctx, "filter-redirector,id=r0,netdev=nd0,indev=c0,"
                       "queue=tx");
    test_object_add_ok(&f->ctx, "filter-redirector,id=r1,netdev=nd0,indev=c1,"
                       "queue=rx");
    test_object_add_ok(&f->ctx, "filter-redirector,id=r2,netdev=nd0,indev=c2");

    /* Frames in pieces: the length split, then two frames at once. */
    write_all(tx, "\0\0", 2);
    test_context_iterate(&f->ctx, 5);
    write_all(tx, "\0\x03" "abc" "\0\0\0\x02" "de", 11);
    wait_frames(f, f->peer, 2);
    assert_string_equal(test_peer_text(f->peer, 0), "abc");
    assert_string_equal(test_peer_text(f->peer, 1), "de");
    assert_int_equal(f->nd->frames->len, 0);

    write_all(rx, "\0\0\0\x03" "xyz", 7);
    wait_frames(f, f->nd, 1);
    assert_string_equal(test_peer_text(f->nd, 0), "xyz");

    /* queue=all injects both ways, TX first. */
    write_all(all, "\0\0\0\x04" "both", 8);
    wait_frames(f, f->nd, 2);
    wait_frames(f, f->peer, 3);
    assert_string_equal(test_peer_text(f->peer, 2), "both");
    assert_string_equal(test_peer_text(f->nd, 1), "both");
    close(tx);
    close(rx);
    close(all);
}

static void test_redirector_in_vnet(void **state)
{
    Fixture *f = *state;
    int fd = server_and_client(f, "c0");
    test_object_add_ok(&f->ctx, "filter-redirector,id=r0,netdev=nd0,indev=c0,"
                       "queue=tx,vnet_hdr_support=on");
    write_all(fd, "\0\0\0\x02\0\0\0\x0c" "hi", 10);
    wait_frames(f, f->peer, 1);
    assert_string_equal(test_peer_text(f->peer, 0), "hi");
    close(fd);
}

/* A held receiver stops the reading; nothing is dropped or queued. */
static void test_redirector_in_backpressure(void **state)
{
    Fixture *f = *state;
    int fd = server_and_client(f, "c0");
    test_object_add_ok(&f->ctx, "filter-redirector,id=r0,netdev=nd0,indev=c0,"
                       "queue=tx");
    f->peer->ready = false;
    for (int i = 0; i < 200; i++) {
        write_all(fd, "\0\0\0\x01" "z", 5);
    }
    test_context_iterate(&f->ctx, 50);
    assert_int_equal(f->peer->frames->len, 0);
    f->peer->ready = true;
    wait_frames(f, f->peer, 200);
    assert_int_equal(f->nd->nc.stats.drop_queue_full, 0);
    close(fd);
}

static void test_redirector_in_too_long(void **state)
{
    Fixture *f = *state;
    int fd = server_and_client(f, "c0");
    test_object_add_ok(&f->ctx, "filter-redirector,id=r0,netdev=nd0,indev=c0,"
                       "queue=tx");
    write_all(fd, "\x7f\0\0\0" "zzzz", 8);
    test_context_iterate(&f->ctx, 20);
    assert_int_equal(f->peer->frames->len, 0);
    assert_non_null(strstr(f->log->str, "input stopped"));
    close(fd);
}

/* A filter-mirror of one netdev feeding a redirector of another. */
static void test_mirror_to_redirector(void **state)
{
    Fixture *f = *state;
    TestPeer *nd1 = probe_new(f, "nd1", NULL);
    TestPeer *peer1 = probe_new(f, "peer1", &nd1->nc);
    /* The test is the wire between them: copy c0's output into c1. */
    int out = server_and_client(f, "c0");
    int in = server_and_client(f, "c1");
    test_object_add_ok(&f->ctx, "filter-mirror,id=m0,netdev=nd0,outdev=c0,"
                       "queue=tx,vnet_hdr_support=on");
    test_object_add_ok(&f->ctx, "filter-redirector,id=r0,netdev=nd1,indev=c1,"
                       "queue=tx,vnet_hdr_support=on");
    net_client_send(&f->nd->nc, "copied", 6, NULL);
    uint8_t buf[14];
    read_exact(f, out, buf, sizeof(buf));
    write_all(in, buf, sizeof(buf));
    wait_frames(f, peer1, 1);
    assert_string_equal(test_peer_text(peer1, 0), "copied");
    close(out);
    close(in);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_mirror_framing),
        T(test_mirror_queue_rx),
        T(test_mirror_slow_reader_loses_nothing),
        T(test_mirror_without_client),
        T(test_chardev_in_use_and_busy),
        T(test_redirector_out_takes_frames),
        T(test_redirector_in_injects),
        T(test_redirector_in_vnet),
        T(test_redirector_in_backpressure),
        T(test_redirector_in_too_long),
        T(test_mirror_to_redirector),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
