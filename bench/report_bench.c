/* The weekly ministry report at scale, against the same SQL run by the bare
 * sqlite3 shell on the same file (the target: at most 1.2 times its time).
 * Usage: report_bench [school|centre|province] [DB]; the database is generated
 * once (deterministically) and reused.  The shell is given the statements
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

static void run(struct tt_db *db, const char *sql, struct tt_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
        tt_error_set(err, TT_ERR_DB, "%s: %s", sql, msg);
        die(err);
    }
}

/* Schools of 300 students; groups of 4 students led by hired tutors, two
 * sessions a week for 36 weeks from 2020-08-31; about 90 % present. */
static void generate(struct tt_db *db, long students, long schools)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (db_begin(db, &err) != TT_OK)
        die(&err);
    run(db, "INSERT INTO organisation (id, name) VALUES (1, 'Organisme de banc d''essai')", &err);
    sqlite3_stmt *st;
    for (long k = 0; k < schools; k++) {
        st = db_stmt(db, "INSERT INTO school (id, code, name) VALUES (?1, ?2, ?3)", &err);
        char code[16], name[64];
        snprintf(code, sizeof code, "E%05ld", k + 1);
        snprintf(name, sizeof name, "École %05ld", k + 1);
        sqlite3_bind_int64(st, 1, k + 1);
        sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            die(&err);
        sqlite3_reset(st);
    }
    long groups = students / 4;
    long tutors = groups / 3 + 1;
    for (long t = 1; t <= tutors; t++) {
        st = db_stmt(db, "INSERT INTO tutor (id, last_name, first_name, category, source, status,"
                         " status_date, hire_date, check_status, check_completed_on, check_result)"
                         " VALUES (?1, 'Tuteur', 'Zoé', ?2, 'platform', 'hired', '2020-08-20',"
                         " '2020-08-20', 'completed', '2020-08-21', 'clear')", &err);
        sqlite3_bind_int64(st, 1, t);
        sqlite3_bind_text(st, 2, t % 2 ? "college" : "university", -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            die(&err);
        sqlite3_reset(st);
        st = db_stmt(db, "INSERT INTO tutor_status_history (tutor_id, to_status, changed_on,"
                         " changed_by) VALUES (?1, 'hired', '2020-08-20', 'bench')", &err);
        sqlite3_bind_int64(st, 1, t);
        if (sqlite3_step(st) != SQLITE_DONE)
            die(&err);
        sqlite3_reset(st);
    }
    for (long i = 1; i <= students; i++) {
        st = db_stmt(db, "INSERT INTO student (id, school_id, local_number, last_name, first_name,"
                         " level) VALUES (?1, ?2, ?3, 'Élève', 'Anaïs', 'P3')", &err);
        char local[24];
        snprintf(local, sizeof local, "%ld", 10000000 + i);
        sqlite3_bind_int64(st, 1, i);
        sqlite3_bind_int64(st, 2, 1 + (i - 1) % schools);
        sqlite3_bind_text(st, 3, local, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            die(&err);
        sqlite3_reset(st);
        st = db_stmt(db, "INSERT INTO consent (student_id, purpose, status, decided_on, method,"
                         " created_by) VALUES (?1, 'tutoring', 'given', '2020-08-25', 'email', 'b')",
                     &err);
        sqlite3_bind_int64(st, 1, i);
        if (sqlite3_step(st) != SQLITE_DONE)
            die(&err);
        sqlite3_reset(st);
    }
    long sessions = 0, attendance = 0;
    uint64_t seed = 7;
    for (long g = 1; g <= groups; g++) {
        long school = 1 + ((g - 1) * 4) % schools;
        st = db_stmt(db, "INSERT INTO tutoring_group (id, name, school_id, tutor_id, subject,"
                         " level_band, modality, start_date) VALUES (?1, 'G', ?2, ?3, 'math',"
                         " 'P3-P4', 'school', '2020-08-31')", &err);
        sqlite3_bind_int64(st, 1, g);
        sqlite3_bind_int64(st, 2, school);
        sqlite3_bind_int64(st, 3, 1 + (g - 1) / 3);
        if (sqlite3_step(st) != SQLITE_DONE)
            die(&err);
        sqlite3_reset(st);
        for (int m = 0; m < 4; m++) {
            st = db_stmt(db, "INSERT INTO membership (group_id, student_id, joined_on, created_by)"
                             " VALUES (?1, ?2, '2020-08-31', 'b')", &err);
            sqlite3_bind_int64(st, 1, g);
            sqlite3_bind_int64(st, 2, (g - 1) * 4 + m + 1);
            if (sqlite3_step(st) != SQLITE_DONE)
                die(&err);
            sqlite3_reset(st);
        }
        tt_day start;
        date_from_ymd(2020, 8, 31, &start);
        for (int w = 0; w < 36; w++) {
            for (int k = 0; k < 2; k++) {
                char day[11];
                date_iso(start + w * 7 + 1 + 2 * k, day);
                st = db_stmt(db, "INSERT INTO session (group_id, session_date, start_min,"
                                 " planned_minutes, actual_minutes, tutor_id, modality, status)"
                                 " VALUES (?1, ?2, 930, 60, 60, ?3, 'school', 'held')", &err);
                sqlite3_bind_int64(st, 1, g);
                sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(st, 3, 1 + (g - 1) / 3);
                if (sqlite3_step(st) != SQLITE_DONE)
                    die(&err);
                sqlite3_reset(st);
                int64_t sid = db_last_id(db);
                sessions++;
                for (int m = 0; m < 4; m++) {
                    seed = seed * 6364136223846793005ull + 1;
                    int present = (seed >> 33) % 10 != 0;
                    st = db_stmt(db, "INSERT INTO attendance (session_id, student_id, status,"
                                     " minutes, recorded_by) VALUES (?1, ?2, ?3, ?4, 'b')", &err);
                    sqlite3_bind_int64(st, 1, sid);
                    sqlite3_bind_int64(st, 2, (g - 1) * 4 + m + 1);
                    sqlite3_bind_text(st, 3, present ? "present" : "absent", -1, SQLITE_STATIC);
                    sqlite3_bind_int(st, 4, present ? 60 : 0);
                    if (sqlite3_step(st) != SQLITE_DONE)
                        die(&err);
                    sqlite3_reset(st);
                    attendance++;
                }
            }
        }
    }
    if (db_commit(db, &err) != TT_OK)
        die(&err);
    printf("generated %ld students, %ld schools, %ld groups, %ld sessions, %ld attendance rows\n",
           students, schools, groups, sessions, attendance);
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
    int province = strcmp(scale, "province") == 0, school = strcmp(scale, "school") == 0;
    long students = province ? 200000 : school ? 300 : 15000;
    long schools = province ? 700 : school ? 1 : 50;
    char path[512];
    snprintf(path, sizeof path, "%s", argc > 2 ? argv[2]
             : province ? "/tmp/tutorat-bench-report-province.db"
             : school   ? "/tmp/tutorat-bench-report-school.db"
                        : "/tmp/tutorat-bench-report-centre.db");
    int fresh = access(path, F_OK) != 0;
    struct tt_db *db;
    struct tt_error err;
    tt_error_clear(&err);
    double t_open = now_ms();
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != TT_OK)
        die(&err);
    t_open = now_ms() - t_open;
    /* Generated data is not anyone's change: no audit trail for it. */
    db_set_audit(db, 0);
    if (fresh) {
        double t0 = now_ms();
        generate(db, students, schools);
        printf("generation: %.1f s\n", (now_ms() - t0) / 1e3);
    } else if (t_open > 1000) {
        printf("opening (schema update): %.1f s\n", t_open / 1e3);
    }
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
    printf("ratio (target <= 1.20): %.2f   database: %.0f MB\n",
           shell[RUNS / 2] > 0 ? ours[RUNS / 2] / shell[RUNS / 2] : 0.0, sb.st_size / 1048576.0);
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
