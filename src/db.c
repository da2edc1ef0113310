#include "config.h"
/* The audit log reads each change's old and new values in SQLite's
 * pre-update hook (Debian's libsqlite3 is built with it). */
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "db.h"
#include "i18n.h"
#include "paths.h"
#include "schema.h"
#include "util.h"

/* Writers wait this long for another user's transaction before giving up. */
#define DB_BUSY_TIMEOUT_MS 10000

struct cached_stmt {
    const char *sql;
    sqlite3_stmt *stmt;
};

struct audit_columns {
    char table[64];
    char **names;
    int n;
};

/* A change seen by the pre-update hook, written to audit_log at the next
 * statement, inside the same transaction (the hook itself may not write). */
struct audit_entry {
    char table[64];
    int64_t row;            /* rowid; for WITHOUT ROWID tables, the owner's id
                               (first column), -1 when it is not a number */
    int action;             /* SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE */
    int field;              /* updated column, -1 for the whole row */
    int n_values;           /* whole row: the values, by column */
    char **values;
    char **old_values;      /* a WITHOUT ROWID row's update: the row before */
    char *old_value, *new_value;
};

struct tt_db {
    sqlite3 *h;
    char *path;
    char login[65];
    char role[12];          /* admin, secretary, readonly; "" before it is known */
    struct cached_stmt *cache;  /* grows; a statement is never evicted */
    size_t n_cached, cap_cached;
    char warning[512];      /* said once at start: see db_warning */
    struct audit_entry *audit;
    size_t n_audit, cap_audit;
    struct audit_columns *columns;  /* column names by table, read once */
    size_t n_columns;
    int audit_off;          /* bulk generators; and while flushing */
    int unit_depth;         /* open db_unit_begin calls */
    int unit_owns_tx;       /* the outermost unit began the transaction */
    /* Law 25's one exception to the append-only logs (db_logs_unlock): the
     * triggers' own CREATE statements, put back before the commit. */
    char *log_triggers[2];
    int logs_unlocked;
    int logs_unlocking;     /* the authoriser lets their DROP through */
};

sqlite3 *db_handle(struct tt_db *db) { return db->h; }
const char *db_path(const struct tt_db *db) { return db->path; }
const char *db_login(const struct tt_db *db) { return db->login; }

static int audit_flush(struct tt_db *db, struct tt_error *err);

void db_set_login(struct tt_db *db, const char *login)
{
    audit_flush(db, NULL);
    tt_strlcpy(db->login, login, sizeof db->login);
}

const char *db_role(const struct tt_db *db) { return db->role; }
const char *db_warning(const struct tt_db *db) { return db->warning; }

/* Logs and the full-text index are not "personal or program data"; the
 * logs auditing themselves would never end. */
static int audited(const char *dbname, const char *table)
{
    return strcmp(dbname, "main") == 0 && strncmp(table, "sqlite_", 7) != 0 &&
           strcmp(table, "audit_log") != 0 && strcmp(table, "access_log") != 0 &&
           strncmp(table, "student_fts", 11) != 0 && strcmp(table, "referral_transition") != 0 &&
           strcmp(table, "tutor_transition") != 0;
}

static char *value_text(sqlite3_value *v)
{
    if (v == NULL || sqlite3_value_type(v) == SQLITE_NULL)
        return NULL;
    const unsigned char *t = sqlite3_value_text(v);
    return xstrdup(t ? (const char *)t : "");
}

static int same_value(sqlite3_value *a, sqlite3_value *b)
{
    int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
    if (ta == SQLITE_NULL || tb == SQLITE_NULL)
        return ta == tb;
    const unsigned char *x = sqlite3_value_text(a);
    char *copy = xstrdup(x ? (const char *)x : "");
    const unsigned char *y = sqlite3_value_text(b);
    int same = strcmp(copy, y ? (const char *)y : "") == 0;
    free(copy);
    return same;
}

static struct audit_entry *audit_add(struct tt_db *db, const char *table, int64_t row, int action)
{
    if (db->n_audit == db->cap_audit) {
        db->cap_audit = db->cap_audit ? db->cap_audit * 2 : 32;
        db->audit = xrealloc(db->audit, db->cap_audit * sizeof *db->audit);
    }
    struct audit_entry *e = &db->audit[db->n_audit++];
    memset(e, 0, sizeof *e);
    tt_strlcpy(e->table, table, sizeof e->table);
    e->row = row;
    e->action = action;
    e->field = -1;
    return e;
}

