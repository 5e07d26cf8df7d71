/* queue.h: the frames waiting for one receiver, with QEMU's hold/flush contract. */
#ifndef QNET_NET_QUEUE_H
#define QNET_NET_QUEUE_H

#include "net/client.h"

/*
 * Hands one frame to the receiver that owns the queue.  Returns the size
 * consumed, or 0 when the receiver cannot take it now.
 */
typedef ssize_t NetQueueDeliverFunc(NetClient *sender, unsigned flags,
                                    const struct iovec *iov, int iovcnt,
                                    void *opaque);

/* A queue whose frames go to @deliver(…, @opaque). */
NetQueue *net_queue_new(NetQueueDeliverFunc *deliver, void *opaque);

/* Frees the queue; frames still in it are purged (callbacks get 0). */
void net_queue_free(NetQueue *q);

/*
 * Delivers a frame now if @can_deliver, the queue is not in the middle of a
 * delivery and every older frame could be delivered first; otherwise (or
 * when the receiver returns 0) appends it, so frames keep their order.
 * Returns the delivered size, or 0 when the frame was queued or dropped
 * because the queue is full and there is no @sent_cb (counted on the
 * sender as drop_queue_full).
 */
ssize_t net_queue_send_iov(NetQueue *q, NetClient *sender, unsigned flags,
                           const struct iovec *iov, int iovcnt,
                           NetSentCb *sent_cb, bool can_deliver);

/*
 * Delivers waiting frames in order until the receiver returns 0 (the frame
 * goes back to the head).  Each delivered frame's sent callback runs.
 * Returns true when the queue is empty afterwards.
 */
bool net_queue_flush(NetQueue *q);

/* Drops the frames from @sender (all frames when NULL); callbacks get 0. */
void net_queue_purge(NetQueue *q, NetClient *sender);

/* Number of frames waiting. */
unsigned net_queue_length(const NetQueue *q);

#endif
