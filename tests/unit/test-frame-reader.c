/* test-frame-reader.c: the stream de-framer: split frames, many frames per read, oversize, zero length. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <glib.h>

#include "net/client.h"
#include "net/frame-reader.h"

/* Appends one framed frame of @len bytes of value @fill to @wire. */
static void put_frame(GByteArray *wire, uint32_t len, uint8_t fill)
{
    uint8_t hdr[FRAME_READER_HDR_LEN];
    frame_reader_put_header(hdr, len);
    g_byte_array_append(wire, hdr, sizeof(hdr));
    for (uint32_t i = 0; i < len; i++) {
        uint8_t b = (uint8_t)(fill + i);
        g_byte_array_append(wire, &b, 1);
    }
}

/* Feeds @wire in chunks of the given sizes; records frames as "len:fill". */
static GString *feed(FrameReader *fr, const GByteArray *wire,
                     const size_t *chunks, size_t nchunks)
{
    GString *out = g_string_new(NULL);
    size_t pos = 0, c = 0;
    while (pos < wire->len) {
        size_t chunk = nchunks ? MIN(chunks[c % nchunks], wire->len - pos)
                               : wire->len - pos;
        c++;
        size_t off = 0;
        for (;;) {
            size_t used = 0, flen = 0;
            const uint8_t *frame = NULL;
            FrameReaderStatus st = frame_reader_next(fr, wire->data + pos + off,
                                                     chunk - off, &used,
                                                     &frame, &flen);
            off += used;
            if (st == FRAME_READER_NEED_MORE) {
                assert_int_equal(off, chunk);
                break;
            }
            assert_int_equal(st, FRAME_READER_FRAME);
            /* Each frame's bytes are fill, fill+1, ... */
            for (size_t i = 1; i < flen; i++) {
                assert_int_equal(frame[i], (uint8_t)(frame[0] + i));
            }
            g_string_append_printf(out, "%zu:%d ", flen,
                                   flen ? frame[0] : -1);
        }
        pos += chunk;
    }
    return out;
}

static GByteArray *sample_wire(void)
{
    GByteArray *wire = g_byte_array_new();
    put_frame(wire, 60, 1);
    put_frame(wire, 0, 0);
    put_frame(wire, 1, 7);
    put_frame(wire, 1514, 9);
    put_frame(wire, 64, 3);
    return wire;
}

static const char sample_frames[] = "60:1 0:-1 1:7 1514:9 64:3 ";

static void test_whole_frame_zero_copy(void **state)
{
    FrameReader fr;
    GByteArray *wire = g_byte_array_new();
    put_frame(wire, 100, 5);
    frame_reader_init(&fr, NET_BUFSIZE);

    size_t used = 0, flen = 0;
    const uint8_t *frame = NULL;
    assert_int_equal(frame_reader_next(&fr, wire->data, wire->len, &used,
                                       &frame, &flen), FRAME_READER_FRAME);
    assert_int_equal(used, 104);
    assert_int_equal(flen, 100);
    assert_ptr_equal(frame, wire->data + 4);   /* no copy */
    assert_null(fr.body);                      /* nothing allocated */
    assert_true(frame_reader_at_boundary(&fr));
    frame_reader_destroy(&fr);
    g_byte_array_unref(wire);
}

static void test_many_frames_one_read(void **state)
{
    FrameReader fr;
    GByteArray *wire = sample_wire();
    frame_reader_init(&fr, NET_BUFSIZE);
    GString *got = feed(&fr, wire, NULL, 0);
    assert_string_equal(got->str, sample_frames);
    assert_null(fr.body);
    g_string_free(got, TRUE);
    frame_reader_destroy(&fr);
    g_byte_array_unref(wire);
}

/* Every split point of the sample, in two reads. */
static void test_split_everywhere(void **state)
{
    GByteArray *wire = sample_wire();
    for (size_t cut = 1; cut < wire->len; cut++) {
        FrameReader fr;
        frame_reader_init(&fr, NET_BUFSIZE);
        size_t chunks[2] = { cut, wire->len - cut };
        GString *got = feed(&fr, wire, chunks, 2);
        assert_string_equal(got->str, sample_frames);
        assert_true(frame_reader_at_boundary(&fr));
        g_string_free(got, TRUE);
        frame_reader_destroy(&fr);
    }
    g_byte_array_unref(wire);
}

/* Byte by byte, and in odd chunk sizes. */
static void test_small_reads(void **state)
{
    static const size_t sizes[] = { 1, 2, 3, 5, 7, 13, 1000 };
    GByteArray *wire = sample_wire();
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        FrameReader fr;
        frame_reader_init(&fr, NET_BUFSIZE);
        GString *got = feed(&fr, wire, &sizes[i], 1);
        assert_string_equal(got->str, sample_frames);
        g_string_free(got, TRUE);
        frame_reader_destroy(&fr);
    }
    g_byte_array_unref(wire);
}

