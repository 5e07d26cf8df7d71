/* qmp.c: a QMP session: greeting, capabilities negotiation, commands and events over any byte transport. */
#include "monitor/qmp.h"

#include <errno.h>
#include <string.h>

#include "monitor/monitor.h"
#include "monitor/qmp-commands.h"
#include "monitor/qmp-json.h"
#include "monitor/qmp-stream.h"
#include "monitor/qmp-version.h"

/* Bound on one request's text; QEMU allows 64 MiB. */
#define QMP_MAX_REQUEST ((size_t)1024 * 1024)

/* How much input the session reads at once. */
#define QMP_READ_CHUNK 4096

struct QmpSession {
    QnetContext *ctx;
    bool pretty;
    bool open;            /* a client is connected */
    bool negotiated;      /* qmp_capabilities done: commands and events */
    bool oob;             /* the client enabled the "oob" capability */
    QmpStream *stream;
    MonitorOutput out;
};

static void send_object(QmpSession *s, JsonObject *obj, bool droppable)
{
    g_autoptr(GString) text = g_string_new(NULL);
    qmp_json_append_object(text, obj, s->pretty);
    g_string_append_c(text, '\n');
    monitor_output_put(&s->out, text->str, droppable);
}

static void on_event(void *opaque, JsonObject *event)
{
    QmpSession *s = opaque;
    send_object(s, event, true);
}

static void set_negotiated(QmpSession *s, bool negotiated)
{
    if (negotiated == s->negotiated) {
        return;
    }
    s->negotiated = negotiated;
    if (negotiated) {
        monitor_add_event_sink(s->ctx, on_event, s);
    } else {
        monitor_remove_event_sink(s->ctx, on_event, s);
    }
}

/* {"error": {"class": ..., "desc": ...}} with "id" first, as QEMU. */
static JsonObject *error_reply(Error *err, JsonNode *id)
{
    JsonObject *reply = json_object_new();
    if (id) {
        json_object_set_member(reply, "id", json_node_copy(id));
    }
    JsonObject *e = json_object_new();
    json_object_set_string_member(e, "class",
                                  error_class_name(error_get_class(err)));
    json_object_set_string_member(e, "desc", error_get_pretty(err));
    json_object_set_object_member(reply, "error", e);
    error_free(err);
    return reply;
}

static JsonObject *return_reply(JsonNode *ret, JsonNode *id)
{
    JsonObject *reply = json_object_new();
    json_object_set_member(reply, "return", ret);
    if (id) {
        json_object_set_member(reply, "id", json_node_copy(id));
    }
    return reply;
}

static bool is_string(JsonNode *node)
{
    return JSON_NODE_HOLDS_VALUE(node) &&
           json_node_get_value_type(node) == G_TYPE_STRING;
}

/*
 * The request's envelope, checked member by member as QEMU does: returns
 * the command name and sets *@args (NULL when absent), or NULL with @errp.
 */
static const char *check_envelope(QmpSession *s, JsonObject *req,
                                  JsonObject **args, bool *oob, Error **errp)
{
    JsonObjectIter iter;
    const char *key;
    JsonNode *val;
    json_object_iter_init_ordered(&iter, req);
    while (json_object_iter_next_ordered(&iter, &key, &val)) {
        if (strcmp(key, "execute") == 0 ||
            (strcmp(key, "exec-oob") == 0 && s->oob)) {
            if (!is_string(val)) {
                error_setg(errp, "QMP input member '%s' must be a string",
                           key);
                return NULL;
            }
        } else if (strcmp(key, "arguments") == 0) {
            if (!JSON_NODE_HOLDS_OBJECT(val)) {
                error_setg(errp, "QMP input member 'arguments' must be an "
                           "object");
                return NULL;
            }
        } else if (strcmp(key, "id") != 0) {
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            return NULL;
        }
    }
    const char *exec = json_object_has_member(req, "execute")
        ? json_object_get_string_member(req, "execute") : NULL;
    const char *exec_oob = json_object_has_member(req, "exec-oob")
        ? json_object_get_string_member(req, "exec-oob") : NULL;
    if (exec && exec_oob) {
        error_setg(errp, "QMP input member 'execute' clashes with "
                   "'exec-oob'");
        return NULL;
    }
    if (!exec && !exec_oob) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return NULL;
    }
    *args = json_object_has_member(req, "arguments")
        ? json_object_get_object_member(req, "arguments") : NULL;
    *oob = exec_oob != NULL;
    return exec ? exec : exec_oob;
}

