/* Parental consent by purpose (Law 25: specific, limited in time,
 * withdrawable), and the one function that decides whether a student may
 * attend a session. */
#ifndef TT_CONSENT_H
#define TT_CONSENT_H
#include <stddef.h>
#include <stdint.h>
#include "dates.h"
#include "db.h"

struct consent {
    int64_t id;
    int64_t student_id;
    int64_t guardian_id;        /* 0: not recorded */
    char purpose[16];           /* tutoring, share_referral, remote */
    char status[12];            /* pending, given, refused, withdrawn */
    char requested_on[11];      /* "" when unknown */
    char decided_on[11];        /* given or refused on */
    char method[12];            /* signed_form, email, phone; "" when pending */
    char noted_by[101];         /* who took a consent by phone */
    char expires_on[11];        /* last covered day; "" = the school year's end */
    char withdrawn_on[11];
    int student_agreement;      /* -1 not noted, 0 no, 1 yes (students 14 and over) */
    char note[1001];
};

/* Records a new consent (pending, given or refused).  An empty expiry
 * becomes default_expiry.  Field errors name the field. */
int consent_record(struct tt_db *db, struct consent *c, tt_day default_expiry,
                   struct tt_error *err);
/* Withdraws a given consent from day on (the day itself is no longer
 * covered); the record and its history stay. */
int consent_withdraw(struct tt_db *db, int64_t consent_id, tt_day on, const char *note,
                     struct tt_error *err);

/* May student attend a session on day in modality ("remote" or "school")?
 * *allowed is 1 or 0; when 0, reason says why in the user's language.
 * Tutoring consent must be given, started, unexpired and not withdrawn on
 * that day; a remote session needs the remote purpose likewise. */
int consent_may_attend(struct tt_db *db, int64_t student_id, tt_day day, const char *modality,
                       int *allowed, char *reason, size_t size, struct tt_error *err);

#endif
