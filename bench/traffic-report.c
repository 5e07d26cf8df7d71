/* traffic-report.c: qnet-traffic's result line, as JSON or as key=value text. */
#include <stdio.h>

#include "traffic.h"

/* Print @n fields of @mode's result on one line of stdout and flush it. */
void tr_report(bool json, const char *mode, const TrField *f, size_t n)
{
    printf(json ? "{\"mode\":\"%s\"" : "%s:", mode);
    for (size_t i = 0; i < n; i++) {
        if (json) {
            printf(",\"%s\":%.*f", f[i].key, f[i].decimals, f[i].value);
        } else {
            printf(" %s=%.*f", f[i].key, f[i].decimals, f[i].value);
        }
    }
    printf(json ? "}\n" : "\n");
    fflush(stdout);
}

/* --hold: after the report, wait for stdin to close before the caller
 * closes its sockets, so the program in the middle sees no disconnect
 * while bench/run still measures it. */
void tr_hold(const TrOptions *o)
{
    char line[64];
    while (o->hold && fgets(line, sizeof(line), stdin)) {
    }
}
