/* hmp-monitor.c: an HMP monitor over any byte transport: banner, prompt, line editing, "\r\n" output. */
#include "monitor/hmp-monitor.h"

#include "monitor/hmp.h"
#include "monitor/monitor.h"

/* QEMU's readline keeps at most this many characters of a line. */
#define HMP_MAX_LINE 4095

#define HMP_READ_CHUNK 4096

typedef enum EscState {
    ESC_NONE,
    ESC_START,      /* after ESC */
    ESC_CSI,        /* after ESC [ or ESC O: until the final byte */
} EscState;

struct HmpMonitor {
    QnetContext *ctx;
    MonitorOutput out;
    GString *line;
    GString *echo;          /* keystroke echo not yet sent */
    EscState esc;
    bool open;
};

HmpMonitor *hmp_monitor_new(QnetContext *ctx, MonitorWriteFunc *write,
                            void *opaque)
{
    HmpMonitor *mon = g_new0(HmpMonitor, 1);
    mon->ctx = ctx;
    mon->line = g_string_new(NULL);
    mon->echo = g_string_new(NULL);
    monitor_output_init(&mon->out, write, opaque);
    return mon;
}

void hmp_monitor_free(HmpMonitor *mon)
{
    if (!mon) {
        return;
    }
    monitor_output_destroy(&mon->out);
    g_string_free(mon->line, TRUE);
    g_string_free(mon->echo, TRUE);
    g_free(mon);
}

void hmp_monitor_open(HmpMonitor *mon)
{
    hmp_monitor_close(mon);
    mon->open = true;
    g_autofree char *greeting = g_strdup_printf("%s\n(qemu) ", hmp_banner());
    monitor_output_put(&mon->out, greeting, false);
}

void hmp_monitor_close(HmpMonitor *mon)
{
    mon->open = false;
    mon->esc = ESC_NONE;
    g_string_truncate(mon->line, 0);
    g_string_truncate(mon->echo, 0);
    monitor_output_reset(&mon->out);
}

static void run_line(HmpMonitor *mon)
{
    HmpResult res = { .out = g_string_new(NULL) };
    g_string_append_len(res.out, mon->echo->str, (gssize)mon->echo->len);
    g_string_append_c(res.out, '\n');
    g_string_truncate(mon->echo, 0);
    g_autofree char *line = g_strdup(mon->line->str);
    g_string_truncate(mon->line, 0);
    hmp_execute(mon->ctx, line, &res);
    if (!res.quit) {
        g_string_append(res.out, "(qemu) ");
    }
    monitor_output_put(&mon->out, res.out->str, false);
    g_string_free(res.out, TRUE);
    if (res.quit) {
        mon->open = false;      /* no more commands from this client */
        monitor_request_quit(mon->ctx, "host-qmp-quit");
    }
}

/* Escape sequences (cursor keys, ...) are swallowed whole. */
static bool in_escape(HmpMonitor *mon, unsigned char c)
{
    switch (mon->esc) {
    case ESC_START:
        mon->esc = (c == '[' || c == 'O') ? ESC_CSI : ESC_NONE;
        return true;
    case ESC_CSI:
        if (c >= 0x40 && c <= 0x7e) {
            mon->esc = ESC_NONE;
        }
        return true;
    default:
        return false;
    }
}

static void take_char(HmpMonitor *mon, unsigned char c)
{
    if (in_escape(mon, c)) {
        return;
    }
    switch (c) {
    case '\r':
    case '\n':
        run_line(mon);
        return;
    case 0x1b:
        mon->esc = ESC_START;
        return;
    case 0x08:
    case 0x7f:
        if (mon->line->len) {
            g_string_truncate(mon->line, mon->line->len - 1);
            g_string_append(mon->echo, "\b\x1b[K");
        }
        return;
    }
    if (c >= 0x20 && mon->line->len < HMP_MAX_LINE) {
        g_string_append_c(mon->line, (char)c);
        g_string_append_c(mon->echo, (char)c);
    }
}

void hmp_monitor_input(HmpMonitor *mon, const char *buf, size_t len)
{
    for (size_t i = 0; i < len && mon->open; i++) {
        take_char(mon, (unsigned char)buf[i]);
    }
    /* What was typed but not entered yet is echoed as it comes. */
    if (mon->echo->len && mon->open) {
        monitor_output_put(&mon->out, mon->echo->str, false);
        g_string_truncate(mon->echo, 0);
    }
}

size_t hmp_monitor_can_read(HmpMonitor *mon)
{
    return monitor_output_blocked(&mon->out) ? 0 : HMP_READ_CHUNK;
}

void hmp_monitor_writable(HmpMonitor *mon)
{
    monitor_output_flush(&mon->out);
}
