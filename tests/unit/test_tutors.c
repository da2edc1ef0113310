/* Recruitment: the status workflow and its history, answers, the hiring
 * gate, and rates that keep past hours at the rate paid then. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "settings.h"
#include "testutil.h"
#include "tutor_file.h"
#include "tutors.h"
#include "util.h"

static char dir[512];
static struct tt_db *db;
static struct settings *settings;

static int setup(void **unused)
{
    db = test_db_new(dir, "INSERT INTO school (id, code, name) VALUES (1, 'S', 'École')");
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

static int64_t candidate(const char *last, const char *category, const char *email)
{
    struct tutor t;
    memset(&t, 0, sizeof t);
    tt_strlcpy(t.last_name, last, sizeof t.last_name);
    tt_strlcpy(t.first_name, "Léa", sizeof t.first_name);
    tt_strlcpy(t.email, email, sizeof t.email);
    tt_strlcpy(t.category, category, sizeof t.category);
    tt_strlcpy(t.source, "platform", sizeof t.source);
    tt_strlcpy(t.applied_on, "2021-02-01", sizeof t.applied_on);
    struct tt_error err;
    tt_error_clear(&err);
    if (tutor_save(db, &t, "received", &err) != TT_OK)
        fail_msg("%s", err.msg);
    return t.id;
}

static int64_t scalar(const char *sql)
{
    int64_t v = -1;
    struct tt_error err;
    if (db_scalar_int(db, sql, &v, &err) != TT_OK)
        fail_msg("%s", err.msg);
    return v;
}

static void workflow_and_history(void **unused)
{
    int64_t id = candidate("Gagné", "university", "Lea.Gagne@Example.org");
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(tutor_set_status(db, id, "hired", day("2021-02-03"), NULL, &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "received"));
    assert_int_equal(tutor_set_status(db, id, "processing", day("2021-02-03"), "entrevue", &err),
                     TT_OK);
    assert_int_equal(tutor_set_status(db, id, "hired", day("2021-02-10"), NULL, &err), TT_OK);
    assert_int_equal(tutor_set_status(db, id, "received", day("2021-02-11"), NULL, &err),
                     TT_ERR_RULE);
    assert_int_equal(scalar("SELECT count(*) FROM tutor_status_history"), 3);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE hire_date = '2021-02-10'"), 1);
    /* E-mails are matched without caring for case. */
    int64_t found;
    assert_int_equal(tutor_find_by_email(db, "lea.gagne@example.org", &found, &err), TT_OK);
    assert_int_equal(found, id);
    struct tutor t;
    memset(&t, 0, sizeof t);
    tt_strlcpy(t.last_name, "Autre", sizeof t.last_name);
    tt_strlcpy(t.first_name, "Personne", sizeof t.first_name);
    tt_strlcpy(t.email, "LEA.GAGNE@example.org", sizeof t.email);
    tt_strlcpy(t.category, "college", sizeof t.category);
    tt_strlcpy(t.source, "platform", sizeof t.source);
    assert_int_equal(tutor_save(db, &t, "received", &err), TT_ERR_RULE);
    assert_string_equal(err.field, "email");
}

static void answering_several(void **unused)
{
    int64_t ids[3] = { candidate("A", "college", "a@x.org"), candidate("B", "college", "b@x.org"),
                       candidate("C", "retiree", "c@x.org") };
    candidate("D", "college", "d@x.org");
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(tutor_answer(db, ids, 3, day("2021-02-05"), "email", &err), TT_OK);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE answered_on = '2021-02-05'"
                            " AND answered_how = 'email' AND answered_by IS NOT NULL"), 3);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE answered_on IS NULL"), 1);
    assert_int_equal(tutor_answer(db, ids, 3, day("2021-02-05"), "pigeon", &err), TT_ERR_INVALID);
}

static int insert_group(int64_t tutor)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db),
        "INSERT INTO tutoring_group (name, tutor_id, subject, level_band, modality, start_date)"
        " VALUES ('G', ?1, 'math', 'P3-P4', 'remote', '2021-03-01')", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, tutor);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc;
}

static void hiring_gate(void **unused)
{
    int64_t id = candidate("Roy", "college", "roy@x.org");
    struct tt_error err;
    tt_error_clear(&err);
    int ok = -1;
    char why[256];
    assert_int_equal(tutor_can_lead(db, id, &ok, why, sizeof why, &err), TT_OK);
    assert_false(ok);
    assert_non_null(strstr(why, "not hired"));
    assert_non_null(strstr(why, "check not completed"));
    /* SQLite itself refuses the group. */
    assert_int_not_equal(insert_group(id), SQLITE_DONE);
    tutor_set_status(db, id, "processing", day("2021-02-02"), NULL, &err);
    assert_int_equal(tutor_set_status(db, id, "hired", day("2021-02-03"), NULL, &err), TT_OK);
    assert_int_equal(tutor_can_lead(db, id, &ok, why, sizeof why, &err), TT_OK);
    assert_false(ok);
    assert_null(strstr(why, "not hired"));
    assert_int_not_equal(insert_group(id), SQLITE_DONE);
    assert_int_equal(tutor_record_check(db, id, "completed", day("2021-02-04"), "not_clear", &err),
                     TT_OK);
    assert_int_equal(tutor_can_lead(db, id, &ok, why, sizeof why, &err), TT_OK);
    assert_false(ok);
    assert_non_null(strstr(why, "not favourable"));
    assert_int_not_equal(insert_group(id), SQLITE_DONE);
    assert_int_equal(tutor_record_check(db, id, "completed", day("2021-02-05"), "clear", &err),
                     TT_OK);
    assert_int_equal(tutor_can_lead(db, id, &ok, why, sizeof why, &err), TT_OK);
    assert_true(ok);
    assert_int_equal(insert_group(id), SQLITE_DONE);
}

