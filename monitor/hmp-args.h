/* hmp-args.h: splitting an HMP command's arguments by its parameter spec. */
#ifndef QNET_MONITOR_HMP_ARGS_H
#define QNET_MONITOR_HMP_ARGS_H

#include <glib.h>
#include <stdbool.h>

#define HMP_MAX_ARGS 4

/* The arguments of one command; absent optional ones are NULL. */
typedef struct HmpArgs {
    char *v[HMP_MAX_ARGS];
    int count;
} HmpArgs;

/*
 * Splits @line by @spec, QEMU's notation: "s" a word (quotes allowed),
 * "s?" an optional word, "b" on|off, "O" the rest of the line.  On error
 * appends QEMU's two-line message ("<cmd>: string expected" / "Expected
 * 'on' or 'off'", then 'Try "help <cmd>" for more information') to @out
 * and returns false.
 */
bool hmp_args_parse(const char *cmd, const char *spec, const char *line,
                    HmpArgs *args, GString *out);

void hmp_args_clear(HmpArgs *args);

#endif
