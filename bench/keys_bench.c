/* Drives the real full-screen program headless, on a pseudo-terminal of
 * 80x24, with scripted keys, and times each keystroke to its redrawn frame
 * (the program marks each finished frame when TUTORAT_FRAME_MARK is set),
 * as tig's test scripts drive tig.  Also times the start to the first
 * frame against "sqlite3 FILE 'select 1'", and reports the program's peak
 * resident memory.
 * Usage: keys_bench TUTORAT DB [RUNS]  (DB must hold the demo or bench data;
 * its login must be a user of it). */
#include "config.h"
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char MARK[] = "\033_tutorat-frame\033\\";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct term {
    int fd;
    pid_t pid;
    char tail[64];          /* the end of what was read, to find a mark split in two reads */
    size_t tail_len;
    long frames;
};

/* Reads what the program wrote for up to timeout_ms, counting frame marks;
 * returns when `want` frames have been seen since the call or on timeout. */
static int wait_frames(struct term *t, long want, int timeout_ms)
{
    long target = t->frames + want;
    double end = now_ms() + timeout_ms;
    char buf[65536 + 64];
    while (t->frames < target) {
        int left = (int)(end - now_ms());
        if (left <= 0)
            return -1;
        struct pollfd p = { t->fd, POLLIN, 0 };
        if (poll(&p, 1, left) <= 0)
            continue;
        memcpy(buf, t->tail, t->tail_len);
        ssize_t n = read(t->fd, buf + t->tail_len, 65536);
        if (n <= 0)
            return -1;
        size_t len = t->tail_len + (size_t)n;
        size_t mlen = sizeof MARK - 1;
        for (size_t i = 0; i + mlen <= len; i++)
            if (memcmp(buf + i, MARK, mlen) == 0) {
                t->frames++;
                i += mlen - 1;
            }
        /* Keep a partial mark for the next read, never a whole one. */
        size_t keep = len < mlen - 1 ? len : mlen - 1;
        memmove(t->tail, buf + len - keep, keep);
        t->tail_len = keep;
    }
    return 0;
}

/* Drains what is pending (a frame from the one-second idle redraw). */
static void drain(struct term *t)
{
    wait_frames(t, 1000000, 30);
}

static int start(struct term *t, const char *tutorat, const char *db)
{
    struct winsize ws = { 24, 80, 0, 0 };
    memset(t, 0, sizeof *t);
    t->pid = forkpty(&t->fd, NULL, NULL, &ws);
    if (t->pid < 0)
        return -1;
    if (t->pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        setenv("LANG", "C.UTF-8", 1);
        setenv("TUTORAT_FRAME_MARK", "1", 1);
        setenv("TUTORAT_IDLE_SECONDS", "100000", 1);
        unsetenv("LC_ALL");
        execl(tutorat, tutorat, "--db", db, "--lang", "en", (char *)NULL);
        _exit(127);
    }
    return 0;
}

