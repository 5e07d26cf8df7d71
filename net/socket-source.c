/* socket-source.c: a main-loop source over one socket fd, with changeable interest and deferred work. */
#include "net/socket-source.h"

#include "net/context.h"

struct SocketSource {
    GSource source;
    SocketSourceFunc *func;
    void *opaque;
    int fd;                  /* the fd, or -1 */
    gpointer tag;            /* g_source_add_unix_fd() handle, or NULL */
    GIOCondition events;
    bool kicked;
};

static gboolean source_prepare(GSource *source, gint *timeout)
{
    SocketSource *s = (SocketSource *)source;
    *timeout = s->kicked ? 0 : -1;
    return s->kicked;
}

static gboolean source_check(GSource *source)
{
    SocketSource *s = (SocketSource *)source;
    return s->kicked || (s->tag && g_source_query_unix_fd(source, s->tag));
}

static gboolean source_dispatch(GSource *source, GSourceFunc callback,
                                gpointer user_data)
{
    SocketSource *s = (SocketSource *)source;
    GIOCondition revents = s->tag ? g_source_query_unix_fd(source, s->tag)
                                  : 0;
    s->kicked = false;
    s->func(s->opaque, revents);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs socket_source_funcs = {
    .prepare = source_prepare,
    .check = source_check,
    .dispatch = source_dispatch,
};

SocketSource *socket_source_new(QnetContext *ctx, SocketSourceFunc *func,
                                void *opaque)
{
    GSource *source = g_source_new(&socket_source_funcs,
                                   sizeof(SocketSource));
    SocketSource *s = (SocketSource *)source;
    s->func = func;
    s->opaque = opaque;
    s->fd = -1;
    g_source_set_name(source, "qnet-socket");
    qnet_attach_source(ctx, source);
    return s;
}

/*
 * poll() reports POLLHUP and POLLERR even for an fd polled for nothing, so
 * an fd with no interest is taken out of the poll set: a paused, hung-up
 * socket must not wake the loop over and over.
 */
static void update_watch(SocketSource *s)
{
    if (s->tag && (s->fd < 0 || !s->events)) {
        g_source_remove_unix_fd(&s->source, s->tag);
        s->tag = NULL;
    }
    if (s->fd < 0 || !s->events) {
        return;
    }
    GIOCondition cond = s->events | G_IO_ERR | G_IO_HUP;
    if (s->tag) {
        g_source_modify_unix_fd(&s->source, s->tag, cond);
    } else {
        s->tag = g_source_add_unix_fd(&s->source, s->fd, cond);
    }
}

void socket_source_set_fd(SocketSource *s, int fd, GIOCondition events)
{
    if (s->tag) {
        g_source_remove_unix_fd(&s->source, s->tag);
        s->tag = NULL;
    }
    s->fd = fd;
    s->events = events;
    update_watch(s);
}

void socket_source_set_events(SocketSource *s, GIOCondition events)
{
    if (events != s->events) {
        s->events = events;
        update_watch(s);
    }
}

GIOCondition socket_source_get_events(SocketSource *s)
{
    return s->events;
}

void socket_source_kick(SocketSource *s)
{
    /* Set from the loop's own thread: the next prepare sees it. */
    s->kicked = true;
}

void socket_source_free(SocketSource *s)
{
    if (!s) {
        return;
    }
    g_source_destroy(&s->source);
    g_source_unref(&s->source);
}
