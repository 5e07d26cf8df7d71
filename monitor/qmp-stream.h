/* qmp-stream.h: splitting a QMP byte stream into JSON values, as QEMU's streamer does, with bounded memory. */
#ifndef QNET_MONITOR_QMP_STREAM_H
#define QNET_MONITOR_QMP_STREAM_H

#include <json-glib/json-glib.h>
#include <stddef.h>

#include "util/error.h"

/*
 * Receives each complete value (@value, owned by the callee) or the error
 * for a malformed one (@err, owned by the callee); exactly one is non-NULL.
 */
typedef void QmpStreamEmit(void *opaque, JsonNode *value, Error *err);

typedef struct QmpStream QmpStream;

/*
 * A value ends where QEMU's JSON streamer ends it: when its brackets
 * balance, or after a scalar token at the top level.  Its text is then
 * parsed with qapi_json_parse(), so the errors are QEMU's.  A character
 * that starts no token gives "JSON parse error, stray '...'" and drops the
 * value being collected, as in QEMU.
 *
 * Memory is bounded: a value longer than @max_bytes, or nested deeper than
 * QEMU's 1024 levels, gives QEMU's "JSON token size limit exceeded" /
 * "JSON nesting depth limit exceeded" and the rest of that input line is
 * skipped (QEMU would buffer up to 64 MiB).
 */
QmpStream *qmp_stream_new(size_t max_bytes, QmpStreamEmit *emit,
                          void *opaque);

/* Feeds bytes; @emit may run several times, and may free nothing here. */
void qmp_stream_feed(QmpStream *s, const char *buf, size_t len);

/* Forgets any partial value (a new client connected). */
void qmp_stream_reset(QmpStream *s);

void qmp_stream_free(QmpStream *s);

#endif
