/* pcap-writer.h: a classic libpcap capture file writer, batching records into few write calls. */
#ifndef QNET_NET_PCAP_WRITER_H
#define QNET_NET_PCAP_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "util/error.h"

/*
 * The format is the one tcpdump and libpcap write (pcap-savefile(5)), in
 * host byte order: a 24-byte file header (magic 0xa1b2c3d4, version 2.4,
 * thiszone 0, sigfigs 0, snaplen, link type) and per record a 16-byte
 * header (seconds, microseconds, captured length, original length) and
 * the captured bytes.
 *
 * Records are collected in one buffer allocated at open and go to the file
 * in large write() calls: when the buffer is full, and whenever the owner
 * calls pcap_writer_flush() (filter-dump: each time the main loop is about
 * to wait, see filter-dump.c).  Adding a record neither allocates nor
 * makes a system call unless the buffer is full.
 */
typedef struct PcapWriter PcapWriter;

/* LINKTYPE_ETHERNET (tcpdump.org link-layer header types). */
#define PCAP_LINKTYPE_ETHERNET 1

/* Bytes a record takes in the file besides its captured bytes. */
#define PCAP_RECORD_HEADER_LEN 16

/*
 * Creates or truncates @path (mode 0644) and buffers the file header (a
 * pcap_writer_flush() puts it in the file).  On failure returns NULL with
 * @errp set to the bare strerror() text (the caller words the rest) and
 * errno kept.
 */
PcapWriter *pcap_writer_open(const char *path, uint32_t snaplen,
                             uint32_t linktype, Error **errp);

/*
 * Appends one record of the frame in @iov (@len bytes in total), keeping
 * the first MIN(@caplen, @len) bytes, with timestamp @ts_us (microseconds
 * since the epoch).  The record waits in the buffer: pcap_writer_flush()
 * puts it in the file.  Returns false on a write error (errno set); the
 * writer then writes nothing more.
 */
bool pcap_writer_add(PcapWriter *w, int64_t ts_us, const struct iovec *iov,
                     int iovcnt, size_t len, uint32_t caplen);

/* Writes what is buffered.  Returns false on a write error (errno set). */
bool pcap_writer_flush(PcapWriter *w);

/* True when records wait in the buffer. */
bool pcap_writer_pending(const PcapWriter *w);

/*
 * Flushes and closes; NULL is ignored.  Returns false if the last flush or
 * the close failed (errno set).
 */
bool pcap_writer_close(PcapWriter *w);

#endif
