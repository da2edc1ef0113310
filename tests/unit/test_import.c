/* The roster import and the CSV reader under it: Windows-1252 with
 * semicolons and no BOM, UTF-8 with a BOM and commas, quoted fields with
 * separators and line breaks, re-imports that add nothing, bad rows that
 * stop everything or go to a rejects file, the forms school systems write
 * levels and relationships in, and what a partial export must not erase. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "csvread.h"
#include "db.h"
#include "i18n.h"
#include "import_students.h"
#include "settings.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static struct tt_db *db;
static struct settings *settings;
static struct tt_error err;

static int setup(void **unused)
{
    db = test_db_new(dir, "INSERT INTO school (code, name) VALUES"
                          " ('SEDO', 'École primaire Saint-Édouard'),"
                          " ('FLEC', 'École secondaire Félix-Leclerc')");
    tt_error_clear(&err);
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
    struct tt_error e;
    if (db_scalar_int(db, sql, &v, &e) != TT_OK)
        fail_msg("%s", e.msg);
    return v;
}

/* The first column of the first row of sql, or "" (NULL); caller frees. */
static char *text_of(const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(db)));
    char *v = xstrdup(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
                      ? (const char *)sqlite3_column_text(st, 0) : "");
    sqlite3_finalize(st);
    return v;
}

static void assert_text(const char *sql, const char *expect)
{
    char *v = text_of(sql);
    if (strcmp(v, expect) != 0)
        fail_msg("%s\n-> \"%s\", expected \"%s\"", sql, v, expect);
    free(v);
}

static char *write_file(const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    test_write_file(path, text);
    return path;
}

/* Imports path; on an unexpected failure shows the rows named. */
static int import(const char *path, int skip_bad, const char *rejects, struct import_summary *sum)
{
    tt_error_clear(&err);
    return import_students(db, settings, path, skip_bad, rejects, sum, &err);
}

static void import_ok(const char *path, struct import_summary *sum)
{
    if (import(path, 0, NULL, sum) != TT_OK) {
        import_summary_print(sum, stderr);
        fail_msg("%s", err.msg);
    }
}

/* Windows-1252 bytes for the accented names French Excel writes. */
static const char *const last_cp1252[] = { "C\xf4t\xe9-B\xe9langer", "Gagn\xe9", "L\xe9vesque",
                                           "Tremblay", "B\xe9rub\xe9" };
static const char *const first_cp1252[] = { "\xc9lo\xefse", "Zo\xe9", "Ga\xebl", "Chlo\xe9",
                                            "Beno\xeet" };

/* A roster of n rows in Windows-1252, each spanning two lines; bad_rows
 * (may be NULL) spoils three of them: code permanent, date, school. */
static char *write_roster(const char *name, int n, const int bad_rows[3])
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
        if (bad_rows && i == bad_rows[0])
            snprintf(cp, sizeof cp, "AB%08d", i);
        if (bad_rows && i == bad_rows[1])
            snprintf(birth, sizeof birth, "31/02/2021");
        if (bad_rows && i == bad_rows[2])
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
    import_ok(path, &sum);
    assert_int_equal(sum.rows, 5000);
    assert_int_equal(sum.added, 5000);
    assert_int_equal(sum.rejected, 0);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 5000);
    /* Converted to UTF-8 byte for byte. */
    assert_text("SELECT last_name FROM student WHERE local_number = '3000000'",
                "C\xc3\xb4t\xc3\xa9-B\xc3\xa9langer");
    assert_text("SELECT first_name FROM student WHERE local_number = '3000000'",
                "\xc3\x89lo\xc3\xafse");
    assert_text("SELECT first_name FROM student WHERE local_number = '3000004'",
                "Beno\xc3\xaet");
    assert_text("SELECT full_name FROM guardian JOIN student s ON s.id = student_id"
                " WHERE s.local_number = '3000000'",
                "Julie C\xc3\xb4t\xc3\xa9-B\xc3\xa9langer\nm\xc3\xa8re");
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE last_name = 'Côté-Bélanger'"
                            " AND first_name = 'Éloïse'"), 1000);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE class_group = '3;01'"), 1250);
    assert_int_equal(scalar("SELECT count(*) FROM guardian WHERE full_name LIKE 'Julie %'"
                            " AND relationship = 'mother'"), 5000);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE level = 'S2'"), 1667);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE level = 'P3'"), 3333);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE birth_date = '2007-01-01'"), 60);
    import_summary_free(&sum);

    /* The same file again adds and changes nothing. */
    int64_t versions = scalar("SELECT sum(row_version) FROM student");
    import_ok(path, &sum);
    assert_int_equal(sum.added, 0);
    assert_int_equal(sum.updated, 0);
    assert_int_equal(sum.unchanged, 5000);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 5000);
    assert_int_equal(scalar("SELECT count(*) FROM guardian"), 5000);
    assert_int_equal(scalar("SELECT sum(row_version) FROM student"), versions);
    import_summary_free(&sum);
    free(path);
}

