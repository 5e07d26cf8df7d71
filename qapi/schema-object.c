/* schema-object.c: ObjectOptions for -object: the network filters, colo-compare and iothread (QEMU 7.2 qom.json). */
#include "qapi/schema-types.h"

/* QEMU 7.2's ObjectType as built by Debian for x86_64. */
static const char *const object_type_values[] = {
    "authz-list", "authz-listfile", "authz-pam", "authz-simple", "can-bus",
    "can-host-socketcan", "colo-compare", "cryptodev-backend",
    "cryptodev-backend-builtin", "cryptodev-backend-lkcf",
    "cryptodev-vhost-user", "dbus-vmstate", "filter-buffer", "filter-dump",
    "filter-mirror", "filter-redirector", "filter-replay", "filter-rewriter",
    "input-barrier", "input-linux", "iothread", "main-loop",
    "memory-backend-epc", "memory-backend-file", "memory-backend-memfd",
    "memory-backend-ram", "pef-guest", "pr-manager-helper", "qtest",
    "rng-builtin", "rng-egd", "rng-random", "secret", "secret_keyring",
    "sev-guest", "thread-context", "s390-pv-guest", "throttle-group",
    "tls-creds-anon", "tls-creds-psk", "tls-creds-x509", "tls-cipher-suites",
    "x-remote-object", "x-vfio-user-server", NULL,
};

const QapiType qapi_ObjectType = {
    .name = "ObjectType", .kind = QAPI_KIND_ENUM, .values = object_type_values,
};

static const char *const direction_values[] = { "all", "rx", "tx", NULL };

const QapiType qapi_NetFilterDirection = {
    .name = "NetFilterDirection", .kind = QAPI_KIND_ENUM,
    .values = direction_values,
};

static const char *const insert_values[] = { "before", "behind", NULL };

const QapiType qapi_NetfilterInsert = {
    .name = "NetfilterInsert", .kind = QAPI_KIND_ENUM, .values = insert_values,
};

/* A member shown by "-object TYPE,help" as "name=<qom>". */
#define PROP_REQ(n, t, qom) { .name = (n), .type = &(t), .qom_type = (qom) }
#define PROP_OPT(n, t, qom) \
    { .name = (n), .type = &(t), .optional = true, .qom_type = (qom) }

static const QapiMember netfilter_members[] = {
    PROP_REQ("netdev", qapi_type_str, "string"),
    PROP_OPT("queue", qapi_NetFilterDirection, "NetFilterDirection"),
    PROP_OPT("status", qapi_type_str, "string"),
    PROP_OPT("position", qapi_type_str, "string"),
    /* an enum in QAPI, a plain string property in QOM */
    PROP_OPT("insert", qapi_NetfilterInsert, "string"),
    QAPI_END,
};

const QapiType qapi_NetfilterProperties = {
    .name = "NetfilterProperties", .kind = QAPI_KIND_STRUCT,
    .members = netfilter_members,
};

static const QapiMember buffer_members[] = {
    PROP_REQ("interval", qapi_type_uint32, "uint32"),
    QAPI_END,
};

const QapiType qapi_FilterBufferProperties = {
    .name = "FilterBufferProperties", .kind = QAPI_KIND_STRUCT,
    .base = &qapi_NetfilterProperties, .members = buffer_members,
};

static const QapiMember dump_members[] = {
    PROP_REQ("file", qapi_type_str, "string"),
    PROP_OPT("maxlen", qapi_type_uint32, "uint32"),
    QAPI_END,
};

const QapiType qapi_FilterDumpProperties = {
    .name = "FilterDumpProperties", .kind = QAPI_KIND_STRUCT,
    .base = &qapi_NetfilterProperties, .members = dump_members,
};

static const QapiMember mirror_members[] = {
    PROP_REQ("outdev", qapi_type_str, "string"),
    PROP_OPT("vnet_hdr_support", qapi_type_bool, "bool"),
    QAPI_END,
};

const QapiType qapi_FilterMirrorProperties = {
    .name = "FilterMirrorProperties", .kind = QAPI_KIND_STRUCT,
    .base = &qapi_NetfilterProperties, .members = mirror_members,
};

static const QapiMember redirector_members[] = {
    PROP_OPT("indev", qapi_type_str, "string"),
    PROP_OPT("outdev", qapi_type_str, "string"),
    PROP_OPT("vnet_hdr_support", qapi_type_bool, "bool"),
    QAPI_END,
};

const QapiType qapi_FilterRedirectorProperties = {
    .name = "FilterRedirectorProperties", .kind = QAPI_KIND_STRUCT,
    .base = &qapi_NetfilterProperties, .members = redirector_members,
};

static const QapiMember rewriter_members[] = {
    PROP_OPT("vnet_hdr_support", qapi_type_bool, "bool"),
    QAPI_END,
};

