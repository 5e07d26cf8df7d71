/* output.h: a monitor's output toward its client: "\r\n" line ends, a bounded queue when the client is slow. */
#ifndef QNET_MONITOR_OUTPUT_H
#define QNET_MONITOR_OUTPUT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Writes all of @buf or nothing: returns @len, -EAGAIN when the transport
 * is full (the owner calls monitor_output_flush() once it drains), or
 * another negative errno when the client is gone.
 */
typedef ssize_t MonitorWriteFunc(void *opaque, const char *buf, size_t len);

typedef struct MonitorOutput {
    MonitorWriteFunc *write;
    void *opaque;
    GString *pending;        /* what the transport refused, in order */
    size_t limit;            /* bound on @pending for droppable text */
    uint64_t dropped;        /* droppable messages dropped at the bound */
} MonitorOutput;

/* Default bound on text waiting in a monitor for a slow client. */
#define MONITOR_OUTPUT_LIMIT ((size_t)1024 * 1024)

void monitor_output_init(MonitorOutput *o, MonitorWriteFunc *write,
                         void *opaque);
void monitor_output_destroy(MonitorOutput *o);

/*
 * Sends @text with each "\n" turned into "\r\n", as QEMU's monitors write.
 * What the transport cannot take now waits in order.  @droppable text
 * (events) is dropped, and counted, instead of growing the queue past the
 * limit; replies are never dropped (the monitor stops reading commands
 * while output waits, so they are bounded by the client's own requests).
 */
void monitor_output_put(MonitorOutput *o, const char *text, bool droppable);

/* Retries what waits (the transport became writable). */
void monitor_output_flush(MonitorOutput *o);

/* True while output waits: the monitor should not read more commands. */
bool monitor_output_blocked(const MonitorOutput *o);

/* The client went away: forgets what waits. */
void monitor_output_reset(MonitorOutput *o);

#endif
