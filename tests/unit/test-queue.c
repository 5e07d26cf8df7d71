/* test-queue.c: the receive queue's hold/flush contract, drops and purge. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>

#include "net/client.h"
#include "net/context.h"
#include "net/queue.h"

/* A receiver whose readiness and return value the test controls. */
typedef struct TestClient {
    NetClient nc;
    bool accept;           /* receive_iov returns the size when true, else 0 */
    bool ready;            /* can_receive */
    unsigned received;
    GString *last;
    unsigned echo;         /* answers this many frames while receiving */
} TestClient;

static ssize_t test_receive(NetClient *nc, const struct iovec *iov,
                            int iovcnt, unsigned flags)
{
    TestClient *t = NET_CLIENT_UPCAST(TestClient, nc);
    if (!t->accept) {
        return 0;
    }
    g_string_truncate(t->last, 0);
    size_t size = 0;
    for (int i = 0; i < iovcnt; i++) {
        g_string_append_len(t->last, iov[i].iov_base, (gssize)iov[i].iov_len);
        size += iov[i].iov_len;
    }
    t->received++;
    if (t->echo) {
        t->echo--;
        net_client_send(nc, "re", 2, NULL);
    }
    return (ssize_t)size;
}

static bool test_can_receive(NetClient *nc)
{
    return NET_CLIENT_UPCAST(TestClient, nc)->ready;
}

static void test_cleanup(NetClient *nc)
{
    g_string_free(NET_CLIENT_UPCAST(TestClient, nc)->last, TRUE);
}

static const NetClientInfo test_info = {
    .type = "test",
    .size = sizeof(TestClient),
    .host_side = true,
    .receive_iov = test_receive,
    .can_receive = test_can_receive,
    .cleanup = test_cleanup,
};

typedef struct Fixture {
    QnetContext ctx;
    TestClient *a, *b;
} Fixture;

static TestClient *new_client(QnetContext *ctx, const char *name,
                              NetClient *peer)
{
    TestClient *t = NET_CLIENT_UPCAST(TestClient,
        net_client_new(ctx, &test_info, peer, "test", name));
    t->accept = t->ready = true;
    t->last = g_string_new(NULL);
    return t;
}

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);
    g_queue_init(&f->ctx.clients);
    f->a = new_client(&f->ctx, "a", NULL);
    f->b = new_client(&f->ctx, "b", &f->a->nc);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    while (f->ctx.clients.tail) {
        net_client_free(f->ctx.clients.tail->data);
    }
    g_free(f);
    return 0;
}

static unsigned sent_calls;
static ssize_t sent_last;

static void on_sent(NetClient *sender, ssize_t ret)
{
    sent_calls++;
    sent_last = ret;
}

static void test_direct_delivery(void **state)
{
    Fixture *f = *state;
    assert_int_equal(net_client_send(&f->a->nc, "hello", 5, NULL), 5);
    assert_int_equal(f->b->received, 1);
    assert_string_equal(f->b->last->str, "hello");
    assert_int_equal(f->a->nc.stats.tx_frames, 1);
    assert_int_equal(f->b->nc.stats.rx_frames, 1);
}

static void test_zero_return_holds_until_flush(void **state)
{
    Fixture *f = *state;
    sent_calls = 0;
    f->b->accept = false;
    assert_int_equal(net_client_send(&f->a->nc, "one", 3, on_sent), 0);
    assert_true(f->b->nc.receive_disabled);
    /* Receiving is disabled: the next frame is queued without a try. */
    assert_int_equal(net_client_send(&f->a->nc, "two", 3, on_sent), 0);
    assert_int_equal(net_queue_length(f->b->nc.incoming_queue), 2);
    assert_false(net_client_can_send(&f->a->nc));

    f->b->accept = true;
    assert_true(net_client_flush(&f->b->nc));
    assert_int_equal(f->b->received, 2);
    assert_string_equal(f->b->last->str, "two");
    assert_int_equal(sent_calls, 2);
    assert_int_equal(sent_last, 3);
    assert_true(net_client_can_send(&f->a->nc));
}

static void test_not_ready_queues(void **state)
{
    Fixture *f = *state;
    f->b->ready = false;
    assert_int_equal(net_client_send(&f->a->nc, "x", 1, NULL), 0);
    assert_int_equal(f->b->received, 0);
    f->b->ready = true;
    net_client_flush(&f->b->nc);
    assert_int_equal(f->b->received, 1);
}

static void test_full_queue_drops_without_callback(void **state)
{
    Fixture *f = *state;
    f->b->ready = false;
    for (int i = 0; i < NET_QUEUE_MAXLEN + 5; i++) {
        net_client_send(&f->a->nc, "x", 1, NULL);
    }
    assert_int_equal(net_queue_length(f->b->nc.incoming_queue),
                     NET_QUEUE_MAXLEN);
    assert_int_equal(f->a->nc.stats.drop_queue_full, 5);
    /* With a callback a frame is always queued. */
    net_client_send(&f->a->nc, "y", 1, on_sent);
    assert_int_equal(net_queue_length(f->b->nc.incoming_queue),
                     NET_QUEUE_MAXLEN + 1);
}