static void three_bad_rows_stop_everything(void **unused)
{
    const int bad[3] = { 10, 20, 30 };
    char *path = write_roster("bad.csv", 100, bad);
    struct import_summary sum;
    assert_int_equal(import(path, 0, NULL, &sum), TT_ERR_INVALID);
    assert_non_null(strstr(err.msg, "3 rows are wrong; nothing was imported"));
    assert_int_equal(scalar("SELECT count(*) FROM student"), 0);
    assert_int_equal(sum.n_problems, 3);
    assert_int_equal(sum.rejected, 3);
    assert_int_equal(sum.added, 0);
    /* Line 1 is the header, and each row before spans two lines. */
    const long expect[3] = { 2 + 2 * 10, 2 + 2 * 20, 2 + 2 * 30 };
    for (int i = 0; i < 3; i++)
        assert_int_equal(sum.problems[i].line, expect[i]);
    assert_string_equal(sum.problems[0].column, "Code permanent");
    assert_non_null(strstr(sum.problems[0].reason, "four letters"));
    assert_string_equal(sum.problems[1].column, "Date de naissance");
    assert_non_null(strstr(sum.problems[1].reason, "31/02/2021"));
    assert_string_equal(sum.problems[2].column, "École");
    assert_non_null(strstr(sum.problems[2].reason, "École inconnue"));
    /* What the command line prints names every one of them. */
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    import_summary_print(&sum, out);
    fclose(out);
    assert_non_null(strstr(text, "line 22, column \"Code permanent\": "));
    assert_non_null(strstr(text, "line 42, column \"Date de naissance\": "));
    assert_non_null(strstr(text, "line 62, column \"École\": "));
    free(text);
    import_summary_free(&sum);

    char *rejects = xasprintf("%s/rejects.csv", dir);
    assert_int_equal(import(path, 1, rejects, &sum), TT_OK);
    assert_int_equal(sum.added, 97);
    assert_int_equal(sum.rejected, 3);
    assert_string_equal(sum.rejects_path, rejects);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 97);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE local_number IN"
                            " ('3000010', '3000020', '3000030')"), 0);
    import_summary_free(&sum);
    /* Read back as a CSV: the original columns, in UTF-8, and the reason. */
    struct csv_table *t = NULL;
    assert_int_equal(csv_table_read(rejects, &t, &err), TT_OK);
    assert_false(t->was_cp1252);
    assert_int_equal(t->delimiter, ';');
    assert_int_equal(t->n_headers, 13);
    assert_string_equal(t->headers[1], "Code permanent");
    assert_string_equal(t->headers[11], "Courriel parent 1");
    assert_string_equal(t->headers[12], "Reason");
    assert_int_equal(t->n_rows, 3);
    const char *const locals[3] = { "3000010", "3000020", "3000030" };
    const char *const columns[3] = { "Code permanent: ", "Date de naissance: ", "École: " };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(t->rows[i].n_fields, 13);
        assert_string_equal(t->rows[i].fields[0], locals[i]);
        assert_string_equal(t->rows[i].fields[8], "Julie Côté-Bélanger\nmère");
        assert_string_equal(t->rows[i].fields[6], i == 1 ? "3;00" : "3;02");
        assert_true(strncmp(t->rows[i].fields[12], columns[i], strlen(columns[i])) == 0);
    }
    csv_table_free(t);
    /* Once fixed, the rejects file goes in as it is (its reason column is
     * none of ours); unfixed, it names the same rows at its own lines. */
    assert_int_equal(import(rejects, 0, NULL, &sum), TT_ERR_INVALID);
    assert_int_equal(sum.n_problems, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(sum.problems[i].line, 2 + 2 * i);
    import_summary_free(&sum);
    free(rejects);
    free(path);
}

