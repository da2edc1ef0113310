/* The demo database: the sizes it promises, every status the screens show,
 * within every rule the schema enforces, deterministic, and all or nothing. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "demo.h"
#include "i18n.h"
#include "settings.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static struct settings *settings;
static struct tt_db *db;                /* the demo at 2021-04-19, shared by the tests */
static struct demo_summary summary;

static tt_day day_of(int y, int m, int d)
{
    tt_day t = 0;
    assert_int_equal(date_from_ymd(y, m, d, &t), 0);
    return t;
}

static struct tt_db *open_fresh(const char *name)
{
    char *path = xasprintf("%s/%s", dir, name);
    struct tt_db *d = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(path, DB_OPEN_CREATE, &d, &err) != TT_OK)
        fail_msg("%s", err.msg);
    free(path);
    return d;
}

static struct tt_db *make_demo(const char *name, tt_day today, struct demo_summary *sum)
{
    struct tt_db *d = open_fresh(name);
    struct tt_error err;
    tt_error_clear(&err);
    int rc = demo_create(d, settings, today, sum, &err);
    if (rc != TT_OK)
        fail_msg("demo_create gave %d: %s", rc, err.msg);
    return d;
}

static int64_t scalar(struct tt_db *d, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(d), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(d)));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int64_t count_where(struct tt_db *d, const char *sql, const char *value)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(d), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(d)));
    sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *text(struct tt_db *d, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(d), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(d)));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *v = sqlite3_column_text(st, 0);
    char *out = xstrdup(v ? (const char *)v : "");
    sqlite3_finalize(st);
    return out;
}

static void checks_pass(struct tt_db *d)
{
    struct db_check_report r;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_check(d, &r, &err), TT_OK);
    if (!r.integrity_ok)
        fail_msg("integrity: %s", r.integrity_message);
    assert_true(r.foreign_keys_ok);
    assert_int_equal(r.foreign_key_violations, 0);
}

static int setup(void **state)
{
    db = make_demo("main.db", day_of(2021, 4, 19), &summary);
    return 0;
}

static int teardown(void **state)
{
    db_close(db);
    db = NULL;
    return 0;
}

