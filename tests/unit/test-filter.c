/* test-filter.c: filter chains, -object checks and words, filter-buffer and filter-dump (read back with libpcap). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>
#include <string.h>
#include <unistd.h>

#include "net/client.h"
#include "net/context.h"
#include "net/filter-fifo.h"
#include "net/filter-framing.h"
#include "net/filter-object.h"
#include "net/queue.h"
#include "qapi/object.h"
#include "test-fixture.h"
#include "test-frames.h"

typedef struct Fixture {
    QnetContext ctx;
    TestPeer *nd;              /* the netdev "nd0" filters attach to */
    TestPeer *peer;            /* its peer (as a NIC would be) */
    GString *log;              /* messages through the context log */
    char *dir;                 /* temporary directory */
} Fixture;

/* A netdev (or, given @peer, its NIC side) that records what it gets. */
static TestPeer *probe_new(Fixture *f, const char *name, NetClient *peer)
{
    return test_peer_new(&f->ctx, TEST_PEER_HOST, "probe", name, peer);
}

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);
    f->log = g_string_new(NULL);
    test_context_init(&f->ctx, f->log);
    f->dir = test_tmpdir_new("test-filter-XXXXXX");
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
    assert_null(f->ctx.filters);
    g_string_free(f->log, TRUE);
    test_tmpdir_remove(f->dir);
    g_free(f);
    return 0;
}

static void add_fails(Fixture *f, const char *text, const char *message)
{
    Error *err = NULL;
    assert_false(test_object_add(&f->ctx, text, &err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), message);
    error_free(err);
}

static char *info(Fixture *f, TestPeer *p)
{
    GString *out = g_string_new(NULL);
    net_filter_info(&p->nc, out);
    return g_string_free(out, FALSE);
}

static void send_str(TestPeer *from, const char *text)
{
    net_client_send(&from->nc, text, strlen(text), NULL);
}

/* Runs the context's main loop until @done or 2 s passed. */
static void run_until(Fixture *f, bool (*done)(Fixture *f, void *arg),
                      void *arg)
{
    gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;
    while (!done(f, arg) && g_get_monotonic_time() < end) {
        g_main_context_iteration(f->ctx.main_context, FALSE);
        g_usleep(200);
    }
    assert_true(done(f, arg));
}

static bool got_n(Fixture *f, void *arg)
{
    TestPeer *p = ((TestPeer **)arg)[0];
    guint n = GPOINTER_TO_UINT(((void **)arg)[1]);
    return p->frames->len >= n;
}

static void wait_frames(Fixture *f, TestPeer *p, guint n)
{
    void *arg[2] = { p, GUINT_TO_POINTER(n) };
    run_until(f, got_n, arg);
}

/* Iterates the main loop for @us microseconds. */
static void spin(Fixture *f, gint64 us)
{
    gint64 end = g_get_monotonic_time() + us;
    while (g_get_monotonic_time() < end) {
        g_main_context_iteration(f->ctx.main_context, FALSE);
        g_usleep(200);
    }
}

/* ---------------------------------------------------------------- chain */

/* A filter type that logs its id into a string and may consume. */
typedef struct LogFilter {
    NetFilter nf;
    GString *trace;
    ssize_t ret;
    bool hold;                 /* keep the frame, release it later */
    GByteArray *held;
    NetClient *held_sender;
} LogFilter;

static ssize_t log_receive(NetFilter *nf, NetClient *sender, unsigned flags,
                           const struct iovec *iov, int iovcnt,
                           NetSentCb *sent_cb)
{
    LogFilter *lf = NET_FILTER_UPCAST(LogFilter, nf);
    g_string_append(lf->trace, nf->id);
    if (lf->hold) {
        lf->held = g_byte_array_new();
        g_byte_array_append(lf->held, iov[0].iov_base,
                            (guint)iov[0].iov_len);
        lf->held_sender = sender;
        return (ssize_t)iov[0].iov_len;
    }
    return lf->ret;
}

static const NetFilterOps log_ops = {
    .type = "test-log",
    .size = sizeof(LogFilter),
    .receive_iov = log_receive,
};

static LogFilter *log_filter(TestPeer *nd, const char *id, GString *trace,
                             NetFilterDirection dir)
{
    LogFilter *lf = g_new0(LogFilter, 1);
    lf->nf.ops = &log_ops;
    lf->nf.ctx = nd->nc.ctx;
    lf->nf.id = g_strdup(id);
    lf->nf.netdev = &nd->nc;
    lf->nf.on = true;
    lf->nf.direction = dir;
    lf->trace = trace;
    g_queue_push_tail(&nd->nc.filters, lf);
    return lf;
}

