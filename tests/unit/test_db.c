/* The database: creation, migrations, refusal of newer files, and the
 * rules SQLite itself enforces. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>
#include "db.h"
#include "i18n.h"
#include "paths.h"
#include "schema.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static int counter;

static char *new_path(void)
{
    int n = counter++;
    return xasprintf("%s/sub%d/db%d.sqlite", dir, n, n);
}

/* The database under test, closed by the teardown even when an assertion
 * leaves the test early. */
static struct tt_db *current;

static int close_current(void **unused)
{
    db_close(current);
    current = NULL;
    return 0;
}

static struct tt_db *open_new(char **path_out)
{
    char *path = new_path();
    struct tt_db *db = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != TT_OK)
        fail_msg("db_open: %s", err.msg);
    if (path_out)
        *path_out = path;
    else
        free(path);
    current = db;
    return db;
}

static int exec_rc(struct tt_db *db, const char *sql)
{
    return sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
}

static void must_exec(struct tt_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s\n-> %s", sql, msg);
}

static void must_fail(struct tt_db *db, const char *sql, const char *expect_in_message)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        fail_msg("accepted: %s", sql);
    if (expect_in_message && (msg == NULL || strstr(msg, expect_in_message) == NULL))
        fail_msg("%s\n-> \"%s\" lacks \"%s\"", sql, msg ? msg : "", expect_in_message);
    sqlite3_free(msg);
}

static int64_t scalar(struct tt_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void creates_file_modes_and_version(void **unused)
{
    char *path;
    struct tt_db *db = open_new(&path);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0660);
    char *folder = xstrndup(path, (size_t)(strrchr(path, '/') - path));
    assert_int_equal(stat(folder, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0750);
    assert_int_equal(scalar(db, "PRAGMA user_version"), schema_latest_version());
    assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    /* Whoever creates the database administers it. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM app_user WHERE role = 'admin'"), 1);
    struct db_check_report r;
    struct tt_error err;
    assert_int_equal(db_check(db, &r, &err), TT_OK);
    assert_true(r.integrity_ok);
    assert_true(r.foreign_keys_ok);
    assert_int_equal(r.schema_version, r.expected_version);
    free(folder);
    free(path);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = xmalloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static void newer_database_is_refused_unchanged(void **unused)
{
    char *path;
    struct tt_db *db = open_new(&path);
    must_exec(db, "PRAGMA user_version = 999");
    close_current(NULL);
    /* Checkpointed and closed: the file alone holds everything now. */
    size_t len_before, len_after;
    char *before = slurp(path, &len_before);
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), TT_ERR_VERSION);
    assert_null(db);
    assert_non_null(strstr(err.msg, "newer"));
    assert_non_null(strstr(err.msg, "999"));
    char *after = slurp(path, &len_after);
    assert_int_equal(len_before, len_after);
    assert_memory_equal(before, after, len_before);
    free(before);
    free(after);
    free(path);
}

