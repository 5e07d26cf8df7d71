/* main.c: the qnet program: a QEMU-style command line to a running net graph. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net/context.h"
#include "qnet-config.h"
#include "qnet/qnet.h"
#include "system/config.h"
#include "system/monitors.h"
#include "system/signals.h"

typedef enum OptionKind {
    OPT_CONFIG,     /* handed to the library */
    OPT_MONITOR,    /* -monitor, -qmp, -mon, -chardev: system/monitors.c */
    OPT_SERIAL,     /* -serial: only "none" */
    OPT_IGNORED,    /* non-network QEMU options users paste along */
    OPT_POLL,       /* -x-qnet-poll-us: busy polling of the main loop */
    OPT_HELP,
    OPT_VERSION,
} OptionKind;

typedef struct ProgramOption {
    const char *name;
    bool has_arg;
    OptionKind kind;
} ProgramOption;

static const ProgramOption program_options[] = {
    { "netdev", true, OPT_CONFIG },
    { "net", true, OPT_CONFIG },
    { "nic", true, OPT_CONFIG },
    { "device", true, OPT_CONFIG },
    { "object", true, OPT_CONFIG },
    { "x-qnet-hub", true, OPT_CONFIG },
    { "x-qnet-poll-us", true, OPT_POLL },
    { "machine", true, OPT_CONFIG },
    { "M", true, OPT_CONFIG },
    { "nodefaults", false, OPT_CONFIG },
    { "usb", false, OPT_CONFIG },
    { "monitor", true, OPT_MONITOR },
    { "qmp", true, OPT_MONITOR },
    { "qmp-pretty", true, OPT_MONITOR },
    { "mon", true, OPT_MONITOR },
    { "chardev", true, OPT_MONITOR },
    { "serial", true, OPT_SERIAL },
    { "S", false, OPT_IGNORED },
    { "m", true, OPT_IGNORED },
    { "display", true, OPT_IGNORED },
    { "nographic", false, OPT_IGNORED },
    { "accel", true, OPT_IGNORED },
    { "enable-kvm", false, OPT_IGNORED },
    { "name", true, OPT_IGNORED },
    { "cpu", true, OPT_IGNORED },
    { "smp", true, OPT_IGNORED },
    { "no-reboot", false, OPT_IGNORED },
    { "no-shutdown", false, OPT_IGNORED },
    { "h", false, OPT_HELP },
    { "help", false, OPT_HELP },
    { "version", false, OPT_VERSION },
};

typedef struct Program {
    QnetContext *ctx;
    GMainLoop *loop;
    SystemMonitors *monitors;
    int exit_status;
} Program;

static const char *prog_name = "qnet";

/*
 * -x-qnet-poll-us: the default polling window, QEMU's poll-max-ns default
 * for iothreads (32768 ns).  Measured with bench/run on a 2-vCPU guest: the
 * round trip through a hub with free CPU placement (rtt-stream-64-smp)
 * drops by about a quarter; pinned to one CPU and in the throughput
 * scenarios (hub-stream-64, fanout-4) it changes nothing beyond noise; an
 * idle qnet does not poll.  8 us was too short to help, 128 us no better.
 */
#define DEFAULT_POLL_US 32
/* The largest window accepted (one second). */
#define MAX_POLL_US 1000000

static void print_error(const char *location, const char *message)
{
    if (location) {
        fprintf(stderr, "%s: %s: %s\n", prog_name, location, message);
    } else {
        fprintf(stderr, "%s: %s\n", prog_name, message);
    }
}

static void report_error(QnetError *err)
{
    const char *hint = error_get_hint(err);
    fprintf(stderr, "%s: %s\n%s", prog_name, qnet_error_message(err), hint);
}

static void log_to_stderr(void *opaque, QnetLogLevel level,
                          const char *location, const char *message)
{
    const char *tag = level == QNET_LOG_WARNING ? "warning: "
                      : level == QNET_LOG_INFO  ? "info: "
                                                : "";
    g_autofree char *text = g_strdup_printf("%s%s", tag, message);
    print_error(location, text);
}

