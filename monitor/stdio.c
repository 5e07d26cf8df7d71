/* stdio.c: an HMP monitor on a pair of file descriptors (-monitor stdio without chardevs). */
#include "monitor/stdio.h"

#include <errno.h>
#include <glib-unix.h>
#include <unistd.h>

#include "monitor/hmp-monitor.h"
#include "monitor/monitor.h"
#include "net/context.h"

struct HmpFdMonitor {
    QnetContext *ctx;
    int in_fd, out_fd;
    HmpMonitor *hmp;
    GSource *watch;
};

/* Blocking writes: stdout is the terminal or pipe of the user. */
static ssize_t write_fd(void *opaque, const char *buf, size_t len)
{
    HmpFdMonitor *mon = opaque;
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(mon->out_fd, buf + off, len - off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -EPIPE;   /* the reader went away; keep serving */
        }
        off += (size_t)n;
    }
    return (ssize_t)len;
}

static gboolean on_input(gint fd, GIOCondition cond, gpointer opaque)
{
    HmpFdMonitor *mon = opaque;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        /* End of input: like QEMU, keep running without this monitor. */
        mon->watch = NULL;
        return G_SOURCE_REMOVE;
    }
    hmp_monitor_input(mon->hmp, buf, (size_t)n);
    return G_SOURCE_CONTINUE;
}

HmpFdMonitor *hmp_fd_monitor_new(QnetContext *ctx, int in_fd, int out_fd,
                                 void (*on_quit)(void *opaque), void *opaque)
{
    HmpFdMonitor *mon = g_new0(HmpFdMonitor, 1);
    mon->ctx = ctx;
    mon->in_fd = in_fd;
    mon->out_fd = out_fd;
    if (on_quit) {
        monitor_set_quit_handler(ctx, on_quit, opaque);
    }
    mon->hmp = hmp_monitor_new(ctx, write_fd, mon);
    hmp_monitor_open(mon->hmp);
    mon->watch = g_unix_fd_source_new(in_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    g_source_set_callback(mon->watch, G_SOURCE_FUNC(on_input), mon, NULL);
    qnet_attach_source(ctx, mon->watch);
    g_source_unref(mon->watch);
    return mon;
}

void hmp_fd_monitor_free(HmpFdMonitor *mon)
{
    if (!mon) {
        return;
    }
    if (mon->watch) {
        g_source_destroy(mon->watch);
    }
    hmp_monitor_free(mon->hmp);
    g_free(mon);
}
