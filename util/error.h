/* error.h: error objects passed up through Error **errp, in QEMU's style. */
#ifndef QNET_UTIL_ERROR_H
#define QNET_UTIL_ERROR_H

#include <glib.h>
#include <stdbool.h>

/*
 * An Error carries one message written once, where the failure is known,
 * plus an optional hint (extra lines printed after the message) and a class
 * used by QMP.  Functions that can fail take `Error **errp` last; a caller
 * that does not care passes NULL.  Setting an error on a non-NULL *errp that
 * already holds one is a programming error (the first error wins).
 */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_FOUND,
} ErrorClass;

typedef struct Error Error;

/* Sets *errp (if errp is non-NULL) to a new generic error. */
void error_setg(Error **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Sets *errp to a new error of class @cls. */
void error_set(Error **errp, ErrorClass cls, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Like error_setg(), with ": <strerror(os_errno)>" appended. */
void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Prepends text to the message of *errp (no-op when errp or *errp is NULL). */
void error_prepend(Error **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Appends text to the hint of *errp (no-op when errp or *errp is NULL). */
void error_append_hint(Error **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Moves @local into *dst (or frees it when dst is NULL or already set). */
void error_propagate(Error **dst, Error *local);

/* The message, without the hint. */
const char *error_get_pretty(const Error *err);

/* The hint text (may be empty, never NULL). */
const char *error_get_hint(const Error *err);

ErrorClass error_get_class(const Error *err);

/* QMP's name for the class: "GenericError", "DeviceNotFound", ... */
const char *error_class_name(ErrorClass cls);

Error *error_copy(const Error *err);
void error_free(Error *err);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Error, error_free)

#endif
