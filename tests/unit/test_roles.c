/* Roles: an unknown login is refused; a read-only user's every write is
 * refused and changes nothing (only the viewing of a file is logged); a
 * secretary enters data but not users, the calendar or pay periods; the
 * last administrator stays. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "access_log.h"
#include "calendar.h"
#include "consent.h"
#include "db.h"
#include "demo.h"
#include "groups.h"
#include "i18n.h"
#include "import_candidates.h"
#include "import_students.h"
#include "payroll.h"
#include "referral_status.h"
#include "referrals.h"
#include "sessions.h"
#include "settings.h"
#include "student_export.h"
#include "student_file.h"
#include "students.h"
#include "testutil.h"
#include "tutors.h"
#include "users.h"
#include "util.h"

static char dir[512];
static struct settings *settings;

static tt_day day(const char *iso)
{
    tt_day d;
    assert_int_equal(date_parse(iso, &d), 0);
    return d;
}

/* What the attempts below could change, as one text. */
static char *fingerprint(struct tt_db *db)
{
    static const char sql[] =
        "SELECT (SELECT count(*) || ':' || total(length(first_name)) FROM student) || ','"
        " || (SELECT count(*) || ':' || group_concat(status) FROM referral) || ','"
        " || (SELECT count(*) FROM referral_status_history) || ','"
        " || (SELECT count(*) FROM partner_referral) || ','"
        " || (SELECT count(*) || ':' || group_concat(status || ifnull(withdrawn_on, ''))"
        "     FROM consent) || ','"
        " || (SELECT count(*) || ':' || group_concat(status || ifnull(answered_on, '')"
        "     || check_status) FROM tutor) || ','"
        " || (SELECT count(*) FROM tutor_rate) || ','"
        " || (SELECT count(*) || ':' || group_concat(tutor_id) FROM tutoring_group) || ','"
        " || (SELECT count(*) FROM group_tutor_history) || ','"
        " || (SELECT count(*) || ':' || count(left_on) FROM membership) || ','"
        " || (SELECT count(*) || ':' || group_concat(status || tutor_id) FROM session) || ','"
        " || (SELECT count(*) FROM attendance) || ','"
        " || (SELECT count(*) FROM progress_note) || ','"
        " || (SELECT count(*) FROM app_user) || ','"
        " || (SELECT count(*) FROM non_school_day) || ','"
        " || (SELECT count(*) FROM pay_period)";
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *text = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return text;
}

static struct tt_db *demo_db(void)
{
    struct tt_db *db = test_db_new(dir, NULL);
    struct demo_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(demo_create(db, settings, day("2021-04-19"), &sum, &err), TT_OK);
    assert_int_equal(user_add(db, "lecteur", "readonly", "Lecteur", &err), TT_OK);
    assert_int_equal(user_add(db, "secretaire", "secretary", "Secrétaire", &err), TT_OK);
    assert_int_equal(user_add(db, "parti", "secretary", NULL, &err), TT_OK);
    assert_int_equal(user_set_active(db, "parti", 0, &err), TT_OK);
    return db;
}

static void unknown_and_disabled_logins_are_refused(void **unused)
{
    struct tt_db *db = demo_db();
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_use_login(db, "inconnu", &err), TT_ERR_PERM);
    assert_non_null(strstr(err.msg, "\"inconnu\" is not a user"));
    assert_int_equal(db_use_login(db, "parti", &err), TT_ERR_PERM);
    assert_non_null(strstr(err.msg, "disabled"));
    /* Refused logins may not write either. */
    assert_int_equal(progress_note_add(db, 1, "math", "note", day("2021-04-19"), 0, "x", &err),
                     TT_ERR_PERM);
    db_close(db);
}

static void csv(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    test_write_file(path, text);
}

/* One attempt per write the data layer offers; each must be refused by
 * the role, not by some other rule. */
