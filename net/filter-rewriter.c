/* filter-rewriter.c: filter-rewriter (COLO): per-connection TCP sequence offsets between a secondary guest and the primary's numbers. */
#include <stddef.h>
#include <string.h>

#include "net/filter-types.h"
#include "util/iov.h"

/*
 * In COLO the secondary guest answers the same TCP connections as the
 * primary, but picks its own initial sequence numbers.  The client only
 * ever sees the primary's.  The rewriter sits on the secondary's netdev
 * and keeps, per connection, offset = secondary ISN - primary ISN:
 *   - the guest's SYN-ACK (RX: the netdev receives it) gives the
 *     secondary ISN;
 *   - the client's handshake ACK (TX: towards the guest) acknowledges
 *     the primary ISN + 1;
 *   - afterwards acknowledgement numbers towards the guest get +offset
 *     and sequence numbers from the guest get -offset (RFC 9293 3.4),
 *     with the TCP checksum adjusted (RFC 1624).
 * Without COLO the client acknowledges the guest's own ISN, the offset is
 * 0 and every frame passes unchanged.  Only IPv4 TCP is handled (as in
 * QEMU); anything else passes.
 */

typedef struct ConnKey {
    uint32_t guest_ip, peer_ip;
    uint16_t guest_port, peer_port;
} ConnKey;

typedef struct Conn {
    ConnKey key;
    uint32_t secondary_isn;
    int32_t offset;
    bool have_isn;
    bool have_offset;
    gint64 last_seen;
} Conn;

typedef struct FilterRewriter {
    NetFilter nf;
    bool vnet_hdr_support;
    GHashTable *conns;          /* ConnKey -> Conn */
    uint8_t *scratch;           /* NET_BUFSIZE: a frame being changed */
    unsigned depth;             /* > 0 while a changed frame is delivered */
    uint64_t rewritten;
} FilterRewriter;

/* What a frame needs: the 32-bit field at @off shifted by @delta. */
typedef struct Rewrite {
    size_t tcp;
    size_t off;
    int32_t delta;
} Rewrite;

/* Connections idle this long are forgotten (no RST or FIN was seen). */
#define REWRITER_IDLE_US (300 * G_USEC_PER_SEC)
#define REWRITER_MAX_CONNS 65536

#define ETH_HLEN 14
#define TCP_FLAG_FIN 0x01
#define TCP_FLAG_SYN 0x02
#define TCP_FLAG_RST 0x04
#define TCP_FLAG_ACK 0x10

static const NetFilterProp rewriter_props[] = {
    { "vnet_hdr_support", "bool", NET_FILTER_PROP_BOOL,
      offsetof(FilterRewriter, vnet_hdr_support), NULL },
    { NULL },
};

static guint key_hash(gconstpointer p)
{
    const ConnKey *k = p;
    return k->guest_ip ^ (k->peer_ip * 31u) ^
           ((guint)k->guest_port << 16 | k->peer_port);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(ConnKey)) == 0;
}

/* Bounds-checked big-endian accessors on the frame. */
static bool get16(const uint8_t *p, size_t len, size_t off, uint16_t *v)
{
    if (off + 2 > len) {
        return false;
    }
    *v = (uint16_t)(p[off] << 8 | p[off + 1]);
    return true;
}

static bool get32(const uint8_t *p, size_t len, size_t off, uint32_t *v)
{
    uint16_t hi, lo;
    if (!get16(p, len, off, &hi) || !get16(p, len, off + 2, &lo)) {
        return false;
    }
    *v = (uint32_t)hi << 16 | lo;
    return true;
}