static void audit_hook(void *p, sqlite3 *h, int op, const char *dbname, const char *table,
                       sqlite3_int64 key1, sqlite3_int64 key2)
{
    struct tt_db *db = p;
    if (db->audit_off || !audited(dbname, table))
        return;
    int n = sqlite3_preupdate_count(h);
    /* WITHOUT ROWID tables have no rowid to name the row: their whole row
     * is kept instead (before and after, for an update), under the id of
     * what they belong to, their first column (the session of an
     * attendance, the tutor of a rate, the referral of a subject), so a
     * record's history finds them through the index. */
    int without_rowid = key1 == 0 && key2 == 0;
    int64_t row = op == SQLITE_INSERT ? key2 : key1;
    if (without_rowid) {
        sqlite3_value *first = NULL;
        int rc = op == SQLITE_DELETE ? sqlite3_preupdate_old(h, 0, &first)
                                     : sqlite3_preupdate_new(h, 0, &first);
        row = rc == SQLITE_OK && first && sqlite3_value_type(first) == SQLITE_INTEGER
                  ? sqlite3_value_int64(first)
                  : -1;
    }
    if (op == SQLITE_UPDATE && !without_rowid) {
        for (int i = 0; i < n; i++) {
            sqlite3_value *o = NULL, *v = NULL;
            if (sqlite3_preupdate_old(h, i, &o) != SQLITE_OK ||
                sqlite3_preupdate_new(h, i, &v) != SQLITE_OK || same_value(o, v))
                continue;
            struct audit_entry *e = audit_add(db, table, row, op);
            e->field = i;
            e->old_value = value_text(o);
            e->new_value = value_text(v);
        }
        return;
    }
    struct audit_entry *e = audit_add(db, table, row, op);
    e->n_values = n;
    e->values = xcalloc((size_t)n, sizeof *e->values);
    for (int i = 0; i < n; i++) {
        sqlite3_value *v = NULL;
        int rc = op == SQLITE_DELETE ? sqlite3_preupdate_old(h, i, &v)
                                     : sqlite3_preupdate_new(h, i, &v);
        if (rc == SQLITE_OK)
            e->values[i] = value_text(v);
    }
    if (op == SQLITE_UPDATE) {
        e->old_values = xcalloc((size_t)n, sizeof *e->old_values);
        for (int i = 0; i < n; i++) {
            sqlite3_value *v = NULL;
            if (sqlite3_preupdate_old(h, i, &v) == SQLITE_OK)
                e->old_values[i] = value_text(v);
        }
    }
}

static void audit_clear(struct tt_db *db)
{
    for (size_t i = 0; i < db->n_audit; i++) {
        struct audit_entry *e = &db->audit[i];
        for (int k = 0; k < e->n_values; k++) {
            free(e->values[k]);
            if (e->old_values)
                free(e->old_values[k]);
        }
        free(e->values);
        free(e->old_values);
        free(e->old_value);
        free(e->new_value);
    }
    db->n_audit = 0;
}

static void json_string(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t need = *len + strlen(s) * 6 + 3;
    if (need > *cap) {
        *cap = need * 2;
        *buf = xrealloc(*buf, *cap);
    }
    char *o = *buf + *len;
    *o++ = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            *o++ = '\\';
            *o++ = (char)*p;
        } else if (*p < 0x20) {
            o += sprintf(o, "\\u%04x", *p);
        } else {
            *o++ = (char)*p;
        }
    }
    *o++ = '"';
    *o = '\0';
    *len = (size_t)(o - *buf);
}

static const char *column_name(struct tt_db *db, const char *table, int i, char *buf,
                               size_t size);

/* The whole row as {"column": "value", ...}, names from the schema. */
static char *values_json(struct tt_db *db, const struct audit_entry *e, char **values)
{
    size_t len = 0, cap = 256;
    char *out = xmalloc(cap);
    out[len++] = '{';
    out[len] = '\0';
    for (int i = 0; i < e->n_values; i++) {
        char name[128];
        column_name(db, e->table, i, name, sizeof name);
        if (len + 16 > cap)
            out = xrealloc(out, cap *= 2);
        if (i)
            out[len++] = ',';
        out[len] = '\0';
        json_string(&out, &len, &cap, name);
        if (len + 16 > cap)
            out = xrealloc(out, cap *= 2);
        out[len++] = ':';
        out[len] = '\0';
        if (values[i]) {
            json_string(&out, &len, &cap, values[i]);
        } else {
            memcpy(out + len, "null", 5);
            len += 4;
        }
    }
    if (len + 4 > cap)
        out = xrealloc(out, cap += 4);
    out[len++] = '}';
    out[len] = '\0';
    return out;
}