static void test_chain_order(void **state)
{
    Fixture *f = *state;
    GString *trace = g_string_new(NULL);
    log_filter(f->nd, "1", trace, NET_FILTER_DIRECTION_ALL);
    log_filter(f->nd, "2", trace, NET_FILTER_DIRECTION_RX);
    log_filter(f->nd, "3", trace, NET_FILTER_DIRECTION_ALL);
    log_filter(f->nd, "4", trace, NET_FILTER_DIRECTION_TX);

    /* The netdev sends: TX, head to tail. */
    send_str(f->nd, "tx");
    assert_string_equal(trace->str, "134");
    assert_string_equal(test_peer_text(f->peer, 0), "tx");

    /* The peer sends to the netdev: RX, tail to head. */
    g_string_truncate(trace, 0);
    send_str(f->peer, "rx");
    assert_string_equal(trace->str, "321");
    assert_string_equal(test_peer_text(f->nd, 0), "rx");

    /* status off makes a filter transparent. */
    g_string_truncate(trace, 0);
    ((NetFilter *)f->nd->nc.filters.head->data)->on = false;
    send_str(f->nd, "tx2");
    assert_string_equal(trace->str, "34");
    net_filter_free_all(&f->nd->nc);
    g_string_free(trace, TRUE);
}

static void test_chain_consume_and_pass_to_next(void **state)
{
    Fixture *f = *state;
    GString *trace = g_string_new(NULL);
    log_filter(f->nd, "a", trace, NET_FILTER_DIRECTION_ALL);
    LogFilter *b = log_filter(f->nd, "b", trace, NET_FILTER_DIRECTION_ALL);
    log_filter(f->nd, "c", trace, NET_FILTER_DIRECTION_ALL);

    /* A consuming filter ends the walk; its value goes back. */
    b->ret = 42;
    assert_int_equal(net_client_send(&f->nd->nc, "x", 1, NULL), 42);
    assert_string_equal(trace->str, "ab");
    assert_int_equal(f->peer->frames->len, 0);

    /* A held frame released by b continues after b, in its direction. */
    b->ret = 0;
    b->hold = true;
    g_string_truncate(trace, 0);
    send_str(f->peer, "held");
    assert_string_equal(trace->str, "cb");
    assert_int_equal(f->nd->frames->len, 0);
    struct iovec iov = { b->held->data, b->held->len };
    assert_int_equal(net_filter_pass_to_next(&b->nf, b->held_sender, 0,
                                             &iov, 1), 4);
    assert_string_equal(trace->str, "cba");
    assert_string_equal(test_peer_text(f->nd, 0), "held");
    g_byte_array_free(b->held, TRUE);
    net_filter_free_all(&f->nd->nc);
    g_string_free(trace, TRUE);
}

/* ---------------------------------------------------------------- objects */

static void test_insert_positions(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-replay,id=a,netdev=nd0");
    test_object_add_ok(&f->ctx, "filter-replay,id=b,netdev=nd0,position=head");
    test_object_add_ok(&f->ctx, "filter-replay,id=c,netdev=nd0,position=id=a,"
                       "insert=before");
    test_object_add_ok(&f->ctx, "filter-replay,id=d,netdev=nd0,position=id=b,"
                       "queue=rx");
    test_object_add_ok(&f->ctx, "filter-replay,id=e,netdev=nd0,position=tail,"
                       "status=off");
    g_autofree char *text = info(f, f->nd);
    assert_string_equal(text,
        "filters:\n"
        "  - b: type=filter-replay,position=head,status=on,insert=behind,netdev=nd0,queue=all\n"
        "  - d: type=filter-replay,position=id=b,status=on,insert=behind,netdev=nd0,queue=rx\n"
        "  - c: type=filter-replay,position=id=a,status=on,insert=before,netdev=nd0,queue=all\n"
        "  - a: type=filter-replay,position=tail,status=on,insert=behind,netdev=nd0,queue=all\n"
        "  - e: type=filter-replay,position=tail,status=off,insert=behind,netdev=nd0,queue=all\n");
}

static void test_listing_of_each_type(void **state)
{
    Fixture *f = *state;
    g_autofree char *dump = g_build_filename(f->dir, "a.pcap", NULL);
    g_autofree char *arg = g_strdup_printf(
        "filter-dump,id=fd0,netdev=nd0,file=%s,maxlen=128", dump);
    test_object_add_ok(&f->ctx, arg);
    test_object_add_ok(&f->ctx, "filter-buffer,id=fb1,netdev=nd0,"
                       "interval=50000,position=id=fd0,queue=rx,insert=before");
    test_object_add_ok(&f->ctx, "filter-rewriter,id=rw,netdev=nd0,"
                       "position=head,vnet_hdr_support=on");
    g_autofree char *text = info(f, f->nd);
    g_autofree char *want = g_strdup_printf(
        "filters:\n"
        "  - rw: type=filter-rewriter,vnet_hdr_support=true,position=head,status=on,insert=behind,netdev=nd0,queue=all\n"
        "  - fb1: type=filter-buffer,interval=50000,position=id=fd0,status=on,insert=before,netdev=nd0,queue=rx\n"
        "  - fd0: type=filter-dump,file=%s,maxlen=128,position=tail,status=on,insert=behind,netdev=nd0,queue=all\n",
        dump);
    assert_string_equal(text, want);
}

