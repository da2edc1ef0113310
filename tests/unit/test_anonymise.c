/* Law 25: anonymising a finished school year.  On the demo, every weekly
 * report of the year is the same before and after; no name, e-mail, phone
 * or code permanent of the people anonymised is left anywhere in the
 * database file or its log (as `strings` would find them), accented names
 * included, while the backup still has them; people with later activity
 * and those of an earlier year are kept; the logs stay append-only; refusals
 * and failures change nothing. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "anonymise.h"
#include "db.h"
#include "demo.h"
#include "i18n.h"
#include "import_common.h"
#include "import_students.h"
#include "report_weekly.h"
#include "settings.h"
#include "student_export.h"
#include "students.h"
#include "testutil.h"
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

static int64_t scalar(struct tt_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(db)));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Each test in its own folder, so each has its own backups folder. */
static struct tt_db *demo(const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/%s/tutorat.db", dir, name);
    struct tt_db *db = NULL;
    struct tt_error err;
    tt_error_clear(&err);
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != TT_OK)
        fail_msg("%s", err.msg);
    struct demo_summary sum;
    if (demo_create(db, settings, day("2021-04-19"), &sum, &err) != TT_OK)
        fail_msg("demo: %s", err.msg);
    return db;
}

/* ---- byte sets ---------------------------------------------------------- */

struct strings {
    char **v;
    size_t n, cap;
};

static void strings_add(struct strings *s, const char *text)
{
    if (text == NULL || text[0] == '\0')
        return;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], text) == 0)
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = xstrdup(text);
}

static void strings_free(struct strings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Every value of the columns sql selects, for the rows it selects. */
static void collect(struct tt_db *db, const char *sql, struct strings *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(db)));
    while (sqlite3_step(st) == SQLITE_ROW)
        for (int i = 0; i < sqlite3_column_count(st); i++)
            strings_add(out, (const char *)sqlite3_column_text(st, i));
    sqlite3_finalize(st);
}

struct bytes {
    char *p;
    size_t n;
};

static void bytes_append_file(struct bytes *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return;
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        b->p = xrealloc(b->p, b->n + got + 1);
        memcpy(b->p + b->n, buf, got);
        b->n += got;
        b->p[b->n] = '\0';
    }
    fclose(f);
}

static int bytes_has(const struct bytes *b, const char *text)
{
    size_t len = strlen(text);
    if (len == 0 || len > b->n)
        return 0;
    return memmem(b->p, b->n, text, len) != NULL;
}

/* The database file and its write-ahead log, as `strings` reads them. */
static void file_bytes(struct tt_db *db, struct bytes *b)
{
    memset(b, 0, sizeof *b);
    bytes_append_file(b, db_path(db));
    char wal[800];
    snprintf(wal, sizeof wal, "%s-wal", db_path(db));
    bytes_append_file(b, wal);
}

/* Every text value the database holds, as SQL reads it; without the logs,
 * what the records themselves hold. */
static void live_text(struct tt_db *db, int logs, struct bytes *b)
{
    memset(b, 0, sizeof *b);
    struct strings tables = { 0 };
    collect(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'student_fts%'", &tables);
    if (!logs) {
        for (size_t t = 0; t < tables.n; t++)
            if (strcmp(tables.v[t], "audit_log") == 0 || strcmp(tables.v[t], "access_log") == 0)
                tables.v[t][0] = '\0';
    }
    for (size_t t = 0; t < tables.n; t++) {
        if (tables.v[t][0] == '\0')
            continue;
        char *sql = xasprintf("SELECT * FROM \"%s\"", tables.v[t]);
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                if (sqlite3_column_type(st, i) != SQLITE_TEXT)
                    continue;
                const char *v = (const char *)sqlite3_column_text(st, i);
                size_t len = strlen(v);
                b->p = xrealloc(b->p, b->n + len + 2);
                memcpy(b->p + b->n, v, len);
                b->n += len;
                b->p[b->n++] = '\n';
                b->p[b->n] = '\0';
            }
        }
        sqlite3_finalize(st);
        free(sql);
    }
    strings_free(&tables);
}