static char *row_json(struct tt_db *db, const struct audit_entry *e)
{
    return values_json(db, e, e->values);
}

/* The column names of a table, read from the schema once per connection. */
static const struct audit_columns *columns_of(struct tt_db *db, const char *table)
{
    for (size_t i = 0; i < db->n_columns; i++)
        if (strcmp(db->columns[i].table, table) == 0)
            return &db->columns[i];
    db->columns = xrealloc(db->columns, (db->n_columns + 1) * sizeof *db->columns);
    struct audit_columns *c = &db->columns[db->n_columns++];
    memset(c, 0, sizeof *c);
    tt_strlcpy(c->table, table, sizeof c->table);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            c->names = xrealloc(c->names, (size_t)(c->n + 1) * sizeof *c->names);
            c->names[c->n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
        }
    }
    sqlite3_finalize(st);
    return c;
}

static const char *column_name(struct tt_db *db, const char *table, int i, char *buf, size_t size)
{
    const struct audit_columns *c = columns_of(db, table);
    if (i >= 0 && i < c->n)
        tt_strlcpy(buf, c->names[i], size);
    else
        snprintf(buf, size, "%d", i);
    return buf;
}

/* Writes what the hook saw, in the transaction that made the changes (or
 * right after an autocommitted one). */
static int audit_flush(struct tt_db *db, struct tt_error *err)
{
    if (db->n_audit == 0 || db->audit_off)
        return TT_OK;
    db->audit_off = 1;
    static const char sql[] =
        "INSERT INTO audit_log (login, table_name, row_id, action, field, old_value, new_value)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < db->n_audit; i++) {
        const struct audit_entry *e = &db->audit[i];
        char name[128];
        sqlite3_bind_text(st, 1, db->login, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, e->table, -1, SQLITE_STATIC);
        if (e->row >= 0)
            sqlite3_bind_int64(st, 3, e->row);
        else
            sqlite3_bind_null(st, 3);
        sqlite3_bind_text(st, 4, e->action == SQLITE_INSERT ? "insert"
                                 : e->action == SQLITE_DELETE ? "delete" : "update", -1,
                          SQLITE_STATIC);
        char *whole = NULL, *before = NULL;
        if (e->field >= 0) {
            column_name(db, e->table, e->field, name, sizeof name);
            /* Bookkeeping columns and copies kept for speed say nothing a
             * person changed. */
            if (strcmp(name, "row_version") == 0 || strcmp(name, "updated_at") == 0 ||
                strcmp(name, "search_key") == 0 || strcmp(name, "referral_status") == 0 ||
                strcmp(name, "consent_status") == 0) {
                sqlite3_clear_bindings(st);
                continue;
            }
            sqlite3_bind_text(st, 5, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 6, e->old_value, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 7, e->new_value, -1, SQLITE_STATIC);
        } else {
            whole = row_json(db, e);
            sqlite3_bind_null(st, 5);
            sqlite3_bind_text(st, e->action == SQLITE_DELETE ? 6 : 7, whole, -1, SQLITE_STATIC);
            if (e->old_values) {
                before = values_json(db, e, e->old_values);
                sqlite3_bind_text(st, 6, before, -1, SQLITE_STATIC);
            } else {
                sqlite3_bind_null(st, e->action == SQLITE_DELETE ? 7 : 6);
            }
        }
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        free(whole);
        free(before);
    }
    sqlite3_finalize(st);
    audit_clear(db);
    db->audit_off = 0;
    return rc == SQLITE_OK ? TT_OK : db_fail(db, rc, err, _("Writing the audit log"));
}

void db_set_audit(struct tt_db *db, int on)
{
    audit_flush(db, NULL);
    db->audit_off = !on;
}

/* Tables only an administrator changes: who may use the database, the
 * organisation, the calendar, and closed pay periods. */
static int admin_only(const char *table)
{
    static const char *const tables[] = { "app_user", "organisation", "school", "school_year",
                                          "non_school_day", "pay_period", "payroll_line",
                                          "privacy_incident", NULL };
    for (const char *const *t = tables; *t; t++)
        if (strcmp(*t, table) == 0)
            return 1;
    return 0;
}

/* The role is enforced here, where every statement of every screen,
 * command and import is prepared, rather than in each function: a
 * read-only user's write cannot be prepared at all, and a secretary's
 * write to an administrator's table neither.  Writes made by the schema's
 * own triggers follow from a statement already allowed. */
