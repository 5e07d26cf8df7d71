/* test-qmp.c: the monitor layer in-process: JSON output, the QMP stream, dispatch, announce, rx-filter, HMP line editing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "monitor/announce.h"
#include "monitor/hmp-monitor.h"
#include "monitor/monitor.h"
#include "monitor/qmp-json.h"
#include "monitor/qmp-stream.h"
#include "monitor/qmp.h"
#include "net/client.h"
#include "net/context.h"
#include "net/events.h"
#include "net/hub.h"
#include "net/nic.h"
#include "qapi/json-parser.h"
#include "qnet/qnet.h"
#include "test-frames.h"

/* ------------------------------------------------------------ JSON out */

static char *render(const char *json, bool pretty)
{
    JsonNode *node = qapi_json_parse(json, NULL);
    assert_non_null(node);
    GString *out = g_string_new(NULL);
    qmp_json_append(out, node, pretty);
    json_node_unref(node);
    return g_string_free(out, FALSE);
}

static void test_json_compact(void **state)
{
    static const struct {
        const char *in, *out;
    } rows[] = {
        { "{}", "{}" },
        { "[]", "[]" },
        { "{\"return\": {}, \"id\": [1, {}]}", "{\"return\": {}, \"id\": [1, {}]}" },
        { "{'b':1,'a':[true,false,null,-5]}",
          "{\"b\": 1, \"a\": [true, false, null, -5]}" },
        { "\"\\u00e9\\u0001\\t/\\u007f\\ud83d\\ude00\\\"\\\\\"",
          "\"\\u00E9\\u0001\\t/\\u007F\\uD83D\\uDE00\\\"\\\\\"" },
        { "\"\\b\\f\\n\\r\"", "\"\\b\\f\\n\\r\"" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autofree char *got = render(rows[i].in, false);
        assert_string_equal(got, rows[i].out);
    }
}

static void test_json_pretty(void **state)
{
    g_autofree char *got = render("{\"return\": {}, \"id\": [1, {}]}", true);
    assert_string_equal(got, "{\n    \"return\": {\n    },\n    \"id\": [\n"
                        "        1,\n        {\n        }\n    ]\n}");
}

/* ------------------------------------------------------------ stream */

typedef struct Collected {
    GPtrArray *items;     /* "V:<json>" or "E:<message>" */
} Collected;

static void collect(void *opaque, JsonNode *value, Error *err)
{
    Collected *c = opaque;
    if (value) {
        GString *out = g_string_new("V:");
        qmp_json_append(out, value, false);
        g_ptr_array_add(c->items, g_string_free(out, FALSE));
        json_node_unref(value);
    } else {
        g_ptr_array_add(c->items, g_strdup_printf("E:%s",
                                                  error_get_pretty(err)));
        error_free(err);
    }
}

static Collected *stream_run(size_t max, const char *const *chunks)
{
    Collected *c = g_new0(Collected, 1);
    c->items = g_ptr_array_new_with_free_func(g_free);
    QmpStream *s = qmp_stream_new(max, collect, c);
    for (const char *const *p = chunks; *p; p++) {
        qmp_stream_feed(s, *p, strlen(*p));
    }
    qmp_stream_free(s);
    return c;
}

static void assert_items(Collected *c, const char *const *expected)
{
    guint n = 0;
    for (; expected[n]; n++) {
        assert_true(n < c->items->len);
        assert_string_equal(c->items->pdata[n], expected[n]);
    }
    assert_int_equal(c->items->len, n);
    g_ptr_array_free(c->items, TRUE);
    g_free(c);
}

static void test_stream_split(void **state)
{
    const char *chunks[] = { "{\"a\": [1, ", "2]}{\"b\"", ":3} 17 ", "tr",
                             "ue\n[", "]\n", NULL };
    const char *want[] = { "V:{\"a\": [1, 2]}", "V:{\"b\": 3}", "V:17",
                           "V:true", "V:[]", NULL };
    assert_items(stream_run(4096, chunks), want);
}

static void test_stream_errors(void **state)
{
    const char *chunks[] = { "garbage\n", "{\"a\": @}\n", "[1 2]\n",
                             "{\"x\": 1}\n", NULL };
    const char *want[] = {
        "E:JSON parse error, invalid keyword 'garbage'",
        "E:JSON parse error, stray '@'",
        "E:JSON parse error, expecting value",
        "V:{\"x\": 1}", NULL,
    };
    Collected *c = stream_run(4096, chunks);
    /* Print what came, to help when QEMU's wording is compared. */
    for (guint i = 0; i < c->items->len; i++) {
        print_message("  %s\n", (char *)c->items->pdata[i]);
    }
    assert_string_equal(c->items->pdata[0], want[0]);
    assert_string_equal(c->items->pdata[1], want[1]);
    assert_string_equal(g_ptr_array_index(c->items, c->items->len - 1),
                        "V:{\"x\": 1}");
    g_ptr_array_free(c->items, TRUE);
    g_free(c);
}

static void test_stream_limits(void **state)
{
    g_autofree char *big = g_strnfill(100, 'a');
    const char *chunks[] = { "\"", big, "\" {\"ok\": 1}\n", "[1]\n", NULL };
    const char *want[] = { "E:JSON token size limit exceeded", "V:[1]", NULL };
    assert_items(stream_run(64, chunks), want);

    g_autofree char *deep = g_strnfill(1100, '[');
    const char *chunks2[] = { deep, "\n", "[2]\n", NULL };
    const char *want2[] = { "E:JSON nesting depth limit exceeded", "V:[2]",
                            NULL };
    assert_items(stream_run(4096, chunks2), want2);
}

/* ------------------------------------------------------------ dispatch */

static QnetContext *new_context(const char *const *options)
{
    QnetContext *ctx = qnet_context_new(NULL);
    assert_true(qnet_add_option(ctx, "nodefaults", NULL, NULL));
    for (const char *const *o = options; o && *o; o += 2) {
        QnetError *err = NULL;
        bool ok = qnet_add_option(ctx, o[0], o[1], &err);
        if (!ok) {
            fail_msg("%s: %s", o[1], qnet_error_message(err));
        }
    }
    QnetError *err = NULL;
    if (!qnet_realize(ctx, &err)) {
        fail_msg("realize: %s", qnet_error_message(err));
    }
    return ctx;
}

static void free_context(QnetContext *ctx)
{
    monitor_state_free(ctx);
    qnet_context_free(ctx);
}

static void expect_reply(QnetContext *ctx, const char *request,
                         const char *reply)
{
    g_autofree char *got = qmp_execute_text(ctx, request);
    assert_non_null(got);
    assert_string_equal(got, reply);
}

static void test_dispatch_envelope(void **state)
{
    QnetContext *ctx = new_context(NULL);
    expect_reply(ctx, "[1]", "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"QMP input must be a JSON object\"}}");
    expect_reply(ctx, "{\"id\": 2}", "{\"id\": 2, \"error\": {\"class\": "
                 "\"GenericError\", \"desc\": \"QMP input lacks member "
                 "'execute'\"}}");
    expect_reply(ctx, "{\"execute\": \"foo\", \"id\": \"x\"}",
                 "{\"id\": \"x\", \"error\": {\"class\": \"CommandNotFound\","
                 " \"desc\": \"The command foo has not been found\"}}");
    expect_reply(ctx, "{\"execute\": \"set_link\", \"arguments\": "
                 "{\"name\": \"x\", \"up\": 1}}",
                 "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                 "\"Invalid parameter type for 'up', expected: boolean\"}}");
    expect_reply(ctx, "{\"execute\": \"set_link\", \"arguments\": "
                 "{\"up\": true, \"z\": 1}}",
                 "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                 "\"Parameter 'name' is missing\"}}");
    expect_reply(ctx, "{\"execute\": \"set_link\", \"arguments\": "
                 "{\"name\": \"nope\", \"up\": true}, \"id\": 1}",
                 "{\"id\": 1, \"error\": {\"class\": \"DeviceNotFound\", "
                 "\"desc\": \"Device 'nope' not found\"}}");
    expect_reply(ctx, "{\"execute\": \"netdev_add\", \"arguments\": "
                 "{\"type\": \"hubport\", \"id\": \"h5\", \"hubid\": 5}, "
                 "\"id\": 3}", "{\"return\": {}, \"id\": 3}");
    expect_reply(ctx, "{\"execute\": \"netdev_add\", \"arguments\": "
                 "{\"type\": \"hubport\", \"id\": \"h5\", \"hubid\": 5}}",
                 "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                 "\"Duplicate ID 'h5'\"}}");
    g_autofree char *info = qnet_hmp_command(ctx, "info network");
    assert_string_equal(info, "hub 5\n \\ h5\n");
    expect_reply(ctx, "{\"execute\": \"netdev_del\", \"arguments\": "
                 "{\"id\": \"h5\"}}", "{\"return\": {}}");
    expect_reply(ctx, "{\"execute\": \"human-monitor-command\", "
                 "\"arguments\": {\"command-line\": \"info network\"}}",
                 "{\"return\": \"hub 5\\r\\n\"}");
    free_context(ctx);
}

/* ------------------------------------------------------------ graph */

/* A client on hub @hub that records what reaches it. */
static TestPeer *probe_on_hub(QnetContext *ctx, int hub)
{
    TestPeer *p = test_peer_new(ctx, TEST_PEER_PROBE, "probe", "pr", NULL);
    net_hub_add_port(ctx, hub, NULL, &p->nc);
    return p;
}

static const char *const nic_on_hub[] = {
    "netdev", "hubport,id=h1,hubid=0",
    "device", "e1000,netdev=h1,mac=52:54:00:12:34:aa",
    NULL,
};

static void test_rarp_frame(void **state)
{
    MACAddr mac = { { 0x52, 0x54, 0x00, 0x12, 0x34, 0xaa } };
    uint8_t buf[ANNOUNCE_FRAME_LEN];
    static const uint8_t head[] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0xaa,
        0x80, 0x35, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x03,
        0x52, 0x54, 0x00, 0x12, 0x34, 0xaa, 0, 0, 0, 0,
        0x52, 0x54, 0x00, 0x12, 0x34, 0xaa, 0, 0, 0, 0,
    };
    assert_int_equal(announce_rarp_frame(buf, &mac), 60);
    assert_memory_equal(buf, head, sizeof(head));
    for (size_t i = sizeof(head); i < sizeof(buf); i++) {
        assert_int_equal(buf[i], 0);
    }
}

