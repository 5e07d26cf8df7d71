/* hmp.h: the human monitor: a command table and a line interpreter over it. */
#ifndef QNET_MONITOR_HMP_H
#define QNET_MONITOR_HMP_H

#include <glib.h>
#include <stdbool.h>

#include "qnet/qnet.h"

/* What one HMP command line produced. */
typedef struct HmpResult {
    GString *out;      /* text for the monitor, '\n' line ends */
    bool quit;         /* the command asks the program to exit */
} HmpResult;

/* Runs one command line; output goes to @res->out. */
void hmp_execute(QnetContext *ctx, const char *line, HmpResult *res);

/* The monitor banner, in qnet's words. */
const char *hmp_banner(void);

#endif
