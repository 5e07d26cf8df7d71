/* slirp-cork.h: libslirp's writes to host TCP sockets gathered per main-loop iteration (TCP_CORK). */
#ifndef QNET_NET_SLIRP_CORK_H
#define QNET_NET_SLIRP_CORK_H

#include <stddef.h>
#include <stdint.h>

/*
 * libslirp writes each TCP segment from the guest to its host socket as
 * it arrives, and the host sockets have TCP_NODELAY, so every guest
 * segment becomes a host segment: on loopback each one is a trip through
 * the host's TCP receive path and a wakeup of the host application.
 *
 * Instead the host TCP sockets libslirp polls are corked (tcp(7)
 * TCP_CORK), and once per main-loop iteration, before the loop sleeps,
 * the sockets that may have been written to are pushed by setting
 * TCP_NODELAY again ("forces an explicit flush of pending output, even if
 * TCP_CORK is currently set", tcp(7)).  Data never waits longer than the
 * iteration it was written in; the kernel's 200 ms cork ceiling bounds a
 * missed push.
 */
typedef struct NetSlirpCork NetSlirpCork;

NetSlirpCork *net_slirp_cork_new(void);
void net_slirp_cork_free(NetSlirpCork *cork);

/*
 * libslirp polls @fd: a socket not seen before is examined once and, when
 * it is a connected-or-connecting IPv4/IPv6 TCP socket, corked.
 */
void net_slirp_cork_watch(NetSlirpCork *cork, int fd);

/* @fd was opened or closed by libslirp: forget what was learnt about it. */
void net_slirp_cork_forget(NetSlirpCork *cork, int fd);

/*
 * A frame from the guest went to libslirp.  When it carries TCP payload,
 * the host socket of its connection (the one whose peer port is the
 * frame's destination port) is pushed at the next net_slirp_cork_push().
 */
void net_slirp_cork_note_frame(NetSlirpCork *cork, const uint8_t *frame,
                               size_t len);

/* libslirp was told @fd is writable: it may have written to it. */
void net_slirp_cork_note_writable(NetSlirpCork *cork, int fd);

/* Pushes what was written since the last call (one setsockopt each). */
void net_slirp_cork_push(NetSlirpCork *cork);

#endif
