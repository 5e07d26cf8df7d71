/* test-pcap-writer.c: the pcap file writer: records read back byte for byte, batched writes, large records, write errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "net/pcap-writer.h"
#include "test-fixture.h"

typedef struct Fixture {
    char *dir;
    char *path;
} Fixture;

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);
    f->dir = test_tmpdir_new("test-pcap-writer-XXXXXX");
    f->path = g_build_filename(f->dir, "w.pcap", NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    unlink(f->path);
    g_free(f->path);
    test_tmpdir_remove(f->dir);
    g_free(f);
    return 0;
}

static uint32_t get_u32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* Frame @n: its length and its bytes (n + i). */
static size_t frame_len(unsigned n)
{
    /* Small and full-size frames, and one of 9000 bytes now and then. */
    return n % 97 == 0 ? 9000 : 60 + (n * 37) % 1455;
}

static uint8_t frame_byte(unsigned n, size_t i)
{
    return (uint8_t)(n + i);
}

static void fill_frame(uint8_t *buf, unsigned n)
{
    for (size_t i = 0; i < frame_len(n); i++) {
        buf[i] = frame_byte(n, i);
    }
}

/* Checks the records of @data (after the file header) are frames 0..@count-1. */
static void check_records(const uint8_t *data, size_t size, unsigned count,
                          uint32_t caplen)
{
    size_t pos = 24;
    for (unsigned n = 0; n < count; n++) {
        assert_true(pos + PCAP_RECORD_HEADER_LEN <= size);
        const uint8_t *h = data + pos;
        size_t len = frame_len(n);
        size_t keep = MIN(len, caplen);
        /* ts_us = n * 1000001: n seconds and n microseconds. */
        assert_int_equal(get_u32(h), n);
        assert_int_equal(get_u32(h + 4), n);
        assert_int_equal(get_u32(h + 8), keep);
        assert_int_equal(get_u32(h + 12), len);
        pos += PCAP_RECORD_HEADER_LEN;
        assert_true(pos + keep <= size);
        for (size_t i = 0; i < keep; i++) {
            if (data[pos + i] != frame_byte(n, i)) {
                fail_msg("frame %u byte %zu", n, i);
            }
        }
        pos += keep;
    }
    assert_int_equal(pos, size);
}

static off_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_size;
}

static void test_header(void **state)
{
    Fixture *f = *state;
    PcapWriter *w = pcap_writer_open(f->path, 1500, PCAP_LINKTYPE_ETHERNET,
                                     NULL);
    assert_non_null(w);
    /* Nothing is written before a flush. */
    assert_true(pcap_writer_pending(w));
    assert_int_equal(file_size(f->path), 0);
    assert_true(pcap_writer_flush(w));
    assert_false(pcap_writer_pending(w));
    g_autofree uint8_t *data = NULL;
    gsize size;
    assert_true(g_file_get_contents(f->path, (char **)&data, &size, NULL));
    assert_int_equal(size, 24);
    assert_int_equal(get_u32(data), 0xa1b2c3d4);
    assert_int_equal(data[4] | data[5] << 8, 2);
    assert_int_equal(data[6] | data[7] << 8, 4);
    assert_int_equal(get_u32(data + 8), 0);
    assert_int_equal(get_u32(data + 12), 0);
    assert_int_equal(get_u32(data + 16), 1500);
    assert_int_equal(get_u32(data + 20), 1);
    assert_true(pcap_writer_close(w));
}

/* Thousands of records across many segments, flushed at odd moments. */
static void run_records(Fixture *f, unsigned count, uint32_t caplen,
                        unsigned flush_every)
{
    PcapWriter *w = pcap_writer_open(f->path, caplen, PCAP_LINKTYPE_ETHERNET,
                                     NULL);
    assert_non_null(w);
    uint8_t frame[9000];
    for (unsigned n = 0; n < count; n++) {
        fill_frame(frame, n);
        struct iovec iov = { frame, frame_len(n) };
        int64_t ts = (int64_t)n * 1000001;
        assert_true(pcap_writer_add(w, ts, &iov, 1, frame_len(n), caplen));
        if (flush_every && n % flush_every == flush_every - 1) {
            assert_true(pcap_writer_flush(w));
        }
    }
    assert_true(pcap_writer_close(w));
    g_autofree uint8_t *data = NULL;
    gsize size;
    assert_true(g_file_get_contents(f->path, (char **)&data, &size, NULL));
    check_records(data, size, count, caplen);
}

static void test_records_read_back(void **state)
{
    run_records(*state, 3000, 65536, 0);
}

