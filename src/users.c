#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "i18n.h"
#include "users.h"
#include "util.h"

static const char *const roles[] = { "admin", "secretary", "readonly", NULL };

const char *user_role_label(const char *role)
{
    return strcmp(role, "admin") == 0       ? _("administrator")
           : strcmp(role, "secretary") == 0 ? _("secretary")
                                            : _("read-only");
}

int users_may_manage(struct tt_db *db, struct tt_error *err)
{
    if (strcmp(db_role(db), "admin") == 0)
        return TT_OK;
    return tt_error_set(err, TT_ERR_PERM,
                        _("Only an administrator adds users or changes their role or access "
                          "(your role: %s)."),
                        user_role_label(db_role(db)));
}

int users_list(struct tt_db *db, struct app_user **out, size_t *n, struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT login, ifnull(full_name, ''), role, active, created_at"
                                   " FROM app_user ORDER BY login", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    size_t cap = 0;
    int rc;
    struct app_user *v = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct app_user *u = &v[(*n)++];
        field_col(st, 0, u->login, sizeof u->login);
        field_col(st, 1, u->full_name, sizeof u->full_name);
        field_col(st, 2, u->role, sizeof u->role);
        u->active = sqlite3_column_int(st, 3);
        field_col(st, 4, u->created_at, sizeof u->created_at);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(v);
        *n = 0;
        return db_fail(db, rc, err, _("Reading the users"));
    }
    *out = v;
    return TT_OK;
}

static int check_login(const char *login, struct tt_error *err)
{
    size_t len = login ? strlen(login) : 0;
    if (len == 0 || len > 64)
        return tt_error_set_field(err, TT_ERR_INVALID, "login",
                                  _("A login is 1 to 64 characters."));
    for (const char *p = login; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-' || *p == '@'))
            return tt_error_set_field(err, TT_ERR_INVALID, "login",
                                      _("\"%s\" is not a login name of this server (letters, "
                                        "digits, . _ - @)."), login);
    return TT_OK;
}

static int check_role(const char *role, struct tt_error *err)
{
    if (role && field_one_of(role, roles))
        return TT_OK;
    return tt_error_set_field(err, TT_ERR_INVALID, "role",
                              _("A role is admin, secretary or readonly."));
}

/* Would this change leave the database without an active administrator? */
static int keeps_an_admin(struct tt_db *db, const char *login, const char *new_role,
                          int new_active, struct tt_error *err)
{
    int64_t others;
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM app_user WHERE role = 'admin'"
                                   " AND active = 1 AND login <> ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    others = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return db_fail(db, rc, err, _("Reading the users"));
    if (others == 0 && (!new_active || strcmp(new_role, "admin") != 0))
        return tt_error_set(err, TT_ERR_RULE,
                            _("%s is the last active administrator; name another one first."),
                            login);
    return TT_OK;
}

static int step_changes(struct tt_db *db, sqlite3_stmt *st, const char *login,
                        struct tt_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, rc, err, _("Changing the users"));
    if (sqlite3_changes(db_handle(db)) == 0)
        return tt_error_set(err, TT_ERR_NOTFOUND, _("\"%s\" is not a user of this database."),
                            login);
    return TT_OK;
}

int user_add(struct tt_db *db, const char *login, const char *role, const char *full_name,
             struct tt_error *err)
{
    int rc;
    char name[404];
    tt_strlcpy(name, full_name ? full_name : "", sizeof name);
    if ((rc = users_may_manage(db, err)) || (rc = check_login(login, err)) ||
        (rc = check_role(role, err)) ||
        (rc = field_text(name, "full_name", _("Full name"), 200, 0, err)))
        return rc;
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO app_user (login, full_name, role) VALUES (?1, ?2, ?3)",
                               err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 2, name);
    sqlite3_bind_text(st, 3, role, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    int extended = sqlite3_extended_errcode(db_handle(db));
    sqlite3_reset(st);
    if ((s & 0xff) == SQLITE_CONSTRAINT && extended == SQLITE_CONSTRAINT_UNIQUE)
        return tt_error_set(err, TT_ERR_RULE, _("\"%s\" is already a user of this database."),
                            login);
    return s == SQLITE_DONE ? TT_OK : db_fail(db, s, err, _("Changing the users"));
}

/* Sets a login's role (NULL: keeps it) and whether it may log in (-1:
 * keeps it), in one unit so the last-administrator check and the change
 * see the same table even with other users at work. */
static int change(struct tt_db *db, const char *login, const char *role, int active,
                  struct tt_error *err)
{
    int rc = users_may_manage(db, err);
    if (rc == TT_OK && role)
        rc = check_role(role, err);
    if (rc == TT_OK && active == 0 && strcmp(login, db_login(db)) == 0)
        rc = tt_error_set_field(err, TT_ERR_RULE, "active",
                                _("You cannot disable your own login; another administrator "
                                  "can."));
    if (rc != TT_OK || (rc = db_unit_begin(db, err)) != TT_OK)
        return rc;
    char now_role[12] = "";
    int now_active = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT role, active FROM app_user WHERE login = ?1", err);
    if (st == NULL) {
        rc = err ? err->code : TT_ERR_DB;
    } else {
        sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
        int s = sqlite3_step(st);
        if (s == SQLITE_ROW) {
            field_col(st, 0, now_role, sizeof now_role);
            now_active = sqlite3_column_int(st, 1);
        }
        sqlite3_reset(st);
        if (s == SQLITE_DONE)
            rc = tt_error_set(err, TT_ERR_NOTFOUND, _("\"%s\" is not a user of this database."),
                              login);
        else if (s != SQLITE_ROW)
            rc = db_fail(db, s, err, _("Reading the users"));
    }
    char new_role[12];
    tt_strlcpy(new_role, role ? role : now_role, sizeof new_role);
    int new_active = active < 0 ? now_active : active != 0;
    if (rc == TT_OK)
        rc = keeps_an_admin(db, login, new_role, new_active, err);
    if (rc == TT_OK) {
        st = db_stmt(db, "UPDATE app_user SET role = ?2, active = ?3 WHERE login = ?1", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, new_role, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 3, new_active);
            rc = step_changes(db, st, login, err);
        }
    }
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc != TT_OK ? rc : end;
}

int user_set_role(struct tt_db *db, const char *login, const char *role, struct tt_error *err)
{
    return change(db, login, role ? role : "", -1, err);
}

int user_set_active(struct tt_db *db, const char *login, int active, struct tt_error *err)
{
    return change(db, login, NULL, active != 0, err);
}

int user_change(struct tt_db *db, const char *login, const char *role, int active,
                struct tt_error *err)
{
    return change(db, login, role ? role : "", active != 0, err);
}
