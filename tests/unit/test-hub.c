/* test-hub.c: hub fan-out, can_receive rules, flushing, listing and warnings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "net/client.h"
#include "net/context.h"
#include "net/hub.h"
#include "net/queue.h"

typedef struct Endpoint {
    NetClient nc;
    bool ready;
    unsigned received;
    uint8_t last_dst[6];
} Endpoint;

static ssize_t ep_receive(NetClient *nc, const struct iovec *iov, int iovcnt,
                          unsigned flags)
{
    Endpoint *e = NET_CLIENT_UPCAST(Endpoint, nc);
    if (!e->ready) {
        return 0;
    }
    e->received++;
    if (iov[0].iov_len >= 6) {
        memcpy(e->last_dst, iov[0].iov_base, 6);
    }
    return (ssize_t)iov[0].iov_len;
}

static bool ep_can_receive(NetClient *nc)
{
    return NET_CLIENT_UPCAST(Endpoint, nc)->ready;
}

static const NetClientInfo host_info = {
    .type = "user", .size = sizeof(Endpoint), .host_side = true,
    .receive_iov = ep_receive, .can_receive = ep_can_receive,
};

static const NetClientInfo nic_info = {
    .type = "nic", .size = sizeof(Endpoint),
    .receive_iov = ep_receive, .can_receive = ep_can_receive,
};

static Endpoint *endpoint(QnetContext *ctx, const NetClientInfo *info,
                          const char *name, int hub)
{
    NetClient *nc = net_client_new(ctx, info, NULL, info->type, name);
    nc->is_nic = info == &nic_info;
    if (hub >= 0) {
        net_hub_add_port(ctx, hub, NULL, nc);
    }
    Endpoint *e = NET_CLIENT_UPCAST(Endpoint, nc);
    e->ready = true;
    return e;
}

static GString *log_text;

static void capture_log(void *opaque, QnetLogLevel level, const char *loc,
                        const char *msg)
{
    g_string_append_printf(log_text, "%s\n", msg);
}

static int setup(void **state)
{
    QnetContext *ctx = g_new0(QnetContext, 1);
    g_queue_init(&ctx->clients);
    log_text = g_string_new(NULL);
    ctx->log = capture_log;
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    QnetContext *ctx = *state;
    while (ctx->clients.tail) {
        net_client_free(ctx->clients.tail->data);
    }
    net_hub_free_all(ctx);
    g_string_free(log_text, TRUE);
    g_free(ctx);
    return 0;
}

static void test_fan_out_never_back_to_source(void **state)
{
    QnetContext *ctx = *state;
    Endpoint *a = endpoint(ctx, &nic_info, "a", 0);
    Endpoint *b = endpoint(ctx, &nic_info, "b", 0);
    Endpoint *c = endpoint(ctx, &host_info, "c", 0);
    Endpoint *other = endpoint(ctx, &host_info, "other", 1);

    assert_int_equal(net_client_send(&a->nc, "frame", 5, NULL), 5);
    assert_int_equal(a->received, 0);
    assert_int_equal(b->received, 1);
    assert_int_equal(c->received, 1);
    assert_int_equal(other->received, 0);
}

static void test_can_receive_needs_one_ready_port(void **state)
{
    QnetContext *ctx = *state;
    Endpoint *a = endpoint(ctx, &nic_info, "a", 0);
    Endpoint *b = endpoint(ctx, &host_info, "b", 0);
    Endpoint *c = endpoint(ctx, &host_info, "c", 0);

    b->ready = false;
    assert_true(net_client_can_send(&a->nc));
    c->ready = false;
    assert_false(net_client_can_send(&a->nc));
}

static unsigned sent;

static void on_sent(NetClient *sender, ssize_t ret)
{
    sent++;
}

static void test_flush_through_hub(void **state)
{
    QnetContext *ctx = *state;
    Endpoint *a = endpoint(ctx, &nic_info, "a", 0);
    Endpoint *b = endpoint(ctx, &host_info, "b", 0);

    b->ready = false;
    sent = 0;
    /* The hub cannot take it: the frame waits on a's hub port. */
    assert_int_equal(net_client_send(&a->nc, "x", 1, on_sent), 0);
    assert_int_equal(b->received, 0);
    b->ready = true;
    /* b flushing flushes the other ports of its hub. */
    net_client_flush(&b->nc);
    assert_int_equal(b->received, 1);
    assert_int_equal(sent, 1);
}

