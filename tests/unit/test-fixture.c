/* test-fixture.c: what unit-test fixtures share: a bare context with its log captured, temporary directories, JSON options, -object creation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test-fixture.h"

#include <stdlib.h>

#include "net/client.h"
#include "net/filter-object.h"
#include "net/hub.h"
#include "qapi/object.h"

static void test_log_capture(void *opaque, QnetLogLevel level,
                             const char *location, const char *message)
{
    g_string_append_printf(opaque, "%s\n", message);
}

void test_context_init(QnetContext *ctx, GString *log)
{
    g_queue_init(&ctx->clients);
    ctx->main_context = g_main_context_new();
    ctx->log = test_log_capture;
    ctx->log_opaque = log;
}

void test_context_clear(QnetContext *ctx)
{
    while (ctx->clients.tail) {
        net_client_free(ctx->clients.tail->data);
    }
    net_hub_free_all(ctx);
    g_main_context_unref(ctx->main_context);
    ctx->main_context = NULL;
}

void test_context_iterate(QnetContext *ctx, int n)
{
    for (int i = 0; i < n; i++) {
        g_main_context_iteration(ctx->main_context, FALSE);
    }
}

char *test_tmpdir_new(const char *tmpl)
{
    char *dir = g_dir_make_tmp(tmpl, NULL);
    assert_non_null(dir);
    return dir;
}

void test_tmpdir_remove(char *dir)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    g_free(dir);
}

JsonObject *test_json_object(const char *json)
{
    g_autoptr(GError) gerr = NULL;
    JsonNode *node = json_from_string(json, &gerr);
    assert_non_null(node);
    JsonObject *obj = json_object_ref(json_node_get_object(node));
    json_node_unref(node);
    return obj;
}

bool test_object_add(QnetContext *ctx, const char *text, Error **errp)
{
    Error *err = NULL;
    JsonObject *obj = qapi_object_from_str(text, NULL, NULL, NULL, &err);
    if (!obj) {
        fail_msg("does not parse: %s: %s", text, error_get_pretty(err));
    }
    bool ok = net_filter_object_add(ctx, obj, errp);
    json_object_unref(obj);
    return ok;
}

void test_object_add_ok(QnetContext *ctx, const char *text)
{
    Error *err = NULL;
    if (!test_object_add(ctx, text, &err)) {
        fail_msg("%s: %s", text, error_get_pretty(err));
    }
}
