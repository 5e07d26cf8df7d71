/* hmp.c: the human monitor's line interpreter. */
#include "monitor/hmp.h"

#include <string.h>

#include "monitor/hmp-commands.h"
#include "qnet-config.h"

const char *hmp_banner(void)
{
    return "qnet " QNET_VERSION " monitor - type 'help' for more information";
}

static bool name_matches(const char *names, const char *name)
{
    g_auto(GStrv) aliases = g_strsplit(names, "|", 0);
    for (char **a = aliases; *a; a++) {
        if (strcmp(*a, name) == 0) {
            return true;
        }
    }
    return false;
}

const HmpCommand *hmp_command_find(const HmpCommand *table, size_t count,
                                   const char *name)
{
    for (size_t i = 0; i < count; i++) {
        if (name_matches(table[i].name, name)) {
            return &table[i];
        }
    }
    return NULL;
}

void hmp_command_list(const HmpCommand *table, size_t count, GString *out)
{
    for (size_t i = 0; i < count; i++) {
        g_string_append_printf(out, "%s %s -- %s\n", table[i].name,
                               table[i].params, table[i].help);
    }
}

/* Splits "cmd rest" into the command word and the rest, trimmed. */
static char *split_command(const char *line, const char **rest)
{
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    const char *end = line + strcspn(line, " \t");
    const char *r = end;
    while (*r == ' ' || *r == '\t') {
        r++;
    }
    *rest = r;
    return g_strndup(line, (gsize)(end - line));
}

void hmp_execute(QnetContext *ctx, const char *line, HmpResult *res)
{
    const char *args;
    g_autofree char *name = split_command(line, &args);
    if (!*name) {
        return;
    }
    const HmpCommand *cmd = hmp_command_find(hmp_commands,
                                             hmp_commands_count, name);
    if (!cmd) {
        g_string_append_printf(res->out, "unknown command: '%s'\n", name);
        return;
    }
    HmpArgs parsed;
    if (!hmp_args_parse(name, cmd->args, args, &parsed, res->out)) {
        return;
    }
    cmd->handler(ctx, &parsed, res);
    hmp_args_clear(&parsed);
}
