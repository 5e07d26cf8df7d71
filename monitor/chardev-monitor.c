/* chardev-monitor.c: an HMP or QMP monitor serving the clients of a chardev. */
#include "monitor/chardev-monitor.h"

#include "monitor/hmp-monitor.h"
#include "monitor/qmp.h"

struct ChardevMonitor {
    Chardev *chr;
    HmpMonitor *hmp;     /* one of the two */
    QmpSession *qmp;
};

static ssize_t write_chardev(void *opaque, const char *buf, size_t len)
{
    ChardevMonitor *mon = opaque;
    return chardev_write_all(mon->chr, buf, len);
}

static size_t mon_can_read(void *opaque)
{
    ChardevMonitor *mon = opaque;
    return mon->hmp ? hmp_monitor_can_read(mon->hmp)
                    : qmp_session_can_read(mon->qmp);
}

static void mon_read(void *opaque, const uint8_t *buf, size_t len)
{
    ChardevMonitor *mon = opaque;
    if (mon->hmp) {
        hmp_monitor_input(mon->hmp, (const char *)buf, len);
    } else {
        qmp_session_input(mon->qmp, (const char *)buf, len);
    }
}

static void mon_event(void *opaque, ChardevEvent event)
{
    ChardevMonitor *mon = opaque;
    bool opened = event == CHARDEV_EVENT_OPENED;
    if (mon->hmp) {
        opened ? hmp_monitor_open(mon->hmp) : hmp_monitor_close(mon->hmp);
    } else {
        opened ? qmp_session_open(mon->qmp) : qmp_session_close(mon->qmp);
    }
}

static void mon_writable(void *opaque)
{
    ChardevMonitor *mon = opaque;
    if (mon->hmp) {
        hmp_monitor_writable(mon->hmp);
    } else {
        qmp_session_writable(mon->qmp);
    }
}

static const ChardevHandlers monitor_handlers = {
    .can_read = mon_can_read,
    .read = mon_read,
    .event = mon_event,
    .writable = mon_writable,
};

ChardevMonitor *chardev_monitor_new(QnetContext *ctx, Chardev *chr,
                                    MonitorMode mode, bool pretty,
                                    Error **errp)
{
    ChardevMonitor *mon = g_new0(ChardevMonitor, 1);
    mon->chr = chr;
    if (mode == MONITOR_MODE_READLINE) {
        mon->hmp = hmp_monitor_new(ctx, write_chardev, mon);
    } else {
        mon->qmp = qmp_session_new(ctx, pretty, write_chardev, mon);
    }
    if (!chardev_attach(chr, &monitor_handlers, mon, errp)) {
        hmp_monitor_free(mon->hmp);
        qmp_session_free(mon->qmp);
        g_free(mon);
        return NULL;
    }
    if (mon->hmp) {
        /* Readline echoes what is typed; the terminal must not. */
        chardev_set_echo(chr, false);
    }
    return mon;
}

void chardev_monitor_free(ChardevMonitor *mon)
{
    if (!mon) {
        return;
    }
    chardev_detach(mon->chr);
    hmp_monitor_free(mon->hmp);
    qmp_session_free(mon->qmp);
    g_free(mon);
}
