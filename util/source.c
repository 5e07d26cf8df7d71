/* source.c: GSource handles kept in a pointer: calls that run once, and clearing. */
#include "util/source.h"

typedef struct SourceOnce {
    GSource **slot;
    SourceOnceFunc *fn;
    void *opaque;
} SourceOnce;

static gboolean source_once_dispatch(gpointer data)
{
    SourceOnce *once = data;

    /* The main loop keeps its own reference while dispatching. */
    g_source_unref(*once->slot);
    *once->slot = NULL;
    once->fn(once->opaque);
    return G_SOURCE_REMOVE;
}

void source_call_once(GSource **slot, GSource *source, GMainContext *context,
                      SourceOnceFunc *fn, void *opaque)
{
    SourceOnce *once = g_new(SourceOnce, 1);

    *once = (SourceOnce){ .slot = slot, .fn = fn, .opaque = opaque };
    g_source_set_callback(source, source_once_dispatch, once, g_free);
    g_source_attach(source, context);
    *slot = source;
}

void source_clear(GSource **slot)
{
    if (*slot) {
        g_source_destroy(*slot);
        g_source_unref(*slot);
        *slot = NULL;
    }
}