/* A digest of every row of every table: what "nothing changed" means. */
static uint64_t digest(struct tt_db *db)
{
    /* Audit entries of earlier writes are written at the next statement. */
    struct tt_error err;
    int64_t n;
    tt_error_clear(&err);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log", &n, &err), TT_OK);
    struct bytes b;
    live_text(db, 1, &b);
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < b.n; i++)
        h = (h ^ (unsigned char)b.p[i]) * 1099511628211ULL;
    free(b.p);
    struct strings tables = { 0 };
    collect(db, "SELECT name || ':' || (SELECT count(*) FROM pragma_table_info(name))"
                " FROM sqlite_master WHERE type IN ('table', 'trigger')", &tables);
    h ^= tables.n;
    strings_free(&tables);
    return h ^ (uint64_t)scalar(db, "SELECT count(*) FROM audit_log")
           ^ (uint64_t)scalar(db, "SELECT total(length(sql)) FROM sqlite_master") << 20;
}

/* The search index's pages, as hex, in order. */
static char *fts_blocks(struct tt_db *db)
{
    struct strings t = { 0 };
    collect(db, "SELECT group_concat(h, ',') FROM (SELECT id || ':' || hex(block) AS h"
                " FROM student_fts_data ORDER BY id)", &t);
    assert_int_equal(t.n, 1);
    char *out = t.v[0];
    t.v[0] = NULL;
    t.n = 0;
    strings_free(&t);
    return out;
}

/* ---- the weekly reports -------------------------------------------------- */

static int same_report(const struct weekly_report *a, const struct weekly_report *b)
{
    if (a->monday != b->monday || a->program_start != b->program_start ||
        strcmp(a->organisation, b->organisation) != 0 || a->staff_interest != b->staff_interest ||
        a->total_hired != b->total_hired || a->n_schools != b->n_schools)
        return 0;
    for (int c = 0; c < RPT_CATEGORIES; c++)
        if (a->received[c] != b->received[c] || a->processing[c] != b->processing[c] ||
            a->hired[c] != b->hired[c])
            return 0;
    for (int i = 0; i <= a->n_schools; i++) {
        const struct weekly_service *x = i < a->n_schools ? &a->schools[i] : &a->total;
        const struct weekly_service *y = i < b->n_schools ? &b->schools[i] : &b->total;
        if (strcmp(x->school, y->school) != 0 || x->students_week != y->students_week ||
            x->students_total != y->students_total ||
            x->session_minutes_week != y->session_minutes_week ||
            x->session_minutes_total != y->session_minutes_total ||
            x->student_minutes_week != y->student_minutes_week ||
            x->student_minutes_total != y->student_minutes_total)
            return 0;
    }
    return 1;
}

#define MAX_WEEKS 60

/* Every week of the 2020-2021 school year (2020-08-25 to 2021-06-23). */
static int year_reports(struct tt_db *db, struct weekly_report out[MAX_WEEKS])
{
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    for (tt_day m = date_week_monday(day("2020-08-25")); m <= day("2021-06-23"); m += 7) {
        assert_true(n < MAX_WEEKS);
        if (report_weekly(db, settings, m, day("2021-06-23"), &out[n], &err) != TT_OK)
            fail_msg("report: %s", err.msg);
        n++;
    }
    return n;
}

/* ---- the scenario ------------------------------------------------------- */

/* Besides the demo: a candidate of the year before (a 2019-2020 school
 * year), a student and a tutor active after the year, a guardian replaced
 * then removed (the log keeps the old name), and an export whose file name
 * names the student. */
