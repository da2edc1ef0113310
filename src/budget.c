#include "config.h"
#include <string.h>
#include "budget.h"
#include "i18n.h"
#include "tutors.h"

/* Paid minutes between two dates, summed by tutor and by the rate in force
 * on each session's date (a tutor's own rate from tutor_rate, else the
 * category's from the settings), then priced: one row per tutor and rate
 * instead of one per session. */
static int paid_amount(struct tt_db *db, const struct settings *s, tt_day from, tt_day to,
                       double *amount, struct tt_error *err)
{
    char a[11], b[11];
    date_iso(from, a);
    date_iso(to, b);
    *amount = 0;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT t.category, r.rate, sum(r.minutes) FROM (SELECT se.tutor_id AS tutor_id,"
        "   (SELECT rate_cents FROM tutor_rate x WHERE x.tutor_id = se.tutor_id"
        "     AND x.effective_on <= se.session_date ORDER BY x.effective_on DESC LIMIT 1) AS rate,"
        "   se.actual_minutes AS minutes FROM session se"
        "   WHERE se.status = 'held' AND se.session_date BETWEEN ?1 AND ?2"
        "   AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)) r"
        " JOIN tutor t ON t.id = r.tutor_id GROUP BY r.tutor_id, r.rate", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        tt_cents rate;
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
            rate = sqlite3_column_int64(st, 1);
        else
            rate = tutor_category_rate(s, (const char *)sqlite3_column_text(st, 0));
        *amount += (double)sqlite3_column_int64(st, 2) * (double)rate / 60.0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the sessions"));
}

int budget_compute(struct tt_db *db, const struct settings *s, tt_day today, struct budget *b,
                   struct tt_error *err)
{
    memset(b, 0, sizeof *b);
    b->allocation = settings_money(s, SET_BUDGET_ALLOCATION);
    if (b->allocation == 0) {
        int64_t v = 0;
        int rc = db_scalar_int(db, "SELECT ifnull((SELECT budget_cents FROM organisation WHERE id = 1),"
                                   " (SELECT ifnull(sum(budget_cents), 0) FROM school))", &v, err);
        if (rc != TT_OK)
            return rc;
        b->allocation = v;
    }
    tt_day start = settings_year_start(s, today), end = settings_year_end(s, today);
    const char *p = settings_str(s, SET_PROGRAM_START);
    tt_day program;
    if (strcmp(p, "auto") != 0 && date_parse(p, &program) == 0)
        start = program;
    tt_day this_monday = date_week_monday(today);
    double amount;
    int rc = paid_amount(db, s, start, today, &amount, err);
    if (rc != TT_OK)
        return rc;
    /* Percent in hundredths: 1500 is 15 %. */
    double charges = 1.0 + (double)settings_money(s, SET_BUDGET_CHARGES) / 10000.0;
    b->spent = (tt_cents)(amount * charges + 0.5);
    /* The last four complete weeks set the pace. */
    rc = paid_amount(db, s, this_monday - 28, this_monday - 1, &amount, err);
    if (rc != TT_OK)
        return rc;
    b->last_4_weeks = (tt_cents)(amount * charges + 0.5);
    double weeks_left = end > today ? (double)(end - today) / 7.0 : 0.0;
    b->projected = b->spent + (tt_cents)((double)b->last_4_weeks / 4.0 * weeks_left + 0.5);
    b->overrun = b->allocation > 0 && b->projected > b->allocation;
    return TT_OK;
}
