/* Tutors and candidates: recruitment status with its history, the answer
 * every candidate is owed, the hiring gate, and hourly rates with a dated
 * history so past hours keep the rate they were paid at.  No curses. */
#ifndef TT_TUTORS_H
#define TT_TUTORS_H
#include <stddef.h>
#include <stdint.h>
#include "dates.h"
#include "db.h"
#include "money.h"
#include "settings.h"

struct tutor {
    int64_t id;
    int64_t row_version;
    char last_name[404];
    char first_name[404];
    char email[804];
    char phone[164];
    char category[20];      /* staff_regular, staff_parttime, substitute, retiree,
                               college, university, other */
    char source[12];        /* platform, direct, staff */
    char institution[804];
    char program[804];
    char region[404];
    char desired_org[804];
    char availability_text[4004];
    char applied_on[32];
    int64_t school_id;      /* 0: none */
    char modality[8];       /* remote, school, both */
    char status[16];        /* read only here: tutor_set_status moves it */
    char notes[16004];
};

/* Checks and normalises (trimmed, ISO dates, lower-case e-mail). */
int tutor_validate(struct tutor *t, struct tt_error *err);
/* Inserts (id 0, with the given starting status: "interest" for staff who
 * volunteer, "received" for candidates) or updates the identity, contact
 * and application fields; status and answer are left alone. */
int tutor_save(struct tt_db *db, struct tutor *t, const char *start_status, struct tt_error *err);
int tutor_get(struct tt_db *db, int64_t id, struct tutor *t, struct tt_error *err);
/* The tutor with this e-mail (case ignored), or 0. */
int tutor_find_by_email(struct tt_db *db, const char *email, int64_t *id, struct tt_error *err);

/* Moves the recruitment status along an allowed path, with the history
 * row; "hired" needs a hire date (on). */
int tutor_set_status(struct tt_db *db, int64_t id, const char *to, tt_day on, const char *note,
                     struct tt_error *err);
int tutor_next_statuses(struct tt_db *db, const char *from, const char **codes, int max, int *n,
                        struct tt_error *err);
/* Records the answer given to candidates (one or many, in one
 * transaction): date, how (email, phone, letter, in_person), by the
 * current user. */
int tutor_answer(struct tt_db *db, const int64_t *ids, int n, tt_day on, const char *how,
                 struct tt_error *err);

/* Judicial-record check: requested on a day, or completed with a result
 * (clear, not_clear). */
int tutor_record_check(struct tt_db *db, int64_t id, const char *status, tt_day on,
                       const char *result, struct tt_error *err);

/* May this tutor lead a group?  When not, why (translated, every missing
 * condition).  The schema's trigger enforces the same rule. */
int tutor_can_lead(struct tt_db *db, int64_t id, int *ok, char *why, size_t size,
                   struct tt_error *err);

/* The hourly rate in force on a day: the tutor's own rate from the latest
 * effective date on or before it, else the category's setting. */
int tutor_rate_on(struct tt_db *db, const struct settings *s, int64_t id, tt_day day,
                  tt_cents *rate, struct tt_error *err);
/* A new rate from a date on; earlier hours keep the earlier rate. */
int tutor_set_rate(struct tt_db *db, int64_t id, tt_day from, tt_cents rate, const char *note,
                   struct tt_error *err);
/* The category's default rate from the settings. */
tt_cents tutor_category_rate(const struct settings *s, const char *category);

/* Does a free text (a referral's "referred by") name this person?  Compared
 * without accents or case: "Mme Lucie Brassard" names Lucie Brassard. */
int tutor_named_in(const char *text, const char *first_name, const char *last_name);

#endif