static void test_creation_errors(void **state)
{
    Fixture *f = *state;
    TestPeer *nic = probe_new(f, "nic0", NULL);
    nic->nc.is_nic = true;
    probe_new(f, "mq", NULL);
    probe_new(f, "mq", NULL);
    probe_new(f, "other", NULL);
    test_object_add_ok(&f->ctx, "filter-replay,id=elsewhere,netdev=other");
    test_object_add_ok(&f->ctx, "iothread,id=io");

    Error *err = NULL;
    assert_false(test_object_add(&f->ctx, "filter-replay,id=1x,"
                                 "netdev=nd0", &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'id' expects an identifier");
    assert_string_equal(error_get_hint(err),
                        "Identifiers consist of letters, digits, '-', '.', "
                        "'_', starting with a letter.\n");
    error_free(err);

    /* Property errors come first, status before the type's own. */
    add_fails(f, "filter-buffer,id=f0,netdev=nope,interval=0,status=x",
              "Invalid value for netfilter status, should be 'on' or 'off'");
    add_fails(f, "filter-buffer,id=f0,netdev=nope,interval=0",
              "Property 'filter-buffer.interval' requires a positive value");
    add_fails(f, "filter-dump,id=f0,netdev=nope,file=/x,maxlen=0",
              "Property 'filter-dump.maxlen' doesn't take value '0'");
    add_fails(f, "filter-replay,id=io,netdev=nope",
              "attempt to add duplicate property 'io' to object "
              "(type 'container')");
    add_fails(f, "filter-replay,id=f0,netdev=nope,position=bad",
              "Parameter 'netdev' expects a network backend id");
    add_fails(f, "filter-replay,id=f0,netdev=nic0",
              "Parameter 'netdev' expects a network backend id");
    add_fails(f, "filter-replay,id=f0,netdev=mq",
              "multiqueue is not supported");
    add_fails(f, "filter-replay,id=f0,netdev=nd0,position=HEAD",
              "Parameter 'position' expects 'head', 'tail' or 'id=<id>'");
    add_fails(f, "filter-replay,id=f0,netdev=nd0,position=",
              "Parameter 'position' expects 'head', 'tail' or 'id=<id>'");
    add_fails(f, "filter-replay,id=f0,netdev=nd0,position=id=zz",
              "filter 'zz' not found");
    add_fails(f, "filter-replay,id=f0,netdev=nd0,position=id=elsewhere",
              "filter 'elsewhere' belongs to a different netdev");
    add_fails(f, "filter-replay,id=f0,netdev=nd0,position=id=f0",
              "filter 'f0' belongs to a different netdev");
    add_fails(f, "filter-replay,id=f0,netdev=nd0,position=id=io",
              "filter 'io' belongs to a different netdev");
    add_fails(f, "filter-dump,id=f0,netdev=nd0,file=/nonexistent/x.pcap",
              "net dump: can't open /nonexistent/x.pcap: No such file or "
              "directory");
    add_fails(f, "filter-dump,id=f0,netdev=nd0,file=",
              "net dump: can't open : No such file or directory");
    add_fails(f, "filter-mirror,id=f0,netdev=nd0,outdev=c0",
              "Device 'c0' not found");
    add_fails(f, "filter-redirector,id=f0,netdev=nd0",
              "filter redirector needs 'indev' or 'outdev' at least one "
              "property set");
    add_fails(f, "filter-redirector,id=f0,netdev=nd0,indev=a,outdev=a",
              "'indev' and 'outdev' could not be same for filter "
              "redirector");
    add_fails(f, "filter-redirector,id=f0,netdev=nd0,indev=a",
              "IN Device 'a' not found");
    add_fails(f, "filter-redirector,id=f0,netdev=nd0,outdev=a",
              "OUT Device 'a' not found");
    add_fails(f, "colo-compare,id=f0,primary_in=a,secondary_in=b,outdev=c,"
                 "iothread=io",
              "qom-type 'colo-compare' is not supported by qnet");

    /* Nothing of the failed attempts stays: the id is free. */
    assert_false(net_filter_object_exists(&f->ctx, "f0"));
    test_object_add_ok(&f->ctx, "filter-replay,id=f0,netdev=nd0");
    assert_true(net_filter_object_exists(&f->ctx, "f0"));
    assert_int_equal(f->nd->nc.filters.length, 1);
}

static void test_object_del(void **state)
{
    Fixture *f = *state;
    Error *err = NULL;
    test_object_add_ok(&f->ctx, "filter-replay,id=f0,netdev=nd0");
    test_object_add_ok(&f->ctx, "iothread,id=io");
    assert_true(net_filter_object_del(&f->ctx, "io", NULL));
    assert_true(net_filter_object_del(&f->ctx, "f0", NULL));
    assert_int_equal(f->nd->nc.filters.length, 0);
    assert_false(net_filter_object_del(&f->ctx, "f0", &err));
    assert_string_equal(error_get_pretty(err), "object 'f0' not found");
    error_free(err);
    /* The registry goes away with its last object. */
    assert_null(f->ctx.filters);
}

static void test_netdev_free_destroys_filters(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-replay,id=f0,netdev=nd0");
    test_object_add_ok(&f->ctx, "filter-buffer,id=f1,netdev=nd0,"
                       "interval=1000000");
    send_str(f->peer, "held");
    net_client_free(&f->nd->nc);
    f->nd = NULL;
    assert_false(net_filter_object_exists(&f->ctx, "f0"));
    assert_false(net_filter_object_exists(&f->ctx, "f1"));
    assert_null(f->ctx.filters);
}

static void expect_error(Error *err, const char *message)
{
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), message);
    error_free(err);
}

