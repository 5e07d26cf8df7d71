/* busy-poll.c: adaptive busy polling of a main context's fds before it blocks (beyond QEMU). */
#include "net/busy-poll.h"

#include <sched.h>
#include <time.h>

#include "net/context.h"

/* The first window, and the factor it grows by (QEMU's poll-grow default). */
#define WINDOW_START_NS 4000
#define WINDOW_GROW 2

/*
 * A GPollFunc gets no user data, so the settings live in a process-wide
 * table: one entry per main context ever configured, found by the thread
 * that owns (is iterating) the context.  Entries are never freed, so a
 * poll running in another thread never sees one disappear; an entry that
 * was turned off holds no context (and no reference to one).
 */
typedef struct BusyPoll {
    GMainContext *main_context;  /* referenced while on, else NULL */
    gint64 max_ns;
    gint64 window_ns;            /* how long the next wait polls first */
} BusyPoll;

G_LOCK_DEFINE_STATIC(busy_poll);
static GPtrArray *busy_polls;

static gint64 now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (gint64)ts.tv_sec * G_GINT64_CONSTANT(1000000000) + ts.tv_nsec;
}

/* Called with the lock held. */
static BusyPoll *find_entry(GMainContext *main_context)
{
    for (guint i = 0; busy_polls && i < busy_polls->len; i++) {
        BusyPoll *bp = g_ptr_array_index(busy_polls, i);
        if (bp->main_context == main_context) {
            return bp;
        }
    }
    return NULL;
}

/* The entry of the context this thread is iterating; lock held. */
static BusyPoll *find_owned(void)
{
    for (guint i = 0; busy_polls && i < busy_polls->len; i++) {
        BusyPoll *bp = g_ptr_array_index(busy_polls, i);
        if (bp->main_context && bp->max_ns &&
            g_main_context_is_owner(bp->main_context)) {
            return bp;
        }
    }
    return NULL;
}

/*
 * Polls with a zero timeout until an fd is ready or @limit_ns passed.
 * Returns poll's result (0: nothing came).  sched_yield() between polls
 * lets a task this loop waits for run first when it shares the CPU (with
 * nothing else runnable it returns at once: sched_yield(2)).
 */
static gint spin(GPollFD *fds, guint nfds, gint64 start, gint64 limit_ns)
{
    for (;;) {
        gint ret = g_poll(fds, nfds, 0);
        if (ret != 0 || now_ns() - start >= limit_ns) {
            return ret;
        }
        sched_yield();
    }
}

/*
 * The window for the next wait, from this one: QEMU's rule (see
 * busy-poll.h) applied to @waited_ns, the time from the start of this
 * wait until an fd was ready (or the timeout).
 */
static gint64 next_window(gint64 window_ns, gint64 max_ns, gint64 waited_ns,
                          bool ready)
{
    if (!ready || waited_ns > max_ns) {
        return 0;       /* idle: block at once from now on */
    }
    if (waited_ns > window_ns) {
        /* Polling a little longer would have caught it. */
        gint64 grown = window_ns ? window_ns * WINDOW_GROW : WINDOW_START_NS;
        return MIN(grown, max_ns);
    }
    return window_ns;   /* polling found the work: keep the window */
}

static gint busy_poll_func(GPollFD *fds, guint nfds, gint timeout_ms)
{
    G_LOCK(busy_poll);
    BusyPoll *bp = timeout_ms != 0 ? find_owned() : NULL;
    gint64 max_ns = bp ? bp->max_ns : 0;
    gint64 window_ns = bp ? bp->window_ns : 0;
    G_UNLOCK(busy_poll);

    if (!max_ns) {
        return g_poll(fds, nfds, timeout_ms);
    }
    gint64 start = now_ns();
    gint64 limit_ns = window_ns;
    if (timeout_ms > 0) {
        limit_ns = MIN(limit_ns, (gint64)timeout_ms * 1000000);
    }
    gint ret = limit_ns > 0 ? spin(fds, nfds, start, limit_ns) : 0;
    if (ret == 0) {
        gint remaining = timeout_ms;
        if (timeout_ms > 0) {
            gint64 spent_ms = (now_ns() - start) / 1000000;
            remaining = (gint)MAX(0, timeout_ms - spent_ms);
        }
        ret = g_poll(fds, nfds, remaining);
    }
    gint64 waited_ns = now_ns() - start;

    G_LOCK(busy_poll);
    if (bp->main_context) {
        bp->window_ns = next_window(window_ns, max_ns, waited_ns, ret > 0);
    }
    G_UNLOCK(busy_poll);
    return ret;
}

void busy_poll_set(GMainContext *main_context, unsigned max_us)
{
    GMainContext *unref = NULL;

    G_LOCK(busy_poll);
    BusyPoll *bp = find_entry(main_context);
    bool was_on = bp != NULL;
    if (!bp && max_us) {
        bp = find_entry(NULL);  /* one turned off before, or a new one */
        if (!bp) {
            if (!busy_polls) {
                busy_polls = g_ptr_array_new();
            }
            bp = g_new0(BusyPoll, 1);
            g_ptr_array_add(busy_polls, bp);
        }
    }
    if (bp && max_us) {
        if (!bp->main_context) {
            bp->main_context = g_main_context_ref(main_context);
        }
        bp->max_ns = (gint64)max_us * 1000;
        bp->window_ns = 0;
    } else if (bp) {
        unref = bp->main_context;
        bp->main_context = NULL;
        bp->max_ns = 0;
        bp->window_ns = 0;
    }
    G_UNLOCK(busy_poll);

    /* Outside the lock: this takes the context's own lock. */
    if (max_us) {
        g_main_context_set_poll_func(main_context, busy_poll_func);
    } else if (was_on) {
        g_main_context_set_poll_func(main_context, NULL);   /* g_poll() */
    }
    if (unref) {
        g_main_context_unref(unref);
    }
}

void qnet_set_busy_poll(QnetContext *ctx, unsigned max_us)
{
    busy_poll_set(ctx->main_context, max_us);
}
