/* The candidate bank: 20,000 candidates in Windows-1252, then a newer
 * export in UTF-8 with a BOM: exactly the union, what the school recorded
 * untouched, nobody twice. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "import_candidates.h"
#include "settings.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static struct tt_db *db;
static struct settings *settings;

static int setup(void **unused)
{
    db = test_db_new(dir, NULL);
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

static const char *const statuses_cp1252[] = { "Retrait\xe9", "\xc9tudiant coll\xe9gial",
                                               "\xc9tudiant universitaire" };

/* Candidates first..last; rows from changed_from on carry a new phone. */
static char *write_bank(const char *name, int first, int last, int utf8_bom, int changed_from)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (utf8_bom)
        fputs("\xEF\xBB\xBFNom;Prénom;Courriel;Téléphone;Statut;Établissement;Programme;Région;"
              "Organisme souhaité;Disponibilités;Date de candidature\n", f);
    else
        fputs("Nom;Pr\xe9nom;Courriel;T\xe9l\xe9phone;Statut;\xc9tablissement;Programme;R\xe9gion;"
              "Organisme souhait\xe9;Disponibilit\xe9s;Date de candidature\r\n", f);
    for (int i = first; i <= last; i++) {
        const char *status = utf8_bom ? (i % 3 == 0 ? "Retraité" : i % 3 == 1 ? "Étudiant collégial"
                                                                                : "Étudiant universitaire")
                                      : statuses_cp1252[i % 3];
        fprintf(f, "%s;%s;Candidat%05d@Exemple.ORG;%s-555-%04d;%s;%s;\"Programme; %d\";Mauricie;"
                   "CSS des Hautes-Rivi%s;\"Lundi soir,\nmercredi\";2021-01-%02d%s",
                utf8_bom ? "Bélanger" : "B\xe9langer", utf8_bom ? "Zoé" : "Zo\xe9", i,
                i >= changed_from ? "418" : "819", i % 10000, status, "UQTR", i,
                utf8_bom ? "ères" : "\xe8res", 1 + i % 28, utf8_bom ? "\n" : "\r\n");
    }
    fclose(f);
    return path;
}

static void twenty_thousand_then_a_newer_export(void **unused)
{
    char *first = write_bank("bank1.csv", 1, 20000, 0, 1 << 30);
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    int rc = import_candidates(db, settings, first, 0, NULL, &sum, &err);
    if (rc != TT_OK) {
        import_summary_print(&sum, stderr);
        fail_msg("%s", err.msg);
    }
    assert_int_equal(sum.added, 20000);
    import_summary_free(&sum);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE last_name = 'Bélanger'"
                            " AND first_name = 'Zoé' AND status = 'received'"
                            " AND source = 'platform'"), 20000);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE category = 'retiree'"), 6666);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE email = 'candidat00001@exemple.org'"), 1);

    /* The school works on some candidates meanwhile. */
    test_exec(db, "UPDATE tutor SET status = 'processing', answered_on = '2021-02-02',"
                  " answered_how = 'email', answered_by = 'secr', notes = 'Entrevue le 5'"
                  " WHERE id % 100 = 0");

    /* Newer export: 19,800 to 20,300, of which 19,800-20,000 changed. */
    char *second = write_bank("bank2.csv", 19701, 20200, 1, 19801);
    tt_error_clear(&err);
    rc = import_candidates(db, settings, second, 0, NULL, &sum, &err);
    if (rc != TT_OK) {
        import_summary_print(&sum, stderr);
        fail_msg("%s", err.msg);
    }
    assert_int_equal(sum.added, 200);
    assert_int_equal(sum.updated, 200);
    assert_int_equal(sum.unchanged, 100);
    import_summary_free(&sum);
    assert_int_equal(scalar("SELECT count(*) FROM tutor"), 20200);
    assert_int_equal(scalar("SELECT count(DISTINCT lower(email)) FROM tutor"), 20200);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE phone LIKE '418-%'"), 400);
    /* What the school recorded is untouched, changed rows included. */
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE id % 100 = 0 AND (status <> 'processing'"
                            " OR answered_on IS NOT '2021-02-02' OR notes IS NOT 'Entrevue le 5')"),
                     2);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE status = 'processing'"), 200);
    free(first);
    free(second);
}

