/* qnet.h: the public embedding API of libqnet (context, options, monitor). */
#ifndef QNET_QNET_H
#define QNET_QNET_H

#include <glib.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every library object hangs off one context; there is no global state. */
typedef struct QnetContext QnetContext;

/* Errors returned by the API; read with qnet_error_message(). */
typedef struct Error QnetError;

typedef enum QnetLogLevel {
    QNET_LOG_ERROR,
    QNET_LOG_WARNING,
    QNET_LOG_INFO,
    QNET_LOG_DEBUG,
} QnetLogLevel;

/*
 * The library never prints.  It reports warnings and runtime errors through
 * this callback.  @location is the command-line option the message is about
 * (e.g. "-netdev user,id=a,restrict"), or NULL; @message may hold several
 * lines (a message and its hint).
 */
typedef void QnetLogFunc(void *opaque, QnetLogLevel level,
                         const char *location, const char *message);

/*
 * Creates a context whose sources attach to @main_context (NULL: the
 * thread-default main context).  Free with qnet_context_free().
 */
QnetContext *qnet_context_new(GMainContext *main_context);

/* Closes every backend, flushes every file and frees the context. */
void qnet_context_free(QnetContext *ctx);

/* Sets the log callback (NULL restores the default, which drops messages). */
void qnet_set_log_handler(QnetContext *ctx, QnetLogFunc *func, void *opaque);

/*
 * Takes one networking option of a QEMU command line, before
 * qnet_realize(): @option is the option name without its dash ("netdev",
 * "net", "nic", "device", "object", "machine"), @arg its argument.
 * Returns false with @errp set when the option is invalid.
 */
bool qnet_add_option(QnetContext *ctx, const char *option, const char *arg,
                     QnetError **errp);

/*
 * Builds the graph from the options given: backends, hubs, NICs and default
 * networking, then reports QEMU's start-up warnings through the log.
 */
bool qnet_realize(QnetContext *ctx, QnetError **errp);

/*
 * Runs one human monitor (HMP) command such as "info network" and returns
 * its output (caller frees).  Errors are part of the output, as on a
 * monitor.
 */
char *qnet_hmp_command(QnetContext *ctx, const char *command_line);

/*
 * Busy polling (beyond QEMU): while frames flow, the context's main loop
 * polls its fds for up to @max_us microseconds (adaptively) before it
 * blocks, trading CPU time for latency; an idle loop does not poll.
 * 0 turns it off (the default), as does qnet_context_free().  It installs
 * a poll function on the main context (g_main_context_set_poll_func()), so
 * the setting belongs to the main context: contexts sharing one share it.
 */
void qnet_set_busy_poll(QnetContext *ctx, unsigned max_us);

/* The message of @err. */
const char *qnet_error_message(const QnetError *err);

/* Frees @err (NULL is allowed). */
void qnet_error_free(QnetError *err);

/* The library's version string, e.g. "0.1.0". */
const char *qnet_version(void);

#ifdef __cplusplus
}
#endif

#endif