static int authorize(void *p, int action, const char *a1, const char *a2, const char *dbname,
                     const char *trigger)
{
    struct tt_db *db = p;
    /* The triggers that keep the logs append-only go only inside
     * db_logs_unlock, whatever the role. */
    if (action == SQLITE_DROP_TRIGGER && a2 &&
        (strcmp(a2, "audit_log") == 0 || strcmp(a2, "access_log") == 0))
        return db->logs_unlocking ? SQLITE_OK : SQLITE_DENY;
    if (action != SQLITE_INSERT && action != SQLITE_UPDATE && action != SQLITE_DELETE)
        return SQLITE_OK;
    if (trigger || (dbname && strcmp(dbname, "temp") == 0) || a1 == NULL ||
        strncmp(a1, "sqlite_", 7) == 0)
        return SQLITE_OK;
    if (strcmp(db->role, "admin") == 0)
        return SQLITE_OK;
    if (strcmp(db->role, "secretary") == 0)
        return admin_only(a1) ? SQLITE_DENY : SQLITE_OK;
    /* Read-only: looking at a child's file is still logged. */
    return action == SQLITE_INSERT && strcmp(a1, "access_log") == 0 ? SQLITE_OK : SQLITE_DENY;
}

static int load_role(struct tt_db *db, struct tt_error *err)
{
    db->role[0] = '\0';
    sqlite3_stmt *st = db_stmt(db, "SELECT role, active, (SELECT count(*) FROM app_user)"
                                   " FROM (SELECT 1) LEFT JOIN app_user ON login = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, db->login, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int known = 0, active = 0;
    long users = 0;
    if (rc == SQLITE_ROW) {
        known = sqlite3_column_type(st, 0) != SQLITE_NULL;
        if (known)
            tt_strlcpy(db->role, (const char *)sqlite3_column_text(st, 0), sizeof db->role);
        active = sqlite3_column_int(st, 1);
        users = (long)sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return db_fail(db, rc, err, _("Reading the users"));
    if (users == 0) {
        /* A database from before users were recorded: its first user
         * administers it, as when a database is created. */
        tt_strlcpy(db->role, "admin", sizeof db->role);
        return TT_OK;
    }
    if (!known || !active) {
        db->role[0] = '\0';
        return tt_error_set(err, TT_ERR_PERM,
                            known ? _("The login \"%s\" is disabled in %s; ask its administrator.")
                                  : _("The login \"%s\" is not a user of %s. Ask its administrator "
                                      "to add it (tutorat user add %s secretary)."),
                            db->login, db->path, db->login);
    }
    return TT_OK;
}

int db_use_login(struct tt_db *db, const char *login, struct tt_error *err)
{
    /* Changes already made belong to the previous login. */
    if (db->n_audit && audit_flush(db, err) != TT_OK)
        return err ? err->code : TT_ERR_DB;
    tt_strlcpy(db->login, login, sizeof db->login);
    int rc = load_role(db, err);
    /* Expires every prepared statement, so each is authorised again for
     * the new role. */
    sqlite3_set_authorizer(db->h, authorize, db);
    return rc;
}

/* Messages raised by the schema's triggers, "tutorat:<rule>". */
static const struct {
    const char *tag;
    const char *text;
} rule_messages[] = {
    { "tutorat:referral_transition", N_("this change of referral status is not allowed") },
    { "tutorat:tutor_transition", N_("this change of recruitment status is not allowed") },
    { "tutorat:tutor_not_cleared",
      N_("only a hired tutor with a completed, clear judicial-record check may lead a group") },
    { "tutorat:group_full", N_("the group is full") },
    { "tutorat:student_subject_taken", N_("the student is already in an active group for this subject") },
    { "tutorat:membership_delete", N_("memberships are never deleted; end them with a date and a reason") },
    { "tutorat:membership_reopen", N_("an ended membership cannot be reopened; add a new one") },
    { "tutorat:no_consent",
      N_("no parental consent to tutoring is valid on the session's date") },
    { "tutorat:no_consent_remote",
      N_("no parental consent to remote sessions is valid on the session's date") },
    { "tutorat:audit_append_only", N_("the audit and access logs cannot be changed or deleted") },
    { "tutorat:period_closed", N_("a closed pay period cannot be changed") },
};

int db_fail(struct tt_db *db, int rc, struct tt_error *err, const char *what)
{
    const char *detail = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    int code = TT_ERR_DB;
    const char *why = NULL;
    char buf[512];

    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = TT_ERR_BUSY;
        why = _("another user kept the database busy for too long; nothing was changed, try again");
        break;
    case SQLITE_READONLY:
        code = TT_ERR_IO;
        why = _("the database file cannot be written (read-only file or folder, or no permission)");
        break;
    case SQLITE_FULL:
        code = TT_ERR_IO;
        why = _("the disk is full; nothing was changed");
        break;
    case SQLITE_IOERR:
        code = TT_ERR_IO;
        why = _("the disk reported an input/output error; nothing was changed");
        break;
    case SQLITE_CANTOPEN:
        code = TT_ERR_IO;
        why = _("the database file cannot be opened");
        break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        code = TT_ERR_DB;
        why = _("the file is not a tutorat database, or it is damaged");
        break;
    case SQLITE_AUTH:
        code = TT_ERR_PERM;
        snprintf(buf, sizeof buf,
                 _("your role (%s) does not allow this; nothing was changed"),
                 db && db->role[0] ? db->role : _("none"));
        why = buf;
        break;
    case SQLITE_CONSTRAINT:
        code = TT_ERR_RULE;
        for (size_t i = 0; i < TT_ARRAY_LEN(rule_messages); i++) {
            if (detail && strstr(detail, rule_messages[i].tag)) {
                why = _(rule_messages[i].text);
                break;
            }
        }
        if (why == NULL) {
            snprintf(buf, sizeof buf, _("the data breaks a rule of the database (%s)"), detail);
            why = buf;
        }
        break;
    default:
        snprintf(buf, sizeof buf, "%s", detail ? detail : sqlite3_errstr(rc));
        why = buf;
    }
    return tt_error_set(err, code, "%s: %s.", what, why);
}

sqlite3_stmt *db_stmt(struct tt_db *db, const char *sql, struct tt_error *err)
{
    if (db->n_audit && audit_flush(db, err) != TT_OK)
        return NULL;
    for (size_t i = 0; i < db->n_cached; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_stmt *st = db->cache[i].stmt;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        db_fail(db, rc, err, (rc & 0xff) == SQLITE_AUTH ? _("Changing the database")
                                                        : _("Reading the database"));
        return NULL;
    }
    /* Never evicted: a caller may still be stepping any cached statement,
     * and the literals are a fixed, small set. */
    if (db->n_cached == db->cap_cached) {
        size_t cap = db->cap_cached ? db->cap_cached * 2 : 128;
        struct cached_stmt *c = realloc(db->cache, cap * sizeof *c);
        if (c == NULL) {
            sqlite3_finalize(st);
            tt_error_set(err, TT_ERR_DB, "%s", _("Out of memory."));
            return NULL;
        }
        db->cache = c;
        db->cap_cached = cap;
    }
    db->cache[db->n_cached++] = (struct cached_stmt){ sql, st };
    return st;
}

int db_step_done(struct tt_db *db, sqlite3_stmt *st, const char *what, struct tt_error *err)
{
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    return s == SQLITE_DONE ? TT_OK : db_fail(db, s, err, what);
}

int db_scalar_int(struct tt_db *db, const char *sql, int64_t *out, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return TT_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        *out = 0;
        return TT_OK;
    }
    return db_fail(db, rc, err, _("Reading the database"));
}