static void older_database_is_migrated_in_order(void **unused)
{
    char *path = new_path();
    char *folder = xstrndup(path, (size_t)(strrchr(path, '/') - path));
    mkdir(folder, 0750);
    free(folder);
    /* A database as the first version of tutorat left it. */
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    size_t n;
    const struct migration *m = schema_migrations(&n);
    assert_true(n >= 2);
    assert_int_equal(sqlite3_exec(raw, m[0].sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 1;"
                                       "INSERT INTO school (code, name) VALUES ('S', 'École')",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    struct tt_db *db = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), TT_OK);
    current = db;
    assert_int_equal(scalar(db, "PRAGMA user_version"), schema_latest_version());
    assert_int_equal(scalar(db, "SELECT count(*) FROM school WHERE name = 'École'"), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM pay_period"), 0);
    free(path);
}

/* Version 4 (the lists' sort indexes and student_fts_order) upgrades a
 * version 3 database in place: its rows stay, the folded names of the
 * students already there are filled in, and the triggers keep them. */
static void version_3_gets_the_sort_indexes(void **unused)
{
    char *path = new_path();
    char *folder = xstrndup(path, (size_t)(strrchr(path, '/') - path));
    mkdir(folder, 0750);
    free(folder);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    size_t n;
    const struct migration *m = schema_migrations(&n);
    for (size_t i = 0; i < n && m[i].version <= 3; i++)
        assert_int_equal(sqlite3_exec(raw, m[i].sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 3;"
        "INSERT INTO school (id, code, name) VALUES (1, 'S', 'École');"
        "INSERT INTO student (id, school_id, local_number, last_name, first_name, level) VALUES"
        " (1, 1, '1', 'Émond', 'Zoé', 'P3'), (2, 1, '2', 'Bouchard', 'Anne', 'PRE4'),"
        " (3, 1, '3', 'Bédard', 'Léa', 'S1'), (4, 1, '4', 'Zola', 'Ève', 'P6');",
        NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    struct tt_db *db = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), TT_OK);
    current = db;
    assert_int_equal(scalar(db, "PRAGMA user_version"), schema_latest_version());
    assert_true(schema_latest_version() >= 4);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student"), 4);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student_fts_order"), 4);
    assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                " AND name LIKE 'student_sort_%'"), 6);
    /* Filed as a person files them, accents aside. */
    char *order = NULL;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT group_concat(id, ' ') FROM"
                     " (SELECT id FROM student_fts_order ORDER BY name_key)", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    order = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    assert_string_equal(order, "3 2 1 4");
    free(order);
    /* Kept up to date, whoever writes. */
    must_exec(db, "UPDATE student SET last_name = 'Aubé' WHERE id = 4");
    must_exec(db, "INSERT INTO student (id, school_id, local_number, last_name, first_name, level)"
                  " VALUES (5, 1, '5', 'Ébert', 'Noé', 'P1')");
    assert_int_equal(scalar(db, "SELECT count(*) FROM student_fts_order WHERE name_key LIKE"
                                " 'aube%' AND id = 4"), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student_fts_order WHERE name_key LIKE"
                                " 'ebert%' AND id = 5"), 1);
    free(path);
}

static void not_a_database_is_reported(void **unused)
{
    char *path = xasprintf("%s/notes.txt", dir);
    test_write_file(path, "this is not a database, just some notes that are long enough.\n");
    struct tt_db *db = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_not_equal(db_open(path, DB_OPEN_CREATE, &db, &err), TT_OK);
    assert_null(db);
    assert_non_null(strstr(err.msg, path));
    free(path);
}

static void missing_database_without_create(void **unused)
{
    char *path = xasprintf("%s/absent/x.db", dir);
    struct tt_db *db = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_open(path, 0, &db, &err), TT_ERR_NOTFOUND);
    free(path);
}

/* A school, a student, a hired and cleared tutor, a group. */
static void base_rows(struct tt_db *db)
{
    must_exec(db,
        "INSERT INTO school (id, code, name) VALUES (1, 'SEDO', 'École Saint-Édouard');"
        "INSERT INTO student (id, school_id, local_number, last_name, first_name, level)"
        "  VALUES (1, 1, '1000001', 'Côté-Bélanger', 'Éloïse', 'P3');"
        "INSERT INTO tutor (id, last_name, first_name, category, source, status, status_date,"
        "  hire_date, check_status, check_completed_on, check_result)"
        "  VALUES (1, 'Gagné', 'Zoé', 'university', 'platform', 'hired', '2021-02-01',"
        "  '2021-02-01', 'completed', '2021-02-05', 'clear');"
        "INSERT INTO tutoring_group (id, name, tutor_id, subject, level_band, modality,"
        "  start_date, size_limit) VALUES (1, 'Lecture P3', 1, 'fr_reading', 'P3-P4', 'remote',"
        "  '2021-02-22', 2);"
        "INSERT INTO session (id, group_id, session_date, start_min, planned_minutes,"
        "  actual_minutes, tutor_id, modality, status)"
        "  VALUES (1, 1, '2021-03-01', 930, 60, 60, 1, 'remote', 'held');");
}

