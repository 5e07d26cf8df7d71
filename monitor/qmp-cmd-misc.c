/* qmp-cmd-misc.c: QMP commands about the monitor itself: query-version, query-commands, quit, human-monitor-command. */
#include "monitor/qmp-commands.h"

#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "monitor/qmp-version.h"

static JsonNode *qmp_query_version(QnetContext *ctx, JsonObject *args,
                                   Error **errp)
{
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(node, qmp_version_info());
    return node;
}

static void add_command(const QmpCommand *cmd, void *opaque)
{
    JsonObject *entry = json_object_new();
    json_object_set_string_member(entry, "name", cmd->name);
    json_array_add_object_element(opaque, entry);
}

static JsonNode *qmp_query_commands(QnetContext *ctx, JsonObject *args,
                                    Error **errp)
{
    JsonArray *list = json_array_new();
    JsonObject *caps = json_object_new();
    json_object_set_string_member(caps, "name", "qmp_capabilities");
    json_array_add_object_element(list, caps);
    qmp_command_foreach(add_command, list);
    JsonNode *node = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(node, list);
    return node;
}

static JsonNode *qmp_quit(QnetContext *ctx, JsonObject *args, Error **errp)
{
    monitor_request_quit(ctx, "host-qmp-quit");
    return qmp_return_empty();
}

/* HMP text, with QEMU's "\r\n" line ends. */
static char *crlf(const char *text)
{
    GString *out = g_string_new(NULL);
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

static JsonNode *qmp_human_monitor_command(QnetContext *ctx,
                                           JsonObject *args, Error **errp)
{
    HmpResult res = { .out = g_string_new(NULL) };
    hmp_execute(ctx, qmp_arg_str(args, "command-line"), &res);
    if (res.quit) {
        monitor_request_quit(ctx, "host-qmp-quit");
    }
    g_autofree char *text = crlf(res.out->str);
    g_string_free(res.out, TRUE);
    JsonNode *node = json_node_new(JSON_NODE_VALUE);
    json_node_set_string(node, text);
    return node;
}

static const QmpArgSpec hmc_args[] = {
    { "command-line", QMP_ARG_STR, false },
    { "cpu-index", QMP_ARG_INT, true },
    { NULL },
};

const QmpCommand qmp_misc_commands[] = {
    { "query-version", NULL, false, qmp_query_version },
    { "query-commands", NULL, false, qmp_query_commands },
    { "quit", NULL, false, qmp_quit },
    { "human-monitor-command", hmc_args, false, qmp_human_monitor_command },
    { NULL },
};
