/* object.h: -object, object_add (HMP) and object-add (QMP) to typed ObjectOptions, with QEMU's errors. */
#ifndef QNET_QAPI_OBJECT_H
#define QNET_QAPI_OBJECT_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "util/error.h"
#include "util/qemu-opts.h"

/*
 * An ObjectOptions object is what QMP object-add takes: {"qom-type": ...,
 * "id": ..., <properties>}, for the network filters (filter-buffer,
 * filter-dump, filter-mirror, filter-redirector, filter-replay,
 * filter-rewriter), colo-compare and iothread.  Other types of QEMU's
 * ObjectType parse their base members and then fail with "qom-type '%s'
 * is not supported by qnet"; unknown ones fail as in QEMU ("Parameter
 * 'qom-type' does not accept value 'foo'").  Property values that only the
 * object checks (a filter's status and position, interval=0, a netdev
 * that does not exist) are left to the object.
 */

/*
 * -object in key=value form (QEMU's "object" QemuOpts list, implied key
 * "qom-type"), through QEMU's opts visitor: "Parameter 'qom-type' is
 * missing", "Parameter 'id' is missing", "Parameter 'netdev' is missing",
 * "Parameter 'queue' does not accept value 'both'", "Invalid parameter
 * 'x'".  Help requests ("-object help", "-object filter-dump,help") are
 * the caller's to detect first (qemu_opts_wants_help(),
 * qemu_opts_has_help_opt()).  @warn may be NULL.
 */
JsonObject *qapi_object_from_opts(QemuOpts *opts, QemuOptsWarnFunc *warn,
                                  void *opaque, Error **errp);

/*
 * HMP object_add's argument: JSON when it starts with '{' (also what
 * "-object {...}" takes), else keyval ("Expected '=' after parameter
 * 'vnet'", "Parameter 'maxlen' expects integer", "Parameter 'x' is
 * unexpected").  When keyval text asks for help, returns NULL without an
 * error and sets *@help (if @help is NULL, that is the error "Help is not
 * available for this option").
 */
JsonObject *qapi_object_from_str(const char *arg, bool *help,
                                 QemuOptsWarnFunc *warn, void *opaque,
                                 Error **errp);

/*
 * QMP object-add: @node is the command's "arguments" object.  Then checks
 * the id as QEMU does before creating the object (qapi_object_check_id()).
 * The other two functions leave that check to the caller, because QEMU
 * makes it when the object is created, after all options are parsed.
 */
JsonObject *qapi_object_from_json(JsonNode *node, Error **errp);

/*
 * Checks an object id as QEMU does when it creates the object: "Parameter
 * 'id' expects an identifier", with the hint line QEMU prints.
 */
bool qapi_object_check_id(const char *id, Error **errp);

/* True for the qom-types qnet implements. */
bool qapi_object_type_supported(const char *type);

/*
 * The qom-types qnet implements, sorted as "-object help" lists them
 * (NULL-terminated, static).  QEMU prints "List of user creatable
 * objects:" and then each as "  <type>".
 */
const char *const *qapi_object_help_types(void);

/*
 * The text of "-object <type>,help": "<type> options:\n" and
 * "  <name>=<type>\n" lines sorted by name, or "There are no options for
 * <type>.\n" (colo-compare); NULL for a type qnet does not implement.
 * Free with g_free().
 */
char *qapi_object_help_props(const char *type);

#endif
