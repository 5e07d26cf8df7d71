/* fd-pass.c: passing one file descriptor with one byte over a unix socket (SCM_RIGHTS), libc only. */
#include "util/fd-pass.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* One byte of data plus room for one descriptor, aligned for cmsghdr. */
typedef struct FdMessage {
    char byte;
    struct iovec iov;
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr msg;
} FdMessage;

static void fd_message_init(FdMessage *m)
{
    memset(m, 0, sizeof(*m));
    m->iov = (struct iovec){ .iov_base = &m->byte, .iov_len = 1 };
    m->msg = (struct msghdr){
        .msg_iov = &m->iov, .msg_iovlen = 1,
        .msg_control = m->control.buf,
        .msg_controllen = sizeof(m->control.buf),
    };
}

int fd_pass_send(int sock, int fd)
{
    FdMessage m;
    ssize_t n;

    fd_message_init(&m);
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&m.msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(fd));
    do {
        n = sendmsg(sock, &m.msg, 0);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : 0;
}

int fd_pass_receive(int sock)
{
    FdMessage m;
    ssize_t n;
    int fd;

    fd_message_init(&m);
    do {
        n = recvmsg(sock, &m.msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -1;
    }
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&m.msg);
    if (n == 0 || !cmsg || cmsg->cmsg_level != SOL_SOCKET ||
        cmsg->cmsg_type != SCM_RIGHTS ||
        cmsg->cmsg_len != CMSG_LEN(sizeof(int))) {
        return -2;
    }
    memcpy(&fd, CMSG_DATA(cmsg), sizeof(fd));
    return fd;
}
