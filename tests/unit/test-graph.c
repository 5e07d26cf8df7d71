/* test-graph.c: building graphs through the public API, as an embedder does. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "qnet/qnet.h"

typedef struct Option {
    const char *name;
    const char *arg;
} Option;

typedef struct GraphRow {
    const char *what;
    Option options[6];
    const char *info_network;   /* expected `info network`, or NULL */
    const char *warnings;       /* expected log lines */
    const char *error;          /* expected error of add/realize, or NULL */
} GraphRow;

/* Expected texts are those of qemu-system-x86_64 7.2 on the same options. */
static const GraphRow rows[] = {
    { "netdev and device",
      { { "netdev", "hubport,id=h0,hubid=3" }, { "device", "e1000,netdev=h0" },
        { "nodefaults", NULL } },
      "hub 3\n \\ h0: e1000.0: index=0,type=nic,model=e1000,"
      "macaddr=52:54:00:12:34:56\n",
      "hub 3 is not connected to host network\n", NULL },
    { "user netdev peered with a NIC",
      { { "netdev", "user,id=u0" }, { "device", "rtl8139,netdev=u0,mac=52:54:00:12:34:99" },
        { "nodefaults", NULL } },
      "rtl8139.0: index=0,type=nic,model=rtl8139,macaddr=52:54:00:12:34:99\n"
      " \\ u0: index=0,type=user,net=10.0.2.0,restrict=off\n", "", NULL },
    { "unpeered netdev warns",
      { { "netdev", "user,id=n0" }, { "nodefaults", NULL } },
      "n0: index=0,type=user,net=10.0.2.0,restrict=off\n",
      "netdev n0 has no peer\n", NULL },
    { "two hubs, newest first",
      { { "netdev", "hubport,id=a,hubid=1" }, { "netdev", "hubport,id=b,hubid=2" },
        { "nodefaults", NULL } },
      "hub 2\n \\ b\nhub 1\n \\ a\n",
      "hub port b has no peer\nhub port a has no peer\n"
      "netdev a has no peer\nnetdev b has no peer\n", NULL },
    { "syntax error",
      { { "netdev", "user,id=a,bogus=1" } },
      NULL, "", "-netdev user,id=a,bogus=1: Invalid parameter 'bogus'" },
    { "duplicate id",
      { { "netdev", "user,id=a" }, { "netdev", "user,id=a" } },
      NULL, "", "-netdev user,id=a: Duplicate ID 'a' for netdev" },
    { "unknown netdev for a device",
      { { "device", "e1000,netdev=nope" }, { "nodefaults", NULL } },
      NULL, "",
      "-device e1000,netdev=nope: Property 'e1000.netdev' can't find value "
      "'nope'" },
};

static GString *log_text;

static void capture(void *opaque, QnetLogLevel level, const char *location,
                    const char *message)
{
    g_string_append_printf(log_text, "%s\n", message);
}

static void run_row(const GraphRow *row)
{
    QnetContext *ctx = qnet_context_new(NULL);
    QnetError *err = NULL;
    bool ok = true;

    log_text = g_string_new(NULL);
    qnet_set_log_handler(ctx, capture, NULL);
    for (const Option *o = row->options; o->name && ok; o++) {
        ok = qnet_add_option(ctx, o->name, o->arg, &err);
    }
    ok = ok && qnet_realize(ctx, &err);
    if (row->error) {
        assert_false(ok);
        assert_string_equal(qnet_error_message(err), row->error);
        qnet_error_free(err);
    } else {
        if (!ok) {
            fail_msg("%s: %s", row->what, qnet_error_message(err));
        }
        char *info = qnet_hmp_command(ctx, "info network");
        assert_string_equal(info, row->info_network);
        g_free(info);
        assert_string_equal(log_text->str, row->warnings);
    }
    g_string_free(log_text, TRUE);
    qnet_context_free(ctx);
}

static void test_rows(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        run_row(&rows[i]);
    }
}

static void test_default_network(void **state)
{
    QnetContext *ctx = qnet_context_new(NULL);
    assert_true(qnet_realize(ctx, NULL));
    char *info = qnet_hmp_command(ctx, "info network");
    /* -net nic -net user on hub 0, the user port newest. */
    assert_non_null(strstr(info, "hub 0\n \\ hub0port1: #net1"));
    assert_non_null(strstr(info, ": index=0,type=user,net=10.0.2.0,"
                                 "restrict=off\n \\ hub0port0: e1000.0: "
                                 "index=0,type=nic,model=e1000,"
                                 "macaddr=52:54:00:12:34:56\n"));
    g_free(info);
    qnet_context_free(ctx);
}

static void test_hmp_through_api(void **state)
{
    QnetContext *ctx = qnet_context_new(NULL);
    assert_true(qnet_add_option(ctx, "nodefaults", NULL, NULL));
    assert_true(qnet_realize(ctx, NULL));
    char *out = qnet_hmp_command(ctx, "netdev_add hubport,id=h,hubid=5");
    assert_string_equal(out, "");
    g_free(out);
    out = qnet_hmp_command(ctx, "info network");
    assert_string_equal(out, "hub 5\n \\ h\n");
    g_free(out);
    out = qnet_hmp_command(ctx, "set_link nope on");
    assert_string_equal(out, "Error: Device 'nope' not found\n");
    g_free(out);
    qnet_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_default_network),
        cmocka_unit_test(test_hmp_through_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
