/* keyval.h: QEMU's "keyval" syntax, dotted key=value text parsed into a tree of strings. */
#ifndef QNET_UTIL_KEYVAL_H
#define QNET_UTIL_KEYVAL_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "util/error.h"

/*
 * Parses @params ("type=stream,addr.type=inet,addr.port=1234") the way
 * QEMU's modern option parser does:
 *   - keys are dotted paths of QAPI names ("addr.host"); a fragment after
 *     the first may be a list index ("a.0"), and objects whose keys are
 *     all indexes become arrays ("a.0=x,a.1=y" -> {"a":["x","y"]});
 *   - a first element without '=' is the value of @implied_key (if any);
 *   - ",," is a literal comma; a repeated key replaces the earlier value;
 *   - a bare "help" or "?" element asks for help: *@help is set, or, when
 *     @help is NULL, it is the error "Help is not available for this
 *     option".
 * All leaves are JSON strings.  Returns a new object (free with
 * json_object_unref()), or NULL with QEMU's error ("Invalid parameter
 * 'a..b'", "Expected '=' after parameter 'server'", "Parameters 'a.*'
 * used inconsistently", "Parameter 'a.1' missing", ...).
 */
JsonObject *keyval_parse(const char *params, const char *implied_key,
                         bool *help, Error **errp);

/*
 * Returns the member names of @obj in the order QEMU's QDict would list
 * them (its hash-bucket order), which decides which of several unexpected
 * parameters QEMU reports.  Free the array (not the strings, which belong
 * to @obj) with g_ptr_array_free().
 */
GPtrArray *keyval_qdict_order(JsonObject *obj);

#endif
