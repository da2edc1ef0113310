/* The roster import: Windows-1252 with semicolons and no BOM, UTF-8 with a
 * BOM and commas, quoted fields, re-imports that add nothing, and bad rows
 * that stop everything or go to a rejects file. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "import_students.h"
#include "settings.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static struct tt_db *db;
static struct settings *settings;

static int setup(void **unused)
{
    db = test_db_new(dir, "INSERT INTO school (code, name) VALUES"
                          " ('SEDO', 'École primaire Saint-Édouard'),"
                          " ('FLEC', 'École secondaire Félix-Leclerc')");
    return 0;
}

static int teardown(void **unused)
{
    db_close(db);
    db = NULL;
    return 0;
}

static int64_t scalar(const char *sql)
{
    int64_t v = -1;
    struct tt_error err;
    if (db_scalar_int(db, sql, &v, &err) != TT_OK)
        fail_msg("%s", err.msg);
    return v;
}

/* Windows-1252 bytes for the accented names French Excel writes. */
static const char *const last_cp1252[] = { "C\xf4t\xe9-B\xe9langer", "Gagn\xe9", "L\xe9vesque",
                                           "Tremblay", "B\xe9rub\xe9" };
static const char *const first_cp1252[] = { "\xc9lo\xefse", "Zo\xe9", "Ga\xebl", "Chlo\xe9",
                                            "Beno\xeet" };

/* A roster of n rows; bad_every > 0 spoils rows bad_every, 2*bad_every... */
static char *write_roster(const char *name, int n, int bad_rows[3])
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("Fiche;Code permanent;Nom;Pr\xe9nom;Date de naissance;Niveau;Groupe;\xc9" "cole;"
          "Parent 1;Lien parent 1;T\xe9l\xe9phone parent 1;Courriel parent 1\r\n", f);
    for (int i = 0; i < n; i++) {
        const char *school = i % 3 == 0 ? "FLEC" : "\xc9" "cole primaire Saint-\xc9" "douard";
        const char *level = i % 3 == 0 ? "2e secondaire" : "3e ann\xe9" "e";
        char birth[16];
        snprintf(birth, sizeof birth, "%02d/%02d/%d", 1 + i % 28, 1 + i % 12,
                 i % 3 == 0 ? 2007 : 2012);
        char cp[16] = "";
        if (i % 2 == 0)
            snprintf(cp, sizeof cp, "ABCD%08d", i);
        int bad = bad_rows && (i == bad_rows[0] || i == bad_rows[1] || i == bad_rows[2]);
        if (bad && i == bad_rows[0])
            snprintf(cp, sizeof cp, "AB%08d", i);
        if (bad && i == bad_rows[1])
            snprintf(birth, sizeof birth, "31/02/2012");
        if (bad && i == bad_rows[2])
            school = "\xc9" "cole inconnue";
        /* A quoted field with the separator and a line break in it. */
        fprintf(f, "%d;%s;%s;%s;%s;%s;\"3;0%d\";%s;\"%s %s\nm\xe8re\";M\xe8re;819-555-%04d;\r\n",
                3000000 + i, cp, last_cp1252[i % 5], first_cp1252[i % 5], birth, level, i % 4,
                school, "Julie", last_cp1252[i % 5], i % 10000);
    }
    fclose(f);
    return path;
}

static void five_thousand_rows_in_windows_1252(void **unused)
{
    char *path = write_roster("roster.csv", 5000, NULL);
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    int rc = import_students(db, settings, path, 0, NULL, &sum, &err);
    if (rc != TT_OK) {
        import_summary_print(&sum, stderr);
        fail_msg("%s", err.msg);
    }
    assert_int_equal(sum.added, 5000);
    assert_int_equal(sum.rejected, 0);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 5000);
    /* Converted to UTF-8 byte for byte. */
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE last_name = 'Côté-Bélanger'"
                            " AND first_name = 'Éloïse'"), 1000);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE class_group = '3;01'"), 1250);
    assert_int_equal(scalar("SELECT count(*) FROM guardian WHERE full_name LIKE 'Julie %'"
                            " AND relationship = 'mother'"), 5000);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE level = 'S2'"), 1667);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE level = 'P3'"), 3333);

    /* The same file again adds nothing. */
    import_summary_free(&sum);
    assert_int_equal(import_students(db, settings, path, 0, NULL, &sum, &err), TT_OK);
    assert_int_equal(sum.added, 0);
    assert_int_equal(sum.updated, 0);
    assert_int_equal(sum.unchanged, 5000);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 5000);
    import_summary_free(&sum);
    free(path);
}

