/* qdev-prop.c: device properties: declared kinds, value parsing and `-device MODEL,help` lines. */
#include "hw/core/qdev-prop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Width QEMU pads "name=<type>" to in help lines. */
#define HELP_NAME_WIDTH 22

const char *qdev_prop_type_name(const QdevProp *prop)
{
    static const char *const names[] = {
        [QDEV_PROP_BOOL] = "bool",       [QDEV_PROP_UINT8] = "uint8",
        [QDEV_PROP_UINT16] = "uint16",   [QDEV_PROP_UINT32] = "uint32",
        [QDEV_PROP_UINT64] = "uint64",   [QDEV_PROP_INT32] = "int32",
        [QDEV_PROP_STR] = "str",         [QDEV_PROP_ON_OFF_AUTO] = "OnOffAuto",
        [QDEV_PROP_MAC] = "str",         [QDEV_PROP_NETDEV] = "str",
        [QDEV_PROP_PCI_DEVFN] = "int32", [QDEV_PROP_BOOTINDEX] = "int32",
        [QDEV_PROP_READONLY] = "str",
    };
    return prop->type_name ? prop->type_name : names[prop->kind];
}

static bool parse_bool(const char *text, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(text, yes[i]) == 0 || strcmp(text, no[i]) == 0) {
            *out = strcmp(text, yes[i]) == 0;
            return true;
        }
    }
    return false;
}

/* strtoull()/strtoll() with base 0, whole string, no overflow: QEMU's rule. */
static bool parse_u64(const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno || end == text || *end) {
        return false;
    }
    *out = v;
    return true;
}

static bool parse_i64(const char *text, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 0);
    if (errno || end == text || *end) {
        return false;
    }
    *out = v;
    return true;
}

static bool parse_unsigned(const QdevProp *prop, const char *text,
                           uint64_t max, const char *cname, QdevValue *out,
                           Error **errp)
{
    if (!parse_u64(text, &out->u)) {
        error_setg(errp, "Parameter '%s' expects integer", prop->name);
        return false;
    }
    if (out->u > max) {
        error_setg(errp, "Parameter '%s' expects %s", prop->name, cname);
        return false;
    }
    return true;
}

static bool parse_int32(const QdevProp *prop, const char *text,
                        QdevValue *out, Error **errp)
{
    if (!parse_i64(text, &out->i)) {
        error_setg(errp, "Parameter '%s' expects integer", prop->name);
        return false;
    }
    if (out->i < INT32_MIN || out->i > INT32_MAX) {
        error_setg(errp, "Parameter '%s' expects int32_t", prop->name);
        return false;
    }
    return true;
}

static bool parse_on_off_auto(const char *text, QdevOnOffAuto *out)
{
    static const char *const names[] = {
        [QDEV_AUTO] = "auto", [QDEV_ON] = "on", [QDEV_OFF] = "off",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (QdevOnOffAuto)i;
            return true;
        }
    }
    return false;
}

int qdev_parse_pci_devfn(const char *text)
{
    char *end;
    unsigned long slot = strtoul(text, &end, 16);
    unsigned long fn = 0;
    if (end == text || (*end != '.' && *end) || slot > 0x1f) {
        return -1;
    }
    if (*end == '.') {
        const char *f = end + 1;
        fn = strtoul(f, &end, 16);
        if (end == f || *end || fn > 7) {
            return -1;
        }
    }
    return (int)(slot << 3 | fn);
}

static bool value_rejected(const QdevProp *prop, const char *driver,
                           const char *text, Error **errp)
{
    error_setg(errp, "Property '%s.%s' doesn't take value '%s'", driver,
               prop->name, text);
    return false;
}

bool qdev_prop_parse(const QdevProp *prop, const char *driver,
                     const char *text, QdevValue *out, Error **errp)
{
    out->kind = prop->kind;
    switch (prop->kind) {
    case QDEV_PROP_BOOL:
        if (!parse_bool(text, &out->b)) {
            error_setg(errp, "Parameter '%s' expects 'on' or 'off'",
                       prop->name);
            return false;
        }
        return true;
    case QDEV_PROP_UINT8:
        return parse_unsigned(prop, text, UINT8_MAX, "uint8_t", out, errp);
    case QDEV_PROP_UINT16:
        return parse_unsigned(prop, text, UINT16_MAX, "uint16_t", out, errp);
    case QDEV_PROP_UINT32:
        return parse_unsigned(prop, text, UINT32_MAX, "uint32_t", out, errp);
    case QDEV_PROP_UINT64:
        return parse_unsigned(prop, text, UINT64_MAX, "uint64_t", out, errp);
    case QDEV_PROP_INT32:
    case QDEV_PROP_BOOTINDEX:
        return parse_int32(prop, text, out, errp);
    case QDEV_PROP_STR:
    case QDEV_PROP_NETDEV:
        out->s = g_strdup(text);
        return true;
    case QDEV_PROP_ON_OFF_AUTO:
        if (!parse_on_off_auto(text, &out->ooa)) {
            error_setg(errp, "Parameter '%s' does not accept value '%s'",
                       prop->name, text);
            return false;
        }
        return true;
    case QDEV_PROP_MAC:
        return mac_parse(text, &out->mac, NULL) ||
               value_rejected(prop, driver, text, errp);
    case QDEV_PROP_PCI_DEVFN:
        out->i = qdev_parse_pci_devfn(text);
        return out->i >= 0 || value_rejected(prop, driver, text, errp);
    case QDEV_PROP_READONLY:
        break;
    }
    error_setg(errp, "Property '%s.%s' is not writable", driver, prop->name);
    return false;
}

void qdev_prop_default(const QdevProp *prop, QdevValue *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = prop->kind;
    if (prop->kind == QDEV_PROP_PCI_DEVFN || prop->kind == QDEV_PROP_BOOTINDEX) {
        out->i = -1;    /* unassigned */
        return;
    }
    if (!prop->defval || prop->kind == QDEV_PROP_READONLY) {
        return;
    }
    /* Declared defaults are valid by construction; strip help's quotes. */
    g_autofree char *text = g_strdup(prop->defval);
    if (text[0] == '"') {
        text[strlen(text) - 1] = '\0';
        memmove(text, text + 1, strlen(text));
    }
    if (!qdev_prop_parse(prop, "", text, out, NULL)) {
        memset(out, 0, sizeof(*out));
        out->kind = prop->kind;
    }
}

void qdev_value_clear(QdevValue *v)
{
    if (v->kind == QDEV_PROP_STR || v->kind == QDEV_PROP_NETDEV) {
        g_clear_pointer(&v->s, g_free);
    }
}

void qdev_prop_help_line(GString *out, const char *name, const char *type,
                         const char *desc, const char *defval)
{
    g_autofree char *head = g_strdup_printf("%s=<%s>", name, type);
    if (!desc && !defval) {
        g_string_append_printf(out, "  %s", head);
        return;
    }
    g_string_append_printf(out, "  %-*s - %s", HELP_NAME_WIDTH, head,
                           desc ? desc : "");
    if (defval) {
        g_string_append_printf(out, " (default: %s)", defval);
    }
}

static gint compare_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void qdev_help_lines_flush(GString *out, GPtrArray *lines)
{
    g_ptr_array_sort(lines, compare_lines);
    for (guint i = 0; i < lines->len; i++) {
        g_string_append_printf(out, "%s\n", (const char *)lines->pdata[i]);
    }
    g_ptr_array_set_size(lines, 0);
}