static int attempts(struct tt_db *db, int expect)
{
    struct tt_error err;
    int n = 0;
#define TRY(call)                                                                          \
    do {                                                                                   \
        tt_error_clear(&err);                                                              \
        int rc_ = (call);                                                                  \
        if (rc_ != expect)                                                                 \
            fail_msg("%s: %d (%s), wanted %d", #call, rc_, err.msg, expect);               \
        n++;                                                                               \
    } while (0)
    struct student s;
    assert_int_equal(student_get(db, 1, &s, &err), TT_OK);
    tt_strlcpy(s.first_name, "Autre", sizeof s.first_name);
    TRY(student_save(db, &s, &err));
    struct student ns;
    memset(&ns, 0, sizeof ns);
    ns.school_id = 1;
    tt_strlcpy(ns.local_number, "9999999", sizeof ns.local_number);
    tt_strlcpy(ns.last_name, "Nouveau", sizeof ns.last_name);
    tt_strlcpy(ns.first_name, "Élève", sizeof ns.first_name);
    tt_strlcpy(ns.level, "P3", sizeof ns.level);
    TRY(student_save(db, &ns, &err));
    struct consent c;
    memset(&c, 0, sizeof c);
    c.student_id = 1;
    tt_strlcpy(c.purpose, "remote", sizeof c.purpose);
    tt_strlcpy(c.status, "given", sizeof c.status);
    tt_strlcpy(c.decided_on, "2021-04-19", sizeof c.decided_on);
    tt_strlcpy(c.method, "email", sizeof c.method);
    c.student_agreement = -1;
    TRY(consent_record(db, &c, day("2021-06-23"), &err));
    int64_t consent_id;
    assert_int_equal(db_scalar_int(db, "SELECT min(id) FROM consent WHERE status = 'given'",
                                   &consent_id, &err), TT_OK);
    TRY(consent_withdraw(db, consent_id, day("2021-04-19"), "test", &err));
    int64_t referral_id;
    assert_int_equal(db_scalar_int(db, "SELECT min(id) FROM referral WHERE status = 'received'",
                                   &referral_id, &err), TT_OK);
    TRY(referral_set_status(db, referral_id, "awaiting_consent", day("2021-04-19"), NULL, NULL,
                            &err));
    TRY(partner_referral_add(db, 1, 0, "alloprof", "2021-04-19", "", &err));
    int64_t tutor_id;
    assert_int_equal(db_scalar_int(db, "SELECT min(id) FROM tutor WHERE status = 'processing'",
                                   &tutor_id, &err), TT_OK);
    TRY(tutor_set_status(db, tutor_id, "declined", day("2021-04-19"), NULL, &err));
    TRY(tutor_answer(db, &tutor_id, 1, day("2021-04-19"), "email", &err));
    TRY(tutor_record_check(db, tutor_id, "requested", day("2021-04-19"), NULL, &err));
    TRY(tutor_set_rate(db, tutor_id, day("2021-04-19"), 2500, NULL, &err));
    int64_t leader;
    assert_int_equal(db_scalar_int(db, "SELECT tutor_id FROM tutoring_group LIMIT 1", &leader,
                                   &err), TT_OK);
    struct group g;
    memset(&g, 0, sizeof g);
    tt_strlcpy(g.name, "Rôles", sizeof g.name);
    g.tutor_id = leader;
    tt_strlcpy(g.subject, "other", sizeof g.subject);
    tt_strlcpy(g.level_band, "P3-P4", sizeof g.level_band);
    tt_strlcpy(g.modality, "remote", sizeof g.modality);
    tt_strlcpy(g.start_date, "2021-04-19", sizeof g.start_date);
    g.n_slots = 1;
    g.slots[0] = (struct group_slot){ 3, 900, 60 };
    TRY(group_create(db, settings, &g, &err));
    int64_t group_id, membership_id, session_id, student_id;
    assert_int_equal(db_scalar_int(db, "SELECT min(id) FROM tutoring_group", &group_id, &err), TT_OK);
    assert_int_equal(db_scalar_int(db, "SELECT min(id) FROM membership WHERE left_on IS NULL",
                                   &membership_id, &err), TT_OK);
    assert_int_equal(db_scalar_int(db, "SELECT max(id) FROM student WHERE id NOT IN"
                                       " (SELECT student_id FROM membership)", &student_id, &err),
                     TT_OK);
    TRY(group_add_member(db, group_id, student_id, day("2021-04-19"), NULL, NULL, &err));
    TRY(group_end_member(db, membership_id, day("2021-04-19"), "moved", &err));
    TRY(group_change_tutor(db, group_id, leader, day("2021-04-19"), "test", &err));
    int created;
    TRY(sessions_generate(db, group_id, day("2021-04-19"), day("2021-05-31"), &created, &err));
    TRY(session_add(db, group_id, day("2021-04-17"), 600, 60, 0, NULL, &err));
    assert_int_equal(db_scalar_int(db, "SELECT min(id) FROM session WHERE status = 'planned'"
                                       " AND session_date < '2021-04-19' AND id NOT IN"
                                       " (SELECT session_id FROM attendance)", &session_id, &err),
                     TT_OK);
    TRY(session_cancel(db, session_id, "tutor", "sick", &err));
    TRY(session_set_tutor(db, session_id, leader, &err));
    struct session_sheet *sh;
    assert_int_equal(session_sheet_load(db, session_id, &sh, &err), TT_OK);
    TRY(session_sheet_save(db, sh, &err));
    session_sheet_free(sh);
    TRY(progress_note_add(db, 1, "math", "note", day("2021-04-19"), 0, "x", &err));
    char path[700];
    struct import_summary sum;
    csv("e.csv", "Numéro de fiche;Nom;Prénom;Niveau;École\n2109999;Test;Élève;P3;SEDO\n", path,
        sizeof path);
    memset(&sum, 0, sizeof sum);
    TRY(import_students(db, settings, path, 0, NULL, &sum, &err));
    import_summary_free(&sum);
    csv("c.csv", "Nom,Prénom,Courriel,Catégorie\nTest,Candidat,candidat@example.org,college\n", path,
        sizeof path);
    memset(&sum, 0, sizeof sum);
    TRY(import_candidates(db, settings, path, 0, NULL, &sum, &err));
    import_summary_free(&sum);
#undef TRY
    return n;
}

static void readonly_writes_nothing(void **unused)
{
    struct tt_db *db = demo_db();
    struct tt_error err;
    tt_error_clear(&err);
    char *before = fingerprint(db);
    assert_int_equal(db_use_login(db, "lecteur", &err), TT_OK);
    assert_string_equal(db_role(db), "readonly");
    int n = attempts(db, TT_ERR_PERM);
    assert_int_equal(n, 22);
    char *after_all = fingerprint(db);
    assert_string_equal(after_all, before);
    free(after_all);
    free(before);
    /* The refusals say why. */
    assert_int_equal(progress_note_add(db, 1, "math", "note", day("2021-04-19"), 0, "x", &err),
                     TT_ERR_PERM);
    assert_non_null(strstr(err.msg, "your role (readonly) does not allow this"));
    /* Administrators' work is refused too; reading and its logging are not. */
    assert_int_equal(user_add(db, "moi", "admin", NULL, &err), TT_ERR_PERM);
    assert_int_equal(calendar_add(db, settings, day("2021-04-20"), "other", "", 0, &err),
                     TT_ERR_PERM);
    assert_int_equal(payroll_close(db, settings, day("2021-03-01"), day("2021-03-14"), &err),
                     TT_ERR_PERM);
    /* The payroll names tutors and their pay: not exported either. */
    struct payroll p;
    assert_int_equal(payroll_compute(db, settings, day("2021-03-01"), day("2021-03-14"), &p, &err),
                     TT_ERR_PERM);
    /* Nor may raw SQL touch the incident register. */
    assert_int_not_equal(sqlite3_exec(db_handle(db), "INSERT INTO privacy_incident (information,"
                                      " circumstances, discovered_on, recorded_by) VALUES"
                                      " ('x', 'y', '2021-04-19', 'lecteur')", NULL, NULL, NULL),
                         SQLITE_OK);
    int64_t logged;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM access_log", &logged, &err), TT_OK);
    struct student_file *f;
    assert_int_equal(student_file_load(db, 1, &f, &err), TT_OK);
    free(f);
    int64_t after;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM access_log", &after, &err), TT_OK);
    assert_int_equal(after, logged + 1);
    /* And the raw SQL the screens never build is refused as well. */
    char *msg = NULL;
    assert_int_equal(sqlite3_exec(db_handle(db), "DELETE FROM progress_note", NULL, NULL, &msg),
                     SQLITE_AUTH);
    sqlite3_free(msg);
    db_close(db);
}

static void secretary_enters_data_but_not_administration(void **unused)
{
    struct tt_db *db = demo_db();
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_use_login(db, "secretaire", &err), TT_OK);
    assert_int_equal(progress_note_add(db, 1, "math", "note", day("2021-04-19"), 0, "x", &err),
                     TT_OK);
    assert_int_equal(user_add(db, "moi", "admin", NULL, &err), TT_ERR_PERM);
    assert_int_equal(user_set_role(db, "secretaire", "admin", &err), TT_ERR_PERM);
    /* The privacy incident register is the administrators', below the
     * screens too. */
    assert_int_not_equal(sqlite3_exec(db_handle(db), "INSERT INTO privacy_incident (information,"
                                      " circumstances, discovered_on, recorded_by) VALUES"
                                      " ('x', 'y', '2021-04-19', 'secretaire')", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(calendar_add(db, settings, day("2021-04-20"), "other", "", 0, &err),
                     TT_ERR_PERM);
    assert_int_equal(payroll_close(db, settings, day("2021-03-01"), day("2021-03-14"), &err),
                     TT_ERR_PERM);
    db_close(db);
}

static void the_last_administrator_stays(void **unused)
{
    struct tt_db *db = demo_db();
    struct tt_error err;
    tt_error_clear(&err);
    const char *me = db_login(db);
    char admin[65];
    tt_strlcpy(admin, me, sizeof admin);
    assert_int_equal(user_set_role(db, admin, "secretary", &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "last active administrator"));
    assert_int_equal(user_set_active(db, admin, 0, &err), TT_ERR_RULE);
    assert_int_equal(user_add(db, "lecteur", "admin", NULL, &err), TT_ERR_RULE);
    assert_int_equal(user_add(db, "bad login", "admin", NULL, &err), TT_ERR_INVALID);
    assert_int_equal(user_add(db, "x", "boss", NULL, &err), TT_ERR_INVALID);
    assert_int_equal(user_set_role(db, "lecteur", "admin", &err), TT_OK);
    assert_int_equal(user_set_role(db, admin, "secretary", &err), TT_OK);
    assert_int_equal(user_set_role(db, "nobody", "admin", &err), TT_ERR_NOTFOUND);
    struct app_user *u;
    size_t n;
    assert_int_equal(users_list(db, &u, &n, &err), TT_OK);
    assert_int_equal(n, 4);
    free(u);
    db_close(db);
}

/* Law 25: a student's data exported whole, logged, not by read-only users. */
static void export_of_a_student(void **unused)
{
    struct tt_db *db = demo_db();
    struct tt_error err;
    tt_error_clear(&err);
    int64_t id;
    assert_int_equal(student_find(db, "2100001", &id, &err), TT_OK);
    assert_int_equal(student_find(db, "nope", &id, &err), TT_ERR_NOTFOUND);
    assert_int_equal(student_find(db, "2100001", &id, &err), TT_OK);
    char path[700];
    snprintf(path, sizeof path, "%s/student.json", dir);
    assert_int_equal(student_export(db, id, path, &err), TT_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, "\"local_number\": \"2100001\""));
    assert_non_null(strstr(buf, "\"consents\": ["));
    assert_non_null(strstr(buf, "\"attendance\": ["));
    int64_t logged;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM access_log WHERE action = 'export'"
                                       " AND subject_table = 'student'", &logged, &err), TT_OK);
    assert_int_equal(logged, 1);
    /* The administrator reads it, naming the student; nobody else does. */
    struct access_entry *log = NULL;
    size_t nlog = 0;
    assert_int_equal(access_log_list(db, NULL, NULL, 10, &log, &nlog, &err), TT_OK);
    assert_true(nlog >= 1);
    assert_string_equal(log[0].action, "export");
    assert_non_null(strstr(log[0].whose, "(2100001)"));
    free(log);
    assert_int_equal(access_log_list(db, "2099-01-01", NULL, 10, &log, &nlog, &err), TT_OK);
    assert_int_equal(nlog, 0);
    free(log);
    assert_int_equal(db_use_login(db, "secretaire", &err), TT_OK);
    assert_int_equal(access_log_list(db, NULL, NULL, 10, &log, &nlog, &err), TT_ERR_PERM);
    assert_int_equal(db_use_login(db, "lecteur", &err), TT_OK);
    assert_int_equal(access_log_list(db, NULL, NULL, 10, &log, &nlog, &err), TT_ERR_PERM);
    snprintf(path, sizeof path, "%s/refused.json", dir);
    assert_int_equal(student_export(db, id, path, &err), TT_ERR_PERM);
    assert_int_equal(access(path, F_OK), -1);
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
        cmocka_unit_test(unknown_and_disabled_logins_are_refused),
        cmocka_unit_test(readonly_writes_nothing),
        cmocka_unit_test(secretary_enters_data_but_not_administration),
        cmocka_unit_test(the_last_administrator_stays),
        cmocka_unit_test(export_of_a_student),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
