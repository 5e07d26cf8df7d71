/* machine-props.c: -machine properties: checking a value and `-M TYPE,help` lines. */
#include "hw/machine-props.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/core/qdev-prop.h"

const MachineProp *machine_prop_find(const MachineProp *const *groups,
                                     const char *name)
{
    for (; *groups; groups++) {
        for (const MachineProp *p = *groups; p->name; p++) {
            if (strcmp(p->name, name) == 0) {
                return p;
            }
        }
    }
    return NULL;
}

static bool in_list(const char *const *list, const char *text)
{
    for (; *list; list++) {
        if (strcmp(*list, text) == 0) {
            return true;
        }
    }
    return false;
}

/* QEMU's size syntax: a number, maybe fractional, and a B/K/M/G/T/P/E suffix. */
static bool size_valid(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno || v < 0 || text[0] == ' ') {
        return false;
    }
    if (*end && strchr("bBkKmMgGtTpPeE", *end)) {
        end++;
    }
    return *end == '\0';
}

static bool integer_valid(const char *text, bool is_unsigned)
{
    char *end;
    errno = 0;
    if (is_unsigned) {
        (void)strtoull(text, &end, 0);
    } else {
        (void)strtoll(text, &end, 0);
    }
    return !errno && end != text && *end == '\0';
}

static const char *const bool_words[] = {
    "on", "yes", "true", "y", "off", "no", "false", "n", NULL,
};
static const char *const on_off_auto[] = { "on", "off", "auto", NULL };

/* A scalar given where QEMU expects an object or an array. */
static bool check_structured(const MachineProp *prop, bool is_object,
                             Error **errp)
{
    if (prop->kind == MACHINE_PROP_MEMORY && !is_object) {
        /* QEMU has already put memory.size there. */
        error_setg(errp, "Parameter '%s' used inconsistently", prop->name);
        return false;
    }
    if (prop->kind == MACHINE_PROP_ARRAY) {
        error_setg(errp, "Invalid parameter type for '%s', expected: array",
                   prop->name);
        return false;
    }
    if (!is_object) {
        error_setg(errp, "Invalid parameter type for '%s', expected: object",
                   prop->name);
        return false;
    }
    return true;
}

static bool check_scalar(const MachineProp *prop, const char *text,
                         Error **errp)
{
    switch (prop->kind) {
    case MACHINE_PROP_BOOL:
        if (!in_list(bool_words, text)) {
            error_setg(errp, "Parameter '%s' expects 'on' or 'off'",
                       prop->name);
            return false;
        }
        return true;
    case MACHINE_PROP_ON_OFF_AUTO:
    case MACHINE_PROP_ENUM:
        if (!in_list(prop->kind == MACHINE_PROP_ENUM ? prop->values
                                                     : on_off_auto, text)) {
            error_setg(errp, "Parameter '%s' does not accept value '%s'",
                       prop->name, text);
            return false;
        }
        return true;
    case MACHINE_PROP_SIZE:
        if (!size_valid(text)) {
            error_setg(errp, "Parameter '%s' expects size", prop->name);
            return false;
        }
        return true;
    case MACHINE_PROP_INT:
    case MACHINE_PROP_UINT64:
        if (!integer_valid(text, prop->kind == MACHINE_PROP_UINT64)) {
            error_setg(errp, "Parameter '%s' expects integer", prop->name);
            return false;
        }
        return true;
    case MACHINE_PROP_MEMDEV:
        /* qnet has no memory backend objects. */
        error_setg(errp, "Memory backend '%s' not found", text);
        return false;
    case MACHINE_PROP_CGS:
        error_setg(errp, "Device '%s' not found", text);
        return false;
    default:
        return true;
    }
}

bool machine_prop_check(const MachineProp *prop, JsonNode *value,
                        Error **errp)
{
    bool is_object = JSON_NODE_HOLDS_OBJECT(value);
    bool structured = prop->kind == MACHINE_PROP_OBJECT ||
                      prop->kind == MACHINE_PROP_MEMORY ||
                      prop->kind == MACHINE_PROP_ARRAY;
    if (structured) {
        return check_structured(prop, is_object, errp);
    }
    if (!JSON_NODE_HOLDS_VALUE(value)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   prop->name, prop->type_name);
        return false;
    }
    return check_scalar(prop, json_node_get_string(value), errp);
}

void machine_props_help(const MachineProp *const *groups, GString *out)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    for (; *groups; groups++) {
        for (const MachineProp *p = *groups; p->name; p++) {
            GString *line = g_string_new(NULL);
            qdev_prop_help_line(line, p->name, p->type_name, p->desc, NULL);
            g_ptr_array_add(lines, g_string_free(line, FALSE));
        }
    }
    qdev_help_lines_flush(out, lines);
    g_ptr_array_free(lines, TRUE);
}
