/* Students and their guardians: validation of what a secretary types,
 * duplicate detection, and saving.  Shared by the referral form and the
 * roster import, so both obey the same rules. */
#ifndef TT_STUDENTS_H
#define TT_STUDENTS_H
#include <stddef.h>
#include <stdint.h>
#include "db.h"

#define NAME_MAX_CHARS 100

struct student {
    int64_t id;                 /* 0: not saved yet */
    int64_t row_version;        /* as read, to detect someone else's change */
    int64_t school_id;
    char local_number[84];
    char code_permanent[64];    /* as typed; normalised by student_validate */
    char last_name[404];
    char first_name[404];
    char birth_date[32];        /* as typed; stored YYYY-MM-DD */
    char level[8];
    char class_group[84];
    char language[8];           /* fr, en, other or "" */
    int has_intervention_plan;
    int needs_francization;
};

struct guardian {
    int64_t id;
    int rank;                   /* 1 or 2 */
    char full_name[404];
    char relationship[16];      /* mother, father, guardian, other */
    char phone[164];
    char email[804];
    char language[8];
};

/* "abcd 1234 5678" -> "ABCD12345678"; 0 when the result has the form of a
 * code permanent (four letters, eight digits), -1 otherwise. */
int student_code_permanent_normalise(const char *in, char out[13]);

/* Checks every field and normalises them in place (trimmed names, upper-
 * cased code permanent, ISO dates).  The first wrong field is named in
 * err->field with a translated message saying what is expected. */
int student_validate(struct student *s, struct tt_error *err);
int guardian_validate(struct guardian *g, struct tt_error *err);

/* Students that look like s: same local number, same code permanent, or
 * same name and birth date (accents and case ignored).  Up to max ids,
 * excluding s->id. */
int student_find_duplicates(struct tt_db *db, const struct student *s, int64_t *ids, int max,
                            int *n, struct tt_error *err);

/* Inserts (id 0) or updates the student, refusing an update when the row
 * changed since it was read (TT_ERR_CONFLICT).  Validates first. */
int student_save(struct tt_db *db, struct student *s, struct tt_error *err);
int student_get(struct tt_db *db, int64_t id, struct student *s, struct tt_error *err);
/* What search matches: folded names, local number, code permanent.
 * Caller frees. */
char *student_search_key(const char *last_name, const char *first_name,
                         const char *local_number, const char *code_permanent);
/* Recomputes every student's search key (after bulk writes in SQL). */
int students_refresh_search_keys(struct tt_db *db, struct tt_error *err);
/* Replaces the guardian of that rank (an empty name removes it). */
int guardian_save(struct tt_db *db, int64_t student_id, struct guardian *g, struct tt_error *err);
int guardians_get(struct tt_db *db, int64_t student_id, struct guardian g[2], int *n,
                  struct tt_error *err);

#endif
