/* The demo database: realistic, complete, deterministic, and within every
 * rule the program enforces. */
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
static struct tt_db *db;
static struct settings *settings;

static struct tt_db *make(const char *name, struct demo_summary *sum, int expect)
{
    char *path = xasprintf("%s/%s", dir, name);
    struct tt_db *d = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(path, DB_OPEN_CREATE, &d, &err) != TT_OK)
        fail_msg("%s", err.msg);
    free(path);
    tt_day today;
    date_from_ymd(2021, 4, 19, &today);
    int rc = demo_create(d, settings, today, sum, &err);
    if (rc != expect)
        fail_msg("demo_create gave %d: %s", rc, err.msg);
    return d;
}

static int64_t scalar(struct tt_db *d, const char *sql)
{
    int64_t v = -1;
    struct tt_error err;
    if (db_scalar_int(d, sql, &v, &err) != TT_OK)
        fail_msg("%s: %s", sql, err.msg);
    return v;
}

static char *text(struct tt_db *d, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(d), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *v = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static void sizes_match_the_issue(void **unused)
{
    struct demo_summary sum;
    db = make("a.db", &sum, TT_OK);
    assert_int_equal(sum.schools, 2);
    assert_in_range(sum.students, 140, 160);
    assert_int_equal(sum.referrals, 60);
    assert_int_equal(sum.tutors, 25);
    assert_int_equal(sum.groups, 10);
    assert_true(sum.attendance > 100);
    /* Eight weeks of sessions before the week of "today". */
    assert_int_equal(scalar(db, "SELECT count(DISTINCT strftime('%W', session_date)) FROM session"
                                " WHERE session_date < '2021-04-19'"), 8);
}

static void every_status_is_there(void **unused)
{
    static const char *const referral[] = { "received", "awaiting_consent", "awaiting_pairing",
                                            "active", "suspended", "closed" };
    static const char *const tutor[] = { "interest", "received", "processing", "hired",
                                         "declined", "withdrawn" };
    static const char *const consent[] = { "given", "pending", "refused", "withdrawn" };
    sqlite3_stmt *st;
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(sqlite3_prepare_v2(db_handle(db),
            "SELECT (SELECT count(*) FROM referral WHERE status = ?1),"
            " (SELECT count(*) FROM tutor WHERE status = ?2)", -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_text(st, 1, referral[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, tutor[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) == 0)
            fail_msg("no referral %s", referral[i]);
        if (sqlite3_column_int(st, 1) == 0)
            fail_msg("no tutor %s", tutor[i]);
        sqlite3_finalize(st);
    }
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(sqlite3_prepare_v2(db_handle(db),
            "SELECT count(*) FROM consent WHERE status = ?1", -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_text(st, 1, consent[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) == 0)
            fail_msg("no consent %s", consent[i]);
        sqlite3_finalize(st);
    }
    /* Sessions left to complete, cancellations, a replacement tutor, a
     * membership that ended. */
    assert_true(scalar(db, "SELECT count(*) FROM session WHERE status = 'planned'"
                           " AND session_date < '2021-04-19'") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM session WHERE status LIKE 'cancelled%'") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM session s JOIN tutoring_group g ON g.id = s.group_id"
                           " WHERE s.tutor_id <> g.tutor_id") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM membership WHERE left_on IS NOT NULL") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM tutor WHERE answered_on IS NULL") > 0);
    assert_true(scalar(db, "SELECT count(*) FROM non_school_day") > 0);
}

static void rules_hold(void **unused)
{
    struct db_check_report r;
    struct tt_error err;
    assert_int_equal(db_check(db, &r, &err), TT_OK);
    assert_true(r.integrity_ok);
    assert_true(r.foreign_keys_ok);
    /* Nobody present without a consent valid that day (the trigger also
     * guards this; the query says it independently). */
    assert_int_equal(scalar(db,
        "SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id"
        " WHERE a.status = 'present' AND NOT EXISTS (SELECT 1 FROM consent c"
        " WHERE c.student_id = a.student_id AND c.purpose = 'tutoring'"
        " AND c.status IN ('given','withdrawn') AND c.decided_on <= s.session_date"
        " AND (c.expires_on IS NULL OR s.session_date <= c.expires_on)"
        " AND (c.withdrawn_on IS NULL OR s.session_date < c.withdrawn_on))"), 0);
    /* No session on a non-school day; groups within their limits. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM session s JOIN non_school_day n"
                                " ON n.day = s.session_date"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM tutoring_group g WHERE (SELECT count(*)"
                                " FROM membership m WHERE m.group_id = g.id AND m.left_on IS NULL)"
                                " > g.size_limit"), 0);
    /* Accents in names. */
    assert_true(scalar(db, "SELECT count(*) FROM student WHERE last_name || first_name"
                           " GLOB '*[^ -~]*'") > 20);
}

static void refuses_a_full_database(void **unused)
{
    struct demo_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    tt_day today;
    date_from_ymd(2021, 4, 19, &today);
    assert_int_equal(demo_create(db, settings, today, &sum, &err), TT_ERR_INVALID);
    assert_int_equal(scalar(db, "SELECT count(*) FROM referral"), 60);
}

static void same_day_same_people(void **unused)
{
    struct demo_summary sum;
    struct tt_db *other = make("b.db", &sum, TT_OK);
    static const char sql[] =
        "SELECT group_concat(last_name || first_name || local_number || ifnull(code_permanent, ''))"
        " FROM (SELECT * FROM student ORDER BY id)";
    char *a = text(db, sql), *b = text(other, sql);
    assert_string_equal(a, b);
    free(a);
    free(b);
    static const char sessions[] =
        "SELECT group_concat(session_date || status) FROM (SELECT * FROM session ORDER BY id)";
    a = text(db, sessions);
    b = text(other, sessions);
    assert_string_equal(a, b);
    free(a);
    free(b);
    db_close(other);
    db_close(db);
    db = NULL;
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    i18n_init();
    settings = settings_new();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_match_the_issue),
        cmocka_unit_test(every_status_is_there),
        cmocka_unit_test(rules_hold),
        cmocka_unit_test(refuses_a_full_database),
        cmocka_unit_test(same_day_same_people),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    db_close(db);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
