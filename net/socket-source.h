/* socket-source.h: a main-loop source over one socket fd, with changeable interest and deferred work. */
#ifndef QNET_NET_SOCKET_SOURCE_H
#define QNET_NET_SOCKET_SOURCE_H

#include <glib.h>

typedef struct QnetContext QnetContext;
typedef struct SocketSource SocketSource;

/*
 * Called from the main loop with the conditions seen on the fd (0 when
 * the call is only for work asked by socket_source_kick()).
 */
typedef void SocketSourceFunc(void *opaque, GIOCondition revents);

/*
 * A source attached to @ctx's main context that calls @func(@opaque, ...).
 * It watches no fd until socket_source_set_fd().
 */
SocketSource *socket_source_new(QnetContext *ctx, SocketSourceFunc *func,
                                void *opaque);

/* Watches @fd (-1: none) for @events (G_IO_IN, G_IO_OUT; errors always). */
void socket_source_set_fd(SocketSource *s, int fd, GIOCondition events);

/* Changes the conditions watched on the current fd. */
void socket_source_set_events(SocketSource *s, GIOCondition events);

/* The conditions watched now. */
GIOCondition socket_source_get_events(SocketSource *s);

/*
 * Asks for one call soon, from the main loop (not from inside the caller):
 * used to write out a batch at the end of a dispatch round and to resume
 * reading after a sent callback without re-entering the net core.  Asked
 * during the dispatch of a socket source, the call comes as soon as that
 * dispatch returns, in the same main-loop iteration; otherwise in the next
 * iteration.
 */
void socket_source_kick(SocketSource *s);

/* Destroys the source (the fd is not closed). */
void socket_source_free(SocketSource *s);

#endif
