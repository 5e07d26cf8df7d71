/* hub-fdb.c: a learning hub's forwarding database: open addressing with linear probing, no allocation after creation. */
#include "net/hub-fdb.h"

#include <glib.h>
#include <string.h>

/* Three quarters full at most, so probe runs stay short. */
#define FDB_SLOTS (NET_HUB_FDB_CAPACITY * 4 / 3 + 1)
#define FDB_TABLE_SIZE 8192   /* power of two >= FDB_SLOTS */

G_STATIC_ASSERT(FDB_TABLE_SIZE >= FDB_SLOTS);

typedef struct FdbEntry {
    uint64_t key;        /* the 48-bit address + 1; 0 marks a free slot */
    void *port;
    uint32_t seen_tick;  /* fdb->tick when last seen */
} FdbEntry;

struct NetHubFdb {
    FdbEntry slots[FDB_TABLE_SIZE];
    unsigned count;
    uint32_t tick;       /* seconds since creation, advanced by net_hub_fdb_tick() */
};

static uint64_t mac_key(const uint8_t mac[6])
{
    uint64_t v = 0;
    for (int i = 0; i < 6; i++) {
        v = (v << 8) | mac[i];
    }
    return v + 1;
}

static void key_to_mac(uint64_t key, uint8_t mac[6])
{
    uint64_t v = key - 1;
    for (int i = 5; i >= 0; i--) {
        mac[i] = v & 0xff;
        v >>= 8;
    }
}

static unsigned slot_of(uint64_t key)
{
    /* Fibonacci hashing: the top bits of a multiplication by 2^64/phi. */
    return (unsigned)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 51) &
           (FDB_TABLE_SIZE - 1);
}

static unsigned next_slot(unsigned i)
{
    return (i + 1) & (FDB_TABLE_SIZE - 1);
}

NetHubFdb *net_hub_fdb_new(void)
{
    return g_new0(NetHubFdb, 1);
}

void net_hub_fdb_free(NetHubFdb *fdb)
{
    g_free(fdb);
}

static FdbEntry *find(const NetHubFdb *fdb, uint64_t key)
{
    for (unsigned i = slot_of(key);; i = next_slot(i)) {
        const FdbEntry *e = &fdb->slots[i];
        if (e->key == key) {
            return (FdbEntry *)e;
        }
        if (e->key == 0) {
            return NULL;
        }
    }
}

bool net_hub_fdb_learn(NetHubFdb *fdb, const uint8_t mac[6], void *port)
{
    static const uint8_t zero[6];

    if ((mac[0] & 1) || memcmp(mac, zero, 6) == 0) {
        return true;
    }
    uint64_t key = mac_key(mac);
    unsigned i = slot_of(key);
    for (; fdb->slots[i].key != 0; i = next_slot(i)) {
        if (fdb->slots[i].key == key) {
            fdb->slots[i].port = port;
            fdb->slots[i].seen_tick = fdb->tick;
            return true;
        }
    }
    if (fdb->count >= NET_HUB_FDB_CAPACITY) {
        return false;
    }
    fdb->slots[i] = (FdbEntry){ key, port, fdb->tick };
    fdb->count++;
    return true;
}

void *net_hub_fdb_lookup(const NetHubFdb *fdb, const uint8_t mac[6])
{
    if (mac[0] & 1) {
        return NULL;
    }
    const FdbEntry *e = find(fdb, mac_key(mac));
    return e ? e->port : NULL;
}

/*
 * Deletes the entry in slot @hole and closes the gap by moving later
 * entries of the probe run back (Knuth, TAOCP vol. 3, 6.4, Algorithm R),
 * so lookups never need tombstones.
 */
static void remove_slot(NetHubFdb *fdb, unsigned hole)
{
    unsigned i = hole;
    fdb->slots[hole].key = 0;
    fdb->count--;
    for (;;) {
        i = next_slot(i);
        if (fdb->slots[i].key == 0) {
            return;
        }
        unsigned home = slot_of(fdb->slots[i].key);
        /* Move the entry back unless its home lies cyclically in (hole, i]. */
        bool stays = hole <= i ? (hole < home && home <= i)
                               : (hole < home || home <= i);
        if (!stays) {
            fdb->slots[hole] = fdb->slots[i];
            fdb->slots[i].key = 0;
            hole = i;
        }
    }
}

/*
 * Removes every entry @drop selects.  A removal moves later entries of the
 * run back into the hole, so the same slot is looked at again; entries
 * only ever move into slots not yet passed or into ones already kept.
 */
static void remove_where(NetHubFdb *fdb,
                         bool (*drop)(const NetHubFdb *, const FdbEntry *,
                                      const void *),
                         const void *arg)
{
    for (unsigned i = 0; i < FDB_TABLE_SIZE; i++) {
        while (fdb->slots[i].key != 0 && drop(fdb, &fdb->slots[i], arg)) {
            remove_slot(fdb, i);
        }
    }
}

static bool on_port(const NetHubFdb *fdb, const FdbEntry *e, const void *port)
{
    return e->port == port;
}

void net_hub_fdb_forget_port(NetHubFdb *fdb, void *port)
{
    remove_where(fdb, on_port, port);
}

void net_hub_fdb_clear(NetHubFdb *fdb)
{
    memset(fdb->slots, 0, sizeof(fdb->slots));
    fdb->count = 0;
}

static bool too_old(const NetHubFdb *fdb, const FdbEntry *e,
                    const void *ageing)
{
    return fdb->tick - e->seen_tick > *(const unsigned *)ageing;
}

unsigned net_hub_fdb_tick(NetHubFdb *fdb, unsigned ageing_seconds)
{
    fdb->tick++;
    remove_where(fdb, too_old, &ageing_seconds);
    return fdb->count;
}

unsigned net_hub_fdb_count(const NetHubFdb *fdb)
{
    return fdb->count;
}

void net_hub_fdb_foreach(const NetHubFdb *fdb, NetHubFdbFunc *fn,
                         void *opaque)
{
    for (unsigned i = 0; i < FDB_TABLE_SIZE; i++) {
        const FdbEntry *e = &fdb->slots[i];
        if (e->key != 0) {
            uint8_t mac[6];
            key_to_mac(e->key, mac);
            fn(mac, e->port, fdb->tick - e->seen_tick, opaque);
        }
    }
}