static void three_bad_rows_stop_everything(void **unused)
{
    int bad[3] = { 10, 20, 30 };
    char *path = write_roster("bad.csv", 100, bad);
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(import_students(db, settings, path, 0, NULL, &sum, &err), TT_ERR_INVALID);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 0);
    assert_int_equal(sum.n_problems, 3);
    /* Line 1 is the header, and each row before spans two lines. */
    long expect[3] = { 2 + 2 * 10, 2 + 2 * 20, 2 + 2 * 30 };
    for (int i = 0; i < 3; i++)
        assert_int_equal(sum.problems[i].line, expect[i]);
    assert_string_equal(sum.problems[0].column, "Code permanent");
    assert_string_equal(sum.problems[1].column, "Date de naissance");
    assert_string_equal(sum.problems[2].column, "École");
    import_summary_free(&sum);

    char *rejects = xasprintf("%s/rejects.csv", dir);
    assert_int_equal(import_students(db, settings, path, 1, rejects, &sum, &err), TT_OK);
    assert_int_equal(sum.added, 97);
    assert_int_equal(sum.rejected, 3);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 97);
    FILE *f = fopen(rejects, "r");
    assert_non_null(f);
    char line[4096];
    int records = 0, quoted_continuations = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "30000", 5) == 0)
            records++;
        else if (strncmp(line, "mère", 5) == 0)
            quoted_continuations++;
    }
    fclose(f);
    assert_int_equal(records, 3);
    assert_int_equal(quoted_continuations, 3);
    import_summary_free(&sum);
    free(rejects);
    free(path);
}

static void utf8_with_bom_and_commas_updates(void **unused)
{
    char *path = xasprintf("%s/bom.csv", dir);
    test_write_file(path, "\xEF\xBB\xBFStudent number,Last name,First name,Grade,School\n"
                          "3000001,Côté,Zoé,P4,SEDO\n"
                          "3000002,\"Roy, fils\",Léo,S1,FLEC\n");
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(import_students(db, settings, path, 0, NULL, &sum, &err), TT_OK);
    assert_int_equal(sum.added, 2);
    import_summary_free(&sum);
    test_write_file(path, "\xEF\xBB\xBFStudent number,Last name,First name,Grade,School\n"
                          "3000001,Côté,Zoé,P5,SEDO\n"
                          "3000002,\"Roy, fils\",Léo,S1,FLEC\n");
    assert_int_equal(import_students(db, settings, path, 0, NULL, &sum, &err), TT_OK);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.unchanged, 1);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE level = 'P5'"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE last_name = 'Roy, fils'"), 1);
    import_summary_free(&sum);
    free(path);
}

static void headers_mapped_by_configuration(void **unused)
{
    char *path = xasprintf("%s/custom.csv", dir);
    test_write_file(path, "Matricule;Nom;Prénom;Niveau;École\n4000001;Dubé;Noé;P2;SEDO\n");
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(import_students(db, settings, path, 0, NULL, &sum, &err), TT_ERR_INVALID);
    assert_non_null(strstr(err.msg, "local_number"));
    import_summary_free(&sum);
    char *ini = xasprintf("%s/map.ini", dir);
    test_write_file(ini, "[import_students]\nlocal_number = Matricule\n");
    struct settings *s = settings_new();
    assert_int_equal(settings_load_file(s, ini, 1, &err), TT_OK);
    assert_int_equal(import_students(db, s, path, 0, NULL, &sum, &err), TT_OK);
    assert_int_equal(sum.added, 1);
    import_summary_free(&sum);
    test_write_file(ini, "[import_students]\nlocal_numbr = Matricule\n");
    assert_int_equal(settings_load_file(s, ini, 1, &err), TT_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "local_numbr"));
    settings_free(s);
    free(ini);
    free(path);
}

static void repeated_and_broken_files(void **unused)
{
    char *path = xasprintf("%s/twice.csv", dir);
    test_write_file(path, "Fiche;Nom;Prénom;Niveau;École\n5;A;B;P1;SEDO\n5;C;D;P1;SEDO\n");
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(import_students(db, settings, path, 0, NULL, &sum, &err), TT_ERR_INVALID);
    assert_int_equal(sum.n_problems, 1);
    assert_int_equal(sum.problems[0].line, 3);
    import_summary_free(&sum);
    test_write_file(path, "Fiche;Nom;Prénom;Niveau;École\n6;\"never closed;B;P1;SEDO\n");
    assert_int_not_equal(import_students(db, settings, path, 0, NULL, &sum, &err), TT_OK);
    assert_non_null(strstr(err.msg, "line 2"));
    import_summary_free(&sum);
    assert_int_not_equal(import_students(db, settings, "/nonexistent/x.csv", 0, NULL, &sum, &err),
                         TT_OK);
    assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
    import_summary_free(&sum);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 0);
    free(path);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    i18n_init();
    import_students_register_settings();
    settings = settings_new();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(five_thousand_rows_in_windows_1252, setup, teardown),
        cmocka_unit_test_setup_teardown(three_bad_rows_stop_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(utf8_with_bom_and_commas_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(headers_mapped_by_configuration, setup, teardown),
        cmocka_unit_test_setup_teardown(repeated_and_broken_files, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
