/* qdev-set.c: setting a device property from text, including the netdev and bootindex kinds. */
#include "hw/core/device.h"

#include "hw/core/hw-state.h"
#include "net/context.h"

static bool prop_error(DeviceState *dev, const QdevProp *prop,
                       const char *text, const char *what, Error **errp)
{
    error_setg(errp, "Property '%s.%s' %s '%s'%s", dev->model->name,
               prop->name, what, text,
               g_str_equal(what, "can't take value") ? ", it's in use" : "");
    return false;
}

/* netdev=: every queue of the named netdev (all clients of that name). */
static bool bind_netdev(DeviceState *dev, const QdevProp *prop,
                        const char *name, Error **errp)
{
    NICConf *conf = dev->conf;
    unsigned n = 0;
    for (GList *l = dev->ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        if (nc->is_nic || !g_str_equal(nc->name, name)) {
            continue;
        }
        if (n == NIC_MAX_QUEUES) {
            error_setg(errp, "queues of backend '%s'(%u) exceeds QEMU "
                       "limitation(%d)", name, n + 1, NIC_MAX_QUEUES);
            return false;
        }
        conf->peers[n++] = nc;
    }
    if (!n) {
        return prop_error(dev, prop, name, "can't find value", errp);
    }
    for (unsigned i = 0; i < n; i++) {
        if (conf->peers[i]->peer) {
            return prop_error(dev, prop, name, "can't take value", errp);
        }
    }
    conf->queues = n;
    return true;
}

static bool set_bootindex(DeviceState *dev, const QdevValue *v,
                          Error **errp)
{
    GHashTable *used = hw_state(dev->ctx)->bootindexes;
    if (v->i >= 0 && g_hash_table_contains(used, GINT_TO_POINTER(v->i))) {
        error_setg(errp, "The bootindex %d has already been used", (int)v->i);
        return false;
    }
    if (dev->conf) {
        dev->conf->bootindex = (int32_t)v->i;
    }
    return true;
}

/* What a parsed value changes beyond the value itself. */
static bool apply(DeviceState *dev, const QdevProp *prop, QdevValue *v,
                  Error **errp)
{
    switch (prop->kind) {
    case QDEV_PROP_NETDEV:
        return !dev->conf || bind_netdev(dev, prop, v->s, errp);
    case QDEV_PROP_BOOTINDEX:
        return set_bootindex(dev, v, errp);
    case QDEV_PROP_MAC:
        if (dev->conf && g_str_equal(prop->name, "mac")) {
            dev->conf->macaddr = v->mac;
            dev->conf->mac_set = true;
        }
        return true;
    default:
        return true;
    }
}

bool qdev_set_prop(DeviceState *dev, const char *name, const char *text,
                   Error **errp)
{
    const QdevProp *prop = qdev_model_find_prop(dev->model, name);
    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found", dev->model->name,
                   name);
        return false;
    }
    QdevValue *v = g_new0(QdevValue, 1);
    if (!qdev_prop_parse(prop, dev->model->name, text, v, errp) ||
        !apply(dev, prop, v, errp)) {
        qdev_value_clear(v);
        g_free(v);
        return false;
    }
    g_hash_table_replace(dev->values, g_strdup(name), v);
    return true;
}
