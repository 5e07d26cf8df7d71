/* filter-object.h: user-creatable objects (-object, object_add, object-add): filters and their id registry. */
#ifndef QNET_NET_FILTER_OBJECT_H
#define QNET_NET_FILTER_OBJECT_H

#include <json-glib/json-glib.h>

#include "net/filter.h"

typedef struct ChardevRegistry ChardevRegistry;

/*
 * The objects live in one registry per context (ctx->filters): ids are
 * unique across every object, as in QEMU's /objects container.  Besides
 * the filters, "iothread" objects are accepted and only hold their id
 * (qnet runs everything on the context's main loop); colo-compare is
 * refused.  filter-mirror and filter-redirector find their chardevs in
 * net_filter_chardevs().
 */

/*
 * Creates the object described by @props, a typed ObjectOptions object
 * from qapi/object.h ({"qom-type", "id", "netdev", "queue", "status",
 * "position", "insert", <type properties>}).  Checks run in QEMU 7.2's
 * order, with its words:
 *   1. the id ("Parameter 'id' expects an identifier" + hint);
 *   2. the properties: "Invalid value for netfilter status, should be
 *      'on' or 'off'", "Property 'filter-buffer.interval' requires a
 *      positive value", "Property 'filter-dump.maxlen' doesn't take value
 *      '0'";
 *   3. the id's uniqueness: "attempt to add duplicate property 'f0' to
 *      object (type 'container')";
 *   4. the netdev: "Parameter 'netdev' expects a network backend id"
 *      (none, or a NIC), "multiqueue is not supported", "Vhost is not
 *      supported";
 *   5. the position: "Parameter 'position' expects 'head', 'tail' or
 *      'id=<id>'", "filter 'zz' not found", "filter 'f0' belongs to a
 *      different netdev";
 *   6. the type's setup: "net dump: can't open /x: No such file or
 *      directory", "Device 'c0' not found", "IN Device 'c0' not found",
 *      "Device 'c0' is in use", ...
 * Then the filter joins its netdev's chain (head, tail, or before/behind
 * the filter named by position=id=).
 *
 * None of these messages carries the -object location in QEMU: it creates
 * filters after parsing the command line.  (The -object errors QEMU
 * prefixes with the option, such as a missing or mistyped parameter or a
 * duplicate -object id, come from parsing: see system/objects.h.)
 */
bool net_filter_object_add(QnetContext *ctx, JsonObject *props,
                           Error **errp);

/*
 * Deletes object @id (object_del, object-del).  A filter releases what it
 * holds (filter-buffer passes its frames on) and leaves its chain.
 * Error: "object 'f0' not found".
 */
bool net_filter_object_del(QnetContext *ctx, const char *id, Error **errp);

/* True when an object called @id exists (for qom-get/qom-set paths). */
bool net_filter_object_exists(QnetContext *ctx, const char *id);

/* The filter called @id, or NULL (also NULL for non-filter objects). */
NetFilter *net_filter_object_find(QnetContext *ctx, const char *id);

/*
 * Sets a filter's status (qom-set ID status on|off).  Off makes it
 * transparent; filter-buffer then releases what it holds.  Errors:
 * "Device 'x' not found" (DeviceNotFound, as qom-set's path lookup),
 * "Property 'iothread.status' not found".
 */
bool net_filter_set_status(QnetContext *ctx, const char *id, bool on,
                           Error **errp);

/* The status of filter @id (false with @errp set when there is none). */
bool net_filter_get_status(QnetContext *ctx, const char *id, bool *on,
                           Error **errp);

/*
 * qom-get ID PROPERTY: the value as JSON ("on", 100000, false, "rx"; the
 * read-only "type" too).  Errors: "Device 'x' not found"
 * (DeviceNotFound), "Property 'filter-buffer.nope' not found".  Caller
 * unrefs.
 */
JsonNode *net_filter_object_get_prop(QnetContext *ctx, const char *id,
                                     const char *name, Error **errp);

/*
 * qom-set ID PROPERTY VALUE with a JSON value (QMP, HMP qom-set -j).  As
 * in QEMU, netdev, position, insert and file change only the text shown
 * (the filter stays where it is, a dump keeps its file); queue, status,
 * interval, maxlen and vnet_hdr_support take effect.  Errors as for
 * creation, plus "Property 'filter-buffer.type' is not writable",
 * "Invalid parameter type for 'status', expected: string".
 */
bool net_filter_object_set_prop_json(QnetContext *ctx, const char *id,
                                     const char *name, JsonNode *value,
                                     Error **errp);

/* Same, with HMP qom-set's text value ("off", "0x10", "yes"). */
bool net_filter_object_set_prop_str(QnetContext *ctx, const char *id,
                                    const char *name, const char *value,
                                    Error **errp);

/*
 * qom-list ID: "name (type)" lines in QEMU's order ("type (string)",
 * "queue (NetFilterDirection)", ...).  NULL with @errp set for an unknown
 * id.  Caller frees.
 */
char *net_filter_object_list_props(QnetContext *ctx, const char *id,
                                   Error **errp);

/*
 * qnet's own counters of filter @id (no QEMU equivalent), for a monitor
 * view: "records=12,write_errors=0" (filter-dump), "held=0,released=40,
 * dropped=0" (filter-buffer), "frames=9,backlog=0,dropped=0" (mirror),
 * ...; "" for a type without counters.  Errors as qom-get's.  Caller
 * frees.
 */
char *net_filter_object_stats(QnetContext *ctx, const char *id, Error **errp);

/*
 * Where filter-mirror and filter-redirector find their chardevs: @chardevs
 * (NULL: back to the context's own registry, ctx->chardevs).  The
 * registry must outlive the filters using it.
 */
void net_filter_set_chardevs(QnetContext *ctx, ChardevRegistry *chardevs);

/* The chardev registry filters use (set above, else ctx->chardevs). */
ChardevRegistry *net_filter_chardevs(QnetContext *ctx);

/*
 * Forgets @id without touching the object (the filter's netdev is freeing
 * it).  No-op for unknown ids.
 */
void net_filter_object_forget(QnetContext *ctx, const char *id);

/*
 * Deletes every object (filters release and close first) and the
 * registry.  Call at context teardown, before the chardev registry is
 * freed (before or after the clients).
 */
void net_filter_objects_free(QnetContext *ctx);

/* The filter types, for the creation code ({NULL}-ended). */
extern const NetFilterOps *const net_filter_types[];

#endif
