/* Sessions: planning over the school calendar, the consent rule on
 * attendance, the attendance sheet, conflicts, and hours that match a
 * fixture computed by hand. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "calendar.h"
#include "consent.h"
#include "db.h"
#include "dosage.h"
#include "i18n.h"
#include "settings.h"
#include "sessions.h"
#include "student_file.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static struct tt_db *db;

static tt_day day(const char *iso)
{
    tt_day d;
    assert_int_equal(date_parse(iso, &d), 0);
    return d;
}

/* Group 1 meets on Tuesdays and Fridays at 15:30 from March 1 to April 2,
 * 2021.  Spring break (March 1-5) is off everywhere, March 19 is a
 * pedagogical day at this school, March 26 at another school only.
 * Student 1 has consent; student 2's was withdrawn on March 10; student 1's
 * referral awaits pairing. */
static int setup(void **unused)
{
    db = test_db_new(dir,
        "INSERT INTO school (id, code, name) VALUES (1, 'S', 'École'), (2, 'T', 'Autre');"
        "INSERT INTO school_year (id, label, start_date, end_date)"
        "  VALUES (1, '2020-2021', '2020-08-25', '2021-06-23');"
        "INSERT INTO non_school_day (school_year_id, school_id, day, kind) VALUES"
        "  (1, NULL, '2021-03-01', 'holiday'), (1, NULL, '2021-03-02', 'holiday'),"
        "  (1, NULL, '2021-03-03', 'holiday'), (1, NULL, '2021-03-04', 'holiday'),"
        "  (1, NULL, '2021-03-05', 'holiday'), (1, 1, '2021-03-19', 'pedagogical'),"
        "  (1, 2, '2021-03-26', 'pedagogical');"
        "INSERT INTO tutor (id, last_name, first_name, category, source, status, status_date,"
        "  hire_date, check_status, check_completed_on, check_result) VALUES"
        "  (1, 'Gagné', 'Léa', 'university', 'platform', 'hired', '2021-02-01', '2021-02-01',"
        "   'completed', '2021-02-02', 'clear'),"
        "  (2, 'Lévesque', 'Ana', 'college', 'platform', 'hired', '2021-02-01', '2021-02-01',"
        "   'completed', '2021-02-02', 'clear');"
        "INSERT INTO tutoring_group (id, name, school_id, tutor_id, subject, level_band, modality,"
        "  start_date, end_date) VALUES (1, 'Maths', 1, 1, 'math', 'P3-P4', 'school',"
        "  '2021-03-01', '2021-04-02');"
        "INSERT INTO group_slot VALUES (1, 2, 930, 60), (1, 5, 930, 60);"
        "INSERT INTO student (id, school_id, local_number, last_name, first_name, level) VALUES"
        "  (1, 1, '1', 'Côté', 'Zoé', 'P3'), (2, 1, '2', 'Roy', 'Éli', 'P4');"
        "INSERT INTO membership (group_id, student_id, joined_on, created_by) VALUES"
        "  (1, 1, '2021-03-01', 'x'), (1, 2, '2021-03-01', 'x');"
        "INSERT INTO consent (student_id, purpose, status, decided_on, method, withdrawn_on,"
        "  created_by) VALUES (1, 'tutoring', 'given', '2021-02-20', 'signed_form', NULL, 'x'),"
        "  (2, 'tutoring', 'withdrawn', '2021-02-20', 'signed_form', '2021-03-10', 'x');"
        "INSERT INTO referral (id, student_id, school_id, referral_date, referrer_name,"
        "  referrer_role, status_date, created_by)"
        "  VALUES (1, 1, 1, '2021-02-01', 'M. Roy', 'teacher', '2021-02-01', 'x');"
        "UPDATE referral SET status = 'awaiting_consent' WHERE id = 1;"
        "UPDATE referral SET status = 'awaiting_pairing' WHERE id = 1;");
    return 0;
}