static void default_rejects_file_is_beside_the_input(void **unused)
{
    char *path = write_file("few.csv", "Fiche;Nom;Prénom;Niveau;École\n1;A;B;P1;SEDO\n"
                                       "2;C;D;P9;SEDO\n");
    struct import_summary sum;
    assert_int_equal(import(path, 1, NULL, &sum), TT_OK);
    char *expect = xasprintf("%s.rejects.csv", path);
    assert_string_equal(sum.rejects_path, expect);
    assert_int_equal(access(expect, R_OK), 0);
    assert_int_equal(sum.added, 1);
    assert_int_equal(sum.rejected, 1);
    import_summary_free(&sum);
    free(expect);
    free(path);
}

static void utf8_with_bom_and_commas_updates(void **unused)
{
    char *path = write_file("bom.csv", "\xEF\xBB\xBFStudent number,Last name,First name,Grade,"
                                       "School\n"
                                       "3000001,Côté,Zoé,P4,SEDO\n"
                                       "3000002,\"Roy, fils\",Léo,S1,FLEC\n");
    struct import_summary sum;
    import_ok(path, &sum);
    assert_int_equal(sum.added, 2);
    import_summary_free(&sum);
    test_write_file(path, "\xEF\xBB\xBFStudent number,Last name,First name,Grade,School\n"
                          "3000001,Côté,Zoé,P5,SEDO\n"
                          "3000002,\"Roy, fils\",Léo,S1,FLEC\n");
    import_ok(path, &sum);
    assert_int_equal(sum.added, 0);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.unchanged, 1);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 2);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE level = 'P5'"), 1);
    assert_text("SELECT last_name FROM student WHERE local_number = '3000002'", "Roy, fils");
    assert_text("SELECT first_name FROM student WHERE local_number = '3000001'", "Zo\xc3\xa9");
    import_summary_free(&sum);
    free(path);
}

static void headers_mapped_by_configuration(void **unused)
{
    char *path = write_file("custom.csv", "Identifiant;Nom;Prénom;Niveau;École\n"
                                          "4000001;Dubé;Noé;P2;SEDO\n");
    struct import_summary sum;
    assert_int_equal(import(path, 0, NULL, &sum), TT_ERR_INVALID);
    assert_non_null(strstr(err.msg, "local_number"));
    import_summary_free(&sum);
    char *ini = write_file("map.ini", "[import_students]\nlocal_number = IDENTIFIANT\n");
    struct settings *s = settings_new();
    assert_int_equal(settings_load_file(s, ini, 1, &err), TT_OK);
    tt_error_clear(&err);
    assert_int_equal(import_students(db, s, path, 0, NULL, &sum, &err), TT_OK);
    assert_int_equal(sum.added, 1);
    assert_text("SELECT last_name FROM student WHERE local_number = '4000001'", "Dubé");
    import_summary_free(&sum);
    /* A field name we do not have is refused, with the ones we have. */
    test_write_file(ini, "[import_students]\nlocal_numbr = Identifiant\n");
    assert_int_equal(settings_load_file(s, ini, 1, &err), TT_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "local_numbr"));
    assert_non_null(strstr(err.msg, "guardian2_email"));
    settings_free(s);
    free(ini);
    free(path);
}

static void missing_required_column_is_named(void **unused)
{
    char *path = write_file("nolast.csv", "Fiche;Prénom;Niveau;École\n1;Zoé;P2;SEDO\n");
    struct import_summary sum;
    assert_int_equal(import(path, 1, NULL, &sum), TT_ERR_INVALID);
    assert_non_null(strstr(err.msg, "no column for last_name"));
    assert_non_null(strstr(err.msg, "\"nom\""));
    assert_non_null(strstr(err.msg, path));
    assert_int_equal(scalar("SELECT count(*) FROM student"), 0);
    import_summary_free(&sum);
    free(path);
}