static void put16(uint8_t *p, size_t off, uint16_t v)
{
    p[off] = (uint8_t)(v >> 8);
    p[off + 1] = (uint8_t)v;
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') for each changed 16-bit word. */
static uint16_t csum_update(uint16_t sum, uint32_t old, uint32_t new)
{
    uint32_t s = (uint16_t)~sum;
    s += (uint16_t)~(old >> 16) + (uint16_t)~(old & 0xffff);
    s += (new >> 16) + (new & 0xffff);
    while (s >> 16) {
        s = (s & 0xffff) + (s >> 16);
    }
    return (uint16_t)~s;
}

/* Where the TCP header of an IPv4 frame starts; false for anything else. */
static bool find_tcp(const uint8_t *f, size_t len, size_t l2,
                     uint32_t *src, uint32_t *dst, size_t *tcp)
{
    uint16_t type;
    if (!get16(f, len, l2 + 12, &type)) {
        return false;
    }
    size_t ip = l2 + ETH_HLEN;
    if (type == 0x8100) {                      /* one 802.1Q tag */
        ip += 4;
        if (!get16(f, len, l2 + 16, &type)) {
            return false;
        }
    }
    if (type != 0x0800 || ip + 20 > len || (f[ip] >> 4) != 4 ||
        f[ip + 9] != 6) {
        return false;
    }
    uint16_t frag;
    size_t ihl = (size_t)(f[ip] & 0x0f) * 4;
    /* Only first fragments carry the TCP header. */
    if (ihl < 20 || !get16(f, len, ip + 6, &frag) || (frag & 0x1fff) ||
        !get32(f, len, ip + 12, src) || !get32(f, len, ip + 16, dst)) {
        return false;
    }
    *tcp = ip + ihl;
    return *tcp + 20 <= len;
}

static Conn *conn_get(FilterRewriter *rw, const ConnKey *key, bool create)
{
    Conn *c = g_hash_table_lookup(rw->conns, key);
    gint64 now = g_get_monotonic_time();

    if (!c && create) {
        if (g_hash_table_size(rw->conns) >= REWRITER_MAX_CONNS) {
            GHashTableIter it;
            gpointer k, v;
            g_hash_table_iter_init(&it, rw->conns);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                if (now - ((Conn *)v)->last_seen > REWRITER_IDLE_US) {
                    g_hash_table_iter_remove(&it);
                }
            }
        }
        c = g_new0(Conn, 1);
        c->key = *key;
        g_hash_table_insert(rw->conns, &c->key, c);
    }
    if (c) {
        c->last_seen = now;
    }
    return c;
}

/* Shifts the 32-bit field @rw describes, fixing the TCP checksum. */
static void apply(uint8_t *f, size_t len, const Rewrite *rw)
{
    uint32_t old, new;
    uint16_t sum;
    if (!get32(f, len, rw->tcp + rw->off, &old) ||
        !get16(f, len, rw->tcp + 16, &sum)) {
        return;
    }
    new = old + (uint32_t)rw->delta;
    put16(f, rw->tcp + rw->off, (uint16_t)(new >> 16));
    put16(f, rw->tcp + rw->off + 2, (uint16_t)new);
    put16(f, rw->tcp + 16, csum_update(sum, old, new));
}

/*
 * Tracks the connection of one frame; returns true when the frame must be
 * changed as *@out says.  The netdev's frames carry no vnet header in
 * qnet (NetClient has no header length to skip), so vnet_hdr_support
 * changes nothing here.
 */
