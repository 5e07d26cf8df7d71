/* slirp-poll.c: libslirp's sockets polled by a GLib source on the qnet main context. */
#include "net/slirp-poll.h"

#include "net/slirp-cork.h"

/* One socket being watched; kept across iterations while libslirp wants it. */
typedef struct PollEntry {
    gpointer tag;          /* from g_source_add_unix_fd() */
    int fd;
    GIOCondition events;
    unsigned generation;   /* last prepare that asked for it */
} PollEntry;

struct NetSlirpPoll {
    GSource source;
    Slirp *slirp;
    NetSlirpMayReadFunc *may_read;
    void *opaque;
    GHashTable *entries;   /* fd -> PollEntry */
    GPtrArray *order;      /* PollEntry by the index add_poll returned */
    NetSlirpCork *cork;    /* host TCP writes pushed once per iteration */
    unsigned generation;
    bool reading;          /* this round watches for input */
    bool dispatching;      /* inside slirp_pollfds_poll() */
    gint64 deadline;       /* when libslirp's timers want a call, or -1 */
};

static GIOCondition to_gio(int events)
{
    GIOCondition cond = 0;
    cond |= (events & SLIRP_POLL_IN) ? G_IO_IN : 0;
    cond |= (events & SLIRP_POLL_OUT) ? G_IO_OUT : 0;
    cond |= (events & SLIRP_POLL_PRI) ? G_IO_PRI : 0;
    cond |= (events & SLIRP_POLL_ERR) ? G_IO_ERR : 0;
    cond |= (events & SLIRP_POLL_HUP) ? G_IO_HUP : 0;
    return cond;
}

static int from_gio(GIOCondition cond)
{
    int events = 0;
    events |= (cond & G_IO_IN) ? SLIRP_POLL_IN : 0;
    events |= (cond & G_IO_OUT) ? SLIRP_POLL_OUT : 0;
    events |= (cond & G_IO_PRI) ? SLIRP_POLL_PRI : 0;
    events |= (cond & (G_IO_ERR | G_IO_NVAL)) ? SLIRP_POLL_ERR : 0;
    events |= (cond & G_IO_HUP) ? SLIRP_POLL_HUP : 0;
    return events;
}

/* libslirp's add_poll: watch @fd for @events; returns its index. */
static int add_poll(int fd, int events, void *opaque)
{
    NetSlirpPoll *poll = opaque;
    PollEntry *e = g_hash_table_lookup(poll->entries, GINT_TO_POINTER(fd));

    if (!poll->reading) {
        events &= ~(SLIRP_POLL_IN | SLIRP_POLL_PRI);
    }
    GIOCondition cond = to_gio(events);
    if (!e) {
        e = g_new0(PollEntry, 1);
        e->tag = g_source_add_unix_fd(&poll->source, fd, cond);
        e->fd = fd;
        e->events = cond;
        g_hash_table_insert(poll->entries, GINT_TO_POINTER(fd), e);
    } else if (e->events != cond) {
        g_source_modify_unix_fd(&poll->source, e->tag, cond);
        e->events = cond;
    }
    e->generation = poll->generation;
    net_slirp_cork_watch(poll->cork, fd);
    g_ptr_array_add(poll->order, e);
    return (int)poll->order->len - 1;
}

/* libslirp's get_revents: what happened on the socket at @idx. */
static int get_revents(int idx, void *opaque)
{
    NetSlirpPoll *poll = opaque;

    if (idx < 0 || (guint)idx >= poll->order->len) {
        return 0;
    }
    PollEntry *e = poll->order->pdata[idx];
    GIOCondition cond = g_source_query_unix_fd(&poll->source, e->tag);
    if (cond & G_IO_OUT) {
        net_slirp_cork_note_writable(poll->cork, e->fd);
    }
    return from_gio(cond);
}

/* Stops watching the sockets libslirp did not ask for this round. */
static gboolean drop_stale(gpointer key, gpointer value, gpointer data)
{
    NetSlirpPoll *poll = data;
    PollEntry *e = value;

    if (e->generation == poll->generation) {
        return FALSE;
    }
    g_source_remove_unix_fd(&poll->source, e->tag);
    net_slirp_cork_forget(poll->cork, e->fd);
    return TRUE;
}