static void repeated_and_broken_files(void **unused)
{
    /* The second occurrence is the bad row, whether or not the first is
     * good; the same rows are named with and without --skip-bad. */
    char *path = write_file("twice.csv", "Fiche;Nom;Prénom;Niveau;École\n5;A;B;P1;SEDO\n"
                                         "5;C;D;P1;SEDO\n6;E;F;P1;Nowhere\n6;G;H;P1;SEDO\n");
    struct import_summary sum;
    assert_int_equal(import(path, 0, NULL, &sum), TT_ERR_INVALID);
    assert_int_equal(sum.n_problems, 3);
    assert_int_equal(sum.problems[0].line, 3);
    assert_string_equal(sum.problems[0].column, "Fiche");
    assert_non_null(strstr(sum.problems[0].reason, "already on line 2"));
    assert_int_equal(sum.problems[1].line, 4);
    assert_int_equal(sum.problems[2].line, 5);
    assert_non_null(strstr(sum.problems[2].reason, "already on line 4"));
    import_summary_free(&sum);
    char *rejects = xasprintf("%s/twice-rejects.csv", dir);
    assert_int_equal(import(path, 1, rejects, &sum), TT_OK);
    assert_int_equal(sum.n_problems, 3);
    assert_int_equal(sum.added, 1);
    assert_text("SELECT last_name FROM student WHERE local_number = '5'", "A");
    import_summary_free(&sum);
    test_exec(db, "DELETE FROM guardian; DELETE FROM student");

    test_write_file(path, "Fiche;Nom;Prénom;Niveau;École\n6;\"never closed;B;P1;SEDO\n");
    assert_int_not_equal(import(path, 0, NULL, &sum), TT_OK);
    assert_non_null(strstr(err.msg, "line 2"));
    import_summary_free(&sum);
    /* A first field that never closes is placed where it opens. */
    test_write_file(path, "Fiche;Nom;Prénom;Niveau;École\n7;A;B;P1;SEDO\n\"8;A;B;P1;SEDO\n"
                          "9;A;B;P1;SEDO\n");
    assert_int_not_equal(import(path, 1, NULL, &sum), TT_OK);
    assert_non_null(strstr(err.msg, "line 3: a quoted field is never closed"));
    import_summary_free(&sum);
    assert_int_not_equal(import("/nonexistent/x.csv", 0, NULL, &sum), TT_OK);
    assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
    import_summary_free(&sum);
    test_write_file(path, "\n\n");
    assert_int_not_equal(import(path, 0, NULL, &sum), TT_OK);
    assert_non_null(strstr(err.msg, "empty"));
    import_summary_free(&sum);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 0);
    free(rejects);
    free(path);
}

