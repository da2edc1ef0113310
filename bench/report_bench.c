/* The weekly ministry report at scale, against the same SQL run by the bare
 * sqlite3 shell on the same file (the target: at most 1.2 times its time).
 * Usage: report_bench [centre|province] [DB]; the database is generated
 * once (deterministically) and reused. */
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

#define RUNS 5

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

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    i18n_init();
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    int province = argc > 1 && strcmp(argv[1], "province") == 0;
    long students = province ? 200000 : 15000;
    long schools = province ? 700 : 50;
    char path[512];
    snprintf(path, sizeof path, "%s", argc > 2 ? argv[2]
             : province ? "/tmp/tutorat-bench-report-province.db" : "/tmp/tutorat-bench-report-centre.db");
    int fresh = access(path, F_OK) != 0;
    struct tt_db *db;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != TT_OK)
        die(&err);
    if (fresh) {
        double t0 = now_ms();
        generate(db, students, schools);
        printf("generation: %.1f s\n", (now_ms() - t0) / 1e3);
    }
    struct settings *s = settings_new();
    tt_day monday, today = date_today();
    week_parse("2021-W15", &monday);
    double ours[RUNS], shell[RUNS];
    for (int r = 0; r < RUNS; r++) {
        struct weekly_report rep;
        double t0 = now_ms();
        if (report_weekly(db, s, monday, today, &rep, &err) != TT_OK)
            die(&err);
        ours[r] = now_ms() - t0;
        report_weekly_free(&rep);
    }
    db_close(db);
    /* The same statements, with the same parameters, in the sqlite3 shell;
     * its start-up is timed apart and taken off. */
    const char *hr, *st_sql, *se_sql;
    report_weekly_queries(&hr, &st_sql, &se_sql);
    char script[] = "/tmp/tutorat-bench-report-XXXXXX.sql";
    int fd = mkstemps(script, 4);
    FILE *f = fdopen(fd, "w");
    fprintf(f, ".parameter set ?1 '2021-04-18'\n%s;\n", hr);
    fprintf(f, ".parameter set ?1 '2021-04-12'\n.parameter set ?2 '2021-04-18'\n%s;\n%s;\n",
            st_sql, se_sql);
    fprintf(f, ".parameter set ?1 '2020-08-25'\n%s;\n%s;\n", st_sql, se_sql);
    fclose(f);
    char cmd[1200], empty[1200];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' < '%s' > /dev/null", path, script);
    snprintf(empty, sizeof empty, "sqlite3 '%s' 'SELECT 1' > /dev/null", path);
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        if (system(empty) != 0)
            return 1;
        double start_cost = now_ms() - t0;
        t0 = now_ms();
        if (system(cmd) != 0)
            return 1;
        shell[r] = now_ms() - t0 - start_cost;
    }
    unlink(script);
    qsort(ours, RUNS, sizeof ours[0], cmp_double);
    qsort(shell, RUNS, sizeof shell[0], cmp_double);
    struct stat sb;
    stat(path, &sb);
    printf("%-34s %10s %10s\n", province ? "weekly report, province" : "weekly report, centre",
           "p50 ms", "max ms");
    printf("%-34s %10.1f %10.1f\n", "tutorat report_weekly()", ours[RUNS / 2], ours[RUNS - 1]);
    printf("%-34s %10.1f %10.1f\n", "same SQL, bare sqlite3 shell", shell[RUNS / 2], shell[RUNS - 1]);
    printf("ratio (target <= 1.20): %.2f   database: %.0f MB\n",
           shell[RUNS / 2] > 0 ? ours[RUNS / 2] / shell[RUNS / 2] : 0.0, sb.st_size / 1048576.0);
    settings_free(s);
    return 0;
}