static void test_full_port_drops_are_counted(void **state)
{
    QnetContext *ctx = *state;
    Endpoint *a = endpoint(ctx, &nic_info, "a", 0);
    Endpoint *b = endpoint(ctx, &host_info, "b", 0);
    Endpoint *c = endpoint(ctx, &host_info, "c", 0);

    c->ready = false;   /* b is ready, so the hub takes frames */
    for (int i = 0; i < NET_QUEUE_MAXLEN + 3; i++) {
        net_client_send(&a->nc, "x", 1, NULL);
    }
    assert_int_equal(b->received, NET_QUEUE_MAXLEN + 3);
    assert_int_equal(net_queue_length(c->nc.incoming_queue), NET_QUEUE_MAXLEN);
    assert_int_equal(c->nc.peer->stats.drop_queue_full, 3);
}

static void test_info_lists_newest_first(void **state)
{
    QnetContext *ctx = *state;
    endpoint(ctx, &nic_info, "n0", 3);
    endpoint(ctx, &host_info, "u0", 3);
    net_hub_add_port(ctx, 3, "lonely", NULL);
    endpoint(ctx, &host_info, "solo", -1);

    GString *out = g_string_new(NULL);
    net_info_network(ctx, out);
    assert_string_equal(out->str,
                        "hub 3\n"
                        " \\ lonely\n"
                        " \\ hub3port1: u0: index=0,type=user,\n"
                        " \\ hub3port0: n0: index=0,type=nic,\n"
                        "solo: index=0,type=user,\n");
    g_string_free(out, TRUE);
}

static void test_warnings(void **state)
{
    QnetContext *ctx = *state;
    endpoint(ctx, &nic_info, "n0", 0);      /* hub 0: nic only */
    endpoint(ctx, &host_info, "u1", 1);     /* hub 1: host only */
    net_hub_add_port(ctx, 1, NULL, NULL);
    net_hub_check_clients(ctx);
    assert_string_equal(log_text->str,
                        "hub port hub1port1 has no peer\n"
                        "hub 1 with no nics\n"
                        "hub 0 is not connected to host network\n");
}

/* A 60-byte frame from station @src to station @dst (02:00:00:00:00:NN; 0xff: broadcast). */
static ssize_t send_frame(Endpoint *from, int src, int dst)
{
    uint8_t frame[60] = { 0 };
    if (dst == 0xff) {
        memset(frame, 0xff, 6);
    } else {
        frame[0] = 0x02;
        frame[5] = (uint8_t)dst;
    }
    frame[6] = 0x02;
    frame[11] = (uint8_t)src;
    return net_client_send(&from->nc, frame, sizeof(frame), NULL);
}

static void apply(QnetContext *ctx, const char *text)
{
    NetHubSettings st;
    Error *err = NULL;
    assert_true(net_hub_parse_settings(text, &st, &err));
    net_hub_apply_settings(ctx, &st);
}

/* NICs a and b and host backend c on hub 0. */
static void three_ports(QnetContext *ctx, Endpoint **a, Endpoint **b,
                        Endpoint **c)
{
    *a = endpoint(ctx, &nic_info, "a", 0);
    *b = endpoint(ctx, &nic_info, "b", 0);
    *c = endpoint(ctx, &host_info, "c", 0);
}

static void test_learning_sends_unicast_to_one_port(void **state)
{
    QnetContext *ctx = *state;
    apply(ctx, "0");
    Endpoint *a, *b, *c;
    three_ports(ctx, &a, &b, &c);

    /* Nothing learned yet: flooded. */
    send_frame(a, 1, 2);
    assert_int_equal(b->received, 1);
    assert_int_equal(c->received, 1);
    /* b answers: station 1 is known behind a's port. */
    send_frame(b, 2, 1);
    assert_int_equal(a->received, 1);
    assert_int_equal(c->received, 1);
    /* Both known now: only b gets a's next frame. */
    send_frame(a, 1, 2);
    assert_int_equal(b->received, 2);
    assert_int_equal(c->received, 1);
    /* Broadcasts are flooded. */
    send_frame(a, 1, 0xff);
    assert_int_equal(b->received, 3);
    assert_int_equal(c->received, 2);

    NetHubStatus st;
    assert_true(net_hub_status(ctx, 0, &st));
    assert_int_equal(st.settings.mode, NET_HUB_LEARNING);
    assert_int_equal(st.settings.ageing, NET_HUB_DEFAULT_AGEING);
    assert_int_equal(st.fdb_entries, 2);
    assert_int_equal(st.stats.flooded, 2);
    assert_int_equal(st.stats.forwarded, 2);
    assert_int_equal(st.stats.filtered, 0);
}

