/* The weekly ministry report at scale, against the same SQL run by the bare
 * sqlite3 shell on the same file (the target: at most 1.2 times its time).
 * Usage: report_bench [school|centre|province] [DB]; the database is generated
 * once (bench/gen.c, deterministic) and reused.  The shell is given the statements
 * and dates report_weekly_steps lists; its output must equal, row for row,
 * what the library returns for them, and any error it prints stops the
 * benchmark: a comparison with a shell that does something else is worse
 * than none. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "db.h"
#include "gen.h"
#include "i18n.h"
#include "report_weekly.h"
#include "settings.h"
#include "util.h"

#define RUNS 7

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const struct tt_error *err)
{
    fprintf(stderr, "report_bench: %s\n", err->msg);
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Appends one result row as the sqlite3 shell prints it in its default
 * list mode: values as text, '|' between them, NULL as nothing. */
static void shell_row(FILE *f, sqlite3_stmt *st)
{
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++) {
        const unsigned char *v = sqlite3_column_text(st, i);
        fprintf(f, "%s%s", i ? "|" : "", v ? (const char *)v : "");
    }
    fputc('\n', f);
}

/* Runs the report's statements one by one through the library, timing each
 * and writing their rows as the shell would print them to f (when not NULL). */
static void run_steps(struct tt_db *db, const struct report_step *steps, int n, double *ms,
                      long *rows, FILE *f)
{
    struct tt_error err;
    tt_error_clear(&err);
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        sqlite3_stmt *st = db_stmt(db, steps[i].sql, &err);
        if (st == NULL)
            die(&err);
        if (steps[i].n_params > 0)
            sqlite3_bind_text(st, 1, steps[i].p1, -1, SQLITE_TRANSIENT);
        if (steps[i].n_params > 1)
            sqlite3_bind_text(st, 2, steps[i].p2, -1, SQLITE_TRANSIENT);
        int rc;
        rows[i] = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            rows[i]++;
            if (f)
                shell_row(f, st);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            db_fail(db, rc, &err, steps[i].sql);
            die(&err);
        }
        ms[i] = now_ms() - t0;
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 65536 > cap)
            buf = xrealloc(buf, cap = cap * 2 + 65536);
        size_t got = fread(buf + *len, 1, cap - *len - 1, f);
        *len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

/* Fails the benchmark unless the shell's run was clean and printed exactly
 * what the library computed: a shell that errs, or binds its parameters
 * differently, would otherwise be timed doing something else. */
