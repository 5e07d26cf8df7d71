/* filter-rewriter.c: filter-rewriter (COLO): TCP sequence rewriting; placeholder. */
#include <stddef.h>

#include "net/filter-types.h"

typedef struct FilterRewriter {
    NetFilter nf;
    bool vnet_hdr_support;
} FilterRewriter;

static const NetFilterProp rewriter_props[] = {
    { "vnet_hdr_support", "bool", NET_FILTER_PROP_BOOL,
      offsetof(FilterRewriter, vnet_hdr_support), NULL },
    { NULL },
};

static ssize_t rewriter_receive_iov(NetFilter *nf, NetClient *sender,
                                    unsigned flags, const struct iovec *iov,
                                    int iovcnt, NetSentCb *sent_cb)
{
    return 0;
}

const NetFilterOps net_filter_rewriter_ops = {
    .type = "filter-rewriter",
    .size = sizeof(FilterRewriter),
    .props = rewriter_props,
    .receive_iov = rewriter_receive_iov,
};