static void test_learning_filters_and_follows_moves(void **state)
{
    QnetContext *ctx = *state;
    apply(ctx, "hubid=0,mode=learning,ageing=10");
    Endpoint *a, *b, *c;
    three_ports(ctx, &a, &b, &c);

    send_frame(a, 1, 0xff);
    send_frame(a, 3, 0xff);
    /* Station 3 is behind a's own port: nobody gets the frame. */
    send_frame(a, 1, 3);
    assert_int_equal(b->received, 2);
    assert_int_equal(c->received, 2);
    NetHubStatus st;
    net_hub_status(ctx, 0, &st);
    assert_int_equal(st.stats.filtered, 1);
    /* Station 3 moves behind c. */
    send_frame(c, 3, 0xff);
    send_frame(a, 1, 3);
    assert_int_equal(c->received, 3);
    assert_int_equal(b->received, 3);
}

static void test_removed_port_is_forgotten(void **state)
{
    QnetContext *ctx = *state;
    apply(ctx, "0");
    Endpoint *a, *b, *c;
    three_ports(ctx, &a, &b, &c);

    send_frame(b, 2, 0xff);
    NetHubStatus st;
    net_hub_status(ctx, 0, &st);
    assert_int_equal(st.fdb_entries, 1);
    net_client_free(b->nc.peer);
    net_hub_status(ctx, 0, &st);
    assert_int_equal(st.fdb_entries, 0);
    /* Unknown again, so flooded to the ports left. */
    send_frame(a, 1, 2);
    assert_int_equal(c->received, 2);
}

static void test_switch_back_to_flood(void **state)
{
    QnetContext *ctx = *state;
    Endpoint *a, *b, *c;
    three_ports(ctx, &a, &b, &c);

    apply(ctx, "0,mode=learning");   /* applies to the hub that exists */
    send_frame(b, 2, 0xff);
    send_frame(a, 1, 2);
    assert_int_equal(c->received, 1);
    apply(ctx, "0,mode=flood");
    send_frame(a, 1, 2);
    assert_int_equal(c->received, 2);
    NetHubStatus st;
    net_hub_status(ctx, 0, &st);
    assert_int_equal(st.settings.mode, NET_HUB_FLOOD);
    assert_int_equal(st.fdb_entries, 0);
}

static void test_learning_holds_for_busy_destination(void **state)
{
    QnetContext *ctx = *state;
    apply(ctx, "0");
    Endpoint *a, *b, *c;
    three_ports(ctx, &a, &b, &c);

    send_frame(b, 2, 0xff);
    b->ready = false;
    /* c could take it, but it is b's: the frame waits at a's port. */
    assert_int_equal(send_frame(a, 1, 2), 0);
    assert_int_equal(b->received, 0);
    assert_int_equal(c->received, 1);
    b->ready = true;
    net_client_flush(&b->nc);
    assert_int_equal(b->received, 1);
    assert_int_equal(c->received, 1);
    assert_int_equal(net_queue_length(a->nc.peer->incoming_queue), 0);
}

static void test_settings_errors(void **state)
{
    static const struct {
        const char *text, *error;
    } rows[] = {
        { "mode=learning", "Parameter 'hubid' is missing" },
        { "0,mode=switch", "Parameter 'mode' expects 'flood' or 'learning'" },
        { "0,ageing=0", "Parameter 'ageing' expects a number from 1 to 1000000" },
        { "0,ageing=x", "Parameter 'ageing' expects a number from 1 to 1000000" },
        { "-1", "Parameter 'hubid' expects a number from 0 to 2147483647" },
        { "0,vlan=1", "Invalid parameter 'vlan'" },
        { "0,id=h", "Invalid parameter 'id'" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        NetHubSettings st;
        Error *err = NULL;
        assert_false(net_hub_parse_settings(rows[i].text, &st, &err));
        assert_string_equal(error_get_pretty(err), rows[i].error);
        error_free(err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fan_out_never_back_to_source,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_can_receive_needs_one_ready_port,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_flush_through_hub, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_full_port_drops_are_counted,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_info_lists_newest_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_learning_sends_unicast_to_one_port,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_learning_filters_and_follows_moves,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_port_is_forgotten, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_switch_back_to_flood, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_learning_holds_for_busy_destination,
                                        setup, teardown),
        cmocka_unit_test(test_settings_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