static void expect_json(JsonNode *node, const char *json)
{
    assert_non_null(node);
    g_autofree char *text = json_to_string(node, FALSE);
    assert_string_equal(text, json);
    json_node_unref(node);
}

static void test_properties(void **state)
{
    Fixture *f = *state;
    QnetContext *ctx = &f->ctx;
    Error *err = NULL;
    test_object_add_ok(&f->ctx, "filter-buffer,id=f0,netdev=nd0,"
                       "interval=100000");
    test_object_add_ok(&f->ctx, "iothread,id=io");

    expect_json(net_filter_object_get_prop(ctx, "f0", "interval", NULL),
                "100000");
    expect_json(net_filter_object_get_prop(ctx, "f0", "status", NULL),
                "\"on\"");
    expect_json(net_filter_object_get_prop(ctx, "f0", "queue", NULL),
                "\"all\"");
    expect_json(net_filter_object_get_prop(ctx, "f0", "type", NULL),
                "\"filter-buffer\"");
    expect_json(net_filter_object_get_prop(ctx, "io", "type", NULL),
                "\"iothread\"");

    assert_true(net_filter_object_set_prop_str(ctx, "f0", "interval", "0x10",
                                               NULL));
    expect_json(net_filter_object_get_prop(ctx, "f0", "interval", NULL),
                "16");
    net_filter_object_set_prop_str(ctx, "f0", "interval", "abc", &err);
    expect_error(err, "Parameter 'interval' expects uint64");
    err = NULL;
    net_filter_object_set_prop_str(ctx, "f0", "interval", "-1", &err);
    expect_error(err, "Parameter 'interval' expects uint32_t");
    err = NULL;
    net_filter_object_set_prop_str(ctx, "f0", "interval", "0", &err);
    expect_error(err, "Property 'filter-buffer.interval' requires a "
                      "positive value");
    err = NULL;
    net_filter_object_set_prop_str(ctx, "f0", "status", "xx", &err);
    expect_error(err, "Invalid value for netfilter status, should be 'on' "
                      "or 'off'");
    err = NULL;
    net_filter_object_set_prop_str(ctx, "f0", "insert", "zz", &err);
    expect_error(err, "Invalid value for netfilter insert, should be "
                      "'before' or 'behind'");
    err = NULL;
    net_filter_object_set_prop_str(ctx, "f0", "queue", "zz", &err);
    expect_error(err, "Parameter 'queue' does not accept value 'zz'");
    err = NULL;
    net_filter_object_set_prop_str(ctx, "f0", "type", "x", &err);
    expect_error(err, "Property 'filter-buffer.type' is not writable");
    err = NULL;
    net_filter_object_get_prop(ctx, "f0", "nope", &err);
    expect_error(err, "Property 'filter-buffer.nope' not found");
    err = NULL;
    net_filter_object_get_prop(ctx, "io", "status", &err);
    expect_error(err, "Property 'iothread.status' not found");
    err = NULL;
    net_filter_object_get_prop(ctx, "nope", "status", &err);
    assert_int_equal(error_get_class(err), ERROR_CLASS_DEVICE_NOT_FOUND);
    expect_error(err, "Device 'nope' not found");

    /* QMP values are typed. */
    JsonNode *t = json_node_init_boolean(json_node_alloc(), TRUE);
    err = NULL;
    net_filter_object_set_prop_json(ctx, "f0", "status", t, &err);
    expect_error(err, "Invalid parameter type for 'status', expected: "
                      "string");
    err = NULL;
    net_filter_object_set_prop_json(ctx, "f0", "interval", t, &err);
    expect_error(err, "Parameter 'interval' expects uint64");
    json_node_unref(t);
    JsonNode *big = json_node_init_int(json_node_alloc(), 4294967296LL);
    err = NULL;
    net_filter_object_set_prop_json(ctx, "f0", "interval", big, &err);
    expect_error(err, "Parameter 'interval' expects uint32_t");
    json_node_unref(big);
    JsonNode *rx = json_node_init_string(json_node_alloc(), "rx");
    assert_true(net_filter_object_set_prop_json(ctx, "f0", "queue", rx,
                                                NULL));
    json_node_unref(rx);

    /* netdev/position/insert: QEMU changes the text only. */
    assert_true(net_filter_object_set_prop_str(ctx, "f0", "netdev", "e",
                                               NULL));
    assert_true(net_filter_object_set_prop_str(ctx, "f0", "position", "head",
                                               NULL));
    assert_true(net_filter_object_set_prop_str(ctx, "f0", "insert", "before",
                                               NULL));
    assert_true(net_filter_set_status(ctx, "f0", false, NULL));
    bool on = true;
    assert_true(net_filter_get_status(ctx, "f0", &on, NULL));
    assert_false(on);
    g_autofree char *text = info(f, f->nd);
    assert_string_equal(text, "filters:\n"
        "  - f0: type=filter-buffer,interval=16,position=head,status=off,"
        "insert=before,netdev=e,queue=rx\n");

    g_autofree char *list = net_filter_object_list_props(ctx, "f0", NULL);
    assert_string_equal(list, "type (string)\nqueue (NetFilterDirection)\n"
                        "netdev (string)\ninsert (string)\nstatus (string)\n"
                        "position (string)\ninterval (uint32)\n");
}

