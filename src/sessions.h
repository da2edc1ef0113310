/* Sessions and attendance: planned sessions generated from a group's
 * weekly slots over the school calendar, sessions added by hand, the
 * attendance sheet a secretary fills in, cancellations, replacement tutors,
 * and the hours that pay tutors and go to the ministry.  The consent rule
 * is checked here to explain a refusal; the schema's triggers hold it too.
 * No curses. */
#ifndef TT_SESSIONS_H
#define TT_SESSIONS_H
#include <stddef.h>
#include <stdint.h>
#include "dates.h"
#include "db.h"

/* Creates the planned sessions of a group's weekly slots between from and
 * to (both included, clipped to the group's own dates), skipping weekends,
 * the school calendar's non-school days (for every school or the group's)
 * and sessions that already exist.  *created counts the new ones. */
int sessions_generate(struct tt_db *db, int64_t group_id, tt_day from, tt_day to, int *created,
                      struct tt_error *err);
/* A session outside the schedule (a make-up, an extra one).  tutor_id 0:
 * the group's tutor. */
int session_add(struct tt_db *db, int64_t group_id, tt_day day, int start_min, int minutes,
                int64_t tutor_id, int64_t *id, struct tt_error *err);

/* Cancels a planned session; side is "student" or "tutor"; reason
 * required. */
int session_cancel(struct tt_db *db, int64_t session_id, const char *side, const char *reason,
                   struct tt_error *err);
/* Records that another tutor gave (or will give) the session. */
int session_set_tutor(struct tt_db *db, int64_t session_id, int64_t tutor_id,
                      struct tt_error *err);

/* One member on the attendance sheet. */
struct attendance_line {
    int64_t student_id;
    char name[420];          /* neutralised for display */
    char status[8];          /* present, absent, excused */
    int minutes;             /* minutes present */
    int allowed;             /* consent valid for the date and modality */
    char reason[256];        /* why not, in the user's language */
};

struct session_sheet {
    int64_t id;
    int64_t row_version;
    int64_t group_id;
    char group_name[404];
    char date[11];
    int start_min;
    int planned_minutes;
    int actual_minutes;      /* the session's length as held */
    int64_t tutor_id;
    char tutor_name[420];
    char modality[8];
    char status[20];
    size_t n;
    struct attendance_line *lines;
};

/* The session with its members on that day: their recorded attendance
 * when there is one, otherwise present for the whole session when their
 * consent allows it and absent when it does not. */
int session_sheet_load(struct tt_db *db, int64_t session_id, struct session_sheet **out,
                       struct tt_error *err);
void session_sheet_free(struct session_sheet *sh);
/* Saves the sheet as a held session in one unit of work: the session's
 * length, each member's attendance, and a referral awaiting pairing moves
 * to active with its first session.  A member marked present without a
 * valid consent refuses the whole save, naming the student and the reason;
 * a sheet read before someone else saved the session is TT_ERR_CONFLICT. */
int session_sheet_save(struct tt_db *db, struct session_sheet *sh, struct tt_error *err);

/* One member's attendance (the command line and imports use this): same
 * rules as the sheet. */
int session_set_attendance(struct tt_db *db, int64_t session_id, int64_t student_id,
                           const char *status, int minutes, struct tt_error *err);

/* Hours over [from, to]: session-hours are the tutor's time in held
 * sessions (what is paid and reported), student-hours the minutes each
 * student was present. */
struct hours {
    long sessions;           /* held sessions */
    long session_minutes;
    long student_minutes;
    long students;           /* distinct students present at least once */
};
enum hours_scope { HOURS_STUDENT, HOURS_TUTOR, HOURS_GROUP, HOURS_SCHOOL };
int hours_for(struct tt_db *db, enum hours_scope scope, int64_t id, tt_day from, tt_day to,
              struct hours *h, struct tt_error *err);

#endif
