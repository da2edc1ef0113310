#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "i18n.h"
#include "schools.h"
#include "users.h"
#include "util.h"

static const char *const org_kinds[] = { "css", "board", "special", "private", NULL };

int organisation_get(struct tt_db *db, struct organisation *o, struct tt_error *err)
{
    memset(o, 0, sizeof *o);
    tt_strlcpy(o->kind, "css", sizeof o->kind);
    sqlite3_stmt *st = db_stmt(db, "SELECT name, kind, ifnull(ministry_code, ''), budget_cents"
                                   " FROM organisation WHERE id = 1", err);
    STMT_OR_FAIL(st);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        o->exists = 1;
        field_col(st, 0, o->name, sizeof o->name);
        field_col(st, 1, o->kind, sizeof o->kind);
        field_col(st, 2, o->ministry_code, sizeof o->ministry_code);
        o->has_budget = sqlite3_column_type(st, 3) != SQLITE_NULL;
        o->budget = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return db_fail(db, s, err, _("Reading the organisation"));
    return TT_OK;
}

int schools_may_change(struct tt_db *db, struct tt_error *err)
{
    if (strcmp(db_role(db), "admin") == 0)
        return TT_OK;
    return tt_error_set(err, TT_ERR_PERM,
                        _("Only an administrator changes the organisation and its schools (your "
                          "role: %s)."),
                        user_role_label(db_role(db)));
}

static int check_budget(int has, tt_cents v, struct tt_error *err)
{
    if (has && v < 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "budget", "%s",
                                  _("A budget cannot be negative."));
    return TT_OK;
}

int organisation_save(struct tt_db *db, struct organisation *o, struct tt_error *err)
{
    int rc = schools_may_change(db, err);
    if (rc == TT_OK)
        rc = field_text(o->name, "name", _("Name"), 200, 1, err);
    if (rc == TT_OK && !field_one_of(o->kind, org_kinds))
        rc = tt_error_set_field(err, TT_ERR_INVALID, "kind", _("%s: choose a value from the list."),
                                _("Kind"));
    if (rc == TT_OK)
        rc = field_text(o->ministry_code, "ministry_code", _("Ministry code"), 20, 0, err);
    if (rc == TT_OK)
        rc = check_budget(o->has_budget, o->budget, err);
    if (rc != TT_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO organisation (id, name, kind, ministry_code, budget_cents)"
        " VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
        " kind = excluded.kind, ministry_code = excluded.ministry_code,"
        " budget_cents = excluded.budget_cents", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_text(st, 1, o->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, o->kind, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 3, o->ministry_code);
    if (o->has_budget)
        sqlite3_bind_int64(st, 4, o->budget);
    else
        sqlite3_bind_null(st, 4);
    return db_step_done(db, st, _("Saving the organisation"), err);
}

static void school_row(sqlite3_stmt *st, struct school *s)
{
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    field_col(st, 1, s->code, sizeof s->code);
    field_col(st, 2, s->name, sizeof s->name);
    s->has_budget = sqlite3_column_type(st, 3) != SQLITE_NULL;
    s->budget = sqlite3_column_int64(st, 3);
    s->active = sqlite3_column_int(st, 4);
}

int schools_list(struct tt_db *db, struct school **out, size_t *n, struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name, budget_cents, active FROM school"
                                   " ORDER BY active DESC, name", err);
    STMT_OR_FAIL(st);
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xreallocarray(*out, cap, sizeof **out);
        }
        school_row(st, &(*out)[(*n)++]);
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return db_fail(db, s, err, _("Reading the schools"));
    }
    return TT_OK;
}

int school_get_by_code(struct tt_db *db, const char *code, struct school *s,
                       struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name, budget_cents, active FROM school"
                                   " WHERE code = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        school_row(st, s);
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return tt_error_set(err, TT_ERR_NOTFOUND, _("No school has the code %s."), code);
    if (r != SQLITE_ROW)
        return db_fail(db, r, err, _("Reading the schools"));
    return TT_OK;
}

int school_save(struct tt_db *db, struct school *s, struct tt_error *err)
{
    int rc = schools_may_change(db, err);
    if (rc == TT_OK)
        rc = field_text(s->code, "code", _("Code"), 20, 1, err);
    /* The code is what import files carry: one word, so a cell never hides
     * a stray space. */
    if (rc == TT_OK && strpbrk(s->code, " \t,;\""))
        rc = tt_error_set_field(err, TT_ERR_INVALID, "code", "%s",
                                _("The code is one word, without spaces, commas or quotes."));
    if (rc == TT_OK)
        rc = field_text(s->name, "name", _("Name"), 200, 1, err);
    if (rc == TT_OK)
        rc = check_budget(s->has_budget, s->budget, err);
    if (rc != TT_OK)
        return rc;
    sqlite3_stmt *st;
    if (s->id == 0)
        st = db_stmt(db, "INSERT INTO school (code, name, budget_cents, active)"
                         " VALUES (?2, ?3, ?4, ?5)", err);
    else
        st = db_stmt(db, "UPDATE school SET code = ?2, name = ?3, budget_cents = ?4, active = ?5"
                         " WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    if (s->id)
        sqlite3_bind_int64(st, 1, s->id);
    sqlite3_bind_text(st, 2, s->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, s->name, -1, SQLITE_TRANSIENT);
    if (s->has_budget)
        sqlite3_bind_int64(st, 4, s->budget);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_int(st, 5, s->active ? 1 : 0);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE) {
        const char *msg = sqlite3_errmsg(db_handle(db));
        if ((r & 0xff) == SQLITE_CONSTRAINT && strstr(msg, "school.code"))
            return tt_error_set_field(err, TT_ERR_RULE, "code",
                                      _("Another school already has the code %s."), s->code);
        if ((r & 0xff) == SQLITE_CONSTRAINT && strstr(msg, "school.name"))
            return tt_error_set_field(err, TT_ERR_RULE, "name",
                                      _("Another school already has the name %s."), s->name);
        return db_fail(db, r, err, _("Saving the school"));
    }
    if (s->id == 0)
        s->id = db_last_id(db);
    else if (sqlite3_changes(db_handle(db)) == 0)
        return tt_error_set(err, TT_ERR_NOTFOUND, "%s", _("This school no longer exists."));
    return TT_OK;
}