static void levels_as_school_systems_write_them(void **unused)
{
    static const struct {
        const char *value, *primary, *secondary;   /* NULL: refused */
    } cases[] = {
        { "P3", "P3", "P3" }, { "p 3", "P3", "P3" }, { "3e année", "P3", "P3" },
        { "1re année", "P1", "P1" }, { "01", "P1", "S1" }, { "6", "P6", NULL },
        { "7", NULL, NULL }, { "Sec 2", "S2", "S2" }, { "2e secondaire", "S2", "S2" },
        { "Secondaire 5", "S5", "S5" }, { "2e année du secondaire", "S2", "S2" },
        { "S6", NULL, NULL }, { "Sec 6", NULL, NULL }, { "Grade 8", "S2", "S2" },
        { "Grade 3", "P3", "P3" }, { "Grade 12", NULL, NULL }, { "PRE4", "PRE4", "PRE4" },
        { "pre5", "PRE5", "PRE5" }, { "Maternelle", "PRE5", "PRE5" },
        { "Maternelle 4 ans", "PRE4", "PRE4" }, { "Prématernelle", "PRE4", "PRE4" },
        { "Pré-K", "PRE4", "PRE4" }, { "Groupe 3", NULL, NULL }, { "P0", NULL, NULL },
        { "2021", NULL, NULL }, { "Secondaire", NULL, NULL }, { "3/4", NULL, NULL },
    };
    size_t n = TT_ARRAY_LEN(cases);
    char *csv = xstrdup("Fiche;Nom;Prénom;Niveau;École\n");
    for (size_t i = 0; i < n; i++)
        for (int sec = 0; sec < 2; sec++) {
            char *more = xasprintf("%s%zu%d;N;P;%s;%s\n", csv, 10 + i, sec, cases[i].value,
                                   sec ? "FLEC" : "SEDO");
            free(csv);
            csv = more;
        }
    char *path = write_file("levels.csv", csv);
    free(csv);
    struct import_summary sum;
    assert_int_equal(import(path, 1, NULL, &sum), TT_OK);
    long refused = 0;
    for (size_t i = 0; i < n; i++)
        for (int sec = 0; sec < 2; sec++) {
            const char *expect = sec ? cases[i].secondary : cases[i].primary;
            char *sql = xasprintf("SELECT level FROM student WHERE local_number = '%zu%d'",
                                  10 + i, sec);
            char *got = text_of(sql);
            if (strcmp(got, expect ? expect : "") != 0)
                fail_msg("\"%s\" in a %s school: got \"%s\", expected %s", cases[i].value,
                         sec ? "secondary" : "primary", got, expect ? expect : "a refusal");
            refused += expect == NULL;
            free(got);
            free(sql);
        }
    assert_int_equal(sum.rejected, refused);
    for (long i = 0; i < sum.n_problems; i++) {
        assert_string_equal(sum.problems[i].column, "Niveau");
        assert_non_null(strstr(sum.problems[i].reason, "2e secondaire"));
    }
    import_summary_free(&sum);
    free(path);
}

static void relationships_and_guardians(void **unused)
{
    char *path = write_file("rel.csv",
        "Fiche;Nom;Prénom;Niveau;École;Parent 1;Lien parent 1;Parent 2;Lien parent 2;"
        "Courriel parent 2\n"
        "1;A;B;P1;SEDO;Julie Roy;MÈRE;Marc Roy;père;marc@example.org\n"
        "2;A;B;P1;SEDO;Anne Roy;;Paul Roy;Grand-père;\n"
        "3;A;B;P1;SEDO;Lise Roy;Tutrice;;;\n"
        "4;A;B;P1;SEDO;Joe Roy;voisin;;;\n"
        "5;A;B;P1;SEDO;Ève Roy;Mother;Luc Roy;Father;pas une adresse\n");
    struct import_summary sum;
    assert_int_equal(import(path, 1, NULL, &sum), TT_OK);
    assert_int_equal(sum.added, 3);
    assert_int_equal(sum.rejected, 2);
    assert_int_equal(sum.problems[0].line, 5);
    assert_string_equal(sum.problems[0].column, "Lien parent 1");
    assert_non_null(strstr(sum.problems[0].reason, "voisin"));
    assert_int_equal(sum.problems[1].line, 6);
    assert_string_equal(sum.problems[1].column, "Courriel parent 2");
    import_summary_free(&sum);
    assert_text("SELECT group_concat(relationship || ':' || ifnull(email, ''), ' ')"
                " FROM (SELECT g.relationship, g.email FROM guardian g"
                " JOIN student s ON s.id = g.student_id WHERE s.local_number = '1'"
                " ORDER BY g.rank)", "mother: father:marc@example.org");
    assert_text("SELECT group_concat(relationship, ' ') FROM (SELECT g.relationship"
                " FROM guardian g JOIN student s ON s.id = g.student_id"
                " WHERE s.local_number = '2' ORDER BY g.rank)", "guardian other");
    assert_text("SELECT g.relationship FROM guardian g JOIN student s ON s.id = g.student_id"
                " WHERE s.local_number = '3'", "guardian");
    free(path);
}

/* A school system's partial export (no code permanent, no birth date, no
 * phone column) must not erase what is stored; nor may it touch what an
 * export never carries (language, flags, a guardian's language). */
