/* qmp-json.h: JSON text as QEMU's monitor writes it (compact or pretty, ASCII only). */
#ifndef QNET_MONITOR_QMP_JSON_H
#define QNET_MONITOR_QMP_JSON_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

/*
 * Appends @node to @out the way QEMU writes QMP output: compact form
 * `{"a": 1, "b": [true, null]}` (", " and ": " separators), or with
 * @pretty one member per line indented by four spaces.  Object members
 * keep their insertion order.  Strings are ASCII: '"', '\\' and the
 * control characters \b \f \n \r \t are backslash-escaped, other
 * characters outside 0x20..0x7e become \uXXXX (upper-case hex, UTF-16
 * surrogate pairs above U+FFFF); invalid UTF-8 becomes \uFFFD.
 */
void qmp_json_append(GString *out, JsonNode *node, bool pretty);

/* qmp_json_append() of @obj wrapped as a node. */
void qmp_json_append_object(GString *out, JsonObject *obj, bool pretty);

#endif
