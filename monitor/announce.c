/* announce.c: self-announcement (QEMU's announce_self): RARP frames sent from NICs in timed rounds. */
#include "monitor/announce.h"

#include <string.h>

#include "monitor/monitor.h"
#include "net/client.h"
#include "net/context.h"
#include "net/nic.h"
#include "util/source.h"

/* RFC 903: RARP uses the ARP packet format with these values. */
#define ETH_P_RARP 0x8035
#define ARP_HTYPE_ETHERNET 1
#define ETH_P_IPV4 0x0800
#define RARP_OP_REQUEST_REVERSE 3

typedef struct AnnounceTimer {
    QnetContext *ctx;
    AnnounceParams params;   /* interfaces owned; id unused */
    int64_t round;           /* rounds left, including the next one */
    GSource *source;
} AnnounceTimer;

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

size_t announce_rarp_frame(uint8_t buf[ANNOUNCE_FRAME_LEN],
                           const MACAddr *mac)
{
    memset(buf, 0, ANNOUNCE_FRAME_LEN);
    memset(buf, 0xff, 6);                    /* destination: broadcast */
    memcpy(buf + 6, mac->a, 6);              /* source */
    put16(buf + 12, ETH_P_RARP);
    uint8_t *arp = buf + 14;
    put16(arp, ARP_HTYPE_ETHERNET);
    put16(arp + 2, ETH_P_IPV4);
    arp[4] = 6;                              /* hardware address length */
    arp[5] = 4;                              /* protocol address length */
    put16(arp + 6, RARP_OP_REQUEST_REVERSE);
    memcpy(arp + 8, mac->a, 6);              /* sender hardware address */
    memcpy(arp + 18, mac->a, 6);             /* target hardware address */
    /* both protocol addresses stay 0.0.0.0; the rest is padding */
    return ANNOUNCE_FRAME_LEN;
}

static bool selected(char **interfaces, const char *name)
{
    return !interfaces || g_strv_contains((const char *const *)interfaces,
                                          name);
}

unsigned announce_round(QnetContext *ctx, char **interfaces)
{
    unsigned count = 0;
    /* Collect first: a send may run code that changes the client list. */
    g_autoptr(GPtrArray) nics = g_ptr_array_new();
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        if (nc->is_nic && nc->queue_index == 0 &&
            selected(interfaces, nc->name)) {
            g_ptr_array_add(nics, nc);
        }
    }
    for (guint i = 0; i < nics->len; i++) {
        NetClient *nc = nics->pdata[i];
        uint8_t frame[ANNOUNCE_FRAME_LEN];
        size_t len = announce_rarp_frame(frame,
                                         nic_get_mac(nic_from_client(nc)));
        struct iovec iov = { .iov_base = frame, .iov_len = len };
        net_client_send_iov(nc, NET_FLAG_RAW, &iov, 1, NULL);
        count++;
    }
    return count;
}

static void timer_free(gpointer p)
{
    AnnounceTimer *t = p;
    source_clear(&t->source);
    g_strfreev(t->params.interfaces);
    g_free(t);
}

GHashTable *announce_timer_table_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, timer_free);
}

static void timer_fired(void *opaque);

/* The delay before the next round, as QEMU computes it. */
static int64_t next_delay(const AnnounceTimer *t)
{
    const AnnounceParams *p = &t->params;
    int64_t done = p->rounds - t->round;     /* rounds sent so far */
    int64_t delay = p->initial + (done - 1) * p->step;
    return MAX(MIN(delay, p->max), 0);
}

static void run_round(AnnounceTimer *t)
{
    announce_round(t->ctx, t->params.interfaces);
    if (--t->round <= 0) {
        return;
    }
    int64_t delay = next_delay(t);
    source_call_once(&t->source,
                     g_timeout_source_new((guint)MIN(delay, G_MAXUINT)),
                     t->ctx->main_context, timer_fired, t);
}

static void timer_fired(void *opaque)
{
    run_round(opaque);
}

void announce_self(QnetContext *ctx, const AnnounceParams *p)
{
    GHashTable *timers = monitor_announce_timers(ctx);
    const char *id = p->id ? p->id : "";
    AnnounceTimer *t = g_hash_table_lookup(timers, id);
    if (!t) {
        t = g_new0(AnnounceTimer, 1);
        t->ctx = ctx;
        g_hash_table_insert(timers, g_strdup(id), t);
    }
    source_clear(&t->source);
    g_strfreev(t->params.interfaces);
    t->params = *p;
    t->params.interfaces = g_strdupv(p->interfaces);
    t->params.id = NULL;
    /* QEMU loops for ever on negative rounds; qnet sends none. */
    t->round = p->rounds;
    if (t->round > 0) {
        run_round(t);
    }
}