static void test_partial_then_boundary(void **state)
{
    FrameReader fr;
    GByteArray *wire = g_byte_array_new();
    put_frame(wire, 10, 0);
    frame_reader_init(&fr, NET_BUFSIZE);

    size_t used = 0, flen = 0;
    const uint8_t *frame = NULL;
    assert_int_equal(frame_reader_next(&fr, wire->data, 2, &used, &frame,
                                       &flen), FRAME_READER_NEED_MORE);
    assert_int_equal(used, 2);
    assert_false(frame_reader_at_boundary(&fr));
    assert_int_equal(frame_reader_next(&fr, wire->data + 2, 6, &used, &frame,
                                       &flen), FRAME_READER_NEED_MORE);
    assert_false(frame_reader_at_boundary(&fr));
    /* A new connection forgets the half frame. */
    frame_reader_reset(&fr);
    assert_true(frame_reader_at_boundary(&fr));
    assert_int_equal(frame_reader_next(&fr, wire->data, wire->len, &used,
                                       &frame, &flen), FRAME_READER_FRAME);
    assert_int_equal(flen, 10);
    frame_reader_destroy(&fr);
    g_byte_array_unref(wire);
}

static void test_zero_length(void **state)
{
    FrameReader fr;
    const uint8_t wire[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
    frame_reader_init(&fr, NET_BUFSIZE);

    size_t used = 0, flen = 99;
    const uint8_t *frame = NULL;
    assert_int_equal(frame_reader_next(&fr, wire, sizeof(wire), &used, &frame,
                                       &flen), FRAME_READER_FRAME);
    assert_int_equal(used, 4);
    assert_int_equal(flen, 0);
    assert_int_equal(frame_reader_next(&fr, wire + 4, 4, &used, &frame,
                                       &flen), FRAME_READER_FRAME);
    assert_int_equal(flen, 0);
    assert_true(frame_reader_at_boundary(&fr));
    frame_reader_destroy(&fr);
}

static void test_limit_exact_and_over(void **state)
{
    FrameReader fr;
    GByteArray *wire = g_byte_array_new();
    put_frame(wire, NET_BUFSIZE, 0);
    frame_reader_init(&fr, NET_BUFSIZE);
    size_t chunks[] = { 4096 };
    GString *got = feed(&fr, wire, chunks, 1);
    assert_string_equal(got->str, "69632:0 ");
    g_string_free(got, TRUE);

    /* One byte more than NET_BUFSIZE: the stream is given up at once. */
    uint8_t hdr[8] = { 0 };
    frame_reader_put_header(hdr, NET_BUFSIZE + 1);
    size_t used = 0, flen = 0;
    const uint8_t *frame = NULL;
    assert_int_equal(frame_reader_next(&fr, hdr, sizeof(hdr), &used, &frame,
                                       &flen), FRAME_READER_OVERSIZE);
    assert_int_equal(used, 4);
    assert_int_equal(frame_reader_next(&fr, hdr + 4, 4, &used, &frame,
                                       &flen), FRAME_READER_OVERSIZE);
    assert_int_equal(used, 0);
    frame_reader_reset(&fr);
    assert_true(frame_reader_at_boundary(&fr));
    frame_reader_destroy(&fr);
    g_byte_array_unref(wire);
}

/* A garbage prefix split over reads is caught when its 4th byte comes. */
static void test_oversize_split_header(void **state)
{
    FrameReader fr;
    const uint8_t wire[] = { 0xff, 0xff, 0xff, 0xff };
    frame_reader_init(&fr, NET_BUFSIZE);
    size_t used = 0, flen = 0;
    const uint8_t *frame = NULL;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(frame_reader_next(&fr, wire + i, 1, &used, &frame,
                                           &flen), FRAME_READER_NEED_MORE);
    }
    assert_int_equal(frame_reader_next(&fr, wire + 3, 1, &used, &frame,
                                       &flen), FRAME_READER_OVERSIZE);
    frame_reader_destroy(&fr);
}

static void test_header_encoding(void **state)
{
    uint8_t hdr[4];
    frame_reader_put_header(hdr, 0x01020304);
    assert_memory_equal(hdr, "\x01\x02\x03\x04", 4);
    frame_reader_put_header(hdr, 60);
    assert_memory_equal(hdr, "\x00\x00\x00\x3c", 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_frame_zero_copy),
        cmocka_unit_test(test_many_frames_one_read),
        cmocka_unit_test(test_split_everywhere),
        cmocka_unit_test(test_small_reads),
        cmocka_unit_test(test_partial_then_boundary),
        cmocka_unit_test(test_zero_length),
        cmocka_unit_test(test_limit_exact_and_over),
        cmocka_unit_test(test_oversize_split_header),
        cmocka_unit_test(test_header_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
