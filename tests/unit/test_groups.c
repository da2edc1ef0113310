/* Groups: the size limit, one active group per subject, the cleared-tutor
 * gate, dated memberships kept as history, tutor changes, and warnings. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "groups.h"
#include "i18n.h"
#include "settings.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static struct tt_db *db;
static struct settings *settings;

static tt_day day(const char *iso)
{
    tt_day d;
    assert_int_equal(date_parse(iso, &d), 0);
    return d;
}

/* Tutor 1 hired and cleared, tutor 2 hired without a check, tutor 3
 * cleared; seven P3/P4 students with consent; student 7 is in S2 and was
 * referred by "Mme Léa Gagné", tutor 1 herself, and is available only on
 * Mondays. */
static int setup(void **unused)
{
    db = test_db_new(dir,
        "INSERT INTO school (id, code, name) VALUES (1, 'S', 'École');"
        "INSERT INTO tutor (id, last_name, first_name, category, source, status, status_date,"
        "  hire_date, check_status, check_completed_on, check_result) VALUES"
        "  (1, 'Gagné', 'Léa', 'staff_regular', 'staff', 'hired', '2021-02-01', '2021-02-01',"
        "   'completed', '2021-02-02', 'clear'),"
        "  (2, 'Roy', 'Max', 'college', 'platform', 'hired', '2021-02-01', '2021-02-01',"
        "   'none', NULL, NULL),"
        "  (3, 'Lévesque', 'Ana', 'university', 'platform', 'hired', '2021-02-01', '2021-02-01',"
        "   'completed', '2021-02-02', 'clear');"
        "INSERT INTO student (id, school_id, local_number, last_name, first_name, level) VALUES"
        "  (1, 1, '1', 'Côté', 'Zoé', 'P3'), (2, 1, '2', 'Roy', 'Éli', 'P4'),"
        "  (3, 1, '3', 'Tremblay', 'Noé', 'P3'), (4, 1, '4', 'Gagnon', 'Léo', 'P4'),"
        "  (5, 1, '5', 'Bouchard', 'Mia', 'P3'), (6, 1, '6', 'Fortin', 'Ève', 'P4'),"
        "  (7, 1, '7', 'Pelletier', 'Jade', 'S2');"
        "INSERT INTO referral (id, student_id, school_id, referral_date, referrer_name,"
        "  referrer_role, status_date, created_by) VALUES"
        "  (7, 7, 1, '2021-02-01', 'Mme Léa Gagne', 'teacher', '2021-02-01', 'x');"
        "INSERT INTO referral_subject VALUES (7, 'fr_reading');"
        "INSERT INTO referral_availability VALUES (7, 1, 900, 1020);");
    return 0;
}

static int teardown(void **unused)
{
    db_close(db);
    db = NULL;
    return 0;
}

static struct group math_group(int64_t tutor)
{
    struct group g;
    memset(&g, 0, sizeof g);
    tt_strlcpy(g.name, "  Maths 3e-4e ", sizeof g.name);
    g.school_id = 1;
    g.tutor_id = tutor;
    tt_strlcpy(g.subject, "math", sizeof g.subject);
    tt_strlcpy(g.level_band, "P3-P4", sizeof g.level_band);
    tt_strlcpy(g.modality, "school", sizeof g.modality);
    tt_strlcpy(g.start_date, "01/03/2021", sizeof g.start_date);
    g.n_slots = 1;
    g.slots[0] = (struct group_slot){ 2, 15 * 60 + 30, 60 };
    return g;
}

static void create_checks_the_tutor_and_normalises(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    struct group g = math_group(2);
    assert_int_equal(group_create(db, settings, &g, &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "judicial-record check"));
    assert_int_equal(g.id, 0);
    g = math_group(1);
    assert_int_equal(group_create(db, settings, &g, &err), TT_OK);
    struct group back;
    assert_int_equal(group_get(db, g.id, &back, &err), TT_OK);
    assert_string_equal(back.name, "Maths 3e-4e");
    assert_string_equal(back.start_date, "2021-03-01");
    assert_int_equal(back.size_limit, 5);             /* the setting */
    assert_int_equal(back.n_slots, 1);
    assert_int_equal(back.slots[0].start_min, 930);
    int64_t n;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM group_tutor_history"
                                       " WHERE from_date = '2021-03-01' AND to_date IS NULL", &n,
                                   &err), TT_OK);
    assert_int_equal(n, 1);
    g = math_group(1);
    g.size_limit = 6;                                 /* above the setting */
    assert_int_equal(group_create(db, settings, &g, &err), TT_ERR_RULE);
    g = math_group(1);
    g.school_id = 0;                                  /* at school, but which? */
    assert_int_equal(group_create(db, settings, &g, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "school_id");
    g = math_group(1);
    tt_strlcpy(g.start_date, "31/02/2021", sizeof g.start_date);
    assert_int_equal(group_create(db, settings, &g, &err), TT_ERR_INVALID);
    assert_string_equal(err.field, "start_date");
}