static void test_purge_calls_back_with_zero(void **state)
{
    Fixture *f = *state;
    sent_calls = 0;
    sent_last = -1;
    f->b->ready = false;
    net_client_send(&f->a->nc, "x", 1, on_sent);
    net_client_purge(&f->b->nc, &f->a->nc);
    assert_int_equal(sent_calls, 1);
    assert_int_equal(sent_last, 0);
    assert_int_equal(net_queue_length(f->b->nc.incoming_queue), 0);
}

static void test_link_down_drops(void **state)
{
    Fixture *f = *state;
    net_client_set_link(&f->a->nc, false);
    assert_int_equal(net_client_send(&f->a->nc, "abc", 3, NULL), 3);
    assert_int_equal(f->b->received, 0);
    assert_int_equal(f->a->nc.stats.drop_link_down, 1);
    net_client_set_link(&f->a->nc, true);
    net_client_set_link(&f->b->nc, false);
    assert_int_equal(net_client_send(&f->a->nc, "abc", 3, NULL), 3);
    assert_int_equal(f->b->received, 0);
    assert_int_equal(f->b->nc.stats.drop_link_down, 1);
}

static void test_oversize_and_no_peer_drop(void **state)
{
    Fixture *f = *state;
    static uint8_t big[NET_BUFSIZE + 1];
    assert_int_equal(net_client_send(&f->a->nc, big, sizeof(big), NULL),
                     sizeof(big));
    assert_int_equal(f->a->nc.stats.drop_oversize, 1);
    TestClient *lone = new_client(&f->ctx, "lone", NULL);
    assert_int_equal(net_client_send(&lone->nc, "x", 1, NULL), 1);
    assert_int_equal(lone->nc.stats.drop_no_peer, 1);
}

static void test_reentrant_send_is_queued(void **state)
{
    Fixture *f = *state;
    /* b answers while it receives, and a answers that: a's answer reaches
     * b's queue while b is still delivering, so it waits and is delivered
     * right after, in order. */
    f->a->echo = 1;
    f->b->echo = 1;
    assert_int_equal(net_client_send(&f->a->nc, "ping", 4, NULL), 4);
    assert_int_equal(f->a->received, 1);
    assert_int_equal(f->b->received, 2);
    assert_string_equal(f->b->last->str, "re");
    assert_int_equal(net_queue_length(f->b->nc.incoming_queue), 0);
}

static void test_empty_frame_dropped(void **state)
{
    Fixture *f = *state;
    assert_int_equal(net_client_send(&f->a->nc, "", 0, NULL), -EINVAL);
    assert_int_equal(f->a->nc.stats.drop_empty, 1);
    assert_int_equal(f->b->received, 0);
    assert_false(f->b->nc.receive_disabled);
}

/* A frame sent while older ones wait must not overtake them. */
static void test_no_overtaking(void **state)
{
    Fixture *f = *state;
    f->b->accept = false;
    net_client_send(&f->a->nc, "1", 1, on_sent);
    /* The receiver is ready again but nobody flushed its queue yet. */
    f->b->accept = true;
    f->b->nc.receive_disabled = false;
    net_client_send(&f->a->nc, "2", 1, on_sent);
    assert_int_equal(f->b->received, 2);
    assert_string_equal(f->b->last->str, "2");
    assert_int_equal(net_queue_length(f->b->nc.incoming_queue), 0);
}

static void test_iov_is_gathered(void **state)
{
    Fixture *f = *state;
    struct iovec iov[3] = {
        { (void *)"ab", 2 }, { (void *)"", 0 }, { (void *)"cd", 2 },
    };
    assert_int_equal(net_client_send_iov(&f->a->nc, 0, iov, 3, NULL), 4);
    assert_string_equal(f->b->last->str, "abcd");
    f->b->accept = false;
    net_client_send_iov(&f->a->nc, 0, iov, 3, NULL);
    f->b->accept = true;
    net_client_flush(&f->b->nc);
    assert_string_equal(f->b->last->str, "abcd");
}

static void test_automatic_names(void **state)
{
    Fixture *f = *state;
    TestClient *c = new_client(&f->ctx, NULL, NULL);
    TestClient *d = new_client(&f->ctx, NULL, NULL);
    assert_string_equal(c->nc.name, "test.2");
    assert_string_equal(d->nc.name, "test.3");
    assert_ptr_equal(net_client_find_netdev(&f->ctx, "a"), &f->a->nc);
    assert_null(net_client_find_netdev(&f->ctx, "zz"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_direct_delivery, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zero_return_holds_until_flush,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_ready_queues, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_queue_drops_without_callback,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge_calls_back_with_zero,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_down_drops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oversize_and_no_peer_drop, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reentrant_send_is_queued, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_iov_is_gathered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_frame_dropped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_overtaking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_automatic_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
