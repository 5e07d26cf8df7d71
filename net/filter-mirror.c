/* filter-mirror.c: filter-mirror: a copy of every frame that passes goes to a chardev. */
#include <stddef.h>

#include "net/filter-chr-out.h"
#include "net/filter-types.h"

typedef struct FilterMirror {
    NetFilter nf;
    char *outdev;
    bool vnet_hdr_support;
    FilterChrOut out;
} FilterMirror;

static const NetFilterProp mirror_props[] = {
    { "vnet_hdr_support", "bool", NET_FILTER_PROP_BOOL,
      offsetof(FilterMirror, vnet_hdr_support), NULL },
    { "outdev", "string", NET_FILTER_PROP_STR, offsetof(FilterMirror, outdev),
      NULL },
    { NULL },
};

static bool mirror_setup(NetFilter *nf, Error **errp)
{
    FilterMirror *m = NET_FILTER_UPCAST(FilterMirror, nf);

    if (!m->outdev) {
        error_setg(errp, "filter-mirror parameter 'outdev' cannot be empty");
        return false;
    }
    Chardev *chr = filter_find_chardev(nf, m->outdev);
    if (!chr) {
        error_setg(errp, "Device '%s' not found", m->outdev);
        return false;
    }
    return filter_chr_out_open(&m->out, nf, "filter mirror", chr, errp);
}

static ssize_t mirror_receive_iov(NetFilter *nf, NetClient *sender,
                                  unsigned flags, const struct iovec *iov,
                                  int iovcnt, NetSentCb *sent_cb)
{
    FilterMirror *m = NET_FILTER_UPCAST(FilterMirror, nf);

    filter_chr_out_send(&m->out, m->vnet_hdr_support, iov, iovcnt);
    return 0;
}

static void mirror_cleanup(NetFilter *nf)
{
    filter_chr_out_close(&NET_FILTER_UPCAST(FilterMirror, nf)->out);
}

static void mirror_stats(NetFilter *nf, GString *out)
{
    filter_chr_out_stats(&NET_FILTER_UPCAST(FilterMirror, nf)->out, out);
}

const NetFilterOps net_filter_mirror_ops = {
    .type = "filter-mirror",
    .size = sizeof(FilterMirror),
    .props = mirror_props,
    .setup = mirror_setup,
    .receive_iov = mirror_receive_iov,
    .stats = mirror_stats,
    .cleanup = mirror_cleanup,
};