/* ---------------------------------------------------------------- buffer */

static void test_buffer_releases_each_interval(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-buffer,id=fb,netdev=nd0,interval=2000");
    send_str(f->nd, "t1");
    send_str(f->peer, "r1");
    send_str(f->nd, "t2");
    /* Held: nobody got anything, and nothing waits in a queue. */
    assert_int_equal(f->peer->frames->len, 0);
    assert_int_equal(f->nd->frames->len, 0);
    wait_frames(f, f->peer, 2);
    wait_frames(f, f->nd, 1);
    assert_string_equal(test_peer_text(f->peer, 0), "t1");
    assert_string_equal(test_peer_text(f->peer, 1), "t2");
    assert_string_equal(test_peer_text(f->nd, 0), "r1");

    /* And keeps doing so. */
    send_str(f->nd, "t3");
    assert_int_equal(f->peer->frames->len, 2);
    wait_frames(f, f->peer, 3);
}

static void test_buffer_direction(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-buffer,id=fb,netdev=nd0,"
                       "interval=1000000,queue=rx");
    send_str(f->nd, "tx passes");
    assert_string_equal(test_peer_text(f->peer, 0), "tx passes");
    send_str(f->peer, "rx held");
    assert_int_equal(f->nd->frames->len, 0);
}

static void test_buffer_status_off_flushes(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-buffer,id=fb,netdev=nd0,"
                       "interval=10000000");
    send_str(f->nd, "a");
    send_str(f->nd, "b");
    assert_int_equal(f->peer->frames->len, 0);
    assert_true(net_filter_set_status(&f->ctx, "fb", false, NULL));
    assert_int_equal(f->peer->frames->len, 2);
    assert_string_equal(test_peer_text(f->peer, 1), "b");
    /* Off: transparent. */
    send_str(f->nd, "c");
    assert_int_equal(f->peer->frames->len, 3);
    /* On again: holds again. */
    assert_true(net_filter_set_status(&f->ctx, "fb", true, NULL));
    send_str(f->nd, "d");
    assert_int_equal(f->peer->frames->len, 3);
}

static void test_buffer_delete_flushes(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-buffer,id=fb,netdev=nd0,"
                       "interval=10000000");
    send_str(f->peer, "x");
    send_str(f->nd, "y");
    assert_true(net_filter_object_del(&f->ctx, "fb", NULL));
    assert_string_equal(test_peer_text(f->nd, 0), "x");
    assert_string_equal(test_peer_text(f->peer, 0), "y");
}

static void test_buffer_respects_backpressure(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-buffer,id=fb,netdev=nd0,interval=1000");
    f->peer->ready = false;
    for (int i = 0; i < 20000; i++) {
        send_str(f->nd, "frame");
    }
    spin(f, 20000);
    /* The receiver holds: frames stay in the filter, no queue grows. */
    assert_int_equal(f->peer->frames->len, 0);
    assert_int_equal(net_queue_length(f->peer->nc.incoming_queue), 0);
    g_autofree char *held = net_filter_object_stats(&f->ctx, "fb", NULL);
    assert_string_equal(held, "held=20000,released=0,dropped=0");
    f->peer->ready = true;
    wait_frames(f, f->peer, 20000);
    assert_int_equal(f->nd->nc.stats.drop_queue_full, 0);
    g_autofree char *done = net_filter_object_stats(&f->ctx, "fb", NULL);
    assert_string_equal(done, "held=0,released=20000,dropped=0");
}

/*
 * The receiver replies while a released frame is delivered: the reply
 * enters the buffer in the middle of a release, which must neither
 * lose nor reorder anything.
 */
static void test_buffer_reentrant_reply(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-buffer,id=fb,netdev=nd0,interval=1000");
    f->peer->reply = true;
    for (int i = 0; i < 3000; i++) {
        char text[16];
        g_snprintf(text, sizeof(text), "%d", i);
        send_str(f->nd, text);
    }
    wait_frames(f, f->peer, 3000);
    wait_frames(f, f->nd, 3000);
    for (guint i = 0; i < 3000; i++) {
        char text[16];
        g_snprintf(text, sizeof(text), "%u", i);
        assert_string_equal(test_peer_text(f->peer, i), text);
        assert_string_equal(test_peer_text(f->nd, i), "re");
    }
}

/* ---------------------------------------------------------------- dump */

static char *dump_path(Fixture *f)
{
    return g_build_filename(f->dir, "d.pcap", NULL);
}