static void test_announce_rounds(void **state)
{
    QnetContext *ctx = new_context(nic_on_hub);
    TestPeer *p = probe_on_hub(ctx, 0);
    char *none[] = { "nope", NULL };
    assert_int_equal(announce_round(ctx, none), 0);
    assert_int_equal(p->frames->len, 0);
    expect_reply(ctx, "{\"execute\": \"announce-self\", \"arguments\": "
                 "{\"initial\": 1, \"max\": 3, \"rounds\": 3, \"step\": 1, "
                 "\"interfaces\": [\"e1000.0\"]}}", "{\"return\": {}}");
    assert_int_equal(p->frames->len, 1);      /* the first round is now */
    gint64 deadline = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;
    while (p->frames->len < 3 && g_get_monotonic_time() < deadline) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(500);
    }
    assert_int_equal(p->frames->len, 3);
    gsize len;
    const uint8_t *f = g_bytes_get_data(p->frames->pdata[2], &len);
    assert_int_equal(len, 60);
    assert_int_equal(f[12], 0x80);
    assert_int_equal(f[13], 0x35);
    /* A timer still pending when the monitors go away must not fire. */
    expect_reply(ctx, "{\"execute\": \"announce-self\", \"arguments\": "
                 "{\"initial\": 1000, \"max\": 1000, \"rounds\": 5, "
                 "\"step\": 0, \"id\": \"t\"}}", "{\"return\": {}}");
    free_context(ctx);
}