static void foreign_keys_hold_in_sqlite(void **unused)
{
    struct tt_db *db = open_new(NULL);
    base_rows(db);
    must_fail(db, "INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)"
                  " VALUES (999, 1, 'absent', 0, 'x')", "FOREIGN KEY");
    must_fail(db, "INSERT INTO referral (student_id, school_id, referral_date, referrer_name,"
                  " referrer_role, status_date, created_by)"
                  " VALUES (999, 1, '2021-02-24', 'Mme Roy', 'teacher', '2021-02-24', 'x')",
              "FOREIGN KEY");
}

static void checks_hold_in_sqlite(void **unused)
{
    struct tt_db *db = open_new(NULL);
    base_rows(db);
    /* Code permanent: four capitals and eight digits. */
    must_fail(db, "INSERT INTO student (school_id, local_number, last_name, first_name, level,"
                  " code_permanent) VALUES (1, '2', 'A', 'B', 'P1', 'abcd12345678')", "CHECK");
    must_exec(db, "INSERT INTO student (school_id, local_number, last_name, first_name, level,"
                  " code_permanent) VALUES (1, '2', 'A', 'B', 'P1', 'ABCD12345678')");
    must_fail(db, "INSERT INTO student (school_id, local_number, last_name, first_name, level,"
                  " code_permanent) VALUES (1, '3', 'A', 'B', 'P1', 'ABCD12345678')", "UNIQUE");
    must_fail(db, "INSERT INTO student (school_id, local_number, last_name, first_name, level)"
                  " VALUES (1, '4', 'A', 'B', 'P9')", "CHECK");
    must_fail(db, "INSERT INTO student (school_id, local_number, last_name, first_name, level,"
                  " birth_date) VALUES (1, '5', 'A', 'B', 'P1', '2021-02-31')", "CHECK");
    must_fail(db, "INSERT INTO student (school_id, local_number, last_name, first_name, level)"
                  " VALUES (1, '1000001', 'A', 'B', 'P1')", "UNIQUE");
    /* Three guardians are one too many. */
    must_exec(db, "INSERT INTO guardian (student_id, rank, full_name, relationship)"
                  " VALUES (1, 1, 'Julie Côté', 'mother'), (1, 2, 'Marc Bélanger', 'father')");
    must_fail(db, "INSERT INTO guardian (student_id, rank, full_name, relationship)"
                  " VALUES (1, 3, 'X', 'other')", "CHECK");
    /* A given consent says how it was given; a phone one, who noted it. */
    must_fail(db, "INSERT INTO consent (student_id, purpose, status, decided_on, created_by)"
                  " VALUES (1, 'tutoring', 'given', '2021-02-20', 'x')", "CHECK");
    must_fail(db, "INSERT INTO consent (student_id, purpose, status, decided_on, method, created_by)"
                  " VALUES (1, 'tutoring', 'given', '2021-02-20', 'phone', 'x')", "CHECK");
    /* A cancelled session needs its reason. */
    must_fail(db, "INSERT INTO session (group_id, session_date, start_min, planned_minutes,"
                  " tutor_id, modality, status) VALUES (1, '2021-03-02', 930, 60, 1, 'remote',"
                  " 'cancelled_tutor')", "CHECK");
}

static void referral_status_moves_are_guarded(void **unused)
{
    struct tt_db *db = open_new(NULL);
    base_rows(db);
    must_fail(db, "INSERT INTO referral (student_id, school_id, referral_date, referrer_name,"
                  " referrer_role, status, status_date, created_by) VALUES (1, 1, '2021-02-24',"
                  " 'Mme Roy', 'teacher', 'active', '2021-02-24', 'x')", "referral_transition");
    must_exec(db, "INSERT INTO referral (id, student_id, school_id, referral_date, referrer_name,"
                  " referrer_role, status_date, created_by) VALUES (1, 1, 1, '2021-02-24',"
                  " 'Mme Roy', 'teacher', '2021-02-24', 'x')");
    must_fail(db, "UPDATE referral SET status = 'active' WHERE id = 1", "referral_transition");
    must_exec(db, "UPDATE referral SET status = 'awaiting_consent' WHERE id = 1");
    must_fail(db, "UPDATE referral SET status = 'closed' WHERE id = 1", "CHECK");
    must_exec(db, "UPDATE referral SET status = 'closed', closed_reason = 'moved away' WHERE id = 1");
    must_fail(db, "UPDATE referral SET status = 'received', closed_reason = NULL WHERE id = 1",
              "referral_transition");
}

