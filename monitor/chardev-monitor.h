/* chardev-monitor.h: an HMP or QMP monitor serving the clients of a chardev. */
#ifndef QNET_MONITOR_CHARDEV_MONITOR_H
#define QNET_MONITOR_CHARDEV_MONITOR_H

#include <stdbool.h>

#include "chardev/char.h"
#include "qnet/qnet.h"

typedef enum MonitorMode {
    MONITOR_MODE_READLINE,   /* HMP, QEMU's -mon mode=readline */
    MONITOR_MODE_CONTROL,    /* QMP, QEMU's -mon mode=control */
} MonitorMode;

typedef struct ChardevMonitor ChardevMonitor;

/*
 * Attaches a monitor to @chr as its front end (QEMU's "Device 'c0' is in
 * use" when it has one).  Each client that connects gets the banner and
 * prompt (HMP) or the greeting (QMP), as on QEMU; a chardev already open
 * (stdio, a connected socket) gets it at once.  @pretty: QMP's
 * pretty-printed replies.
 */
ChardevMonitor *chardev_monitor_new(QnetContext *ctx, Chardev *chr,
                                    MonitorMode mode, bool pretty,
                                    Error **errp);

/* Detaches from the chardev and frees the monitor (NULL is ignored). */
void chardev_monitor_free(ChardevMonitor *mon);

#endif
