/* filter-replay.c: filter-replay: QEMU's record/replay hook; qnet has no replay log, so it passes every frame. */
#include "net/filter-types.h"

/*
 * In QEMU the filter records incoming frames into the replay log under
 * -icount rr=record and injects them under rr=replay; without record/
 * replay (always the case in qnet) it lets every frame through.
 */
static ssize_t replay_receive_iov(NetFilter *nf, NetClient *sender,
                                  unsigned flags, const struct iovec *iov,
                                  int iovcnt, NetSentCb *sent_cb)
{
    return 0;
}

const NetFilterOps net_filter_replay_ops = {
    .type = "filter-replay",
    .size = sizeof(NetFilter),
    .receive_iov = replay_receive_iov,
};
