/* numbers.c: number, size and boolean text parsing with QEMU's exact acceptance rules. */
#include "qapi/numbers.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The result of a libc strtoX call on a string that must be consumed. */
static int finish(const char *s, const char *end, int libc_errno)
{
    if (libc_errno == 0 && end == s) {
        return -EINVAL;
    }
    if (*end) {
        return -EINVAL;
    }
    return -libc_errno;
}

int qapi_strtoi64(const char *s, int base, int64_t *out)
{
    char *end;

    errno = 0;
    long long v = strtoll(s, &end, base);
    int ret = finish(s, end, errno);
    if (ret == 0) {
        *out = v;
    }
    return ret;
}

int qapi_strtou64(const char *s, int base, uint64_t *out)
{
    char *end;

    errno = 0;
    unsigned long long v = strtoull(s, &end, base);
    int ret = finish(s, end, errno);
    if (ret == 0) {
        *out = v;
    }
    return ret;
}

int qapi_parse_uint(const char *s, uint64_t *out)
{
    const char *p = s;

    int ret = qapi_strtou64(s, 0, out);
    if (ret < 0) {
        return ret;
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    return *p == '-' ? -ERANGE : 0;
}

/* The multiplier of a size suffix, or 0 when @c is none. */
static uint64_t suffix_mul(char c)
{
    switch (c) {
    case 'b': case 'B': return 1;
    case 'k': case 'K': return 1ull << 10;
    case 'm': case 'M': return 1ull << 20;
    case 'g': case 'G': return 1ull << 30;
    case 't': case 'T': return 1ull << 40;
    case 'p': case 'P': return 1ull << 50;
    case 'e': case 'E': return 1ull << 60;
    }
    return 0;
}

/* Parses the integral part (decimal, or hex after "0x"); sets *@end. */
static int size_integral(const char *s, const char **end, uint64_t *val,
                         bool *hex)
{
    char *e;

    errno = 0;
    *val = strtoull(s, &e, 10);
    if (errno || e == s) {
        return errno ? -errno : -EINVAL;
    }
    if (memchr(s, '-', e - s)) {
        return -EINVAL;
    }
    if (*val == 0 && (*e == 'x' || *e == 'X')) {
        errno = 0;
        *val = strtoull(s, &e, 16);
        if (errno || *e == '.') {
            return errno ? -errno : -EINVAL;
        }
        *hex = true;
    }
    *end = e;
    return 0;
}

/* Parses ".digits" at @s into a 0.64 fixed-point fraction; sets *@end. */
static int size_fraction(const char *s, const char **end, uint64_t *frac)
{
    char *e;

    errno = 0;
    double f = strtod(s, &e);
    if (errno || e == s || !isfinite(f)) {
        /* "1." and "1.k": no digits after the dot, the dot is skipped */
        *end = s + 1;
        *frac = 0;
        return 0;
    }
    if (memchr(s, 'e', e - s) || memchr(s, 'E', e - s)) {
        return -EINVAL;
    }
    *frac = f >= 1.0 ? UINT64_MAX : (uint64_t)(f * 0x1p64);
    *end = e;
    return 0;
}

int qapi_strtosz(const char *s, uint64_t *out, bool *hex_suffix)
{
    const char *end = s;
    uint64_t val, frac = 0;
    bool hex = false;

    *hex_suffix = false;
    int ret = size_integral(s, &end, &val, &hex);
    if (ret == 0 && !hex && *end == '.') {
        ret = size_fraction(end, &end, &frac);
    }
    if (ret < 0) {
        return ret;
    }
    uint64_t mul = suffix_mul(*end);
    if (mul) {
        *hex_suffix = hex;
        end++;
    } else {
        mul = 1;
    }
    if (mul == 1 && frac) {
        return -EINVAL;
    }
    /* exact 64.64 x 64 product, rounding the fraction half up */
    unsigned __int128 prod = (unsigned __int128)val * mul;
    unsigned __int128 fprod = (unsigned __int128)frac * mul;
    prod += (fprod >> 64) + ((fprod >> 63) & 1);
    if (prod >> 64) {
        return -ERANGE;
    }
    if (*end) {
        return -EINVAL;
    }
    *out = (uint64_t)prod;
    return 0;
}

bool qapi_bool_parse(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}