static int teardown(void **unused)
{
    db_close(db);
    db = NULL;
    return 0;
}

static int64_t session_on(const char *date)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT id FROM session WHERE"
                                        " session_date = ?1", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (id == 0)
        fail_msg("no session on %s", date);
    return id;
}

static void generation_skips_non_school_days(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    int created;
    /* Asked for more than the group's dates: clipped to March 1 - April 2. */
    assert_int_equal(sessions_generate(db, 1, day("2021-02-01"), day("2021-04-30"), &created, &err),
                     TT_OK);
    assert_int_equal(created, 7);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT group_concat(session_date, ' ')"
                                        " FROM (SELECT session_date FROM session ORDER BY 1)",
                                        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0),
                        "2021-03-09 2021-03-12 2021-03-16 2021-03-23 2021-03-26 2021-03-30"
                        " 2021-04-02");
    sqlite3_finalize(st);
    int64_t n;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM session WHERE session_date IN"
                                       " ('2021-03-02', '2021-03-05', '2021-03-19')", &n, &err),
                     TT_OK);
    assert_int_equal(n, 0);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM session WHERE tutor_id = 1 AND"
                                       " status = 'planned' AND planned_minutes = 60 AND"
                                       " modality = 'school' AND start_min = 930", &n, &err),
                     TT_OK);
    assert_int_equal(n, 7);
    /* Running it again adds nothing. */
    assert_int_equal(sessions_generate(db, 1, day("2021-03-01"), day("2021-04-02"), &created, &err),
                     TT_OK);
    assert_int_equal(created, 0);
}

static void consent_withdrawn_the_day_before_is_refused(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    int64_t id;
    assert_int_equal(session_add(db, 1, day("2021-03-11"), 930, 60, 0, &id, &err), TT_OK);
    assert_int_equal(session_set_attendance(db, id, 2, "present", 60, &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "Roy, Éli cannot be marked present"));
    assert_non_null(strstr(err.msg, "withdrawn"));
    int64_t n;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM attendance", &n, &err), TT_OK);
    assert_int_equal(n, 0);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM session WHERE status = 'held'", &n,
                                   &err), TT_OK);
    assert_int_equal(n, 0);
    /* Absent is fine; the day before the withdrawal, present is fine. */
    assert_int_equal(session_set_attendance(db, id, 2, "absent", 0, &err), TT_OK);
    int64_t before;
    assert_int_equal(session_add(db, 1, day("2021-03-09"), 900, 60, 0, &before, &err), TT_OK);
    assert_int_equal(session_set_attendance(db, before, 2, "present", 60, &err), TT_OK);
    /* The sheet shows the member greyed, and refuses a save marking her present. */
    struct session_sheet *sh;
    assert_int_equal(session_sheet_load(db, id, &sh, &err), TT_OK);
    assert_int_equal(sh->n, 2);
    assert_string_equal(sh->lines[1].name, "Roy, Éli");
    assert_int_equal(sh->lines[1].allowed, 0);
    assert_non_null(strstr(sh->lines[1].reason, "withdrawn"));
    tt_strlcpy(sh->lines[1].status, "present", sizeof sh->lines[1].status);
    sh->lines[1].minutes = 60;
    assert_int_equal(session_sheet_save(db, sh, &err), TT_ERR_RULE);
    session_sheet_free(sh);
    /* And SQLite itself refuses it. */
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db_handle(db),
                                      "UPDATE attendance SET status = 'present', minutes = 60"
                                      " WHERE student_id = 2 AND session_id = (SELECT id FROM"
                                      " session WHERE session_date = '2021-03-11')",
                                      NULL, NULL, &msg), SQLITE_OK);
    assert_non_null(strstr(msg, "no_consent"));
    sqlite3_free(msg);
}