static void usage(void)
{
    printf("usage: %s [options]\n"
           "qnet runs the networking part of a QEMU command line on its own:\n"
           "NICs, hubs and host backends joined as qemu-system-x86_64 joins them.\n"
           "\n"
           "Network options (QEMU syntax):\n"
           "  -netdev TYPE,id=ID[,...]    create a host network backend\n"
           "  -nic [TYPE][,model=M][,mac=MAC][,...]\n"
           "                              create a backend and an on-board NIC\n"
           "  -net nic[,...] | -net TYPE[,...]\n"
           "                              legacy: attach a NIC or backend to hub 0\n"
           "  -device MODEL,netdev=ID[,mac=MAC][,id=ID]\n"
           "                              add a NIC peered with a netdev\n"
           "  -object TYPE,id=ID[,...]    add a filter object\n"
           "  -M, -machine NAME           board whose NICs -nic/-net nic create\n"
           "  -nodefaults                 no default network (-net nic -net user)\n"
           "\n"
           "Beyond QEMU:\n"
           "  -x-qnet-hub [hubid=]N[,mode=learning|flood][,ageing=SECONDS]\n"
           "                              hub N learns where addresses are and\n"
           "                              sends unicast frames only there\n"
           "  -x-qnet-poll-us N           while frames flow, poll for up to N us\n"
           "                              before sleeping (default 32, 0: off)\n"
           "\n"
           "Monitors and character devices:\n"
           "  -monitor DEV                human monitor (HMP) on DEV: stdio,\n"
           "                              unix:PATH,server=on,wait=off,\n"
           "                              tcp:HOST:PORT,server=on,wait=off, chardev:ID\n"
           "  -qmp DEV, -qmp-pretty DEV   QMP (JSON) monitor on DEV\n"
           "  -mon chardev=ID[,mode=readline|control][,pretty=on|off]\n"
           "  -chardev BACKEND,id=ID[,...] socket, stdio, file, pipe, null\n"
           "\n"
           "Help:\n"
           "  -netdev help, -nic model=help, -device help, -device MODEL,help,\n"
           "  -object help, -chardev help, -M help, -h, -version\n"
           "\n"
           "Accepted and ignored, so that QEMU command lines can be pasted:\n"
           "  -S -m -display -nographic -accel -enable-kvm -name -cpu -smp\n"
           "  -no-reboot -no-shutdown -serial none -usb\n"
           "\n"
           "See qnet(1) and docs/ for details.\n", prog_name);
}

static const ProgramOption *find_option(const char *arg)
{
    if (arg[0] != '-') {
        return NULL;
    }
    const char *name = arg + (arg[1] == '-' ? 2 : 1);
    for (size_t i = 0; i < G_N_ELEMENTS(program_options); i++) {
        if (strcmp(program_options[i].name, name) == 0) {
            return &program_options[i];
        }
    }
    return NULL;
}

/* Returns -1 to go on, or the exit status to stop with. */
static int handle_option(Program *p, const ProgramOption *opt,
                         const char *arg)
{
    g_autofree char *location = arg ? g_strdup_printf("-%s %s", opt->name,
                                                      arg)
                                    : g_strdup_printf("-%s", opt->name);
    switch (opt->kind) {
    case OPT_HELP:
        usage();
        return 0;
    case OPT_VERSION:
        printf("qnet version %s\n", QNET_VERSION);
        return 0;
    case OPT_IGNORED:
        return -1;
    case OPT_POLL: {
        guint64 us;
        if (!g_ascii_string_to_unsigned(arg, 10, 0, MAX_POLL_US, &us, NULL)) {
            g_autofree char *msg = g_strdup_printf(
                "expects microseconds from 0 to %u", MAX_POLL_US);
            print_error(location, msg);
            return 1;
        }
        qnet_set_busy_poll(p->ctx, (unsigned)us);
        return -1;
    }
    case OPT_SERIAL:
        if (strcmp(arg, "none") != 0) {
            print_error(location, "qnet has no serial ports; only "
                        "'-serial none' is accepted");
            return 1;
        }
        return -1;
    case OPT_MONITOR: {
        g_autofree char *text = NULL;
        int help_status = 0;
        QnetError *err = NULL;
        if (!system_monitors_add(p->monitors, opt->name, arg, &text,
                                 &help_status, &err)) {
            report_error(err);
            qnet_error_free(err);
            return 1;
        }
        if (text) {
            fputs(text, stdout);
            return help_status;
        }
        return -1;
    }
    case OPT_CONFIG:
        break;
    }
    g_autoptr(GString) help = g_string_new(NULL);
    QnetError *help_err = NULL;
    if (system_config_help(opt->name, arg, help, &help_err)) {
        if (help_err) {
            report_error(help_err);
            qnet_error_free(help_err);
        }
        fputs(help->str, stdout);
        return 0;
    }
    QnetError *err = NULL;
    if (!qnet_add_option(p->ctx, opt->name, arg, &err)) {
        report_error(err);
        qnet_error_free(err);
        return 1;
    }
    return -1;
}

