/* fuzz-hmp.c: any monitor line against a small live graph. */
#include <stddef.h>
#include <stdint.h>

#include "qnet/qnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QnetContext *ctx = qnet_context_new(NULL);
    qnet_add_option(ctx, "nodefaults", NULL, NULL);
    qnet_add_option(ctx, "netdev", "hubport,id=h0,hubid=0", NULL);
    qnet_add_option(ctx, "device", "e1000,netdev=h0", NULL);
    qnet_realize(ctx, NULL);
    char *line = g_strndup((const char *)data, size);
    /* One command per line, as a monitor reads them. */
    char **cmds = g_strsplit(line, "\n", 8);
    for (char **c = cmds; *c; c++) {
        g_free(qnet_hmp_command(ctx, *c));
    }
    g_strfreev(cmds);
    g_free(line);
    qnet_context_free(ctx);
    return 0;
}