static void stop(struct term *t, struct rusage *ru)
{
    memset(ru, 0, sizeof *ru);
    if (write(t->fd, "q", 1) < 0) { /* the program may be gone already */ }
    int status;
    double end = now_ms() + 3000;
    /* The program's own peak memory comes with its exit status. */
    while (wait4(t->pid, &status, WNOHANG, ru) == 0) {
        if (now_ms() > end) {
            kill(t->pid, SIGKILL);
            wait4(t->pid, &status, 0, ru);
            break;
        }
        char buf[4096];
        struct pollfd p = { t->fd, POLLIN, 0 };
        if (poll(&p, 1, 20) > 0 && read(t->fd, buf, sizeof buf) < 0)
            break;
    }
    close(t->fd);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct scenario {
    const char *name;
    const char *setup;      /* keys sent first, not timed */
    const char *key;        /* the timed key */
    int repeat;
};

static const char KEY_DOWN[] = "\033[B";
static const char KEY_NPAGE[] = "\033[6~";

/* bench/run gathers the "@figure" lines into its summary: name, what was
 * measured, the target, the ratio to it, and whether it is met. */
static void figure(const char *name, const char *measured, const char *target, double ratio)
{
    printf("@figure\t%s\t%s\t%s\t%.2f\t%s\n", name, measured, target, ratio,
           ratio <= 1.0 ? "yes" : "no");
}

static void report(const char *name, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    double p99 = t[(n * 99) / 100];
    printf("%-44s %8.2f %8.2f %8.2f  %s\n", name, t[n / 2], p99, t[n - 1],
           p99 <= 16.0 ? "ok" : "over 16 ms");
    char what[80];
    snprintf(what, sizeof what, "p50 %.1f ms, p99 %.1f ms", t[n / 2], p99);
    figure(name, what, "p99 16 ms", p99 / 16.0);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: keys_bench TUTORAT DB [RUNS]\n");
        return 2;
    }
    const char *tutorat = argv[1], *db = argv[2];
    int runs = argc > 3 ? atoi(argv[3]) : 5;
    signal(SIGPIPE, SIG_IGN);

    /* Start to first frame, against the bare sqlite3 shell. */
    double *first = calloc((size_t)runs, sizeof *first), *bare = calloc((size_t)runs, sizeof *bare);
    long peak_kb = 0;
    for (int r = 0; r < runs; r++) {
        struct term t;
        double t0 = now_ms();
        if (start(&t, tutorat, db) != 0 || wait_frames(&t, 1, 20000) != 0) {
            fprintf(stderr, "keys_bench: tutorat did not draw its first screen\n");
            return 1;
        }
        first[r] = now_ms() - t0;
        struct rusage ru;
        stop(&t, &ru);
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'select 1' >/dev/null", db);
        t0 = now_ms();
        if (system(cmd) != 0)
            return 1;
        bare[r] = now_ms() - t0;
    }
    qsort(first, (size_t)runs, sizeof *first, cmp_double);
    qsort(bare, (size_t)runs, sizeof *bare, cmp_double);
    printf("%-44s %8s %8s %8s\n", "start", "p50 ms", "max ms", "ratio");
    printf("%-44s %8.1f %8.1f %8.2f  (target <= 3.0)\n", "tutorat to its first screen",
           first[runs / 2], first[runs - 1], first[runs / 2] / bare[runs / 2]);
    printf("%-44s %8.1f %8.1f\n", "sqlite3 FILE 'select 1'", bare[runs / 2], bare[runs - 1]);
    char what[80];
    snprintf(what, sizeof what, "%.1f ms (sqlite3 %.1f ms)", first[runs / 2], bare[runs / 2]);
    figure("start to the first screen", what, "3x sqlite3",
           first[runs / 2] / bare[runs / 2] / 3.0);

    /* Keystrokes: each scenario in a fresh program, RUNS x repeat keys. */
    static const struct scenario scenarios[] = {
        { "Students: Down (scrolling)", "\033OR", KEY_DOWN, 200 },
        { "Students: PgDn", "\033OR", KEY_NPAGE, 100 },
        { "Students: End then Home", "\033OR", NULL, 0 },
        { "Students: search as you type (6 letters)", "\033OR/", NULL, 0 },
        { "Students: change the sort (s)", "\033OR", "s", 40 },
        { "Sessions: Down (scrolling)", "\033[17~", KEY_DOWN, 200 },
        { "Sessions: PgDn", "\033[17~", KEY_NPAGE, 100 },
        { "Sessions: End then Home", "\033[17~", NULL, 0 },
        { "Sessions: change the sort (s)", "\033[17~", "s", 40 },
        { "Tab through the screens", "", "\t", 40 },
    };
    printf("\n%-44s %8s %8s %8s\n", "keystroke to redrawn frame", "p50 ms", "p99 ms", "max ms");
    for (size_t s = 0; s < sizeof scenarios / sizeof scenarios[0]; s++) {
        const struct scenario *sc = &scenarios[s];
        int cap = 4000, n = 0;
        double *t = calloc((size_t)cap, sizeof *t);
        for (int r = 0; r < runs; r++) {
            struct term term;
            if (start(&term, tutorat, db) != 0 || wait_frames(&term, 1, 20000) != 0)
                return 1;
            for (const char *k = sc->setup; *k;) {
                /* An escape sequence goes in one write: ESC O x, or ESC [ ... ~. */
                size_t len = 1;
                if (k[0] == '\033')
                    len = k[1] == 'O' ? 3 : (size_t)(strchr(k, '~') - k + 1);
                if (write(term.fd, k, len) < 0)
                    return 1;
                wait_frames(&term, 1, 5000);
                k += len;
            }
            drain(&term);
            /* The keys timed: the scenario's key repeated, or a word typed
             * letter by letter, or End then Home. */
            static const char *const word[] = { "t", "r", "e", "m", "b", "l" };
            static const char *const ends[] = { "\033[F", "\033[H" };
            const char *const *keys = sc->key ? &sc->key : strstr(sc->name, "search") ? word : ends;
            int nk = sc->key ? 1 : strstr(sc->name, "search") ? 6 : 2;
            int total = sc->key ? sc->repeat : nk;
            for (int i = 0; i < total && n < cap; i++) {
                const char *k = keys[i % nk];
                double t0 = now_ms();
                if (write(term.fd, k, strlen(k)) < 0 || wait_frames(&term, 1, 10000) != 0) {
                    fprintf(stderr, "keys_bench: no frame after a key in \"%s\"\n", sc->name);
                    return 1;
                }
                t[n++] = now_ms() - t0;
            }
            struct rusage ru;
            stop(&term, &ru);
            if (ru.ru_maxrss > peak_kb)
                peak_kb = ru.ru_maxrss;
        }
        report(sc->name, t, n);
        free(t);
    }
    printf("\npeak resident memory of the program: %.1f MB (target <= 32 MB)\n", peak_kb / 1024.0);
    snprintf(what, sizeof what, "%.1f MB", peak_kb / 1024.0);
    figure("peak memory of the program", what, "32 MB", peak_kb / 1024.0 / 32.0);
    free(first);
    free(bare);
    return 0;
}
