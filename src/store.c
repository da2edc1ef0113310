#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "store.h"
#include "text.h"
#include "util.h"

/* Every order ends on the id so paging is stable when names repeat.  Each
 * order is its own literal statement: ORDER BY cannot take a parameter and
 * SQL is never assembled at run time. */

/* The filters, apart from the search.  The latest referral's and consent's
 * statuses are kept on the student row by triggers, so they filter and sort
 * through indexes. */
#define STUDENTS_FILTERS \
    " (?4 IS NULL OR s.school_id = ?4) AND (?5 IS NULL OR s.level = ?5)" \
    " AND (?6 IS NULL OR ifnull(s.referral_status, 'none') = ?6)" \
    " AND (?7 IS NULL OR (SELECT r2.priority FROM referral r2 WHERE r2.student_id = s.id" \
    "   ORDER BY r2.referral_date DESC, r2.id DESC LIMIT 1) = ?7)" \
    " AND (?8 IS NULL OR EXISTS (SELECT 1 FROM referral r3 JOIN referral_subject rs" \
    "   ON rs.referral_id = r3.id WHERE r3.student_id = s.id AND rs.subject = ?8))" \
    " AND (?9 IS NULL OR ifnull(s.consent_status, 'none') = ?9)"
/* Two shapes: without a search the list is driven by the sort's index;
 * with one, by the full-text matches. */
#define STUDENTS_WHERE_ALL " WHERE" STUDENTS_FILTERS
#define STUDENTS_WHERE_SEARCH \
    " WHERE s.id IN (SELECT rowid FROM student_fts WHERE student_fts MATCH ?3) AND" STUDENTS_FILTERS
#define STUDENTS_COLUMNS \
    "SELECT s.id, s.last_name, s.first_name, s.local_number, sc.code, s.level," \
    " s.code_permanent, s.referral_status, s.consent_status" \
    " FROM student s JOIN school sc ON sc.id = s.school_id"
#define PAGE " LIMIT ?1 OFFSET ?2"
#define STUDENTS_ORDER(asc, desc) \
    { STUDENTS_COLUMNS STUDENTS_WHERE_ALL " ORDER BY " asc PAGE, \
      STUDENTS_COLUMNS STUDENTS_WHERE_ALL " ORDER BY " desc PAGE, \
      STUDENTS_COLUMNS STUDENTS_WHERE_SEARCH " ORDER BY " asc PAGE, \
      STUDENTS_COLUMNS STUDENTS_WHERE_SEARCH " ORDER BY " desc PAGE }

/* One order per column of the Students screen, in its column order:
 * [ascending, descending, ascending with a search, descending with one]. */
static const char *const students_sql[][4] = {
    STUDENTS_ORDER("s.last_name, s.first_name, s.id",
                   "s.last_name DESC, s.first_name DESC, s.id DESC"),
    STUDENTS_ORDER("s.local_number, s.id", "s.local_number DESC, s.id DESC"),
    STUDENTS_ORDER("sc.code, s.last_name, s.first_name, s.id",
                   "sc.code DESC, s.last_name DESC, s.first_name DESC, s.id DESC"),
    STUDENTS_ORDER("s.level, s.last_name, s.first_name, s.id",
                   "s.level DESC, s.last_name DESC, s.first_name DESC, s.id DESC"),
    STUDENTS_ORDER("s.code_permanent, s.id", "s.code_permanent DESC, s.id DESC"),
    STUDENTS_ORDER("s.referral_status, s.last_name, s.first_name, s.id",
                   "s.referral_status DESC, s.last_name DESC, s.first_name DESC, s.id DESC"),
    STUDENTS_ORDER("s.consent_status, s.last_name, s.first_name, s.id",
                   "s.consent_status DESC, s.last_name DESC, s.first_name DESC, s.id DESC"),
};

#define TUTORS_WHERE \
    " WHERE (?3 IS NULL OR t.search_key LIKE '%' || ?3 || '%')" \
    " AND (?4 IS NULL OR t.school_id = ?4) AND (?5 IS NULL OR t.status = ?5)" \
    " AND (?6 IS NULL OR t.category = ?6) AND (?7 IS NULL OR t.source = ?7)" \
    " AND (?8 IS NULL OR (t.answered_on IS NULL AND t.status <> 'withdrawn'))" \
    " AND (?9 IS NULL OR EXISTS (SELECT 1 FROM tutor_skill k WHERE k.tutor_id = t.id" \
    "   AND k.subject = ?9))" \
    " AND (?10 IS NULL OR EXISTS (SELECT 1 FROM tutor_skill k2 WHERE k2.tutor_id = t.id" \
    "   AND k2.level = ?10))"
