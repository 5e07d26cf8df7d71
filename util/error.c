/* error.c: error objects passed up through Error **errp. */
#include "util/error.h"

#include <string.h>

struct Error {
    ErrorClass cls;
    GString *msg;
    GString *hint;
};

static void G_GNUC_PRINTF(4, 0)
error_setv(Error **errp, ErrorClass cls, int os_errno,
                       const char *fmt, va_list ap)
{
    if (!errp) {
        return;
    }
    g_assert(*errp == NULL);
    Error *err = g_new0(Error, 1);
    err->cls = cls;
    err->msg = g_string_new(NULL);
    g_string_vprintf(err->msg, fmt, ap);
    if (os_errno) {
        g_string_append_printf(err->msg, ": %s", g_strerror(os_errno));
    }
    err->hint = g_string_new(NULL);
    *errp = err;
}

void error_setg(Error **errp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(errp, ERROR_CLASS_GENERIC_ERROR, 0, fmt, ap);
    va_end(ap);
}

void error_set(Error **errp, ErrorClass cls, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(errp, cls, 0, fmt, ap);
    va_end(ap);
}

void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(errp, ERROR_CLASS_GENERIC_ERROR, os_errno, fmt, ap);
    va_end(ap);
}

void error_prepend(Error **errp, const char *fmt, ...)
{
    if (!errp || !*errp) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_string_prepend((*errp)->msg, prefix);
}

void error_append_hint(Error **errp, const char *fmt, ...)
{
    if (!errp || !*errp) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    g_string_append_vprintf((*errp)->hint, fmt, ap);
    va_end(ap);
}

void error_propagate(Error **dst, Error *local)
{
    if (!local) {
        return;
    }
    if (dst && !*dst) {
        *dst = local;
    } else {
        error_free(local);
    }
}

const char *error_get_pretty(const Error *err)
{
    return err->msg->str;
}

const char *error_get_hint(const Error *err)
{
    return err->hint->str;
}

ErrorClass error_get_class(const Error *err)
{
    return err->cls;
}

const char *error_class_name(ErrorClass cls)
{
    switch (cls) {
    case ERROR_CLASS_COMMAND_NOT_FOUND:
        return "CommandNotFound";
    case ERROR_CLASS_DEVICE_NOT_FOUND:
        return "DeviceNotFound";
    case ERROR_CLASS_GENERIC_ERROR:
        break;
    }
    return "GenericError";
}

Error *error_copy(const Error *err)
{
    Error *copy = g_new0(Error, 1);
    copy->cls = err->cls;
    copy->msg = g_string_new(err->msg->str);
    copy->hint = g_string_new(err->hint->str);
    return copy;
}

void error_free(Error *err)
{
    if (!err) {
        return;
    }
    g_string_free(err->msg, TRUE);
    g_string_free(err->hint, TRUE);
    g_free(err);
}
