/* The consent rule over its whole matrix: consent states x dates x
 * modalities, through the data layer and through SQLite's own trigger. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "consent.h"
#include "db.h"
#include "i18n.h"
#include "referral_status.h"
#include "testutil.h"
#include "util.h"

static struct tt_db *db;
static char dir[512];

static void must_exec(const char *sql)
{
    test_exec(db, sql);
}

static int setup(void **unused)
{
    db = test_db_new(dir, NULL);
    must_exec("INSERT INTO school (id, code, name) VALUES (1, 'S', 'École');"
              "INSERT INTO student (id, school_id, local_number, last_name, first_name, level)"
              "  VALUES (1, 1, '1', 'Côté', 'Zoé', 'P3');"
              "INSERT INTO guardian (id, student_id, rank, full_name, relationship)"
              "  VALUES (1, 1, 1, 'Julie Côté', 'mother');"
              "INSERT INTO tutor (id, last_name, first_name, category, source, status, status_date,"
              "  hire_date, check_status, check_completed_on, check_result) VALUES (1, 'Roy', 'Léa',"
              "  'university', 'platform', 'hired', '2021-01-01', '2021-01-01', 'completed',"
              "  '2021-01-05', 'clear');"
              "INSERT INTO tutoring_group (id, name, tutor_id, subject, level_band, modality,"
              "  start_date) VALUES (1, 'G', 1, 'math', 'P3-P4', 'remote', '2021-02-01'),"
              "  (2, 'H', 1, 'fr_reading', 'P3-P4', 'school', '2021-02-01');");
    return 0;
}

static int teardown(void **unused)
{
    db_close(db);
    db = NULL;
    return 0;
}

static tt_day day(const char *iso)
{
    tt_day d;
    assert_int_equal(date_parse(iso, &d), 0);
    return d;
}

static int64_t add_consent(const char *purpose, const char *status, const char *decided,
                           const char *expires)
{
    struct consent c;
    memset(&c, 0, sizeof c);
    c.student_id = 1;
    c.guardian_id = 1;
    c.student_agreement = -1;
    tt_strlcpy(c.purpose, purpose, sizeof c.purpose);
    tt_strlcpy(c.status, status, sizeof c.status);
    tt_strlcpy(c.decided_on, decided, sizeof c.decided_on);
    tt_strlcpy(c.expires_on, expires, sizeof c.expires_on);
    if (strcmp(status, "given") == 0)
        tt_strlcpy(c.method, "signed_form", sizeof c.method);
    if (strcmp(status, "pending") == 0) {
        tt_strlcpy(c.requested_on, decided, sizeof c.requested_on);
        c.decided_on[0] = '\0';
    }
    struct tt_error err;
    tt_error_clear(&err);
    if (consent_record(db, &c, day("2021-06-23"), &err) != TT_OK)
        fail_msg("consent_record: %s", err.msg);
    return c.id;
}

static int may(const char *iso, const char *modality, char *reason, size_t size)
{
    int ok = -1;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(consent_may_attend(db, 1, day(iso), modality, &ok, reason, size, &err), TT_OK);
    return ok;
}

/* What SQLite's trigger says for the same question. */
static int trigger_allows(const char *iso, const char *modality)
{
    static int sid = 100;
    sid++;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
        "INSERT INTO session (id, group_id, session_date, start_min, planned_minutes,"
        " actual_minutes, tutor_id, modality, status) VALUES (?1, ?2, ?3, 930, 60, 60, 1, ?4,"
        " 'held')", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int(st, 1, sid);
    sqlite3_bind_int(st, 2, strcmp(modality, "remote") == 0 ? 1 : 2);
    sqlite3_bind_text(st, 3, iso, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, modality, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
        "INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)"
        " VALUES (?1, 1, 'present', 60, 'test')", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int(st, 1, sid);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

struct matrix_case {
    const char *tutoring_status;    /* NULL: no record */
    const char *remote_status;
    const char *withdraw_on;        /* tutoring withdrawn on this day */
    const char *date;
    const char *modality;
    int expect;
    const char *reason_part;        /* in the refusal */
};

static void consent_matrix(void **unused)
{
    /* Given on 2021-02-15, expiring 2021-06-23. */
    static const struct matrix_case cases[] = {
        { NULL, NULL, NULL, "2021-03-01", "school", 0, "No consent" },
        { NULL, NULL, NULL, "2021-03-01", "remote", 0, "No consent" },
        { "pending", "given", NULL, "2021-03-01", "school", 0, "pending" },
        { "refused", "given", NULL, "2021-03-01", "remote", 0, "refused" },
        { "given", NULL, NULL, "2021-03-01", "school", 1, NULL },
        { "given", NULL, NULL, "2021-03-01", "remote", 0, "remote" },
        { "given", "pending", NULL, "2021-03-01", "remote", 0, "pending" },
        { "given", "refused", NULL, "2021-03-01", "remote", 0, "refused" },
        { "given", "given", NULL, "2021-03-01", "remote", 1, NULL },
        { "given", "given", NULL, "2021-02-14", "school", 0, "only given" },
        { "given", "given", NULL, "2021-02-15", "school", 1, NULL },
        { "given", "given", NULL, "2021-06-23", "remote", 1, NULL },
        { "given", "given", NULL, "2021-06-24", "school", 0, "expired" },
        { "given", "given", "2021-03-10", "2021-03-09", "remote", 1, NULL },
        { "given", "given", "2021-03-10", "2021-03-10", "school", 0, "withdrawn" },
        { "given", "given", "2021-03-10", "2021-03-11", "remote", 0, "withdrawn" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct matrix_case *c = &cases[i];
        teardown(NULL);
        setup(NULL);
        int64_t tid = 0;
        if (c->tutoring_status)
            tid = add_consent("tutoring", c->tutoring_status, "2021-02-15", "2021-06-23");
        if (c->remote_status)
            add_consent("remote", c->remote_status, "2021-02-15", "2021-06-23");
        if (c->withdraw_on) {
            struct tt_error err;
            tt_error_clear(&err);
            assert_int_equal(consent_withdraw(db, tid, day(c->withdraw_on), "par téléphone", &err),
                             TT_OK);
        }
        char reason[256] = "";
        int got = may(c->date, c->modality, reason, sizeof reason);
        if (got != c->expect)
            fail_msg("case %zu: may_attend %s %s gave %d (%s)", i, c->date, c->modality, got, reason);
        if (!got && strstr(reason, c->reason_part) == NULL)
            fail_msg("case %zu: reason \"%s\" lacks \"%s\"", i, reason, c->reason_part);
        /* The trigger, the last line of defence, agrees. */
        if (trigger_allows(c->date, c->modality) != c->expect)
            fail_msg("case %zu: the trigger disagrees", i);
    }
}

static void default_expiry_is_year_end(void **unused)
{
    int64_t id = add_consent("tutoring", "given", "2021-02-15", "");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT expires_on FROM consent WHERE id = ?",
                                        -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "2021-06-23");
    sqlite3_finalize(st);
}

static void invalid_consents_name_the_field(void **unused)
{
    struct consent c;
    struct tt_error err;
    memset(&c, 0, sizeof c);
    c.student_id = 1;
    c.student_agreement = -1;
    tt_strlcpy(c.purpose, "tutoring", sizeof c.purpose);
    tt_strlcpy(c.status, "given", sizeof c.status);
    tt_strlcpy(c.decided_on, "31/02/2021", sizeof c.decided_on);
    tt_strlcpy(c.method, "email", sizeof c.method);
    tt_error_clear(&err);
    assert_int_equal(consent_record(db, &c, TT_DAY_NONE, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "decided_on");
    tt_strlcpy(c.decided_on, "24/02/2021", sizeof c.decided_on);
    tt_strlcpy(c.method, "phone", sizeof c.method);
    assert_int_equal(consent_record(db, &c, TT_DAY_NONE, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "noted_by");
    tt_strlcpy(c.noted_by, "Mme Roy", sizeof c.noted_by);
    assert_int_equal(consent_record(db, &c, TT_DAY_NONE, &err), TT_OK);
    /* Stored as an ISO date. */
    char reason[128];
    assert_int_equal(may("2021-02-24", "school", reason, sizeof reason), 1);
    /* Withdrawing before it was given makes no sense. */
    assert_int_equal(consent_withdraw(db, c.id, day("2021-02-01"), NULL, &err), TT_ERR_RULE);
}

static void referral_moves(void **unused)
{
    must_exec("INSERT INTO referral (id, student_id, school_id, referral_date, referrer_name,"
              " referrer_role, status_date, created_by) VALUES (1, 1, 1, '2021-02-24', 'Mme Roy',"
              " 'teacher', '2021-02-24', 'x')");
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(referral_set_status(db, 1, "active", day("2021-02-25"), NULL, NULL, &err),
                     TT_ERR_RULE);
    assert_int_equal(referral_set_status(db, 1, "awaiting_consent", day("2021-02-25"), "lettre",
                                         NULL, &err), TT_OK);
    assert_int_equal(referral_set_status(db, 1, "closed", day("2021-02-26"), NULL, "", &err),
                     TT_ERR_INVALID);
    assert_string_equal(err.field, "closed_reason");
    assert_int_equal(referral_set_status(db, 1, "closed", day("2021-02-26"), NULL,
                                         "déménagement", &err), TT_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
        "SELECT group_concat(ifnull(from_status, '') || '>' || to_status, ',') FROM"
        " (SELECT * FROM referral_status_history WHERE referral_id = 1 ORDER BY id)", -1, &st,
        NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0),
                        "received>awaiting_consent,awaiting_consent>closed");
    sqlite3_finalize(st);
    const char *next[6];
    int n;
    assert_int_equal(referral_next_statuses(db, "closed", next, 6, &n, &err), TT_OK);
    assert_int_equal(n, 0);
    assert_int_equal(referral_next_statuses(db, "received", next, 6, &n, &err), TT_OK);
    assert_int_equal(n, 2);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(consent_matrix, setup, teardown),
        cmocka_unit_test_setup_teardown(default_expiry_is_year_end, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_consents_name_the_field, setup, teardown),
        cmocka_unit_test_setup_teardown(referral_moves, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
