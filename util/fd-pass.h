/* fd-pass.h: passing one file descriptor with one byte over a unix socket (SCM_RIGHTS), libc only. */
#ifndef QNET_UTIL_FD_PASS_H
#define QNET_UTIL_FD_PASS_H

/*
 * QEMU's bridge helper protocol sends the tap fd this way; the helper
 * program (no GLib) and libqnet both build this file.
 */

/* Sends @fd and one zero byte over @sock.  Returns 0, or -1 with errno. */
int fd_pass_send(int sock, int fd);

/*
 * Waits for one message on @sock and takes the descriptor it carries
 * (close-on-exec).  Returns the fd, -1 with errno on a receive error, or
 * -2 when the message carried none (end of file included).
 */
int fd_pass_receive(int sock);

#endif
