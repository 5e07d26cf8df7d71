/* announce.h: self-announcement (QEMU's announce_self): RARP frames sent from NICs in timed rounds. */
#ifndef QNET_MONITOR_ANNOUNCE_H
#define QNET_MONITOR_ANNOUNCE_H

#include <glib.h>
#include <stdint.h>

#include "net/mac.h"
#include "qnet/qnet.h"

/* Ethernet minimum frame size without FCS: a RARP frame is padded to it. */
#define ANNOUNCE_FRAME_LEN 60

/* QEMU's announce-self arguments (AnnounceParameters), times in ms. */
typedef struct AnnounceParams {
    int64_t initial;     /* delay before the second round */
    int64_t max;         /* cap on any delay */
    int64_t rounds;      /* number of rounds (0: none) */
    int64_t step;        /* added to the delay after each round */
    char **interfaces;   /* NIC names to announce; NULL: every NIC */
    const char *id;      /* timer name; NULL: the unnamed timer */
} AnnounceParams;

/* The defaults HMP announce_self uses (QEMU's migration parameters). */
#define ANNOUNCE_DEFAULT_INITIAL 50
#define ANNOUNCE_DEFAULT_MAX 550
#define ANNOUNCE_DEFAULT_ROUNDS 5
#define ANNOUNCE_DEFAULT_STEP 100

/*
 * Writes the RARP "reverse request" (RFC 903) QEMU broadcasts for @mac
 * into @buf: Ethernet broadcast, ethertype 0x8035, opcode 3, @mac as both
 * hardware addresses, IPv4 addresses zero, padded with zeros to 60 bytes.
 * Returns ANNOUNCE_FRAME_LEN.
 */
size_t announce_rarp_frame(uint8_t buf[ANNOUNCE_FRAME_LEN],
                           const MACAddr *mac);

/*
 * Sends one round: a RARP frame from queue 0 of every NIC (or of those
 * named in @interfaces; unknown names are ignored), as a raw frame.
 * Returns the number of NICs announced.
 */
unsigned announce_round(QnetContext *ctx, char **interfaces);

/*
 * Starts (or restarts, replacing its parameters) the announce timer named
 * @p->id: a round now, then @p->rounds - 1 more, the k-th (from 1) after
 * a delay of min(initial + (k - 1) * step, max) ms.
 */
void announce_self(QnetContext *ctx, const AnnounceParams *p);

/* The table monitor.c keeps the timers in (values freed with it). */
GHashTable *announce_timer_table_new(void);

#endif
