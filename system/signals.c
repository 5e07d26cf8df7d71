/* signals.c: SIGINT/SIGTERM/SIGHUP turned into a main-loop event with the sender's pid. */
#include "system/signals.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

typedef struct SignalRecord {
    int signo;
    pid_t pid;
} SignalRecord;

/* The self-pipe: the only state a signal handler may touch. */
static int signal_pipe[2] = { -1, -1 };

static void on_signal(int signo, siginfo_t *info, void *uctx)
{
    int saved = errno;
    SignalRecord rec = { signo, info ? info->si_pid : 0 };
    ssize_t ignored = write(signal_pipe[1], &rec, sizeof(rec));
    (void)ignored;
    errno = saved;
}

typedef struct SignalWatch {
    SignalHandler *handler;
    void *opaque;
} SignalWatch;

static gboolean on_pipe(gint fd, GIOCondition cond, gpointer data)
{
    SignalWatch *w = data;
    SignalRecord rec;
    while (read(fd, &rec, sizeof(rec)) == (ssize_t)sizeof(rec)) {
        w->handler(rec.signo, rec.pid, w->opaque);
    }
    return G_SOURCE_CONTINUE;
}

void signals_install(SignalHandler *handler, void *opaque)
{
    if (!g_unix_open_pipe(signal_pipe, FD_CLOEXEC, NULL)) {
        return;
    }
    g_unix_set_fd_nonblocking(signal_pipe[0], TRUE, NULL);
    g_unix_set_fd_nonblocking(signal_pipe[1], TRUE, NULL);

    SignalWatch *w = g_new0(SignalWatch, 1);
    w->handler = handler;
    w->opaque = opaque;
    g_unix_fd_add_full(G_PRIORITY_HIGH, signal_pipe[0], G_IO_IN, on_pipe, w,
                       g_free);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}