#define TUTORS_SELECT \
    "SELECT t.id, t.last_name, t.first_name, t.category, t.source, t.status, t.applied_on," \
    " t.answered_on, t.check_status FROM tutor t" TUTORS_WHERE
#define TUTORS_ORDER(asc, desc) \
    { TUTORS_SELECT " ORDER BY " asc PAGE, TUTORS_SELECT " ORDER BY " desc PAGE }
static const char *const tutors_sql[][4] = {
    TUTORS_ORDER("t.last_name, t.first_name, t.id",
                 "t.last_name DESC, t.first_name DESC, t.id DESC"),
    TUTORS_ORDER("t.category, t.last_name, t.id", "t.category DESC, t.last_name DESC, t.id DESC"),
    TUTORS_ORDER("t.source, t.last_name, t.id", "t.source DESC, t.last_name DESC, t.id DESC"),
    TUTORS_ORDER("t.status, t.last_name, t.id", "t.status DESC, t.last_name DESC, t.id DESC"),
    TUTORS_ORDER("t.applied_on, t.id", "t.applied_on DESC, t.id DESC"),
    TUTORS_ORDER("t.answered_on, t.id", "t.answered_on DESC, t.id DESC"),
    TUTORS_ORDER("t.check_status, t.last_name, t.id",
                 "t.check_status DESC, t.last_name DESC, t.id DESC"),
};

#define TO_COMPLETE_SELECT \
    SESSIONS_SELECT_BASE " WHERE se.status = 'planned' AND se.session_date < ?3" \
    " AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id) "

#define UNANSWERED_SELECT \
    "SELECT t.id, t.last_name, t.first_name, t.category, t.applied_on," \
    " CAST(julianday(?3) - julianday(ifnull(t.applied_on, t.status_date)) AS INTEGER)," \
    " t.email, t.status FROM tutor t" \
    " WHERE t.answered_on IS NULL AND t.status <> 'withdrawn' "
static const char *const unanswered_sql[][4] = {
    { UNANSWERED_SELECT "ORDER BY ifnull(t.applied_on, t.status_date), t.id" PAGE,
      UNANSWERED_SELECT "ORDER BY ifnull(t.applied_on, t.status_date) DESC, t.id DESC" PAGE },
};

/* ?3 typed words in the group's name, ?4 the same folded for the tutor's
 * search key, ?5 status, ?6 subject. */
#define GROUPS_WHERE \
    " WHERE (?3 IS NULL OR g.name LIKE '%' || ?3 || '%' OR t.search_key LIKE '%' || ?4 || '%')" \
    " AND (?5 IS NULL OR g.status = ?5) AND (?6 IS NULL OR g.subject = ?6) "
#define GROUPS_SELECT \
    "SELECT g.id, g.name, t.last_name || ', ' || t.first_name, g.subject, g.level_band," \
    " g.modality," \
    " (SELECT count(*) FROM membership m WHERE m.group_id = g.id AND m.left_on IS NULL)," \
    " g.size_limit, g.status, g.start_date" \
    " FROM tutoring_group g JOIN tutor t ON t.id = g.tutor_id" GROUPS_WHERE
static const char *const groups_sql[][4] = {
    { GROUPS_SELECT "ORDER BY g.name, g.id" PAGE,
      GROUPS_SELECT "ORDER BY g.name DESC, g.id DESC" PAGE },
};

#define SESSIONS_SELECT_BASE \
    "SELECT se.id, se.session_date, se.start_min, g.name, t.last_name || ', ' || t.first_name," \
    " se.modality, se.status, se.planned_minutes," \
    " (SELECT count(*) FROM attendance a WHERE a.session_id = se.id AND a.status = 'present')" \
    " FROM session se JOIN tutoring_group g ON g.id = se.group_id" \
    " JOIN tutor t ON t.id = se.tutor_id"
#define SESSIONS_SELECT SESSIONS_SELECT_BASE " "
static const char *const sessions_sql[][4] = {
    { SESSIONS_SELECT "ORDER BY se.session_date DESC, se.start_min DESC, se.id DESC" PAGE,
      SESSIONS_SELECT "ORDER BY se.session_date, se.start_min, se.id" PAGE },
};

