/* source.h: GSource handles kept in a pointer: calls that run once, and clearing. */
#ifndef QNET_UTIL_SOURCE_H
#define QNET_UTIL_SOURCE_H

#include <glib.h>

/* What source_call_once() runs. */
typedef void SourceOnceFunc(void *opaque);

/*
 * Attaches @source (a timeout or idle source; the reference passes to
 * @slot) to @context so that it calls @fn(@opaque) once; *@slot holds it
 * until then and is NULL again by the time @fn runs, so @fn may arm the
 * slot anew.  Cancel with source_clear(@slot).
 */
void source_call_once(GSource **slot, GSource *source, GMainContext *context,
                      SourceOnceFunc *fn, void *opaque);

/* Destroys and unrefs *@slot if set, and sets it to NULL. */
void source_clear(GSource **slot);

#endif