static void enrich(struct tt_db *db, int64_t *later_student, int64_t *later_tutor,
                   int64_t *exported)
{
    test_exec(db, "INSERT INTO school_year (label, start_date, end_date)"
                  " VALUES ('2019-2020', '2019-08-26', '2020-06-23')");
    test_exec(db, "INSERT INTO tutor (last_name, first_name, email, phone, category, source,"
                  " applied_on, status_date) VALUES ('Lajoie-Ste-Marie', 'Bernadette',"
                  " 'bernadette.lajoie@courriel.example', '819-555-4242', 'retiree', 'platform',"
                  " '2020-03-02', '2020-03-02')");
    test_exec(db, "INSERT INTO tutor_status_history (tutor_id, to_status, changed_on, changed_by)"
                  " SELECT id, 'received', '2020-03-02', 'x' FROM tutor WHERE first_name ="
                  " 'Bernadette'");
    *later_student = scalar(db, "SELECT student_id FROM referral ORDER BY id LIMIT 1");
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO progress_note (student_id, subject, kind, note_date,"
                              " score, author) VALUES (%lld, 'math', 'note', '2021-09-15', 3,"
                              " 'x')", (long long)*later_student);
    test_exec(db, sql);
    *later_tutor = scalar(db, "SELECT id FROM tutor WHERE last_name = 'Beaulieu'");
    snprintf(sql, sizeof sql, "INSERT INTO tutor_rate (tutor_id, effective_on, rate_cents,"
                              " set_by, note) VALUES (%lld, '2021-09-01', 2600, 'x',"
                              " 'Taux 2021-2022')", (long long)*later_tutor);
    test_exec(db, sql);
    /* A second guardian renamed, then removed: only the log still has
     * "Ghislaine Tétreault-Ouimet". */
    int64_t g = scalar(db, "SELECT g.id FROM guardian g JOIN referral r ON r.student_id ="
                           " g.student_id WHERE g.rank = 2 ORDER BY r.id DESC LIMIT 1");
    snprintf(sql, sizeof sql, "UPDATE guardian SET full_name = 'Ghislaine Tétreault-Ouimet',"
                              " email = 'ghislaine.to@courriel.example' WHERE id = %lld",
             (long long)g);
    test_exec(db, sql);
    snprintf(sql, sizeof sql, "DELETE FROM guardian WHERE id = %lld", (long long)g);
    test_exec(db, sql);
    *exported = scalar(db, "SELECT student_id FROM referral ORDER BY id DESC LIMIT 1");
    char path[800];
    snprintf(path, sizeof path, "%s/dossier-Zéphirine-Ouellette.json", dir);
    struct tt_error err;
    tt_error_clear(&err);
    assert_int_equal(student_export(db, *exported, path, &err), TT_OK);
    unlink(path);
    /* Flushes the audit entries of the writes above. */
    int64_t n;
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM audit_log", &n, &err), TT_OK);
}

/* What identifies the year's people, read before: names, e-mails, phones,
 * codes permanent, local numbers, referrers; and what enrich added. */
static void identities(struct tt_db *db, struct strings *out)
{
    collect(db, "SELECT last_name, first_name, code_permanent, local_number"
                " FROM student WHERE id IN"
                " (SELECT student_id FROM referral) AND id <> (SELECT student_id FROM referral"
                "  ORDER BY id LIMIT 1)", out);
    collect(db, "SELECT full_name, phone, email FROM guardian WHERE student_id IN"
                " (SELECT student_id FROM referral) AND student_id <> (SELECT student_id FROM"
                "  referral ORDER BY id LIMIT 1)", out);
    collect(db, "SELECT referrer_name FROM referral WHERE student_id <> (SELECT student_id FROM"
                " referral ORDER BY id LIMIT 1)", out);
    collect(db, "SELECT last_name, first_name, email, phone, employee_number FROM tutor"
                " WHERE last_name NOT IN ('Beaulieu', 'Lajoie-Ste-Marie')", out);
    strings_add(out, "Ghislaine Tétreault-Ouimet");
    strings_add(out, "ghislaine.to@courriel.example");
    strings_add(out, "Zéphirine-Ouellette");
}