static void sheet_defaults_conflicts_and_referral(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    int created;
    assert_int_equal(sessions_generate(db, 1, day("2021-03-01"), day("2021-04-02"), &created, &err),
                     TT_OK);
    struct session_sheet *a, *b;
    assert_int_equal(session_sheet_load(db, session_on("2021-03-12"), &a, &err), TT_OK);
    assert_int_equal(a->n, 2);
    assert_string_equal(a->lines[0].status, "present");   /* consent: present by default */
    assert_int_equal(a->lines[0].minutes, 60);
    assert_string_equal(a->lines[1].status, "absent");    /* withdrawn: absent */
    assert_int_equal(session_sheet_load(db, a->id, &b, &err), TT_OK);
    assert_int_equal(session_sheet_save(db, a, &err), TT_OK);
    assert_int_equal(session_sheet_save(db, b, &err), TT_ERR_CONFLICT);
    session_sheet_free(a);
    session_sheet_free(b);
    int64_t n;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM referral WHERE id = 1 AND"
                                       " status = 'active' AND status_date = '2021-03-12'", &n,
                                   &err), TT_OK);
    assert_int_equal(n, 1);
    /* Attendance waits for the session to be held. */
    assert_int_equal(session_sheet_load(db, session_on("2021-04-02"), &a, &err), TT_OK);
    assert_int_equal(session_sheet_save(db, a, &err), TT_OK);   /* April 2 < today (April 19) */
    session_sheet_free(a);
    int64_t future;
    assert_int_equal(session_add(db, 1, day("2021-04-20"), 930, 60, 0, &future, &err), TT_OK);
    assert_int_equal(session_sheet_load(db, future, &a, &err), TT_OK);
    assert_int_equal(session_sheet_save(db, a, &err), TT_ERR_RULE);
    session_sheet_free(a);
    /* Cancelling needs a side and a reason; a held session cannot be cancelled. */
    assert_int_equal(session_cancel(db, future, "tutor", "", &err), TT_ERR_INVALID);
    assert_int_equal(session_cancel(db, future, "tutor", "sick", &err), TT_OK);
    assert_int_equal(session_cancel(db, session_on("2021-03-12"), "student", "x", &err),
                     TT_ERR_RULE);
    assert_int_equal(session_add(db, 1, day("2021-03-12"), 930, 60, 0, NULL, &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "already has a session on 2021-03-12"));
}

/* Held: March 9 (60 min, tutor 1): Zoé 60, Éli 45.  March 12 (50 min of 60,
 * tutor 1): Zoé 50, Éli absent.  March 16 (60 min, replacement tutor 2):
 * Zoé 60.  By hand: Zoé 3 sessions, 170 tutor minutes, 170 present; Éli 1
 * session, 60 and 45; tutor 1: 2 sessions, 110 minutes, 155 student
 * minutes, 2 students; tutor 2: 1, 60, 60, 1; the group 3, 170, 215, 2. */
