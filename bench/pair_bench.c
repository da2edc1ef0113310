/* Assisted pairing at the scale of a school service centre: 15,000
 * students awaiting pairing, 1,500 cleared tutors and 1,000 groups already
 * running (with 3,000 students in them, and some of the students waiting
 * already placed for one of their subjects).  Times pairing_load +
 * pairing_solve (median and worst of 5 runs) against the target of 2 s.
 * Usage: pair_bench [STUDENTS [TUTORS [DB]]]; without DB the database is
 * made in a temporary folder and removed at the end. */
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
#include "pairing.h"
#include "settings.h"
#include "util.h"

#define RUNS 5
#define TARGET_MS 2000.0
#define SCHOOLS 60
#define GROUPS 1000
#define PLACED 3000

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const struct tt_error *err)
{
    fprintf(stderr, "pair_bench: %s\n", err->msg);
    exit(1);
}

static uint64_t seed = 20210224;

static int rnd(int n)
{
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((seed >> 33) % (uint64_t)n);
}

static const char *const subjects[] = { "math", "fr_reading", "fr_writing", "english", "science",
                                        "social", "study_skills", "other" };
/* Mathematics and French are most of the demand. */
static const int subject_share[] = { 35, 25, 15, 10, 5, 3, 5, 2 };
static const char *const levels[] = { "PRE4", "PRE5", "P1", "P2", "P3", "P4", "P5", "P6", "S1",
                                      "S2", "S3", "S4", "S5" };
static const char *const bands[] = { "PRE", "P1-P2", "P3-P4", "P5-P6", "S1-S2", "S3-S5" };
static const int band_first[] = { 0, 2, 4, 6, 8, 10 }, band_count[] = { 2, 2, 2, 2, 2, 3 };
static const char *const lasts[] = { "Côté", "Gagnon", "Tremblay", "Bélanger", "Lévesque",
                                     "Bouchard", "Gagné", "Roy", "Pelletier", "Bérubé" };
static const char *const firsts[] = { "Éloïse", "Zoé", "Noémie", "Gaël", "Jérémie", "Anaïs",
                                      "Loïc", "Maëlle", "Chloé", "Théo" };

static int pick_subject(void)
{
    int r = rnd(100);
    for (int k = 0; k < 8; k++) {
        if (r < subject_share[k])
            return k;
        r -= subject_share[k];
    }
    return 0;
}

static int level_band_of(int level)
{
    for (int b = 5; b >= 0; b--)
        if (level >= band_first[b])
            return b;
    return 0;
}

/* Steps a prepared insert; stops the benchmark on failure. */
static void step(struct tt_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        struct tt_error err;
        tt_error_clear(&err);
        db_fail(db, rc, &err, what);
        die(&err);
    }
}

static sqlite3_stmt *stmt(struct tt_db *db, const char *sql)
{
    struct tt_error err;
    tt_error_clear(&err);
    sqlite3_stmt *st = db_stmt(db, sql, &err);
    if (st == NULL)
        die(&err);
    return st;
}

static void exec(struct tt_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "pair_bench: %s: %s\n", sql, msg);
        exit(1);
    }
}

/* Weekday availability after class: one to three stretches between 15:00
 * and 20:00. */
static void availability(struct tt_db *db, const char *sql, int64_t id, int many)
{
    int used = 0;
    for (int k = 0, n = 1 + rnd(many); k < n; k++) {
        int day = 1 + rnd(5);
        if (used & (1 << day))
            continue;
        used |= 1 << day;
        int start = 900 + 15 * rnd(9), end = start + 90 + 15 * rnd(9);
        if (end > 1200)
            end = 1200;
        sqlite3_stmt *st = stmt(db, sql);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, day);
        sqlite3_bind_int(st, 3, start);
        sqlite3_bind_int(st, 4, end);
        step(db, st, "availability");
    }
}

struct open_group {
    int64_t id;
    int subject, band, members, limit;
};

