/* hmp-commands.c: the HMP commands qnet offers, with QEMU's names, help and messages. */
#include "monitor/hmp-commands.h"

#include <string.h>

#include "chardev/char.h"
#include "monitor/announce.h"
#include "monitor/hmp-cmd-object.h"
#include "net/filter-object.h"
#include "qnet-config.h"

#include "net/client.h"
#include "net/context.h"
#include "net/control.h"
#include "net/options.h"
#include "net/slirp.h"
#include "qapi/netdev.h"

static void hmp_help(QnetContext *ctx, HmpArgs *args, HmpResult *res);
static void hmp_info(QnetContext *ctx, HmpArgs *args, HmpResult *res);

void hmp_print_error(HmpResult *res, Error *err)
{
    g_string_append_printf(res->out, "Error: %s\n%s", error_get_pretty(err),
                           error_get_hint(err));
    error_free(err);
}

static void print_error(HmpResult *res, Error *err)
{
    hmp_print_error(res, err);
}

static void hmp_quit(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    res->quit = true;
}

static void hmp_set_link(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    Error *err = NULL;
    if (!net_set_link(ctx, args->v[0], strcmp(args->v[1], "on") == 0,
                      &err)) {
        print_error(res, err);
    }
}

static void hmp_netdev_add(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    if (qapi_netdev_help(args->v[0], res->out)) {
        return;
    }
    Error *parse_err = NULL, *err = NULL;
    if (net_options_netdev_add(ctx, args->v[0], &parse_err, &err)) {
        return;
    }
    if (parse_err) {
        /* QEMU reports these outside the monitor, on its stderr. */
        qnet_log_error(ctx, QNET_LOG_ERROR, NULL, parse_err);
        error_free(parse_err);
        g_string_append(res->out,
                        "Try \"help netdev_add\" for more information\n");
        return;
    }
    print_error(res, err);
}

static void hmp_netdev_del(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    Error *err = NULL;
    if (!net_netdev_del(ctx, args->v[0], &err)) {
        print_error(res, err);
        return;
    }
    net_options_forget_netdev(ctx, args->v[0]);
}

/* "hostfwd_add [netdev_id] rule": with one word, that word is the rule. */
static void split_id_and_rule(HmpArgs *args, const char **id,
                              const char **rule)
{
    *id = args->v[1] ? args->v[0] : NULL;
    *rule = args->v[1] ? args->v[1] : args->v[0];
}

/* hostfwd errors print bare, without "Error: ", as QEMU's do. */
static void print_bare_error(HmpResult *res, Error *err)
{
    g_string_append_printf(res->out, "%s\n%s", error_get_pretty(err),
                           error_get_hint(err));
    error_free(err);
}

static void hmp_hostfwd_add(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    const char *id, *rule;
    split_id_and_rule(args, &id, &rule);
    Error *err = NULL;
    if (!net_slirp_hostfwd_add(ctx, id, rule, &err)) {
        print_bare_error(res, err);
    }
}

static void hmp_hostfwd_remove(QnetContext *ctx, HmpArgs *args,
                               HmpResult *res)
{
    const char *id, *rule;
    split_id_and_rule(args, &id, &rule);
    Error *err = NULL;
    if (!net_slirp_hostfwd_remove(ctx, id, rule, res->out, &err)) {
        print_bare_error(res, err);
    }
}

/* "announce_self [interfaces] [id]" with the migration defaults. */
static void hmp_announce_self(QnetContext *ctx, HmpArgs *args,
                              HmpResult *res)
{
    g_auto(GStrv) interfaces = args->v[0] ? g_strsplit(args->v[0], ",", -1)
                                          : NULL;
    AnnounceParams p = {
        .initial = ANNOUNCE_DEFAULT_INITIAL,
        .max = ANNOUNCE_DEFAULT_MAX,
        .rounds = ANNOUNCE_DEFAULT_ROUNDS,
        .step = ANNOUNCE_DEFAULT_STEP,
        .interfaces = interfaces,
        .id = args->v[1],
    };
    announce_self(ctx, &p);
}

static void hmp_info_chardev(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    chardev_info(ctx->chardevs, res->out);
}

static void hmp_info_version(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    g_string_append(res->out, QNET_VERSION " (qnet)\n");
}

static void hmp_info_network(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    net_info_network(ctx, res->out);
}

static void hmp_info_usernet(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    net_slirp_info_usernet(ctx, res->out);
}

const HmpCommand hmp_commands[] = {
    { "announce_self", "s?s?", "[interfaces] [id]",
      "Trigger GARP/RARP announcements", hmp_announce_self },
    { "help|?", "s?", "[cmd]", "show the help", hmp_help },
    { "hostfwd_add", "ss?",
      "[netdev_id] [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport",
      "redirect TCP or UDP connections from host to guest (requires -net "
      "user)", hmp_hostfwd_add },
    { "hostfwd_remove", "ss?",
      "[netdev_id] [tcp|udp]:[hostaddr]:hostport",
      "remove host-to-guest TCP or UDP redirection", hmp_hostfwd_remove },
    { "info", "s?", "[subcommand]",
      "show various information about the system state", hmp_info },
    { "netdev_add", "O",
      "[user|tap|socket|stream|dgram|vde|bridge|hubport|netmap|vhost-user],"
      "id=str[,prop=value][,...]", "add host network device",
      hmp_netdev_add },
    { "netdev_del", "s", "id", "remove host network device",
      hmp_netdev_del },
    { "object_add", "O", "[qom-type=]type,id=str[,prop=value][,...]",
      "create QOM object", hmp_object_add },
    { "object_del", "s", "id", "destroy QOM object", hmp_object_del },
    { "qom-get", "ss", "path property", "print QOM property", hmp_qom_get },
    { "qom-list", "s", "path", "list QOM properties", hmp_qom_list },
    { "qom-set", "sssO", "[-j] path property value",
      "set QOM property.\n\t\t\t-j: the value is specified in json format.",
      hmp_qom_set },
    { "quit|q", "", "", "quit the emulator", hmp_quit },
    { "set_link", "sb", "name on|off",
      "change the link status of a network adapter", hmp_set_link },
};
const size_t hmp_commands_count = G_N_ELEMENTS(hmp_commands);

const HmpCommand hmp_info_commands[] = {
    { "chardev", "", "", "show the character devices", hmp_info_chardev },
    { "network", "", "", "show the network state", hmp_info_network },
    { "usernet", "", "", "show user network stack connection states",
      hmp_info_usernet },
    { "version", "", "", "show the version of QEMU", hmp_info_version },
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

static void hmp_help(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    const char *topic = args->v[0];
    if (!topic) {
        hmp_command_list(hmp_commands, hmp_commands_count, res->out);
        return;
    }
    if (strcmp(topic, "info") == 0) {
        list_info(res->out);
        return;
    }
    const HmpCommand *cmd = hmp_command_find(hmp_commands, hmp_commands_count,
                                             topic);
    if (!cmd) {
        g_string_append_printf(res->out, "unknown command: '%s'\n", topic);
        return;
    }
    hmp_command_list(cmd, 1, res->out);
}

static void hmp_info(QnetContext *ctx, HmpArgs *args, HmpResult *res)
{
    const char *name = args->v[0];
    if (!name) {
        list_info(res->out);
        return;
    }
    const HmpCommand *sub = hmp_command_find(hmp_info_commands,
                                             hmp_info_commands_count, name);
    if (!sub) {
        g_string_append_printf(res->out, "unknown command: 'info %s'\n", name);
        return;
    }
    HmpArgs none = { { NULL } };
    sub->handler(ctx, &none, res);
}
