/* fuzz-frame-reader.c: the stream de-framer must give the same frames however the byte stream is cut into reads. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "net/frame-reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LEN 2048

/*
 * Every frame of @data as (32-bit length, bytes) records, "!" for an
 * oversized length; read in pieces of cuts[i] + 1 bytes (no cuts: whole).
 */
static GByteArray *frames_of(const uint8_t *data, size_t size, bool vnet,
                             const uint8_t *cuts, size_t ncuts)
{
    FrameReader fr;
    GByteArray *out = g_byte_array_new();
    size_t pos = 0, cut = 0;

    frame_reader_init_filter(&fr, MAX_LEN, vnet);
    while (pos < size) {
        size_t chunk = size - pos;
        if (ncuts) {
            size_t piece = (size_t)cuts[cut++ % ncuts] + 1;
            chunk = MIN(chunk, piece);
        }
        const uint8_t *p = data + pos;
        size_t left = chunk;
        while (left) {
            size_t used = 0;
            const uint8_t *frame = NULL;
            size_t frame_len = 0;
            FrameReaderStatus st = frame_reader_next(&fr, p, left, &used,
                                                     &frame, &frame_len);
            if (st == FRAME_READER_OVERSIZE) {
                g_byte_array_append(out, (const uint8_t *)"!", 1);
                frame_reader_destroy(&fr);
                return out;
            }
            g_assert(used <= left);
            if (st == FRAME_READER_FRAME) {
                uint32_t n = (uint32_t)frame_len;
                g_assert(frame_len <= MAX_LEN);
                g_byte_array_append(out, (const uint8_t *)&n, sizeof(n));
                g_byte_array_append(out, frame, (guint)frame_len);
            } else {
                g_assert(used == left);
            }
            p += used;
            left -= used;
        }
        pos += chunk;
    }
    frame_reader_destroy(&fr);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    /* First byte: vnet form and how many cut lengths follow. */
    bool vnet = data[0] & 1;
    size_t ncuts = MIN((size_t)(data[0] >> 1), size - 1);
    const uint8_t *cuts = data + 1;
    const uint8_t *stream = data + 1 + ncuts;
    size_t len = size - 1 - ncuts;

    GByteArray *whole = frames_of(stream, len, vnet, NULL, 0);
    GByteArray *pieces = frames_of(stream, len, vnet, cuts, ncuts);
    g_assert(whole->len == pieces->len);
    g_assert(whole->len == 0 ||
             memcmp(whole->data, pieces->data, whole->len) == 0);
    g_byte_array_unref(whole);
    g_byte_array_unref(pieces);
    return 0;
}
