/* The referral form (the ministry's Appendix 2, as reconstructed in
 * domain.md): validation, saving with its subjects and availability, and
 * reading back. */
#ifndef TT_REFERRALS_H
#define TT_REFERRALS_H
#include <stddef.h>
#include <stdint.h>
#include "db.h"
#include "students.h"

/* Subjects, in the order of their bits in referral.subjects. */
enum { SUBJECT_COUNT = 8 };
const char *subject_code(int i);          /* "fr_reading", ... */

/* The weekly availability grid: 7 days x 4 slots outside class hours, one
 * bit each (bit = day * AVAIL_SLOTS + slot, day 0 = Monday). */
enum { AVAIL_DAYS = 7, AVAIL_SLOTS = 4 };
struct avail_slot {
    const char *name;       /* N_() */
    int start_min, end_min;
};
const struct avail_slot *avail_slots(void);
#define AVAIL_BIT(day, slot) (1u << ((day) * AVAIL_SLOTS + (slot)))

struct referral {
    int64_t id;
    int64_t row_version;
    int64_t student_id;
    int64_t school_id;
    char referral_date[32];
    char referrer_name[404];
    char referrer_role[16];     /* teacher, special_ed, professional, principal, other */
    char class_group[84];
    unsigned subjects;          /* bit i = subject_code(i) */
    char difficulties[16004];
    char strengths[16004];
    char strategies_tried[16004];
    char since_when[804];
    int wellbeing_concern;
    char partner_suggestion[12];   /* none, alloprof, teljeunes, both */
    int rai_level;              /* 0 not set, 1-3 */
    int priority;               /* 1 high, 2 normal, 3 low */
    char format[12];            /* individual, group, either */
    char modality[8];           /* remote, school, either */
    int has_device;             /* -1 unknown, 0, 1 */
    int has_internet;
    char pairing_constraints[8004];
    uint32_t availability;
    char status[20];            /* read only: moved by referral_set_status */
};

/* New referral with today's date, normal priority, remote, either format. */
struct referral *referral_new(void);
void referral_free(struct referral *r);

int referral_validate(struct referral *r, struct tt_error *err);

/* Checks and normalises a whole form without writing anything; the first
 * wrong field is named in err->field. */
int referral_form_validate(struct student *s, struct guardian g[2], struct referral *r,
                           struct tt_error *err);

/* Saves a whole form in one transaction: the student (created when
 * s->id is 0, updated otherwise), up to two guardians (empty names are
 * skipped), and the referral (inserted when r->id is 0).  A new referral
 * starts "received".  Nothing is written when anything fails. */
int referral_save_form(struct tt_db *db, struct student *s, struct guardian g[2],
                       struct referral *r, struct tt_error *err);
int referral_get(struct tt_db *db, int64_t id, struct referral *r, struct tt_error *err);

/* The login and time (YYYY-MM-DD HH:MM, UTC) of the last change to the
 * referral or its student; empty strings when none is recorded. */
int referral_last_change(struct tt_db *db, int64_t referral_id, int64_t student_id, char *who,
                         size_t who_size, char *at, size_t at_size, struct tt_error *err);

/* A referral to Alloprof or Tel-jeunes, sent on a day by the current user,
 * with its outcome when known. */
int partner_referral_add(struct tt_db *db, int64_t student_id, int64_t referral_id,
                         const char *partner, const char *sent_on, const char *outcome,
                         struct tt_error *err);

#endif
