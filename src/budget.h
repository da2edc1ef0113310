/* Budget of measure 15021: what was allocated, what tutoring has cost so
 * far (amounts paid plus employer charges), and where the year ends at the
 * pace of the last four weeks. */
#ifndef TT_BUDGET_H
#define TT_BUDGET_H
#include "dates.h"
#include "db.h"
#include "money.h"
#include "settings.h"

struct budget {
    tt_cents allocation;    /* 0 when none is known */
    tt_cents spent;         /* since the program's start, charges included */
    tt_cents last_4_weeks;  /* the last four complete weeks, charges included */
    tt_cents projected;     /* spent + the weekly average of the last 4 weeks to the year's end */
    int overrun;            /* projected above the allocation */
};

int budget_compute(struct tt_db *db, const struct settings *s, tt_day today, struct budget *b,
                   struct tt_error *err);

#endif
