/* qmp-net-info.c: x-qnet-query-net: the whole graph as structured data, what users scrape `info network` for. */
#include "monitor/qmp-net-info.h"

#include "net/client.h"
#include "net/context.h"
#include "net/filter.h"
#include "net/hub.h"
#include "net/nic.h"
#include "net/queue.h"
#include "net/slirp.h"

static const char *direction_name(NetFilterDirection dir)
{
    return dir == NET_FILTER_DIRECTION_RX ? "rx"
           : dir == NET_FILTER_DIRECTION_TX ? "tx" : "all";
}

static JsonArray *filters_info(NetClient *nc)
{
    JsonArray *list = json_array_new();
    for (GList *l = nc->filters.head; l; l = l->next) {
        NetFilter *nf = l->data;
        JsonObject *f = json_object_new();
        json_object_set_string_member(f, "id", nf->id);
        json_object_set_string_member(f, "type", nf->ops->type);
        json_object_set_string_member(f, "queue",
                                      direction_name(nf->direction));
        json_object_set_string_member(f, "status", nf->on ? "on" : "off");
        json_object_set_string_member(f, "position",
                                      nf->position ? nf->position : "tail");
        json_object_set_string_member(f, "insert", nf->insert_before
                                      ? "before" : "behind");
        json_array_add_object_element(list, f);
    }
    return list;
}

static JsonObject *stats_info(const NetClientStats *st)
{
    JsonObject *o = json_object_new();
    json_object_set_int_member(o, "tx-frames", (gint64)st->tx_frames);
    json_object_set_int_member(o, "tx-bytes", (gint64)st->tx_bytes);
    json_object_set_int_member(o, "rx-frames", (gint64)st->rx_frames);
    json_object_set_int_member(o, "rx-bytes", (gint64)st->rx_bytes);
    json_object_set_int_member(o, "drop-link-down",
                               (gint64)st->drop_link_down);
    json_object_set_int_member(o, "drop-no-peer", (gint64)st->drop_no_peer);
    json_object_set_int_member(o, "drop-oversize",
                               (gint64)st->drop_oversize);
    json_object_set_int_member(o, "drop-empty", (gint64)st->drop_empty);
    json_object_set_int_member(o, "drop-queue-full",
                               (gint64)st->drop_queue_full);
    return o;
}

static JsonObject *client_info(NetClient *nc)
{
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "name", nc->name);
    json_object_set_string_member(o, "type", nc->info->type);
    json_object_set_string_member(o, "model", nc->model);
    json_object_set_int_member(o, "queue-index", nc->queue_index);
    json_object_set_string_member(o, "info", nc->info_str->str);
    json_object_set_boolean_member(o, "netdev", nc->is_netdev);
    json_object_set_boolean_member(o, "link-up", !nc->link_down);
    if (nc->peer) {
        json_object_set_string_member(o, "peer", nc->peer->name);
    }
    int hub_id;
    if (net_hub_id_of_port(nc, &hub_id)) {
        json_object_set_int_member(o, "hub", hub_id);
    }
    NICState *nic = nic_from_client(nc);
    if (nic) {
        char mac[18];
        mac_format(nic_get_mac(nic), mac);
        json_object_set_string_member(o, "mac", mac);
    }
    json_object_set_int_member(o, "queued",
                               net_queue_length(nc->incoming_queue));
    json_object_set_boolean_member(o, "receive-disabled",
                                   nc->receive_disabled);
    json_object_set_array_member(o, "filters", filters_info(nc));
    JsonObject *stats = stats_info(&nc->stats);
    uint64_t dhcp_drops;
    if (net_slirp_dhcp_drops(nc, &dhcp_drops)) {
        /* user netdevs: DHCP requests kept from libslirp's full lease table */
        json_object_set_int_member(stats, "drop-dhcp-pool-full",
                                   (gint64)dhcp_drops);
    }
    json_object_set_object_member(o, "stats", stats);
    return o;
}

static gint compare_ids(gconstpointer a, gconstpointer b)
{
    int x = GPOINTER_TO_INT(a), y = GPOINTER_TO_INT(b);
    return x < y ? -1 : x > y;
}

static void add_station(const uint8_t mac[6], NetClient *port,
                        unsigned age_seconds, void *opaque)
{
    JsonObject *o = json_object_new();
    g_autofree char *text = g_strdup_printf(
        "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
        mac[4], mac[5]);
    json_object_set_string_member(o, "mac", text);
    json_object_set_string_member(o, "port", port->name);
    json_object_set_int_member(o, "age", age_seconds);
    json_array_add_object_element(opaque, o);
}

/* Mode, counters and learned addresses of hub @id (beyond QEMU). */
static void add_hub_status(QnetContext *ctx, int id, JsonObject *hub)
{
    NetHubStatus st;
    if (!net_hub_status(ctx, id, &st)) {
        return;
    }
    json_object_set_string_member(hub, "mode",
                                  net_hub_mode_name(st.settings.mode));
    json_object_set_int_member(hub, "ageing", st.settings.ageing);
    json_object_set_int_member(hub, "flooded", (gint64)st.stats.flooded);
    json_object_set_int_member(hub, "forwarded", (gint64)st.stats.forwarded);
    json_object_set_int_member(hub, "filtered", (gint64)st.stats.filtered);
    json_object_set_int_member(hub, "not-learned",
                               (gint64)st.stats.not_learned);
    JsonArray *fdb = json_array_new();
    net_hub_foreach_station(ctx, id, add_station, fdb);
    json_object_set_array_member(hub, "fdb", fdb);
}

/* Hubs seen through their ports: id -> JsonArray of port names. */
static JsonArray *hubs_info(QnetContext *ctx)
{
    g_autoptr(GHashTable) ports = g_hash_table_new_full(
        g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)json_array_unref);
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        int id;
        if (!net_hub_id_of_port(nc, &id)) {
            continue;
        }
        JsonArray *names = g_hash_table_lookup(ports, GINT_TO_POINTER(id));
        if (!names) {
            names = json_array_new();
            g_hash_table_insert(ports, GINT_TO_POINTER(id), names);
        }
        json_array_add_string_element(names, nc->name);
    }
    GList *ids = g_list_sort(g_hash_table_get_keys(ports), compare_ids);
    JsonArray *hubs = json_array_new();
    for (GList *l = ids; l; l = l->next) {
        JsonObject *hub = json_object_new();
        json_object_set_int_member(hub, "id", GPOINTER_TO_INT(l->data));
        json_object_set_array_member(hub, "ports", json_array_ref(
            g_hash_table_lookup(ports, l->data)));
        add_hub_status(ctx, GPOINTER_TO_INT(l->data), hub);
        json_array_add_object_element(hubs, hub);
    }
    g_list_free(ids);
    return hubs;
}

JsonObject *qmp_net_info(QnetContext *ctx)
{
    JsonArray *clients = json_array_new();
    for (GList *l = ctx->clients.head; l; l = l->next) {
        json_array_add_object_element(clients, client_info(l->data));
    }
    JsonObject *o = json_object_new();
    json_object_set_array_member(o, "clients", clients);
    json_object_set_array_member(o, "hubs", hubs_info(ctx));
    return o;
}