/* qmp_capabilities {enable?: ['oob']}, valid once, before anything else. */
static JsonNode *capabilities(QmpSession *s, JsonObject *args, Error **errp)
{
    static const QmpArgSpec spec[] = {
        { "enable", QMP_ARG_STRLIST, true },
        { NULL },
    };
    if (s->negotiated) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND, "Capabilities "
                  "negotiation is already complete, command ignored");
        return NULL;
    }
    if (!qmp_args_check(args, spec, errp)) {
        return NULL;
    }
    g_auto(GStrv) enable = qmp_arg_strv(args, "enable");
    for (char **cap = enable; cap && *cap; cap++) {
        if (strcmp(*cap, "oob") != 0) {
            /* QEMU names the list element 'null' here. */
            error_setg(errp, "Parameter 'null' does not accept value '%s'",
                       *cap);
            return NULL;
        }
    }
    s->oob = enable && *enable;
    set_negotiated(s, true);
    return qmp_return_empty();
}

static JsonNode *run_command(QmpSession *s, const char *name, bool oob,
                             JsonObject *args, Error **errp)
{
    if (strcmp(name, "qmp_capabilities") == 0 && !oob) {
        return capabilities(s, args, errp);
    }
    if (!s->negotiated) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND, "Expecting "
                  "capabilities negotiation with 'qmp_capabilities'");
        return NULL;
    }
    const QmpCommand *cmd = qmp_command_find(name);
    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
        return NULL;
    }
    if (oob) {
        /* No qnet command runs out of band. */
        error_setg(errp, "The command %s does not support OOB", name);
        return NULL;
    }
    if (!cmd->boxed && !qmp_args_check(args, cmd->args, errp)) {
        return NULL;
    }
    return cmd->handler(s->ctx, args, errp);
}

/* Turns one request into its reply (NULL: none). */
static JsonObject *dispatch(QmpSession *s, JsonNode *request)
{
    Error *err = NULL;
    if (!JSON_NODE_HOLDS_OBJECT(request)) {
        error_setg(&err, "QMP input must be a JSON object");
        return error_reply(err, NULL);
    }
    JsonObject *req = json_node_get_object(request);
    JsonNode *id = json_object_get_member(req, "id");
    JsonObject *args = NULL;
    bool oob = false;
    const char *name = check_envelope(s, req, &args, &oob, &err);
    JsonNode *ret = name ? run_command(s, name, oob, args, &err) : NULL;
    if (!ret) {
        return error_reply(err, id);
    }
    return return_reply(ret, id);
}

static void on_value(void *opaque, JsonNode *value, Error *err)
{
    QmpSession *s = opaque;
    if (!s->open) {
        g_clear_pointer(&value, json_node_unref);
        error_free(err);
        return;
    }
    g_autoptr(JsonObject) reply = value ? dispatch(s, value)
                                        : error_reply(err, NULL);
    g_clear_pointer(&value, json_node_unref);
    if (reply) {
        send_object(s, reply, false);
    }
}

static ssize_t write_nowhere(void *opaque, const char *buf, size_t len)
{
    return (ssize_t)len;
}

QmpSession *qmp_session_new(QnetContext *ctx, bool pretty,
                            MonitorWriteFunc *write, void *opaque)
{
    QmpSession *s = g_new0(QmpSession, 1);
    s->ctx = ctx;
    s->pretty = pretty;
    s->stream = qmp_stream_new(QMP_MAX_REQUEST, on_value, s);
    monitor_output_init(&s->out, write ? write : write_nowhere, opaque);
    return s;
}

void qmp_session_free(QmpSession *s)
{
    if (!s) {
        return;
    }
    set_negotiated(s, false);
    qmp_stream_free(s->stream);
    monitor_output_destroy(&s->out);
    g_free(s);
}

void qmp_session_open(QmpSession *s)
{
    qmp_session_close(s);
    s->open = true;
    g_autoptr(JsonObject) greeting = qmp_greeting();
    send_object(s, greeting, false);
}

void qmp_session_close(QmpSession *s)
{
    s->open = false;
    s->oob = false;
    set_negotiated(s, false);
    qmp_stream_reset(s->stream);
    monitor_output_reset(&s->out);
}

void qmp_session_input(QmpSession *s, const char *buf, size_t len)
{
    qmp_stream_feed(s->stream, buf, len);
}

size_t qmp_session_can_read(QmpSession *s)
{
    return monitor_output_blocked(&s->out) ? 0 : QMP_READ_CHUNK;
}

void qmp_session_writable(QmpSession *s)
{
    monitor_output_flush(&s->out);
}

static ssize_t collect_reply(void *opaque, const char *buf, size_t len)
{
    g_string_append_len(opaque, buf, (gssize)len);
    return (ssize_t)len;
}

char *qmp_execute_text(QnetContext *ctx, const char *request)
{
    g_autoptr(GString) out = g_string_new(NULL);
    QmpSession *s = qmp_session_new(ctx, false, collect_reply, out);
    s->open = true;
    s->negotiated = true;       /* no event sink: replies only */
    qmp_session_input(s, request, strlen(request));
    qmp_session_input(s, "\n", 1);
    s->negotiated = false;
    qmp_session_free(s);
    while (out->len && (out->str[out->len - 1] == '\n' ||
                        out->str[out->len - 1] == '\r')) {
        g_string_truncate(out, out->len - 1);
    }
    return out->len ? g_strdup(out->str) : NULL;
}