static void sizes_are_as_promised(void **state)
{
    assert_int_equal(summary.schools, 2);
    assert_in_range(summary.students, 140, 160);
    assert_int_equal(summary.referrals, 60);
    assert_int_equal(summary.tutors, 25);
    assert_int_equal(summary.groups, 10);
    assert_true(summary.consents > 0);
    assert_true(summary.sessions > 0);
    assert_true(summary.attendance > 0);
    /* The summary is what the tables hold. */
    assert_int_equal(summary.students, scalar(db, "SELECT count(*) FROM student"));
    assert_int_equal(summary.consents, scalar(db, "SELECT count(*) FROM consent"));
    assert_int_equal(summary.sessions, scalar(db, "SELECT count(*) FROM session"));
    assert_int_equal(summary.attendance, scalar(db, "SELECT count(*) FROM attendance"));
    assert_int_equal(scalar(db, "SELECT count(*) FROM organisation WHERE kind = 'css'"
                                " AND budget_cents > 0"), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM school_year WHERE label = '2020-2021'"), 1);
    assert_true(scalar(db, "SELECT count(*) FROM non_school_day") >= 4);
    /* Guardians: one or two per student. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM student s WHERE NOT EXISTS"
                                " (SELECT 1 FROM guardian g WHERE g.student_id = s.id"
                                " AND g.rank = 1)"), 0);
    assert_true(scalar(db, "SELECT count(*) FROM guardian WHERE rank = 2") > 0);
}

static void every_status_is_there(void **state)
{
    static const char *const referral[] = { "received", "awaiting_consent", "awaiting_pairing",
                                            "active", "suspended", "closed" };
    static const char *const tutor[] = { "interest", "received", "processing", "hired",
                                         "declined", "withdrawn" };
    static const char *const consent[] = { "given", "pending", "refused", "withdrawn" };
    static const char *const category[] = { "college", "university", "retiree",
                                            "staff_regular", "substitute" };
    static const char *const source[] = { "platform", "direct", "staff" };
    for (size_t i = 0; i < TT_ARRAY_LEN(referral); i++)
        if (count_where(db, "SELECT count(*) FROM referral WHERE status = ?1", referral[i]) == 0)
            fail_msg("no referral %s", referral[i]);
    for (size_t i = 0; i < TT_ARRAY_LEN(tutor); i++)
        if (count_where(db, "SELECT count(*) FROM tutor WHERE status = ?1", tutor[i]) == 0)
            fail_msg("no tutor %s", tutor[i]);
    for (size_t i = 0; i < TT_ARRAY_LEN(consent); i++)
        if (count_where(db, "SELECT count(*) FROM consent WHERE status = ?1", consent[i]) == 0)
            fail_msg("no consent %s", consent[i]);
    for (size_t i = 0; i < TT_ARRAY_LEN(category); i++)
        if (count_where(db, "SELECT count(*) FROM tutor WHERE category = ?1", category[i]) == 0)
            fail_msg("no tutor of category %s", category[i]);
    for (size_t i = 0; i < TT_ARRAY_LEN(source); i++)
        if (count_where(db, "SELECT count(*) FROM tutor WHERE source = ?1", source[i]) == 0)
            fail_msg("no tutor from %s", source[i]);
    /* What the dashboard points at: candidates without an answer (at least
     * the three an end-to-end test answers), sessions to complete,
     * cancellations, a replacement, a membership that ended. */
    assert_true(scalar(db, "SELECT count(*) FROM tutor WHERE answered_on IS NULL"
                           " AND status <> 'withdrawn'") >= 3);
    assert_true(scalar(db, "SELECT count(*) FROM tutor WHERE answered_on IS NOT NULL") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM session WHERE status = 'planned'"
                           " AND session_date < '2021-04-19'") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM session WHERE status = 'cancelled_student'") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM session WHERE status = 'cancelled_tutor'") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM session s JOIN tutoring_group g"
                           " ON g.id = s.group_id WHERE s.tutor_id <> g.tutor_id") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM membership WHERE left_on IS NOT NULL") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM tutor_rate GROUP BY tutor_id"
                           " ORDER BY count(*) DESC LIMIT 1") >= 2);
    assert_true(scalar(db, "SELECT count(*) FROM progress_note WHERE kind = 'start'") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM progress_note WHERE kind = 'middle'") > 0);
    assert_true(scalar(db, "SELECT count(DISTINCT partner) FROM partner_referral") == 2);
}

