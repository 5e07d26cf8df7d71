/* test-fixture.h: what unit-test fixtures share: a bare context with its log captured, temporary directories, JSON options, -object creation. */
#ifndef QNET_TESTS_UNIT_TEST_FIXTURE_H
#define QNET_TESTS_UNIT_TEST_FIXTURE_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "net/context.h"
#include "util/error.h"

/*
 * Prepares the zeroed @ctx for a test without the program's set-up: an
 * empty client list, a new main context, and each logged message appended
 * to @log with a newline.
 */
void test_context_init(QnetContext *ctx, GString *log);

/* Frees @ctx's clients and hubs and drops its main context. */
void test_context_clear(QnetContext *ctx);

/* Runs @n non-blocking iterations of @ctx's main context. */
void test_context_iterate(QnetContext *ctx, int n);

/* A new private directory from g_dir_make_tmp(@tmpl) (asserted). */
char *test_tmpdir_new(const char *tmpl);

/* Removes @dir and everything in it, then frees the string. */
void test_tmpdir_remove(char *dir);

/* The JSON object text @json as a new JsonObject (asserted). */
JsonObject *test_json_object(const char *json);

/*
 * Creates the -object described by HMP object_add text @text in @ctx
 * (text that does not parse fails the test).  Returns false with @errp
 * set when the object is refused.
 */
bool test_object_add(QnetContext *ctx, const char *text, Error **errp);

/* test_object_add() that fails the test when the object is refused. */
void test_object_add_ok(QnetContext *ctx, const char *text);

#endif
