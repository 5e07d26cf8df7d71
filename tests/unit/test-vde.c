/* test-vde.c: the vde netdev's hold/flush contract, send path and switch loss, on a real vde_switch. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sys/un.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvdeplug.h>

#include "net/client.h"
#include "net/context.h"
#include "net/control.h"
#include "net/queue.h"
#include "net/vde.h"
#include "qnet/qnet.h"
#include "test-frames.h"

/* Bound of every wait: rounds of pump(), 1 ms each. */
#define ROUNDS 5000

/* ---------------------------------------------------------------- switch */

/* A vde_switch in a temporary directory; its console stdin stays open. */
typedef struct Switch {
    char *dir;
    char *path;
    GPid pid;
    int console;
} Switch;

/*
 * True once the switch listens on @ctl.  Read from /proc/net/unix, not by
 * connecting: a probe connection upsets vde_switch's port bookkeeping.
 */
static bool switch_listens(const char *ctl)
{
    g_autofree char *table = NULL;
    if (!g_file_get_contents("/proc/net/unix", &table, NULL, NULL)) {
        return false;
    }
    g_auto(GStrv) lines = g_strsplit(table, "\n", -1);
    for (char **l = lines; *l; l++) {
        /* Num RefCount Protocol Flags Type St Inode Path */
        g_auto(GStrv) f = g_strsplit_set(*l, " ", -1);
        GPtrArray *cols = g_ptr_array_new();
        for (char **c = f; *c; c++) {
            if (**c) {
                g_ptr_array_add(cols, *c);
            }
        }
        /* Flags 00010000: the socket accepts connections. */
        bool listening = cols->len == 8 &&
                         strcmp(cols->pdata[3], "00010000") == 0 &&
                         strcmp(cols->pdata[7], ctl) == 0;
        g_ptr_array_free(cols, TRUE);
        if (listening) {
            return true;
        }
    }
    return false;
}

static bool switch_start(Switch *sw)
{
    const char *argv[] = { "vde_switch", "-s", NULL, NULL };

    sw->dir = g_dir_make_tmp("qnet-test-vde-XXXXXX", NULL);
    sw->path = g_build_filename(sw->dir, "sw", NULL);
    argv[2] = sw->path;
    if (!g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                                  G_SPAWN_SEARCH_PATH |
                                  G_SPAWN_DO_NOT_REAP_CHILD |
                                  G_SPAWN_STDOUT_TO_DEV_NULL |
                                  G_SPAWN_STDERR_TO_DEV_NULL,
                                  NULL, NULL, &sw->pid, &sw->console, NULL,
                                  NULL, NULL)) {
        return false;
    }
    /* The socket file appears at bind(), before the switch listens. */
    g_autofree char *ctl = g_build_filename(sw->path, "ctl", NULL);
    for (int i = 0; i < ROUNDS; i++) {
        if (switch_listens(ctl)) {
            return true;
        }
        g_usleep(1000);
    }
    return false;
}

static void switch_kill(Switch *sw)
{
    if (sw->pid) {
        kill(sw->pid, SIGKILL);
        waitpid(sw->pid, NULL, 0);
        g_spawn_close_pid(sw->pid);
        sw->pid = 0;
        close(sw->console);
    }
}

/* Data sockets of connected ports: vde_switch names them "NNN.<fd>". */
static unsigned switch_ports(Switch *sw)
{
    g_autoptr(GDir) dir = g_dir_open(sw->path, 0, NULL);
    unsigned n = 0;
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        n += g_regex_match_simple("^[0-9]{3}\\.[0-9]+$", name, 0, 0);
    }
    return n;
}

static void switch_free(Switch *sw)
{
    switch_kill(sw);
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", sw->dir);
    if (system(cmd) != 0) {
        print_message("could not remove %s\n", sw->dir);
    }
    g_free(sw->dir);
    g_free(sw->path);
}

/* ---------------------------------------------------------------- peer */

static unsigned sent_callbacks;

static void peer_sent(NetClient *nc, ssize_t ret)
{
    sent_callbacks++;
}

/* ---------------------------------------------------------------- rig */

typedef struct Rig {
    Switch sw;
    QnetContext *ctx;
    GString *log;
    NetClient *vde;
    TestPeer *peer;        /* the vde netdev's peer */
    VDECONN *plug;       /* the test's own port on the switch */
} Rig;