static void test_records_with_flushes(void **state)
{
    run_records(*state, 3000, 65536, 7);
}

static void test_records_cut_to_caplen(void **state)
{
    run_records(*state, 3000, 100, 0);
}

/*
 * Records wait in the 128 KiB buffer: the file grows by one write when the
 * next record does not fit, and by the rest at a flush.
 */
static void test_writes_when_buffer_full(void **state)
{
    Fixture *f = *state;
    PcapWriter *w = pcap_writer_open(f->path, 65536, PCAP_LINKTYPE_ETHERNET,
                                     NULL);
    uint8_t frame[1000] = { 0 };
    struct iovec iov = { frame, sizeof(frame) };
    const size_t rec = PCAP_RECORD_HEADER_LEN + sizeof(frame);
    size_t total = 24;
    while (total + rec <= 128 * 1024) {
        assert_true(pcap_writer_add(w, 0, &iov, 1, sizeof(frame), 65536));
        total += rec;
    }
    assert_int_equal(file_size(f->path), 0);
    assert_true(pcap_writer_add(w, 0, &iov, 1, sizeof(frame), 65536));
    assert_int_equal(file_size(f->path), total);
    total += rec;
    assert_true(pcap_writer_pending(w));
    assert_true(pcap_writer_flush(w));
    assert_false(pcap_writer_pending(w));
    assert_int_equal(file_size(f->path), total);
    assert_true(pcap_writer_close(w));
    assert_int_equal(file_size(f->path), total);
}

/* A frame in pieces, cut in its second piece; and one larger than the buffer. */
static void test_iov_pieces_and_large_record(void **state)
{
    Fixture *f = *state;
    PcapWriter *w = pcap_writer_open(f->path, 300000, PCAP_LINKTYPE_ETHERNET,
                                     NULL);
    uint8_t a[10], b[20], c[30];
    memset(a, 'a', sizeof(a));
    memset(b, 'b', sizeof(b));
    memset(c, 'c', sizeof(c));
    struct iovec iov[3] = { { a, 10 }, { b, 20 }, { c, 30 } };
    assert_true(pcap_writer_add(w, 5, iov, 3, 60, 25));
    size_t big_len = 200000;
    g_autofree uint8_t *big = g_malloc(big_len);
    for (size_t i = 0; i < big_len; i++) {
        big[i] = (uint8_t)(i * 7);
    }
    struct iovec bigv[2] = { { big, 1000 }, { big + 1000, big_len - 1000 } };
    assert_true(pcap_writer_add(w, 6, bigv, 2, big_len, 300000));
    assert_true(pcap_writer_add(w, 7, iov, 3, 60, 300000));
    assert_true(pcap_writer_close(w));

    g_autofree uint8_t *data = NULL;
    gsize size;
    assert_true(g_file_get_contents(f->path, (char **)&data, &size, NULL));
    assert_int_equal(size, 24 + 16 + 25 + 16 + big_len + 16 + 60);
    const uint8_t *p = data + 24;
    assert_int_equal(get_u32(p + 4), 5);
    assert_int_equal(get_u32(p + 8), 25);
    assert_int_equal(get_u32(p + 12), 60);
    assert_memory_equal(p + 16, "aaaaaaaaaabbbbbbbbbbbbbbb", 25);
    p += 16 + 25;
    assert_int_equal(get_u32(p + 4), 6);
    assert_int_equal(get_u32(p + 8), big_len);
    assert_int_equal(get_u32(p + 12), big_len);
    assert_memory_equal(p + 16, big, big_len);
    p += 16 + big_len;
    assert_int_equal(get_u32(p + 4), 7);
    assert_int_equal(get_u32(p + 8), 60);
    assert_memory_equal(p + 16 + 50, "cccccccccc", 10);
}

static void test_write_error(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0) {
        skip();
    }
    PcapWriter *w = pcap_writer_open("/dev/full", 65536,
                                     PCAP_LINKTYPE_ETHERNET, NULL);
    assert_non_null(w);
    assert_false(pcap_writer_flush(w));
    assert_int_equal(errno, ENOSPC);
    /* Broken for good: nothing more is taken or written. */
    uint8_t frame[64] = { 0 };
    struct iovec iov = { frame, sizeof(frame) };
    assert_false(pcap_writer_add(w, 0, &iov, 1, sizeof(frame), 65536));
    assert_false(pcap_writer_pending(w));
    assert_false(pcap_writer_close(w));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_header),
        T(test_records_read_back),
        T(test_records_with_flushes),
        T(test_records_cut_to_caplen),
        T(test_writes_when_buffer_full),
        T(test_iov_pieces_and_large_record),
        T(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
