/* pcap-writer.c: a classic libpcap capture file writer, batching records into few write calls. */
#include "net/pcap-writer.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "net/client.h"

/* pcap-savefile(5): "a.k.a. tcpdump format", microsecond timestamps. */
#define PCAP_MAGIC 0xa1b2c3d4u
#define PCAP_VERSION_MAJOR 2
#define PCAP_VERSION_MINOR 4

typedef struct PcapFileHeader {
    uint32_t magic;
    uint16_t version_major, version_minor;
    int32_t thiszone;
    uint32_t sigfigs;
    uint32_t snaplen;
    uint32_t linktype;
} PcapFileHeader;

typedef struct PcapRecordHeader {
    int32_t ts_sec, ts_usec;
    uint32_t caplen, len;
} PcapRecordHeader;

/* Holds the largest record (NET_BUFSIZE bytes) with room to batch. */
#define PCAP_BUFFER_SIZE (2 * (NET_BUFSIZE + sizeof(PcapRecordHeader)))

struct PcapWriter {
    int fd;
    size_t used;
    uint8_t buf[PCAP_BUFFER_SIZE];
};

static bool write_full(int fd, const uint8_t *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (n == 0) {
                errno = EIO;
            }
            return false;
        }
        data += n;
        len -= (size_t)n;
    }
    return true;
}

PcapWriter *pcap_writer_open(const char *path, uint32_t snaplen,
                             uint32_t linktype, Error **errp)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) {
        int err = errno;
        error_setg(errp, "%s", g_strerror(err));
        errno = err;
        return NULL;
    }
    PcapWriter *w = g_new(PcapWriter, 1);
    w->fd = fd;
    w->used = 0;
    PcapFileHeader hdr = {
        .magic = PCAP_MAGIC,
        .version_major = PCAP_VERSION_MAJOR,
        .version_minor = PCAP_VERSION_MINOR,
        .snaplen = snaplen,
        .linktype = linktype,
    };
    memcpy(w->buf, &hdr, sizeof(hdr));
    w->used = sizeof(hdr);
    return w;
}

bool pcap_writer_flush(PcapWriter *w)
{
    if (w->fd < 0) {
        errno = EBADF;
        return false;
    }
    bool ok = write_full(w->fd, w->buf, w->used);
    w->used = 0;
    return ok;
}

bool pcap_writer_pending(const PcapWriter *w)
{
    return w->used > 0;
}

bool pcap_writer_add(PcapWriter *w, int64_t ts_us, const struct iovec *iov,
                     int iovcnt, size_t len, uint32_t caplen)
{
    size_t keep = MIN((size_t)caplen, len);
    keep = MIN(keep, (size_t)NET_BUFSIZE);
    if (sizeof(PcapRecordHeader) + keep > sizeof(w->buf) - w->used &&
        !pcap_writer_flush(w)) {
        return false;
    }
    PcapRecordHeader rec = {
        /* The format has 32-bit seconds (until 2038, as QEMU writes). */
        .ts_sec = (int32_t)(ts_us / G_USEC_PER_SEC),
        .ts_usec = (int32_t)(ts_us % G_USEC_PER_SEC),
        .caplen = (uint32_t)keep,
        .len = (uint32_t)len,
    };
    memcpy(w->buf + w->used, &rec, sizeof(rec));
    w->used += sizeof(rec);
    for (int i = 0; i < iovcnt && keep; i++) {
        size_t n = MIN(iov[i].iov_len, keep);
        if (!n) {
            continue;
        }
        memcpy(w->buf + w->used, iov[i].iov_base, n);
        w->used += n;
        keep -= n;
    }
    return true;
}

bool pcap_writer_close(PcapWriter *w)
{
    if (!w) {
        return true;
    }
    bool ok = w->used == 0 || pcap_writer_flush(w);
    int err = errno;
    if (w->fd >= 0 && close(w->fd) < 0 && ok) {
        ok = false;
        err = errno;
    }
    g_free(w);
    errno = err;
    return ok;
}
