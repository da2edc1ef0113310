/* The plans SQLite picks for the statements that must stay fast on a large
 * database: the weekly report's, and every page of every list, which
 * store.c reads by seeking in the index of its sort order.  Nobody runs
 * ANALYZE, so the plans on this empty database are the plans on a full one; a schema change that drops or reshapes an
 * index they need makes them scan whole tables, which no result test sees
 * (the numbers stay right, only ten times slower).  Hence these checks on
 * EXPLAIN QUERY PLAN. */
#include "config.h"
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "db.h"
#include "i18n.h"
#include "report_weekly.h"
#include "store.h"
#include "testutil.h"
#include "util.h"

static char dir[512];
static struct tt_db *current;

static int open_fresh(void **unused)
{
    current = test_db_new(dir, NULL);
    return 0;
}

static int close_current(void **unused)
{
    db_close(current);
    current = NULL;
    return 0;
}

/* The plan's lines ("SEARCH se USING ..."), newline-separated, in plan[]. */
static void query_plan(struct tt_db *db, const char *sql, char *plan, size_t size)
{
    char *eqp = xasprintf("EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), eqp, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s\n-> %s", sql, sqlite3_errmsg(db_handle(db)));
    size_t len = 0;
    plan[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW && len < size)
        len += (size_t)snprintf(plan + len, size - len, "%s\n",
                                (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
    free(eqp);
}

static int count_lines_with(const char *plan, const char *what)
{
    int n = 0;
    for (const char *p = plan; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

/* A full scan of a table: "SCAN alias" (SQLite 3.36 and later) or "SCAN
 * TABLE name ..." (earlier), without an index. */
static int scans_table(const char *plan, const char *table, const char *alias)
{
    char *line = xstrdup(plan), *save = NULL;
    int found = 0;
    for (char *l = strtok_r(line, "\n", &save); l && !found; l = strtok_r(NULL, "\n", &save)) {
        if (strncmp(l, "SCAN ", 5) != 0 || strstr(l, " USING ") != NULL)
            continue;
        const char *name = l + 5;
        if (strncmp(name, "TABLE ", 6) == 0)
            found = strncmp(name + 6, table, strlen(table)) == 0 &&
                    (name[6 + strlen(table)] == '\0' || name[6 + strlen(table)] == ' ');
        else
            found = strcmp(name, alias) == 0;
    }
    free(line);
    return found;
}

static void must_use(const char *sql, const char *plan, const char *what)
{
    if (strstr(plan, what) == NULL)
        fail_msg("the plan does not use \"%s\":\n%s\nfor: %s", what, plan, sql);
}

static void must_not_scan(const char *sql, const char *plan, const char *table, const char *alias)
{
    if (scans_table(plan, table, alias))
        fail_msg("the plan reads all of %s:\n%s\nfor: %s", table, plan, sql);
}

static void report_statements_use_their_indexes(void **unused)
{
    struct weekly_report r;
    memset(&r, 0, sizeof r);
    week_parse("2021-W15", &r.monday);
    date_parse("2020-08-25", &r.program_start);
    struct report_step steps[RPT_MAX_STEPS];
    int n = report_weekly_steps(&r, steps);
    assert_true(n > 0 && n <= RPT_MAX_STEPS);
    int seen_hr = 0, seen_week = 0, seen_total = 0, seen_sessions = 0;
    for (int i = 0; i < n; i++) {
        const char *sql = steps[i].sql;
        char plan[4096];
        query_plan(current, sql, plan, sizeof plan);
        /* Whatever the statement, a year of sessions or attendance is never
         * read row by row from the table. */
        must_not_scan(sql, plan, "session", "se");
        must_not_scan(sql, plan, "attendance", "a");
        if (strstr(sql, "tutor_status_history")) {
            /* The status as of Sunday: one seek per candidate, newest first. */
            seen_hr++;
            must_use(sql, plan, "USING COVERING INDEX tutor_status_history_asof");
            assert_int_equal(count_lines_with(plan, "TEMP B-TREE FOR ORDER BY"), 0);
        } else if (strstr(sql, "count(DISTINCT")) {
            /* The week: its sessions by date, then their attendance rows. */
            seen_week++;
            must_use(sql, plan, "USING COVERING INDEX session_date");
            must_use(sql, plan, "USING PRIMARY KEY");
        } else if (strstr(sql, "FROM attendance")) {
            /* Since the start: attendance in student order, so the
             * per-student sums need no sort; only the per-school grouping
             * of one row per student does. */
            seen_total++;
            must_use(sql, plan, "USING COVERING INDEX attendance_student");
            must_use(sql, plan, "USING INTEGER PRIMARY KEY");
            assert_int_equal(count_lines_with(plan, "TEMP B-TREE FOR GROUP BY"), 1);
        } else if (strstr(sql, "actual_minutes")) {
            /* Session-minutes: one covering range per group and period. */
            seen_sessions++;
            must_use(sql, plan, "USING COVERING INDEX session_group_status");
        }
    }
    /* A statement renamed out of the checks above must not escape them. */
    assert_int_equal(seen_hr, 1);
    assert_int_equal(seen_week, 1);
    assert_int_equal(seen_total, 1);
    assert_int_equal(seen_sessions, 2);
}

/* The index each list's sort orders must be read by, in store.c's order:
 * its pages are seeks on it, never a sort of the whole list. */
static const struct {
    int list;
    const char *table, *alias;  /* the table the list walks */
    const char *index[8];       /* by sort order */
} walks[] = {
    { LIST_STUDENTS, "student", "s",
      { "student_sort_name", "sqlite_autoindex_student_1", "student_sort_school",
        "student_sort_level", "student_sort_code", "student_sort_referral",
        "student_sort_consent" } },
    { LIST_TUTORS, "tutor", "t",
      { "tutor_sort_name", "tutor_sort_category", "tutor_sort_source", "tutor_sort_status",
        "tutor_sort_applied", "tutor_sort_answered", "tutor_sort_check" } },
    { LIST_GROUPS, "tutoring_group", "g", { "tutoring_group_name" } },
    { LIST_SESSIONS, "session", "se", { "session_list" } },
    { LIST_TO_DECIDE, "referral", "r", { "referral_to_decide" } },
    { LIST_AWAITING_CONSENT, "referral", "r", { "referral_waiting" } },
    { LIST_CONSENTS_EXPIRING, "consent", "c", { "consent_expiry" } },
    { LIST_UNANSWERED, "tutor", "t", { "tutor_unanswered" } },
    { LIST_TO_COMPLETE, "session", "se", { "session_planned" } },
    { LIST_TODAY, "session", "se", { "session_list" } },
};

static void every_page_is_a_seek_on_its_index(void **unused)
{
    int checked = 0;
    for (size_t w = 0; w < TT_ARRAY_LEN(walks); w++) {
        int n_sorts = store_sort_count(walks[w].list);
        assert_true(n_sorts > 0);
        for (int sort = 0; sort < n_sorts; sort++) {
            assert_non_null(walks[w].index[sort]);
            const char *kind, *sql;
            for (int i = 0; (sql = store_statement_text(walks[w].list, sort, 0, i, &kind)); i++) {
                if (sql[0] == '\0')
                    continue;
                char plan[8192];
                query_plan(current, sql, plan, sizeof plan);
                must_not_scan(sql, plan, walks[w].table, walks[w].alias);
                if (strcmp(kind, "again") == 0) {
                    /* One row, by its id. */
                    if (strstr(plan, "INTEGER PRIMARY KEY (rowid=?)") == NULL)
                        fail_msg("not a lookup by id:\n%s\nfor: %s", plan, sql);
                    continue;
                }
                /* Counting the rows before a row may take another index
                 * of the same range; a page must take its order's. */
                if (strcmp(kind, "page") == 0)
                    must_use(sql, plan, walks[w].index[sort]);
                if (strcmp(kind, "page") == 0 && strstr(plan, "TEMP B-TREE"))
                    fail_msg("a page sorts rows:\n%s\nfor: %s", plan, sql);
                /* A page after a row seeks to it: the index is searched,
                 * not walked from its start. */
                if (strstr(sql, "?20") && strstr(plan, "SEARCH") == NULL)
                    fail_msg("no seek to the row:\n%s\nfor: %s", plan, sql);
                checked++;
            }
        }
    }
    assert_true(checked > 150);
}

/* A search with few matches takes them from the full-text index and sorts
 * only them: never every student. */
static void sparse_searches_start_from_the_matches(void **unused)
{
    int checked = 0;
    for (int way = 1; way <= 2; way++) {
        for (int sort = 0; sort < store_sort_count(LIST_STUDENTS); sort++) {
            const char *kind, *sql;
            for (int i = 0; (sql = store_statement_text(LIST_STUDENTS, sort, way, i, &kind)); i++) {
                if (sql[0] == '\0' || strcmp(kind, "again") == 0)
                    continue;
                char plan[8192];
                query_plan(current, sql, plan, sizeof plan);
                must_not_scan(sql, plan, "student", "s");
                must_not_scan(sql, plan, "student_fts_order", "k");
                must_use(sql, plan, "VIRTUAL TABLE");
                checked++;
            }
        }
    }
    /* A name search in three ranges: the walks seek in the names, the
     * rest start from the matches. */
    const char *kind, *text;
    for (int i = 0; (text = store_statement_text(LIST_STUDENTS, 0, 3, i, &kind)); i++) {
        char plan[8192];
        query_plan(current, text, plan, sizeof plan);
        must_not_scan(text, plan, "student", "s");
        if (strstr(text, "MATCH")) {
            must_use(text, plan, "VIRTUAL TABLE");
        } else {
            must_use(text, plan, "SEARCH s USING INDEX student_sort_name");
            if (strstr(plan, "TEMP B-TREE"))
                fail_msg("a page sorts rows:\n%s\nfor: %s", plan, text);
        }
        checked++;
    }
    /* The counts as well. */
    for (int i = 0; i < 3; i++) {
        const char *sql = store_count_text(LIST_STUDENTS, i);
        char plan[8192];
        query_plan(current, sql, plan, sizeof plan);
        if (i > 0)
            must_use(sql, plan, "VIRTUAL TABLE");
    }
    assert_true(checked > 60);
}

static void sessions_count_reads_an_index(void **unused)
{
    const char *sql = store_count_text(LIST_SESSIONS, 0);
    char plan[4096];
    query_plan(current, sql, plan, sizeof plan);
    must_use(sql, plan, "COVERING INDEX");
    /* Row by row, so a key stops it (the shell's progress handler runs
     * between steps): never SQLite's count of a table in a single step. */
    for (int list = 0; list < LIST__COUNT; list++) {
        const char *text;
        for (int i = 0; (text = store_count_text(list, i)); i++) {
            if (text[0] == '\0')
                continue;
            char *eqp = xasprintf("EXPLAIN %s", text);
            sqlite3_stmt *st;
            if (sqlite3_prepare_v2(db_handle(current), eqp, -1, &st, NULL) != SQLITE_OK)
                fail_msg("%s\n-> %s", text, sqlite3_errmsg(db_handle(current)));
            while (sqlite3_step(st) == SQLITE_ROW)
                if (strcmp((const char *)sqlite3_column_text(st, 1), "Count") == 0)
                    fail_msg("counted in one step: %s", text);
            sqlite3_finalize(st);
            free(eqp);
        }
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", "en", 1);
    i18n_init();
    tt_strlcpy(dir, test_tmpdir(), sizeof dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(report_statements_use_their_indexes, open_fresh,
                                        close_current),
        cmocka_unit_test_setup_teardown(every_page_is_a_seek_on_its_index, open_fresh,
                                        close_current),
        cmocka_unit_test_setup_teardown(sparse_searches_start_from_the_matches, open_fresh,
                                        close_current),
        cmocka_unit_test_setup_teardown(sessions_count_reads_an_index, open_fresh, close_current),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