static int64_t new_student(struct tt_db *db, int64_t id, int level)
{
    sqlite3_stmt *st = stmt(db, "INSERT INTO student (id, school_id, local_number, last_name,"
                                " first_name, level) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    char local[24];
    snprintf(local, sizeof local, "%lld", (long long)(20000000 + id));
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, 1 + (int)(id % SCHOOLS));
    sqlite3_bind_text(st, 3, local, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, lasts[rnd(10)], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, firsts[rnd(10)], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, levels[level], -1, SQLITE_STATIC);
    step(db, st, "student");
    return id;
}

static void new_referral(struct tt_db *db, int64_t id, int subject, int subject2)
{
    static const char *const formats[] = { "individual", "group", "either" };
    static const char *const modalities[] = { "remote", "school", "either" };
    int f = rnd(20), m = rnd(20);
    sqlite3_stmt *st = stmt(db,
        "INSERT INTO referral (id, student_id, school_id, referral_date, referrer_name, referrer_role,"
        " status_date, created_by, priority, format, modality) VALUES (?1, ?1, ?2, '2021-02-24',"
        " 'Mme Roy', 'teacher', '2021-02-24', 'bench', ?3, ?4, ?5)");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, 1 + (int)(id % SCHOOLS));
    sqlite3_bind_int(st, 3, 1 + rnd(3));
    sqlite3_bind_text(st, 4, formats[f < 3 ? 0 : f < 8 ? 1 : 2], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, modalities[m < 12 ? 0 : m < 15 ? 1 : 2], -1, SQLITE_STATIC);
    step(db, st, "referral");
    for (int k = 0; k < 2; k++) {
        int s = k == 0 ? subject : subject2;
        if (s < 0)
            continue;
        st = stmt(db, "INSERT INTO referral_subject (referral_id, subject) VALUES (?1, ?2)");
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, subjects[s], -1, SQLITE_STATIC);
        step(db, st, "subject");
    }
    availability(db, "INSERT INTO referral_availability (referral_id, weekday, start_min, end_min)"
                     " VALUES (?1, ?2, ?3, ?4)", id, 3);
}

static void join(struct tt_db *db, struct open_group *g, int64_t student)
{
    sqlite3_stmt *st = stmt(db, "INSERT INTO membership (group_id, student_id, referral_id,"
                                " joined_on, created_by) VALUES (?1, ?2, ?2, '2021-03-01', 'bench')");
    sqlite3_bind_int64(st, 1, g->id);
    sqlite3_bind_int64(st, 2, student);
    step(db, st, "membership");
    g->members++;
}

