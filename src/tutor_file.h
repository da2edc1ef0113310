/* Everything a tutor's file shows, read in one go (no curses). */
#ifndef TT_TUTOR_FILE_H
#define TT_TUTOR_FILE_H
#include <stdint.h>
#include "db.h"
#include "history.h"
#include "money.h"
#include "settings.h"
#include "tutors.h"

struct tutor_event {
    char on[11], from[16], to[16], by[65], note[404];
};

struct tutor_rate_row {
    char from[11];
    tt_cents rate;
    char by[65];
};

struct tutor_file {
    struct tutor t;
    char school[404];
    char status_date[11];
    char answered_on[11], answered_how[16], answered_by[65];
    char hire_date[11], employee_number[24];
    char check_status[16], check_requested_on[11], check_completed_on[11], check_result[16];
    char training_on[11], confidentiality_on[11];
    struct { char subject[16], level[8]; } skills[48];
    int n_skills;
    char availability_text[512];    /* "Mon 15:30-20:00, ..." */
    tt_cents rate_today;
    struct tutor_rate_row rates[16];
    int n_rates;
    struct tutor_event history[32];
    int n_history;
    char groups[16][404];
    int n_groups;
    long minutes_given;             /* held sessions where this tutor taught */
    int may_lead;
    char may_lead_why[512];
    /* Students of this tutor's groups whom the tutor referred as their
     * teacher: a teacher should not tutor their own students. */
    char own_students[8][404];
    int n_own_students;
    struct change_entry changes[24];
    int n_changes;                  /* the most recent, from the audit log */
};

int tutor_file_load(struct tt_db *db, const struct settings *s, int64_t id, tt_day today,
                    struct tutor_file **out, struct tt_error *err);

#endif
