/* The plans SQLite picks for the statements that must stay fast on a large
 * database: the weekly report's and the default pages of the Students and
 * Sessions lists.  Nobody runs ANALYZE, so the plans on this empty database
 * are the plans on a full one; a schema change that drops or reshapes an
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

/* The page statement a list ran: the only cached one reading a page, on a
 * database that ran nothing else. */
static const char *page_statement(struct tt_db *db)
{
    const char *found = NULL;
    for (sqlite3_stmt *st = sqlite3_next_stmt(db_handle(db), NULL); st;
         st = sqlite3_next_stmt(db_handle(db), st)) {
        const char *sql = sqlite3_sql(st);
        if (sql && strstr(sql, "LIMIT ?1 OFFSET ?2")) {
            if (found)
                fail_msg("two page statements:\n%s\n%s", found, sql);
            found = sql;
        }
    }
    if (found == NULL)
        fail_msg("the list ran no page statement");
    return found;
}

static const char *fetch_default_page(int list)
{
    struct store_query q;
    memset(&q, 0, sizeof q);
    q.list = list;
    date_parse("2021-04-19", &q.today);
    struct store_row rows[5];
    int n = 0;
    struct tt_error err;
    tt_error_clear(&err);
    if (store_fetch(current, &q, 0, 5, rows, &n, &err) != TT_OK)
        fail_msg("%s", err.msg);
    store_rows_clear(rows, n);
    return page_statement(current);
}

static void students_list_reads_in_name_order(void **unused)
{
    const char *sql = fetch_default_page(LIST_STUDENTS);
    char plan[4096];
    query_plan(current, sql, plan, sizeof plan);
    /* A page is read off the name index: never the whole table sorted. */
    must_use(sql, plan, "INDEX student_name");
    must_not_scan(sql, plan, "student", "s");
    assert_int_equal(count_lines_with(plan, "TEMP B-TREE FOR ORDER BY"), 0);
}

static void sessions_list_reads_in_date_order(void **unused)
{
    const char *sql = fetch_default_page(LIST_SESSIONS);
    char plan[4096];
    query_plan(current, sql, plan, sizeof plan);
    /* Newest first off the date index; only sessions of the same day are
     * sorted by time ("RIGHT PART OF ORDER BY"), never the whole table. */
    must_use(sql, plan, "INDEX session_date");
    must_not_scan(sql, plan, "session", "se");
    must_not_scan(sql, plan, "attendance", "a");
    assert_int_equal(count_lines_with(plan, "TEMP B-TREE FOR ORDER BY"), 0);
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
        cmocka_unit_test_setup_teardown(students_list_reads_in_name_order, open_fresh,
                                        close_current),
        cmocka_unit_test_setup_teardown(sessions_list_reads_in_date_order, open_fresh,
                                        close_current),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
