/* access.h: reading members of the typed option objects (Netdev, ObjectOptions) in backends. */
#ifndef QNET_QAPI_ACCESS_H
#define QNET_QAPI_ACCESS_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The objects come from qapi/netdev.h and qapi/object.h, so members have
 * their schema type: these accessors do not convert, and an absent member
 * gives the default.  NULL objects are allowed and have no members.
 */

/* True when @obj has the member @key. */
bool qapi_has(JsonObject *obj, const char *key);

/* String member @key, or @def.  The string belongs to @obj. */
const char *qapi_get_str(JsonObject *obj, const char *key, const char *def);

/* Boolean member @key, or @def. */
bool qapi_get_bool(JsonObject *obj, const char *key, bool def);

/* Signed integer member @key, or @def. */
int64_t qapi_get_int(JsonObject *obj, const char *key, int64_t def);

/* Unsigned (or size) member @key, or @def; values above INT64_MAX included. */
uint64_t qapi_get_uint(JsonObject *obj, const char *key, uint64_t def);

/* Struct member @key (a stream/dgram SocketAddress), or NULL. */
JsonObject *qapi_get_object(JsonObject *obj, const char *key);

/*
 * A list of String member ([{"str": "a"}, ...], as user's hostfwd) as a
 * NULL-terminated array of copies (g_strfreev()), or NULL when absent.
 */
char **qapi_get_strlist(JsonObject *obj, const char *key);

#endif
