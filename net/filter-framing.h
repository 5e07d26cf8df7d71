/* filter-framing.h: the frame format of filter-mirror/redirector chardevs (length, optional vnet header length, frame). */
#ifndef QNET_NET_FILTER_FRAMING_H
#define QNET_NET_FILTER_FRAMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/frame-reader.h"

/*
 * QEMU's filter chardev format, shared with colo-compare: per frame a
 * 32-bit big-endian length, then (only with vnet_hdr_support=on) the
 * netdev's vnet header length as a 32-bit big-endian number, then the
 * frame.  Both ends must agree on vnet_hdr_support.  Input is read with
 * frame_reader_init_filter() (net/frame-reader.h).
 */
#define FILTER_FRAMING_MAX_HDR FRAME_READER_MAX_HDR_LEN

/*
 * Writes the header for a @len-byte frame into @hdr and returns its size
 * (4, or 8 with @vnet).
 */
size_t filter_framing_header(uint8_t hdr[FILTER_FRAMING_MAX_HDR], bool vnet,
                             uint32_t vnet_hdr_len, uint32_t len);

#endif