static void partial_export_keeps_stored_values(void **unused)
{
    char *path = write_file("full.csv",
        "Fiche;Code permanent;Nom;Prénom;Date de naissance;Niveau;Groupe;École;"
        "Parent 1;Lien parent 1;Téléphone parent 1\n"
        "1;ABCD12345678;Côté;Zoé;2012-03-04;P3;301;SEDO;Julie Côté;Mère;819-555-0101\n");
    struct import_summary sum;
    import_ok(path, &sum);
    import_summary_free(&sum);
    test_exec(db, "UPDATE student SET language = 'fr', has_intervention_plan = 1;"
                  " UPDATE guardian SET language = 'en'");
    test_write_file(path, "Fiche;Nom;Prénom;Niveau;École;Parent 1;Lien parent 1\n"
                          "1;Côté;Zoé;P3;SEDO;Julie Côté;\n");
    import_ok(path, &sum);
    assert_int_equal(sum.unchanged, 1);
    import_summary_free(&sum);
    /* A real change keeps the rest too. */
    test_write_file(path, "Fiche;Nom;Prénom;Niveau;École;Parent 1;Lien parent 1\n"
                          "1;Côté;Zoé;P4;SEDO;JULIE CÔTÉ;\n");
    import_ok(path, &sum);
    assert_int_equal(sum.updated, 1);
    import_summary_free(&sum);
    assert_text("SELECT code_permanent || ' ' || birth_date || ' ' || class_group || ' ' ||"
                " level || ' ' || language || ' ' || has_intervention_plan FROM student",
                "ABCD12345678 2012-03-04 301 P4 fr 1");
    assert_text("SELECT full_name || ' ' || relationship || ' ' || phone || ' ' || language"
                " FROM guardian", "JULIE CÔTÉ mother 819-555-0101 en");
    /* Another person as guardian 1: nothing of the former one is kept. */
    test_write_file(path, "Fiche;Nom;Prénom;Niveau;École;Parent 1\n"
                          "1;Côté;Zoé;P4;SEDO;Marc Côté\n");
    import_ok(path, &sum);
    assert_int_equal(sum.updated, 1);
    import_summary_free(&sum);
    assert_text("SELECT full_name || ' ' || relationship || ' ' || ifnull(phone, '-') || ' ' ||"
                " ifnull(language, '-') FROM guardian", "Marc Côté guardian - -");
    /* An empty cell in a column the file has is what the school says. */
    test_write_file(path, "Fiche;Code permanent;Nom;Prénom;Niveau;École\n"
                          "1;;Côté;Zoé;P4;SEDO\n");
    import_ok(path, &sum);
    assert_int_equal(sum.updated, 1);
    import_summary_free(&sum);
    assert_int_equal(scalar("SELECT count(*) FROM student WHERE code_permanent IS NULL"), 1);
    free(path);
}

static void code_permanent_taken_is_a_bad_row(void **unused)
{
    char *path = write_file("cp1.csv", "Fiche;Code permanent;Nom;Prénom;Niveau;École\n"
                                       "1;ABCD12345678;A;B;P1;SEDO\n"
                                       "9;EFGH12345678;K;L;P1;SEDO\n");
    struct import_summary sum;
    import_ok(path, &sum);
    import_summary_free(&sum);
    /* Held by a stored student; given twice in the file; released by its
     * student earlier in the file, then given to another (accepted). */
    test_write_file(path, "Fiche;Code permanent;Nom;Prénom;Niveau;École\n"
                          "2;efgh 1234 5678;C;D;P1;SEDO\n"
                          "3;WXYZ11112222;E;F;P1;SEDO\n"
                          "4;WXYZ11112222;G;H;P1;SEDO\n"
                          "1;;A;B;P1;SEDO\n"
                          "5;ABCD12345678;I;J;P1;SEDO\n");
    assert_int_equal(import(path, 0, NULL, &sum), TT_ERR_INVALID);
    assert_int_equal(sum.n_problems, 2);
    assert_int_equal(sum.problems[0].line, 2);
    assert_string_equal(sum.problems[0].column, "Code permanent");
    assert_non_null(strstr(sum.problems[0].reason, "EFGH12345678 already belongs to the student "
                                                    "with local number 9"));
    assert_int_equal(sum.problems[1].line, 4);
    assert_non_null(strstr(sum.problems[1].reason, "already on line 3"));
    import_summary_free(&sum);
    assert_int_equal(scalar("SELECT count(*) FROM student"), 2);
    assert_text("SELECT local_number FROM student WHERE code_permanent = 'ABCD12345678'", "1");
    char *rejects = xasprintf("%s/cp-rejects.csv", dir);
    assert_int_equal(import(path, 1, rejects, &sum), TT_OK);
    assert_int_equal(sum.added, 2);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.rejected, 2);
    assert_text("SELECT local_number FROM student WHERE code_permanent = 'ABCD12345678'", "5");
    import_summary_free(&sum);
    free(rejects);
    free(path);
}

