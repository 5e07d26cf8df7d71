/* numbers.h: number, size and boolean text parsing with QEMU's exact acceptance rules. */
#ifndef QNET_QAPI_NUMBERS_H
#define QNET_QAPI_NUMBERS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The parsers below take a whole string (leading white space and a sign
 * are allowed, anything left over is an error) and return 0, -EINVAL or
 * -ERANGE.
 */

/* A signed 64-bit integer in @base (0: "0x" hex and "0" octal prefixes). */
int qapi_strtoi64(const char *s, int base, int64_t *out);

/* An unsigned 64-bit integer in @base; negative numbers wrap around. */
int qapi_strtou64(const char *s, int base, uint64_t *out);

/* An unsigned 64-bit integer in base 0 that refuses negative numbers. */
int qapi_parse_uint(const char *s, uint64_t *out);

/*
 * A size: a decimal number with an optional fraction, or a hex number,
 * followed by an optional suffix b/B (bytes), k/K, m/M, g/G, t/T, p/P or
 * e/E (powers of 1024).  A fraction needs a suffix other than B.
 * *@hex_suffix is set when a hex number had a suffix, which QEMU accepts
 * with the warning "Using a multiplier suffix on hex numbers is
 * deprecated: <text>".
 */
int qapi_strtosz(const char *s, uint64_t *out, bool *hex_suffix);

/* QEMU's booleans: on/yes/true/y and off/no/false/n, case-sensitive. */
bool qapi_bool_parse(const char *s, bool *out);

#endif
