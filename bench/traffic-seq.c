/* traffic-seq.c: per-sender sequence tracking: lost, reordered, duplicated. */
#include <stdlib.h>
#include <string.h>

#include "traffic.h"

/* Sequence numbers past this are taken as garbage, not grown into. */
#define SEQ_LIMIT (1ull << 36)

static SeqTrack *track_of(SeqSet *s, unsigned id)
{
    for (unsigned i = 0; i < s->n; i++) {
        if (s->t[i].id == id) {
            return &s->t[i];
        }
    }
    if (s->n == TF_MAX_SENDERS) {
        return NULL;
    }
    SeqTrack *t = &s->t[s->n++];
    memset(t, 0, sizeof(*t));
    t->id = id;
    return t;
}

static bool grow(SeqTrack *t, uint64_t seq)
{
    uint64_t cap = t->cap_bits ? t->cap_bits : 1 << 16;
    while (cap <= seq) {
        cap *= 2;
    }
    uint64_t *bits = realloc(t->bits, cap / 8);
    if (!bits) {
        return false;
    }
    memset(bits + t->cap_bits / 64, 0, (cap - t->cap_bits) / 8);
    t->bits = bits;
    t->cap_bits = cap;
    return true;
}

/* Record that frame @seq of sender @id arrived intact; true if it is new. */
bool seq_note(SeqSet *s, unsigned id, uint64_t seq)
{
    SeqTrack *t = s->n && s->t[0].id == id ? &s->t[0] : track_of(s, id);
    if (!t || seq >= SEQ_LIMIT || (seq >= t->cap_bits && !grow(t, seq))) {
        s->unknown++;
        return false;
    }
    uint64_t mask = 1ull << (seq % 64);
    if (t->bits[seq / 64] & mask) {
        t->dup++;
        return false;
    }
    t->bits[seq / 64] |= mask;
    t->unique++;
    if (seq < t->next) {
        t->reordered++;
    } else {
        t->next = seq + 1;
    }
    return true;
}

/* Frames never seen: up to @expect per sender, or up to the highest seen. */
uint64_t seq_lost(const SeqSet *s, uint64_t expect)
{
    uint64_t lost = 0;
    for (unsigned i = 0; i < s->n; i++) {
        const SeqTrack *t = &s->t[i];
        uint64_t top = expect > t->next ? expect : t->next;
        lost += top - t->unique;
    }
    return lost;
}

/* Free the bitmaps of @s; it can be reused empty. */
void seq_free(SeqSet *s)
{
    for (unsigned i = 0; i < s->n; i++) {
        free(s->t[i].bits);
    }
    s->n = 0;
}