int64_t db_last_id(struct tt_db *db)
{
    return sqlite3_last_insert_rowid(db->h);
}

static int exec(struct tt_db *db, const char *sql, struct tt_error *err, const char *what)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? TT_OK : db_fail(db, rc, err, what);
}

int db_begin(struct tt_db *db, struct tt_error *err)
{
    return exec(db, "BEGIN IMMEDIATE", err, _("Starting a change"));
}

static void logs_forget(struct tt_db *db)
{
    for (size_t i = 0; i < TT_ARRAY_LEN(db->log_triggers); i++) {
        free(db->log_triggers[i]);
        db->log_triggers[i] = NULL;
    }
    db->logs_unlocked = 0;
    db->logs_unlocking = 0;
}

int db_commit(struct tt_db *db, struct tt_error *err)
{
    /* Never a commit with the logs open, whatever the caller forgot. */
    int rc = db->logs_unlocked ? db_logs_relock(db, err) : TT_OK;
    if (rc == TT_OK)
        rc = audit_flush(db, err);
    if (rc != TT_OK) {
        db_rollback(db);
        return rc;
    }
    rc = exec(db, "COMMIT", err, _("Saving"));
    if (rc != TT_OK)
        db_rollback(db);
    return rc;
}

void db_rollback(struct tt_db *db)
{
    audit_clear(db);
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    /* The rollback put the dropped triggers back. */
    logs_forget(db);
}

