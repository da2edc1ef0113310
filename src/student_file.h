/* Everything shown on a student's file, read in one go.  Opening a file
 * is recorded in the access log (who viewed which child's data, when). */
#ifndef TT_STUDENT_FILE_H
#define TT_STUDENT_FILE_H
#include <stdint.h>
#include "dates.h"
#include "db.h"
#include "history.h"
#include "students.h"

#define FILE_MAX_ROWS 64

struct file_referral {
    int64_t id;
    char date[11];
    char status[20];
    char status_date[11];
    char referrer[404];
    char subjects[256];     /* codes separated by spaces */
    int priority;
    char closed_reason[404];
};

struct file_consent {
    int64_t id;
    char purpose[16];
    char status[12];
    char decided_on[11];
    char expires_on[11];
    char withdrawn_on[11];
    char method[12];
    char noted_by[101];
    char guardian[404];
    int student_agreement;  /* -1 not noted */
};

struct file_membership {
    char group[404];
    char tutor[404];
    char subject[16];
    char joined_on[11];
    char left_on[11];
    char leave_reason[404];
};

struct file_session {
    char date[11];
    char group[404];
    char attendance[12];
    int minutes;
};

struct file_event {
    char on[11];
    char from[20];
    char to[20];
    char by[65];
    char note[404];
    int64_t referral_id;
};

struct file_partner {
    char partner[12];
    char sent_on[11];
    char sent_by[65];
    char outcome[1004];
};

struct file_note {
    char date[11];
    char subject[16];
    char kind[8];            /* start, middle, end, note */
    int score;               /* 1..5, 0 none */
    char body[4004];
    char author[65];
};

struct student_file {
    struct student s;
    char school[404];
    struct guardian guardians[2];
    int n_guardians;
    struct file_referral referrals[16];
    int n_referrals;
    struct file_consent consents[32];
    int n_consents;
    struct file_membership groups[16];
    int n_groups;
    struct file_session sessions[FILE_MAX_ROWS];
    int n_sessions;             /* the most recent ones */
    long sessions_present;
    long minutes_present;
    struct file_event history[FILE_MAX_ROWS];
    int n_history;
    struct file_partner partners[8];
    int n_partners;
    struct file_note notes[32];
    int n_notes;                /* the most recent ones */
    struct change_entry changes[24];
    int n_changes;              /* the most recent, from the audit log */
};

/* Loads the file and logs the viewing.  Caller frees with free(). */
int student_file_load(struct tt_db *db, int64_t student_id, struct student_file **out,
                      struct tt_error *err);

/* The code permanent and the birth date are masked on screen; showing
 * them is an access of its own, logged like opening the file. */
int student_file_log_reveal(struct tt_db *db, int64_t student_id, struct tt_error *err);

/* Adds a progress note: a start, middle or end assessment (score 1 to 5,
 * 0 for none) or a free note, for one subject, by the current user. */
int progress_note_add(struct tt_db *db, int64_t student_id, const char *subject,
                      const char *kind, tt_day on, int score, const char *body,
                      struct tt_error *err);

#endif
