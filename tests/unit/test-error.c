/* test-error.c: Error objects: set, prepend, hints, propagate, classes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>

#include "util/error.h"

static void test_set_and_prepend(void **state)
{
    Error *err = NULL;
    error_setg(&err, "Invalid parameter '%s'", "bogus");
    error_prepend(&err, "%s: ", "-netdev user,id=a,bogus=1");
    assert_string_equal(error_get_pretty(err),
                        "-netdev user,id=a,bogus=1: Invalid parameter 'bogus'");
    assert_string_equal(error_get_hint(err), "");
    assert_int_equal(error_get_class(err), ERROR_CLASS_GENERIC_ERROR);
    error_free(err);
}

static void test_hint_and_errno(void **state)
{
    Error *err = NULL;
    error_setg_errno(&err, ENOENT, "net dump: can't open %s", "/x");
    error_append_hint(&err, "line %d\n", 2);
    assert_string_equal(error_get_pretty(err),
                        "net dump: can't open /x: No such file or directory");
    assert_string_equal(error_get_hint(err), "line 2\n");
    Error *copy = error_copy(err);
    error_free(err);
    assert_string_equal(error_get_hint(copy), "line 2\n");
    error_free(copy);
}

static void test_null_errp_and_propagate(void **state)
{
    error_setg(NULL, "ignored");
    error_prepend(NULL, "x");
    Error *first = NULL, *local = NULL;
    error_set(&local, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
              "u0");
    error_propagate(&first, local);
    assert_string_equal(error_class_name(error_get_class(first)),
                        "DeviceNotFound");
    Error *second = NULL;
    error_setg(&second, "later");
    error_propagate(&first, second);   /* the first error wins */
    assert_string_equal(error_get_pretty(first), "Device 'u0' not found");
    error_free(first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_and_prepend),
        cmocka_unit_test(test_hint_and_errno),
        cmocka_unit_test(test_null_errp_and_propagate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