static bool inspect(FilterRewriter *rw, const uint8_t *f, size_t len,
                    bool to_guest, Rewrite *out)
{
    uint32_t src, dst, seq, ack;
    uint16_t sport, dport;
    size_t tcp;

    if (!find_tcp(f, len, 0, &src, &dst, &tcp) ||
        !get16(f, len, tcp, &sport) || !get16(f, len, tcp + 2, &dport) ||
        !get32(f, len, tcp + 4, &seq) || !get32(f, len, tcp + 8, &ack)) {
        return false;
    }
    uint8_t flags = f[tcp + 13];
    ConnKey key = to_guest ? (ConnKey){ dst, src, dport, sport }
                           : (ConnKey){ src, dst, sport, dport };
    bool syn_ack = (flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) ==
                   (TCP_FLAG_SYN | TCP_FLAG_ACK);
    Conn *c = conn_get(rw, &key, (flags & TCP_FLAG_SYN) != 0);
    if (!c) {
        return false;
    }
    if (!to_guest && syn_ack) {
        c->secondary_isn = seq;
        c->have_isn = true;
        c->have_offset = false;
    } else if (to_guest && c->have_isn && !c->have_offset &&
               (flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_ACK) {
        c->offset = (int32_t)(c->secondary_isn - (ack - 1));
        c->have_offset = true;
    }
    bool change = c->have_offset && c->offset;
    if (change) {
        /* Towards the guest: its acks; from it: its sequence numbers. */
        *out = (Rewrite){ tcp, to_guest ? 8 : 4,
                          to_guest ? c->offset : -c->offset };
    }
    if (flags & TCP_FLAG_RST) {
        g_hash_table_remove(rw->conns, &key);
    }
    return change;
}

static ssize_t rewriter_receive_iov(NetFilter *nf, NetClient *sender,
                                    unsigned flags, const struct iovec *iov,
                                    int iovcnt, NetSentCb *sent_cb)
{
    FilterRewriter *rw = NET_FILTER_UPCAST(FilterRewriter, nf);
    bool to_guest = sender == nf->netdev;
    size_t len = iov_size(iov, iovcnt);
    Rewrite change;

    if (!iovcnt || len > NET_BUFSIZE) {
        return 0;
    }
    /* A reply sent while a changed frame is delivered gets its own copy. */
    uint8_t *copy = rw->depth ? g_malloc(len) : rw->scratch;
    const uint8_t *frame = iov[0].iov_base;
    if (iovcnt > 1) {
        iov_to_buf(iov, iovcnt, 0, copy, len);
        frame = copy;
    }
    if (!inspect(rw, frame, len, to_guest, &change)) {
        if (copy != rw->scratch) {
            g_free(copy);
        }
        return 0;
    }
    if (frame != copy) {
        memcpy(copy, frame, len);
    }
    apply(copy, len, &change);
    rw->rewritten++;
    /* The changed copy goes on in place of the original. */
    struct iovec out = { .iov_base = copy, .iov_len = len };
    rw->depth++;
    net_filter_pass_to_next(nf, sender, flags, &out, 1);
    rw->depth--;
    if (copy != rw->scratch) {
        g_free(copy);
    }
    return (ssize_t)len;
}

static bool rewriter_setup(NetFilter *nf, Error **errp)
{
    FilterRewriter *rw = NET_FILTER_UPCAST(FilterRewriter, nf);
    rw->conns = g_hash_table_new_full(key_hash, key_equal, NULL, g_free);
    rw->scratch = g_malloc(NET_BUFSIZE);
    return true;
}

static void rewriter_cleanup(NetFilter *nf)
{
    FilterRewriter *rw = NET_FILTER_UPCAST(FilterRewriter, nf);
    if (rw->conns) {
        g_hash_table_unref(rw->conns);
        rw->conns = NULL;
    }
    g_free(rw->scratch);
    rw->scratch = NULL;
}

static void rewriter_stats(NetFilter *nf, GString *out)
{
    FilterRewriter *rw = NET_FILTER_UPCAST(FilterRewriter, nf);
    g_string_append_printf(out, "connections=%u,rewritten=%" G_GUINT64_FORMAT,
                           rw->conns ? g_hash_table_size(rw->conns) : 0,
                           rw->rewritten);
}

const NetFilterOps net_filter_rewriter_ops = {
    .type = "filter-rewriter",
    .size = sizeof(FilterRewriter),
    .props = rewriter_props,
    .setup = rewriter_setup,
    .receive_iov = rewriter_receive_iov,
    .stats = rewriter_stats,
    .cleanup = rewriter_cleanup,
};