static void hours_match_the_fixture(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    int created;
    assert_int_equal(sessions_generate(db, 1, day("2021-03-01"), day("2021-04-02"), &created, &err),
                     TT_OK);
    assert_int_equal(session_set_attendance(db, session_on("2021-03-09"), 1, "present", 60, &err),
                     TT_OK);
    assert_int_equal(session_set_attendance(db, session_on("2021-03-09"), 2, "present", 45, &err),
                     TT_OK);
    struct session_sheet *sh;
    assert_int_equal(session_sheet_load(db, session_on("2021-03-12"), &sh, &err), TT_OK);
    sh->actual_minutes = 50;
    sh->lines[0].minutes = 50;
    assert_int_equal(session_sheet_save(db, sh, &err), TT_OK);
    session_sheet_free(sh);
    assert_int_equal(session_set_tutor(db, session_on("2021-03-16"), 2, &err), TT_OK);
    assert_int_equal(session_set_attendance(db, session_on("2021-03-16"), 1, "present", 60, &err),
                     TT_OK);
    /* A minute count longer than the session is refused. */
    assert_int_equal(session_set_attendance(db, session_on("2021-03-16"), 1, "present", 61, &err),
                     TT_ERR_INVALID);
    struct { enum hours_scope scope; int64_t id; long sessions, tutor, present, students; } want[] = {
        { HOURS_STUDENT, 1, 3, 170, 170, 1 }, { HOURS_STUDENT, 2, 1, 60, 45, 1 },
        { HOURS_TUTOR, 1, 2, 110, 155, 2 },   { HOURS_TUTOR, 2, 1, 60, 60, 1 },
        { HOURS_GROUP, 1, 3, 170, 215, 2 },   { HOURS_SCHOOL, 1, 3, 170, 215, 2 },
        { HOURS_SCHOOL, 2, 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(want); i++) {
        struct hours h;
        assert_int_equal(hours_for(db, want[i].scope, want[i].id, day("2021-03-01"),
                                   day("2021-03-31"), &h, &err), TT_OK);
        assert_int_equal(h.sessions, want[i].sessions);
        assert_int_equal(h.session_minutes, want[i].tutor);
        assert_int_equal(h.student_minutes, want[i].present);
        assert_int_equal(h.students, want[i].students);
    }
    struct hours h;
    assert_int_equal(hours_for(db, HOURS_TUTOR, 1, day("2021-03-10"), day("2021-03-31"), &h, &err),
                     TT_OK);
    assert_int_equal(h.session_minutes, 50);
}

/* Window: the four weeks of March 22 - April 18.  Zoé attends the four
 * sessions held (60 min each), Éli is absent from two. */
static void dosage_flags_follow_the_settings(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    int created;
    assert_int_equal(sessions_generate(db, 1, day("2021-03-01"), day("2021-04-02"), &created, &err),
                     TT_OK);
    const char *held[] = { "2021-03-23", "2021-03-26", "2021-03-30", "2021-04-02" };
    for (int i = 0; i < 4; i++)
        assert_int_equal(session_set_attendance(db, session_on(held[i]), 1, "present", 60, &err),
                         TT_OK);
    assert_int_equal(session_set_attendance(db, session_on(held[0]), 2, "absent", 0, &err), TT_OK);
    assert_int_equal(session_set_attendance(db, session_on(held[1]), 2, "absent", 0, &err), TT_OK);
    struct settings *s = settings_new();
    struct dosage_row *r;
    size_t n;
    assert_int_equal(dosage_warnings(db, s, day("2021-04-19"), &r, &n, &err), TT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].name, "Côté, Zoé");
    assert_int_equal(r[0].weeks, 4);
    assert_int_equal(r[0].flags, DOSE_FEW_SESSIONS | DOSE_FEW_MINUTES | DOSE_SHORT_PROGRAM);
    assert_int_equal(r[0].attendance, 100);
    assert_int_equal(r[0].program_weeks, 4);
    char text[512];
    dosage_describe(s, &r[0], text, sizeof text);
    assert_string_equal(text, "1.0 sessions a week (at least 3); 60 minutes a week (at least 75);"
                              " program of 4 weeks (at least 10)");
    assert_string_equal(r[1].name, "Roy, Éli");
    assert_int_equal(r[1].attendance, 0);
    assert_true(r[1].flags & DOSE_LOW_ATTENDANCE);
    free(r);
    /* With lower thresholds Zoé is fine and leaves the list. */
    char path[700];
    snprintf(path, sizeof path, "%s/dosage.ini", dir);
    test_write_file(path, "[dosage]\nmin_sessions = 1\nmin_minutes = 60\nmin_program_weeks = 4\n");
    assert_int_equal(settings_load_file(s, path, 1, &err), TT_OK);
    assert_int_equal(dosage_warnings(db, s, day("2021-04-19"), &r, &n, &err), TT_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].name, "Roy, Éli");
    free(r);
    settings_free(s);
}