static void malformed_rows_stop_everything(void **unused)
{
    char *path = xasprintf("%s/bad.csv", dir);
    test_write_file(path, "Nom,Prénom,Courriel,Statut\n"
                          "Roy,Léa,lea@x.org,Étudiant collégial\n"
                          "Roy,Léo,pas-une-adresse,Étudiant collégial\n"
                          "Roy,Lou,lou@x.org,Astronaute\n"
                          "Roy,Lia,LEA@x.org,Retraité\n");
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(import_candidates(db, settings, path, 0, NULL, &sum, &err), TT_ERR_INVALID);
    assert_int_equal(scalar("SELECT count(*) FROM tutor"), 0);
    assert_int_equal(sum.n_problems, 3);
    assert_int_equal(sum.problems[0].line, 3);
    assert_string_equal(sum.problems[0].column, "Courriel");
    assert_int_equal(sum.problems[1].line, 4);
    assert_string_equal(sum.problems[1].column, "Statut");
    assert_int_equal(sum.problems[2].line, 5);
    import_summary_free(&sum);
    assert_int_equal(import_candidates(db, settings, path, 1, NULL, &sum, &err), TT_OK);
    assert_int_equal(sum.added, 1);
    import_summary_free(&sum);
    free(path);
}

/* n candidates, "Nom,Prénom,Courriel,Téléphone,Statut,Date de candidature";
 * every seventh without a date; line refused_line (if any) named Refusé. */
static char *write_simple(const char *name, int first, int n, int refused_line,
                          const char *phone)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("Nom,Prénom,Courriel,Téléphone,Statut,Date de candidature\n", f);
    for (int i = first; i < first + n; i++) {
        char date[16] = "";
        if (i % 7)
            snprintf(date, sizeof date, "2021-03-%02d", 1 + i % 28);
        fprintf(f, "%s,Éloïse,c%d@exemple.org,%s,Étudiant universitaire,%s\n",
                i - first + 2 == refused_line ? "Refusé" : "Lévesque", i, phone, date);
    }
    fclose(f);
    return path;
}

/* Written with statements prepared once and the audit log flushed by
 * batches: each candidate still has its history row, its status date, and
 * its two audit-log rows with the values written. */