static void test_dump_records_read_back(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = dump_path(f);
    g_autofree char *arg = g_strdup_printf(
        "filter-dump,id=fd,netdev=nd0,file=%s,maxlen=64", path);
    test_object_add_ok(&f->ctx, arg);
    uint8_t big[100];
    for (size_t i = 0; i < sizeof(big); i++) {
        big[i] = (uint8_t)i;
    }
    gint64 before = g_get_real_time() / G_USEC_PER_SEC;
    net_client_send(&f->nd->nc, big, sizeof(big), NULL);
    send_str(f->peer, "twenty bytes frame!!");
    /* One main-loop iteration writes what was recorded. */
    g_main_context_iteration(f->ctx.main_context, FALSE);

    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(path, errbuf);
    assert_non_null(p);
    assert_int_equal(pcap_datalink(p), DLT_EN10MB);
    assert_int_equal(pcap_snapshot(p), 64);
    assert_int_equal(pcap_major_version(p), 2);
    assert_int_equal(pcap_minor_version(p), 4);
    assert_false(pcap_is_swapped(p));
    struct pcap_pkthdr *h;
    const u_char *data;
    assert_int_equal(pcap_next_ex(p, &h, &data), 1);
    assert_int_equal(h->caplen, 64);
    assert_int_equal(h->len, 100);
    assert_memory_equal(data, big, 64);
    assert_true(h->ts.tv_sec >= before);
    assert_int_equal(pcap_next_ex(p, &h, &data), 1);
    assert_int_equal(h->caplen, 20);
    assert_int_equal(h->len, 20);
    assert_memory_equal(data, "twenty bytes frame!!", 20);
    assert_int_equal(pcap_next_ex(p, &h, &data), PCAP_ERROR_BREAK);
    pcap_close(p);
    /* The frames went on. */
    assert_int_equal(f->peer->frames->len, 1);
    assert_int_equal(f->nd->frames->len, 1);
}

static void test_dump_header_bytes(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = dump_path(f);
    g_autofree char *arg = g_strdup_printf(
        "filter-dump,id=fd,netdev=nd0,file=%s", path);
    test_object_add_ok(&f->ctx, arg);
    g_autofree char *data = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(path, &data, &len, NULL));
    assert_int_equal(len, 24);
    /* Host byte order, as QEMU writes it. */
    uint32_t magic, snaplen, linktype;
    uint16_t major, minor;
    memcpy(&magic, data, 4);
    memcpy(&major, data + 4, 2);
    memcpy(&minor, data + 6, 2);
    memcpy(&snaplen, data + 16, 4);
    memcpy(&linktype, data + 20, 4);
    assert_int_equal(magic, 0xa1b2c3d4);
    assert_int_equal(major, 2);
    assert_int_equal(minor, 4);
    assert_int_equal(snaplen, 65536);
    assert_int_equal(linktype, 1);
}

static void test_dump_complete_after_delete(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = dump_path(f);
    g_autofree char *arg = g_strdup_printf(
        "filter-dump,id=fd,netdev=nd0,file=%s,queue=tx", path);
    test_object_add_ok(&f->ctx, arg);
    for (int i = 0; i < 5000; i++) {
        send_str(f->nd, "0123456789abcdef0123456789abcdef");
        send_str(f->peer, "not recorded");
    }
    /* No main-loop iteration: deleting the filter must flush. */
    assert_true(net_filter_object_del(&f->ctx, "fd", NULL));
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(path, errbuf);
    assert_non_null(p);
    struct pcap_pkthdr *h;
    const u_char *data;
    int n = 0;
    while (pcap_next_ex(p, &h, &data) == 1) {
        assert_int_equal(h->len, 32);
        n++;
    }
    assert_int_equal(n, 5000);
    pcap_close(p);
}

static void test_dump_maxlen_change(void **state)
{
    Fixture *f = *state;
    g_autofree char *path = dump_path(f);
    g_autofree char *arg = g_strdup_printf(
        "filter-dump,id=fd,netdev=nd0,file=%s", path);
    test_object_add_ok(&f->ctx, arg);
    assert_true(net_filter_object_set_prop_str(&f->ctx, "fd", "maxlen", "4",
                                               NULL));
    send_str(f->nd, "truncated");
    assert_true(net_filter_object_del(&f->ctx, "fd", NULL));
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(path, errbuf);
    struct pcap_pkthdr *h;
    const u_char *data;
    assert_int_equal(pcap_next_ex(p, &h, &data), 1);
    assert_int_equal(h->caplen, 4);
    assert_int_equal(h->len, 9);
    pcap_close(p);
}

static void test_dump_write_error_is_reported(void **state)
{
    Fixture *f = *state;
    if (access("/dev/full", W_OK) != 0) {
        skip();
    }
    test_object_add_ok(&f->ctx, "filter-dump,id=fd,netdev=nd0,file=/dev/full");
    assert_string_equal(f->log->str,
                        "network dump write error - stopping dump\n");
    send_str(f->nd, "still passes");
    assert_int_equal(f->peer->frames->len, 1);
    g_autofree char *stats = net_filter_object_stats(&f->ctx, "fd", NULL);
    assert_string_equal(stats, "records=0,write_errors=1");
}

/* ---------------------------------------------------------------- rewriter */

static uint16_t csum_fold(uint32_t s)
{
    while (s >> 16) {
        s = (s & 0xffff) + (s >> 16);
    }
    return (uint16_t)s;
}

static uint32_t csum_add(uint32_t s, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2) {
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    }
    if (len & 1) {
        s += (uint32_t)p[len - 1] << 8;
    }
    return s;
}

