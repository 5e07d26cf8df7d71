/* netdev.h: -netdev, -net, -nic, netdev_add (HMP and QMP) to typed Netdev objects, with QEMU's errors. */
#ifndef QNET_QAPI_NETDEV_H
#define QNET_QAPI_NETDEV_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "util/error.h"
#include "util/qemu-opts.h"

/*
 * A Netdev object is what QMP netdev_add takes: {"id": ..., "type": ...,
 * <members of the type>}, with QAPI member names and JSON types (ints,
 * booleans, strings; lists of strings as [{"str": ...}]; stream/dgram
 * addresses as nested SocketAddress objects).  Absent optional members
 * stay absent: defaults are the backend's business.  Read members with
 * qapi/access.h.  The schema accepts the types "none" and "nic" and those
 * not compiled in (netmap): the net layer refuses them at creation (see
 * qapi_netdev_type_compiled()).
 *
 * Errors are QEMU 7.2's, for the first problem QEMU would report.  The
 * caller prefixes the option text ("-netdev user,bogus=1: ...").  @warn
 * receives deprecation warnings (a hex size with a suffix) and may be NULL.
 */

/*
 * -netdev in key=value form, and HMP netdev_add: QEMU's "opts visitor".
 * Also rewrites "ipv6-net=PREFIX[/LEN]" into ipv6-prefix/ipv6-prefixlen
 * first, as QEMU does.  Errors include "Parameter 'id' is missing",
 * "Parameter 'type' does not accept value 'foo'", "Invalid parameter
 * 'bogus'", "Parameter 'restrict' expects 'on' or 'off'", "Parameter
 * 'hubid' expects int32_t".  Returns a new object (json_object_unref()).
 */
JsonObject *qapi_netdev_from_opts(QemuOpts *opts, Error **errp);
JsonObject *qapi_netdev_from_opts_warn(QemuOpts *opts, QemuOptsWarnFunc *warn,
                                       void *opaque, Error **errp);

/*
 * -net: the same Netdev schema (QEMU 7.2 has no separate legacy type), so
 * "vlan" and "name" are "Invalid parameter".  The id is optional: when
 * @opts has none, QEMU generates one before converting, and the result
 * has no "id" member for the caller to fill in.  Type "none" converts;
 * the caller ignores it ("-net none") and refuses hubport.
 */
JsonObject *qapi_netlegacy_from_opts(QemuOpts *opts, Error **errp);
JsonObject *qapi_netlegacy_from_opts_warn(QemuOpts *opts,
                                          QemuOptsWarnFunc *warn,
                                          void *opaque, Error **errp);

/*
 * -nic: applies -nic's own handling to @opts in place, as QEMU does: the
 * type defaults to "user" (appended), and every "model" and "mac" entry is
 * removed.  Returns their last values in *@model and *@mac (NULL when
 * absent; g_free() them).  QEMU checks the MAC (syntax, then multicast)
 * before converting the rest, so a caller that wants QEMU's precedence
 * calls this, checks the MAC, then calls qapi_netdev_from_opts() (with an
 * id set, generated if needed) or qapi_nic_from_opts().
 */
void qapi_nic_split(QemuOpts *opts, char **model, char **mac);

/*
 * -nic in one step, on a copy of @opts: split as above, then converted like
 * -netdev with the id optional (absent id: no "id" member).  The result
 * also holds the NIC's own "model" and "mac" strings when given (they are
 * not Netdev members).  With type "none" the rest is not looked at and
 * the result is {"type": "none"}.
 */
JsonObject *qapi_nic_from_opts(QemuOpts *opts, Error **errp);
JsonObject *qapi_nic_from_opts_warn(QemuOpts *opts, QemuOptsWarnFunc *warn,
                                    void *opaque, Error **errp);

/*
 * True when QEMU 7.2 parses this -netdev argument with its "modern"
 * parser: it starts with '{', or its type (last "type", key=value rules)
 * is stream or dgram.  Such netdevs are created before all others.
 */
bool qapi_netdev_is_modern(const char *arg);

/*
 * The modern -netdev parser: JSON when @arg starts with '{' (strictly
 * typed, no id check), else keyval with dotted keys
 * ("stream,id=s,addr.type=inet,addr.host=h,addr.port=1") whose string
 * values are converted by type.  Errors include "Expected '=' after
 * parameter 'server'", "Parameter 'addr.host' is missing", "Parameter
 * 'server' expects 'on' or 'off'", "Parameter 'bogus' is unexpected",
 * "Invalid parameter type for 'restrict', expected: boolean" and the JSON
 * syntax errors of qapi/json-parser.h.
 */
JsonObject *qapi_netdev_from_keyval(const char *arg, Error **errp);
JsonObject *qapi_netdev_from_keyval_warn(const char *arg,
                                         QemuOptsWarnFunc *warn, void *opaque,
                                         Error **errp);

/*
 * QMP netdev_add: @node is the command's "arguments" object.  Strictly
 * typed as above, then the id is checked: "Parameter 'id' expects an
 * identifier".  @node is not modified.
 */
JsonObject *qapi_netdev_from_json(JsonNode *node, Error **errp);

/*
 * The netdev types compiled in, in QEMU's "-netdev help" order: socket
 * stream dgram hubport tap user l2tpv3 vde bridge vhost-user vhost-vdpa
 * (NULL-terminated, static).
 */
const char *const *qapi_netdev_help_types(void);

/*
 * False for types the schema knows but that are no backend here: "none",
 * "nic" and "netmap".  QEMU then says "network backend '%s' is not
 * compiled into this binary".
 */
bool qapi_netdev_type_compiled(const char *type);

/*
 * When the -netdev argument @arg asks for help ("help", "?", "type=help",
 * as the key=value parser sees it), appends QEMU's text to @out
 * ("Available netdev backend types:\n" and one type per line) and returns
 * true.  QEMU parses the option (id checks, warnings) before this.
 */
bool qapi_netdev_help(const char *arg, GString *out);

#endif