static void the_year_is_anonymised_and_its_reports_unchanged(void **state)
{
    (void)state;
    struct tt_db *db = demo("year");
    int64_t later_student, later_tutor, exported;
    enrich(db, &later_student, &later_tutor, &exported);
    struct strings ids = { 0 };
    identities(db, &ids);
    char *keep_trigger_sql = NULL;
    {
        struct strings t = { 0 };
        collect(db, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master"
                    " WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'access_log')"
                    " ORDER BY name)", &t);
        assert_int_equal(t.n, 1);
        keep_trigger_sql = xstrdup(t.v[0]);
        strings_free(&t);
    }
    static struct weekly_report before[MAX_WEEKS], after[MAX_WEEKS];
    int weeks = year_reports(db, before);
    assert_true(weeks >= 40);
    /* The demo's eight weeks of sessions are in it. */
    long served = 0;
    for (int w = 0; w < weeks; w++)
        served += before[w].total.students_week;
    assert_true(served > 0);

    struct tt_error err;
    tt_error_clear(&err);
    struct anonymise_summary preview, sum;
    assert_int_equal(anonymise_preview(db, "2020-2021", day("2021-08-15"), &preview, &err), TT_OK);
    /* Sixty referred students, one with a note in September; 25 demo tutors,
     * one with a rate from September; the 2019-2020 candidate is not this
     * year's. */
    assert_int_equal(preview.students, 59);
    assert_int_equal(preview.tutors, 24);
    assert_true(preview.guardians >= 59);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student WHERE anonymised = 1"), 0);

    assert_int_equal(anonymise_year(db, settings, "2020-2021", day("2021-08-15"), &sum, &err),
                     TT_OK);
    assert_int_equal(sum.students, 59);
    assert_int_equal(sum.tutors, 24);
    assert_int_equal(sum.guardians, preview.guardians);
    assert_int_equal(sum.referrals, 59);
    assert_true(sum.consents > 0 && sum.memberships > 0 && sum.progress_notes > 0);
    assert_true(sum.sessions > 0);          /* the demo's cancellations */
    assert_true(sum.audit_entries > 100);
    assert_int_equal(sum.access_entries, 1);
    assert_true(sum.vacuumed);
    assert_true(sum.wal_emptied);

    /* The backup: there, owner only, and it still has the names. */
    struct stat st;
    assert_int_equal(stat(sum.backup_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_non_null(strstr(sum.backup_path, "/backups/tutorat-before-anonymise-2020-2021-"
                                            "2021-08-15.db"));

    /* Every week's report is the same. */
    assert_int_equal(year_reports(db, after), weeks);
    for (int w = 0; w < weeks; w++) {
        if (!same_report(&before[w], &after[w])) {
            char iso[11];
            date_iso(before[w].monday, iso);
            fail_msg("the report of the week of %s changed", iso);
        }
        report_weekly_free(&before[w]);
        report_weekly_free(&after[w]);
    }

    /* What SQL sees. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM student WHERE anonymised = 1"), 59);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student WHERE anonymised = 1 AND"
                                " (code_permanent IS NOT NULL OR birth_date IS NOT NULL OR"
                                " search_key <> '' OR last_name <> 'Anonymised' OR"
                                " first_name <> '#' || id OR local_number <> 'ANON' || id)"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM guardian g JOIN student s ON s.id ="
                                " g.student_id WHERE s.anonymised = 1 AND (g.phone IS NOT NULL"
                                " OR g.email IS NOT NULL OR g.full_name <> 'Anonymised')"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM referral r JOIN student s ON s.id ="
                                " r.student_id WHERE s.anonymised = 1 AND (r.difficulties IS NOT"
                                " NULL OR r.strengths IS NOT NULL OR r.referrer_name <>"
                                " 'Anonymised')"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM progress_note p JOIN student s ON s.id ="
                                " p.student_id WHERE s.anonymised = 1 AND p.body IS NOT NULL"), 0);
    /* Kept: the student and the tutor active in September, the candidate
     * of 2019-2020, and the levels, schools and hours. */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM student WHERE id = %lld AND"
                              " anonymised = 0 AND last_name <> 'Anonymised'",
             (long long)later_student);
    assert_int_equal(scalar(db, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM tutor WHERE id = %lld AND last_name ="
                              " 'Beaulieu' AND email IS NOT NULL", (long long)later_tutor);
    assert_int_equal(scalar(db, sql), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM tutor WHERE first_name = 'Bernadette'"), 1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student WHERE level IS NULL"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM school_year WHERE label = '2020-2021'"
                                " AND anonymised_at IS NOT NULL"), 1);
    /* One entry says it was done, with the counts, and nothing else new. */
    assert_int_equal(scalar(db, "SELECT json_extract(new_value, '$.students') FROM audit_log"
                                " WHERE table_name = 'school_year' AND field = 'anonymised_at'"),
                     59);
    /* The search index has no old word, and is sound. */
    assert_int_equal(scalar(db, "SELECT count(*) FROM student_fts WHERE student_fts MATCH"
                                " 'anonymised OR anon'"), 0);
    test_exec(db, "INSERT INTO student_fts (student_fts) VALUES ('integrity-check')");
    struct strings codes = { 0 };
    collect(db, "SELECT lower(code_permanent) FROM student WHERE code_permanent IS NOT NULL",
            &codes);
    assert_true(codes.n > 20);
    for (size_t i = 0; i < ids.n; i++) {
        /* The removed codes: folded as the index has them. */
        if (strlen(ids.v[i]) != 12 || ids.v[i][4] < '0' || ids.v[i][4] > '9')
            continue;
        char *lower = xstrdup(ids.v[i]);
        for (char *c = lower; *c; c++)
            *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
        sqlite3_stmt *q = NULL;
        assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT count(*) FROM student_fts"
                                            " WHERE student_fts MATCH ?1", -1, &q, NULL),
                         SQLITE_OK);
        char *phrase = xasprintf("\"%s\"", lower);
        sqlite3_bind_text(q, 1, phrase, -1, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        if (sqlite3_column_int(q, 0) != 0)
            fail_msg("the search index still finds %s", lower);
        sqlite3_finalize(q);
        free(phrase);
        free(lower);
    }
    strings_free(&codes);

    /* The index is what a fresh rebuild makes of the search keys: no
     * segment of the old words is left behind. */
    char *fts = fts_blocks(db);
    test_exec(db, "INSERT INTO student_fts (student_fts) VALUES ('rebuild')");
    char *fts_again = fts_blocks(db);
    if (strcmp(fts, fts_again) != 0)
        fail_msg("the search index holds more than a rebuild from the search keys makes");
    free(fts);
    free(fts_again);

    /* The bytes: what no kept record holds is nowhere in the file or its
     * log (the audit log included), while the backup has it. */
    struct bytes live, file, backup = { 0 };
    live_text(db, 0, &live);
    file_bytes(db, &file);
    bytes_append_file(&backup, sum.backup_path);
    size_t checked = 0, accented = 0, in_backup = 0;
    for (size_t i = 0; i < ids.n; i++) {
        const char *v = ids.v[i];
        /* Shared with someone kept (a roster student named Côté too). */
        if (bytes_has(&live, v))
            continue;
        checked++;
        for (const unsigned char *c = (const unsigned char *)v; *c; c++)
            if (*c >= 0x80) {
                accented++;
                break;
            }
        in_backup += bytes_has(&backup, v);
        if (bytes_has(&file, v))
            fail_msg("\"%s\" is still in the database file", v);
    }
    if (getenv("TEST_VERBOSE"))
        fprintf(stderr, "# %zu values, %zu checked, %zu accented\n", ids.n, checked, accented);
    assert_true(checked >= 150);
    assert_true(accented >= 20);
    assert_int_equal(in_backup, checked);
    free(live.p);
    free(file.p);
    free(backup.p);

    /* The logs are append-only again, for this connection and for any
     * other (the sqlite3 shell): the same triggers as before. */
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db_handle(db), "UPDATE audit_log SET login = 'y'", NULL,
                                      NULL, &msg), SQLITE_OK);
    assert_non_null(strstr(msg, "audit_append_only"));
    sqlite3_free(msg);
    sqlite3 *shell = NULL;
    assert_int_equal(sqlite3_open_v2(db_path(db), &shell, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    static const char *const refused[] = {
        "UPDATE audit_log SET old_value = NULL", "DELETE FROM audit_log",
        "UPDATE access_log SET detail = 'x'", "DELETE FROM access_log",
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(refused); i++) {
        msg = NULL;
        assert_int_not_equal(sqlite3_exec(shell, refused[i], NULL, NULL, &msg), SQLITE_OK);
        assert_non_null(msg);
        assert_non_null(strstr(msg, "audit_append_only"));
        sqlite3_free(msg);
    }
    sqlite3_close(shell);
    {
        struct strings t = { 0 };
        collect(db, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master"
                    " WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'access_log')"
                    " ORDER BY name)", &t);
        assert_string_equal(t.v[0], keep_trigger_sql);
        strings_free(&t);
    }
    /* Outside anonymise, nobody drops them, not even an administrator. */
    msg = NULL;
    assert_int_not_equal(sqlite3_exec(db_handle(db), "DROP TRIGGER audit_log_no_update", NULL,
                                      NULL, &msg), SQLITE_OK);
    sqlite3_free(msg);
    assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name ="
                                " 'audit_log_no_update'"), 1);

    /* Again: nobody left, nothing more to do. */
    assert_int_equal(anonymise_preview(db, "2020-2021", day("2021-08-20"), &preview, &err), TT_OK);
    assert_int_equal(preview.students + preview.tutors, 0);

    free(keep_trigger_sql);
    strings_free(&ids);
    db_close(db);
}