static void check_shell(int status, const char *out, const char *errs, const char *expected)
{
    size_t n_err, n_out, n_exp;
    char *e = slurp(errs, &n_err), *o = slurp(out, &n_out), *x = slurp(expected, &n_exp);
    if (status != 0 || n_err > 0) {
        fprintf(stderr, "report_bench: the sqlite3 shell failed (status %d):\n%s\n", status, e);
        exit(1);
    }
    if (n_out != n_exp || memcmp(o, x, n_out) != 0) {
        size_t i = 0, line = 1;
        while (i < n_out && i < n_exp && o[i] == x[i])
            line += o[i++] == '\n';
        fprintf(stderr, "report_bench: the sqlite3 shell's results differ from the library's"
                        " from line %zu (shell: %s, library: %s)\n", line, out, expected);
        exit(1);
    }
    free(e);
    free(o);
    free(x);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    const char *scale = argc > 1 ? argv[1] : "centre";
    if (gen_scale_known(scale) != 0) {
        fprintf(stderr, "usage: report_bench [school|centre|province] [DB]\n");
        return 2;
    }
    int province = strcmp(scale, "province") == 0, school = strcmp(scale, "school") == 0;
    char path[512];
    if (argc > 2)
        snprintf(path, sizeof path, "%s", argv[2]);
    else
        snprintf(path, sizeof path, "/tmp/tutorat-bench-%s.db", scale);
    struct tt_db *db;
    struct tt_error err;
    tt_error_clear(&err);
    if (access(path, F_OK) != 0) {
        /* Made once (deterministically) and reused.  The rules are checked
         * over the whole file except at province scale, where the
         * generator's own test at the smaller scales stands for it. */
        double t0 = now_ms();
        struct gen_counts c;
        if (gen_database(path, scale, 2021, !province, NULL, &c, &err) != TT_OK)
            die(&err);
        printf("generated %ld students, %ld tutors, %ld groups, %ld sessions, %ld attendance rows"
               " in %.1f s\n", c.students, c.tutors, c.groups, c.sessions, c.attendance,
               (now_ms() - t0) / 1e3);
    }
    double t_open = now_ms();
    if (db_open(path, 0, &db, &err) != TT_OK)
        die(&err);
    t_open = now_ms() - t_open;
    if (t_open > 1000)
        printf("opening (schema update): %.1f s\n", t_open / 1e3);
    struct settings *s = settings_new();
    tt_day monday, today = date_today();
    week_parse("2021-W15", &monday);

    /* One untimed report, which also gives the statements and dates to
     * hand the shell: report_weekly_steps lists exactly what it ran. */
    struct weekly_report rep;
    if (report_weekly(db, s, monday, today, &rep, &err) != TT_OK)
        die(&err);
    if (rep.total.students_week <= 0 || rep.total.students_total <= 0 ||
        rep.total.session_minutes_week <= 0) {
        fprintf(stderr, "report_bench: the report counted no service: nothing was measured\n");
        exit(1);
    }
    struct report_step steps[RPT_MAX_STEPS];
    int n_steps = report_weekly_steps(&rep, steps);
    /* Once statement by statement through the library, for the breakdown
     * and for the rows the shell must print too. */
    double step_ms[RUNS][RPT_MAX_STEPS];
    long rows[RPT_MAX_STEPS];
    char expected[] = "/tmp/tutorat-bench-report-XXXXXX.txt";
    FILE *f = fdopen(mkstemps(expected, 4), "w");
    run_steps(db, steps, n_steps, step_ms[0], rows, f);
    fclose(f);
    for (int i = 0; i < n_steps; i++)
        if (rows[i] == 0) {
            fprintf(stderr, "report_bench: statement %d returned no row; the data or the"
                            " dates are wrong:\n%s\n", i + 1, steps[i].sql);
            exit(1);
        }

    /* The same statements with the same values in the sqlite3 shell.  Its
     * .parameter set takes an SQL literal: unquoted, 2021-04-18 would be the
     * number 1999, matching no date; hence the double-quoted '...'. */
    char script[] = "/tmp/tutorat-bench-report-XXXXXX.sql";
    f = fdopen(mkstemps(script, 4), "w");
    for (int i = 0; i < n_steps; i++) {
        fputs(".parameter clear\n", f);
        if (steps[i].n_params > 0)
            fprintf(f, ".parameter set ?1 \"'%s'\"\n", steps[i].p1);
        if (steps[i].n_params > 1)
            fprintf(f, ".parameter set ?2 \"'%s'\"\n", steps[i].p2);
        fprintf(f, "%s;\n", steps[i].sql);
    }
    fclose(f);
    char out[] = "/tmp/tutorat-bench-report-XXXXXX.out", errs[] = "/tmp/tutorat-bench-report-XXXXXX.err";
    close(mkstemps(out, 4));
    close(mkstemps(errs, 4));
    char cmd[2400], empty[1200];
    snprintf(cmd, sizeof cmd, "sqlite3 -bail '%s' < '%s' > '%s' 2> '%s'", path, script, out, errs);
    snprintf(empty, sizeof empty, "sqlite3 '%s' 'SELECT 1' > /dev/null", path);

    /* Timed runs, ours and the shell's in turn, so that a busy moment of
     * the machine falls on both rather than on one.  The shell reads the
     * file while our connection stays open, as a second reader would. */
    double ours[RUNS], shell[RUNS], start_cost[RUNS];
    for (int r = 0; r < RUNS; r++) {
        struct weekly_report again;
        double t0 = now_ms();
        if (report_weekly(db, s, monday, today, &again, &err) != TT_OK)
            die(&err);
        ours[r] = now_ms() - t0;
        report_weekly_free(&again);
        t0 = now_ms();
        if (system(empty) != 0)
            return 1;
        start_cost[r] = now_ms() - t0;
        t0 = now_ms();
        int status = system(cmd);
        shell[r] = now_ms() - t0 - start_cost[r];
        check_shell(status, out, errs, expected);
        if (r > 0)
            run_steps(db, steps, n_steps, step_ms[r], rows, NULL);
    }
    db_close(db);
    unlink(script);
    unlink(out);
    unlink(errs);
    unlink(expected);

    long total_rows = 0;
    for (int i = 0; i < n_steps; i++)
        total_rows += rows[i];
    qsort(ours, RUNS, sizeof ours[0], cmp_double);
    qsort(shell, RUNS, sizeof shell[0], cmp_double);
    qsort(start_cost, RUNS, sizeof start_cost[0], cmp_double);
    struct stat sb;
    stat(path, &sb);
    printf("%-34s %10s %10s\n", province ? "weekly report, province" : school ? "weekly report, school" : "weekly report, centre",
           "p50 ms", "max ms");
    printf("%-34s %10.1f %10.1f\n", "tutorat report_weekly()", ours[RUNS / 2], ours[RUNS - 1]);
    printf("%-34s %10.1f %10.1f\n", "same SQL, bare sqlite3 shell", shell[RUNS / 2], shell[RUNS - 1]);
    printf("  (shell start-up, taken off: p50 %.1f ms; its output, %ld rows from %d statements,"
           " checked identical to the library's on every run)\n", start_cost[RUNS / 2],
           total_rows, n_steps);
    double ratio = shell[RUNS / 2] > 0 ? ours[RUNS / 2] / shell[RUNS / 2] : 0.0;
    printf("ratio (target <= 1.20): %.2f   database: %.0f MB\n", ratio, sb.st_size / 1048576.0);
    /* For bench/run's summary. */
    printf("@figure\tweekly report vs the same SQL in sqlite3\t%.2f s vs %.2f s (%.2fx)\t1.2x"
           "\t%.2f\t%s\n", ours[RUNS / 2] / 1e3, shell[RUNS / 2] / 1e3, ratio, ratio / 1.2,
           ratio <= 1.2 ? "yes" : "no");
    printf("per statement, through the library (p50 ms, rows, ?1 ?2):\n");
    for (int i = 0; i < n_steps; i++) {
        double t[RUNS];
        for (int r = 0; r < RUNS; r++)
            t[r] = step_ms[r][i];
        qsort(t, RUNS, sizeof t[0], cmp_double);
        printf("  %d %9.1f %7ld  %-10s %-10s  %.60s...\n", i + 1, t[RUNS / 2], rows[i],
               steps[i].p1, steps[i].p2, steps[i].sql);
    }
    char start[11];
    date_iso(rep.program_start, start);
    printf("report: %ld students served this week, %ld since %s\n", rep.total.students_week,
           rep.total.students_total, start);
    report_weekly_free(&rep);
    settings_free(s);
    return 0;
}