#define TODAY_SELECT SESSIONS_SELECT_BASE " WHERE se.session_date = ?3 "
static const char *const today_sql[][4] = {
    { TODAY_SELECT "ORDER BY se.start_min, g.name, se.id" PAGE,
      TODAY_SELECT "ORDER BY se.start_min DESC, g.name DESC, se.id DESC" PAGE },
};

static const char *const to_complete_sql[][4] = {
    { TO_COMPLETE_SELECT "ORDER BY se.session_date, se.start_min, se.id" PAGE,
      TO_COMPLETE_SELECT "ORDER BY se.session_date DESC, se.start_min DESC, se.id DESC" PAGE },
};

#define TO_DECIDE_SELECT \
    "SELECT s.id, r.referral_date, s.last_name, s.first_name, sc.code, s.level," \
    " (SELECT group_concat(subject, ' ') FROM referral_subject WHERE referral_id = r.id)," \
    " r.priority, r.referrer_name" \
    " FROM referral r JOIN student s ON s.id = r.student_id JOIN school sc ON sc.id = r.school_id" \
    " WHERE r.status = 'received' "
static const char *const to_decide_sql[][4] = {
    { TO_DECIDE_SELECT "ORDER BY r.priority, r.referral_date, r.id" PAGE,
      TO_DECIDE_SELECT "ORDER BY r.priority DESC, r.referral_date DESC, r.id DESC" PAGE },
};

#define AWAITING_SELECT \
    "SELECT s.id, s.last_name, s.first_name, sc.code," \
    " CAST(julianday(?3) - julianday(r.status_date) AS INTEGER)," \
    " g.full_name, g.phone, g.email" \
    " FROM referral r JOIN student s ON s.id = r.student_id JOIN school sc ON sc.id = r.school_id" \
    " LEFT JOIN guardian g ON g.student_id = s.id AND g.rank = 1" \
    " WHERE r.status = 'awaiting_consent' "
static const char *const awaiting_sql[][4] = {
    { AWAITING_SELECT "ORDER BY r.status_date, r.id" PAGE,
      AWAITING_SELECT "ORDER BY r.status_date DESC, r.id DESC" PAGE },
};

#define EXPIRING_SELECT \
    "SELECT s.id, s.last_name, s.first_name, c.purpose, c.expires_on," \
    " CAST(julianday(c.expires_on) - julianday(?3) AS INTEGER), g.full_name, g.phone, g.email" \
    " FROM consent c JOIN student s ON s.id = c.student_id" \
    " LEFT JOIN guardian g ON g.student_id = s.id AND g.rank = 1" \
    " WHERE c.status = 'given' AND c.expires_on BETWEEN ?3 AND ?4 "
static const char *const expiring_sql[][4] = {
    { EXPIRING_SELECT "ORDER BY c.expires_on, s.last_name, c.id" PAGE,
      EXPIRING_SELECT "ORDER BY c.expires_on DESC, s.last_name DESC, c.id DESC" PAGE },
};

static const struct {
    const char *count_sql;
    const char *count_search_sql;   /* NULL: the list has no search */
    const char *const (*sql)[4];
    int n_sorts;
} lists[LIST__COUNT] = {
    [LIST_STUDENTS] = { "SELECT count(*) FROM student s" STUDENTS_WHERE_ALL,
                        "SELECT count(*) FROM student s" STUDENTS_WHERE_SEARCH, students_sql,
                        TT_ARRAY_LEN(students_sql) },
    [LIST_TUTORS] = { "SELECT count(*) FROM tutor t" TUTORS_WHERE, NULL, tutors_sql,
                      TT_ARRAY_LEN(tutors_sql) },
    [LIST_GROUPS] = { "SELECT count(*) FROM tutoring_group g JOIN tutor t ON t.id = g.tutor_id"
                      GROUPS_WHERE, NULL, groups_sql, TT_ARRAY_LEN(groups_sql) },
    [LIST_SESSIONS] = { "SELECT count(*) FROM session", NULL, sessions_sql, TT_ARRAY_LEN(sessions_sql) },
    [LIST_TO_DECIDE] = { "SELECT count(*) FROM referral WHERE status = 'received'", NULL,
                         to_decide_sql, TT_ARRAY_LEN(to_decide_sql) },
    [LIST_AWAITING_CONSENT] = { "SELECT count(*) FROM referral WHERE status = 'awaiting_consent'",
                                NULL,
                                awaiting_sql, TT_ARRAY_LEN(awaiting_sql) },
    [LIST_CONSENTS_EXPIRING] = { "SELECT count(*) FROM consent WHERE status = 'given'"
                                 " AND expires_on BETWEEN ?3 AND ?4", NULL, expiring_sql,
                                 TT_ARRAY_LEN(expiring_sql) },
    [LIST_TO_COMPLETE] = { "SELECT count(*) FROM session se WHERE se.status = 'planned'"
                           " AND se.session_date < ?3 AND NOT EXISTS (SELECT 1 FROM attendance a"
                           " WHERE a.session_id = se.id)", NULL, to_complete_sql,
                           TT_ARRAY_LEN(to_complete_sql) },
    [LIST_TODAY] = { "SELECT count(*) FROM session se WHERE se.session_date = ?3", NULL, today_sql,
                     TT_ARRAY_LEN(today_sql) },
    [LIST_UNANSWERED] = { "SELECT count(*) FROM tutor WHERE answered_on IS NULL"
                          " AND status <> 'withdrawn'", NULL, unanswered_sql,
                          TT_ARRAY_LEN(unanswered_sql) },
};