static void generate(struct tt_db *db, long students, long tutors)
{
    struct tt_error err;
    tt_error_clear(&err);
    if (db_begin(db, &err) != TT_OK)
        die(&err);
    exec(db, "INSERT INTO organisation (id, name) VALUES (1, 'Centre de services de banc d''essai')");
    for (int k = 0; k < SCHOOLS; k++) {
        sqlite3_stmt *st = stmt(db, "INSERT INTO school (id, code, name) VALUES (?1, ?2, ?3)");
        char code[16], name[64];
        snprintf(code, sizeof code, "E%03d", k + 1);
        snprintf(name, sizeof name, "École %03d", k + 1);
        sqlite3_bind_int(st, 1, k + 1);
        sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
        step(db, st, "school");
    }
    /* Tutors: hired and cleared (the trigger's rule), one to three subjects
     * over a band or two, often remote, some at their school. */
    static const char *const tmodes[] = { "remote", "school", "both" };
    for (long t = 1; t <= tutors; t++) {
        sqlite3_stmt *st = stmt(db,
            "INSERT INTO tutor (id, last_name, first_name, category, source, status, status_date,"
            " hire_date, check_status, check_completed_on, check_result, modality, school_id,"
            " max_weekly_minutes) VALUES (?1, ?2, ?3, 'university', 'platform', 'hired',"
            " '2021-02-01', '2021-02-01', 'completed', '2021-02-02', 'clear', ?4, ?5, ?6)");
        int m = rnd(10);
        sqlite3_bind_int64(st, 1, t);
        sqlite3_bind_text(st, 2, lasts[rnd(10)], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, firsts[rnd(10)], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, tmodes[m < 5 ? 0 : m < 7 ? 1 : 2], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, 1 + rnd(SCHOOLS));
        if (rnd(2))
            sqlite3_bind_int(st, 6, 120 + 60 * rnd(7));
        step(db, st, "tutor");
        int used = 0;
        for (int k = 0, n = 1 + rnd(3); k < n; k++) {
            int subject = pick_subject();
            for (int b = 0, nb = 1 + rnd(2), first = rnd(6); b < nb; b++) {
                int band = (first + b) % 6;
                if (used & (1 << (subject * 6 + band) % 31))
                    continue;
                used |= 1 << (subject * 6 + band) % 31;
                for (int l = 0; l < band_count[band]; l++) {
                    st = stmt(db, "INSERT OR IGNORE INTO tutor_skill (tutor_id, subject, level)"
                                  " VALUES (?1, ?2, ?3)");
                    sqlite3_bind_int64(st, 1, t);
                    sqlite3_bind_text(st, 2, subjects[subject], -1, SQLITE_STATIC);
                    sqlite3_bind_text(st, 3, levels[band_first[band] + l], -1, SQLITE_STATIC);
                    step(db, st, "skill");
                }
            }
        }
        availability(db, "INSERT INTO tutor_availability (tutor_id, weekday, start_min, end_min)"
                          " VALUES (?1, ?2, ?3, ?4)", t, 4);
    }
    /* Groups already running, each with a weekly hour. */
    struct open_group *groups = xcalloc(GROUPS, sizeof *groups);
    for (int g = 0; g < GROUPS; g++) {
        groups[g].id = g + 1;
        groups[g].subject = pick_subject();
        groups[g].band = rnd(6);
        groups[g].limit = 3 + rnd(3);
        int remote = rnd(4) != 0;
        sqlite3_stmt *st = stmt(db,
            "INSERT INTO tutoring_group (id, name, school_id, tutor_id, subject, level_band, modality,"
            " start_date, size_limit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '2021-03-01', ?8)");
        char name[64];
        snprintf(name, sizeof name, "Groupe %04d", g + 1);
        sqlite3_bind_int(st, 1, g + 1);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        if (!remote)
            sqlite3_bind_int(st, 3, 1 + rnd(SCHOOLS));
        sqlite3_bind_int(st, 4, 1 + rnd((int)tutors));
        sqlite3_bind_text(st, 5, subjects[groups[g].subject], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, bands[groups[g].band], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, remote ? "remote" : "school", -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 8, groups[g].limit);
        step(db, st, "group");
        st = stmt(db, "INSERT INTO group_slot (group_id, weekday, start_min, minutes)"
                      " VALUES (?1, ?2, ?3, 60)");
        sqlite3_bind_int(st, 1, g + 1);
        sqlite3_bind_int(st, 2, 1 + rnd(5));
        sqlite3_bind_int(st, 3, 900 + 15 * rnd(12));
        step(db, st, "slot");
    }
    /* Students already in those groups (their referral active). */
    int64_t id = 1;
    for (int k = 0; k < PLACED; k++, id++) {
        struct open_group *g = &groups[k % GROUPS];
        new_student(db, id, band_first[g->band] + rnd(band_count[g->band]));
        new_referral(db, id, g->subject, -1);
        if (g->members < g->limit - 1)
            join(db, g, id);
    }
    exec(db, "UPDATE referral SET status = 'awaiting_consent'");
    exec(db, "UPDATE referral SET status = 'awaiting_pairing'");
    exec(db, "UPDATE referral SET status = 'active'");
    /* The students awaiting pairing; a fifth of those with two subjects
     * already have a group for the first. */
    for (long k = 0; k < students; k++, id++) {
        int level = rnd(13), subject = pick_subject(), second = rnd(4) == 0 ? pick_subject() : -1;
        if (second == subject)
            second = -1;
        new_student(db, id, level);
        new_referral(db, id, subject, second);
        if (second >= 0 && rnd(5) == 0) {
            struct open_group *g = &groups[rnd(GROUPS)];
            if (g->subject == subject && g->band == level_band_of(level) && g->members < g->limit)
                join(db, g, id);
        }
    }
    exec(db, "UPDATE referral SET status = 'awaiting_consent' WHERE status = 'received'");
    exec(db, "UPDATE referral SET status = 'awaiting_pairing' WHERE status = 'awaiting_consent'");
    free(groups);
    if (db_commit(db, &err) != TT_OK)
        die(&err);
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
    long students = argc > 1 ? atol(argv[1]) : 15000;
    long tutors = argc > 2 ? atol(argv[2]) : 1500;
    if (students < 1 || tutors < 1) {
        fprintf(stderr, "usage: pair_bench [STUDENTS [TUTORS [DB]]]\n");
        return 2;
    }
    char folder[512] = "", path[700];
    if (argc > 3) {
        tt_strlcpy(path, argv[3], sizeof path);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(folder, sizeof folder, "%s/pair-bench-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        if (mkdtemp(folder) == NULL) {
            perror("mkdtemp");
            return 1;
        }
        snprintf(path, sizeof path, "%s/pair.db", folder);
    }
    int fresh = access(path, F_OK) != 0;
    struct tt_db *db;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != TT_OK)
        die(&err);
    if (fresh) {
        double t0 = now_ms();
        generate(db, students, tutors);
        printf("generated %ld students awaiting pairing, %ld tutors, %d groups with %d students,"
               " in %.1f s (%s)\n", students, tutors, GROUPS, PLACED, (now_ms() - t0) / 1e3, path);
    }
    struct settings *s = settings_new();
    double total[RUNS], load[RUNS], solve[RUNS];
    struct pairing_score score;
    memset(&score, 0, sizeof score);
    size_t n_tutors = 0, n_groups = 0;
    for (int r = 0; r < RUNS; r++) {
        struct pairing_instance *in;
        struct pairing_result *res;
        double t0 = now_ms();
        if (pairing_load(db, s, date_today(), &in, &err) != TT_OK)
            die(&err);
        double t1 = now_ms();
        if (pairing_solve(in, &res, &err) != TT_OK)
            die(&err);
        double t2 = now_ms();
        if (pairing_check(in, res, NULL, &err) != TT_OK)
            die(&err);
        load[r] = t1 - t0;
        solve[r] = t2 - t1;
        total[r] = t2 - t0;
        score = res->score;
        n_tutors = in->n_tutors;
        n_groups = in->n_groups;
        pairing_result_free(res);
        pairing_instance_free(in);
    }
    qsort(total, RUNS, sizeof total[0], cmp_double);
    qsort(load, RUNS, sizeof load[0], cmp_double);
    qsort(solve, RUNS, sizeof solve[0], cmp_double);
    printf("%-36s %9s %9s %9s %7s\n", "pairing (load + solve)", "p50 ms", "max ms", "target", "ratio");
    printf("%-36s %9.1f %9.1f %9.0f %7.2f\n", "pairing_load + pairing_solve", total[RUNS / 2],
           total[RUNS - 1], TARGET_MS, total[RUNS - 1] / TARGET_MS);
    /* For bench/run's summary: the worst run against the target. */
    printf("@figure\tpairing, %ld students x %ld tutors\t%.2f-%.2f s\t2 s\t%.2f\t%s\n", students,
           tutors, total[0] / 1e3, total[RUNS - 1] / 1e3, total[RUNS - 1] / TARGET_MS,
           total[RUNS - 1] <= TARGET_MS ? "yes" : "no");
    printf("%-36s %9.1f %9.1f\n", "  of which pairing_load", load[RUNS / 2], load[RUNS - 1]);
    printf("%-36s %9.1f %9.1f\n", "  of which pairing_solve", solve[RUNS / 2], solve[RUNS - 1]);
    printf("placed %zu of %zu awaiting (%zu in existing groups, %zu in %zu new groups);"
           " %zu tutors, %zu open groups; priority weight %lld, level distance %lld\n",
           score.placed, score.awaiting, score.joined, score.placed - score.joined,
           score.new_groups, n_tutors, n_groups, (long long)score.weight,
           (long long)score.level_distance);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak resident memory: %.1f MB\n", ru.ru_maxrss / 1024.0);
    settings_free(s);
    db_close(db);
    if (folder[0]) {
        char cmd[800];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", folder);
        if (system(cmd) != 0)
            fprintf(stderr, "pair_bench: could not remove %s\n", folder);
    }
    return total[RUNS - 1] <= TARGET_MS ? 0 : 1;
}
