/* qmp.h: a QMP session: greeting, capabilities negotiation, commands and events over any byte transport. */
#ifndef QNET_MONITOR_QMP_H
#define QNET_MONITOR_QMP_H

#include <stdbool.h>
#include <stddef.h>

#include "monitor/output.h"
#include "qnet/qnet.h"

typedef struct QmpSession QmpSession;

/*
 * A session speaks QMP with one client at a time over a transport that
 * the caller runs: it writes with @write (see MonitorWriteFunc) and feeds
 * what it reads to qmp_session_input().  @pretty: QEMU's -qmp-pretty.
 */
QmpSession *qmp_session_new(QnetContext *ctx, bool pretty,
                            MonitorWriteFunc *write, void *opaque);

void qmp_session_free(QmpSession *s);

/*
 * A client connected: sends the greeting; commands other than
 * qmp_capabilities are refused until it negotiates.
 */
void qmp_session_open(QmpSession *s);

/* The client went away: partial input and queued output are dropped. */
void qmp_session_close(QmpSession *s);

/* Bytes from the client; replies and events go out through @write. */
void qmp_session_input(QmpSession *s, const char *buf, size_t len);

/* How many bytes the session takes now: 0 while output waits. */
size_t qmp_session_can_read(QmpSession *s);

/* The transport can take output again. */
void qmp_session_writable(QmpSession *s);

/*
 * Runs one QMP request object given as text, as if a negotiated client
 * had sent it, and returns the reply text without line end (NULL when
 * there is none).  For embedders and tests.
 */
char *qmp_execute_text(QnetContext *ctx, const char *request);

#endif