static void fake_query(NICState *nic, JsonObject *info)
{
    json_object_set_boolean_member(info, "promiscuous", TRUE);
}

static const NICOps reporting_ops = { .query_rx_filter = fake_query };
static const NICOps silent_ops = { 0 };

static void count_events(void *opaque, JsonObject *event)
{
    (*(int *)opaque)++;
}

static void test_rx_filter(void **state)
{
    QnetContext *ctx = new_context(NULL);
    NICConf conf_a = { .macaddr = { { 0x52, 0x54, 0, 0, 0, 1 } } };
    NICConf conf_b = { .macaddr = { { 0x52, 0x54, 0, 0, 0, 2 } } };
    NICState *a = nic_new(ctx, &reporting_ops, &conf_a, "fake", "na", NULL);
    NICState *b = nic_new(ctx, &silent_ops, &conf_b, "fake", "nb", NULL);
    expect_reply(ctx, "{\"execute\": \"query-rx-filter\"}",
                 "{\"return\": [{\"name\": \"na\", \"promiscuous\": true}]}");
    expect_reply(ctx, "{\"execute\": \"query-rx-filter\", \"arguments\": "
                 "{\"name\": \"nb\"}}", "{\"error\": {\"class\": "
                 "\"GenericError\", \"desc\": \"net client(nb) doesn't "
                 "support rx-filter querying\"}}");
    expect_reply(ctx, "{\"execute\": \"query-rx-filter\", \"arguments\": "
                 "{\"name\": \"zzz\"}}", "{\"error\": {\"class\": "
                 "\"GenericError\", \"desc\": \"invalid net client name: "
                 "zzz\"}}");

    int events = 0;
    monitor_add_event_sink(ctx, count_events, &events);
    for (int i = 0; i < 2; i++) {
        JsonObject *data = json_object_new();
        json_object_set_string_member(data, "name", "na");
        json_object_set_string_member(data, "path", "/machine/na");
        qnet_emit_event(ctx, "NIC_RX_FILTER_CHANGED", data);
    }
    assert_int_equal(events, 1);              /* once until queried */
    g_autofree char *r = qmp_execute_text(ctx, "{\"execute\": "
        "\"query-rx-filter\", \"arguments\": {\"name\": \"na\"}}");
    JsonObject *data = json_object_new();
    json_object_set_string_member(data, "name", "na");
    qnet_emit_event(ctx, "NIC_RX_FILTER_CHANGED", data);
    assert_int_equal(events, 2);
    monitor_remove_event_sink(ctx, count_events, &events);
    nic_free(a);
    nic_free(b);
    free_context(ctx);
}