static int parse_command_line(Program *p, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const ProgramOption *opt = find_option(argv[i]);
        if (!opt) {
            print_error(argv[i], argv[i][0] == '-'
                                     ? "invalid option"
                                     : "qnet takes no disk images or other "
                                       "non-option arguments");
            return 1;
        }
        const char *arg = NULL;
        if (opt->has_arg) {
            if (i + 1 >= argc) {
                print_error(argv[i], "requires an argument");
                return 1;
            }
            arg = argv[++i];
        }
        int status = handle_option(p, opt, arg);
        if (status >= 0) {
            return status;
        }
    }
    return -1;
}

static void on_monitor_quit(void *opaque)
{
    Program *p = opaque;
    g_main_loop_quit(p->loop);
}

/* The sender's name, as QEMU names it in its "terminating" message. */
static char *process_name(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)pid);
    char *cmdline = NULL;
    if (!g_file_get_contents(path, &cmdline, NULL, NULL) || !*cmdline) {
        g_free(cmdline);
        return g_strdup("unknown");
    }
    return cmdline;   /* the first NUL ends argv[0] */
}

static void on_signal(int signo, pid_t sender, void *opaque)
{
    Program *p = opaque;
    g_autofree char *name = process_name(sender);
    fprintf(stderr, "%s: terminating on signal %d from pid %d (%s)\n",
            prog_name, signo, (int)sender, name);
    system_monitors_shutdown(p->monitors, "host-signal");
    g_main_loop_quit(p->loop);
}

/*
 * Builds the graph.  As in QEMU, the monitor comes up between the netdevs
 * and the devices, so netdev errors print no banner.
 */
static int realize(Program *p)
{
    QnetError *err = NULL;
    g_autoptr(GString) help = g_string_new(NULL);

    if (system_monitors_create_chardevs(p->monitors, &err) &&
        system_config_realize_net(p->ctx, &err) &&
        system_monitors_create_monitors(p->monitors, &err)) {
        if (system_config_realize_devices(p->ctx, help, &err)) {
            return -1;
        }
        if (!err) {
            system_monitors_stop(p->monitors);  /* banner first */
            fputs(help->str, stdout);   /* -nic model=help */
            return 0;
        }
    }
    report_error(err);
    qnet_error_free(err);
    return 1;
}

int main(int argc, char **argv)
{
    Program p = { 0 };

    setvbuf(stderr, NULL, _IONBF, 0);
    signal(SIGPIPE, SIG_IGN);
    p.ctx = qnet_context_new(NULL);
    qnet_set_log_handler(p.ctx, log_to_stderr, &p);
    p.loop = g_main_loop_new(NULL, FALSE);
    p.monitors = system_monitors_new(p.ctx, on_monitor_quit, &p);
    qnet_set_busy_poll(p.ctx, DEFAULT_POLL_US);

    int status = parse_command_line(&p, argc, argv);
    if (status < 0) {
        status = realize(&p);
    }
    if (status < 0) {
        signals_install(on_signal, &p);
        g_main_loop_run(p.loop);
        status = 0;
    }
    system_monitors_stop(p.monitors);
    qnet_context_free(p.ctx);
    system_monitors_free(p.monitors);
    g_main_loop_unref(p.loop);
    return status;
}