/* A school list never puts a name back on an anonymised student: its old
 * local number makes a new student; the anonymised one's cannot be used. */
static void imports_leave_anonymised_students_alone(void **state)
{
    (void)state;
    struct tt_db *db = demo("import");
    int64_t id = scalar(db, "SELECT student_id FROM referral ORDER BY id DESC LIMIT 1");
    char sql[200], local[32];
    snprintf(sql, sizeof sql, "SELECT local_number FROM student WHERE id = %lld", (long long)id);
    snprintf(local, sizeof local, "%lld", (long long)scalar(db, sql));
    struct tt_error err;
    tt_error_clear(&err);
    struct anonymise_summary sum;
    assert_int_equal(anonymise_year(db, settings, "2020-2021", day("2021-08-15"), &sum, &err),
                     TT_OK);
    char path[700], csv[512];
    snprintf(path, sizeof path, "%s/list.csv", dir);
    snprintf(csv, sizeof csv, "fiche,nom,prenom,niveau,ecole\n"
                              "%s,Côté,Éloïse,3,SEDO\n"
                              "ANON%lld,Côté,Éloïse,3,SEDO\n", local, (long long)id);
    test_write_file(path, csv);
    struct import_summary is;
    assert_int_equal(import_students(db, settings, path, 1, NULL, &is, &err), TT_OK);
    assert_int_equal(is.added, 1);
    assert_int_equal(is.updated, 0);
    assert_int_equal(is.rejected, 1);
    assert_non_null(strstr(is.problems[0].reason, "anonymised"));
    import_summary_free(&is);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM student WHERE id = %lld AND anonymised = 1"
                              " AND last_name = 'Anonymised'", (long long)id);
    assert_int_equal(scalar(db, sql), 1);
    db_close(db);
}

