/* slirp-dhcp-guard.c: keeps from libslirp the DHCP requests it could only leak on, once its 16 leases are all taken. */
#include "net/slirp-dhcp-guard.h"

#include <arpa/inet.h>
#include <string.h>

/*
 * Why, in libslirp 4.7.0's terms (src/bootp.c):
 *
 * - bootp_reply() takes a reply mbuf first, then looks for a lease.  For a
 *   DHCPDISCOVER, or a DHCPREQUEST (a plain BOOTP request counts as one)
 *   with neither option 50 nor ciaddr, from a hardware address (chaddr)
 *   that holds no lease, it calls get_new_addr(); with all
 *   NB_BOOTP_CLIENTS (16) leases taken that returns NULL and bootp_reply()
 *   returns ("no address left") without freeing the mbuf: ~1.6 KiB per
 *   request, kept until the netdev goes away, and no answer is sent.
 * - A lease is a slot {allocated, macaddr}.  `allocated` is only ever set:
 *   there is no expiry (the 86400 s lease time is only advertised in
 *   option 51, no timer or clock is read), DHCPRELEASE and DHCPDECLINE are
 *   ignored, and a taken slot never changes hands (its MAC is written only
 *   while it is free or already that MAC's).  Once 16 slots are taken,
 *   the table is final for the life of the Slirp instance.
 * (tests/unit/test-slirp.c checks these on the libslirp we link with.)
 *
 * So once the guard has seen all 16 leases given out, such a request from
 * any other chaddr can only leak and never be answered: dropping it before
 * libslirp changes nothing the guest can see.  No probe or expiry is
 * needed, since libslirp never frees a lease; the guard dies with the
 * netdev, as the table does.  Everything else passes: requests naming an
 * address (libslirp answers them, a NAK at worst, and frees nothing),
 * requests from lease holders (renewals), other message types.
 *
 * Leases are learned only from OFFERs and ACKs libslirp sends while a
 * frame that may reach bootp_input() (a datagram to port 67, or any
 * fragment) is inside slirp_input(): bootp_reply() sends at once (it adds
 * the ARP entry first), while host sockets are read elsewhere, so no other
 * traffic (a host forward to the guest's port 68, say) can fill the table.
 * A lease missed (a re-entrant send) leaves the guard open, never shut.
 *
 * A first fragment of a datagram to port 67 is dropped while the table is
 * full: its chaddr may be cut off, and without it the datagram is never
 * reassembled.  DHCP clients do not fragment: their messages are a few
 * hundred bytes (RFC 2131 2 sizes them for 576) sent on the local link.
 */

enum {
    ETH_HLEN = 14,
    ETH_P_IPV4 = 0x0800,
    IP_HLEN_MIN = 20,
    IP_PROTO_UDP = 17,
    UDP_HLEN = 8,
    BOOTP_SERVER = 67,
    BOOTP_CLIENT = 68,
    /* RFC 951 / RFC 2131 2: the fixed part, and where fields sit in it */
    BOOTP_FIXED = 236,
    BOOTP_OP = 0,
    BOOTP_CIADDR = 12,
    BOOTP_YIADDR = 16,
    BOOTP_CHADDR = 28,
    BOOTP_REQUEST = 1,
    BOOTP_REPLY = 2,
    /* RFC 2132 */
    OPT_PAD = 0,
    OPT_REQ_ADDR = 50,
    OPT_MSG_TYPE = 53,
    OPT_END = 255,
    DHCPDISCOVER = 1,
    DHCPOFFER = 2,
    DHCPREQUEST = 3,
    DHCPACK = 5,
};

#define DHCP_COOKIE 0x63825363u   /* RFC 2131 3: options start with it */
#define IP_BROADCAST 0xffffffffu

/* A frame's bytes; every read is checked against len. */
typedef struct Bytes {
    const uint8_t *p;
    size_t len;
} Bytes;

static bool has(Bytes b, size_t off, size_t n)
{
    return off <= b.len && n <= b.len - off;
}

static bool rd8(Bytes b, size_t off, uint8_t *v)
{
    if (!has(b, off, 1)) {
        return false;
    }
    *v = b.p[off];
    return true;
}

