/* A record's history: the audit log's rows about a student, a tutor or a
 * group, found through what hangs from them, newest first, and described
 * with field names and coded values as the screens show them. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "demo.h"
#include "history.h"
#include "i18n.h"
#include "referrals.h"
#include "settings.h"
#include "students.h"
#include "testutil.h"
#include "tutors.h"
#include "util.h"

static char dir[512];
static struct settings *settings;

static struct tt_db *demo_db(void)
{
    struct tt_db *db = test_db_new(dir, NULL);
    struct demo_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    tt_day today;
    assert_int_equal(date_parse("2021-04-19", &today), 0);
    assert_int_equal(demo_create(db, settings, today, &sum, &err), TT_OK);
    return db;
}

static int64_t one_id(struct tt_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

static void describe_first(struct tt_db *db, int scope, int64_t id, char *buf, size_t size)
{
    struct change_entry c[8];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(history_recent(db, scope, id, c, 8, &n, &err), TT_OK);
    assert_true(n > 0);
    history_describe(&c[0], buf, size);
}

static void a_students_history_names_fields_and_values(void **unused)
{
    (void)unused;
    struct tt_db *db = demo_db();
    int64_t s = one_id(db, "SELECT id FROM student WHERE local_number = '2100001'");
    struct change_entry c[64];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(history_recent(db, HISTORY_STUDENT, s, c, 64, &n, &err), TT_OK);
    /* The demo wrote the student, a guardian, a referral and its moves. */
    int student_created = 0, guardian_created = 0, status_moves = 0;
    for (int i = 0; i < n; i++) {
        student_created += !strcmp(c[i].table, "student") && !strcmp(c[i].action, "insert");
        guardian_created += !strcmp(c[i].table, "guardian") && !strcmp(c[i].action, "insert");
        status_moves += !strcmp(c[i].table, "referral") && !strcmp(c[i].field, "status");
    }
    assert_int_equal(student_created, 1);
    assert_true(guardian_created >= 1);
    assert_true(status_moves >= 2);

    test_exec(db, "UPDATE student SET last_name = 'Poirier-Côté' WHERE local_number = '2100001'");
    char line[512];
    describe_first(db, HISTORY_STUDENT, s, line, sizeof line);
    assert_non_null(strstr(line, "student, Last name: Poirier -> Poirier-Côté"));

    test_exec(db, "UPDATE student SET has_intervention_plan = 1 - has_intervention_plan"
                  " WHERE local_number = '2100001'");
    describe_first(db, HISTORY_STUDENT, s, line, sizeof line);
    assert_true(strstr(line, "Has an intervention plan: yes -> no") ||
                strstr(line, "Has an intervention plan: no -> yes"));

    /* A coded value reads as its label, not its code. */
    test_exec(db, "UPDATE referral SET priority = 1 WHERE student_id ="
                  " (SELECT id FROM student WHERE local_number = '2100001') AND priority <> 1");
    describe_first(db, HISTORY_STUDENT, s, line, sizeof line);
    assert_non_null(strstr(line, "referral, Priority: normal -> high"));

    /* Another student's change never shows here. */
    test_exec(db, "UPDATE student SET class_group = 'ZZZ' WHERE local_number = '2100002'");
    describe_first(db, HISTORY_STUDENT, s, line, sizeof line);
    assert_null(strstr(line, "ZZZ"));
    db_close(db);
}

static void a_tutors_history_is_the_tutors_own(void **unused)
{
    (void)unused;
    struct tt_db *db = demo_db();
    int64_t t = one_id(db, "SELECT id FROM tutor WHERE status = 'hired' ORDER BY id LIMIT 1");
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE tutor SET phone = '819-555-0000' WHERE id = %lld",
             (long long)t);
    test_exec(db, sql);
    char line[512];
    describe_first(db, HISTORY_TUTOR, t, line, sizeof line);
    assert_non_null(strstr(line, "tutor, Phone:"));
    assert_non_null(strstr(line, "-> 819-555-0000"));
    snprintf(sql, sizeof sql, "UPDATE tutor SET status_date = '2021-04-01' WHERE id <> %lld",
             (long long)t);
    test_exec(db, sql);
    describe_first(db, HISTORY_TUTOR, t, line, sizeof line);
    assert_non_null(strstr(line, "819-555-0000"));
    db_close(db);
}

static void a_groups_history_holds_members_and_sessions(void **unused)
{
    (void)unused;
    struct tt_db *db = demo_db();
    int64_t g = one_id(db, "SELECT id FROM tutoring_group ORDER BY id LIMIT 1");
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE tutoring_group SET place = 'Local 204' WHERE id = %lld",
             (long long)g);
    test_exec(db, sql);
    char line[512];
    describe_first(db, HISTORY_GROUP, g, line, sizeof line);
    assert_non_null(strstr(line, "group, Place:"));
    snprintf(sql, sizeof sql,
             "UPDATE session SET status = 'cancelled_tutor', cancel_reason = 'tempête'"
             " WHERE id = (SELECT id FROM session WHERE group_id = %lld AND status = 'planned'"
             " LIMIT 1)", (long long)g);
    test_exec(db, sql);
    struct change_entry c[4];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(history_recent(db, HISTORY_GROUP, g, c, 4, &n, &err), TT_OK);
    int cancelled = 0;
    for (int i = 0; i < n; i++) {
        history_describe(&c[i], line, sizeof line);
        cancelled += strstr(line, "session, Session status: planned -> ") != NULL;
    }
    assert_int_equal(cancelled, 1);
    db_close(db);
}