/* Nor does anything else: the forms and commands go through student_save
 * and guardian_save, which refuse an anonymised student. */
static void anonymised_students_stay_anonymous(void **state)
{
    (void)state;
    struct tt_db *db = demo("frozen");
    int64_t id = scalar(db, "SELECT student_id FROM referral ORDER BY id DESC LIMIT 1");
    struct tt_error err;
    tt_error_clear(&err);
    struct anonymise_summary sum;
    assert_int_equal(anonymise_year(db, settings, "2020-2021", day("2021-08-15"), &sum, &err),
                     TT_OK);
    struct student s;
    assert_int_equal(student_get(db, id, &s, &err), TT_OK);
    tt_strlcpy(s.last_name, "Côté", sizeof s.last_name);
    tt_strlcpy(s.first_name, "Éloïse", sizeof s.first_name);
    assert_int_equal(student_save(db, &s, &err), TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "anonymised"));
    struct guardian g;
    memset(&g, 0, sizeof g);
    g.rank = 1;
    tt_strlcpy(g.full_name, "Josée Côté", sizeof g.full_name);
    tt_strlcpy(g.relationship, "mother", sizeof g.relationship);
    assert_int_equal(guardian_save(db, id, &g, &err), TT_ERR_RULE);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM student WHERE id = %lld"
                              " AND last_name = 'Anonymised'", (long long)id);
    assert_int_equal(scalar(db, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM guardian WHERE student_id = %lld"
                              " AND full_name LIKE '%%Côté%%'", (long long)id);
    assert_int_equal(scalar(db, sql), 0);
    db_close(db);
}

static int backups_in(struct tt_db *db)
{
    char *folder = anonymise_backup_folder(db, settings);
    char *cmd = xasprintf("ls '%s' 2>/dev/null | grep -c before-anonymise", folder);
    FILE *p = popen(cmd, "r");
    int n = 0;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = 0;
        pclose(p);
    }
    free(cmd);
    free(folder);
    return n;
}

/* Refused, each with its code, before anything is written: no backup, no
 * change. */
