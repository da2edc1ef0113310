/* A record's history as people read it: the audit log's rows about a
 * student, a tutor or a group (and what hangs from them), newest first,
 * with field names and coded values in the user's language. */
#ifndef TT_HISTORY_H
#define TT_HISTORY_H
#include <stddef.h>
#include <stdint.h>
#include "db.h"

enum history_scope {
    HISTORY_STUDENT,    /* the student, guardians, referrals, consents, memberships, notes */
    HISTORY_TUTOR,      /* the tutor and its hourly rates */
    HISTORY_GROUP       /* the group, its slots, members, tutors, sessions, attendance */
};

struct change_entry {
    char at[20];        /* local time, YYYY-MM-DD HH:MM */
    char by[65];
    char table[24];
    char action[8];     /* insert, update, delete */
    char field[48];     /* "" for a whole row */
    char old_value[204];
    char new_value[204];
    /* A whole row's JSON as "key\x1fvalue\x1e..." (field ""), for the
     * description. */
    char old_pairs[1024];
    char new_pairs[1024];
};

/* The max most recent changes into out; *n how many. */
int history_recent(struct tt_db *db, int scope, int64_t id, struct change_entry *out, int max,
                   int *n, struct tt_error *err);

/* One line: when, who, what record, which field, from what to what. */
void history_describe(const struct change_entry *c, char *buf, size_t size);

#endif
