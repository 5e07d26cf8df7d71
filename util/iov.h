/* iov.h: scatter-gather lists: their size and copying out of them. */
#ifndef QNET_UTIL_IOV_H
#define QNET_UTIL_IOV_H

#include <stddef.h>
#include <sys/uio.h>

/* The total length of @iov. */
size_t iov_size(const struct iovec *iov, int iovcnt);

/*
 * Copies up to @len bytes of @iov, starting @offset bytes in, to @buf.
 * Returns how many were copied (less than @len when @iov ends first).
 */
size_t iov_to_buf(const struct iovec *iov, int iovcnt, size_t offset,
                  void *buf, size_t len);

#endif