static void tutor_gate_and_group_rules(void **unused)
{
    struct tt_db *db = open_new(NULL);
    base_rows(db);
    must_exec(db, "INSERT INTO tutor (id, last_name, first_name, category, source, status,"
                  " status_date) VALUES (2, 'Roy', 'Léa', 'college', 'platform', 'processing',"
                  " '2021-02-01')");
    must_fail(db, "INSERT INTO tutoring_group (name, tutor_id, subject, level_band, modality,"
                  " start_date) VALUES ('G', 2, 'math', 'P3-P4', 'remote', '2021-03-01')",
              "tutor_not_cleared");
    must_fail(db, "UPDATE tutoring_group SET tutor_id = 2 WHERE id = 1", "tutor_not_cleared");
    must_fail(db, "UPDATE tutor SET status = 'received' WHERE id = 2", "tutor_transition");
    must_exec(db,
        "INSERT INTO student (id, school_id, local_number, last_name, first_name, level)"
        "  VALUES (2, 1, '1000002', 'Lévesque', 'Gaël', 'P3'), (3, 1, '1000003', 'Roy', 'Anaïs', 'P4');"
        "INSERT INTO membership (group_id, student_id, joined_on, created_by)"
        "  VALUES (1, 1, '2021-02-22', 'x'), (1, 2, '2021-02-22', 'x')");
    must_fail(db, "INSERT INTO membership (group_id, student_id, joined_on, created_by)"
                  " VALUES (1, 3, '2021-02-22', 'x')", "group_full");
    must_fail(db, "DELETE FROM membership WHERE student_id = 1", "membership_delete");
    must_exec(db, "INSERT INTO tutoring_group (id, name, tutor_id, subject, level_band, modality,"
                  " start_date) VALUES (2, 'Lecture bis', 1, 'fr_reading', 'P3-P4', 'school',"
                  " '2021-03-01')");
    must_fail(db, "INSERT INTO membership (group_id, student_id, joined_on, created_by)"
                  " VALUES (2, 1, '2021-03-01', 'x')", "student_subject_taken");
}

static void attendance_needs_consent(void **unused)
{
    struct tt_db *db = open_new(NULL);
    base_rows(db);
    const char *present = "INSERT INTO attendance (session_id, student_id, status, minutes,"
                          " recorded_by) VALUES (1, 1, 'present', 60, 'x')";
    must_fail(db, present, "no_consent");
    must_exec(db, "INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)"
                  " VALUES (1, 1, 'absent', 0, 'x')");
    must_exec(db, "DELETE FROM attendance");
    must_exec(db, "INSERT INTO consent (id, student_id, purpose, status, decided_on, method,"
                  " expires_on, created_by) VALUES (1, 1, 'tutoring', 'given', '2021-02-20',"
                  " 'signed_form', '2021-06-23', 'x')");
    /* The session is remote: that purpose needs its own consent. */
    must_fail(db, present, "no_consent_remote");
    must_exec(db, "INSERT INTO consent (student_id, purpose, status, decided_on, method,"
                  " expires_on, created_by) VALUES (1, 'remote', 'given', '2021-02-20', 'email',"
                  " '2021-06-23', 'x')");
    must_exec(db, present);
    must_exec(db, "DELETE FROM attendance");
    /* Withdrawn the day of the session: no longer valid that day. */
    must_exec(db, "UPDATE consent SET status = 'withdrawn', withdrawn_on = '2021-03-01' WHERE id = 1");
    must_fail(db, present, "no_consent");
    must_exec(db, "UPDATE consent SET withdrawn_on = '2021-03-02' WHERE id = 1");
    must_exec(db, present);
}

