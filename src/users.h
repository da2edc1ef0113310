/* The people who may use a database, by operating-system login, and their
 * role: administrator (everything), secretary (enters referrals, consents,
 * candidates and sessions; not users, the organisation, the calendar or
 * pay periods), read-only (looks; its viewing is still logged).  Only an
 * administrator changes this table (db.c's authoriser refuses anyone
 * else), and the last active administrator cannot be removed.  No curses. */
#ifndef TT_USERS_H
#define TT_USERS_H
#include <stddef.h>
#include "db.h"

struct app_user {
    char login[65];
    char full_name[404];
    char role[12];
    int active;
    char created_at[20];
};

int users_list(struct tt_db *db, struct app_user **out, size_t *n, struct tt_error *err);
/* Adds a login with a role; an existing login is refused. */
int user_add(struct tt_db *db, const char *login, const char *role, const char *full_name,
             struct tt_error *err);
int user_set_role(struct tt_db *db, const char *login, const char *role, struct tt_error *err);
/* Disables (0) or enables (1) a login; nothing it did is removed. */
int user_set_active(struct tt_db *db, const char *login, int active, struct tt_error *err);

#endif
