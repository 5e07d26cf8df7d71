/* test-hub-fdb.c: the learning hub's address table against a plain model, incl. removal inside probe runs and ageing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "net/hub-fdb.h"

/* Ports are small integers cast to pointers; 0 would mean "not found". */
#define PORT(n) GINT_TO_POINTER((n) + 1)

static void mac_of(uint32_t n, uint8_t mac[6])
{
    mac[0] = 0x02;
    mac[1] = 0;
    mac[2] = n >> 24;
    mac[3] = n >> 16;
    mac[4] = n >> 8;
    mac[5] = n;
}

static void test_learn_lookup_and_group_addresses(void **state)
{
    NetHubFdb *fdb = net_hub_fdb_new();
    uint8_t mac[6], bcast[6], zero[6] = { 0 };
    memset(bcast, 0xff, 6);
    mac_of(7, mac);

    assert_null(net_hub_fdb_lookup(fdb, mac));
    assert_true(net_hub_fdb_learn(fdb, mac, PORT(1)));
    assert_ptr_equal(net_hub_fdb_lookup(fdb, mac), PORT(1));
    assert_true(net_hub_fdb_learn(fdb, mac, PORT(2)));
    assert_ptr_equal(net_hub_fdb_lookup(fdb, mac), PORT(2));
    /* Group and zero addresses are never learned. */
    assert_true(net_hub_fdb_learn(fdb, bcast, PORT(1)));
    assert_true(net_hub_fdb_learn(fdb, zero, PORT(1)));
    assert_null(net_hub_fdb_lookup(fdb, bcast));
    assert_null(net_hub_fdb_lookup(fdb, zero));
    assert_int_equal(net_hub_fdb_count(fdb), 1);
    net_hub_fdb_free(fdb);
}

static void test_full_table_stops_learning(void **state)
{
    NetHubFdb *fdb = net_hub_fdb_new();
    uint8_t mac[6];
    for (uint32_t i = 0; i < NET_HUB_FDB_CAPACITY; i++) {
        mac_of(i, mac);
        assert_true(net_hub_fdb_learn(fdb, mac, PORT(i % 5)));
    }
    mac_of(NET_HUB_FDB_CAPACITY, mac);
    assert_false(net_hub_fdb_learn(fdb, mac, PORT(0)));
    assert_null(net_hub_fdb_lookup(fdb, mac));
    /* Known stations still move. */
    mac_of(3, mac);
    assert_true(net_hub_fdb_learn(fdb, mac, PORT(4)));
    assert_ptr_equal(net_hub_fdb_lookup(fdb, mac), PORT(4));
    net_hub_fdb_free(fdb);
}

/*
 * Random learning, port removal and ageing, checked against a GHashTable
 * after every step.  Dense keys crowd the probe runs, so removals move
 * entries back, also across the table's end.
 */
static void test_against_model(void **state)
{
    NetHubFdb *fdb = net_hub_fdb_new();
    GHashTable *model = g_hash_table_new(NULL, NULL);   /* station -> port */
    GHashTable *seen = g_hash_table_new(NULL, NULL);    /* station -> tick */
    GRand *rand = g_rand_new_with_seed(42);
    unsigned tick = 0;
    const unsigned ageing = 3;

    for (int step = 0; step < 60000; step++) {
        int op = g_rand_int_range(rand, 0, 1000);
        if (op < 990) {
            uint32_t n = g_rand_int_range(rand, 1, 3000);
            int port = g_rand_int_range(rand, 0, 8);
            uint8_t mac[6];
            mac_of(n, mac);
            assert_true(net_hub_fdb_learn(fdb, mac, PORT(port)));
            g_hash_table_insert(model, GUINT_TO_POINTER(n), PORT(port));
            g_hash_table_insert(seen, GUINT_TO_POINTER(n),
                                GUINT_TO_POINTER(tick));
        } else if (op < 995) {
            gpointer port = PORT(g_rand_int_range(rand, 0, 8));
            net_hub_fdb_forget_port(fdb, port);
            GHashTableIter it;
            gpointer k, v;
            g_hash_table_iter_init(&it, model);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                if (v == port) {
                    g_hash_table_remove(seen, k);
                    g_hash_table_iter_remove(&it);
                }
            }
        } else {
            tick++;
            net_hub_fdb_tick(fdb, ageing);
            GHashTableIter it;
            gpointer k, v;
            g_hash_table_iter_init(&it, seen);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                if (tick - GPOINTER_TO_UINT(v) > ageing) {
                    g_hash_table_remove(model, k);
                    g_hash_table_iter_remove(&it);
                }
            }
        }
        if (step % 97 == 0 || op >= 990) {
            assert_int_equal(net_hub_fdb_count(fdb), g_hash_table_size(model));
            for (uint32_t n = 1; n < 3000; n++) {
                uint8_t mac[6];
                mac_of(n, mac);
                assert_ptr_equal(net_hub_fdb_lookup(fdb, mac),
                                 g_hash_table_lookup(model,
                                                     GUINT_TO_POINTER(n)));
            }
        }
    }
    g_rand_free(rand);
    g_hash_table_destroy(seen);
    g_hash_table_destroy(model);
    net_hub_fdb_free(fdb);
}

static void count_entry(const uint8_t mac[6], void *port, unsigned age,
                        void *opaque)
{
    (*(unsigned *)opaque)++;
    assert_true(age <= 2);
}

static void test_ageing_and_foreach(void **state)
{
    NetHubFdb *fdb = net_hub_fdb_new();
    uint8_t a[6], b[6];
    mac_of(1, a);
    mac_of(2, b);
    net_hub_fdb_learn(fdb, a, PORT(0));
    net_hub_fdb_learn(fdb, b, PORT(1));
    assert_int_equal(net_hub_fdb_tick(fdb, 2), 2);
    net_hub_fdb_learn(fdb, b, PORT(1));          /* b seen again */
    assert_int_equal(net_hub_fdb_tick(fdb, 2), 2);
    unsigned n = 0;
    net_hub_fdb_foreach(fdb, count_entry, &n);
    assert_int_equal(n, 2);
    assert_int_equal(net_hub_fdb_tick(fdb, 2), 1);  /* a: 3 s unseen */
    assert_null(net_hub_fdb_lookup(fdb, a));
    assert_ptr_equal(net_hub_fdb_lookup(fdb, b), PORT(1));
    net_hub_fdb_clear(fdb);
    assert_int_equal(net_hub_fdb_count(fdb), 0);
    net_hub_fdb_free(fdb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learn_lookup_and_group_addresses),
        cmocka_unit_test(test_full_table_stops_learning),
        cmocka_unit_test(test_against_model),
        cmocka_unit_test(test_ageing_and_foreach),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
