/* access.c: reading members of the typed option objects (Netdev, ObjectOptions) in backends. */
#include "qapi/access.h"

static JsonNode *member(JsonObject *obj, const char *key)
{
    return obj ? json_object_get_member(obj, key) : NULL;
}

bool qapi_has(JsonObject *obj, const char *key)
{
    return member(obj, key) != NULL;
}

const char *qapi_get_str(JsonObject *obj, const char *key, const char *def)
{
    JsonNode *n = member(obj, key);
    return n ? json_node_get_string(n) : def;
}

bool qapi_get_bool(JsonObject *obj, const char *key, bool def)
{
    JsonNode *n = member(obj, key);
    return n ? json_node_get_boolean(n) : def;
}

int64_t qapi_get_int(JsonObject *obj, const char *key, int64_t def)
{
    JsonNode *n = member(obj, key);
    return n ? json_node_get_int(n) : def;
}

uint64_t qapi_get_uint(JsonObject *obj, const char *key, uint64_t def)
{
    JsonNode *n = member(obj, key);
    /* the schema stores uint64 values as their int64 bit pattern */
    return n ? (uint64_t)json_node_get_int(n) : def;
}

JsonObject *qapi_get_object(JsonObject *obj, const char *key)
{
    JsonNode *n = member(obj, key);
    return n ? json_node_get_object(n) : NULL;
}

char **qapi_get_strlist(JsonObject *obj, const char *key)
{
    JsonNode *n = member(obj, key);

    if (!n) {
        return NULL;
    }
    JsonArray *a = json_node_get_array(n);
    guint len = json_array_get_length(a);
    char **out = g_new0(char *, len + 1);
    for (guint i = 0; i < len; i++) {
        JsonObject *elt = json_array_get_object_element(a, i);
        out[i] = g_strdup(json_object_get_string_member(elt, "str"));
    }
    return out;
}
