/* schema.h: the descriptor structs of the option schema, and the builtin types. */
#ifndef QNET_QAPI_SCHEMA_H
#define QNET_QAPI_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Every option type qnet takes is described once, as const tables of the
 * structs below, mirroring QEMU's QAPI schema (qapi/net.json, qom.json,
 * sockets.json).  The converters in qapi/netdev.h and qapi/object.h walk
 * these tables to turn command-line text, keyval text or JSON into one
 * typed JSON object, with QEMU's error messages.  See
 * docs/option-language.md.
 */

typedef enum QapiKind {
    QAPI_KIND_STR,
    QAPI_KIND_BOOL,
    QAPI_KIND_INT,      /* signed; range min..max, named by range_name */
    QAPI_KIND_UINT,     /* unsigned; range 0..max, named by range_name */
    QAPI_KIND_SIZE,     /* uint64 that accepts suffixes in text forms */
    QAPI_KIND_ENUM,
    QAPI_KIND_STRUCT,   /* a struct, or a flat union when it has variants */
    QAPI_KIND_LIST,
} QapiKind;

typedef struct QapiType QapiType;

/* One member of a struct. */
typedef struct QapiMember {
    const char *name;
    const QapiType *type;
    bool optional;
    /* -object help: the QOM property type shown ("string", "uint32") */
    const char *qom_type;
} QapiMember;

/* Variant flags. */
enum {
    /* QEMU knows the value, qnet does not implement it (an -object type) */
    QAPI_VARIANT_UNSUPPORTED = 1u << 0,
};

/* One branch of a flat union: the members added for one tag value. */
typedef struct QapiVariant {
    const char *tag;
    const QapiType *type;     /* a struct whose members are added, or NULL */
    unsigned flags;
} QapiVariant;

struct QapiType {
    const char *name;
    QapiKind kind;
    /* INT, UINT: the accepted range and its name in errors ("int32_t");
     * range_name NULL means the full 64-bit range. */
    int64_t min;
    uint64_t max;
    const char *range_name;
    /* ENUM: the values, NULL-terminated */
    const char *const *values;
    /* STRUCT: base members first, then members, then the variant's */
    const QapiType *base;
    const QapiMember *members;        /* terminated by { NULL } */
    const char *discriminator;        /* flat union: the tag member */
    const QapiVariant *variants;      /* terminated by { NULL } */
    /* LIST */
    const QapiType *element;
};

/* Builtin scalar types. */
extern const QapiType qapi_type_str;
extern const QapiType qapi_type_bool;
extern const QapiType qapi_type_int;        /* int64 */
extern const QapiType qapi_type_int32;
extern const QapiType qapi_type_uint16;
extern const QapiType qapi_type_uint32;
extern const QapiType qapi_type_uint64;
extern const QapiType qapi_type_size;

/* Shorthands for member tables. */
#define QAPI_REQ(n, t) { .name = (n), .type = &(t) }
#define QAPI_OPT(n, t) { .name = (n), .type = &(t), .optional = true }
#define QAPI_END { .name = NULL }

/* The member of @type (base included, variants not) named @name, or NULL. */
const QapiMember *qapi_struct_member(const QapiType *type, const char *name);

/* The variant of union @type for @tag, or NULL. */
const QapiVariant *qapi_union_variant(const QapiType *type, const char *tag);

/* True when @value is one of enum @type's values. */
bool qapi_enum_has(const QapiType *type, const char *value);

#endif
