/* dgram-gso.c: UDP segmentation offload: runs of equal-sized frames leave in one send, as separate datagrams. */
#include "net/dgram-gso.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <string.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103     /* include/uapi/linux/udp.h */
#endif
#ifndef SOL_UDP
#define SOL_UDP 17
#endif

bool dgram_gso_probe(int fd)
{
    int domain = 0, type = 0, protocol = 0, off = 0;
    socklen_t len = sizeof(int);

    if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0 ||
        (domain != AF_INET && domain != AF_INET6)) {
        return false;
    }
    len = sizeof(int);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
        type != SOCK_DGRAM) {
        return false;
    }
    len = sizeof(int);
    if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) < 0 ||
        protocol != IPPROTO_UDP) {
        return false;
    }
    /*
     * A kernel without the option would ignore the control message and
     * send the whole buffer as one datagram; the socket option came with
     * it, so setting it to 0 (its default: no segmentation) tells.
     */
    return setsockopt(fd, SOL_UDP, UDP_SEGMENT, &off, sizeof(off)) == 0;
}

/*
 * How many of @frames can share one send: one size, the last maybe
 * shorter.  *@bytes is their total length.
 */
static unsigned run_length(const struct iovec *frames, unsigned count,
                           size_t *bytes)
{
    size_t seg = frames[0].iov_len, total = seg;
    const uint8_t *end = (const uint8_t *)frames[0].iov_base + seg;
    unsigned k = 1;

    while (k < count && k < DGRAM_GSO_SEGMENTS) {
        size_t len = frames[k].iov_len;
        if (len > seg || total + len > DGRAM_GSO_BYTES ||
            frames[k].iov_base != end) {
            break;
        }
        total += len;
        end += len;
        k++;
        if (len < seg) {
            break;          /* only the last datagram may be shorter */
        }
    }
    *bytes = total;
    return k;
}

unsigned dgram_gso_group(DgramGso *g, const struct iovec *frames,
                         unsigned count, void *name, socklen_t namelen)
{
    unsigned m = 0;

    for (unsigned i = 0; i < count && m < DGRAM_GSO_MSGS; m++) {
        size_t total;
        unsigned k = run_length(&frames[i], count - i, &total);
        g->iov[m] = (struct iovec){ frames[i].iov_base, total };
        g->frames[m] = k;
        struct msghdr *h = &g->msgs[m].msg_hdr;
        *h = (struct msghdr){
            .msg_name = name, .msg_namelen = namelen,
            .msg_iov = &g->iov[m], .msg_iovlen = 1,
        };
        if (k > 1) {
            memset(g->cmsg[m].buf, 0, sizeof(g->cmsg[m].buf)); /* padding */
            h->msg_control = g->cmsg[m].buf;
            h->msg_controllen = sizeof(g->cmsg[m].buf);
            struct cmsghdr *c = CMSG_FIRSTHDR(h);
            c->cmsg_level = SOL_UDP;
            c->cmsg_type = UDP_SEGMENT;
            c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
            uint16_t seg = (uint16_t)frames[i].iov_len;
            memcpy(CMSG_DATA(c), &seg, sizeof(seg));
        }
        i += k;
    }
    return m;
}

bool dgram_gso_unusable(int err)
{
    /*
     * udp_send_skb() refuses a segmented send with EINVAL (segment above
     * the path MTU, checksums off) or EIO (UDP-Lite, IPsec); EMSGSIZE and
     * the "not supported" codes are taken to mean the same.
     */
    return err == EINVAL || err == EIO || err == EMSGSIZE ||
           err == EOPNOTSUPP || err == ENOPROTOOPT;
}