static void progress_notes(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(progress_note_add(db, 1, "math", "start", day("2021-03-01"), 2,
                                       "Compte sur ses doigts.", &err), TT_OK);
    assert_int_equal(progress_note_add(db, 1, "math", "middle", day("2021-04-01"), 0, "", &err),
                     TT_ERR_INVALID);
    assert_int_equal(progress_note_add(db, 1, "math", "middle", day("2021-04-01"), 6, "x", &err),
                     TT_ERR_INVALID);
    assert_int_equal(progress_note_add(db, 1, "math", "note", day("2021-04-02"), 0, "  ", &err),
                     TT_ERR_INVALID);
    assert_string_equal(err.field, "body");
    assert_int_equal(progress_note_add(db, 1, "poetry", "note", day("2021-04-02"), 0, "x", &err),
                     TT_ERR_INVALID);
    assert_int_equal(progress_note_add(db, 1, "math", "end", day("2021-04-16"), 4, NULL, &err),
                     TT_OK);
    struct student_file *f;
    assert_int_equal(student_file_load(db, 1, &f, &err), TT_OK);
    assert_int_equal(f->n_notes, 2);
    assert_string_equal(f->notes[0].kind, "end");
    assert_int_equal(f->notes[0].score, 4);
    assert_string_equal(f->notes[1].body, "Compte sur ses doigts.");
    free(f);
}

static void calendar_days_off_are_skipped(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    struct settings *s = settings_new();
    assert_int_equal(calendar_add(db, s, day("2021-03-20"), "holiday", "", 0, &err), TT_ERR_INVALID);
    assert_int_equal(calendar_add(db, s, day("2021-03-19"), "holiday", "", 0, &err), TT_OK);
    assert_int_equal(calendar_add(db, s, day("2021-03-19"), "holiday", "", 0, &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "already"));
    assert_int_equal(calendar_add(db, s, day("2021-03-23"), "pedagogical", "Journée pédagogique",
                                  1, &err), TT_OK);
    assert_int_equal(calendar_add(db, s, day("2021-03-24"), "vacation", "", 0, &err),
                     TT_ERR_INVALID);
    /* A day of a year the database does not hold yet creates that year. */
    assert_int_equal(calendar_add(db, s, day("2021-10-11"), "holiday", "Action de grâce", 0, &err),
                     TT_OK);
    int64_t n;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM school_year", &n, &err), TT_OK);
    assert_int_equal(n, 2);
    struct calendar_day *d;
    size_t nd;
    assert_int_equal(calendar_list(db, day("2021-03-01"), day("2021-03-31"), &d, &nd, &err), TT_OK);
    assert_int_equal(nd, 9);             /* March 1-5, 19 (twice), 23, 26 */
    int64_t tuesday = 0;
    for (size_t i = 0; i < nd; i++)
        if (strcmp(d[i].day, "2021-03-23") == 0)
            tuesday = d[i].id;
    free(d);
    int created;
    assert_int_equal(sessions_generate(db, 1, day("2021-03-01"), day("2021-04-02"), &created, &err),
                     TT_OK);
    assert_int_equal(created, 6);        /* March 23 is off now */
    assert_int_equal(calendar_remove(db, tuesday, &err), TT_OK);
    assert_int_equal(calendar_remove(db, tuesday, &err), TT_ERR_NOTFOUND);
    assert_int_equal(sessions_generate(db, 1, day("2021-03-01"), day("2021-04-02"), &created, &err),
                     TT_OK);
    assert_int_equal(created, 1);
    settings_free(s);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    i18n_init();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(generation_skips_non_school_days, setup, teardown),
        cmocka_unit_test_setup_teardown(consent_withdrawn_the_day_before_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sheet_defaults_conflicts_and_referral, setup, teardown),
        cmocka_unit_test_setup_teardown(hours_match_the_fixture, setup, teardown),
        cmocka_unit_test_setup_teardown(dosage_flags_follow_the_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(progress_notes, setup, teardown),
        cmocka_unit_test_setup_teardown(calendar_days_off_are_skipped, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