static gboolean poll_prepare(GSource *source, gint *timeout)
{
    NetSlirpPoll *poll = (NetSlirpPoll *)source;
    uint32_t wait_ms = UINT32_MAX;

    /* What libslirp wrote in the last iteration leaves before we sleep. */
    net_slirp_cork_push(poll->cork);
    if (poll->dispatching) {
        /* A nested main loop: libslirp is busy; leave its sockets be. */
        *timeout = -1;
        return FALSE;
    }
    poll->generation++;
    poll->reading = poll->may_read(poll->opaque);
    g_ptr_array_set_size(poll->order, 0);
    slirp_pollfds_fill(poll->slirp, &wait_ms, add_poll, poll);
    g_hash_table_foreach_remove(poll->entries, drop_stale, poll);

    if (wait_ms == UINT32_MAX) {
        poll->deadline = -1;
        *timeout = -1;
    } else {
        poll->deadline = g_source_get_time(source) + (gint64)wait_ms * 1000;
        *timeout = (gint)MIN(wait_ms, (uint32_t)G_MAXINT);
    }
    return wait_ms == 0;
}

static gboolean poll_check(GSource *source)
{
    NetSlirpPoll *poll = (NetSlirpPoll *)source;

    if (poll->dispatching) {
        return FALSE;
    }
    if (poll->deadline >= 0 && g_source_get_time(source) >= poll->deadline) {
        return TRUE;
    }
    for (guint i = 0; i < poll->order->len; i++) {
        PollEntry *e = poll->order->pdata[i];
        if (g_source_query_unix_fd(source, e->tag)) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean poll_dispatch(GSource *source, GSourceFunc unused,
                              gpointer data)
{
    NetSlirpPoll *poll = (NetSlirpPoll *)source;

    /* Runs libslirp's timers as well as the ready sockets. */
    poll->dispatching = true;
    slirp_pollfds_poll(poll->slirp, 0, get_revents, poll);
    poll->dispatching = false;
    return G_SOURCE_CONTINUE;
}

static void poll_finalize(GSource *source)
{
    NetSlirpPoll *poll = (NetSlirpPoll *)source;

    g_hash_table_destroy(poll->entries);
    g_ptr_array_free(poll->order, TRUE);
    net_slirp_cork_free(poll->cork);
}

/* GLib takes a non-const pointer to the table; it is never written. */
static GSourceFuncs poll_funcs = {
    .prepare = poll_prepare,
    .check = poll_check,
    .dispatch = poll_dispatch,
    .finalize = poll_finalize,
};

NetSlirpPoll *net_slirp_poll_new(QnetContext *ctx, Slirp *slirp,
                                 NetSlirpMayReadFunc *may_read, void *opaque)
{
    GSource *source = g_source_new(&poll_funcs, sizeof(NetSlirpPoll));
    NetSlirpPoll *poll = (NetSlirpPoll *)source;

    poll->slirp = slirp;
    poll->may_read = may_read;
    poll->opaque = opaque;
    poll->entries = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    poll->order = g_ptr_array_new();
    poll->cork = net_slirp_cork_new();
    poll->deadline = -1;
    g_source_set_name(source, "slirp");
    /*
     * GLib takes a non-recursive source's sockets out of the poll set while
     * it dispatches and puts them back after, waking the loop twice for
     * nothing on every dispatch.  Recursion is guarded by `dispatching`.
     */
    qnet_attach_source(ctx, source);
    return poll;
}

void net_slirp_poll_free(NetSlirpPoll *poll)
{
    g_source_destroy(&poll->source);
    g_source_unref(&poll->source);
}

void net_slirp_poll_note_frame(NetSlirpPoll *poll, const uint8_t *frame,
                               size_t len)
{
    net_slirp_cork_note_frame(poll->cork, frame, len);
}

void net_slirp_poll_forget_fd(NetSlirpPoll *poll, int fd)
{
    net_slirp_cork_forget(poll->cork, fd);
}