static void rig_log(void *opaque, QnetLogLevel level, const char *location,
                    const char *message)
{
    g_string_append_printf(opaque, "%s\n", message);
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

static int rig_setup(void **state)
{
    Rig *r = g_new0(Rig, 1);
    QnetError *err = NULL;

    if (!switch_start(&r->sw)) {
        switch_free(&r->sw);
        g_free(r);
        return -1;
    }
    r->ctx = qnet_context_new(NULL);
    r->log = g_string_new(NULL);
    qnet_set_log_handler(r->ctx, rig_log, r->log);
    g_autofree char *arg = g_strdup_printf("vde,id=v,sock=%s", r->sw.path);
    assert_true(qnet_add_option(r->ctx, "nodefaults", NULL, NULL));
    assert_true(qnet_add_option(r->ctx, "netdev", arg, &err));
    if (!qnet_realize(r->ctx, &err)) {
        fail_msg("realize: %s", qnet_error_message(err));
    }
    r->vde = net_client_find_netdev(r->ctx, "v");
    assert_non_null(r->vde);
    r->peer = test_peer_new(r->ctx, TEST_PEER_PROBE, "test", "p", r->vde);
    r->plug = vde_open(r->sw.path, (char *)"test-vde", NULL);
    assert_non_null(r->plug);
    int fd = vde_datafd(r->plug);
    assert_int_equal(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), 0);
    sent_callbacks = 0;
    *state = r;
    return 0;
}

static int rig_teardown(void **state)
{
    Rig *r = *state;
    vde_close(r->plug);
    qnet_context_free(r->ctx);
    switch_free(&r->sw);
    g_string_free(r->log, TRUE);
    g_free(r);
    return 0;
}

static void make_frame(uint8_t *buf, size_t len, unsigned seq)
{
    static const uint8_t head[14] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,    /* broadcast */
        0x02, 0, 0, 0, 0, 0x09,                /* local unicast source */
        0x88, 0xb5,                            /* IEEE local experimental */
    };
    memcpy(buf, head, sizeof(head));
    for (size_t i = sizeof(head); i < len; i++) {
        buf[i] = (uint8_t)(seq * 31 + i);
    }
}

/* The next frame the test's own port receives, within the bound. */
static ssize_t plug_recv(Rig *r, uint8_t *buf, size_t size)
{
    for (int i = 0; i < ROUNDS; i++) {
        ssize_t n = vde_recv(r->plug, buf, size, 0);
        if (n > 0) {
            return n;
        }
        pump(1);
    }
    return -1;
}

/* ---------------------------------------------------------------- tests */

/* Switch -> peer: one frame waits while the peer holds; the rest stays in
 * the socket until the peer flushes, then all arrive in order. */
static void test_rx_hold_and_resume(void **state)
{
    Rig *r = *state;
    uint8_t frame[5][200];

    r->peer->hold = true;
    for (unsigned i = 0; i < 5; i++) {
        make_frame(frame[i], sizeof(frame[i]), i);
        assert_int_equal(vde_send(r->plug, frame[i], sizeof(frame[i]), 0),
                         sizeof(frame[i]));
    }
    for (int i = 0; i < ROUNDS &&
         net_queue_length(r->peer->nc.incoming_queue) == 0; i++) {
        pump(1);
    }
    pump(50);
    /* one frame queued at the peer, four still unread in the socket */
    assert_int_equal(net_queue_length(r->peer->nc.incoming_queue), 1);
    assert_int_equal(r->peer->frames->len, 0);

    r->peer->hold = false;
    net_client_flush(&r->peer->nc);
    for (int i = 0; i < ROUNDS && r->peer->frames->len < 5; i++) {
        pump(1);
    }
    assert_int_equal(r->peer->frames->len, 5);
    for (unsigned i = 0; i < 5; i++) {
        GBytes *got = r->peer->frames->pdata[i];
        assert_int_equal(g_bytes_get_size(got), sizeof(frame[i]));
        assert_memory_equal(g_bytes_get_data(got, NULL), frame[i],
                            sizeof(frame[i]));
    }
}

/* Peer -> switch: a frame in several pieces leaves as one datagram. */
static void test_tx_iov_joined(void **state)
{
    Rig *r = *state;
    uint8_t frame[164], got[2048];
    make_frame(frame, sizeof(frame), 7);
    struct iovec iov[3] = {
        { frame, 14 }, { frame + 14, 100 }, { frame + 114, 50 },
    };

    assert_int_equal(net_client_send_iov(&r->peer->nc, 0, iov, 3, NULL),
                     sizeof(frame));
    assert_int_equal(plug_recv(r, got, sizeof(got)), sizeof(frame));
    assert_memory_equal(got, frame, sizeof(frame));
}