/* Frames waiting in a queue when their sender is deleted are purged. */
static unsigned sent_zero;

static void on_sent(NetClient *sender, ssize_t ret)
{
    if (ret == 0) {
        sent_zero++;
    }
}

static ssize_t refuse(NICState *nic, unsigned queue, const struct iovec *iov,
                      int iovcnt)
{
    return 0;
}

static const NICOps refusing_ops = { .receive_iov = refuse };

static void test_netdev_del_with_queued_frames(void **state)
{
    QnetContext *ctx = new_context(NULL);
    expect_reply(ctx, "{\"execute\": \"netdev_add\", \"arguments\": "
                 "{\"type\": \"hubport\", \"id\": \"s\", \"hubid\": 9}}",
                 "{\"return\": {}}");
    NICConf conf = { .macaddr = { { 0x52, 0x54, 0, 0, 0, 3 } }, .queues = 1 };
    conf.peers[0] = net_client_find_netdev(ctx, "s");
    NICState *nic = nic_new(ctx, &refusing_ops, &conf, "fake", "n", NULL);
    uint8_t frame[60] = { 0 };
    NetClient *s = conf.peers[0];
    for (int i = 0; i < 5; i++) {
        assert_int_equal(net_client_send(s, frame, sizeof(frame), on_sent), 0);
    }
    sent_zero = 0;
    expect_reply(ctx, "{\"execute\": \"netdev_del\", \"arguments\": "
                 "{\"id\": \"s\"}}", "{\"return\": {}}");
    assert_int_equal(sent_zero, 5);
    g_autofree char *info = qmp_execute_text(ctx,
        "{\"execute\": \"x-qnet-query-net\"}");
    assert_non_null(strstr(info, "\"name\": \"n\""));
    assert_non_null(strstr(info, "\"link-up\": false"));
    nic_free(nic);
    free_context(ctx);
}

/* ------------------------------------------------------------ HMP */

static ssize_t to_string(void *opaque, const char *buf, size_t len)
{
    g_string_append_len(opaque, buf, (gssize)len);
    return (ssize_t)len;
}

static void test_hmp_line_editing(void **state)
{
    QnetContext *ctx = new_context(NULL);
    GString *out = g_string_new(NULL);
    HmpMonitor *mon = hmp_monitor_new(ctx, to_string, out);
    hmp_monitor_open(mon);
    assert_true(g_str_has_suffix(out->str, "information\r\n(qemu) "));
    g_string_truncate(out, 0);
    const char typed[] = "quix\x7ft\b\bx\x1b[D\r";
    hmp_monitor_input(mon, typed, sizeof(typed) - 1);
    assert_true(g_str_has_suffix(out->str,
                                 "\r\nunknown command: 'qux'\r\n(qemu) "));
    g_string_truncate(out, 0);
    g_autofree char *line = g_strnfill(5000, 'y');
    hmp_monitor_input(mon, line, strlen(line));
    hmp_monitor_input(mon, "\n", 1);
    g_autofree char *want = g_strdup_printf("unknown command: '%.*s'\r\n",
                                            4095, line);
    assert_non_null(strstr(out->str, want));
    hmp_monitor_free(mon);
    g_string_free(out, TRUE);
    free_context(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_compact),
        cmocka_unit_test(test_json_pretty),
        cmocka_unit_test(test_stream_split),
        cmocka_unit_test(test_stream_errors),
        cmocka_unit_test(test_stream_limits),
        cmocka_unit_test(test_dispatch_envelope),
        cmocka_unit_test(test_rarp_frame),
        cmocka_unit_test(test_announce_rounds),
        cmocka_unit_test(test_rx_filter),
        cmocka_unit_test(test_netdev_del_with_queued_frames),
        cmocka_unit_test(test_hmp_line_editing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
