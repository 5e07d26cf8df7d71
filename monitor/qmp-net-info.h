/* qmp-net-info.h: x-qnet-query-net: the whole graph as structured data, what users scrape `info network` for. */
#ifndef QNET_MONITOR_QMP_NET_INFO_H
#define QNET_MONITOR_QMP_NET_INFO_H

#include <json-glib/json-glib.h>

#include "qnet/qnet.h"

/*
 * {"clients": [...], "hubs": [...]}.  Each client, in creation order:
 * name, type, model, queue-index, info (the `info network` text after
 * type=), netdev (created by -netdev/netdev_add), link-up, peer (absent
 * when none), hub (the hub id of a hub port), mac (NICs), queued (frames
 * waiting for it), receive-disabled, filters [{id, type, queue, status,
 * position, insert}] in chain order, and stats {tx-frames, tx-bytes,
 * rx-frames, rx-bytes, drop-link-down, drop-no-peer, drop-oversize,
 * drop-queue-full}.  Each hub with ports: {id, ports: [names, oldest
 * first]}, by id.
 */
JsonObject *qmp_net_info(QnetContext *ctx);

#endif
