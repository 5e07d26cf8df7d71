/* context.c: the library context: creation, teardown and the log callback. */
#include "net/context.h"

#include <stdarg.h>

void qnet_log(QnetContext *ctx, QnetLogLevel level, const char *location,
              const char *fmt, ...)
{
    if (!ctx->log) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_opaque, level, location, msg);
}

void qnet_log_error(QnetContext *ctx, QnetLogLevel level, const char *location,
                    const Error *err)
{
    g_autofree char *hint = g_strchomp(g_strdup(error_get_hint(err)));
    qnet_log(ctx, level, location, "%s%s%s", error_get_pretty(err),
             *hint ? "\n" : "", hint);
}

void qnet_log_warning_at(void *log_location, const char *message)
{
    QnetLogLocation *at = log_location;
    qnet_log(at->ctx, QNET_LOG_WARNING, at->location, "%s", message);
}

guint qnet_attach_source(QnetContext *ctx, GSource *source)
{
    /*
     * Nothing in qnet iterates the main context from inside a dispatch, so
     * sources may "recurse": GLib then skips blocking and unblocking their
     * fds around every dispatch (two eventfd writes, a read and a poll per
     * wakeup, measured with strace).
     */
    g_source_set_can_recurse(source, TRUE);
    return g_source_attach(source, ctx->main_context);
}
