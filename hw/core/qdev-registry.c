/* qdev-registry.c: every device model qnet provides, by category; model and property lookup. */
#include "hw/core/qdev-registry.h"

#include <string.h>

#include "hw/net/nic-models.h"

const QdevCategory qdev_categories[] = {
    { "Network devices", nic_models },
    { NULL },
};

const DeviceModel *qdev_registry_find(const char *name)
{
    for (const QdevCategory *c = qdev_categories; c->title; c++) {
        for (const DeviceModel *m = c->models; m->name; m++) {
            if (strcmp(m->name, name) == 0 ||
                (m->alias && strcmp(m->alias, name) == 0)) {
                return m;
            }
        }
    }
    return NULL;
}

const QdevProp *qdev_model_find_prop(const DeviceModel *model,
                                     const char *name)
{
    for (const QdevProp *const *g = model->props; *g; g++) {
        for (const QdevProp *p = *g; p->name; p++) {
            if (strcmp(p->name, name) == 0) {
                return p;
            }
        }
    }
    return NULL;
}

bool qdev_model_has_prop(const DeviceModel *model, const char *name)
{
    return qdev_model_find_prop(model, name) != NULL;
}
