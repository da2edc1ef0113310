/* Payroll: the rate in force on each date, attendance required, closed
 * periods frozen, and later changes paid as adjustments. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "payroll.h"
#include "settings.h"
#include "testutil.h"
#include "tutors.h"
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

/* One university tutor (23.00, then 25.00 from March 15), one student with
 * consent, four sessions: March 1 and 8 (60 min), March 16 (45 min), and
 * March 9 held but without attendance (not paid). */
static int setup(void **unused)
{
    db = test_db_new(dir,
        "INSERT INTO school (id, code, name) VALUES (1, 'S', 'École');"
        "INSERT INTO tutor (id, last_name, first_name, search_key, category, source, status,"
        "  status_date, hire_date, employee_number, check_status, check_completed_on, check_result)"
        "  VALUES (1, 'Gagné', 'Léa', 'gagne lea', 'university', 'platform', 'hired', '2021-02-01',"
        "  '2021-02-01', 'E001', 'completed', '2021-02-02', 'clear');"
        "INSERT INTO tutoring_group (id, name, tutor_id, subject, level_band, modality, start_date)"
        "  VALUES (1, 'G', 1, 'math', 'P3-P4', 'school', '2021-02-22');"
        "INSERT INTO student (id, school_id, local_number, last_name, first_name, level)"
        "  VALUES (1, 1, '1', 'Côté', 'Zoé', 'P3');"
        "INSERT INTO consent (student_id, purpose, status, decided_on, method, created_by)"
        "  VALUES (1, 'tutoring', 'given', '2021-02-20', 'signed_form', 'x');"
        "INSERT INTO session (id, group_id, session_date, start_min, planned_minutes, actual_minutes,"
        "  tutor_id, modality, status) VALUES"
        "  (1, 1, '2021-03-01', 930, 60, 60, 1, 'school', 'held'),"
        "  (2, 1, '2021-03-08', 930, 60, 60, 1, 'school', 'held'),"
        "  (3, 1, '2021-03-16', 930, 45, 45, 1, 'school', 'held'),"
        "  (4, 1, '2021-03-09', 930, 60, 60, 1, 'school', 'held');"
        "INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by) VALUES"
        "  (1, 1, 'present', 60, 'x'), (2, 1, 'present', 60, 'x'), (3, 1, 'present', 45, 'x');");
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(tutor_set_rate(db, 1, day("2021-03-15"), 2500, NULL, &err), TT_OK);
    return 0;
}

static int teardown(void **unused)
{
    db_close(db);
    db = NULL;
    return 0;
}

static void rates_by_date_and_attendance_required(void **unused)
{
    struct payroll p;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(payroll_compute(db, settings, day("2021-03-01"), day("2021-03-31"), &p, &err),
                     TT_OK);
    assert_int_equal(p.n_lines, 3);     /* March 9 has no attendance */
    assert_int_equal(p.lines[0].rate, 2300);
    assert_int_equal(p.lines[0].amount, 2300);
    assert_int_equal(p.lines[2].rate, 2500);
    assert_int_equal(p.lines[2].amount, 1875);
    assert_int_equal(p.total, 2300 + 2300 + 1875);
    assert_string_equal(p.lines[0].employee_number, "E001");
    payroll_free(&p);
}

static void closed_periods_and_adjustments(void **unused)
{
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(payroll_close(db, settings, day("2021-03-01"), day("2021-03-14"), &err), TT_OK);
    assert_int_equal(payroll_close(db, settings, day("2021-03-01"), day("2021-03-14"), &err),
                     TT_ERR_RULE);
    /* After closing: the March 8 session ran 90 minutes, and March 9's
     * attendance is finally entered. */
    test_exec(db, "UPDATE session SET actual_minutes = 90 WHERE id = 2;"
                  "INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)"
                  "  VALUES (4, 1, 'present', 60, 'x');");
    struct payroll p;
    /* The closed period is frozen. */
    assert_int_equal(payroll_compute(db, settings, day("2021-03-01"), day("2021-03-14"), &p, &err),
                     TT_OK);
    assert_true(p.closed);
    assert_int_equal(p.total, 4600);
    payroll_free(&p);
    /* The next period pays March 16 and adjusts March 8 and March 9 at
     * the rate of their own dates. */
    assert_int_equal(payroll_compute(db, settings, day("2021-03-15"), day("2021-03-28"), &p, &err),
                     TT_OK);
    assert_int_equal(p.n_lines, 3);
    long regular = 0, adjustments = 0;
    for (long i = 0; i < p.n_lines; i++) {
        if (strcmp(p.lines[i].kind, "regular") == 0) {
            regular += p.lines[i].amount;
        } else {
            adjustments += p.lines[i].amount;
            assert_int_equal(p.lines[i].rate, 2300);
        }
    }
    assert_int_equal(regular, 1875);
    assert_int_equal(adjustments, 1150 + 2300);
    payroll_free(&p);
    /* Once closed, the adjustments are paid and do not come back. */
    assert_int_equal(payroll_close(db, settings, day("2021-03-15"), day("2021-03-28"), &err), TT_OK);
    assert_int_equal(payroll_compute(db, settings, day("2021-03-29"), day("2021-04-11"), &p, &err),
                     TT_OK);
    assert_int_equal(p.n_lines, 0);
    payroll_free(&p);
    /* SQLite itself keeps closed lines. */
    assert_int_not_equal(sqlite3_exec(db_handle(db), "DELETE FROM payroll_line", NULL, NULL, NULL),
                         SQLITE_OK);
}

static void csv_written_whole_or_not_at_all(void **unused)
{
    struct payroll p;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(payroll_compute(db, settings, day("2021-03-01"), day("2021-03-31"), &p, &err),
                     TT_OK);
    char *path = xasprintf("%s/pay.csv", dir);
    assert_int_equal(payroll_write_csv(&p, path, &err), TT_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f))
        n++;
    fclose(f);
    assert_int_equal(n, 1 + 3 + 1);
    setenv("TUTORAT_FAIL_WRITES", "1", 1);
    char *other = xasprintf("%s/pay2.csv", dir);
    assert_int_equal(payroll_write_csv(&p, other, &err), TT_ERR_IO);
    unsetenv("TUTORAT_FAIL_WRITES");
    assert_int_not_equal(access(other, F_OK), 0);
    payroll_free(&p);
    free(path);
    free(other);
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
        cmocka_unit_test_setup_teardown(rates_by_date_and_attendance_required, setup, teardown),
        cmocka_unit_test_setup_teardown(closed_periods_and_adjustments, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_written_whole_or_not_at_all, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
