#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "calendar.h"
#include "fields.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

int calendar_list(struct tt_db *db, tt_day from, tt_day to, struct calendar_day **out, size_t *n,
                  struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    char a[11], b[11];
    date_iso(from, a);
    date_iso(to, b);
    sqlite3_stmt *st = db_stmt(db,
        "SELECT d.id, d.day, d.kind, ifnull(d.label, ''), ifnull(s.name, '')"
        " FROM non_school_day d LEFT JOIN school s ON s.id = d.school_id"
        " WHERE d.day BETWEEN ?1 AND ?2 ORDER BY d.day, s.name", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int rc;
    struct calendar_day *v = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct calendar_day *c = &v[(*n)++];
        char raw[404];
        c->id = sqlite3_column_int64(st, 0);
        field_col(st, 1, c->day, sizeof c->day);
        field_col(st, 2, c->kind, sizeof c->kind);
        field_col(st, 3, raw, sizeof raw);
        text_safe(c->label, sizeof c->label, raw);
        field_col(st, 4, raw, sizeof raw);
        text_safe(c->school, sizeof c->school, raw);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(v);
        *n = 0;
        return db_fail(db, rc, err, _("Reading the school calendar"));
    }
    *out = v;
    return TT_OK;
}

/* The school year holding day: the database's, or one made from the
 * settings' start and end. */
static int year_of(struct tt_db *db, const struct settings *s, tt_day day, int64_t *id,
                   struct tt_error *err)
{
    char iso[11];
    date_iso(day, iso);
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM school_year WHERE ?1 BETWEEN start_date AND"
                                   " end_date ORDER BY start_date DESC LIMIT 1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, iso, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, rc, err, _("Reading the school calendar"));
    if (*id)
        return TT_OK;
    tt_day start = settings_year_start(s, day), end = settings_year_end(s, day);
    if (day < start || day > end)
        return tt_error_set(err, TT_ERR_RULE,
                            _("%s is outside the school year (between school years)."), iso);
    int sy, ey, m, d;
    date_to_ymd(start, &sy, &m, &d);
    date_to_ymd(end, &ey, &m, &d);
    char label[16], a[11], b[11];
    snprintf(label, sizeof label, "%04d-%04d", sy, ey);
    date_iso(start, a);
    date_iso(end, b);
    st = db_stmt(db, "INSERT INTO school_year (label, start_date, end_date) VALUES (?1, ?2, ?3)",
                 err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, label, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, rc, err, _("Recording the school year"));
    *id = db_last_id(db);
    return TT_OK;
}

int calendar_add(struct tt_db *db, const struct settings *s, tt_day day, const char *kind,
                 const char *label, int64_t school_id, struct tt_error *err)
{
    static const char *const kinds[] = { "holiday", "pedagogical", "other", NULL };
    char text[404], iso[11];
    tt_strlcpy(text, label ? label : "", sizeof text);
    date_iso(day, iso);
    int rc;
    if (!kind || !field_one_of(kind, kinds))
        return tt_error_set_field(err, TT_ERR_INVALID, "kind",
                                  _("A day off is a holiday, a pedagogical day or other."));
    if ((rc = field_text(text, "label", _("Label"), 100, 0, err)) != TT_OK)
        return rc;
    if (date_weekday(day) > 5)
        return tt_error_set_field(err, TT_ERR_INVALID, "day",
                                  _("%s is a weekend day: there is no session then anyway."), iso);
    if ((rc = db_unit_begin(db, err)) != TT_OK)
        return rc;
    int64_t year = 0;
    rc = year_of(db, s, day, &year, err);
    if (rc == TT_OK) {
        sqlite3_stmt *st = db_stmt(db,
            "INSERT INTO non_school_day (school_year_id, school_id, day, kind, label)"
            " VALUES (?1, ?2, ?3, ?4, ?5)", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_int64(st, 1, year);
            if (school_id > 0)
                sqlite3_bind_int64(st, 2, school_id);
            else
                sqlite3_bind_null(st, 2);
            sqlite3_bind_text(st, 3, iso, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 4, kind, -1, SQLITE_TRANSIENT);
            field_bind_opt(st, 5, text);
            int s2 = sqlite3_step(st);
            int extended = sqlite3_extended_errcode(db_handle(db));
            sqlite3_reset(st);
            if ((s2 & 0xff) == SQLITE_CONSTRAINT && extended == SQLITE_CONSTRAINT_UNIQUE)
                rc = tt_error_set_field(err, TT_ERR_RULE, "day",
                                        _("%s is already in the school calendar."), iso);
            else if (s2 != SQLITE_DONE)
                rc = db_fail(db, s2, err, _("Recording the day off"));
        }
    }
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}

int calendar_remove(struct tt_db *db, int64_t id, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "DELETE FROM non_school_day WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, rc, err, _("Removing the day off"));
    if (sqlite3_changes(db_handle(db)) == 0)
        return tt_error_set(err, TT_ERR_NOTFOUND, "%s", _("This day off is no longer listed."));
    return TT_OK;
}
