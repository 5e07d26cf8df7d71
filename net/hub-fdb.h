/* hub-fdb.h: a learning hub's forwarding database: which port each station address was last seen on. */
#ifndef QNET_NET_HUB_FDB_H
#define QNET_NET_HUB_FDB_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A fixed-size table, allocated once: learning and lookups never allocate,
 * so a learning hub keeps the forwarding path free of heap traffic.  When
 * the table is full, new stations are not learned and frames to them are
 * flooded, which is always correct (IEEE 802.1D-2004 7.7 lets a bridge
 * flood any frame whose destination it has no entry for).
 */
#define NET_HUB_FDB_CAPACITY 4096

typedef struct NetHubFdb NetHubFdb;

/* What net_hub_fdb_foreach() calls for each entry. */
typedef void NetHubFdbFunc(const uint8_t mac[6], void *port,
                           unsigned age_seconds, void *opaque);

NetHubFdb *net_hub_fdb_new(void);
void net_hub_fdb_free(NetHubFdb *fdb);

/*
 * Records that @mac was seen on @port now.  Group addresses and the zero
 * address are never learned.  Returns false when the table is full and
 * @mac was not in it.
 */
bool net_hub_fdb_learn(NetHubFdb *fdb, const uint8_t mac[6], void *port);

/* The port @mac was last seen on, or NULL. */
void *net_hub_fdb_lookup(const NetHubFdb *fdb, const uint8_t mac[6]);

/* Forgets every station on @port (the port is going away). */
void net_hub_fdb_forget_port(NetHubFdb *fdb, void *port);

/* Forgets everything. */
void net_hub_fdb_clear(NetHubFdb *fdb);

/*
 * One second has passed: forgets stations not seen for more than
 * @ageing_seconds.  Returns how many entries are left.
 */
unsigned net_hub_fdb_tick(NetHubFdb *fdb, unsigned ageing_seconds);

unsigned net_hub_fdb_count(const NetHubFdb *fdb);

/* Calls @fn for every entry, in table order. */
void net_hub_fdb_foreach(const NetHubFdb *fdb, NetHubFdbFunc *fn,
                         void *opaque);

#endif