/* The TCP checksum over the pseudo header (RFC 9293 3.1) and segment. */
static uint16_t tcp_sum(const uint8_t *frame, size_t len)
{
    const uint8_t *ip = frame + 14, *tcp = ip + 20;
    size_t tlen = len - 34;
    uint8_t pseudo[12];
    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = 6;
    pseudo[10] = (uint8_t)(tlen >> 8);
    pseudo[11] = (uint8_t)tlen;
    return csum_fold(csum_add(csum_add(0, pseudo, 12), tcp, tlen));
}

/* An Ethernet + IPv4 + TCP frame with a valid checksum, 4 payload bytes. */
static size_t tcp_frame(uint8_t *f, bool to_guest, uint32_t seq, uint32_t ack,
                        uint8_t flags)
{
    static const uint8_t guest[4] = { 10, 0, 2, 15 }, client[4] = { 192, 0, 2, 1 };
    memset(f, 0, 58);
    f[12] = 0x08;
    uint8_t *ip = f + 14, *tcp = ip + 20;
    ip[0] = 0x45;
    ip[3] = 44;
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, to_guest ? client : guest, 4);
    memcpy(ip + 16, to_guest ? guest : client, 4);
    uint16_t sport = to_guest ? 5555 : 80, dport = to_guest ? 80 : 5555;
    tcp[0] = (uint8_t)(sport >> 8); tcp[1] = (uint8_t)sport;
    tcp[2] = (uint8_t)(dport >> 8); tcp[3] = (uint8_t)dport;
    for (int i = 0; i < 4; i++) {
        tcp[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
        tcp[8 + i] = (uint8_t)(ack >> (24 - 8 * i));
    }
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    tcp[14] = 0xff;
    memcpy(tcp + 20, "data", 4);
    uint16_t sum = (uint16_t)~tcp_sum(f, 58);
    tcp[16] = (uint8_t)(sum >> 8);
    tcp[17] = (uint8_t)sum;
    return 58;
}

