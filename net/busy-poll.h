/* busy-poll.h: adaptive busy polling of a main context's fds before it blocks (beyond QEMU). */
#ifndef QNET_NET_BUSY_POLL_H
#define QNET_NET_BUSY_POLL_H

#include <glib.h>

/*
 * While frames flow, a main loop that blocks in poll() pays a sleep and a
 * wake-up for every frame; on a virtual machine, waking an idle vCPU costs
 * far more than forwarding the frame.  With busy polling, a wait that is
 * expected to be short first polls the fds with a zero timeout, and the
 * loop blocks only when nothing came within the polling window.
 *
 * The window adapts as QEMU's AioContext polling (poll-max-ns) does: it
 * starts at 0, grows (4 us, then doubling, up to @max_us) while waits end
 * with an event within @max_us of their start, stays while polling finds
 * work, and drops to 0 after a wait longer than @max_us or one that ended
 * in a timeout.  An idle loop therefore blocks at once and uses no CPU;
 * only the first wait after the last frame polls, for at most @max_us.
 * Between zero-timeout polls the thread calls sched_yield(), so that a
 * process the loop waits for (the peer of a socket) can run first when it
 * shares the CPU.
 *
 * It works with any loop runner (g_main_loop_run(), g_main_context_iteration())
 * by installing a poll function on the context (g_main_context_set_poll_func()),
 * which replaces one installed before; turning it off installs g_poll().
 */

/* Polls @main_context's fds for up to @max_us before blocking; 0: off. */
void busy_poll_set(GMainContext *main_context, unsigned max_us);

#endif