static void every_row_has_its_history_and_audit(void **unused)
{
    char *path = write_simple("simple.csv", 1, 1000, 0, "819-555-0000");
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    if (import_candidates(db, settings, path, 0, NULL, &sum, &err) != TT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(sum.added, 1000);
    import_summary_free(&sum);
    assert_int_equal(scalar("SELECT count(*) FROM tutor t JOIN tutor_status_history h"
                            " ON h.tutor_id = t.id AND h.from_status IS NULL"
                            " AND h.to_status = 'received' AND t.status = 'received'"
                            " AND h.changed_on = t.status_date"
                            " AND t.status_date = ifnull(t.applied_on, '2021-04-19')"), 1000);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE applied_on IS NULL"), 142);
    assert_int_equal(scalar("SELECT count(*) FROM tutor t JOIN audit_log a"
                            " ON a.table_name = 'tutor' AND a.row_id = t.id"
                            " AND a.action = 'insert' AND a.field IS NULL"
                            " AND json_extract(a.new_value, '$.email') = t.email"
                            " AND json_extract(a.new_value, '$.last_name') = 'Lévesque'"
                            " AND json_extract(a.new_value, '$.search_key') = t.search_key"),
                     1000);
    assert_int_equal(scalar("SELECT count(*) FROM tutor_status_history h JOIN audit_log a"
                            " ON a.table_name = 'tutor_status_history' AND a.row_id = h.id"
                            " AND a.action = 'insert'"
                            " AND json_extract(a.new_value, '$.tutor_id') = h.tutor_id"), 1000);
    assert_int_equal(scalar("SELECT count(*) FROM audit_log"), 2000);
    assert_int_equal(scalar("SELECT count(*) FROM tutor WHERE search_key = 'levesque eloise'"),
                     1000);
    free(path);
}

/* A rule the import's checks do not know (a trigger here) refuses a row
 * in the middle of the file: nothing is kept, the audit log included, and
 * the message names the line. */
static void a_row_refused_by_the_database_names_its_line(void **unused)
{
    test_exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON tutor WHEN NEW.last_name = 'Refusé'"
                  " BEGIN SELECT RAISE(ABORT, 'refused'); END");
    char *path = write_simple("refused.csv", 1, 200, 71, "");
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_not_equal(import_candidates(db, settings, path, 0, NULL, &sum, &err), TT_OK);
    import_summary_free(&sum);
    if (strstr(err.msg, "line 71:") == NULL)
        fail_msg("the line is not named: %s", err.msg);
    assert_non_null(strstr(err.msg, "refused"));
    assert_int_equal(scalar("SELECT count(*) FROM tutor"), 0);
    assert_int_equal(scalar("SELECT count(*) FROM tutor_status_history"), 0);
    assert_int_equal(scalar("SELECT count(*) FROM audit_log WHERE table_name LIKE 'tutor%'"), 0);
    free(path);
}

/* A short file into a large bank: each e-mail is looked up through the
 * index rather than reading the whole table. */
static void a_few_rows_into_a_large_bank(void **unused)
{
    char *bank = write_simple("bank.csv", 1, 3000, 0, "819-555-0000");
    struct import_summary sum;
    struct tt_error err;
    tt_error_clear(&err);
    if (import_candidates(db, settings, bank, 0, NULL, &sum, &err) != TT_OK)
        fail_msg("%s", err.msg);
    import_summary_free(&sum);
    /* c2999 and c3000 are known; c3000 has a new phone. */
    char *path = xasprintf("%s/few.csv", dir);
    test_write_file(path, "Nom,Prénom,Courriel,Téléphone,Statut,Date de candidature\n"
                          "Lévesque,Éloïse,C2999@exemple.org,819-555-0000,Étudiant universitaire,2021-03-04\n"
                          "Lévesque,Éloïse,c3000@exemple.org,418-555-1234,Étudiant universitaire,\n"
                          "Nguyễn,Thị Lan,lan@exemple.org,,Retraité,2021-04-01\n");
    tt_error_clear(&err);
    if (import_candidates(db, settings, path, 0, NULL, &sum, &err) != TT_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(sum.added, 1);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.unchanged, 1);
    import_summary_free(&sum);
    assert_int_equal(scalar("SELECT count(*) FROM tutor"), 3001);
    assert_int_equal(scalar("SELECT count(*) FROM audit_log WHERE table_name = 'tutor'"
                            " AND row_id = 3000 AND action = 'update' AND field = 'phone'"
                            " AND old_value = '819-555-0000' AND new_value = '418-555-1234'"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM tutor t JOIN tutor_status_history h"
                            " ON h.tutor_id = t.id WHERE t.email = 'lan@exemple.org'"
                            " AND t.id = 3001 AND h.changed_on = '2021-04-01'"
                            " AND t.search_key = 'nguyen thi lan'"), 1);
    free(bank);
    free(path);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    setenv("TUTORAT_TODAY", "2021-04-19", 1);
    i18n_init();
    import_candidates_register_settings();
    settings = settings_new();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(twenty_thousand_then_a_newer_export, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_rows_stop_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(every_row_has_its_history_and_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(a_row_refused_by_the_database_names_its_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_few_rows_into_a_large_bank, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
