/* control.c: runtime operations on the graph: set_link, netdev_del. */
#include "net/control.h"

#include <string.h>

#include "net/context.h"
#include "net/nic.h"

/* Every client named @name (all queues of a multiqueue client). */
static GPtrArray *clients_named(QnetContext *ctx, const char *name,
                                bool skip_nics)
{
    GPtrArray *found = g_ptr_array_new();
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        if ((!skip_nics || !nc->is_nic) && strcmp(nc->name, name) == 0) {
            g_ptr_array_add(found, nc);
        }
    }
    return found;
}

bool net_set_link(QnetContext *ctx, const char *name, bool up, Error **errp)
{
    g_autoptr(GPtrArray) ncs = clients_named(ctx, name, false);
    if (!ncs->len) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", name);
        return false;
    }
    for (guint i = 0; i < ncs->len; i++) {
        NetClient *nc = ncs->pdata[i];
        nc->link_down = !up;
        /* A NIC follows its backend; a hub port behind a NIC does not, so
         * the rest of the hub keeps talking. */
        if (nc->peer && nc->peer->is_nic) {
            nc->peer->link_down = !up;
        }
    }
    NetClient *first = ncs->pdata[0];
    if (first->info->link_status_changed) {
        first->info->link_status_changed(first);
    }
    if (first->peer && first->peer->info->link_status_changed) {
        first->peer->info->link_status_changed(first->peer);
    }
    return true;
}

bool net_netdev_del(QnetContext *ctx, const char *id, Error **errp)
{
    g_autoptr(GPtrArray) ncs = clients_named(ctx, id, true);
    if (!ncs->len) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", id);
        return false;
    }
    NetClient *first = ncs->pdata[0];
    if (!first->is_netdev) {
        error_setg(errp, "Device '%s' is not a netdev", id);
        return false;
    }
    for (guint i = 0; i < ncs->len; i++) {
        NetClient *nc = ncs->pdata[i];
        NetClient *nic = nc->peer && nc->peer->is_nic ? nc->peer : NULL;
        net_client_free(nc);
        if (nic) {
            nic->link_down = true;
            if (nic->info->link_status_changed) {
                nic->info->link_status_changed(nic);
            }
        }
    }
    return true;
}
