/* embed.c: the smallest emulator-side use of libqnet, built through pkg-config. */
/*
 * It gives libqnet the networking options of a QEMU command line, builds the
 * network and prints what the monitor command "info network" says about it.
 *
 *   ./embed                       two NICs on hub 1 (the built-in example)
 *   ./embed -netdev user,id=u0 -device e1000,netdev=u0
 *                                 the options given, QEMU-style
 *
 * Build it with examples/Makefile, or by hand:
 *   cc -o embed embed.c $(pkg-config --cflags --libs qnet)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include <qnet/qnet.h>

/* A NIC on each of two ports of hub 1, as -netdev hubport / -device do. */
static const char *const builtin_options[][2] = {
    { "netdev", "hubport,id=p0,hubid=1" },
    { "netdev", "hubport,id=p1,hubid=1" },
    { "device", "e1000,netdev=p0" },
    { "device", "rtl8139,netdev=p1" },
};

/* libqnet never prints: its warnings and errors come here, and we print
 * them the way QEMU does ("prog: location: warning: message"). */
static void print_log(void *opaque, QnetLogLevel level,
                      const char *location, const char *message)
{
    const char *prog = opaque;

    if (level == QNET_LOG_DEBUG || level == QNET_LOG_INFO) {
        return;
    }
    fprintf(stderr, "%s: %s%s%s%s\n", prog,
            location ? location : "", location ? ": " : "",
            level == QNET_LOG_WARNING ? "warning: " : "", message);
}

static int fail(const char *prog, QnetContext *ctx, QnetError *err)
{
    fprintf(stderr, "%s: %s\n", prog, qnet_error_message(err));
    qnet_error_free(err);
    qnet_context_free(ctx);
    return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
    static char prog[] = "embed";     /* the log handler's opaque */
    QnetContext *ctx;
    QnetError *err = NULL;
    char *text;
    int i;

    if (argc % 2 == 0) {
        fprintf(stderr, "usage: %s [-OPTION ARGUMENT]...\n", argv[0]);
        return EXIT_FAILURE;
    }

    ctx = qnet_context_new(NULL);     /* NULL: the thread-default GMainContext */
    qnet_set_log_handler(ctx, print_log, prog);

    if (argc == 1) {
        for (i = 0; i < (int)G_N_ELEMENTS(builtin_options); i++) {
            if (!qnet_add_option(ctx, builtin_options[i][0],
                                 builtin_options[i][1], &err)) {
                return fail(prog, ctx, err);
            }
        }
    }
    for (i = 1; i + 1 < argc; i += 2) {
        const char *option = argv[i];

        if (option[0] != '-') {
            fprintf(stderr, "%s: %s: not an option\n", prog, option);
            qnet_context_free(ctx);
            return EXIT_FAILURE;
        }
        option += option[1] == '-' ? 2 : 1;     /* -netdev or --netdev */
        if (!qnet_add_option(ctx, option, argv[i + 1], &err)) {
            return fail(prog, ctx, err);
        }
    }

    if (!qnet_realize(ctx, &err)) {
        return fail(prog, ctx, err);
    }

    /*
     * An emulator would now run its GLib main loop, in which libqnet moves
     * the frames; here we only ask the monitor about the graph we built.
     */
    text = qnet_hmp_command(ctx, "info network");
    fputs(text, stdout);
    g_free(text);

    qnet_context_free(ctx);
    return EXIT_SUCCESS;
}
