/* The referral's life: received -> awaiting consent -> awaiting pairing ->
 * active -> suspended -> closed (with a reason).  The allowed moves live in
 * the referral_transition table, which the schema's trigger also reads, so
 * there is one list of them. */
#ifndef TT_REFERRAL_STATUS_H
#define TT_REFERRAL_STATUS_H
#include <stdint.h>
#include "dates.h"
#include "db.h"

/* 1 when from -> to is an allowed move. */
int referral_move_allowed(struct tt_db *db, const char *from, const char *to, int *allowed,
                          struct tt_error *err);
/* Moves a referral to status `to` on day `on`, with an optional note; a
 * move to closed needs closed_reason.  The history row is written in the
 * same unit of work (see db_unit_begin). */
int referral_set_status(struct tt_db *db, int64_t referral_id, const char *to, tt_day on,
                        const char *note, const char *closed_reason, struct tt_error *err);

/* The statuses a referral may move to from `from`, in their natural
 * order.  codes receives at most max static strings. */
int referral_next_statuses(struct tt_db *db, const char *from, const char **codes, int max,
                           int *n, struct tt_error *err);

#endif
