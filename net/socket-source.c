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
    bool listed;             /* on the run-after-dispatch list */
    SocketSource *next_listed;
};

/*
 * Work asked (kicked) while a socket source is dispatched runs as soon as
 * that dispatch returns, in the same main-loop iteration.  Leaving it to
 * the main loop would cost one more iteration per hop: a poll() with a zero
 * timeout and a prepare/check/dispatch pass, between reading a frame on
 * one socket and writing it out on the next (measured with strace on a hub
 * between two stream netdevs).  Frames a dispatch hands on are still
 * gathered first: the write happens once, after the whole batch was read.
 *
 * A main context is iterated by one thread, so the list is per thread.
 */
static __thread unsigned dispatch_depth;
static __thread SocketSource *listed_head, *listed_tail;

/*
 * At most this many kicked sources run after one dispatch, so that sources
 * which keep kicking each other cannot starve the main loop: the rest stay
 * kicked and run in the next iteration.
 */
#define SOCKET_SOURCE_RUNS_AFTER_DISPATCH 256

static void list_append(SocketSource *s)
{
    if (s->listed) {
        return;
    }
    s->listed = true;
    s->next_listed = NULL;
    if (listed_tail) {
        listed_tail->next_listed = s;
    } else {
        listed_head = s;
    }
    listed_tail = s;
}

static void list_remove(SocketSource *s)
{
    SocketSource *prev = NULL;
    if (!s->listed) {
        return;
    }
    for (SocketSource *p = listed_head; p; prev = p, p = p->next_listed) {
        if (p == s) {
            if (prev) {
                prev->next_listed = s->next_listed;
            } else {
                listed_head = s->next_listed;
            }
            if (listed_tail == s) {
                listed_tail = prev;
            }
            break;
        }
    }
    s->listed = false;
    s->next_listed = NULL;
}

/* Calls the function of @s, which may destroy @s (a reference keeps it). */
static void run(SocketSource *s, GIOCondition revents)
{
    s->kicked = false;
    dispatch_depth++;
    s->func(s->opaque, revents);
    dispatch_depth--;
}

static void run_listed(void)
{
    for (int n = 0; listed_head && n < SOCKET_SOURCE_RUNS_AFTER_DISPATCH;
         n++) {
        SocketSource *s = listed_head;
        list_remove(s);
        if (!s->kicked || g_source_is_destroyed(&s->source)) {
            continue;
        }
        g_source_ref(&s->source);
        run(s, 0);
        g_source_unref(&s->source);
    }
    /* Whatever is left is still kicked: the next prepare sees it. */
    while (listed_head) {
        list_remove(listed_head);
    }
}

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
    run(s, revents);    /* GLib holds a reference during dispatch */
    if (dispatch_depth == 0) {
        run_listed();
    }
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
    if (dispatch_depth > 0) {
        list_append(s);
    }
}

void socket_source_free(SocketSource *s)
{
    if (!s) {
        return;
    }
    list_remove(s);
    g_source_destroy(&s->source);
    g_source_unref(&s->source);
}
