/* qmp-commands.c: the QMP command table: lookup over the per-topic tables. */
#include "monitor/qmp-commands.h"

#include <string.h>

static const QmpCommand *const tables[] = {
    qmp_misc_commands,
    qmp_net_commands,
    qmp_object_commands,
    qmp_hostfwd_commands,
    qmp_hub_commands,
};

const QmpCommand *qmp_command_find(const char *name)
{
    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (const QmpCommand *c = tables[t]; c->name; c++) {
            if (strcmp(c->name, name) == 0) {
                return c;
            }
        }
    }
    return NULL;
}

void qmp_command_foreach(void (*fn)(const QmpCommand *cmd, void *opaque),
                         void *opaque)
{
    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (const QmpCommand *c = tables[t]; c->name; c++) {
            fn(c, opaque);
        }
    }
}

JsonNode *qmp_return_empty(void)
{
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(node, json_object_new());
    return node;
}

JsonNode *qmp_args_node(JsonObject *args)
{
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    if (args) {
        json_node_set_object(node, args);
    } else {
        json_node_take_object(node, json_object_new());
    }
    return node;
}

const QmpArgSpec qmp_id_args[] = {
    { "id", QMP_ARG_STR, false },
    { NULL },
};
