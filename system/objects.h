/* objects.h: -object on the command line: parsing (QEMU's option-time errors) and creation (after the netdevs). */
#ifndef QNET_SYSTEM_OBJECTS_H
#define QNET_SYSTEM_OBJECTS_H

#include "net/context.h"

/*
 * Creates the objects of the -object arguments @args (char *, in command
 * line order), as QEMU 7.2 does:
 *   1. every argument is parsed first; errors carry the option as prefix
 *      ("-object filter-buffer,id=f0: Parameter 'netdev' is missing",
 *      "-object ...: Duplicate ID 'f0' for object", a bad id);
 *   2. then iothread objects are created, then the filters, each in
 *      order, through net_filter_object_add(); these errors carry no
 *      prefix ("Parameter 'netdev' expects a network backend id").
 * Call it after the netdevs exist and before the monitor starts: QEMU
 * reports these errors before its monitor banner.  Help requests must
 * have been handled with system_object_help() (they are skipped here).
 * Short-form boolean warnings go to the context log.
 */
bool system_objects_create(QnetContext *ctx, GPtrArray *args, Error **errp);

/*
 * If the -object argument @arg asks for help ("help", "?", "TYPE,help"),
 * returns the text to print on stdout before exiting 0 ("List of user
 * creatable objects:\n  colo-compare\n..." or "filter-dump options:\n
 * file=<string>\n..."); otherwise NULL (also for an argument that does not
 * parse: creating it reports the error).  Call it when the option is read,
 * as QEMU prints help while parsing the command line.
 */
char *system_object_help(const char *arg);

#endif