static uint32_t be32_at(GBytes *b, size_t off)
{
    const uint8_t *p = g_bytes_get_data(b, NULL);
    return (uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 |
           (uint32_t)p[off + 2] << 8 | p[off + 3];
}

static bool sum_ok(GBytes *b)
{
    gsize len;
    const uint8_t *p = g_bytes_get_data(b, &len);
    return tcp_sum(p, len) == 0xffff;
}

enum { SYN = 0x02, ACK = 0x10, SYNACK = 0x12 };

/* The client sends through the netdev (TX), the guest answers (RX). */
static void handshake(Fixture *f, uint32_t client_ack_of_isn)
{
    uint8_t fr[64];
    net_client_send(&f->nd->nc, fr, tcp_frame(fr, true, 1000, 0, SYN), NULL);
    net_client_send(&f->peer->nc, fr, tcp_frame(fr, false, 5000, 1001,
                                                 SYNACK), NULL);
    net_client_send(&f->nd->nc, fr, tcp_frame(fr, true, 1001,
                                              client_ack_of_isn, ACK), NULL);
    net_client_send(&f->peer->nc, fr, tcp_frame(fr, false, 5001, 1001, ACK),
                    NULL);
}

static void test_rewriter_offsets(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-rewriter,id=rw,netdev=nd0");
    /* COLO: the client acknowledged the primary's ISN 9000. */
    handshake(f, 9001);
    assert_int_equal(f->peer->frames->len, 2);
    assert_int_equal(f->nd->frames->len, 2);
    /* The guest sees its own numbers acknowledged... */
    assert_int_equal(be32_at(f->peer->frames->pdata[1], 34 + 8), 5001);
    assert_true(sum_ok(f->peer->frames->pdata[1]));
    /* ...and the client sees the primary's. */
    assert_int_equal(be32_at(f->nd->frames->pdata[1], 34 + 4), 9001);
    assert_true(sum_ok(f->nd->frames->pdata[1]));
    /* The SYN-ACK itself, before the offset is known, is untouched. */
    assert_int_equal(be32_at(f->nd->frames->pdata[0], 34 + 4), 5000);
}

static void test_rewriter_transparent_without_colo(void **state)
{
    Fixture *f = *state;
    test_object_add_ok(&f->ctx, "filter-rewriter,id=rw,netdev=nd0");
    handshake(f, 5001);
    uint8_t fr[64];
    size_t len = tcp_frame(fr, true, 1001, 5001, ACK);
    assert_int_equal(g_bytes_get_size(f->peer->frames->pdata[1]), len);
    assert_memory_equal(g_bytes_get_data(f->peer->frames->pdata[1], NULL), fr,
                        len);
    len = tcp_frame(fr, false, 5001, 1001, ACK);
    assert_memory_equal(g_bytes_get_data(f->nd->frames->pdata[1], NULL), fr,
                        len);
    /* Not TCP: passes. */
    send_str(f->nd, "not an IPv4 frame at all");
    assert_string_equal(test_peer_text(f->peer, 2), "not an IPv4 frame at all");
}

/* ---------------------------------------------------------------- helpers */

static void test_fifo(void **state)
{
    FrameFifo q;
    FrameFifoEntry e;
    GQueue model = G_QUEUE_INIT;     /* the pushed i still held */
    char frame[3000];

    frame_fifo_init(&q);
    assert_false(frame_fifo_peek(&q, &e));
    for (int i = 0; i < 200; i++) {
        memset(frame, i, sizeof(frame));
        struct iovec iov[2] = { { frame, 1000 }, { frame + 1000, (size_t)i } };
        frame_fifo_push(&q, (uint8_t)(i & 3), (unsigned)i, iov, 2);
        g_queue_push_tail(&model, GINT_TO_POINTER(i));
        if (i % 3 == 0) {
            frame_fifo_pop(&q);
            g_queue_pop_head(&model);
        }
    }
    FrameFifo other;
    frame_fifo_init(&other);
    struct iovec last = { "end", 3 };
    frame_fifo_push(&other, 1, 7, &last, 1);
    frame_fifo_append(&q, &other);
    assert_int_equal(frame_fifo_length(&other), 0);
    assert_int_equal(frame_fifo_length(&q), model.length + 1);
    while (!g_queue_is_empty(&model)) {
        int i = GPOINTER_TO_INT(g_queue_pop_head(&model));
        assert_true(frame_fifo_peek(&q, &e));
        assert_int_equal(e.len, 1000 + (size_t)i);
        assert_int_equal(e.flags, (unsigned)i);
        assert_int_equal(e.tag, i & 3);
        assert_int_equal(e.data[0], (uint8_t)i);
        assert_int_equal(e.data[e.len - 1], (uint8_t)i);
        frame_fifo_pop(&q);
    }
    assert_true(frame_fifo_peek(&q, &e));
    assert_int_equal(e.len, 3);
    assert_int_equal(e.flags, 7);
    assert_memory_equal(e.data, "end", 3);
    frame_fifo_pop(&q);
    assert_false(frame_fifo_peek(&q, &e));
    frame_fifo_clear(&q);
    frame_fifo_clear(&other);
}

static void test_framing(void **state)
{
    uint8_t hdr[FILTER_FRAMING_MAX_HDR];
    assert_int_equal(filter_framing_header(hdr, false, 0, 0x01020304), 4);
    assert_memory_equal(hdr, "\x01\x02\x03\x04", 4);
    assert_int_equal(filter_framing_header(hdr, true, 12, 5), 8);
    assert_memory_equal(hdr, "\0\0\0\x05\0\0\0\x0c", 8);

    /* Two frames fed one byte at a time, with the vnet length field. */
    const uint8_t stream[] = "\0\0\0\x03\0\0\0\x0a" "abc"
                             "\0\0\0\x00\0\0\0\x0a"
                             "\0\0\0\x02\0\0\0\x0a" "de";
    FrameReader r;
    frame_reader_init_filter(&r, 100, true);
    GString *frames = g_string_new(NULL);
    for (size_t i = 0; i < sizeof(stream) - 1; i++) {
        const uint8_t *frame;
        size_t used, len;
        FrameReaderStatus st = frame_reader_next(&r, stream + i, 1, &used,
                                                 &frame, &len);
        assert_int_equal(used, 1);
        if (st == FRAME_READER_FRAME) {
            g_string_append_len(frames, (const char *)frame, (gssize)len);
            g_string_append_c(frames, '|');
            assert_int_equal(r.vnet_hdr_len, 10);
        }
    }
    assert_string_equal(frames->str, "abc||de|");
    g_string_free(frames, TRUE);

    /* A length above the limit stops the stream for good. */
    const uint8_t *frame;
    size_t used, len;
    assert_int_equal(frame_reader_next(&r, (const uint8_t *)
                                       "\0\0\1\0\0\0\0\0xx", 10, &used,
                                       &frame, &len),
                     FRAME_READER_OVERSIZE);
    assert_int_equal(used, 8);
    assert_int_equal(frame_reader_next(&r, (const uint8_t *)"x", 1, &used,
                                       &frame, &len),
                     FRAME_READER_OVERSIZE);
    frame_reader_reset(&r);
    assert_int_equal(frame_reader_next(&r, (const uint8_t *)
                                       "\0\0\0\1\0\0\0\0z", 9, &used,
                                       &frame, &len),
                     FRAME_READER_FRAME);
    frame_reader_destroy(&r);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_chain_order),
        T(test_chain_consume_and_pass_to_next),
        T(test_insert_positions),
        T(test_listing_of_each_type),
        T(test_creation_errors),
        T(test_object_del),
        T(test_netdev_free_destroys_filters),
        T(test_properties),
        T(test_buffer_releases_each_interval),
        T(test_buffer_direction),
        T(test_buffer_status_off_flushes),
        T(test_buffer_delete_flushes),
        T(test_buffer_respects_backpressure),
        T(test_buffer_reentrant_reply),
        T(test_dump_records_read_back),
        T(test_dump_header_bytes),
        T(test_dump_complete_after_delete),
        T(test_dump_maxlen_change),
        T(test_dump_write_error_is_reported),
        T(test_rewriter_offsets),
        T(test_rewriter_transparent_without_colo),
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_framing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