static void refusals_change_nothing(void **state)
{
    (void)state;
    struct tt_db *db = demo("refuse");
    struct tt_error err;
    tt_error_clear(&err);
    char admin[65];
    tt_strlcpy(admin, db_login(db), sizeof admin);
    assert_int_equal(user_add(db, "secretaire", "secretary", "Secrétaire", &err), TT_OK);
    assert_int_equal(user_add(db, "lecteur", "readonly", "Lecteur", &err), TT_OK);
    uint64_t before = digest(db);
    struct anonymise_summary sum;

    assert_int_equal(db_use_login(db, "secretaire", &err), TT_OK);
    assert_int_equal(anonymise_preview(db, "2020-2021", day("2021-08-15"), &sum, &err),
                     TT_ERR_PERM);
    assert_int_equal(anonymise_year(db, settings, "2020-2021", day("2021-08-15"), &sum, &err),
                     TT_ERR_PERM);
    assert_non_null(strstr(err.msg, "administrator"));
    /* Nor can a secretary open the logs herself. */
    assert_int_equal(db_begin(db, &err), TT_OK);
    assert_int_equal(db_logs_unlock(db, &err), TT_ERR_PERM);
    db_rollback(db);
    assert_int_equal(db_use_login(db, "lecteur", &err), TT_OK);
    assert_int_equal(anonymise_year(db, settings, "2020-2021", day("2021-08-15"), &sum, &err),
                     TT_ERR_PERM);
    assert_int_equal(db_use_login(db, admin, &err), TT_OK);

    /* Not over: its last day (2021-06-23) included. */
    assert_int_equal(anonymise_year(db, settings, "2020-2021", day("2021-06-23"), &sum, &err),
                     TT_ERR_RULE);
    assert_non_null(strstr(err.msg, "not over"));
    assert_int_equal(anonymise_year(db, settings, "2020-2021", day("2021-04-19"), &sum, &err),
                     TT_ERR_RULE);
    assert_int_equal(anonymise_preview(db, "2020-2021", day("2021-06-01"), &sum, &err),
                     TT_ERR_RULE);
    /* Unknown, named with those known. */
    assert_int_equal(anonymise_year(db, settings, "2019-2020", day("2021-08-15"), &sum, &err),
                     TT_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, "2020-2021"));
    assert_int_equal(anonymise_year(db, settings, "n'importe quoi", day("2021-08-15"), &sum, &err),
                     TT_ERR_NOTFOUND);

    assert_true(digest(db) == before);
    assert_int_equal(scalar(db, "SELECT count(*) FROM student WHERE anonymised = 1"), 0);
    assert_int_equal(backups_in(db), 0);
    db_close(db);
}

/* A failure half-way, after the logs were opened: everything is undone,
 * the logs' protection included, and the backup taken for it removed. */
static void a_failure_undoes_everything(void **state)
{
    (void)state;
    struct tt_db *db = demo("fail");
    struct tt_error err;
    tt_error_clear(&err);
    /* Fails on the first audit entry the anonymisation cleans, that is
     * with the logs' UPDATE triggers dropped. */
    test_exec(db, "CREATE TEMP TRIGGER boom BEFORE UPDATE ON main.audit_log"
                  " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    uint64_t before = digest(db);
    struct anonymise_summary sum;
    assert_int_not_equal(anonymise_year(db, settings, "2020-2021", day("2021-08-15"), &sum, &err),
                         TT_OK);
    assert_non_null(strstr(err.msg, "disk on fire"));
    assert_true(digest(db) == before);
    assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                                " AND tbl_name IN ('audit_log', 'access_log')"), 4);
    assert_int_equal(backups_in(db), 0);
    assert_string_equal(sum.backup_path, "");
    test_exec(db, "DROP TRIGGER temp.boom");
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db_handle(db), "UPDATE audit_log SET login = 'y'", NULL,
                                      NULL, &msg), SQLITE_OK);
    sqlite3_free(msg);
    /* And it works once the cause is gone. */
    assert_int_equal(anonymise_year(db, settings, "2020-2021", day("2021-08-15"), &sum, &err),
                     TT_OK);
    assert_int_equal(backups_in(db), 1);
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
        cmocka_unit_test(the_year_is_anonymised_and_its_reports_unchanged),
        cmocka_unit_test(imports_leave_anonymised_students_alone),
        cmocka_unit_test(anonymised_students_stay_anonymous),
        cmocka_unit_test(refusals_change_nothing),
        cmocka_unit_test(a_failure_undoes_everything),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    settings_free(settings);
    test_rmdir(dir);
    return rc;
}
