/* qnet-traffic.c: the benchmark traffic tool's command line (source, sink, pingpong, reflector). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "traffic.h"

static void usage(FILE *f)
{
    fputs(
"usage: qnet-traffic MODE [OPTIONS]\n"
"Frames for benchmarking QEMU-style socket networking: a stream carries a\n"
"4-byte big-endian length then the Ethernet frame; UDP carries one frame\n"
"per datagram.\n"
"MODE: source    send --count frames of --size bytes, unpaced or at --rate\n"
"      sink      receive and verify (lost, reordered, duplicated, corrupt);\n"
"                report frames/s and Mbit/s\n"
"      pingpong  --count round trips, one at a time: min/median/p99\n"
"      reflector echo every frame back with its MACs swapped\n"
"ADDR is tcp:HOST:PORT, unix:PATH or udp:HOST:PORT.\n"
"  -c, --connect ADDR     connect to ADDR (UDP: send to it); a sink takes up\n"
"                         to 32, one stream each\n"
"  -l, --listen ADDR      listen on ADDR and accept one connection (UDP: bind)\n"
"  -b, --bind HOST:PORT   UDP: the local address of a --connect socket\n"
"  -n, --count N          frames (sink: per sender and stream), or round trips\n"
"  -s, --size BYTES       frame length without FCS, 48..65535 (default 64)\n"
"  -r, --rate FPS         frames per second (source; default unpaced)\n"
"  -D, --duration MS      source: stop after MS even if --count is not sent\n"
"  -i, --id N             sender id 0..65535: src MAC 02:71:6e:74:HI:LO\n"
"  -d, --dst MAC          destination MAC (default ff:ff:ff:ff:ff:ff)\n"
"  -B, --batch N          frames per sendmmsg/recvmmsg (default 64)\n"
"  -t, --timeout MS       stop after MS idle once traffic flowed (default 2000)\n"
"  -T, --start-timeout MS wait this long to connect or for the first frame\n"
"                         (default 30000)\n"
"  -S, --senders N        sink: sources expected on each stream (default 1)\n"
"  -W, --warmup N         pingpong: unmeasured round trips first (default 1000)\n"
"  -A, --hello            sink: first send one broadcast frame from --id on\n"
"                         the first stream, so a learning switch learns where\n"
"                         --id is; frames from --id are not counted\n"
"  -w, --wait             source/pingpong: start when a line arrives on stdin\n"
"  -H, --hold             source/sink: after the report, keep the sockets open\n"
"                         until stdin closes\n"
"  -j, --json             print the report as one JSON line\n", f);
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
    unsigned v[6];
    if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4],
               &v[5]) != 6) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        if (v[i] > 255) {
            return false;
        }
        mac[i] = v[i];
    }
    return true;
}

static bool parse_bind(const char *s, TrOptions *o)
{
    char text[160];
    snprintf(text, sizeof(text), "udp:%s", strncmp(s, "udp:", 4) ? s : s + 4);
    return o->has_bind = tr_parse_addr(text, &o->bind);
}

static unsigned long long num(const char *s, const char *what)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);
    if (!*s || *end) {
        fprintf(stderr, "qnet-traffic: bad %s '%s'\n", what, s);
        exit(2);
    }
    return v;
}

static bool parse_opt(int c, const char *arg, TrOptions *o)
{
    switch (c) {
    case 'c':
        return o->n_connect < TF_MAX_STREAMS &&
               tr_parse_addr(arg, &o->connect[o->n_connect++]);
    case 'l': return o->has_listen = tr_parse_addr(arg, &o->listen);
    case 'b': return parse_bind(arg, o);
    case 'n': o->count = num(arg, "count"); return true;
    case 's': o->size = num(arg, "size"); return true;
    case 'D': o->duration_ms = num(arg, "duration"); return true;
    case 'r': o->rate = strtod(arg, NULL); return o->rate >= 0;
    case 'i': o->id = num(arg, "id"); return o->id <= 0xffff;
    case 'd': return parse_mac(arg, o->dst);
    case 'B': o->batch = num(arg, "batch"); return o->batch >= 1 &&
                                                   o->batch <= 1024;
    case 't': o->timeout_ms = num(arg, "timeout"); return true;
    case 'T': o->start_timeout_ms = num(arg, "start timeout"); return true;
    case 'S': o->senders = num(arg, "senders"); return true;
    case 'W': o->warmup = num(arg, "warmup"); return true;
    case 'w': o->wait_stdin = true; return true;
    case 'A': o->hello = true; return true;
    case 'H': o->hold = true; return true;
    case 'j': o->json = true; return true;
    default: return false;
    }
}

static const struct option longopts[] = {
    { "connect", required_argument, NULL, 'c' },
    { "listen", required_argument, NULL, 'l' },
    { "bind", required_argument, NULL, 'b' },
    { "count", required_argument, NULL, 'n' },
    { "size", required_argument, NULL, 's' },
    { "rate", required_argument, NULL, 'r' },
    { "duration", required_argument, NULL, 'D' },
    { "id", required_argument, NULL, 'i' },
    { "dst", required_argument, NULL, 'd' },
    { "batch", required_argument, NULL, 'B' },
    { "timeout", required_argument, NULL, 't' },
    { "start-timeout", required_argument, NULL, 'T' },
    { "senders", required_argument, NULL, 'S' },
    { "warmup", required_argument, NULL, 'W' },
    { "hello", no_argument, NULL, 'A' },
    { "wait", no_argument, NULL, 'w' },
    { "hold", no_argument, NULL, 'H' },
    { "json", no_argument, NULL, 'j' },
    { "help", no_argument, NULL, 'h' },
    { 0 },
};

static void defaults(TrOptions *o)
{
    memset(o, 0, sizeof(*o));
    memset(o->dst, 0xff, 6);
    o->count = 1000000;
    o->size = 64;
    o->batch = 64;
    o->timeout_ms = 2000;
    o->start_timeout_ms = 30000;
    o->senders = 1;
    o->warmup = 1000;
}

int main(int argc, char **argv)
{
    static TrOptions o;
    int c;
    defaults(&o);
    while ((c = getopt_long(argc, argv, "c:l:b:n:s:r:D:i:d:B:t:T:S:W:wAHjh",
                            longopts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return 0;
        }
        if (!parse_opt(c, optarg, &o)) {
            fprintf(stderr, "qnet-traffic: bad option -%c %s\n", c,
                    optarg ? optarg : "");
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1 || o.size < TF_HDR_LEN || o.size > TF_MAX_LEN) {
        usage(stderr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    /* Paced sources sleep in 100 us slots: the default 50 us slack would
     * make every wake-up late. */
    prctl(PR_SET_TIMERSLACK, 1000UL);
    o.mode = argv[optind];
    if (!strcmp(o.mode, "source")) {
        return run_source(&o);
    } else if (!strcmp(o.mode, "sink")) {
        return run_sink(&o);
    } else if (!strcmp(o.mode, "pingpong")) {
        return run_pingpong(&o);
    } else if (!strcmp(o.mode, "reflector")) {
        return run_reflector(&o);
    }
    usage(stderr);
    return 2;
}
