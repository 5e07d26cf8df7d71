/* stdio.h: an HMP monitor on a pair of file descriptors (-monitor stdio). */
#ifndef QNET_MONITOR_STDIO_H
#define QNET_MONITOR_STDIO_H

#include <glib.h>

#include "qnet/qnet.h"

typedef struct HmpFdMonitor HmpFdMonitor;

/*
 * Serves HMP on @in_fd/@out_fd from the context's main loop: prints the
 * banner and prompt, runs each line read.  @on_quit runs when a command
 * asks to quit.
 */
HmpFdMonitor *hmp_fd_monitor_new(QnetContext *ctx, int in_fd, int out_fd,
                                 void (*on_quit)(void *opaque), void *opaque);

void hmp_fd_monitor_free(HmpFdMonitor *mon);

#endif
