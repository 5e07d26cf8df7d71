/* slirp-timer.c: libslirp's timers and clock, as GLib sources on the qnet main context. */
#include "net/slirp-timer.h"

struct NetSlirpTimer {
    GSource source;
    SlirpTimerCb cb;
    void *cb_opaque;
};

int64_t net_slirp_clock_ns(void)
{
    return g_get_monotonic_time() * 1000;
}

/* Ready-time sources need no prepare/check: GLib compares the ready time. */
static gboolean timer_dispatch(GSource *source, GSourceFunc unused,
                               gpointer data)
{
    NetSlirpTimer *timer = (NetSlirpTimer *)source;

    g_source_set_ready_time(source, -1);
    timer->cb(timer->cb_opaque);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_funcs = {
    .dispatch = timer_dispatch,
};

NetSlirpTimer *net_slirp_timer_new(QnetContext *ctx, SlirpTimerCb cb,
                                   void *cb_opaque)
{
    GSource *source = g_source_new(&timer_funcs, sizeof(NetSlirpTimer));
    NetSlirpTimer *timer = (NetSlirpTimer *)source;

    timer->cb = cb;
    timer->cb_opaque = cb_opaque;
    g_source_set_name(source, "slirp-timer");
    g_source_set_ready_time(source, -1);
    qnet_attach_source(ctx, source);
    return timer;
}

void net_slirp_timer_mod(NetSlirpTimer *timer, int64_t expire_ms)
{
    /* The clock is GLib's monotonic clock, so ready times compare as is. */
    g_source_set_ready_time(&timer->source, expire_ms * 1000);
}

void net_slirp_timer_free(NetSlirpTimer *timer)
{
    g_source_destroy(&timer->source);
    g_source_unref(&timer->source);
}
