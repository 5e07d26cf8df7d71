/* slirp-field.h: splitting QEMU's "a:b-c" rule strings into fields, the way QEMU does. */
#ifndef QNET_NET_SLIRP_FIELD_H
#define QNET_NET_SLIRP_FIELD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Takes the text of *@pp up to the first @sep and advances *@pp past it.
 * QEMU reads such fields into fixed buffers, so the field is cut to
 * @max_len bytes (the rest up to @sep is skipped, as QEMU does).
 * Returns false, leaving *@pp alone, when @sep does not occur; otherwise
 * *@field is a new string (caller frees).
 */
bool net_slirp_field_take(const char **pp, char sep, size_t max_len,
                          char **field);

/*
 * Like net_slirp_field_take(), but a field that starts with '[' runs to the
 * matching ']' (an IPv6 address, brackets kept), which @sep must follow.
 * Returns false when @sep does not follow.
 */
bool net_slirp_field_take_bracketed(const char **pp, char sep, size_t max_len,
                                    char **field);

#endif
