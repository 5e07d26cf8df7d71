/* char-io.h: a chardev's byte stream over one or two fds, with a bounded output buffer (internal). */
#ifndef QNET_CHARDEV_CHAR_IO_H
#define QNET_CHARDEV_CHAR_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "chardev/char-backend.h"

typedef enum ChardevIOFlags {
    /* in_fd == out_fd is a socket: writes use send(MSG_NOSIGNAL). */
    CHARDEV_IO_SOCKET = 1 << 0,
    /*
     * The fds are not ours (stdin/stdout): they are neither closed nor made
     * non-blocking, so writes go out PIPE_BUF bytes at a time and only
     * after poll() says the fd is writable.
     */
    CHARDEV_IO_BORROWED = 1 << 1,
} ChardevIOFlags;

/*
 * Starts a stream for @chr reading @in_fd and writing @out_fd (either may
 * be -1; both may be the same fd).  Input is read from the registry's main
 * context only while the front end can take bytes; the output buffer is
 * flushed as the fd allows.  End of input and errors go to
 * chardev_stream_lost().  Owned fds are made non-blocking.
 */
ChardevIO *chardev_io_new(Chardev *chr, int in_fd, int out_fd,
                          unsigned flags);

/* Stops the stream, drops pending output, closes owned fds (NULL ok). */
void chardev_io_free(ChardevIO *io);

/*
 * Writes all of @buf or nothing (see chardev_write_all() for the policy
 * with @limit).  Returns @len, -EAGAIN, or -errno after a write error;
 * the error also reaches chardev_stream_lost() from the main loop.
 */
ssize_t chardev_io_write(ChardevIO *io, const void *buf, size_t len,
                         size_t limit);

/* Bytes waiting in the output buffer. */
size_t chardev_io_pending(const ChardevIO *io);

/* The input fd, or -1. */
int chardev_io_in_fd(const ChardevIO *io);

/* The output fd, or -1. */
int chardev_io_out_fd(const ChardevIO *io);

#endif
