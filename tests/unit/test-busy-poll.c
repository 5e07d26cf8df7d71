/* test-busy-poll.c: busy polling of the main loop: frames and timeouts still arrive, and turning it off restores g_poll(). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "net/context.h"
#include "qnet/qnet.h"

typedef struct Reader {
    int fds[2];
    unsigned reads;
} Reader;

static gboolean on_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    Reader *r = opaque;
    char buf[64];
    if (read(fd, buf, sizeof(buf)) > 0) {
        r->reads++;
    }
    return G_SOURCE_CONTINUE;
}

static gboolean on_timeout(gpointer opaque)
{
    (*(unsigned *)opaque)++;
    return G_SOURCE_REMOVE;
}

/*
 * Many short waits (each answered at once) grow the polling window; every
 * write is still seen, and a timer with no fd activity still fires (the
 * wait ends in a blocking poll after the window).
 */
static void test_events_arrive_while_polling(void **state)
{
    GMainContext *mc = g_main_context_new();
    QnetContext *ctx = qnet_context_new(mc);
    Reader r = { 0 };
    unsigned fired = 0;

    qnet_set_busy_poll(ctx, 50);
    assert_ptr_not_equal(g_main_context_get_poll_func(mc), g_poll);
    assert_int_equal(pipe(r.fds), 0);
    GSource *src = g_unix_fd_source_new(r.fds[0], G_IO_IN);
    g_source_set_callback(src, G_SOURCE_FUNC(on_readable), &r, NULL);
    g_source_attach(src, mc);

    for (unsigned i = 1; i <= 200; i++) {
        assert_int_equal(write(r.fds[1], "x", 1), 1);
        while (r.reads < i) {
            g_main_context_iteration(mc, TRUE);   /* the fd is readable */
        }
    }
    GSource *t = g_timeout_source_new(1);
    g_source_set_callback(t, on_timeout, &fired, NULL);
    g_source_attach(t, mc);
    g_source_unref(t);
    while (!fired) {
        g_main_context_iteration(mc, TRUE);       /* the timer ends it */
    }
    assert_int_equal(r.reads, 200);

    g_source_destroy(src);
    g_source_unref(src);
    close(r.fds[0]);
    close(r.fds[1]);
    qnet_context_free(ctx);
    /* Freeing the context turned polling off. */
    assert_ptr_equal(g_main_context_get_poll_func(mc), g_poll);
    g_main_context_unref(mc);
}

static void test_off_restores_g_poll(void **state)
{
    GMainContext *mc = g_main_context_new();
    QnetContext *ctx = qnet_context_new(mc);

    qnet_set_busy_poll(ctx, 0);     /* never on: leaves the context alone */
    assert_ptr_equal(g_main_context_get_poll_func(mc), g_poll);
    qnet_set_busy_poll(ctx, 32);
    qnet_set_busy_poll(ctx, 64);    /* a new setting replaces the old */
    assert_ptr_not_equal(g_main_context_get_poll_func(mc), g_poll);
    qnet_set_busy_poll(ctx, 0);
    assert_ptr_equal(g_main_context_get_poll_func(mc), g_poll);

    qnet_context_free(ctx);
    g_main_context_unref(mc);
}

/* Two contexts: each has its own setting; one turned off leaves the other. */
static void test_two_contexts(void **state)
{
    GMainContext *m1 = g_main_context_new(), *m2 = g_main_context_new();
    QnetContext *c1 = qnet_context_new(m1), *c2 = qnet_context_new(m2);

    qnet_set_busy_poll(c1, 32);
    qnet_set_busy_poll(c2, 32);
    qnet_set_busy_poll(c1, 0);
    assert_ptr_equal(g_main_context_get_poll_func(m1), g_poll);
    assert_ptr_not_equal(g_main_context_get_poll_func(m2), g_poll);
    /* An iteration with nothing to do returns at once either way. */
    assert_false(g_main_context_iteration(m2, FALSE));

    qnet_context_free(c1);
    qnet_context_free(c2);
    g_main_context_unref(m1);
    g_main_context_unref(m2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_arrive_while_polling),
        cmocka_unit_test(test_off_restores_g_poll),
        cmocka_unit_test(test_two_contexts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
