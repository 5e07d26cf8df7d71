/* traffic-frame.c: building, stamping and verifying qnet-traffic's test frames. */
#include <string.h>
#include <time.h>

#include "traffic.h"

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t tf_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    put_be16(p, v >> 16);
    put_be16(p + 2, v);
}

static void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, v >> 32);
    put_be32(p + 4, v);
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | p[2] << 8 | p[3];
}

static uint64_t get_be64(const uint8_t *p)
{
    return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

/* Locally administered unicast MAC (IEEE 802 U/L bit set) for a sender. */
void tf_mac_of_sender(uint8_t mac[6], unsigned id)
{
    static const uint8_t oui[4] = { 0x02, 0x71, 0x6e, 0x74 };
    memcpy(mac, oui, 4);
    mac[4] = id >> 8;
    mac[5] = id;
}

/* One 8-byte word of the checksummed region, zero-padded past @len. */
static uint64_t word_at(const uint8_t *p, size_t avail)
{
    uint64_t w = 0;
    memcpy(&w, p, avail < 8 ? avail : 8);
    return w;
}

/* Position-weighted sum: catches flipped bits and moved words alike. */
static uint64_t csum_words(const uint8_t *p, size_t len, uint64_t first_k)
{
    uint64_t sum = 0, k = first_k;
    size_t off = 0;
    for (; off + 8 <= len; off += 8, k++) {
        uint64_t w;
        memcpy(&w, p + off, 8);
        sum += w * (2 * k + 1);
    }
    if (off < len) {
        sum += word_at(p + off, len - off) * (2 * k + 1);
    }
    return sum;
}

static uint8_t filler_byte(unsigned off)
{
    return (uint8_t)(off * 131u + 0x5a);
}

/* Fill @frame (@len bytes) with everything that is the same for all frames. */
void tf_template(uint8_t *frame, unsigned len, const uint8_t dst[6],
                 unsigned id)
{
    memset(frame, 0, TF_HDR_LEN);
    memcpy(frame, dst, 6);
    tf_mac_of_sender(frame + 6, id);
    put_be16(frame + 12, TF_ETHERTYPE);
    put_be16(frame + 14, len);
    put_be32(frame + 16, TF_MAGIC);
    put_be32(frame + 20, id);
    for (unsigned i = TF_HDR_LEN; i < len; i++) {
        frame[i] = filler_byte(i);
    }
}

/* The checksum share of the filler, which never changes for a given length. */
uint64_t tf_filler_sum(unsigned len)
{
    uint8_t frame[TF_MAX_LEN];
    static const uint8_t any[6];
    tf_template(frame, len, any, 0);
    return csum_words(frame + TF_HDR_LEN, len - TF_HDR_LEN,
                      (TF_HDR_LEN - TF_CSUM_START) / 8);
}

/* Write the per-frame fields and the checksum into a templated frame. */
void tf_stamp(uint8_t *frame, uint64_t seq, uint64_t ts, uint64_t fill_sum)
{
    put_be64(frame + 24, seq);
    put_be64(frame + 32, ts);
    memset(frame + 40, 0, 8);
    uint64_t sum = fill_sum + csum_words(frame + TF_CSUM_START,
                                         TF_HDR_LEN - TF_CSUM_START, 0);
    memcpy(frame + 40, &sum, 8);
}

/* Check a received frame; fill @info and return true when it is intact. */
bool tf_verify(const uint8_t *frame, size_t len, TfInfo *info)
{
    if (len < TF_HDR_LEN || len > TF_MAX_LEN ||
        frame[12] != TF_ETHERTYPE >> 8 || frame[13] != (TF_ETHERTYPE & 0xff) ||
        (size_t)(frame[14] << 8 | frame[15]) != len ||
        get_be32(frame + 16) != TF_MAGIC) {
        return false;
    }
    info->id = get_be32(frame + 20);
    info->seq = get_be64(frame + 24);
    info->ts = get_be64(frame + 32);
    uint64_t stored;
    memcpy(&stored, frame + 40, 8);
    /* Word 3 of the region is the checksum itself: take its share out. */
    uint64_t sum = csum_words(frame + TF_CSUM_START, len - TF_CSUM_START, 0)
                   - stored * 7;
    return sum == stored;
}

/* Echo addressing: the old source becomes the destination; a group
 * destination (I/G bit set) cannot be a source, so @own replaces it. */
void tf_swap_macs(uint8_t *frame, size_t len, const uint8_t own[6])
{
    uint8_t tmp[6];
    if (len < 12) {
        return;
    }
    memcpy(tmp, frame, 6);
    memcpy(frame, frame + 6, 6);
    memcpy(frame + 6, (tmp[0] & 1) ? own : tmp, 6);
}
