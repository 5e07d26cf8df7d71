/* hmp-commands.c: the HMP commands qnet offers, with QEMU's names and help. */
#include "monitor/hmp-commands.h"

#include <string.h>

#include "net/client.h"
#include "net/context.h"

static void hmp_help(QnetContext *ctx, const char *args, HmpResult *res);
static void hmp_info(QnetContext *ctx, const char *args, HmpResult *res);

static void hmp_quit(QnetContext *ctx, const char *args, HmpResult *res)
{
    res->quit = true;
}

static void hmp_info_network(QnetContext *ctx, const char *args,
                             HmpResult *res)
{
    net_info_network(ctx, res->out);
}

const HmpCommand hmp_commands[] = {
    { "help|?", "[cmd]", "show the help", hmp_help },
    { "info", "[subcommand]",
      "show various information about the system state", hmp_info },
    { "quit|q", "", "quit the emulator", hmp_quit },
};
const size_t hmp_commands_count = G_N_ELEMENTS(hmp_commands);

const HmpCommand hmp_info_commands[] = {
    { "network", "", "show the network state", hmp_info_network },
};
const size_t hmp_info_commands_count = G_N_ELEMENTS(hmp_info_commands);

static void list_info(GString *out)
{
    for (size_t i = 0; i < hmp_info_commands_count; i++) {
        const HmpCommand *c = &hmp_info_commands[i];
        g_string_append_printf(out, "info %s %s -- %s\n", c->name, c->params,
                               c->help);
    }
}

static void hmp_help(QnetContext *ctx, const char *args, HmpResult *res)
{
    if (!*args) {
        hmp_command_list(hmp_commands, hmp_commands_count, res->out);
        return;
    }
    if (strcmp(args, "info") == 0) {
        list_info(res->out);
        return;
    }
    const HmpCommand *cmd = hmp_command_find(hmp_commands, hmp_commands_count,
                                             args);
    if (!cmd) {
        g_string_append_printf(res->out, "unknown command: '%s'\n", args);
        return;
    }
    hmp_command_list(cmd, 1, res->out);
}

static void hmp_info(QnetContext *ctx, const char *args, HmpResult *res)
{
    if (!*args) {
        list_info(res->out);
        return;
    }
    const HmpCommand *sub = hmp_command_find(hmp_info_commands,
                                             hmp_info_commands_count, args);
    if (!sub) {
        g_string_append_printf(res->out, "unknown command: 'info %s'\n", args);
        return;
    }
    sub->handler(ctx, "", res);
}
