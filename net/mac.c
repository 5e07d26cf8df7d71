/* mac.c: Ethernet MAC addresses: parsing, formatting, QEMU's default allocator. */
#include "net/mac.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t default_prefix[5] = { 0x52, 0x54, 0x00, 0x12, 0x34 };

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/*
 * Six groups of one or two hex digits separated by ':' or '-', as QEMU's
 * "macaddr" property takes them.
 */
bool mac_parse(const char *str, MACAddr *mac, Error **errp)
{
    const char *p = str;

    for (int i = 0; i < 6; i++) {
        int hi = hex_digit(p[0]);
        int lo = hi >= 0 ? hex_digit(p[1]) : -1;
        if (hi < 0 || lo < 0) {
            goto bad;
        }
        mac->a[i] = (uint8_t)(hi << 4 | lo);
        p += 2;
        if (i < 5) {
            if (*p != ':' && *p != '-') {
                goto bad;
            }
            p++;
        }
    }
    if (*p == '\0') {
        return true;
    }
bad:
    error_setg(errp, "invalid syntax for ethernet address");
    return false;
}

static bool parse_offset_form(const char *str, MACAddr *mac)
{
    char *end;
    errno = 0;
    long long v = strtoll(str, &end, 0);
    if (errno || end == str || *end || v < 0 || v > 0xffffff) {
        return false;
    }
    memset(mac, 0, sizeof(*mac));
    mac->a[3] = (uint8_t)(v >> 16);
    mac->a[4] = (uint8_t)(v >> 8);
    mac->a[5] = (uint8_t)v;
    return true;
}

bool mac_parse_legacy(const char *str, MACAddr *mac, Error **errp)
{
    if (parse_offset_form(str, mac)) {
        return true;
    }
    const char *p = str;
    for (int i = 0; i < 6; i++) {
        char *end;
        errno = 0;
        unsigned long v = strtoul(p, &end, 16);
        if (end == p || errno || v > 0xff) {
            break;
        }
        mac->a[i] = (uint8_t)v;
        p = end;
        if (i == 5) {
            if (*p == '\0') {
                return true;
            }
            break;
        }
        if (*p != ':' && *p != '-') {
            break;
        }
        p++;
    }
    error_setg(errp, "invalid syntax for ethernet address");
    return false;
}

void mac_format(const MACAddr *mac, char buf[18])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac->a[0], mac->a[1],
             mac->a[2], mac->a[3], mac->a[4], mac->a[5]);
}

bool mac_is_multicast(const MACAddr *mac)
{
    return mac->a[0] & 1;
}

bool mac_is_zero(const MACAddr *mac)
{
    static const MACAddr zero;
    return memcmp(mac, &zero, sizeof(zero)) == 0;
}

static bool has_default_prefix(const MACAddr *mac)
{
    return memcmp(mac->a, default_prefix, sizeof(default_prefix)) == 0;
}

void mac_table_assign_default(MacTable *t, MACAddr *mac)
{
    if (!mac_is_zero(mac)) {
        return;
    }
    /* When every slot is taken QEMU ends up with 0xff; so do we. */
    unsigned last = 0xff;
    for (unsigned i = MAC_DEFAULT_FIRST; i <= MAC_DEFAULT_LAST; i++) {
        if (t->used[i] == 0) {
            last = i;
            break;
        }
    }
    memcpy(mac->a, default_prefix, sizeof(default_prefix));
    mac->a[5] = (uint8_t)last;
    t->used[last]++;
}

void mac_table_reserve(MacTable *t, const MACAddr *mac)
{
    if (has_default_prefix(mac)) {
        t->used[mac->a[5]]++;
    }
}

void mac_table_release(MacTable *t, const MACAddr *mac)
{
    if (has_default_prefix(mac) && t->used[mac->a[5]] > 0) {
        t->used[mac->a[5]]--;
    }
}
