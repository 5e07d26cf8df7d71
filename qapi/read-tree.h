/* read-tree.h: a schema reader over JSON or keyval trees, with QEMU's "qobject input visitor" rules (internal to qapi/). */
#ifndef QNET_QAPI_READ_TREE_H
#define QNET_QAPI_READ_TREE_H

#include "qapi/visit.h"
#include "util/qemu-opts.h"

/*
 * Reads from @root (kept referenced by the reader).  Parameters are named
 * by their path in errors ("addr.host", "hostfwd[0].str").
 *
 * JSON (@keyval false) is strictly typed: "Invalid parameter type for
 * 'restrict', expected: boolean" (string, integer, object, array), and
 * "Parameter 'queues' expects uint64" for unsigned members.
 *
 * Keyval trees (@keyval true, from util/keyval.h) hold strings that are
 * converted by type: "Parameter 'server' expects 'on' or 'off'",
 * "Parameter 'addr.to' expects integer" (size); an object where a scalar
 * is expected is "Parameters 'addr.host.*' are unexpected".
 *
 * Both: "Parameter 'addr' is missing", "Parameter 'x' is unexpected"
 * (when several are, the one QEMU picks).  Warnings go to @warn.
 */
QapiReader *qapi_tree_reader_new(JsonNode *root, bool keyval,
                                 QemuOptsWarnFunc *warn, void *opaque);

#endif