static void logs_are_append_only(void **unused)
{
    struct tt_db *db = open_new(NULL);
    must_exec(db, "INSERT INTO audit_log (login, table_name, row_id, action) VALUES ('x', 'student', 1, 'insert');"
                  "INSERT INTO access_log (login, action, subject_table, subject_id) VALUES ('x', 'view', 'student', 1)");
    must_fail(db, "UPDATE audit_log SET login = 'y'", "audit_append_only");
    must_fail(db, "DELETE FROM audit_log", "audit_append_only");
    must_fail(db, "UPDATE access_log SET login = 'y'", "audit_append_only");
    must_fail(db, "DELETE FROM access_log", "audit_append_only");
}

static void rule_errors_are_translated_for_users(void **unused)
{
    struct tt_db *db = open_new(NULL);
    base_rows(db);
    int rc = exec_rc(db, "INSERT INTO attendance (session_id, student_id, status, minutes,"
                         " recorded_by) VALUES (1, 1, 'present', 60, 'x')");
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_fail(db, rc, &err, "Saving"), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "consent"));
    assert_null(strstr(err.msg, "tutorat:"));
}

static void statement_cache_reuses(void **unused)
{
    struct tt_db *db = open_new(NULL);
    struct tt_error err;
    static const char sql[] = "SELECT count(*) FROM student";
    sqlite3_stmt *a = db_stmt(db, sql, &err);
    sqlite3_stmt *b = db_stmt(db, sql, &err);
    assert_non_null(a);
    assert_ptr_equal(a, b);
    int64_t n = -1;
    assert_int_equal(db_scalar_int(db, sql, &n, &err), TT_OK);
    assert_int_equal(n, 0);
}

static void open_to_others_is_warned(void **unused)
{
    char *path;
    struct tt_db *db = open_new(&path);
    assert_string_equal(db_warning(db), "");
    db_close(db);
    current = NULL;
    assert_int_equal(chmod(path, 0664), 0);
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(db_open(path, 0, &db, &err), TT_OK);
    assert_non_null(strstr(db_warning(db), "can be read by every account"));
    assert_non_null(strstr(db_warning(db), "664"));
    db_close(db);
    free(path);
}

/* Where SQLite's locks are unsafe, the database is refused; the magic
 * numbers are those of linux/magic.h. */
static void network_file_systems_are_recognised(void **unused)
{
    assert_string_equal(paths_network_fs_type(0x6969), "NFS");
    assert_string_equal(paths_network_fs_type((long)0xFF534D42L), "SMB/CIFS");
    assert_string_equal(paths_network_fs_type(0x517B), "SMB/CIFS");
    assert_string_equal(paths_network_fs_type(0x65735546), "FUSE (sshfs...)");
    assert_null(paths_network_fs_type(0xEF53));        /* ext4 */
    assert_null(paths_network_fs_type(0x01021994));    /* tmpfs */
    assert_null(paths_network_fs(dir));                /* the test folder is local */
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    umask(022); /* the modes must come out right even with a common umask */
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(creates_file_modes_and_version, close_current),
        cmocka_unit_test_teardown(newer_database_is_refused_unchanged, close_current),
        cmocka_unit_test_teardown(older_database_is_migrated_in_order, close_current),
        cmocka_unit_test_teardown(version_3_gets_the_sort_indexes, close_current),
        cmocka_unit_test_teardown(not_a_database_is_reported, close_current),
        cmocka_unit_test_teardown(missing_database_without_create, close_current),
        cmocka_unit_test_teardown(foreign_keys_hold_in_sqlite, close_current),
        cmocka_unit_test_teardown(checks_hold_in_sqlite, close_current),
        cmocka_unit_test_teardown(referral_status_moves_are_guarded, close_current),
        cmocka_unit_test_teardown(tutor_gate_and_group_rules, close_current),
        cmocka_unit_test_teardown(attendance_needs_consent, close_current),
        cmocka_unit_test_teardown(logs_are_append_only, close_current),
        cmocka_unit_test(open_to_others_is_warned),
        cmocka_unit_test(network_file_systems_are_recognised),
        cmocka_unit_test_teardown(rule_errors_are_translated_for_users, close_current),
        cmocka_unit_test_teardown(statement_cache_reuses, close_current),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
