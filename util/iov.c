/* iov.c: scatter-gather lists: their size and copying out of them. */
#include "util/iov.h"

#include <string.h>

size_t iov_size(const struct iovec *iov, int iovcnt)
{
    size_t size = 0;
    for (int i = 0; i < iovcnt; i++) {
        size += iov[i].iov_len;
    }
    return size;
}

size_t iov_to_buf(const struct iovec *iov, int iovcnt, size_t offset,
                  void *buf, size_t len)
{
    size_t done = 0;
    for (int i = 0; i < iovcnt && done < len; i++) {
        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        size_t n = iov[i].iov_len - offset;
        if (n > len - done) {
            n = len - done;
        }
        memcpy((char *)buf + done, (const char *)iov[i].iov_base + offset, n);
        done += n;
        offset = 0;
    }
    return done;
}
