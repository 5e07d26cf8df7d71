/* test-mac.c: MAC parsing (device and legacy forms) and QEMU's default allocator. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "net/mac.h"

typedef struct MacRow {
    const char *text;
    bool legacy;
    const char *expect;   /* formatted result, or NULL for an error */
} MacRow;

/* Expected values observed with qemu-system-x86_64 7.2 (-device / -nic). */
static const MacRow rows[] = {
    { "52:54:00:12:34:56", false, "52:54:00:12:34:56" },
    { "52-54-00-12-34-99", false, "52:54:00:12:34:99" },
    { "AA:BB:CC:DD:EE:FF", false, "aa:bb:cc:dd:ee:ff" },
    { "52:54:0:12:34:5", false, NULL },
    { "52:54:00:12:34:5G", false, NULL },
    { "52:54:00:12:34:56:", false, NULL },
    { "52:54:00:12:34", false, NULL },
    { "", false, NULL },
    { "52:54:0:12:34:5", true, "52:54:00:12:34:05" },
    { "52-54-00-12-34-99", true, "52:54:00:12:34:99" },
    { "0x10", true, "00:00:00:00:00:10" },
    { "5", true, "00:00:00:00:00:05" },
    { "1:2:3:4:5:6:7", true, NULL },
    { "zz", true, NULL },
    { "1:2:3:4:5", true, NULL },
};

static void test_parse_table(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        const MacRow *r = &rows[i];
        MACAddr mac = { { 0 } };
        Error *err = NULL;
        bool ok = r->legacy ? mac_parse_legacy(r->text, &mac, &err)
                            : mac_parse(r->text, &mac, &err);
        if (r->expect) {
            char buf[18];
            assert_true(ok);
            mac_format(&mac, buf);
            assert_string_equal(buf, r->expect);
        } else {
            assert_false(ok);
            assert_string_equal(error_get_pretty(err),
                                "invalid syntax for ethernet address");
            error_free(err);
        }
    }
}

static void test_default_allocation_sequence(void **state)
{
    /* QEMU: mac=..:57, default, default, mac=..:56 gives 57, 56, 58, 56. */
    MacTable t = { { 0 } };
    MACAddr explicit57, a = { { 0 } }, b = { { 0 } }, explicit56;
    mac_parse("52:54:00:12:34:57", &explicit57, NULL);
    mac_parse("52:54:00:12:34:56", &explicit56, NULL);
    mac_table_reserve(&t, &explicit57);
    mac_table_assign_default(&t, &a);
    mac_table_assign_default(&t, &b);
    mac_table_reserve(&t, &explicit56);
    assert_int_equal(a.a[5], 0x56);
    assert_int_equal(b.a[5], 0x58);
    mac_table_release(&t, &a);
    mac_table_release(&t, &explicit56);
    MACAddr c = { { 0 } };
    mac_table_assign_default(&t, &c);
    assert_int_equal(c.a[5], 0x56);
}

static void test_multicast_and_zero(void **state)
{
    MACAddr m;
    mac_parse("01:00:5e:00:00:01", &m, NULL);
    assert_true(mac_is_multicast(&m));
    MACAddr z = { { 0 } };
    assert_true(mac_is_zero(&z));
    assert_false(mac_is_zero(&m));
}

static void test_exhaustion_gives_ff(void **state)
{
    MacTable t = { { 0 } };
    for (int i = MAC_DEFAULT_FIRST; i <= MAC_DEFAULT_LAST; i++) {
        MACAddr m = { { 0 } };
        mac_table_assign_default(&t, &m);
        assert_int_equal(m.a[5], i);
    }
    MACAddr last = { { 0 } };
    mac_table_assign_default(&t, &last);
    assert_int_equal(last.a[5], 0xff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_default_allocation_sequence),
        cmocka_unit_test(test_multicast_and_zero),
        cmocka_unit_test(test_exhaustion_gives_ff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
