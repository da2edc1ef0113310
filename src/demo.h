/* A realistic, fictional school service centre for trying the program and
 * for tests: two schools, students with accented French names, referrals
 * and candidates in every status, groups and eight weeks of sessions.
 * Deterministic for a given "today". */
#ifndef TT_DEMO_H
#define TT_DEMO_H
#include "db.h"
#include "dates.h"
#include "settings.h"

struct demo_summary {
    long schools, students, referrals, consents, tutors, groups, sessions, attendance;
};

/* Fills an empty database (refuses one that already holds students) in one
 * transaction: all or nothing. */
int demo_create(struct tt_db *db, const struct settings *s, tt_day today,
                struct demo_summary *sum, struct tt_error *err);

#endif
