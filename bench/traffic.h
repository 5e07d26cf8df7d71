/* traffic.h: shared declarations of qnet-traffic, the benchmark's frame source, sink and echo tool. */
#ifndef BENCH_TRAFFIC_H
#define BENCH_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/*
 * Test frame layout (all multi-byte fields big-endian except the checksum
 * words, which are summed little-endian as the CPU loads them):
 *   0  dst MAC              6
 *   6  src MAC              6   02:71:6e:74:HI:LO, HI:LO = sender id
 *  12  ethertype 0x88b5     2   IEEE 802 "local experimental" EtherType 1
 *  14  frame length         2
 *  16  magic "qnTB"         4
 *  20  sender id            4
 *  24  sequence number      8
 *  32  timestamp (ns)       8   CLOCK_MONOTONIC of the sender, for latency
 *  40  checksum             8   over bytes 16..end with this field zeroed
 *  48  filler               ..  a fixed byte pattern
 * The checksum leaves out the MACs so a reflector may swap them.
 */
#define TF_ETHERTYPE 0x88b5
#define TF_MAGIC 0x716e5442u /* "qnTB" */
#define TF_HDR_LEN 48
#define TF_MAX_LEN 65535
#define TF_CSUM_START 16
#define TF_MAX_SENDERS 64
#define TF_MAX_STREAMS 32

/* Transport of an endpoint. */
typedef enum {
    TR_TCP,  /* stream: 4-byte big-endian length, then the frame */
    TR_UNIX, /* stream over an AF_UNIX socket, same framing */
    TR_UDP,  /* one frame per datagram */
} TrKind;

/* A parsed address: tcp:HOST:PORT, unix:PATH or udp:HOST:PORT. */
typedef struct {
    TrKind kind;
    struct sockaddr_storage sa;
    socklen_t salen;
    char text[128];
} TrAddr;

/* Everything the command line sets. */
typedef struct {
    const char *mode;
    TrAddr connect[TF_MAX_STREAMS];
    int n_connect;
    TrAddr listen;
    bool has_listen;
    TrAddr bind;
    bool has_bind;
    uint64_t count;    /* frames, or round trips for pingpong */
    unsigned size;     /* frame length without FCS */
    double rate;       /* frames per second, 0 = unpaced */
    unsigned duration_ms; /* source: stop after this long (0 = --count) */
    unsigned id;       /* sender id */
    uint8_t dst[6];
    unsigned batch;    /* frames per syscall */
    unsigned timeout_ms;       /* idle timeout once traffic flowed */
    unsigned start_timeout_ms; /* wait for the first frame / connection */
    unsigned senders;  /* sink: sources expected per stream */
    unsigned warmup;   /* pingpong: round trips not measured */
    bool wait_stdin;
    bool hello;        /* sink: announce --id on the first stream */
    bool hold;         /* keep the sockets open until stdin closes */
    bool json;
} TrOptions;

/* One connected socket and the framing it uses. */
typedef struct {
    int fd;
    TrKind kind;
} TrConn;

/* Frames (frame.c). */
uint64_t tf_now_ns(void);
void tf_mac_of_sender(uint8_t mac[6], unsigned id);
void tf_template(uint8_t *frame, unsigned len, const uint8_t dst[6],
                 unsigned id);
uint64_t tf_filler_sum(unsigned len);
void tf_stamp(uint8_t *frame, uint64_t seq, uint64_t ts, uint64_t fill_sum);
typedef struct {
    unsigned id;
    uint64_t seq;
    uint64_t ts;
} TfInfo;
bool tf_verify(const uint8_t *frame, size_t len, TfInfo *info);
void tf_swap_macs(uint8_t *frame, size_t len, const uint8_t own[6]);

/* Sockets (sock.c). */
bool tr_parse_addr(const char *text, TrAddr *out);
bool tr_open(const TrOptions *o, const TrAddr *remote, TrConn *c);
bool tr_open_listen(const TrOptions *o, TrConn *c);
bool tr_write_all(int fd, const void *buf, size_t len);
int tr_wait_readable(int fd, unsigned timeout_ms);
void tr_set_nonblock(int fd, bool on);

/* Sequence tracking (seq.c): per stream, per sender. */
typedef struct {
    unsigned id;
    uint64_t *bits;
    uint64_t cap_bits;
    uint64_t next;     /* highest sequence seen + 1 */
    uint64_t unique;
    uint64_t dup;
    uint64_t reordered;
} SeqTrack;
typedef struct {
    SeqTrack t[TF_MAX_SENDERS];
    unsigned n;
    uint64_t unknown;  /* frames from more senders than tracked */
} SeqSet;
bool seq_note(SeqSet *s, unsigned id, uint64_t seq);
uint64_t seq_lost(const SeqSet *s, uint64_t expect);
void seq_free(SeqSet *s);

/* Results (report.c). */
typedef struct {
    const char *key;
    double value;
    int decimals;
} TrField;
void tr_report(bool json, const char *mode, const TrField *f, size_t n);
void tr_hold(const TrOptions *o);

/* Modes. Each returns the process exit status. */
int run_source(const TrOptions *o);
int run_sink(const TrOptions *o);
int run_pingpong(const TrOptions *o);
int run_reflector(const TrOptions *o);

#endif
