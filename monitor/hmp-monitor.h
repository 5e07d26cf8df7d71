/* hmp-monitor.h: an HMP monitor over any byte transport: banner, prompt, line editing, "\r\n" output. */
#ifndef QNET_MONITOR_HMP_MONITOR_H
#define QNET_MONITOR_HMP_MONITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "monitor/output.h"
#include "qnet/qnet.h"

typedef struct HmpMonitor HmpMonitor;

/*
 * A human monitor for one client at a time over a transport the caller
 * runs: output through @write, input fed to hmp_monitor_input().  A
 * `quit` command calls monitor_request_quit().
 */
HmpMonitor *hmp_monitor_new(QnetContext *ctx, MonitorWriteFunc *write,
                            void *opaque);

void hmp_monitor_free(HmpMonitor *mon);

/* A client connected: prints the banner and the "(qemu) " prompt. */
void hmp_monitor_open(HmpMonitor *mon);

/* The client went away: the partial line and queued output are dropped. */
void hmp_monitor_close(HmpMonitor *mon);

/*
 * Keystrokes from the client, edited as QEMU's readline does for the
 * keys that matter on a pipe or socket: printable characters are typed,
 * Backspace/DEL erase, escape sequences and other control characters are
 * ignored, CR and LF each end a line.  A line longer than QEMU's 4095
 * characters keeps its first 4095.  Keystrokes are echoed as typed (an
 * erase as "\b ESC[K"), so a terminal shows the line as QEMU's readline
 * leaves it; each line is then run and followed by a new prompt.
 */
void hmp_monitor_input(HmpMonitor *mon, const char *buf, size_t len);

/* How many bytes the monitor takes now: 0 while output waits. */
size_t hmp_monitor_can_read(HmpMonitor *mon);

/* The transport can take output again. */
void hmp_monitor_writable(HmpMonitor *mon);

#endif
