/* json-parser.h: JSON text to a json-glib tree, accepting and rejecting exactly what QEMU's parser does. */
#ifndef QNET_QAPI_JSON_PARSER_H
#define QNET_QAPI_JSON_PARSER_H

#include <json-glib/json-glib.h>

#include "util/error.h"

/*
 * Parses @text, which must hold exactly one JSON value, as QEMU does for
 * "-netdev {...}", "-object {...}" and QMP:
 *   - strings may also be single-quoted; "\u0000" becomes the two bytes
 *     C0 80 (QEMU's modified UTF-8);
 *   - integers that fit int64 are integers; other numbers are doubles
 *     (QEMU keeps integers up to UINT64_MAX exact, which a JsonNode cannot:
 *     such a number reaches a uint64 member as a non-integer);
 *   - a repeated object key is an error.
 * Returns a new node (json_node_unref()), or NULL with QEMU's message:
 * "JSON parse error, <reason>", "Expecting at most one JSON value" or
 * "Expecting a JSON value".
 */
JsonNode *qapi_json_parse(const char *text, Error **errp);

#endif
