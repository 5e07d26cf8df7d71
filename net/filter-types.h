/* filter-types.h: the filter types qnet provides (each defined in its net/filter-*.c). */
#ifndef QNET_NET_FILTER_TYPES_H
#define QNET_NET_FILTER_TYPES_H

#include "net/filter.h"

extern const NetFilterOps net_filter_buffer_ops;
extern const NetFilterOps net_filter_dump_ops;
extern const NetFilterOps net_filter_mirror_ops;
extern const NetFilterOps net_filter_redirector_ops;
extern const NetFilterOps net_filter_replay_ops;
extern const NetFilterOps net_filter_rewriter_ops;

#endif
