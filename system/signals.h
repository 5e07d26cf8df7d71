/* signals.h: SIGINT/SIGTERM/SIGHUP turned into a main-loop event with the sender's pid. */
#ifndef QNET_SYSTEM_SIGNALS_H
#define QNET_SYSTEM_SIGNALS_H

#include <glib.h>
#include <sys/types.h>

typedef void SignalHandler(int signo, pid_t sender, void *opaque);

/*
 * Installs handlers for SIGINT, SIGTERM and SIGHUP; @handler then runs
 * from the default main context (not from signal context).
 */
void signals_install(SignalHandler *handler, void *opaque);

#endif