static void sessions_cover_eight_weeks(void **state)
{
    /* Eight distinct ISO weeks before the week of today (Monday 2021-04-19),
     * none earlier, and this week's sessions are all still planned. */
    assert_int_equal(scalar(db, "SELECT count(DISTINCT date(session_date, '-6 days',"
                                " 'weekday 1')) FROM session WHERE session_date < '2021-04-19'"),
                     8);
    assert_int_equal(scalar(db, "SELECT count(*) FROM session WHERE session_date < '2021-02-22'"),
                     0);
    assert_true(scalar(db, "SELECT count(*) FROM session WHERE session_date >= '2021-04-19'") > 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM session WHERE session_date >= '2021-04-19'"
                                " AND status <> 'planned'"), 0);
    assert_true(scalar(db, "SELECT count(*) FROM session WHERE status = 'held'") >
                scalar(db, "SELECT count(*) FROM session WHERE status <> 'held'"));
    /* Held sessions have their attendance; the others none. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM session s WHERE s.status = 'held'"
                                " AND NOT EXISTS (SELECT 1 FROM attendance a"
                                " WHERE a.session_id = s.id)"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM attendance a JOIN session s"
                                " ON s.id = a.session_id WHERE s.status <> 'held'"), 0);
    assert_true(scalar(db, "SELECT count(*) FROM attendance WHERE status = 'absent'") > 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM attendance a JOIN session s"
                                " ON s.id = a.session_id WHERE a.status = 'present'"
                                " AND a.minutes <> s.actual_minutes"), 0);
}

static void rules_hold(void **state)
{
    checks_pass(db);
    /* Nobody present without consents valid that day (the triggers guard
     * this too; the query says it independently). */
    static const char no_consent[] =
        "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id"
        " WHERE a.status = 'present' AND (s.modality = 'remote' OR ?1 = 'tutoring')"
        " AND NOT EXISTS (SELECT 1 FROM consent c"
        " WHERE c.student_id = a.student_id AND c.purpose = ?1"
        " AND c.status IN ('given','withdrawn') AND c.decided_on <= s.session_date"
        " AND (c.expires_on IS NULL OR s.session_date <= c.expires_on)"
        " AND (c.withdrawn_on IS NULL OR s.session_date < c.withdrawn_on))";
    assert_int_equal(count_where(db, no_consent, "tutoring"), 0);
    assert_int_equal(count_where(db, no_consent, "remote"), 0);
    assert_true(scalar(db, "SELECT count(*) FROM attendance WHERE status = 'present'") > 0);
    /* Attendance only for members on that day. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM attendance a JOIN session s"
                                " ON s.id = a.session_id WHERE NOT EXISTS (SELECT 1 FROM"
                                " membership m WHERE m.group_id = s.group_id"
                                " AND m.student_id = a.student_id AND m.joined_on <= s.session_date"
                                " AND (m.left_on IS NULL OR s.session_date < m.left_on))"), 0);
    /* No session on a day off; groups within their limit and of 2 to 5. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM session s JOIN non_school_day n"
                                " ON n.day = s.session_date"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM tutoring_group g WHERE (SELECT count(*)"
                                " FROM membership m WHERE m.group_id = g.id AND m.left_on IS NULL)"
                                " NOT BETWEEN 2 AND g.size_limit"), 0);
    /* Group leaders hired and cleared; grouped students' referrals active. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM tutoring_group g JOIN tutor t"
                                " ON t.id = g.tutor_id WHERE t.status <> 'hired'"
                                " OR t.check_result IS NOT 'clear'"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM membership m JOIN referral r"
                                " ON r.id = m.referral_id WHERE m.left_on IS NULL"
                                " AND r.status <> 'active'"), 0);
    /* The history ends where each referral and tutor stands. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM referral r WHERE r.status IS NOT"
                                " (SELECT h.to_status FROM referral_status_history h"
                                " WHERE h.referral_id = r.id ORDER BY h.id DESC LIMIT 1)"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM tutor t WHERE t.status IS NOT"
                                " (SELECT h.to_status FROM tutor_status_history h"
                                " WHERE h.tutor_id = t.id ORDER BY h.id DESC LIMIT 1)"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM referral_status_history h1"
                                " JOIN referral_status_history h2"
                                " ON h2.referral_id = h1.referral_id"
                                " AND h2.id > h1.id WHERE h2.changed_on < h1.changed_on"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM referral WHERE referral_date > '2021-04-19'"
                                " OR status_date > '2021-04-19'"), 0);
    /* Each referral names 1 to 3 subjects and some availability. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM referral r WHERE (SELECT count(*)"
                                " FROM referral_subject s WHERE s.referral_id = r.id)"
                                " NOT BETWEEN 1 AND 3"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM referral r WHERE NOT EXISTS (SELECT 1"
                                " FROM referral_availability a WHERE a.referral_id = r.id)"), 0);
}

static void students_look_real(void **state)
{
    /* Accents, compound names, levels matching the school and age. */
    assert_true(scalar(db, "SELECT count(*) FROM student WHERE last_name || first_name"
                           " GLOB '*[^ -~]*'") > 20);
    assert_true(scalar(db, "SELECT count(*) FROM student WHERE last_name LIKE '%_-_%'") > 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student s JOIN school c ON c.id = s.school_id"
                                " WHERE substr(s.level, 1, 1) <> CASE c.code WHEN 'SEDO' THEN 'P'"
                                " ELSE 'S' END"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student WHERE (CAST(strftime('%Y',"
                                " '2020-09-30') AS INTEGER) - CAST(strftime('%Y', birth_date)"
                                " AS INTEGER) - (strftime('%m-%d', birth_date) > '09-30'))"
                                " <> CASE substr(level, 1, 1) WHEN 'P' THEN 5 ELSE 11 END"
                                " + CAST(substr(level, 2) AS INTEGER)"), 0);
    /* Local numbers of seven digits, about two in three with a code. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM student WHERE local_number NOT GLOB"
                                " '[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"), 0);
    assert_int_equal(scalar(db, "SELECT local_number FROM student ORDER BY id LIMIT 1"), 2100001);
    int64_t coded = scalar(db, "SELECT count(*) FROM student WHERE code_permanent IS NOT NULL");
    assert_in_range(coded, summary.students * 55 / 100, summary.students * 78 / 100);
    /* Searching as the students list does: accents and case folded, by
     * local number too. */
    assert_true(scalar(db, "SELECT count(*) FROM student_fts"
                           " WHERE student_fts MATCH '\"cote\"*'") > 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student_fts WHERE student_fts MATCH"
                                " '\"2100001\"'"), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student WHERE search_key NOT GLOB '*[0-9]'"
                                " OR search_key GLOB '*[A-Z]*'"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM tutor WHERE search_key = ''"), 0);
}

static void refuses_a_database_with_students(void **state)
{
    struct demo_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    int64_t consents = scalar(db, "SELECT count(*) FROM consent");
    assert_int_equal(demo_create(db, settings, day_of(2021, 4, 19), &sum, &err), TT_ERR_INVALID);
    assert_true(err.msg[0] != '\0');
    assert_int_equal(sum.students, 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM referral"), 60);
    assert_int_equal(scalar(db, "SELECT count(*) FROM consent"), consents);
    assert_int_equal(scalar(db, "SELECT count(*) FROM organisation"), 1);
}

static void same_day_same_demo(void **state)
{
    struct demo_summary sum;
    struct tt_db *other = make_demo("again.db", day_of(2021, 4, 19), &sum);
    static const char *const queries[] = {
        "SELECT group_concat(last_name || first_name || local_number || ifnull(code_permanent, '')"
        " || birth_date, ',') FROM (SELECT * FROM student ORDER BY id)",
        "SELECT group_concat(student_id || status || referral_date || status_date, ',')"
        " FROM (SELECT * FROM referral ORDER BY id)",
        "SELECT group_concat(session_date || status || tutor_id || ifnull(actual_minutes, ''), ',')"
        " FROM (SELECT * FROM session ORDER BY id)",
        "SELECT group_concat(session_id || student_id || status || minutes, ',')"
        " FROM (SELECT * FROM attendance ORDER BY session_id, student_id)",
        "SELECT group_concat(student_id || purpose || status, ',') FROM (SELECT * FROM consent"
        " ORDER BY id)",
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(queries); i++) {
        char *a = text(db, queries[i]), *b = text(other, queries[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    assert_memory_equal(&sum, &summary, sizeof sum);
    db_close(other);
}

/* Any day of the year works: at the start (sessions fall in the summer
 * before), in the middle, and in July when the year has ended. */
static void any_day_of_the_year(void **state)
{
    static const int days[][3] = { { 2020, 9, 8 }, { 2021, 1, 4 }, { 2021, 6, 20 },
                                   { 2021, 7, 15 }, { 2024, 2, 29 } };
    for (size_t i = 0; i < TT_ARRAY_LEN(days); i++) {
        char name[32];
        snprintf(name, sizeof name, "day%zu.db", i);
        struct demo_summary sum;
        struct tt_db *d = make_demo(name, day_of(days[i][0], days[i][1], days[i][2]), &sum);
        assert_int_equal(sum.referrals, 60);
        assert_int_equal(sum.groups, 10);
        assert_true(sum.attendance > 0);
        checks_pass(d);
        db_close(d);
    }
}

/* A failure half-way leaves the database as it was: here a school code
 * already taken makes the demo's own school insert fail. */
static void all_or_nothing(void **state)
{
    struct tt_db *d = open_fresh("taken.db");
    test_exec(d, "INSERT INTO school (code, name) VALUES ('FLEC', 'Autre école')");
    struct demo_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    int rc = demo_create(d, settings, day_of(2021, 4, 19), &sum, &err);
    assert_int_equal(rc, TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "demo"));
    assert_int_equal(scalar(d, "SELECT count(*) FROM organisation"), 0);
    assert_int_equal(scalar(d, "SELECT count(*) FROM school"), 1);
    assert_int_equal(scalar(d, "SELECT count(*) FROM non_school_day"), 0);
    /* The connection is usable afterwards: no transaction left open. */
    assert_true(sqlite3_get_autocommit(db_handle(d)));
    db_close(d);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    settings = settings_new();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_are_as_promised),
        cmocka_unit_test(every_status_is_there),
        cmocka_unit_test(sessions_cover_eight_weeks),
        cmocka_unit_test(rules_hold),
        cmocka_unit_test(students_look_real),
        cmocka_unit_test(refuses_a_database_with_students),
        cmocka_unit_test(same_day_same_demo),
        cmocka_unit_test(any_day_of_the_year),
        cmocka_unit_test(all_or_nothing),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
