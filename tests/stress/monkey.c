/* The random-keys test: sends COUNT random keystrokes (letters, digits,
 * arrows, function keys, Enter, Esc, Tab, Space, Backspace, Delete, and now
 * and then a change of terminal size) to the real program on a
 * pseudo-terminal, waiting for each frame, and fails when the program dies
 * of a signal or of a sanitizer report.  A normal exit (a random quit) just
 * starts it again.  Seeded, so a failure can be replayed.
 * Usage: monkey TUTORAT DB COUNT [SEED] */
#include "config.h"
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char MARK[] = "\033_tutorat-frame\033\\";

static const char *const keys[] = {
    "\033[A", "\033[B", "\033[C", "\033[D", "\033[5~", "\033[6~", "\033[H", "\033[F",
    "\033OP", "\033OQ", "\033OR", "\033OS", "\033[15~", "\033[17~", "\033[18~", "\033[19~",
    "\r", "\033", "\t", "\033[Z", " ", "\177", "\033[3~", "/", "n", "r", "c", "w", "t", "v",
    "p", "i", "a", "K", "m", "e", "P", "d", "u", "C", "o", "+", "-", "s", "S", "f", "x", "y",
    "0", "1", "5", "9", "<", ">", "é", "Z", "\014", "\002", "\006", "?",
};

static unsigned long long seed = 42;

static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((seed >> 33) % n);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The end of what the program wrote, to show a sanitizer's report when it
 * dies (its stderr is the terminal). */
static char last[16384];
static size_t last_len;

static void keep(const char *buf, size_t n)
{
    if (n >= sizeof last) {
        memcpy(last, buf + n - sizeof last, sizeof last);
        last_len = sizeof last;
        return;
    }
    if (last_len + n > sizeof last) {
        size_t drop = last_len + n - sizeof last;
        memmove(last, last + drop, last_len - drop);
        last_len -= drop;
    }
    memcpy(last + last_len, buf, n);
    last_len += n;
}

static void show_last(void)
{
    /* Only the printable lines: the report, not the screen's escapes. */
    for (size_t i = 0; i < last_len; i++) {
        unsigned char c = (unsigned char)last[i];
        if (c == '\033') {
            while (i + 1 < last_len && !(last[i + 1] >= '@' && last[i + 1] <= '~' && last[i] != '\033' && last[i] != '['))
                i++;
            i++;
            continue;
        }
        if (c == '\n' || c >= 0x20)
            fputc(c, stderr);
    }
    fputc('\n', stderr);
}

/* Reads until a frame mark or until the program is quiet for a while. */
static void settle(int fd)
{
    char buf[65536];
    double end = now_ms() + 2000;
    size_t mlen = sizeof MARK - 1;
    while (now_ms() < end) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 8) <= 0)
            return;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            return;
        keep(buf, (size_t)n);
        if ((size_t)n >= mlen && memmem(buf, (size_t)n, MARK, mlen))
            return;
    }
}

static pid_t start(const char *tutorat, const char *db, int *fd)
{
    struct winsize ws = { 24, 80, 0, 0 };
    pid_t pid = forkpty(fd, NULL, NULL, &ws);
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        setenv("TUTORAT_FRAME_MARK", "1", 1);
        execl(tutorat, tutorat, "--db", db, (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        settle(*fd);
    return pid;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: monkey TUTORAT DB COUNT [SEED]\n");
        return 2;
    }
    long count = atol(argv[3]);
    if (argc > 4)
        seed = strtoull(argv[4], NULL, 10);
    signal(SIGPIPE, SIG_IGN);
    int fd;
    pid_t pid = start(argv[1], argv[2], &fd);
    if (pid < 0)
        return 2;
    long restarts = 0;
    for (long i = 0; i < count; i++) {
        int status;
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) {
                settle(fd);
                show_last();
                fprintf(stderr, "monkey: the program died after %ld keys (seed %s): %s %d\n", i,
                        argc > 4 ? argv[4] : "42", WIFSIGNALED(status) ? "signal" : "exit status",
                        WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
                return 1;
            }
            close(fd);
            restarts++;
            pid = start(argv[1], argv[2], &fd);
            if (pid < 0)
                return 2;
        }
        if (rnd(400) == 0) {
            /* A window resized now and then, sometimes too small. */
            struct winsize ws = { (unsigned short)(10 + rnd(40)), (unsigned short)(40 + rnd(120)),
                                  0, 0 };
            ioctl(fd, TIOCSWINSZ, &ws);
            kill(pid, SIGWINCH);
        } else {
            const char *k = keys[rnd(sizeof keys / sizeof keys[0])];
            if (write(fd, k, strlen(k)) < 0) { /* the program is going away */ }
        }
        settle(fd);
    }
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    printf("%ld random keys, %ld restarts after a quit, no crash\n", count, restarts);
    /* SIGTERM must end it cleanly too. */
    if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "monkey: ending on SIGTERM gave status %d\n", status);
        return 1;
    }
    return 0;
}