static void rates_keep_the_past(void **unused)
{
    int64_t uni = candidate("U", "university", "u@x.org");
    int64_t col = candidate("C", "college", "c2@x.org");
    int64_t ret = candidate("R", "retiree", "r@x.org");
    struct tt_error err;
    tt_error_clear(&err);
    tt_cents rate;
    assert_int_equal(tutor_rate_on(db, settings, uni, day("2021-03-01"), &rate, &err), TT_OK);
    assert_int_equal(rate, 2300);
    assert_int_equal(tutor_rate_on(db, settings, col, day("2021-03-01"), &rate, &err), TT_OK);
    assert_int_equal(rate, 2000);
    assert_int_equal(tutor_rate_on(db, settings, ret, day("2021-03-01"), &rate, &err), TT_OK);
    assert_int_equal(rate, 0);
    /* A raise from March 15: hours before keep 23.00, hours after get 25.00. */
    assert_int_equal(tutor_set_rate(db, uni, day("2021-03-15"), 2500, "entente", &err), TT_OK);
    assert_int_equal(tutor_rate_on(db, settings, uni, day("2021-03-14"), &rate, &err), TT_OK);
    assert_int_equal(rate, 2300);
    assert_int_equal(tutor_rate_on(db, settings, uni, day("2021-03-15"), &rate, &err), TT_OK);
    assert_int_equal(rate, 2500);
    assert_int_equal(tutor_set_rate(db, uni, day("2021-04-01"), 2400, NULL, &err), TT_OK);
    assert_int_equal(tutor_rate_on(db, settings, uni, day("2021-03-20"), &rate, &err), TT_OK);
    assert_int_equal(rate, 2500);
    assert_int_equal(tutor_rate_on(db, settings, uni, day("2021-05-01"), &rate, &err), TT_OK);
    assert_int_equal(rate, 2400);
    assert_int_equal(tutor_set_rate(db, uni, day("2021-04-01"), -5, NULL, &err), TT_ERR_INVALID);
}

static void own_students_are_flagged(void **unused)
{
    test_exec(db,
        "INSERT INTO tutor (id, last_name, first_name, search_key, category, source, status,"
        "  status_date, hire_date, check_status, check_completed_on, check_result)"
        "  VALUES (7, 'Brassard', 'Lucie', 'brassard lucie', 'staff_regular', 'staff', 'hired',"
        "  '2021-02-01', '2021-02-01', 'completed', '2021-02-02', 'clear');"
        "INSERT INTO tutoring_group (id, name, tutor_id, subject, level_band, modality, start_date)"
        "  VALUES (1, 'Lecture', 7, 'fr_reading', 'P3-P4', 'remote', '2021-02-22');"
        "INSERT INTO student (id, school_id, local_number, last_name, first_name, level)"
        "  VALUES (1, 1, '1', 'Côté', 'Zoé', 'P3'), (2, 1, '2', 'Roy', 'Léo', 'P4');"
        "INSERT INTO referral (student_id, school_id, referral_date, referrer_name, referrer_role,"
        "  status_date, created_by) VALUES (1, 1, '2021-02-01', 'Mme LUCIE Brassard', 'teacher',"
        "  '2021-02-01', 'x'), (2, 1, '2021-02-01', 'M. Gagnon', 'teacher', '2021-02-01', 'x');"
        "INSERT INTO membership (group_id, student_id, joined_on, created_by)"
        "  VALUES (1, 1, '2021-02-22', 'x'), (1, 2, '2021-02-22', 'x');");
    struct tutor_file *f = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(tutor_file_load(db, settings, 7, day("2021-03-01"), &f, &err), TT_OK);
    assert_int_equal(f->n_own_students, 1);
    assert_string_equal(f->own_students[0], "Zoé Côté");
    assert_true(f->may_lead);
    assert_int_equal(f->n_groups, 1);
    free(f);
}

static void validation_names_fields(void **unused)
{
    struct tutor t;
    memset(&t, 0, sizeof t);
    tt_strlcpy(t.last_name, "Côté", sizeof t.last_name);
    tt_strlcpy(t.category, "college", sizeof t.category);
    tt_strlcpy(t.source, "platform", sizeof t.source);
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(tutor_validate(&t, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "first_name");
    tt_strlcpy(t.first_name, "Zoé", sizeof t.first_name);
    tt_strlcpy(t.email, "pas une adresse", sizeof t.email);
    assert_int_equal(tutor_validate(&t, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "email");
    tt_strlcpy(t.email, "Zoe@Example.ORG", sizeof t.email);
    tt_strlcpy(t.applied_on, "31/02/2021", sizeof t.applied_on);
    assert_int_equal(tutor_validate(&t, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "applied_on");
    tt_strlcpy(t.applied_on, "24/02/2021", sizeof t.applied_on);
    assert_int_equal(tutor_validate(&t, &err), TT_OK);
    assert_string_equal(t.email, "zoe@example.org");
    assert_string_equal(t.applied_on, "2021-02-24");
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
        cmocka_unit_test_setup_teardown(workflow_and_history, setup, teardown),
        cmocka_unit_test_setup_teardown(answering_several, setup, teardown),
        cmocka_unit_test_setup_teardown(hiring_gate, setup, teardown),
        cmocka_unit_test_setup_teardown(rates_keep_the_past, setup, teardown),
        cmocka_unit_test_setup_teardown(own_students_are_flagged, setup, teardown),
        cmocka_unit_test(validation_names_fields),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
