/* qdev-prop.h: device properties: declared kinds, value parsing and `-device MODEL,help` lines. */
#ifndef QNET_HW_CORE_QDEV_PROP_H
#define QNET_HW_CORE_QDEV_PROP_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "net/mac.h"
#include "util/error.h"

/* How a property's value is read from the command line. */
typedef enum QdevPropKind {
    QDEV_PROP_BOOL,
    QDEV_PROP_UINT8,
    QDEV_PROP_UINT16,
    QDEV_PROP_UINT32,
    QDEV_PROP_UINT64,
    QDEV_PROP_INT32,
    QDEV_PROP_STR,
    QDEV_PROP_ON_OFF_AUTO,
    QDEV_PROP_MAC,        /* "xx:xx:xx:xx:xx:xx" ('-' also allowed) */
    QDEV_PROP_NETDEV,     /* id of a netdev, bound to the device's NICConf */
    QDEV_PROP_PCI_DEVFN,  /* "SS[.F]" in hex */
    QDEV_PROP_BOOTINDEX,  /* int32, unique among the devices */
    QDEV_PROP_READONLY,   /* shown by help, but cannot be set (child<...>) */
} QdevPropKind;

/* QEMU's OnOffAuto values. */
typedef enum QdevOnOffAuto {
    QDEV_AUTO,
    QDEV_ON,
    QDEV_OFF,
} QdevOnOffAuto;

/*
 * One declared property.  @type_name, @desc and @defval are what
 * `-device MODEL,help` shows ("uint32", "on/off", "4294967295"); @type_name
 * NULL means the kind's usual name; @desc / @defval NULL mean none.
 * Arrays of QdevProp end with an entry whose @name is NULL.
 */
typedef struct QdevProp {
    const char *name;
    QdevPropKind kind;
    const char *type_name;
    const char *desc;
    const char *defval;
} QdevProp;

/* A parsed value; which member is used depends on the kind. */
typedef struct QdevValue {
    QdevPropKind kind;
    union {
        bool b;
        uint64_t u;
        int64_t i;
        char *s;        /* STR and NETDEV (owned) */
        MACAddr mac;
        QdevOnOffAuto ooa;
    };
} QdevValue;

/* The name help shows between < and >. */
const char *qdev_prop_type_name(const QdevProp *prop);

/*
 * Parses @text for @prop of device type @driver into @out (kinds needing no
 * context: all but NETDEV, whose text is just copied).  Errors are QEMU's:
 * "Parameter 'x' expects integer", "... expects uint32_t",
 * "... expects 'on' or 'off'", "... does not accept value 'v'",
 * "Property 'e1000.mac' doesn't take value 'zz'", "... is not writable".
 */
bool qdev_prop_parse(const QdevProp *prop, const char *driver,
                     const char *text, QdevValue *out, Error **errp);

/* The value @prop has when not set (from its declared default). */
void qdev_prop_default(const QdevProp *prop, QdevValue *out);

/* Frees what @v owns (its string). */
void qdev_value_clear(QdevValue *v);

/*
 * Appends one help line as QEMU prints it:
 * "  name=<type>" padded to 22, then " - desc (default: x)" when a
 * description or default exists.
 */
void qdev_prop_help_line(GString *out, const char *name, const char *type,
                         const char *desc, const char *defval);

/*
 * Appends @lines (char *, consumed) sorted as QEMU sorts help lines, each
 * followed by a newline.
 */
void qdev_help_lines_flush(GString *out, GPtrArray *lines);

/*
 * Parses a PCI "slot[.function]" address the way QEMU's addr= property
 * does (hex, slot <= 0x1f, function <= 7).  Returns devfn or -1.
 */
int qdev_parse_pci_devfn(const char *text);

#endif
