/* The Students list at province scale: 200,000 students, a third of them
 * referred.  Times what one keystroke costs in the data layer (the count
 * and the visible rows) for scrolling, the End key, search as you type,
 * a filter and a change of sort, and reports the process's peak memory.
 * Usage: list_bench [STUDENTS] [DB]  (the database is made once, reused). */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "db.h"
#include "i18n.h"
#include "store.h"
#include "students.h"
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

static const char *const lasts[] = { "Côté", "Gagnon", "Tremblay", "Bélanger", "Lévesque",
                                     "Bouchard", "Gagné", "Roy", "Pelletier", "Bérubé", "Ménard",
                                     "Thériault", "Dubé", "Paré", "Séguin", "Hébert" };
static const char *const firsts[] = { "Éloïse", "Zoé", "Noémie", "Gaël", "Jérémie", "Anaïs",
                                      "Loïc", "Maëlle", "Chloé", "Théo", "Raphaël", "Léa" };
static const char *const levels[] = { "P1", "P2", "P3", "P4", "P5", "P6", "S1", "S2", "S3",
                                      "S4", "S5" };
static const char *const statuses[] = { "received", "awaiting_consent", "awaiting_pairing" };

static void generate(struct tt_db *db, long n)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (db_begin(db, &err) != TT_OK)
        die(&err);
    sqlite3_exec(db_handle(db), "INSERT INTO school (id, code, name) VALUES (1, 'A', 'École A'),"
                 " (2, 'B', 'École B')", NULL, NULL, NULL);
    uint64_t seed = 42;
    for (long i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        const char *last = lasts[(seed >> 33) % TT_ARRAY_LEN(lasts)];
        const char *first = firsts[(seed >> 40) % TT_ARRAY_LEN(firsts)];
        char local[16];
        snprintf(local, sizeof local, "%08ld", (10000000 + i) % 100000000);
        char *key = student_search_key(last, first, local, "");
        sqlite3_stmt *st = db_stmt(db,
            "INSERT INTO student (id, school_id, local_number, last_name, first_name, search_key,"
            " level) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &err);
        if (st == NULL)
            die(&err);
        sqlite3_bind_int64(st, 1, i + 1);
        sqlite3_bind_int(st, 2, 1 + (int)(i % 2));
        sqlite3_bind_text(st, 3, local, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, last, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, first, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, levels[i % TT_ARRAY_LEN(levels)], -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        free(key);
        if (rc != SQLITE_DONE) {
            db_fail(db, rc, &err, "insert");
            die(&err);
        }
        if (i % 3 != 0)
            continue;
        st = db_stmt(db, "INSERT INTO referral (student_id, school_id, referral_date, referrer_name,"
                         " referrer_role, status_date, created_by) VALUES (?1, ?2, '2021-02-24',"
                         " 'Mme Roy', 'teacher', '2021-02-24', 'bench')", &err);
        if (st == NULL)
            die(&err);
        sqlite3_bind_int64(st, 1, i + 1);
        sqlite3_bind_int(st, 2, 1 + (int)(i % 2));
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        int64_t rid = db_last_id(db);
        if (rc == SQLITE_DONE && i % 9 != 0) {
            st = db_stmt(db, "UPDATE referral SET status = ?2 WHERE id = ?1", &err);
            if (st == NULL)
                die(&err);
            sqlite3_bind_int64(st, 1, rid);
            sqlite3_bind_text(st, 2, statuses[1 + (i / 9) % 1], -1, SQLITE_STATIC);
            rc = sqlite3_step(st);
            sqlite3_reset(st);
        }
        if (rc != SQLITE_DONE) {
            db_fail(db, rc, &err, "referral");
            die(&err);
        }
    }
    if (db_commit(db, &err) != TT_OK)
        die(&err);
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
    long n = argc > 1 ? atol(argv[1]) : 200000;
    char path[512];
    if (argc > 2)
        tt_strlcpy(path, argv[2], sizeof path);
    else
        snprintf(path, sizeof path, "/tmp/tutorat-bench-students-%ld.db", n);
    int fresh = access(path, F_OK) != 0;
    struct tt_db *db;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != TT_OK)
        die(&err);
    /* Generated data is not anyone's change: no audit trail for it. */
    db_set_audit(db, 0);
    if (fresh) {
        double start = now_ms();
        generate(db, n);
        printf("generated %ld students in %.1f s (%s)\n", n, (now_ms() - start) / 1e3, path);
    }
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
