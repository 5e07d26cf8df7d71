/* char-stdio.c: the stdio chardev: stdin/stdout, with the terminal in raw mode while it exists. */
#include <termios.h>
#include <unistd.h>

#include "chardev/char-backend.h"
#include "chardev/char-io.h"
#include "chardev/char-opts.h"

typedef struct StdioChardev {
    ChardevIO *io;
    bool is_tty;
    bool allow_signals;       /* signal=on: ^C still interrupts */
    struct termios saved;     /* restored on close */
} StdioChardev;

static bool stdio_check(const QemuOpts *opts, Error **errp)
{
    return true;
}

/* Raw input as QEMU sets it: no line editing, CR kept, 8 bits. */
static void stdio_set_tty(StdioChardev *s, bool echo)
{
    struct termios tty = s->saved;

    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                     ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHONL | ICANON | IEXTEN);
    if (echo) {
        tty.c_lflag |= ECHO;
    } else {
        tty.c_lflag &= ~ECHO;
    }
    if (!s->allow_signals) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

static void stdio_set_echo(Chardev *chr, bool echo)
{
    StdioChardev *s = chr->state;
    if (s->is_tty) {
        stdio_set_tty(s, echo);
    }
}

static bool stdio_open(Chardev *chr, const QemuOpts *opts,
                       const char *location, Error **errp)
{
    if (!chardev_stdio_claim(chr, true)) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return false;
    }
    StdioChardev *s = g_new0(StdioChardev, 1);
    s->allow_signals = chardev_opt_bool(opts, "signal", true);
    s->is_tty = isatty(STDIN_FILENO) &&
                tcgetattr(STDIN_FILENO, &s->saved) == 0;
    chr->state = s;
    stdio_set_echo(chr, false);
    s->io = chardev_io_new(chr, STDIN_FILENO, STDOUT_FILENO,
                           CHARDEV_IO_BORROWED);
    chardev_set_io(chr, s->io);
    chardev_set_open(chr, true);
    return true;
}

static void stdio_close(Chardev *chr)
{
    StdioChardev *s = chr->state;
    chardev_set_io(chr, NULL);
    chardev_io_free(s->io);
    if (s->is_tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &s->saved);
    }
    chardev_stdio_claim(chr, false);
    g_free(s);
    chr->state = NULL;
}

const ChardevBackend chardev_stdio_backend = {
    .name = "stdio",
    .check = stdio_check,
    .open = stdio_open,
    .close = stdio_close,
    .set_echo = stdio_set_echo,
};