static void sixth_student_refused_and_history_kept(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    struct group g = math_group(1);
    assert_int_equal(group_create(db, settings, &g, &err), TT_OK);
    int64_t first = 0;
    for (int s = 1; s <= 5; s++)
        assert_int_equal(group_add_member(db, g.id, s, day("2021-03-01"), "referral",
                                          s == 1 ? &first : NULL, &err), TT_OK);
    assert_int_equal(group_add_member(db, g.id, 6, day("2021-03-01"), NULL, NULL, &err),
                     TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "the group is full (5 of 5 places taken)"));
    assert_non_null(strstr(err.msg, "Fortin, Ève"));
    /* The trigger holds the rule even if this layer were skipped. */
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db_handle(db),
                                      "INSERT INTO membership (group_id, student_id, joined_on,"
                                      " created_by) VALUES (1, 6, '2021-03-01', 'x')",
                                      NULL, NULL, &msg), SQLITE_OK);
    sqlite3_free(msg);
    /* A student leaves; the sixth may then join; nothing is deleted. */
    assert_int_equal(group_end_member(db, first, day("2021-03-10"), "", &err), TT_ERR_INVALID);
    assert_int_equal(group_end_member(db, first, day("2021-02-10"), "moved", &err),
                     TT_ERR_INVALID);
    assert_int_equal(group_end_member(db, first, day("2021-03-10"), "moved away", &err), TT_OK);
    assert_int_equal(group_end_member(db, first, day("2021-03-12"), "again", &err), TT_ERR_RULE);
    assert_int_equal(group_add_member(db, g.id, 6, day("2021-03-11"), "waiting list", NULL, &err),
                     TT_OK);
    struct group_member *m;
    size_t n;
    assert_int_equal(group_members(db, g.id, day("2021-03-15"), 1, &m, &n, &err), TT_OK);
    assert_int_equal(n, 6);
    assert_string_equal(m[0].name, "Côté, Zoé");
    assert_string_equal(m[0].joined_on, "2021-03-01");
    assert_string_equal(m[0].left_on, "2021-03-10");
    assert_string_equal(m[0].leave_reason, "moved away");
    assert_string_equal(m[5].name, "Fortin, Ève");
    assert_string_equal(m[5].joined_on, "2021-03-11");
    assert_string_equal(m[5].left_on, "");
    free(m);
    assert_int_equal(group_members(db, g.id, day("2021-03-15"), 0, &m, &n, &err), TT_OK);
    assert_int_equal(n, 5);
    assert_int_equal(m[0].consent_ok, 0);             /* nobody has consent here */
    assert_non_null(strstr(m[0].consent_reason, "consent"));
    free(m);
    msg = NULL;
    assert_int_not_equal(sqlite3_exec(db_handle(db), "DELETE FROM membership", NULL, NULL, &msg),
                         SQLITE_OK);
    sqlite3_free(msg);
}

static void one_active_group_per_subject(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    struct group a = math_group(1), b = math_group(3);
    tt_strlcpy(b.name, "Maths B", sizeof b.name);
    assert_int_equal(group_create(db, settings, &a, &err), TT_OK);
    assert_int_equal(group_create(db, settings, &b, &err), TT_OK);
    assert_int_equal(group_add_member(db, a.id, 1, day("2021-03-01"), NULL, NULL, &err), TT_OK);
    assert_int_equal(group_add_member(db, b.id, 1, day("2021-03-01"), NULL, NULL, &err),
                     TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "already in the group \"Maths 3e-4e\""));
}

