/* filter-framing.c: the frame format of filter-mirror/redirector chardevs (length, optional vnet header length, frame). */
#include "net/filter-framing.h"

size_t filter_framing_header(uint8_t hdr[FILTER_FRAMING_MAX_HDR], bool vnet,
                             uint32_t vnet_hdr_len, uint32_t len)
{
    frame_reader_put_header(hdr, len);
    if (!vnet) {
        return FRAME_READER_HDR_LEN;
    }
    frame_reader_put_header(hdr + FRAME_READER_HDR_LEN, vnet_hdr_len);
    return FRAME_READER_MAX_HDR_LEN;
}
