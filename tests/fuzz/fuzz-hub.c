/* fuzz-hub.c: frames, busy receivers, ports coming and going, ageing and mode switches through one hub. */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "net/client.h"
#include "net/context.h"
#include "net/hub.h"
#include "net/hub-fdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ENDPOINTS 4

typedef struct Endpoint {
    NetClient nc;
    bool busy;
} Endpoint;

static ssize_t ep_receive(NetClient *nc, const struct iovec *iov, int iovcnt,
                          unsigned flags)
{
    Endpoint *e = NET_CLIENT_UPCAST(Endpoint, nc);
    size_t len = 0;
    for (int i = 0; i < iovcnt; i++) {
        len += iov[i].iov_len;
    }
    return e->busy ? 0 : (ssize_t)len;
}

static bool ep_can_receive(NetClient *nc)
{
    return !NET_CLIENT_UPCAST(Endpoint, nc)->busy;
}

static const NetClientInfo ep_info = {
    .type = "user", .size = sizeof(Endpoint), .host_side = true,
    .receive_iov = ep_receive, .can_receive = ep_can_receive,
};

typedef struct Input {
    const uint8_t *p;
    size_t left;
} Input;

static unsigned take(Input *in)
{
    if (!in->left) {
        return 0;
    }
    in->left--;
    return *in->p++;
}

static Endpoint *attach(QnetContext *ctx, int i)
{
    g_autofree char *name = g_strdup_printf("e%d", i);
    NetClient *nc = net_client_new(ctx, &ep_info, NULL, "user", name);
    net_hub_add_port(ctx, 0, NULL, nc);
    return NET_CLIENT_UPCAST(Endpoint, nc);
}

static void detach(Endpoint *e)
{
    if (e->nc.peer) {
        net_client_free(e->nc.peer);
    }
    net_client_free(&e->nc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QnetContext *ctx = g_new0(QnetContext, 1);
    Endpoint *eps[ENDPOINTS];
    Input in = { data, size };
    uint8_t frame[128];

    g_queue_init(&ctx->clients);
    for (int i = 0; i < ENDPOINTS; i++) {
        eps[i] = attach(ctx, i);
    }
    NetHubSettings st = { 0, NET_HUB_LEARNING, 1 };
    net_hub_apply_settings(ctx, &st);

    while (in.left) {
        unsigned op = take(&in), i = op % ENDPOINTS;
        switch ((op / ENDPOINTS) % 6) {
        case 0: {   /* a frame: length, then addresses from a small set */
            size_t len = take(&in) % sizeof(frame);
            memset(frame, 0, sizeof(frame));
            for (size_t b = 0; b < len && b < 12; b++) {
                frame[b] = (uint8_t)(take(&in) & 0x03);
            }
            if (len) {
                net_client_send(&eps[i]->nc, frame, len, NULL);
            }
            break;
        }
        case 1:
            eps[i]->busy = !eps[i]->busy;
            break;
        case 2:
            net_client_flush(&eps[i]->nc);
            break;
        case 3:
            detach(eps[i]);
            eps[i] = attach(ctx, i);
            break;
        case 4:
            st.mode = take(&in) & 1 ? NET_HUB_LEARNING : NET_HUB_FLOOD;
            net_hub_apply_settings(ctx, &st);
            break;
        default: {
            NetHubStatus status;
            g_assert(net_hub_status(ctx, 0, &status));
            g_assert(status.fdb_entries <= NET_HUB_FDB_CAPACITY);
            break;
        }
        }
    }
    for (int i = 0; i < ENDPOINTS; i++) {
        eps[i]->busy = false;
        net_client_flush(&eps[i]->nc);
    }
    for (int i = 0; i < ENDPOINTS; i++) {
        detach(eps[i]);
    }
    net_hub_free_all(ctx);
    g_free(ctx);
    return 0;
}
