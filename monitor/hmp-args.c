/* hmp-args.c: splitting an HMP command's arguments by its parameter spec. */
#include "monitor/hmp-args.h"

#include <string.h>

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

/* A word, or a double-quoted string with \" and \\ escapes. */
static char *take_word(const char **pp)
{
    const char *p = skip_spaces(*pp);
    GString *word = g_string_new(NULL);

    if (*p == '"') {
        p++;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1]) {
                p++;
            }
            g_string_append_c(word, *p++);
        }
        if (*p != '"') {
            g_string_free(word, TRUE);
            return NULL;
        }
        p++;
    } else {
        while (*p && *p != ' ' && *p != '\t') {
            g_string_append_c(word, *p++);
        }
    }
    *pp = p;
    if (!word->len) {
        g_string_free(word, TRUE);
        return NULL;
    }
    return g_string_free(word, FALSE);
}

static void usage_error(GString *out, const char *cmd, const char *msg)
{
    g_string_append_printf(out, "%s\nTry \"help %s\" for more information\n",
                           msg, cmd);
}

bool hmp_args_parse(const char *cmd, const char *spec, const char *line,
                    HmpArgs *args, GString *out)
{
    const char *p = line;
    memset(args, 0, sizeof(*args));

    for (const char *s = spec; *s; s++) {
        g_assert(args->count < HMP_MAX_ARGS);
        char **slot = &args->v[args->count++];
        if (*s == 'O') {
            *slot = g_strdup(skip_spaces(p));
            p += strlen(p);
            continue;
        }
        bool optional = s[1] == '?';
        *slot = take_word(&p);
        if (*s == 'b' && (!*slot || (strcmp(*slot, "on") != 0 &&
                                     strcmp(*slot, "off") != 0))) {
            usage_error(out, cmd, "Expected 'on' or 'off'");
            goto fail;
        }
        if (!*slot && !optional) {
            g_autofree char *msg = g_strdup_printf("%s: string expected",
                                                   cmd);
            usage_error(out, cmd, msg);
            goto fail;
        }
        if (optional) {
            s++;
        }
    }
    if (*skip_spaces(p)) {
        g_autofree char *msg = g_strdup_printf(
            "%s: extraneous characters at the end of line", cmd);
        usage_error(out, cmd, msg);
        goto fail;
    }
    return true;
fail:
    hmp_args_clear(args);
    return false;
}

void hmp_args_clear(HmpArgs *args)
{
    for (int i = 0; i < args->count; i++) {
        g_free(args->v[i]);
    }
    memset(args, 0, sizeof(*args));
}