/* The two triggers that refuse UPDATE on the logs, by name (sorted): the
 * ones refusing DELETE stay in force throughout. */
static const char *const log_update_triggers[2] = { "access_log_no_update",
                                                    "audit_log_no_update" };

int db_logs_unlock(struct tt_db *db, struct tt_error *err)
{
    if (strcmp(db->role, "admin") != 0)
        return db_fail(db, SQLITE_AUTH, err, _("Changing the logs"));
    if (sqlite3_get_autocommit(db->h))
        return tt_error_set(err, TT_ERR_DB, "%s",
                            _("Changing the logs: only inside a change, which was not started."));
    if (db->logs_unlocked)
        return TT_OK;
    sqlite3_stmt *st = db_stmt(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                                   " AND name IN ('access_log_no_update', 'audit_log_no_update')"
                                   " ORDER BY name", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 2) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        if (name && sql && strcmp(name, log_update_triggers[n]) == 0)
            db->log_triggers[n++] = xstrdup(sql);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        logs_forget(db);
        return db_fail(db, rc, err, _("Reading the database"));
    }
    if (n != 2) {
        /* Without its protection the log is not what this program wrote:
         * better to stop than to put back something else. */
        logs_forget(db);
        return tt_error_set(err, TT_ERR_DB, "%s",
                            _("The triggers that protect the audit and access logs are missing; "
                              "nothing was changed. Run tutorat check."));
    }
    db->logs_unlocking = 1;
    rc = exec(db, "DROP TRIGGER access_log_no_update", err, _("Changing the logs"));
    if (rc == TT_OK)
        rc = exec(db, "DROP TRIGGER audit_log_no_update", err, _("Changing the logs"));
    db->logs_unlocking = 0;
    /* Even half done: a rollback restores whichever was dropped, and a
     * commit puts it back first. */
    db->logs_unlocked = 1;
    return rc;
}

int db_logs_relock(struct tt_db *db, struct tt_error *err)
{
    if (!db->logs_unlocked)
        return TT_OK;
    if (sqlite3_get_autocommit(db->h)) {
        /* SQLite rolled the transaction back on its own (disk full...):
         * the triggers came back with it. */
        logs_forget(db);
        return TT_OK;
    }
    int rc = TT_OK;
    for (size_t i = 0; i < TT_ARRAY_LEN(db->log_triggers) && rc == TT_OK; i++) {
        int64_t present = 0;
        sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                                       " AND name = ?1", err);
        if (st == NULL)
            return err ? err->code : TT_ERR_DB;
        sqlite3_bind_text(st, 1, log_update_triggers[i], -1, SQLITE_STATIC);
        int s = sqlite3_step(st);
        if (s == SQLITE_ROW)
            present = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (s != SQLITE_ROW)
            return db_fail(db, s, err, _("Reading the database"));
        if (present)
            continue;
        /* The schema's own text, read from sqlite_master at unlocking: the
         * trigger comes back exactly as it was. */
        sqlite3_stmt *create = NULL;
        s = sqlite3_prepare_v2(db->h, db->log_triggers[i], -1, &create, NULL);
        if (s == SQLITE_OK)
            s = sqlite3_step(create);
        sqlite3_finalize(create);
        if (s != SQLITE_DONE)
            rc = db_fail(db, s, err, _("Protecting the logs again"));
    }
    if (rc == TT_OK)
        logs_forget(db);
    return rc;
}

int db_unit_begin(struct tt_db *db, struct tt_error *err)
{
    if (db->n_audit && audit_flush(db, err) != TT_OK)
        return err ? err->code : TT_ERR_DB;
    if (db->unit_depth == 0 && sqlite3_get_autocommit(db->h)) {
        int rc = db_begin(db, err);
        if (rc == TT_OK) {
            db->unit_depth = 1;
            db->unit_owns_tx = 1;
        }
        return rc;
    }
    int rc = exec(db, "SAVEPOINT tt_unit", err, _("Starting a change"));
    if (rc == TT_OK)
        db->unit_depth++;
    return rc;
}