/* Rows without a rowid (rates, attendance, a referral's subjects) are
 * found under their owner's id and described field by field. */
static void rows_without_rowid_are_in_their_owners_history(void **unused)
{
    (void)unused;
    struct tt_db *db = demo_db();
    struct tt_error err;
    tt_error_clear(&err);
    char line[512];
    int64_t t = one_id(db, "SELECT id FROM tutor WHERE status = 'hired' ORDER BY id LIMIT 1");
    tt_day may;
    assert_int_equal(date_parse("2021-05-01", &may), 0);
    assert_int_equal(tutor_set_rate(db, t, may, 2500, NULL, &err), TT_OK);
    describe_first(db, HISTORY_TUTOR, t, line, sizeof line);
    assert_non_null(strstr(line, "hourly rate: added (From 2021-05-01, Hourly rate $25.00)"));
    assert_int_equal(tutor_set_rate(db, t, may, 2600, NULL, &err), TT_OK);
    describe_first(db, HISTORY_TUTOR, t, line, sizeof line);
    assert_non_null(strstr(line, "Hourly rate $25.00 -> From 2021-05-01, Hourly rate $26.00"));

    /* Attendance, in the group's history, naming the student. */
    int64_t g = one_id(db, "SELECT s.group_id FROM attendance a JOIN session s"
                           " ON s.id = a.session_id WHERE a.status = 'present' LIMIT 1");
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE attendance SET status = 'absent', minutes = 0 WHERE"
             " (session_id, student_id) = (SELECT a.session_id, a.student_id FROM attendance a"
             " JOIN session s ON s.id = a.session_id WHERE s.group_id = %lld"
             " AND a.status = 'present' ORDER BY a.session_id DESC LIMIT 1)", (long long)g);
    test_exec(db, sql);
    describe_first(db, HISTORY_GROUP, g, line, sizeof line);
    assert_non_null(strstr(line, "attendance: Student "));
    assert_non_null(strstr(line, "Attendance present"));
    assert_non_null(strstr(line, "-> Student "));
    assert_non_null(strstr(line, "Attendance absent, Minutes 0 min"));

    /* A referral saved unchanged writes no subject; a subject removed is
     * one entry. */
    int64_t r = one_id(db, "SELECT id FROM referral WHERE student_id ="
                           " (SELECT id FROM student WHERE local_number = '2100001')");
    struct referral *ref = referral_new();
    assert_int_equal(referral_get(db, r, ref, &err), TT_OK);
    struct student s;
    struct guardian gd[2];
    int ng = 0;
    memset(gd, 0, sizeof gd);
    assert_int_equal(student_get(db, ref->student_id, &s, &err), TT_OK);
    assert_int_equal(guardians_get(db, ref->student_id, gd, &ng, &err), TT_OK);
    int64_t before = one_id(db, "SELECT count(*) FROM audit_log WHERE table_name IN"
                                " ('referral_subject', 'referral_availability')");
    char count_slots[160];
    snprintf(count_slots, sizeof count_slots,
             "SELECT count(*) FROM referral_availability WHERE referral_id = %lld", (long long)r);
    int64_t slots = one_id(db, count_slots);
    assert_true(slots > 0);
    assert_int_equal(referral_save_form(db, &s, gd, ref, &err), TT_OK);
    /* The demo's 15:15-16:30 is no slot of the form's grid: kept anyway. */
    assert_int_equal(one_id(db, count_slots), slots);
    assert_int_equal(one_id(db, "SELECT count(*) FROM audit_log WHERE table_name IN"
                                " ('referral_subject', 'referral_availability')"), before);
    assert_true(ref->subjects != 0);
    unsigned first = ref->subjects & -ref->subjects;
    ref->subjects &= ~first;
    assert_int_equal(referral_save_form(db, &s, gd, ref, &err), TT_OK);
    assert_int_equal(one_id(db, "SELECT count(*) FROM audit_log WHERE table_name IN"
                                " ('referral_subject', 'referral_availability')"), before + 1);
    describe_first(db, HISTORY_STUDENT, s.id, line, sizeof line);
    assert_non_null(strstr(line, "referral's subject: removed (Subject "));
    referral_free(ref);
    db_close(db);
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
        cmocka_unit_test(a_students_history_names_fields_and_values),
        cmocka_unit_test(a_tutors_history_is_the_tutors_own),
        cmocka_unit_test(a_groups_history_holds_members_and_sessions),
        cmocka_unit_test(rows_without_rowid_are_in_their_owners_history),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
