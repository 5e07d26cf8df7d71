/* nic-noguest.c: a NIC frontend with no guest side yet: it consumes and counts what it receives. */
#include "hw/net/nic-noguest.h"

struct NicNoGuest {
    NICConf conf;           /* the NIC keeps a pointer to it */
    NICState *nic;
    uint64_t rx_frames;
    uint64_t rx_bytes;
};

static ssize_t noguest_receive_iov(NICState *nic, unsigned queue,
                                   const struct iovec *iov, int iovcnt)
{
    NicNoGuest *ng = nic_get_opaque(nic);
    size_t size = 0;
    for (int i = 0; i < iovcnt; i++) {
        size += iov[i].iov_len;
    }
    ng->rx_frames++;
    ng->rx_bytes += size;
    return (ssize_t)size;
}

static const NICOps noguest_ops = {
    .receive_iov = noguest_receive_iov,
};

NicNoGuest *nic_noguest_new(QnetContext *ctx, const NICConf *conf,
                            const char *model, const char *name)
{
    NicNoGuest *ng = g_new0(NicNoGuest, 1);
    ng->conf = *conf;
    ng->nic = nic_new(ctx, &noguest_ops, &ng->conf, model, name, ng);
    return ng;
}

void nic_noguest_free(NicNoGuest *ng)
{
    if (ng) {
        nic_free(ng->nic);
        g_free(ng);
    }
}

NICState *nic_noguest_nic(NicNoGuest *ng)
{
    return ng->nic;
}

uint64_t nic_noguest_rx_frames(const NicNoGuest *ng)
{
    return ng->rx_frames;
}

uint64_t nic_noguest_rx_bytes(const NicNoGuest *ng)
{
    return ng->rx_bytes;
}
