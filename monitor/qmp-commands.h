/* qmp-commands.h: the QMP command table: names, parameters and handlers. */
#ifndef QNET_MONITOR_QMP_COMMANDS_H
#define QNET_MONITOR_QMP_COMMANDS_H

#include <json-glib/json-glib.h>

#include "monitor/qmp-args.h"
#include "qnet/qnet.h"
#include "util/error.h"

/*
 * Runs a command whose arguments passed the table's check.  Returns the
 * "return" value (a new node; an empty object for commands that return
 * nothing), or NULL with @errp set.
 */
typedef JsonNode *QmpHandler(QnetContext *ctx, JsonObject *args,
                             Error **errp);

typedef struct QmpCommand {
    const char *name;
    const QmpArgSpec *args;  /* parameters; NULL: none */
    bool boxed;              /* the handler checks its arguments itself */
    QmpHandler *handler;
} QmpCommand;

/* A table of commands, ending with a NULL name. */
extern const QmpCommand qmp_net_commands[];
extern const QmpCommand qmp_object_commands[];
extern const QmpCommand qmp_hostfwd_commands[];
extern const QmpCommand qmp_hub_commands[];
extern const QmpCommand qmp_misc_commands[];

/* The command called @name in any table, or NULL. */
const QmpCommand *qmp_command_find(const char *name);

/* Calls @fn for every command, in table order. */
void qmp_command_foreach(void (*fn)(const QmpCommand *cmd, void *opaque),
                         void *opaque);

/* A new node holding an empty object: what commands without result return. */
JsonNode *qmp_return_empty(void);

/*
 * The arguments of a boxed command as a new object node (an empty object
 * when there are none), as the qapi/ converters take them.
 */
JsonNode *qmp_args_node(JsonObject *args);

/* The parameter list of commands that take just "id" (netdev_del, ...). */
extern const QmpArgSpec qmp_id_args[];

#endif
