/* test-socket-source.c: socket sources: work kicked during a dispatch runs in the same main-loop iteration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "net/context.h"
#include "net/socket-source.h"
#include "qnet/qnet.h"

typedef struct Side {
    SocketSource *src;
    int fd;                  /* our end of a socketpair */
    int peer_fd;             /* the other end, written by the test */
    unsigned calls;
    GIOCondition last_revents;
    struct Side *kick;       /* kicked by our function, or NULL */
    bool kick_self_once;
    bool free_kicked;        /* frees kick->src instead of running it */
} Side;

static void side_func(void *opaque, GIOCondition revents)
{
    Side *s = opaque;
    char buf[16];

    s->calls++;
    s->last_revents = revents;
    if (revents & G_IO_IN) {
        g_assert_cmpint(read(s->fd, buf, sizeof(buf)), >, 0);
    }
    if (s->kick) {
        socket_source_kick(s->kick->src);
        if (s->free_kicked) {
            socket_source_free(s->kick->src);
            s->kick->src = NULL;
        }
    }
    if (s->kick_self_once) {
        s->kick_self_once = false;
        socket_source_kick(s->src);
    }
}

static void side_init(Side *s, QnetContext *ctx)
{
    int sv[2];
    memset(s, 0, sizeof(*s));
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv),
                     0);
    s->fd = sv[0];
    s->peer_fd = sv[1];
    s->src = socket_source_new(ctx, side_func, s);
    socket_source_set_fd(s->src, s->fd, G_IO_IN);
}

static void side_destroy(Side *s)
{
    socket_source_free(s->src);
    close(s->fd);
    close(s->peer_fd);
}

/* Drains whatever is pending without blocking. */
static void run_pending(QnetContext *ctx)
{
    while (g_main_context_iteration(ctx->main_context, FALSE)) {
    }
}

/* A kick from inside another socket source's dispatch: same iteration. */
static void test_kick_runs_after_dispatch(void **state)
{
    QnetContext *ctx = qnet_context_new(NULL);
    Side a, b;
    side_init(&a, ctx);
    side_init(&b, ctx);
    run_pending(ctx);
    a.kick = &b;

    assert_int_equal(write(a.peer_fd, "x", 1), 1);
    /* One blocking iteration: a is readable, so it does not block. */
    g_main_context_iteration(ctx->main_context, TRUE);
    assert_int_equal(a.calls, 1);
    assert_int_equal(b.calls, 1);
    assert_int_equal(b.last_revents, 0);
    /* Nothing left for the next iteration. */
    assert_false(g_main_context_iteration(ctx->main_context, FALSE));

    side_destroy(&a);
    side_destroy(&b);
    qnet_context_free(ctx);
}

/* A kick from outside any dispatch waits for the main loop, as before. */
static void test_kick_outside_dispatch(void **state)
{
    QnetContext *ctx = qnet_context_new(NULL);
    Side a;
    side_init(&a, ctx);
    run_pending(ctx);

    socket_source_kick(a.src);
    assert_int_equal(a.calls, 0);
    assert_true(g_main_context_iteration(ctx->main_context, FALSE));
    assert_int_equal(a.calls, 1);

    side_destroy(&a);
    qnet_context_free(ctx);
}

/* A source that kicks itself runs again right after, once. */
static void test_self_kick(void **state)
{
    QnetContext *ctx = qnet_context_new(NULL);
    Side a;
    side_init(&a, ctx);
    run_pending(ctx);
    a.kick_self_once = true;

    assert_int_equal(write(a.peer_fd, "x", 1), 1);
    g_main_context_iteration(ctx->main_context, TRUE);
    assert_int_equal(a.calls, 2);
    assert_int_equal(a.last_revents, 0);

    side_destroy(&a);
    qnet_context_free(ctx);
}

/* A kicked source freed before the dispatch ends is not run. */
static void test_kicked_then_freed(void **state)
{
    QnetContext *ctx = qnet_context_new(NULL);
    Side a, b;
    side_init(&a, ctx);
    side_init(&b, ctx);
    run_pending(ctx);
    a.kick = &b;
    a.free_kicked = true;

    assert_int_equal(write(a.peer_fd, "x", 1), 1);
    g_main_context_iteration(ctx->main_context, TRUE);
    assert_int_equal(a.calls, 1);
    assert_int_equal(b.calls, 0);
    assert_null(b.src);

    side_destroy(&a);
    side_destroy(&b);
    qnet_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kick_runs_after_dispatch),
        cmocka_unit_test(test_kick_outside_dispatch),
        cmocka_unit_test(test_self_kick),
        cmocka_unit_test(test_kicked_then_freed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
