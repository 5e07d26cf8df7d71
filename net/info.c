/* info.c: the text of HMP `info network`, laid out as QEMU 7.2 prints it. */
#include "net/client.h"
#include "net/context.h"
#include "net/filter.h"
#include "net/hub.h"

void net_client_info_line(NetClient *nc, GString *out)
{
    g_string_append_printf(out, "%s: index=%u,type=%s,%s\n", nc->name,
                           nc->queue_index, nc->info->type, nc->info_str->str);
    net_filter_info(nc, out);
}

/*
 * Hubs first; then every client not on a hub, in creation order: a NIC
 * with its peer indented under it, and any client without a peer.
 */
void net_info_network(QnetContext *ctx, GString *out)
{
    net_hub_info(ctx, out);
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        int hub_id;
        if (net_hub_id_of_port(nc, &hub_id) || net_hub_id_of_peer(nc, &hub_id)) {
            continue;
        }
        if (!nc->peer || nc->is_nic) {
            net_client_info_line(nc, out);
        }
        if (nc->peer && nc->is_nic) {
            g_string_append(out, " \\ ");
            net_client_info_line(nc->peer, out);
        }
    }
}
