/* read-opts.h: a schema reader over flat QemuOpts, with QEMU's "opts visitor" rules (internal to qapi/). */
#ifndef QNET_QAPI_READ_OPTS_H
#define QNET_QAPI_READ_OPTS_H

#include "qapi/visit.h"
#include "util/qemu-opts.h"

/*
 * Reads from @opts, which must outlive the reader:
 *   - every key is a member of the top-level struct; nested structs read
 *     their members from the same flat set (so a nested union's "type"
 *     is always the top-level one, already consumed);
 *   - a scalar takes the last occurrence of its key; a list takes all
 *     occurrences, in order;
 *   - the id is a member named "id"; with @always_id it exists even when
 *     @opts has none (for -net and -nic, whose id QEMU generates first);
 *   - errors: "Parameter '%s' is missing", "Invalid parameter '%s'",
 *     "Parameter '%s' expects an int64 value" (a uint64 value, a size
 *     value, 'on' or 'off').
 * Warnings (hex sizes with a suffix) go to @warn, if not NULL.
 */
QapiReader *qapi_opts_reader_new(const QemuOpts *opts, bool always_id,
                                 QemuOptsWarnFunc *warn, void *opaque);

#endif
