/* qmp-json.c: JSON text as QEMU's monitor writes it (compact or pretty, ASCII only). */
#include "monitor/qmp-json.h"

#include <inttypes.h>
#include <string.h>

static void append_node(GString *out, JsonNode *node, bool pretty, int level);

static void newline_indent(GString *out, bool pretty, int level)
{
    if (pretty) {
        g_string_append_c(out, '\n');
        for (int i = 0; i < level; i++) {
            g_string_append(out, "    ");
        }
    }
}

static void append_utf16(GString *out, gunichar cp)
{
    if (cp > 0xFFFF) {
        cp -= 0x10000;
        g_string_append_printf(out, "\\u%04X\\u%04X", 0xD800 + (cp >> 10),
                               0xDC00 + (cp & 0x3FF));
    } else {
        g_string_append_printf(out, "\\u%04X", cp);
    }
}

static void append_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    const char *p = s;
    const char *end = s + strlen(s);
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '"': g_string_append(out, "\\\""); p++; continue;
        case '\\': g_string_append(out, "\\\\"); p++; continue;
        case '\b': g_string_append(out, "\\b"); p++; continue;
        case '\f': g_string_append(out, "\\f"); p++; continue;
        case '\n': g_string_append(out, "\\n"); p++; continue;
        case '\r': g_string_append(out, "\\r"); p++; continue;
        case '\t': g_string_append(out, "\\t"); p++; continue;
        }
        if (c >= 0x20 && c <= 0x7e) {
            g_string_append_c(out, (char)c);
            p++;
            continue;
        }
        gunichar cp = g_utf8_get_char_validated(p, end - p);
        if (cp == (gunichar)-1 || cp == (gunichar)-2) {
            append_utf16(out, 0xFFFD);
            p++;
            continue;
        }
        append_utf16(out, cp);
        p = g_utf8_next_char(p);
    }
    g_string_append_c(out, '"');
}

static void append_value(GString *out, JsonNode *node)
{
    switch (json_node_get_value_type(node)) {
    case G_TYPE_INT64:
        g_string_append_printf(out, "%" PRId64, json_node_get_int(node));
        break;
    case G_TYPE_BOOLEAN:
        g_string_append(out, json_node_get_boolean(node) ? "true" : "false");
        break;
    case G_TYPE_DOUBLE: {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append(out, g_ascii_dtostr(buf, sizeof(buf),
                                            json_node_get_double(node)));
        break;
    }
    case G_TYPE_STRING:
        append_string(out, json_node_get_string(node));
        break;
    default:
        g_string_append(out, "null");
        break;
    }
}

static void append_object(GString *out, JsonObject *obj, bool pretty,
                          int level)
{
    JsonObjectIter iter;
    const char *name;
    JsonNode *member;
    bool first = true;

    g_string_append_c(out, '{');
    json_object_iter_init_ordered(&iter, obj);
    while (json_object_iter_next_ordered(&iter, &name, &member)) {
        g_string_append(out, first ? "" : pretty ? "," : ", ");
        first = false;
        newline_indent(out, pretty, level + 1);
        append_string(out, name);
        g_string_append(out, ": ");
        append_node(out, member, pretty, level + 1);
    }
    newline_indent(out, pretty, level);
    g_string_append_c(out, '}');
}

static void append_array(GString *out, JsonArray *array, bool pretty,
                         int level)
{
    g_string_append_c(out, '[');
    guint n = json_array_get_length(array);
    for (guint i = 0; i < n; i++) {
        g_string_append(out, i == 0 ? "" : pretty ? "," : ", ");
        newline_indent(out, pretty, level + 1);
        append_node(out, json_array_get_element(array, i), pretty, level + 1);
    }
    newline_indent(out, pretty, level);
    g_string_append_c(out, ']');
}

static void append_node(GString *out, JsonNode *node, bool pretty, int level)
{
    switch (node ? json_node_get_node_type(node) : JSON_NODE_NULL) {
    case JSON_NODE_OBJECT:
        append_object(out, json_node_get_object(node), pretty, level);
        break;
    case JSON_NODE_ARRAY:
        append_array(out, json_node_get_array(node), pretty, level);
        break;
    case JSON_NODE_VALUE:
        append_value(out, node);
        break;
    case JSON_NODE_NULL:
        g_string_append(out, "null");
        break;
    }
}

void qmp_json_append(GString *out, JsonNode *node, bool pretty)
{
    append_node(out, node, pretty, 0);
}

void qmp_json_append_object(GString *out, JsonObject *obj, bool pretty)
{
    append_object(out, obj, pretty, 0);
}