static bool rd16(Bytes b, size_t off, uint16_t *v)
{
    if (!has(b, off, 2)) {
        return false;
    }
    *v = (uint16_t)(b.p[off] << 8 | b.p[off + 1]);
    return true;
}

static bool rd32(Bytes b, size_t off, uint32_t *v)
{
    uint16_t hi, lo;
    if (!rd16(b, off, &hi) || !rd16(b, off + 2, &lo)) {
        return false;
    }
    *v = (uint32_t)hi << 16 | lo;
    return true;
}

static bool rd_mac(Bytes b, size_t off, uint8_t mac[6])
{
    if (!has(b, off, 6)) {
        return false;
    }
    memcpy(mac, b.p + off, 6);
    return true;
}

/* A UDP datagram, or a fragment of one, in an Ethernet/IPv4 frame. */
typedef struct Udp {
    uint32_t dst;
    bool fragment;              /* one of several fragments */
    bool first;                 /* a whole datagram or its first fragment */
    bool has_header;            /* first, and the UDP header is there */
    uint16_t sport, dport;
    Bytes payload;              /* the frame, cut where the datagram ends */
    size_t data;                /* where the UDP payload starts in it */
} Udp;

/*
 * Reads IPv4 UDP (RFC 791, RFC 768) as libslirp's ip_input() and
 * udp_input() take it: total length within the frame, UDP length within
 * the IP payload (the rest is cut off).  Only a whole datagram or a first
 * fragment has a UDP header.
 */
static bool parse_udp(Bytes f, Udp *u)
{
    uint16_t type, total, frag, ulen = 0;
    uint8_t vihl, proto;
    const size_t ip = ETH_HLEN;

    *u = (Udp){ 0 };
    if (!rd16(f, 12, &type) || type != ETH_P_IPV4 || !rd8(f, ip, &vihl) ||
        vihl >> 4 != 4 || !rd8(f, ip + 9, &proto) || proto != IP_PROTO_UDP) {
        return false;
    }
    size_t ihl = (size_t)(vihl & 0x0f) * 4;
    if (ihl < IP_HLEN_MIN || !rd16(f, ip + 2, &total) || total < ihl ||
        !has(f, ip, total) || !rd16(f, ip + 6, &frag) ||
        !rd32(f, ip + 16, &u->dst)) {
        return false;
    }
    size_t udp = ip + ihl;
    u->fragment = (frag & 0x3fff) != 0;     /* more follow, or an offset */
    u->first = (frag & 0x1fff) == 0;
    u->has_header = u->first && rd16(f, udp, &u->sport) &&
                    rd16(f, udp + 2, &u->dport) && rd16(f, udp + 4, &ulen);
    if (u->has_header && !u->fragment) {
        if (ulen < UDP_HLEN || ulen > total - ihl) {
            return false;       /* udp_input() drops it */
        }
        total = (uint16_t)(ihl + ulen);
    }
    u->payload = (Bytes){ f.p, ip + total };
    u->data = udp + UDP_HLEN;
    return true;
}

/*
 * The message type (option 53) and requested address (option 50) as
 * libslirp 4.7's dhcp_decode() reads them: the last one wins, a
 * truncated option ends the scan, no cookie means neither (type 0).
 */
static void dhcp_options(Bytes m, size_t bootp, uint8_t *type,
                         uint32_t *addr)
{
    size_t p = bootp + BOOTP_FIXED;
    uint32_t cookie;
    uint8_t tag, len;

    *type = 0;
    *addr = 0;
    if (!rd32(m, p, &cookie) || cookie != DHCP_COOKIE) {
        return;
    }
    for (p += 4; rd8(m, p, &tag) && tag != OPT_END; ) {
        if (tag == OPT_PAD) {
            p++;
            continue;
        }
        if (!rd8(m, p + 1, &len) || !has(m, p + 2, len)) {
            return;
        }
        if (tag == OPT_MSG_TYPE && len >= 1) {
            rd8(m, p + 2, type);
        } else if (tag == OPT_REQ_ADDR && len >= 4) {
            rd32(m, p + 2, addr);
        }
        p += 2 + (size_t)len;
    }
}

static bool holds_lease(const NetSlirpDhcpGuard *g, const uint8_t mac[6])
{
    for (int i = 0; i < NET_SLIRP_DHCP_LEASES; i++) {
        if ((g->leased >> i & 1) && memcmp(g->macs[i], mac, 6) == 0) {
            return true;
        }
    }
    return false;
}

