/* schema.c: builtin types of the option schema and lookups in the descriptor tables. */
#include "qapi/schema.h"

#include <string.h>

const QapiType qapi_type_str = { .name = "str", .kind = QAPI_KIND_STR };
const QapiType qapi_type_bool = { .name = "bool", .kind = QAPI_KIND_BOOL };
const QapiType qapi_type_int = { .name = "int", .kind = QAPI_KIND_INT };
const QapiType qapi_type_int32 = {
    .name = "int32", .kind = QAPI_KIND_INT,
    .min = INT32_MIN, .max = INT32_MAX, .range_name = "int32_t",
};
const QapiType qapi_type_uint16 = {
    .name = "uint16", .kind = QAPI_KIND_UINT,
    .max = UINT16_MAX, .range_name = "uint16_t",
};
const QapiType qapi_type_uint32 = {
    .name = "uint32", .kind = QAPI_KIND_UINT,
    .max = UINT32_MAX, .range_name = "uint32_t",
};
const QapiType qapi_type_uint64 = { .name = "uint64", .kind = QAPI_KIND_UINT };
const QapiType qapi_type_size = { .name = "size", .kind = QAPI_KIND_SIZE };

const QapiMember *qapi_struct_member(const QapiType *type, const char *name)
{
    if (type->base) {
        const QapiMember *m = qapi_struct_member(type->base, name);
        if (m) {
            return m;
        }
    }
    for (const QapiMember *m = type->members; m && m->name; m++) {
        if (strcmp(m->name, name) == 0) {
            return m;
        }
    }
    return NULL;
}

const QapiVariant *qapi_union_variant(const QapiType *type, const char *tag)
{
    for (const QapiVariant *v = type->variants; v && v->tag; v++) {
        if (strcmp(v->tag, tag) == 0) {
            return v;
        }
    }
    return NULL;
}

bool qapi_enum_has(const QapiType *type, const char *value)
{
    for (const char *const *v = type->values; *v; v++) {
        if (strcmp(*v, value) == 0) {
            return true;
        }
    }
    return false;
}