const QapiType qapi_FilterRewriterProperties = {
    .name = "FilterRewriterProperties", .kind = QAPI_KIND_STRUCT,
    .base = &qapi_NetfilterProperties, .members = rewriter_members,
};

/* QEMU's colo-compare has instance properties only: its help lists none. */
static const QapiMember colo_compare_members[] = {
    QAPI_REQ("primary_in", qapi_type_str),
    QAPI_REQ("secondary_in", qapi_type_str),
    QAPI_REQ("outdev", qapi_type_str),
    QAPI_REQ("iothread", qapi_type_str),
    QAPI_OPT("notify_dev", qapi_type_str),
    QAPI_OPT("compare_timeout", qapi_type_uint64),
    QAPI_OPT("expired_scan_cycle", qapi_type_uint32),
    QAPI_OPT("max_queue_size", qapi_type_uint32),
    QAPI_OPT("vnet_hdr_support", qapi_type_bool),
    QAPI_END,
};

const QapiType qapi_ColoCompareProperties = {
    .name = "ColoCompareProperties", .kind = QAPI_KIND_STRUCT,
    .members = colo_compare_members,
};

/* EventLoopBaseProperties first, then the iothread's own. */
static const QapiMember iothread_members[] = {
    PROP_OPT("aio-max-batch", qapi_type_int, "int"),
    PROP_OPT("thread-pool-min", qapi_type_int, "int"),
    PROP_OPT("thread-pool-max", qapi_type_int, "int"),
    PROP_OPT("poll-max-ns", qapi_type_int, "int"),
    PROP_OPT("poll-grow", qapi_type_int, "int"),
    PROP_OPT("poll-shrink", qapi_type_int, "int"),
    QAPI_END,
};

const QapiType qapi_IothreadProperties = {
    .name = "IothreadProperties", .kind = QAPI_KIND_STRUCT,
    .members = iothread_members,
};

static const QapiMember object_options_base[] = {
    QAPI_REQ("qom-type", qapi_ObjectType),
    QAPI_REQ("id", qapi_type_str),
    QAPI_END,
};

#define UNSUPPORTED(tag) { (tag), NULL, QAPI_VARIANT_UNSUPPORTED }

static const QapiVariant object_options_variants[] = {
    { "colo-compare", &qapi_ColoCompareProperties },
    { "filter-buffer", &qapi_FilterBufferProperties },
    { "filter-dump", &qapi_FilterDumpProperties },
    { "filter-mirror", &qapi_FilterMirrorProperties },
    { "filter-redirector", &qapi_FilterRedirectorProperties },
    { "filter-replay", &qapi_NetfilterProperties },
    { "filter-rewriter", &qapi_FilterRewriterProperties },
    { "iothread", &qapi_IothreadProperties },
    UNSUPPORTED("authz-list"), UNSUPPORTED("authz-listfile"),
    UNSUPPORTED("authz-pam"), UNSUPPORTED("authz-simple"),
    UNSUPPORTED("can-bus"), UNSUPPORTED("can-host-socketcan"),
    UNSUPPORTED("cryptodev-backend"), UNSUPPORTED("cryptodev-backend-builtin"),
    UNSUPPORTED("cryptodev-backend-lkcf"), UNSUPPORTED("cryptodev-vhost-user"),
    UNSUPPORTED("dbus-vmstate"), UNSUPPORTED("input-barrier"),
    UNSUPPORTED("input-linux"), UNSUPPORTED("main-loop"),
    UNSUPPORTED("memory-backend-epc"), UNSUPPORTED("memory-backend-file"),
    UNSUPPORTED("memory-backend-memfd"), UNSUPPORTED("memory-backend-ram"),
    UNSUPPORTED("pef-guest"), UNSUPPORTED("pr-manager-helper"),
    UNSUPPORTED("qtest"), UNSUPPORTED("rng-builtin"), UNSUPPORTED("rng-egd"),
    UNSUPPORTED("rng-random"), UNSUPPORTED("secret"),
    UNSUPPORTED("secret_keyring"), UNSUPPORTED("sev-guest"),
    UNSUPPORTED("thread-context"), UNSUPPORTED("s390-pv-guest"),
    UNSUPPORTED("throttle-group"), UNSUPPORTED("tls-creds-anon"),
    UNSUPPORTED("tls-creds-psk"), UNSUPPORTED("tls-creds-x509"),
    UNSUPPORTED("tls-cipher-suites"), UNSUPPORTED("x-remote-object"),
    UNSUPPORTED("x-vfio-user-server"),
    { NULL },
};

const QapiType qapi_ObjectOptions = {
    .name = "ObjectOptions", .kind = QAPI_KIND_STRUCT,
    .members = object_options_base,
    .discriminator = "qom-type", .variants = object_options_variants,
};
