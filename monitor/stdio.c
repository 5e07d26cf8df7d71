/* stdio.c: an HMP monitor on a pair of file descriptors (-monitor stdio). */
#include "monitor/stdio.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "monitor/hmp.h"
#include "net/context.h"

/* A monitor line longer than this is refused, not buffered without bound. */
#define HMP_MAX_LINE 4096

struct HmpFdMonitor {
    QnetContext *ctx;
    int in_fd, out_fd;
    GString *line;
    bool discarding;        /* skipping the rest of an overlong line */
    GSource *watch;
    void (*on_quit)(void *opaque);
    void *opaque;
};

/* The monitor writes "\r\n" line ends, as QEMU's does. */
static void write_text(HmpFdMonitor *mon, const char *text)
{
    GString *crlf = g_string_sized_new(strlen(text) + 16);
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(crlf, '\r');
        }
        g_string_append_c(crlf, *p);
    }
    size_t off = 0;
    while (off < crlf->len) {
        ssize_t n = write(mon->out_fd, crlf->str + off, crlf->len - off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;   /* the reader went away; the monitor keeps serving */
        }
        off += (size_t)n;
    }
    g_string_free(crlf, TRUE);
}

static void run_line(HmpFdMonitor *mon, const char *line)
{
    HmpResult res = { .out = g_string_new(NULL) };
    g_string_append_printf(res.out, "%s\n", line);
    hmp_execute(mon->ctx, line, &res);
    if (!res.quit) {
        g_string_append(res.out, "(qemu) ");
    }
    write_text(mon, res.out->str);
    g_string_free(res.out, TRUE);
    if (res.quit && mon->on_quit) {
        mon->on_quit(mon->opaque);
    }
}

static void take_bytes(HmpFdMonitor *mon, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '\n' || c == '\r') {
            if (!mon->discarding && (c == '\n' || mon->line->len)) {
                run_line(mon, mon->line->str);
            }
            mon->discarding = false;
            g_string_truncate(mon->line, 0);
        } else if (mon->discarding) {
            continue;
        } else if (mon->line->len >= HMP_MAX_LINE) {
            write_text(mon, "\nError: command line too long\n(qemu) ");
            mon->discarding = true;
            g_string_truncate(mon->line, 0);
        } else {
            g_string_append_c(mon->line, c);
        }
    }
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
    take_bytes(mon, buf, (size_t)n);
    return G_SOURCE_CONTINUE;
}

HmpFdMonitor *hmp_fd_monitor_new(QnetContext *ctx, int in_fd, int out_fd,
                                 void (*on_quit)(void *opaque), void *opaque)
{
    HmpFdMonitor *mon = g_new0(HmpFdMonitor, 1);
    mon->ctx = ctx;
    mon->in_fd = in_fd;
    mon->out_fd = out_fd;
    mon->line = g_string_new(NULL);
    mon->on_quit = on_quit;
    mon->opaque = opaque;
    g_autofree char *greeting = g_strdup_printf("%s\n(qemu) ", hmp_banner());
    write_text(mon, greeting);
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
    g_string_free(mon->line, TRUE);
    g_free(mon);
}
