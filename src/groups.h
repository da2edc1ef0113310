/* Stable tutoring groups: creation with a weekly schedule, dated
 * memberships (joined and left with a reason, never deleted), changes of
 * tutor with their history, and the warnings a coordinator should see.
 * The schema's triggers hold the hard rules (size limit, one active group
 * per subject, cleared tutor); this layer checks them first to explain a
 * refusal in the user's words.  No curses. */
#ifndef TT_GROUPS_H
#define TT_GROUPS_H
#include <stddef.h>
#include <stdint.h>
#include "dates.h"
#include "db.h"
#include "settings.h"

#define GROUP_MAX_SLOTS 7

struct group_slot {
    int weekday;      /* 1 Monday .. 7 Sunday */
    int start_min;    /* minutes after midnight */
    int minutes;
};

struct group {
    int64_t id;
    int64_t row_version;
    char name[404];
    int64_t school_id;      /* 0: none (remote groups of a service centre) */
    int64_t tutor_id;
    char subject[16];       /* fr_reading, fr_writing, math, english, science, social,
                               study_skills, other */
    char level_band[8];     /* PRE, P1-P2, P3-P4, P5-P6, S1-S2, S3-S5 */
    char modality[8];       /* remote, school */
    char place[804];
    char meeting_link[2004];
    char start_date[11];
    char end_date[11];      /* "" open */
    int size_limit;         /* 0: the group_size_limit setting */
    char status[8];         /* planned, active, ended */
    int n_slots;
    struct group_slot slots[GROUP_MAX_SLOTS];
};

/* The level band a student's level (P1..S5, PRE4, PRE5) belongs to, or
 * NULL. */
const char *group_band_of_level(const char *level);

/* Checks and normalises (trimmed, known codes, ISO dates, slots inside a
 * day).  Field errors name the field. */
int group_validate(struct group *g, struct tt_error *err);
/* Creates a group with its slots and the first row of its tutor history
 * (from its start date), in one unit of work; sets g->id. */
int group_create(struct tt_db *db, const struct settings *s, struct group *g,
                 struct tt_error *err);
int group_get(struct tt_db *db, int64_t id, struct group *g, struct tt_error *err);
/* Gives the group another tutor from day on, closing the previous row of
 * its tutor history; reason is required. */
int group_change_tutor(struct tt_db *db, int64_t group_id, int64_t tutor_id, tt_day on,
                       const char *reason, struct tt_error *err);

/* Adds a student from day on.  Refused, with the reason, when the group is
 * full, ended, or the student already is in an active group for the
 * subject.  The student's open referral, if any, is linked; a referral
 * awaiting pairing stays so until the first session held.  Sets
 * *membership_id when not NULL. */
int group_add_member(struct tt_db *db, int64_t group_id, int64_t student_id, tt_day on,
                     const char *reason, int64_t *membership_id, struct tt_error *err);
/* Ends a membership on day on (the student's last day) with a reason. */
int group_end_member(struct tt_db *db, int64_t membership_id, tt_day on, const char *reason,
                     struct tt_error *err);

struct group_member {
    int64_t membership_id;
    int64_t student_id;
    char name[420];          /* "Last, First", neutralised for display */
    char level[8];
    char joined_on[11];
    char left_on[11];        /* "" while a member */
    char join_reason[404];
    char leave_reason[404];
    int consent_ok;          /* valid on the reference day for the group's modality */
    char consent_reason[256];/* why not, in the user's language */
};
/* Members of a group: active ones on day (left_on empty or after day)
 * when history is 0; every membership, joins and leaves, oldest first,
 * when 1.  *out is malloc'ed. */
int group_members(struct tt_db *db, int64_t group_id, tt_day day, int history,
                  struct group_member **out, size_t *n, struct tt_error *err);

/* Tutors who may lead a group (hired, check completed and clear), by
 * name. *out is malloc'ed. */
struct group_tutor_choice {
    int64_t id;
    char name[420];          /* "Last, First", neutralised */
};
int group_eligible_tutors(struct tt_db *db, struct group_tutor_choice **out, size_t *n,
                          struct tt_error *err);

/* A group's sessions so far: planned ahead, held, cancelled, still to
 * complete (past, planned, no attendance), and attendance rate (present
 * among attendance lines, in percent; -1 before any). */
struct group_sessions_summary {
    long planned, held, cancelled, to_complete;
    int attendance_rate;
    char next[11];           /* the next planned session's date, "" none */
};
int group_sessions_summary(struct tt_db *db, int64_t group_id, tt_day today,
                           struct group_sessions_summary *sum, struct tt_error *err);

/* A warning about a group (not a block).  text is in the user's
 * language. */
struct group_warning {
    char text[512];
};
/* More than group_size_warning students; mixed subjects or level bands among the members'
 * referrals; a member who changed tutor in the subject; a tutor who
 * teaches one of the students (same school and staff category, with the
 * student's class group in the tutor's notes); a slot outside a member's
 * availability.  *out is malloc'ed. */
int group_warnings(struct tt_db *db, const struct settings *s, int64_t group_id, tt_day day,
                   struct group_warning **out, size_t *n, struct tt_error *err);

#endif
