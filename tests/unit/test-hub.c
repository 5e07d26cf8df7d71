/* test-hub.c: hub fan-out, can_receive rules, flushing, listing and warnings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "net/client.h"
#include "net/context.h"
#include "net/hub.h"
#include "net/queue.h"

typedef struct Endpoint {
    NetClient nc;
    bool ready;
    unsigned received;
} Endpoint;

static ssize_t ep_receive(NetClient *nc, const struct iovec *iov, int iovcnt,
                          unsigned flags)
{
    Endpoint *e = NET_CLIENT_UPCAST(Endpoint, nc);
    if (!e->ready) {
        return 0;
    }
    e->received++;
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