int db_unit_end(struct tt_db *db, int ok, struct tt_error *err)
{
    if (db->unit_depth == 1 && db->unit_owns_tx) {
        db->unit_depth = 0;
        db->unit_owns_tx = 0;
        if (ok)
            return db_commit(db, err);
        db_rollback(db);
        return TT_OK;
    }
    if (db->unit_depth > 0)
        db->unit_depth--;
    if (ok) {
        int rc = audit_flush(db, err);
        if (rc != TT_OK) {
            sqlite3_exec(db->h, "ROLLBACK TO tt_unit; RELEASE tt_unit", NULL, NULL, NULL);
            return rc;
        }
        return exec(db, "RELEASE tt_unit", err, _("Saving"));
    }
    audit_clear(db);
    sqlite3_exec(db->h, "ROLLBACK TO tt_unit; RELEASE tt_unit", NULL, NULL, NULL);
    return TT_OK;
}

static int user_version(struct tt_db *db, int *v, struct tt_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        return TT_OK;
    }
    sqlite3_finalize(st);
    return db_fail(db, rc, err, _("Reading the database version"));
}

static int set_user_version(struct tt_db *db, int v, struct tt_error *err)
{
    /* PRAGMA takes no bound parameters; v is an integer from our own table. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    return exec(db, sql, err, _("Recording the database version"));
}

static int migrate(struct tt_db *db, int from, struct tt_error *err)
{
    size_t n;
    const struct migration *m = schema_migrations(&n);
    for (size_t i = 0; i < n; i++) {
        if (m[i].version <= from)
            continue;
        int rc = db_begin(db, err);
        if (rc != TT_OK)
            return rc;
        rc = exec(db, m[i].sql, err, _("Updating the database structure"));
        if (rc == TT_OK)
            rc = set_user_version(db, m[i].version, err);
        if (rc == TT_OK)
            rc = db_commit(db, err);
        if (rc != TT_OK) {
            db_rollback(db);
            return rc;
        }
    }
    return TT_OK;
}

/* Creates the file ourselves so its mode is 0660 whatever the umask:
 * children's data stays with the owner and the tutorat group. */
static int create_file(const char *path, struct tt_error *err)
{
    char *dir = paths_dirname(path);
    int rc = paths_mkdir_p(dir, 0750, err);
    free(dir);
    if (rc != TT_OK)
        return rc;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
    if (fd < 0) {
        if (errno == EEXIST)
            return TT_OK;
        return tt_error_set(err, TT_ERR_IO, _("Cannot create the database %s: %s."), path,
                            strerror(errno));
    }
    rc = TT_OK;
    if (fchmod(fd, 0660) != 0)
        rc = tt_error_set(err, TT_ERR_IO, _("Cannot set the permissions of %s: %s."), path,
                          strerror(errno));
    close(fd);
    return rc;
}

int db_open(const char *path, int flags, struct tt_db **out, struct tt_error *err)
{
    *out = NULL;
    int is_memory = strcmp(path, ":memory:") == 0;
    struct stat st;
    int exists = is_memory || stat(path, &st) == 0;
    int rc;

    if (!exists && !(flags & DB_OPEN_CREATE))
        return tt_error_set(err, TT_ERR_NOTFOUND, _("The database %s does not exist."), path);
    if (!exists && !(flags & DB_OPEN_READONLY)) {
        rc = create_file(path, err);
        if (rc != TT_OK)
            return rc;
    }

    if (!is_memory) {
        char *dir = paths_dirname(path);
        const char *fs = paths_network_fs(dir);
        if (fs) {
            rc = tt_error_set(err, TT_ERR_IO,
                              _("The database %s is on a network file system (%s), where "
                                "SQLite cannot lock it safely: two users could damage it. Keep "
                                "it on the server's own disk (see man tutorat, SCHOOL SERVER)."),
                              path, fs);
            free(dir);
            return rc;
        }
        free(dir);
    }

    struct tt_db *db = xcalloc(1, sizeof *db);
    db->path = xstrdup(path);
    /* Children's data readable by every account of the server: say so at
     * each start until someone fixes the mode. */
    if (!is_memory && stat(path, &st) == 0 && (st.st_mode & (S_IROTH | S_IWOTH)))
        snprintf(db->warning, sizeof db->warning,
                 _("Warning: %s can be read by every account on this server (mode %03o); "
                   "chmod o-rwx it."),
                 path, (unsigned)(st.st_mode & 0777));
    tt_strlcpy(db->login, paths_login(), sizeof db->login);
    int oflags = (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY
                                            : SQLITE_OPEN_READWRITE;
    rc = sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        db_fail(db, rc, err, path);
        db_close(db);
        return err ? err->code : TT_ERR_DB;
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);

    /* Read the version before any pragma that writes (journal_mode does):
     * a database from a newer tutorat must stay byte for byte unchanged. */
    int version = 0;
    rc = user_version(db, &version, err);
    if (rc != TT_OK) {
        /* "file is not a database" comes out here; say which file. */
        char msg[sizeof err->msg];
        tt_strlcpy(msg, err ? err->msg : "", sizeof msg);
        tt_error_set(err, rc, "%s: %s", path, msg);
        db_close(db);
        return rc;
    }
    if (version > schema_latest_version()) {
        rc = tt_error_set(err, TT_ERR_VERSION,
                          _("%s was written by a newer version of tutorat (database version %d, "
                            "this program knows up to %d). It was left unchanged; install the "
                            "newer tutorat to open it."),
                          path, version, schema_latest_version());
        db_close(db);
        return rc;
    }
    if (!(flags & DB_OPEN_READONLY) && !is_memory) {
        rc = exec(db, "PRAGMA journal_mode = WAL", err, _("Opening the database"));
        /* synchronous=FULL: a secretary's saved form survives a power cut. */
        if (rc == TT_OK)
            rc = exec(db, "PRAGMA synchronous = FULL", err, _("Opening the database"));
        if (rc != TT_OK) {
            db_close(db);
            return rc;
        }
    }
    rc = exec(db, "PRAGMA foreign_keys = ON", err, _("Opening the database"));
    if (rc == TT_OK && version < schema_latest_version()) {
        if (flags & DB_OPEN_READONLY)
            rc = tt_error_set(err, TT_ERR_VERSION,
                              _("%s needs to be updated to the current structure, which a "
                                "read-only opening cannot do."), path);
        else
            rc = migrate(db, version, err);
    }
    if (rc == TT_OK && version == 0 && !(flags & DB_OPEN_READONLY)) {
        /* Whoever creates the database administers it. */
        sqlite3_stmt *ins = db_stmt(db,
            "INSERT OR IGNORE INTO app_user (login, role) VALUES (?1, 'admin')", err);
        if (ins == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_text(ins, 1, db->login, -1, SQLITE_TRANSIENT);
            int s = sqlite3_step(ins);
            sqlite3_reset(ins);
            if (s != SQLITE_DONE)
                rc = db_fail(db, s, err, _("Recording the administrator"));
        }
    }
    if (rc == TT_OK)
        rc = db_use_login(db, db->login, err);
    if (rc == TT_OK)
        sqlite3_preupdate_hook(db->h, audit_hook, db);
    if (rc != TT_OK) {
        db_close(db);
        return rc;
    }
    *out = db;
    return TT_OK;
}

void db_close(struct tt_db *db)
{
    if (db == NULL)
        return;
    if (db->h && sqlite3_get_autocommit(db->h))
        audit_flush(db, NULL);
    audit_clear(db);
    logs_forget(db);
    free(db->audit);
    for (size_t i = 0; i < db->n_columns; i++) {
        for (int k = 0; k < db->columns[i].n; k++)
            free(db->columns[i].names[k]);
        free(db->columns[i].names);
    }
    free(db->columns);
    for (size_t i = 0; i < db->n_cached; i++)
        sqlite3_finalize(db->cache[i].stmt);
    free(db->cache);
    if (db->h)
        sqlite3_close(db->h);
    free(db->path);
    free(db);
}

int db_check(struct tt_db *db, struct db_check_report *r, struct tt_error *err)
{
    memset(r, 0, sizeof *r);
    r->expected_version = schema_latest_version();
    int rc = user_version(db, &r->schema_version, err);
    if (rc != TT_OK)
        return rc;

    sqlite3_stmt *st = NULL;
    int s = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL);
    if (s != SQLITE_OK)
        return db_fail(db, s, err, _("Checking the database"));
    r->integrity_ok = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && strcmp(line, "ok") == 0) {
            r->integrity_ok = 1;
        } else if (r->integrity_message[0] == '\0') {
            tt_strlcpy(r->integrity_message, line ? line : "", sizeof r->integrity_message);
        }
    }
    sqlite3_finalize(st);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Checking the database"));

    s = sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL);
    if (s != SQLITE_OK)
        return db_fail(db, s, err, _("Checking the database"));
    while ((s = sqlite3_step(st)) == SQLITE_ROW)
        r->foreign_key_violations++;
    sqlite3_finalize(st);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Checking the database"));
    r->foreign_keys_ok = r->foreign_key_violations == 0;
    return TT_OK;
}
