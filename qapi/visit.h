/* visit.h: the schema walker and the interface of the inputs it reads (internal to qapi/). */
#ifndef QNET_QAPI_VISIT_H
#define QNET_QAPI_VISIT_H

#include <json-glib/json-glib.h>
#include <stdint.h>

#include "qapi/schema.h"
#include "util/error.h"

/*
 * The walker goes through a type's members in schema order and asks a
 * reader for each value; the reader knows its input's syntax and wording.
 * Member names given to the reader are short ("host"); readers that name
 * parameters by their path ("addr.host") keep track of the nesting.
 * Readers: qapi/read-opts.c (flat QemuOpts, QEMU's "opts visitor") and
 * qapi/read-tree.c (JSON and keyval trees, QEMU's "qobject input
 * visitor").
 */
typedef struct QapiReader QapiReader;

typedef struct QapiReaderOps {
    /* Enters the struct @name (NULL: the top level or a list element). */
    bool (*start_struct)(QapiReader *r, const char *name, Error **errp);
    /* Reports a member of the current struct that no one read. */
    bool (*check_struct)(QapiReader *r, Error **errp);
    void (*end_struct)(QapiReader *r);
    /* Enters the list @name. */
    bool (*start_list)(QapiReader *r, const char *name, Error **errp);
    /* Moves to the next element; false when there is none left. */
    bool (*next_element)(QapiReader *r);
    void (*end_list)(QapiReader *r);
    /* Whether the optional member @name was given. */
    bool (*present)(QapiReader *r, const char *name);
    bool (*read_str)(QapiReader *r, const char *name, char **out,
                     Error **errp);
    bool (*read_bool)(QapiReader *r, const char *name, bool *out,
                      Error **errp);
    bool (*read_int64)(QapiReader *r, const char *name, int64_t *out,
                       Error **errp);
    bool (*read_uint64)(QapiReader *r, const char *name, uint64_t *out,
                        Error **errp);
    bool (*read_size)(QapiReader *r, const char *name, uint64_t *out,
                      Error **errp);
    void (*free)(QapiReader *r);
} QapiReaderOps;

struct QapiReader {
    const QapiReaderOps *ops;
};

/*
 * Reads a whole value of @type from @r and returns its JSON form (an
 * object for a struct), with QEMU's errors.  Integers are JSON integers
 * (uint64 values above INT64_MAX wrap to negative int64s), enums strings.
 */
JsonNode *qapi_walk(QapiReader *r, const QapiType *type, Error **errp);

/* Frees @r (NULL is ignored). */
void qapi_reader_free(QapiReader *r);

#endif
