#include "config.h"
#include <string.h>
#include "budget.h"
#include "i18n.h"
#include "store.h"
#include "tutors.h"

struct tally {
    struct tt_db *db;
    const struct settings *s;
    struct tt_error *err;
    double amount;              /* cents, before charges */
};

/* Each session at the rate in force on its date. */
static int add_session(void *ctx, int64_t tutor, tt_day day, long minutes)
{
    struct tally *t = ctx;
    tt_cents rate;
    int rc = tutor_rate_on(t->db, t->s, tutor, day, &rate, t->err);
    if (rc != TT_OK)
        return rc;
    t->amount += (double)minutes * (double)rate / 60.0;
    return TT_OK;
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
    struct tally t = { db, s, err, 0 };
    int rc = store_paid_sessions(db, start, today, add_session, &t, err);
    if (rc != TT_OK)
        return rc;
    /* Percent in hundredths: 1500 is 15 %. */
    double charges = 1.0 + (double)settings_money(s, SET_BUDGET_CHARGES) / 10000.0;
    b->spent = (tt_cents)(t.amount * charges + 0.5);
    /* The last four complete weeks set the pace. */
    t.amount = 0;
    rc = store_paid_sessions(db, this_monday - 28, this_monday - 1, add_session, &t, err);
    if (rc != TT_OK)
        return rc;
    b->last_4_weeks = (tt_cents)(t.amount * charges + 0.5);
    double weeks_left = end > today ? (double)(end - today) / 7.0 : 0.0;
    b->projected = b->spent + (tt_cents)((double)b->last_4_weeks / 4.0 * weeks_left + 0.5);
    b->overrun = b->allocation > 0 && b->projected > b->allocation;
    return TT_OK;
}
