/* qmp-args.h: checking a QMP command's arguments against its parameter list, with QEMU's errors. */
#ifndef QNET_MONITOR_QMP_ARGS_H
#define QNET_MONITOR_QMP_ARGS_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "util/error.h"

typedef enum QmpArgType {
    QMP_ARG_STR,
    QMP_ARG_BOOL,
    QMP_ARG_INT,        /* any JSON integer */
    QMP_ARG_STRLIST,    /* an array of strings */
    QMP_ARG_ANY,        /* any value (qom-set's value) */
} QmpArgType;

/* One parameter of a command; a list ends with a NULL name. */
typedef struct QmpArgSpec {
    const char *name;
    QmpArgType type;
    bool optional;
} QmpArgSpec;

/*
 * Checks @args (may be NULL: no arguments) against @spec as QEMU's input
 * visitor does: each parameter in order ("Parameter 'name' is missing",
 * "Invalid parameter type for 'up', expected: boolean", list elements as
 * 'interfaces[0]'), then members the command does not take ("Parameter
 * 'z' is unexpected").
 */
bool qmp_args_check(JsonObject *args, const QmpArgSpec *spec, Error **errp);

/* Typed reads after qmp_args_check(); absent members give @def / NULL. */
const char *qmp_arg_str(JsonObject *args, const char *name);
bool qmp_arg_bool(JsonObject *args, const char *name, bool def);
int64_t qmp_arg_int(JsonObject *args, const char *name, int64_t def);

/* A string-list argument as a new NULL-terminated array, or NULL. */
char **qmp_arg_strv(JsonObject *args, const char *name);

#endif