static void tutor_change_is_recorded_and_warnings(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    struct group g = math_group(1);
    assert_int_equal(group_create(db, settings, &g, &err), TT_OK);
    for (int s = 1; s <= 4; s++)
        assert_int_equal(group_add_member(db, g.id, s, day("2021-03-01"), NULL, NULL, &err), TT_OK);
    struct group_warning *w;
    size_t n;
    assert_int_equal(group_warnings(db, settings, g.id, day("2021-03-02"), &w, &n, &err), TT_OK);
    assert_int_equal(n, 0);
    free(w);
    assert_int_equal(group_add_member(db, g.id, 7, day("2021-03-01"), NULL, NULL, &err), TT_OK);
    assert_int_equal(group_change_tutor(db, g.id, 2, day("2021-03-15"), "leave", &err),
                     TT_ERR_RULE);
    assert_int_equal(group_change_tutor(db, g.id, 3, day("2021-03-15"), "", &err), TT_ERR_INVALID);
    assert_int_equal(group_change_tutor(db, g.id, 3, day("2021-03-15"), "maternity leave", &err),
                     TT_OK);
    int64_t v;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM group_tutor_history WHERE"
                                       " (tutor_id = 1 AND to_date = '2021-03-14') OR"
                                       " (tutor_id = 3 AND from_date = '2021-03-15'"
                                       "  AND reason = 'maternity leave')", &v, &err), TT_OK);
    assert_int_equal(v, 2);
    /* Tutor 1 back as a second tutor change brings the referrer warning. */
    assert_int_equal(group_change_tutor(db, g.id, 1, day("2021-03-20"), "back", &err), TT_OK);
    assert_int_equal(group_warnings(db, settings, g.id, day("2021-03-22"), &w, &n, &err), TT_OK);
    int size = 0, band = 0, subject = 0, own = 0, slot = 0, tutors = 0;
    for (size_t i = 0; i < n; i++) {
        size += strstr(w[i].text, "5 students") != NULL;
        band += strstr(w[i].text, "Pelletier, Jade is in Secondary II") != NULL;
        subject += strstr(w[i].text, "Pelletier, Jade was not referred for mathematics") != NULL;
        own += strstr(w[i].text, "own teacher") != NULL;
        slot += strstr(w[i].text, "not available on Tuesday at 15:30") != NULL;
        tutors += strstr(w[i].text, "has had 2 tutors") != NULL;
    }
    assert_int_equal(size, 1);
    assert_int_equal(band, 1);
    assert_int_equal(subject, 1);
    assert_int_equal(own, 1);
    assert_int_equal(slot, 1);
    assert_int_equal(tutors, 5);                      /* every member had tutors 1 and 3 */
    free(w);
}

/* Every change made through the data layer is in the audit log with who
 * made it, old and new values; a refused change leaves nothing there. */
static void changes_are_audited(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    db_set_login(db, "secretaire.a");
    struct group g = math_group(1);
    assert_int_equal(group_create(db, settings, &g, &err), TT_OK);
    assert_int_equal(group_change_tutor(db, g.id, 3, day("2021-03-15"), "leave", &err), TT_OK);
    int64_t n;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE table_name ="
                                       " 'tutoring_group' AND action = 'update' AND field ="
                                       " 'tutor_id' AND old_value = '1' AND new_value = '3' AND"
                                       " login = 'secretaire.a'", &n, &err), TT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE table_name ="
                                       " 'tutoring_group' AND action = 'insert' AND new_value"
                                       " LIKE '{\"id\":\"%\"name\":\"Maths 3e-4e\"%'", &n, &err),
                     TT_OK);
    assert_int_equal(n, 1);
    /* Bookkeeping columns are not changes anyone made. */
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE field IN"
                                       " ('row_version', 'updated_at')", &n, &err), TT_OK);
    assert_int_equal(n, 0);
    for (int s = 1; s <= 5; s++)
        assert_int_equal(group_add_member(db, g.id, s, day("2021-03-16"), NULL, NULL, &err), TT_OK);
    int64_t before;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log", &before, &err), TT_OK);
    assert_int_equal(group_add_member(db, g.id, 6, day("2021-03-16"), NULL, NULL, &err), TT_ERR_RULE);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log", &n, &err), TT_OK);
    assert_int_equal(n, before);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log WHERE table_name ="
                                       " 'membership' AND action = 'insert'", &n, &err), TT_OK);
    assert_int_equal(n, 5);
    /* And the log itself cannot be changed. */
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db_handle(db), "DELETE FROM audit_log", NULL, NULL, &msg),
                         SQLITE_OK);
    sqlite3_free(msg);
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
        cmocka_unit_test_setup_teardown(create_checks_the_tutor_and_normalises, setup, teardown),
        cmocka_unit_test_setup_teardown(sixth_student_refused_and_history_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(one_active_group_per_subject, setup, teardown),
        cmocka_unit_test_setup_teardown(tutor_change_is_recorded_and_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_are_audited, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
