/* The Students list of a generated database (bench/gen.c: Québec names,
 * every referral status).  Times what one keystroke costs in the data
 * layer (the count and the visible rows) for scrolling, the End key,
 * search as you type, a filter and a change of sort, and reports the
 * process's peak memory.
 * Usage: list_bench [school|centre|province] [DB]  (default: centre, in
 * /tmp/tutorat-bench-SCALE.db, generated once and reused). */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "db.h"
#include "gen.h"
#include "i18n.h"
#include "store.h"
#include "util.h"

#define PAGE 21
#define RUNS 7

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const struct tt_error *err)
{
    fprintf(stderr, "list_bench: %s\n", err->msg);
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One keystroke's data work: count (when the list changed) and one page. */
static void measure(struct tt_db *db, const char *what, struct store_query *q, long offset,
                    int recount)
{
    double t[RUNS];
    long count = 0;
    struct store_row rows[PAGE];
    struct tt_error err;
    for (int r = 0; r < RUNS; r++) {
        double start = now_ms();
        if (recount || q->total == 0) {
            if (store_count(db, q, &count, &err) != TT_OK)
                die(&err);
            q->total = count;
        }
        long off = offset < 0 ? q->total - PAGE : offset;
        if (off < 0)
            off = 0;
        int n = 0;
        if (store_fetch(db, q, off, PAGE, rows, &n, &err) != TT_OK)
            die(&err);
        store_rows_clear(rows, n);
        t[r] = now_ms() - start;
    }
    qsort(t, RUNS, sizeof t[0], cmp_double);
    printf("%-40s %9.2f %9.2f %9ld\n", what, t[RUNS / 2], t[RUNS - 1], q->total);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    const char *scale = argc > 1 ? argv[1] : "centre";
    if (gen_scale_known(scale) != 0) {
        fprintf(stderr, "usage: list_bench [school|centre|province] [DB]\n");
        return 2;
    }
    char path[512];
    if (argc > 2)
        tt_strlcpy(path, argv[2], sizeof path);
    else
        snprintf(path, sizeof path, "/tmp/tutorat-bench-%s.db", scale);
    struct tt_db *db;
    struct tt_error err;
    tt_error_clear(&err);
    if (access(path, F_OK) != 0) {
        double start = now_ms();
        struct gen_counts c;
        if (gen_database(path, scale, 2021, strcmp(scale, "province") != 0, NULL, &c, &err) != TT_OK)
            die(&err);
        printf("generated %ld students in %.1f s (%s)\n", c.students, (now_ms() - start) / 1e3,
               path);
    }
    if (db_open(path, 0, &db, &err) != TT_OK)
        die(&err);
    int64_t n = 0;
    if (db_scalar_int(db, "SELECT count(*) FROM student", &n, &err) != TT_OK)
        die(&err);
    printf("%-40s %9s %9s %9s\n", "Students list, one keystroke", "p50 ms", "max ms", "rows");
    struct store_query q = { .list = LIST_STUDENTS };
    measure(db, "open the list (count + first page)", &q, 0, 1);
    measure(db, "scroll (page at row 100)", &q, 100, 0);
    measure(db, "PgDn deep (page at the middle)", &q, n / 2, 0);
    measure(db, "End (last page)", &q, -1, 0);
    const char *typed[] = { "g", "ga", "gag", "gagn", "gagno", "gagnon" };
    for (size_t i = 0; i < TT_ARRAY_LEN(typed); i++) {
        char what[64];
        snprintf(what, sizeof what, "search \"%s\"", typed[i]);
        struct store_query s = { .list = LIST_STUDENTS, .search = typed[i] };
        measure(db, what, &s, 0, 1);
    }
    struct store_query lv = { .list = LIST_STUDENTS, .sort = 3 };
    measure(db, "sort by level (first page)", &lv, 0, 1);
    struct store_query st = { .list = LIST_STUDENTS, .sort = 5 };
    measure(db, "sort by referral status (first page)", &st, 0, 1);
    struct store_query f = { .list = LIST_STUDENTS, .status = "awaiting_consent" };
    measure(db, "filter: awaiting consent", &f, 0, 1);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak resident memory: %.1f MB\n", ru.ru_maxrss / 1024.0);
    db_close(db);
    return 0;
}
