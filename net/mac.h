/* mac.h: Ethernet MAC addresses: parsing, formatting, QEMU's default allocator. */
#ifndef QNET_NET_MAC_H
#define QNET_NET_MAC_H

#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

typedef struct MACAddr {
    uint8_t a[6];
} MACAddr;

/* QEMU's default prefix 52:54:00:12:34 and the range of its last byte. */
#define MAC_DEFAULT_FIRST 0x56
#define MAC_DEFAULT_LAST 0xfe

/*
 * The table of default last bytes in use (one per context), as QEMU keeps
 * it: explicit MACs with the default prefix mark their byte used too.
 */
typedef struct MacTable {
    uint16_t used[256];
} MacTable;

/*
 * Parses "xx:xx:xx:xx:xx:xx" (or with '-') into @mac.  Error: "invalid
 * syntax for ethernet address".
 */
bool mac_parse(const char *str, MACAddr *mac, Error **errp);

/*
 * Parses a MAC as -net nic,macaddr= and -nic mac= take it: six groups of
 * hex digits of any width up to 0xff, or one number up to 0xffffff that sets
 * the last three bytes (the first three stay 0).  Same error as mac_parse().
 */
bool mac_parse_legacy(const char *str, MACAddr *mac, Error **errp);

/* Formats @mac as lower-case "xx:xx:xx:xx:xx:xx" into @buf (18 bytes). */
void mac_format(const MACAddr *mac, char buf[18]);

bool mac_is_multicast(const MACAddr *mac);
bool mac_is_zero(const MACAddr *mac);

/* Gives @mac the lowest unused default address if it is all zero. */
void mac_table_assign_default(MacTable *t, MACAddr *mac);

/* Marks an explicit MAC's last byte used (if it has the default prefix). */
void mac_table_reserve(MacTable *t, const MACAddr *mac);

/* Releases a MAC's last byte (if it has the default prefix). */
void mac_table_release(MacTable *t, const MACAddr *mac);

#endif