int store_sort_count(int list)
{
    return list >= 0 && list < LIST__COUNT ? lists[list].n_sorts : 0;
}

char *store_match_expression(const char *typed)
{
    if (typed == NULL)
        return NULL;
    char *folded = text_fold(typed);
    /* Each word becomes a quoted prefix term; quotes cannot occur in a
     * folded word, so nothing typed can change the query's meaning. */
    size_t cap = strlen(folded) * 2 + 16, len = 0;
    char *out = xmalloc(cap);
    out[0] = '\0';
    char *save = NULL;
    for (char *w = strtok_r(folded, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        len += (size_t)snprintf(out + len, cap - len, "%s\"%s\"*", len ? " " : "", w);
    }
    free(folded);
    if (len == 0) {
        free(out);
        return NULL;
    }
    return out;
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && v[0])
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Parameters ?3 and up are the filters, shared by a list's count and rows;
 * a statement without one of them ignores its binding. */
static void bind_filters(sqlite3_stmt *st, const struct store_query *q)
{
    if (q->list == LIST_TUTORS) {
        char *folded = q->search ? text_fold(q->search) : NULL;
        if (folded && folded[0])
            sqlite3_bind_text(st, 3, folded, -1, SQLITE_TRANSIENT);
        free(folded);
        if (q->school_id > 0)
            sqlite3_bind_int64(st, 4, q->school_id);
        bind_opt_text(st, 5, q->status);
        bind_opt_text(st, 6, q->category);
        bind_opt_text(st, 7, q->source);
        if (q->unanswered)
            sqlite3_bind_int(st, 8, 1);
        bind_opt_text(st, 9, q->subject);
        bind_opt_text(st, 10, q->level);
        return;
    }
    if (q->list == LIST_GROUPS) {
        char *folded = q->search ? text_fold(q->search) : NULL;
        if (folded && folded[0]) {
            sqlite3_bind_text(st, 3, q->search, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 4, folded, -1, SQLITE_TRANSIENT);
        }
        free(folded);
        bind_opt_text(st, 5, q->status);
        bind_opt_text(st, 6, q->subject);
        return;
    }
    if (q->list == LIST_TO_DECIDE || q->list == LIST_AWAITING_CONSENT ||
        q->list == LIST_CONSENTS_EXPIRING || q->list == LIST_UNANSWERED ||
        q->list == LIST_TO_COMPLETE || q->list == LIST_TODAY) {
        char today[11], horizon[11];
        date_iso(q->today, today);
        date_iso(q->today + q->days, horizon);
        sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
        if (q->list == LIST_CONSENTS_EXPIRING)
            sqlite3_bind_text(st, 4, horizon, -1, SQLITE_TRANSIENT);
        return;
    }
    if (q->list != LIST_STUDENTS)
        return;
    char *match = store_match_expression(q->search);
    if (match)
        sqlite3_bind_text(st, 3, match, -1, SQLITE_TRANSIENT);
    free(match);
    if (q->school_id > 0)
        sqlite3_bind_int64(st, 4, q->school_id);
    bind_opt_text(st, 5, q->level);
    bind_opt_text(st, 6, q->status);
    if (q->priority > 0)
        sqlite3_bind_int(st, 7, q->priority);
    bind_opt_text(st, 8, q->subject);
    bind_opt_text(st, 9, q->consent);
}

/* Whether the query has words to search for, in a list that searches. */
static int searching(const struct store_query *q)
{
    if (lists[q->list].count_search_sql == NULL)
        return 0;
    char *match = store_match_expression(q->search);
    int yes = match != NULL;
    free(match);
    return yes;
}

int store_count(struct tt_db *db, const struct store_query *q, long *count,
                struct tt_error *err)
{
    *count = 0;
    sqlite3_stmt *st = db_stmt(db, searching(q) ? lists[q->list].count_search_sql
                                                : lists[q->list].count_sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    bind_filters(st, q);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *count = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? TT_OK : db_fail(db, rc, err, _("Reading the list"));
}

int store_fetch(struct tt_db *db, const struct store_query *q, long offset, int limit,
                struct store_row *rows, int *n, struct tt_error *err)
{
    *n = 0;
    int sort = q->sort >= 0 && q->sort < lists[q->list].n_sorts ? q->sort : 0;
    /* Past the middle, read from the other end in the opposite order: the
     * End key on 200,000 rows then costs what Home costs. */
    int backwards = q->total > 0 && offset > q->total / 2;
    long from = offset;
    if (backwards) {
        from = q->total - offset - limit;
        if (from < 0) {
            limit += (int)from;
            from = 0;
        }
    }
    int direction = (q->descending != 0) != backwards;
    sqlite3_stmt *st = db_stmt(db, lists[q->list].sql[sort][direction + (searching(q) ? 2 : 0)],
                               err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    bind_filters(st, q);
    sqlite3_bind_int(st, 1, limit);
    sqlite3_bind_int64(st, 2, from);
    int rc = SQLITE_DONE;
    int ncols = sqlite3_column_count(st) - 1;
    if (ncols > STORE_MAX_COLS)
        ncols = STORE_MAX_COLS;
    while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_row *r = &rows[*n];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        for (int c = 0; c < ncols; c++) {
            const unsigned char *v = sqlite3_column_text(st, c + 1);
            r->col[c] = v ? xstrdup((const char *)v) : NULL;
        }
        (*n)++;
    }
    if (*n < limit && rc != SQLITE_DONE) {
        sqlite3_reset(st);
        store_rows_clear(rows, *n);
        *n = 0;
        return db_fail(db, rc, err, _("Reading the list"));
    }
    sqlite3_reset(st);
    if (backwards) {
        for (int i = 0, j = *n - 1; i < j; i++, j--) {
            struct store_row t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
    }
    return TT_OK;
}

void store_rows_clear(struct store_row *rows, int n)
{
    for (int i = 0; i < n; i++)
        for (int c = 0; c < STORE_MAX_COLS; c++) {
            free(rows[i].col[c]);
            rows[i].col[c] = NULL;
        }
}

static int count_with_dates(struct tt_db *db, const char *sql, const char *d1, const char *d2,
                            long *out, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    if (d1)
        sqlite3_bind_text(st, 1, d1, -1, SQLITE_TRANSIENT);
    if (d2)
        sqlite3_bind_text(st, 2, d2, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = (long)sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return TT_OK;
    }
    sqlite3_reset(st);
    return db_fail(db, rc, err, _("Reading the dashboard"));
}

int store_dashboard(struct tt_db *db, tt_day today, tt_day program_start, int warn_days,
                    struct store_dashboard *d, struct tt_error *err)
{
    char today_s[11], horizon_s[11];
    (void)program_start;    /* the dashboard shows weeks, not totals since the start */
    date_iso(today + warn_days, horizon_s);
    tt_day monday = date_week_monday(today);
    date_iso(today, today_s);
    memset(d, 0, sizeof *d);

    const struct {
        long *out;
        const char *sql;
        const char *a, *b;
    } q[] = {
        { &d->students, "SELECT count(*) FROM student", NULL, NULL },
        { &d->referrals_to_decide, "SELECT count(*) FROM referral WHERE status = 'received'", NULL, NULL },
        { &d->awaiting_consent, "SELECT count(*) FROM referral WHERE status = 'awaiting_consent'", NULL, NULL },
        { &d->awaiting_pairing, "SELECT count(*) FROM referral WHERE status = 'awaiting_pairing'", NULL, NULL },
        { &d->referrals_active, "SELECT count(*) FROM referral WHERE status = 'active'", NULL, NULL },
        { &d->candidates_unanswered,
          "SELECT count(*) FROM tutor WHERE answered_on IS NULL"
          " AND status NOT IN ('withdrawn')", NULL, NULL },
        { &d->tutors_hired, "SELECT count(*) FROM tutor WHERE status = 'hired'", NULL, NULL },
        { &d->groups_active, "SELECT count(*) FROM tutoring_group WHERE status = 'active'", NULL, NULL },
        { &d->sessions_to_complete,
          "SELECT count(*) FROM session se WHERE se.status = 'planned' AND se.session_date < ?1"
          " AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)", today_s, NULL },
        { &d->consents_expiring,
          "SELECT count(*) FROM consent WHERE status = 'given' AND expires_on BETWEEN ?1 AND ?2",
          today_s, horizon_s },
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(q); i++) {
        int rc = count_with_dates(db, q[i].sql, q[i].a, q[i].b, q[i].out, err);
        if (rc != TT_OK)
            return rc;
    }
    return store_week_totals(db, monday, &d->week_students, &d->week_session_minutes, err);
}

int store_week_totals(struct tt_db *db, tt_day monday, long *students, long *minutes,
                      struct tt_error *err)
{
    char monday_s[11], sunday_s[11];
    date_iso(monday, monday_s);
    date_iso(monday + 6, sunday_s);
    int rc = count_with_dates(db,
        "SELECT count(DISTINCT a.student_id) FROM session se JOIN attendance a ON a.session_id = se.id"
        " WHERE se.status = 'held' AND a.status = 'present'"
        " AND se.session_date BETWEEN ?1 AND ?2", monday_s, sunday_s, students, err);
    if (rc == TT_OK)
        rc = count_with_dates(db,
            "SELECT ifnull(sum(actual_minutes), 0) FROM session WHERE status = 'held'"
            " AND session_date BETWEEN ?1 AND ?2", monday_s, sunday_s, minutes, err);
    return rc;
}

int store_schools(struct tt_db *db, struct store_school *out, int max, int *n,
                  struct tt_error *err)
{
    *n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name FROM school WHERE active = 1"
                                   " ORDER BY name", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    int rc = SQLITE_DONE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
        struct store_school *s = &out[(*n)++];
        s->id = sqlite3_column_int64(st, 0);
        tt_strlcpy(s->code, (const char *)sqlite3_column_text(st, 1), sizeof s->code);
        tt_strlcpy(s->name, (const char *)sqlite3_column_text(st, 2), sizeof s->name);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, rc, err, _("Reading the schools"));
    return TT_OK;
}

int store_weekly_minutes(struct tt_db *db, tt_day last_monday, int weeks, long *out,
                         struct tt_error *err)
{
    for (int i = 0; i < weeks; i++) {
        char from[11], to[11];
        tt_day monday = last_monday - 7 * (weeks - 1 - i);
        date_iso(monday, from);
        date_iso(monday + 6, to);
        int rc = count_with_dates(db, "SELECT ifnull(sum(actual_minutes), 0) FROM session"
                                      " WHERE status = 'held' AND session_date BETWEEN ?1 AND ?2",
                                  from, to, &out[i], err);
        if (rc != TT_OK)
            return rc;
    }
    return TT_OK;
}

int store_paid_sessions(struct tt_db *db, tt_day from, tt_day to,
                        int (*fn)(void *ctx, int64_t tutor, tt_day day, long minutes), void *ctx,
                        struct tt_error *err)
{
    char a[11], b[11];
    date_iso(from, a);
    date_iso(to, b);
    /* A statement of its own: fn may run other cached statements. */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db_handle(db),
        "SELECT se.tutor_id, se.session_date, se.actual_minutes FROM session se"
        " WHERE se.status = 'held' AND se.session_date BETWEEN ?1 AND ?2"
        " AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)"
        " ORDER BY se.session_date, se.id", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, rc, err, _("Reading the sessions"));
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    int out = TT_OK;
    while (out == TT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        tt_day day;
        if (date_parse((const char *)sqlite3_column_text(st, 1), &day) != 0)
            continue;
        out = fn(ctx, sqlite3_column_int64(st, 0), day, (long)sqlite3_column_int64(st, 2));
    }
    if (out == TT_OK && rc != SQLITE_DONE)
        out = db_fail(db, rc, err, _("Reading the sessions"));
    sqlite3_finalize(st);
    return out;
}
