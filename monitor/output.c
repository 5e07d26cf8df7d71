/* output.c: a monitor's output toward its client: "\r\n" line ends, a bounded queue when the client is slow. */
#include "monitor/output.h"

#include <errno.h>

void monitor_output_init(MonitorOutput *o, MonitorWriteFunc *write,
                         void *opaque)
{
    o->write = write;
    o->opaque = opaque;
    o->pending = g_string_new(NULL);
    o->limit = MONITOR_OUTPUT_LIMIT;
    o->dropped = 0;
}

void monitor_output_destroy(MonitorOutput *o)
{
    if (o->pending) {
        g_string_free(o->pending, TRUE);
        o->pending = NULL;
    }
}

static void append_crlf(GString *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, *p);
    }
}

void monitor_output_flush(MonitorOutput *o)
{
    if (!o->pending->len) {
        return;
    }
    ssize_t n = o->write(o->opaque, o->pending->str, o->pending->len);
    if (n == -EAGAIN) {
        return;
    }
    /* Written, or the client is gone and the text with it. */
    g_string_truncate(o->pending, 0);
}

void monitor_output_put(MonitorOutput *o, const char *text, bool droppable)
{
    size_t before = o->pending->len;
    if (droppable && before >= o->limit) {
        o->dropped++;
        return;
    }
    append_crlf(o->pending, text);
    if (before) {
        return;      /* keep the order: older text waits first */
    }
    monitor_output_flush(o);
}

bool monitor_output_blocked(const MonitorOutput *o)
{
    return o->pending->len > 0;
}

void monitor_output_reset(MonitorOutput *o)
{
    g_string_truncate(o->pending, 0);
}
