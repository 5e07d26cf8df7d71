/* schema-types.h: the named types of the option schema (QEMU 7.2's QAPI names). */
#ifndef QNET_QAPI_SCHEMA_TYPES_H
#define QNET_QAPI_SCHEMA_TYPES_H

#include "qapi/schema.h"

/* schema-sockets.c (QEMU's common.json and sockets.json) */
extern const QapiType qapi_String;
extern const QapiType qapi_SocketAddressType;
extern const QapiType qapi_InetSocketAddress;
extern const QapiType qapi_UnixSocketAddress;
extern const QapiType qapi_VsockSocketAddress;
extern const QapiType qapi_SocketAddress;

/* schema-netdev.c (QEMU's net.json) */
extern const QapiType qapi_NetClientDriver;
extern const QapiType qapi_NetLegacyNicOptions;
extern const QapiType qapi_NetdevUserOptions;
extern const QapiType qapi_NetdevTapOptions;
extern const QapiType qapi_NetdevL2TPv3Options;
extern const QapiType qapi_NetdevSocketOptions;
extern const QapiType qapi_NetdevStreamOptions;
extern const QapiType qapi_NetdevDgramOptions;
extern const QapiType qapi_NetdevVdeOptions;
extern const QapiType qapi_NetdevBridgeOptions;
extern const QapiType qapi_NetdevHubPortOptions;
extern const QapiType qapi_NetdevNetmapOptions;
extern const QapiType qapi_NetdevVhostUserOptions;
extern const QapiType qapi_NetdevVhostVDPAOptions;
extern const QapiType qapi_Netdev;

/* schema-object.c (QEMU's qom.json, network filters and iothread) */
extern const QapiType qapi_ObjectType;
extern const QapiType qapi_NetFilterDirection;
extern const QapiType qapi_NetfilterInsert;
extern const QapiType qapi_NetfilterProperties;
extern const QapiType qapi_FilterBufferProperties;
extern const QapiType qapi_FilterDumpProperties;
extern const QapiType qapi_FilterMirrorProperties;
extern const QapiType qapi_FilterRedirectorProperties;
extern const QapiType qapi_FilterRewriterProperties;
extern const QapiType qapi_ColoCompareProperties;
extern const QapiType qapi_IothreadProperties;
extern const QapiType qapi_ObjectOptions;

#endif
