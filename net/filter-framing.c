/* filter-framing.c: the frame format of filter-mirror/redirector chardevs (length, optional vnet header length, frame). */
#include "net/filter-framing.h"

#include <glib.h>
#include <string.h>

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

size_t filter_framing_header(uint8_t hdr[FILTER_FRAMING_MAX_HDR], bool vnet,
                             uint32_t vnet_hdr_len, uint32_t len)
{
    put_be32(hdr, len);
    if (!vnet) {
        return 4;
    }
    put_be32(hdr + 4, vnet_hdr_len);
    return 8;
}

void filter_frame_reader_init(FilterFrameReader *r, bool vnet, size_t max_len)
{
    memset(r, 0, sizeof(*r));
    r->vnet = vnet;
    r->max_len = max_len;
}

void filter_frame_reader_destroy(FilterFrameReader *r)
{
    g_free(r->frame);
    r->frame = NULL;
    filter_frame_reader_reset(r);
}

void filter_frame_reader_reset(FilterFrameReader *r)
{
    r->hdr_fill = 0;
    r->fill = 0;
    r->len = 0;
}

static size_t header_size(const FilterFrameReader *r)
{
    return r->vnet ? 8 : 4;
}

FilterFrameStatus filter_frame_reader_feed(FilterFrameReader *r,
                                           const uint8_t *data, size_t len,
                                           size_t *used,
                                           const uint8_t **frame,
                                           size_t *frame_len)
{
    size_t pos = 0;
    size_t need_hdr = header_size(r);

    if (r->hdr_fill == need_hdr && r->len > r->max_len) {
        *used = 0;    /* stays unusable until filter_frame_reader_reset() */
        return FILTER_FRAME_TOO_LONG;
    }
    while (r->hdr_fill < need_hdr) {
        if (pos == len) {
            *used = pos;
            return FILTER_FRAME_NEED_MORE;
        }
        r->hdr[r->hdr_fill++] = data[pos++];
        if (r->hdr_fill == need_hdr) {
            r->len = get_be32(r->hdr);
            r->vnet_hdr_len = r->vnet ? get_be32(r->hdr + 4) : 0;
            r->fill = 0;
            if (r->len > r->max_len) {
                *used = pos;
                return FILTER_FRAME_TOO_LONG;
            }
        }
    }
    size_t take = MIN(len - pos, (size_t)r->len - r->fill);
    if (take) {
        if (!r->frame) {
            r->frame = g_malloc(MAX(r->max_len, (size_t)1));
        }
        memcpy(r->frame + r->fill, data + pos, take);
        r->fill += take;
        pos += take;
    }
    *used = pos;
    if (r->fill < r->len) {
        return FILTER_FRAME_NEED_MORE;
    }
    *frame = r->frame;
    *frame_len = r->len;
    r->hdr_fill = 0;
    r->fill = 0;
    return FILTER_FRAME_DONE;
}
