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
/* The role's name in the user's language (administrator, secretary,
 * read-only). */
const char *user_role_label(const char *role);
/* TT_OK when this connection's user may change the users; otherwise
 * TT_ERR_PERM and a message saying who may.  Every change below asks it
 * first, so a screen can ask it too before opening a form. */
int users_may_manage(struct tt_db *db, struct tt_error *err);
/* Adds a login with a role; an existing login is refused. */
int user_add(struct tt_db *db, const char *login, const char *role, const char *full_name,
             struct tt_error *err);
int user_set_role(struct tt_db *db, const char *login, const char *role, struct tt_error *err);
/* Disables (0) or enables (1) a login; nothing it did is removed.  Nobody
 * disables their own login (another administrator does). */
int user_set_active(struct tt_db *db, const char *login, int active, struct tt_error *err);
/* Both at once, as the Users screen's form does: all or nothing.  A
 * connection keeps the role it opened with (db_use_login takes a new one). */
int user_change(struct tt_db *db, const char *login, const char *role, int active,
                struct tt_error *err);

#endif