void net_slirp_dhcp_guard_init(NetSlirpDhcpGuard *g, struct in_addr host,
                               struct in_addr dhcp_start)
{
    memset(g, 0, sizeof(*g));
    g->host = ntohl(host.s_addr);
    g->start = ntohl(dhcp_start.s_addr);
}

bool net_slirp_dhcp_guard_full(const NetSlirpDhcpGuard *g)
{
    return g->leased == (1u << NET_SLIRP_DHCP_LEASES) - 1;
}

/* Counts a request kept from libslirp; returns false (not admitted). */
static bool drop(NetSlirpDhcpGuard *g)
{
    g->drops++;
    return false;
}

/*
 * What bootp_reply() would do with a whole BOOTP request: true when it
 * would look for a new lease (DHCPDISCOVER, or DHCPREQUEST without option
 * 50 or ciaddr) for @chaddr; false for what it answers otherwise or not.
 */
static bool wants_new_lease(const Udp *u, uint8_t chaddr[6])
{
    uint8_t op, type;
    uint32_t addr, ciaddr;

    /* bootp_input() ignores anything shorter, and replies only to op 1. */
    if (!has(u->payload, u->data, BOOTP_FIXED) ||
        !rd8(u->payload, u->data + BOOTP_OP, &op) || op != BOOTP_REQUEST ||
        !rd32(u->payload, u->data + BOOTP_CIADDR, &ciaddr) ||
        !rd_mac(u->payload, u->data + BOOTP_CHADDR, chaddr)) {
        return false;
    }
    dhcp_options(u->payload, u->data, &type, &addr);
    if (type == DHCPREQUEST && addr == 0) {
        addr = ciaddr;
    }
    if (type == 0) {
        type = DHCPREQUEST;     /* libslirp answers old BOOTP clients so */
    }
    return type == DHCPDISCOVER || (type == DHCPREQUEST && addr == 0);
}

bool net_slirp_dhcp_guard_admit(NetSlirpDhcpGuard *g, const uint8_t *frame,
                                size_t len)
{
    Udp u;
    uint8_t chaddr[6];

    g->pending = false;
    /* libslirp's udp_input() gives bootp_input() only these. */
    if (!parse_udp((Bytes){ frame, len }, &u) ||
        (u.dst != g->host && u.dst != IP_BROADCAST) ||
        (u.has_header && u.dport != BOOTP_SERVER)) {
        return true;
    }
    if (net_slirp_dhcp_guard_full(g)) {
        if (u.fragment && u.first) {
            return drop(g);
        }
        if (!u.fragment && wants_new_lease(&u, chaddr) &&
            !holds_lease(g, chaddr)) {
            return drop(g);
        }
    }
    g->pending = true;          /* this frame may complete a request */
    return true;
}

void net_slirp_dhcp_guard_learn(NetSlirpDhcpGuard *g, const uint8_t *frame,
                                size_t len)
{
    Udp u;
    uint8_t op, type, chaddr[6];
    uint32_t yiaddr, opt_addr;

    if (!g->pending || !parse_udp((Bytes){ frame, len }, &u) ||
        u.fragment || !u.has_header || u.sport != BOOTP_SERVER ||
        u.dport != BOOTP_CLIENT || !has(u.payload, u.data, BOOTP_FIXED) ||
        !rd8(u.payload, u.data + BOOTP_OP, &op) || op != BOOTP_REPLY ||
        !rd32(u.payload, u.data + BOOTP_YIADDR, &yiaddr) ||
        !rd_mac(u.payload, u.data + BOOTP_CHADDR, chaddr)) {
        return;
    }
    dhcp_options(u.payload, u.data, &type, &opt_addr);
    /* yiaddr is dhcp_start + the lease's index (get_new_addr, find_addr). */
    uint32_t slot = yiaddr - g->start;
    if ((type == DHCPOFFER || type == DHCPACK) &&
        slot < NET_SLIRP_DHCP_LEASES) {
        g->leased |= 1u << slot;
        memcpy(g->macs[slot], chaddr, 6);
    }
}

void net_slirp_dhcp_guard_done(NetSlirpDhcpGuard *g)
{
    g->pending = false;
}