static void blank_rows_are_not_rows(void **unused)
{
    char *path = write_file("blank.csv", "\r\nFiche;Nom;Prénom;Niveau;École;;\r\n"
                                         "1;A;B;P1;SEDO;;\r\n;;;;;;\r\n\r\n"
                                         "2;C;D;P2;SEDO;;\r\n;;;;;;\r\n;;;;;;\r\n");
    struct import_summary sum;
    import_ok(path, &sum);
    assert_int_equal(sum.rows, 2);
    assert_int_equal(sum.added, 2);
    import_summary_free(&sum);
    free(path);
}

/* The reader alone: where records start, quoted separators and line
 * breaks, a header of comma-separated quoted names. */
static void reader_counts_physical_lines(void **unused)
{
    char *path = write_file("lines.csv", "\"Name\",\"Note; with semicolons; many\",Third\n"
                                         "\"multi\nline\nfirst\",b,c\n"
                                         "\n"
                                         "x,\"y\r\nz\",\"q \"\"quoted\"\"\"\n"
                                         "last,row,no newline");
    struct csv_reader *r = NULL;
    assert_int_equal(csv_reader_open(path, &r, &err), TT_OK);
    const struct csv_table *h = csv_reader_header(r);
    assert_int_equal(h->delimiter, ',');
    assert_int_equal(h->n_headers, 3);
    assert_string_equal(h->headers[1], "Note; with semicolons; many");
    const struct csv_record *rec;
    const long lines[] = { 2, 6, 8 };
    const char *const first[] = { "multi\nline\nfirst", "x", "last" };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(csv_reader_next(r, &rec, &err), TT_OK);
        assert_non_null(rec);
        assert_int_equal(rec->line, lines[i]);
        assert_string_equal(rec->fields[0], first[i]);
        assert_int_equal(rec->n_fields, 3);
    }
    assert_int_equal(csv_reader_next(r, &rec, &err), TT_OK);
    assert_null(rec);
    csv_reader_close(r);
    /* Windows-1252 detected from bytes that are not UTF-8. */
    test_write_file(path, "Nom;Pr\xe9nom\nC\xf4t\xe9;\x80uro\n");
    struct csv_table *t = NULL;
    assert_int_equal(csv_table_read(path, &t, &err), TT_OK);
    assert_true(t->was_cp1252);
    assert_int_equal(t->delimiter, ';');
    assert_string_equal(t->headers[1], "Pr\xc3\xa9nom");
    assert_int_equal(t->n_rows, 1);
    assert_string_equal(t->rows[0].fields[1], "\xe2\x82\xac" "uro");
    csv_table_free(t);
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
        cmocka_unit_test_setup_teardown(default_rejects_file_is_beside_the_input, setup, teardown),
        cmocka_unit_test_setup_teardown(utf8_with_bom_and_commas_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(headers_mapped_by_configuration, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_required_column_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(repeated_and_broken_files, setup, teardown),
        cmocka_unit_test_setup_teardown(levels_as_school_systems_write_them, setup, teardown),
        cmocka_unit_test_setup_teardown(relationships_and_guardians, setup, teardown),
        cmocka_unit_test_setup_teardown(partial_export_keeps_stored_values, setup, teardown),
        cmocka_unit_test_setup_teardown(code_permanent_taken_is_a_bad_row, setup, teardown),
        cmocka_unit_test_setup_teardown(blank_rows_are_not_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(reader_counts_physical_lines, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
