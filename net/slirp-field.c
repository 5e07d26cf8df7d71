/* slirp-field.c: splitting QEMU's "a:b-c" rule strings into fields, the way QEMU does. */
#include "net/slirp-field.h"

#include <string.h>

#include <glib.h>

bool net_slirp_field_take(const char **pp, char sep, size_t max_len,
                          char **field)
{
    const char *start = *pp;
    const char *end = strchr(start, sep);

    if (!end) {
        return false;
    }
    *field = g_strndup(start, MIN((size_t)(end - start), max_len));
    *pp = end + 1;
    return true;
}

bool net_slirp_field_take_bracketed(const char **pp, char sep, size_t max_len,
                                    char **field)
{
    const char *start = *pp;

    if (*start != '[') {
        return net_slirp_field_take(pp, sep, max_len, field);
    }
    const char *close = strchr(start, ']');
    if (!close || close[1] != sep) {
        return false;
    }
    *field = g_strndup(start, MIN((size_t)(close + 1 - start), max_len));
    *pp = close + 2;
    return true;
}
