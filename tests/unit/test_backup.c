/* Backups: a consistent copy while another process writes, the daily copy
 * with rotation, owner-only modes, and a restore that opens and checks. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "backup.h"
#include "db.h"
#include "demo.h"
#include "i18n.h"
#include "settings.h"
#include "student_file.h"
#include "testutil.h"
#include "util.h"

static char dir[512];

static tt_day day(const char *iso)
{
    tt_day d;
    assert_int_equal(date_parse(iso, &d), 0);
    return d;
}

static void copy_while_another_process_writes(void **unused)
{
    struct tt_db *db = test_db_new(dir, NULL);
    struct settings *s = settings_new();
    struct demo_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(demo_create(db, s, day("2021-04-19"), &sum, &err), TT_OK);
    char src[700];
    tt_strlcpy(src, db_path(db), sizeof src);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        struct tt_db *w;
        if (db_open(src, 0, &w, &err) != TT_OK)
            _exit(1);
        for (int i = 0; i < 100000; i++)
            if (progress_note_add(w, 1, "math", "note", day("2021-04-19"), 0, "busy", &err) != TT_OK)
                _exit(2);
        _exit(0);
    }
    usleep(100000);
    char path[700];
    snprintf(path, sizeof path, "%s/copy.db", dir);
    assert_int_equal(backup_to(db, path, &err), TT_OK);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* Restoring is putting the copy in place: it opens and checks sound. */
    char restored[700];
    snprintf(restored, sizeof restored, "%s/restored.db", dir);
    char cmd[1600];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path, restored);
    assert_int_equal(system(cmd), 0);
    struct tt_db *r;
    assert_int_equal(db_open(restored, 0, &r, &err), TT_OK);
    struct db_check_report rep;
    assert_int_equal(db_check(r, &rep, &err), TT_OK);
    assert_true(rep.integrity_ok);
    assert_true(rep.foreign_keys_ok);
    int64_t students;
    assert_int_equal(db_scalar_int(r, "SELECT count(*) FROM student", &students, &err), TT_OK);
    assert_int_equal(students, sum.students);
    db_close(r);
    db_close(db);
    settings_free(s);
}

static void daily_backup_and_rotation(void **unused)
{
    struct tt_db *db = test_db_new(dir, NULL);
    struct settings *s = settings_new();
    struct tt_error err;
    tt_error_clear(&err);
    char ini[700], folder[700];
    snprintf(folder, sizeof folder, "%s/daily", dir);
    snprintf(ini, sizeof ini, "%s/b.ini", dir);
    FILE *f = fopen(ini, "w");
    assert_non_null(f);
    fprintf(f, "[backup]\nfolder = %s\nkeep = 3\n", folder);
    fclose(f);
    assert_int_equal(settings_load_file(s, ini, 1, &err), TT_OK);
    int made;
    const char *days[] = { "2021-04-12", "2021-04-13", "2021-04-14", "2021-04-15", "2021-04-16" };
    for (int i = 0; i < 5; i++) {
        assert_int_equal(backup_daily(db, s, day(days[i]), &made, &err), TT_OK);
        assert_int_equal(made, 1);
    }
    assert_int_equal(backup_daily(db, s, day("2021-04-16"), &made, &err), TT_OK);
    assert_int_equal(made, 0);                         /* once a day */
    char p[800];
    struct stat st;
    for (int i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s/tutorat-%s.db", folder, days[i]);
        assert_int_equal(stat(p, &st) == 0, i >= 2); /* the three newest kept */
    }
    assert_int_equal(stat(folder, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    db_close(db);
    settings_free(s);
}

static void unwritable_folder_says_so(void **unused)
{
    struct tt_db *db = test_db_new(dir, NULL);
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(backup_to(db, "/nonexistent-folder/x.db", &err), TT_ERR_IO);
    assert_non_null(strstr(err.msg, "Cannot write the backup"));
    db_close(db);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    i18n_init();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copy_while_another_process_writes),
        cmocka_unit_test(daily_backup_and_rotation),
        cmocka_unit_test(unwritable_folder_says_so),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
