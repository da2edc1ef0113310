/* The school calendar: holidays and pedagogical days on which no session
 * is planned, for every school or one.  Editable from the Settings screen;
 * read by the session planner.  No curses. */
#ifndef TT_CALENDAR_H
#define TT_CALENDAR_H
#include <stddef.h>
#include <stdint.h>
#include "dates.h"
#include "db.h"
#include "settings.h"

struct calendar_day {
    int64_t id;
    char day[11];
    char kind[12];           /* holiday, pedagogical, other */
    char label[404];         /* neutralised */
    char school[404];        /* "" for every school */
};

/* Non-school days between from and to, by date.  *out is malloc'ed. */
int calendar_list(struct tt_db *db, tt_day from, tt_day to, struct calendar_day **out, size_t *n,
                  struct tt_error *err);
/* Adds a day off (school_id 0: every school), creating the school year
 * from the settings when the database has none covering that day.  A
 * weekend, a day outside the school year or one already listed is refused
 * with the reason. */
int calendar_add(struct tt_db *db, const struct settings *s, tt_day day, const char *kind,
                 const char *label, int64_t school_id, struct tt_error *err);
/* Removes a day off; planned sessions are not recreated by this. */
int calendar_remove(struct tt_db *db, int64_t id, struct tt_error *err);

#endif
