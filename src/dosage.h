/* Dosage: whether each student in an active group gets enough tutoring to
 * make a difference (research behind the program: three sessions and 75
 * minutes a week, steady attendance, one tutor per subject, ten weeks at
 * least).  The thresholds are settings; these are warnings for a follow-up
 * view, never blocks.  No curses. */
#ifndef TT_DOSAGE_H
#define TT_DOSAGE_H
#include <stddef.h>
#include <stdint.h>
#include "dates.h"
#include "db.h"
#include "settings.h"

enum dosage_flag {
    DOSE_FEW_SESSIONS = 1,
    DOSE_FEW_MINUTES = 2,
    DOSE_LOW_ATTENDANCE = 4,
    DOSE_TUTORS = 8,
    DOSE_SHORT_PROGRAM = 16
};

struct dosage_row {
    int64_t student_id;
    char name[420];            /* neutralised */
    int flags;                 /* enum dosage_flag */
    int weeks;                 /* complete weeks looked at (0: joined too recently) */
    double sessions_per_week;
    double minutes_per_week;
    int attendance;            /* percent, -1 without attendance lines */
    int tutors;                /* most tutors in one subject */
    int program_weeks;         /* shortest planned program, -1 unknown */
};

/* Students in an active group, with a flag for each threshold they miss,
 * over the window_weeks complete weeks before today's week (fewer for a
 * student who joined since).  Only flagged students are returned, by name.
 * *out is malloc'ed. */
int dosage_warnings(struct tt_db *db, const struct settings *s, tt_day today,
                    struct dosage_row **out, size_t *n, struct tt_error *err);
/* The reasons of a row, in the user's language, separated by "; ". */
void dosage_describe(const struct settings *s, const struct dosage_row *r, char *buf,
                     size_t size);

#endif
