/* hmp-commands.h: the table of HMP commands and `info` subcommands. */
#ifndef QNET_MONITOR_HMP_COMMANDS_H
#define QNET_MONITOR_HMP_COMMANDS_H

#include "monitor/hmp-args.h"
#include "util/error.h"
#include "monitor/hmp.h"

typedef void HmpHandler(QnetContext *ctx, HmpArgs *args, HmpResult *res);

typedef struct HmpCommand {
    const char *name;      /* "quit|q": aliases after '|' */
    const char *args;      /* argument spec for hmp_args_parse() */
    const char *params;    /* as `help` shows them */
    const char *help;
    HmpHandler *handler;
} HmpCommand;

/* Top-level commands and `info` subcommands, each sorted by name. */
extern const HmpCommand hmp_commands[];
extern const size_t hmp_commands_count;
extern const HmpCommand hmp_info_commands[];
extern const size_t hmp_info_commands_count;

/* The entry whose name or alias is @name, or NULL. */
const HmpCommand *hmp_command_find(const HmpCommand *table, size_t count,
                                   const char *name);

/*
 * QEMU's monitor prints a command's failure as "Error: <message>" and the
 * hint lines after it.  Frees @err.
 */
void hmp_print_error(HmpResult *res, Error *err);

/* Appends "name params -- help" lines for @table to @out. */
void hmp_command_list(const HmpCommand *table, size_t count, GString *out);

#endif
