/* frame-reader.c: the de-framer of QEMU's length-prefixed formats (stream netdevs; filter chardevs, with an optional vnet length). */
#include "net/frame-reader.h"

#include <glib.h>
#include <string.h>

void frame_reader_init(FrameReader *fr, size_t max_len)
{
    memset(fr, 0, sizeof(*fr));
    fr->max_len = max_len;
    fr->hdr_len = FRAME_READER_HDR_LEN;
}

void frame_reader_init_filter(FrameReader *fr, size_t max_len, bool vnet)
{
    frame_reader_init(fr, max_len);
    fr->hdr_len = vnet ? FRAME_READER_MAX_HDR_LEN : FRAME_READER_HDR_LEN;
}

void frame_reader_destroy(FrameReader *fr)
{
    g_free(fr->body);
    fr->body = NULL;
    frame_reader_reset(fr);
}

void frame_reader_reset(FrameReader *fr)
{
    fr->hdr_fill = 0;
    fr->in_body = false;
    fr->broken = false;
    fr->frame_len = 0;
    fr->body_fill = 0;
}

bool frame_reader_at_boundary(const FrameReader *fr)
{
    return fr->hdr_fill == 0 && !fr->in_body;
}

void frame_reader_put_header(uint8_t hdr[FRAME_READER_HDR_LEN], uint32_t len)
{
    hdr[0] = (uint8_t)(len >> 24);
    hdr[1] = (uint8_t)(len >> 16);
    hdr[2] = (uint8_t)(len >> 8);
    hdr[3] = (uint8_t)len;
}

static uint32_t header_value(const uint8_t hdr[FRAME_READER_HDR_LEN])
{
    return (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
           (uint32_t)hdr[2] << 8 | (uint32_t)hdr[3];
}

/* Gathers the header; false when the input ran out first. */
static bool read_header(FrameReader *fr, const uint8_t *data, size_t len,
                        size_t *used)
{
    while (!fr->in_body) {
        if (*used == len) {
            return false;
        }
        size_t take = MIN(fr->hdr_len - fr->hdr_fill, len - *used);
        memcpy(fr->hdr + fr->hdr_fill, data + *used, take);
        fr->hdr_fill += take;
        *used += take;
        if (fr->hdr_fill == fr->hdr_len) {
            fr->frame_len = header_value(fr->hdr);
            if (fr->hdr_len > FRAME_READER_HDR_LEN) {
                fr->vnet_hdr_len =
                    header_value(fr->hdr + FRAME_READER_HDR_LEN);
            }
            fr->hdr_fill = 0;
            fr->body_fill = 0;
            fr->in_body = true;
        }
    }
    return true;
}

FrameReaderStatus frame_reader_next(FrameReader *fr, const uint8_t *data,
                                    size_t len, size_t *consumed,
                                    const uint8_t **frame, size_t *frame_len)
{
    size_t used = 0;

    *consumed = 0;
    if (fr->broken) {
        return FRAME_READER_OVERSIZE;
    }
    if (!read_header(fr, data, len, &used)) {
        *consumed = used;
        return FRAME_READER_NEED_MORE;
    }
    if (fr->frame_len > fr->max_len) {
        fr->broken = true;
        *consumed = used;
        return FRAME_READER_OVERSIZE;
    }

    size_t need = fr->frame_len - fr->body_fill;
    size_t avail = len - used;
    if (fr->body_fill == 0 && avail >= need) {
        /* The whole frame is in this input: hand out a pointer into it. */
        *frame = data + used;
        *frame_len = fr->frame_len;
        fr->in_body = false;
        *consumed = used + need;
        return FRAME_READER_FRAME;
    }

    size_t take = MIN(need, avail);
    if (take) {
        if (!fr->body) {
            fr->body = g_malloc(fr->max_len);
        }
        memcpy(fr->body + fr->body_fill, data + used, take);
        fr->body_fill += take;
        used += take;
    }
    *consumed = used;
    if (fr->body_fill < fr->frame_len) {
        return FRAME_READER_NEED_MORE;
    }
    *frame = fr->body;
    *frame_len = fr->frame_len;
    fr->in_body = false;
    fr->body_fill = 0;
    return FRAME_READER_FRAME;
}