/* A stopped switch fills the socket: the frame waits (send returns 0);
 * the switch then dies: qnet says so once, drops and counts the frame,
 * and the peer's sent callback runs. */
static void test_tx_blocked_then_switch_dies(void **state)
{
    Rig *r = *state;
    uint8_t frame[1000];
    NetVdeCounters c;
    ssize_t ret = 1;
    int sent = 0;

    make_frame(frame, sizeof(frame), 1);
    kill(r->sw.pid, SIGSTOP);
    while (ret != 0 && sent < 100000) {
        ret = net_client_send(&r->peer->nc, frame, sizeof(frame), peer_sent);
        sent++;
    }
    assert_int_equal(ret, 0);
    assert_int_equal(net_queue_length(r->vde->incoming_queue), 1);
    pump(20);
    assert_int_equal(sent_callbacks, 0);        /* still waiting */

    switch_kill(&r->sw);
    for (int i = 0; i < ROUNDS && !strstr(r->log->str, "closed"); i++) {
        pump(1);
    }
    g_autofree char *want = g_strdup_printf(
        "vde: netdev 'v': the switch at %s closed the connection; frames "
        "sent to it are dropped\n", r->sw.path);
    assert_non_null(strstr(r->log->str, want));
    assert_int_equal(sent_callbacks, 1);
    assert_int_equal(net_queue_length(r->vde->incoming_queue), 0);
    assert_true(net_vde_get_counters(r->vde, &c));
    assert_int_equal(c.tx_dropped, 1);

    /* later frames are dropped at once, and counted */
    assert_int_equal(net_client_send(&r->peer->nc, frame, sizeof(frame),
                                     peer_sent), sizeof(frame));
    assert_true(net_vde_get_counters(r->vde, &c));
    assert_int_equal(c.tx_dropped, 2);
    pump(20);
    assert_null(strstr(strstr(r->log->str, "closed") + 1, "closed"));
}

/* netdev_del leaves the switch port. */
static void test_netdev_del_releases_port(void **state)
{
    Rig *r = *state;
    Error *err = NULL;

    assert_int_equal(switch_ports(&r->sw), 2);      /* qnet and the test */
    assert_true(net_netdev_del(r->ctx, "v", &err));
    for (int i = 0; i < ROUNDS && switch_ports(&r->sw) != 1; i++) {
        g_usleep(1000);
    }
    assert_int_equal(switch_ports(&r->sw), 1);
}

/* The counters belong to vde netdevs only. */
static void test_counters_of_other_types(void **state)
{
    Rig *r = *state;
    NetVdeCounters c = { .tx_dropped = 42 };

    assert_false(net_vde_get_counters(&r->peer->nc, &c));
    assert_int_equal(c.tx_dropped, 42);
    assert_true(net_vde_get_counters(r->vde, &c));
    assert_int_equal(c.tx_dropped, 0);
}

/* QEMU 7.2's text for a switch that is not there. */
static void test_open_error(void **state)
{
    QnetContext *ctx = qnet_context_new(NULL);
    QnetError *err = NULL;

    assert_true(qnet_add_option(ctx, "nodefaults", NULL, NULL));
    bool ok = qnet_add_option(ctx, "netdev",
                              "vde,id=v,sock=/nonexistent/qnet/vde", &err) &&
              qnet_realize(ctx, &err);
    assert_false(ok);
    assert_string_equal(qnet_error_message(err),
                        "-netdev vde,id=v,sock=/nonexistent/qnet/vde: "
                        "Could not open vde: No such file or directory");
    qnet_error_free(err);
    qnet_context_free(ctx);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

int main(void)
{
    g_autofree char *prog = g_find_program_in_path("vde_switch");
    if (!prog) {
        printf("SKIP: vde_switch not installed (Debian package vde-switch)\n");
        return 77;
    }
#ifdef UNDER_ASAN
    /* google/sanitizers#611: ASan aborts on dlopen(RTLD_DEEPBIND), which
     * libvdeplug uses for its modules (libvdeplug_vde.so). */
    printf("SKIP: libvdeplug loads its modules with RTLD_DEEPBIND, which "
           "AddressSanitizer refuses (run this test in a non-ASan build)\n");
    return 77;
#endif
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_error),
        cmocka_unit_test_setup_teardown(test_rx_hold_and_resume,
                                        rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_tx_iov_joined,
                                        rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_tx_blocked_then_switch_dies,
                                        rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_netdev_del_releases_port,
                                        rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(test_counters_of_other_types,
                                        rig_setup, rig_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
