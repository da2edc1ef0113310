#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "i18n.h"
#include "labels.h"
#include "students.h"
#include "text.h"
#include "tutors.h"
#include "util.h"




int tutor_validate(struct tutor *t, struct tt_error *err)
{
    static const char *const categories[] = { "staff_regular", "staff_parttime", "substitute",
                                              "retiree", "college", "university", "other", NULL };
    static const char *const sources[] = { "platform", "direct", "staff", NULL };
    static const char *const modalities[] = { "remote", "school", "both", NULL };
    int rc;
    if ((rc = field_text(t->last_name, "last_name", _("Last name"), 100, 1, err)) ||
        (rc = field_text(t->first_name, "first_name", _("First name"), 100, 1, err)) ||
        (rc = field_text(t->email, "email", _("E-mail"), 200, 0, err)) ||
        (rc = field_text(t->phone, "phone", _("Phone"), 40, 0, err)) ||
        (rc = field_text(t->institution, "institution", _("Institution"), 200, 0, err)) ||
        (rc = field_text(t->program, "program", _("Program of study"), 200, 0, err)) ||
        (rc = field_text(t->region, "region", _("Region"), 100, 0, err)) ||
        (rc = field_text(t->desired_org, "desired_org", _("Organisation wished"), 200, 0, err)) ||
        (rc = field_text(t->availability_text, "availability_text", _("Availability"), 1000, 0,
                         err)) ||
        (rc = field_text(t->notes, "notes", _("Notes"), 4000, 0, err)))
        return rc;
    for (char *p = t->email; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (t->email[0]) {
        const char *at = strchr(t->email, '@');
        if (at == NULL || at == t->email || at[1] == '\0' || strchr(at + 1, '@') ||
            strchr(t->email, ' '))
            return tt_error_set_field(err, TT_ERR_INVALID, "email",
                                      _("E-mail: \"%s\" is not an address such as name@example.org."),
                                      t->email);
    }
    if (!field_one_of(t->category, categories))
        return tt_error_set_field(err, TT_ERR_INVALID, "category",
                                  _("%s: choose a value from the list."), _("Category"));
    if (!field_one_of(t->source, sources))
        return tt_error_set_field(err, TT_ERR_INVALID, "source",
                                  _("%s: choose a value from the list."), _("Source"));
    if (t->modality[0] == '\0')
        tt_strlcpy(t->modality, "remote", sizeof t->modality);
    if (!field_one_of(t->modality, modalities))
        return tt_error_set_field(err, TT_ERR_INVALID, "modality",
                                  _("%s: choose a value from the list."), _("Modality"));
    tt_trim(t->applied_on);
    if (t->applied_on[0]) {
        tt_day d;
        if (date_parse(t->applied_on, &d) != 0)
            return tt_error_set_field(err, TT_ERR_INVALID, "applied_on",
                                      _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                        "24/02/2021."), _("Applied on"), t->applied_on);
        date_iso(d, t->applied_on);
    }
    return TT_OK;
}


static int history(struct tt_db *db, int64_t id, const char *from, const char *to,
                   const char *day, const char *note, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO tutor_status_history (tutor_id, from_status, to_status, changed_on,"
        " changed_by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    field_bind_opt(st, 2, from);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, db_login(db), -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 6, note);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Recording the status history"));
}

int tutor_save(struct tt_db *db, struct tutor *t, const char *start_status, struct tt_error *err)
{
    int rc = tutor_validate(t, err);
    if (rc != TT_OK)
        return rc;
    char *key = student_search_key(t->last_name, t->first_name, "", "");
    char today[11];
    date_iso(date_today(), today);
    rc = db_unit_begin(db, err);
    if (rc != TT_OK) {
        free(key);
        return rc;
    }
    sqlite3_stmt *st;
    if (t->id == 0)
        st = db_stmt(db,
            "INSERT INTO tutor (last_name, first_name, search_key, email, phone, category, source,"
            " institution, program, region, desired_org, availability_text, applied_on, school_id,"
            " modality, notes, status, status_date) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
            " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ifnull(?14, ?19))", err);
    else
        st = db_stmt(db,
            "UPDATE tutor SET last_name = ?2, first_name = ?3, search_key = ?4, email = ?5,"
            " phone = ?6, category = ?7, source = ?8, institution = ?9, program = ?10,"
            " region = ?11, desired_org = ?12, availability_text = ?13, applied_on = ?14,"
            " school_id = ?15, modality = ?16, notes = ?17, row_version = row_version + 1,"
            " updated_at = datetime('now') WHERE id = ?1 AND row_version = ?20", err);
    if (st == NULL) {
        free(key);
        db_unit_end(db, 0, err);
        return err ? err->code : TT_ERR_DB;
    }
    if (t->id)
        sqlite3_bind_int64(st, 1, t->id);
    sqlite3_bind_text(st, 2, t->last_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, t->first_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, key, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 5, t->email);
    field_bind_opt(st, 6, t->phone);
    sqlite3_bind_text(st, 7, t->category, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, t->source, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 9, t->institution);
    field_bind_opt(st, 10, t->program);
    field_bind_opt(st, 11, t->region);
    field_bind_opt(st, 12, t->desired_org);
    field_bind_opt(st, 13, t->availability_text);
    field_bind_opt(st, 14, t->applied_on);
    if (t->school_id > 0)
        sqlite3_bind_int64(st, 15, t->school_id);
    sqlite3_bind_text(st, 16, t->modality, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 17, t->notes);
    if (t->id == 0) {
        sqlite3_bind_text(st, 18, start_status ? start_status : "received", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 19, today, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_int64(st, 20, t->row_version);
    }
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    free(key);
    if (s != SQLITE_DONE) {
        rc = (s & 0xff) == SQLITE_CONSTRAINT && strstr(sqlite3_errmsg(db_handle(db)), "email")
                 ? tt_error_set_field(err, TT_ERR_RULE, "email",
                                      _("Another candidate already has the e-mail %s."), t->email)
                 : db_fail(db, s, err, _("Saving the tutor"));
    } else if (t->id == 0) {
        t->id = db_last_id(db);
        t->row_version = 1;
        tt_strlcpy(t->status, start_status ? start_status : "received", sizeof t->status);
        rc = history(db, t->id, NULL, t->status, t->applied_on[0] ? t->applied_on : today, NULL,
                     err);
    } else if (sqlite3_changes(db_handle(db)) == 0) {
        rc = tt_error_set(err, TT_ERR_CONFLICT,
                          _("Someone else changed this tutor since you opened it."));
    } else {
        t->row_version++;
    }
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}


int tutor_get(struct tt_db *db, int64_t id, struct tutor *t, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id, row_version, last_name, first_name, email, phone, category, source,"
        " institution, program, region, desired_org, availability_text, applied_on,"
        " ifnull(school_id, 0), modality, status, notes FROM tutor WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? tt_error_set(err, TT_ERR_NOTFOUND, _("This tutor no longer exists."))
                                 : db_fail(db, rc, err, _("Reading the tutor"));
    }
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    t->row_version = sqlite3_column_int64(st, 1);
    field_col(st, 2, t->last_name, sizeof t->last_name);
    field_col(st, 3, t->first_name, sizeof t->first_name);
    field_col(st, 4, t->email, sizeof t->email);
    field_col(st, 5, t->phone, sizeof t->phone);
    field_col(st, 6, t->category, sizeof t->category);
    field_col(st, 7, t->source, sizeof t->source);
    field_col(st, 8, t->institution, sizeof t->institution);
    field_col(st, 9, t->program, sizeof t->program);
    field_col(st, 10, t->region, sizeof t->region);
    field_col(st, 11, t->desired_org, sizeof t->desired_org);
    field_col(st, 12, t->availability_text, sizeof t->availability_text);
    field_col(st, 13, t->applied_on, sizeof t->applied_on);
    t->school_id = sqlite3_column_int64(st, 14);
    field_col(st, 15, t->modality, sizeof t->modality);
    field_col(st, 16, t->status, sizeof t->status);
    field_col(st, 17, t->notes, sizeof t->notes);
    sqlite3_reset(st);
    return TT_OK;
}

int tutor_find_by_email(struct tt_db *db, const char *email, int64_t *id, struct tt_error *err)
{
    *id = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM tutor WHERE email IS NOT NULL AND lower(email) = lower(?1)", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the tutor"));
}

static int current_status(struct tt_db *db, int64_t id, char *out, size_t size,
                          struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT status FROM tutor WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        field_col(st, 0, out, size);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return tt_error_set(err, TT_ERR_NOTFOUND, _("This tutor no longer exists."));
    return rc == SQLITE_ROW ? TT_OK : db_fail(db, rc, err, _("Reading the tutor"));
}

static int move_allowed(struct tt_db *db, const char *from, const char *to, int *ok,
                        struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM tutor_transition WHERE from_status = ?1"
                                   " AND to_status = ?2", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    *ok = rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? TT_OK : db_fail(db, rc, err, _("Reading the tutor"));
}

int tutor_next_statuses(struct tt_db *db, const char *from, const char **codes, int max, int *n,
                        struct tt_error *err)
{
    static const char *const order[] = { "interest", "received", "processing", "hired",
                                         "declined", "withdrawn" };
    *n = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(order) && *n < max; i++) {
        int ok = 0;
        int rc = move_allowed(db, from, order[i], &ok, err);
        if (rc != TT_OK)
            return rc;
        if (ok)
            codes[(*n)++] = order[i];
    }
    return TT_OK;
}

int tutor_set_status(struct tt_db *db, int64_t id, const char *to, tt_day on, const char *note,
                     struct tt_error *err)
{
    int rc = db_unit_begin(db, err);
    if (rc != TT_OK)
        return rc;
    char from[16], day[11];
    int ok = 0;
    date_iso(on, day);
    rc = current_status(db, id, from, sizeof from, err);
    if (rc == TT_OK)
        rc = move_allowed(db, from, to, &ok, err);
    if (rc == TT_OK && !ok)
        rc = tt_error_set(err, TT_ERR_RULE, _("A candidate cannot go from \"%s\" to \"%s\"."),
                          label_for(LBL_TUTOR_STATUS, from), label_for(LBL_TUTOR_STATUS, to));
    if (rc == TT_OK) {
        sqlite3_stmt *st = db_stmt(db,
            "UPDATE tutor SET status = ?2, status_date = ?3,"
            " hire_date = CASE WHEN ?2 = 'hired' THEN ?3 ELSE hire_date END,"
            " row_version = row_version + 1, updated_at = datetime('now') WHERE id = ?1", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
            int s = sqlite3_step(st);
            sqlite3_reset(st);
            if (s != SQLITE_DONE)
                rc = db_fail(db, s, err, _("Changing the recruitment status"));
        }
    }
    if (rc == TT_OK)
        rc = history(db, id, from, to, day, note, err);
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}

int tutor_answer(struct tt_db *db, const int64_t *ids, int n, tt_day on, const char *how,
                 struct tt_error *err)
{
    static const char *const hows[] = { "email", "phone", "letter", "in_person", NULL };
    if (!field_one_of(how, hows))
        return tt_error_set_field(err, TT_ERR_INVALID, "answered_how",
                                  _("%s: choose a value from the list."), _("How"));
    char day[11];
    date_iso(on, day);
    int rc = db_unit_begin(db, err);
    for (int i = 0; i < n && rc == TT_OK; i++) {
        sqlite3_stmt *st = db_stmt(db,
            "UPDATE tutor SET answered_on = ?2, answered_how = ?3, answered_by = ?4,"
            " row_version = row_version + 1, updated_at = datetime('now') WHERE id = ?1", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, how, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, db_login(db), -1, SQLITE_TRANSIENT);
        int s = sqlite3_step(st);
        sqlite3_reset(st);
        if (s != SQLITE_DONE)
            rc = db_fail(db, s, err, _("Recording the answer"));
    }
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}

int tutor_record_check(struct tt_db *db, int64_t id, const char *status, tt_day on,
                       const char *result, struct tt_error *err)
{
    char day[11];
    date_iso(on, day);
    sqlite3_stmt *st;
    if (strcmp(status, "requested") == 0) {
        st = db_stmt(db, "UPDATE tutor SET check_status = 'requested', check_requested_on = ?2,"
                         " row_version = row_version + 1 WHERE id = ?1", err);
    } else if (strcmp(status, "completed") == 0 && result &&
               (strcmp(result, "clear") == 0 || strcmp(result, "not_clear") == 0)) {
        st = db_stmt(db, "UPDATE tutor SET check_status = 'completed', check_completed_on = ?2,"
                         " check_requested_on = ifnull(check_requested_on, ?2), check_result = ?3,"
                         " row_version = row_version + 1 WHERE id = ?1", err);
    } else {
        return tt_error_set_field(err, TT_ERR_INVALID, "check_result",
                                  _("%s: choose a value from the list."), _("Result"));
    }
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
    if (result && strcmp(status, "completed") == 0)
        sqlite3_bind_text(st, 3, result, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Recording the check"));
}

int tutor_can_lead(struct tt_db *db, int64_t id, int *ok, char *why, size_t size,
                   struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT status, check_status, ifnull(check_result, '')"
                                   " FROM tutor WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? tt_error_set(err, TT_ERR_NOTFOUND, _("This tutor no longer exists."))
                                 : db_fail(db, rc, err, _("Reading the tutor"));
    }
    char status[16], check[16], result[16];
    field_col(st, 0, status, sizeof status);
    field_col(st, 1, check, sizeof check);
    field_col(st, 2, result, sizeof result);
    sqlite3_reset(st);
    size_t used = 0;
    why[0] = '\0';
    if (strcmp(status, "hired") != 0)
        used += (size_t)snprintf(why + used, size - used, _("not hired (now: %s)"),
                                 label_for(LBL_TUTOR_STATUS, status));
    if (strcmp(check, "completed") != 0 && used < size)
        used += (size_t)snprintf(why + used, size - used, "%s%s", used ? "; " : "",
                                 _("judicial-record check not completed"));
    else if (strcmp(result, "clear") != 0 && used < size)
        used += (size_t)snprintf(why + used, size - used, "%s%s", used ? "; " : "",
                                 _("judicial-record check not favourable"));
    *ok = used == 0;
    return TT_OK;
}

tt_cents tutor_category_rate(const struct settings *s, const char *category)
{
    static const struct { const char *category; int setting; } map[] = {
        { "college", SET_RATE_COLLEGE }, { "university", SET_RATE_UNIVERSITY },
        { "staff_regular", SET_RATE_STAFF_REGULAR }, { "staff_parttime", SET_RATE_STAFF_PARTTIME },
        { "substitute", SET_RATE_SUBSTITUTE }, { "retiree", SET_RATE_RETIREE },
        { "other", SET_RATE_OTHER },
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(map); i++)
        if (strcmp(map[i].category, category) == 0)
            return settings_money(s, map[i].setting);
    return settings_money(s, SET_RATE_OTHER);
}

int tutor_rate_on(struct tt_db *db, const struct settings *s, int64_t id, tt_day day,
                  tt_cents *rate, struct tt_error *err)
{
    char iso[11];
    date_iso(day, iso);
    sqlite3_stmt *st = db_stmt(db,
        "SELECT (SELECT rate_cents FROM tutor_rate WHERE tutor_id = t.id AND effective_on <= ?2"
        " ORDER BY effective_on DESC LIMIT 1), t.category FROM tutor t WHERE t.id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? tt_error_set(err, TT_ERR_NOTFOUND, _("This tutor no longer exists."))
                                 : db_fail(db, rc, err, _("Reading the tutor"));
    }
    if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *rate = sqlite3_column_int64(st, 0);
    } else {
        char category[20];
        field_col(st, 1, category, sizeof category);
        *rate = tutor_category_rate(s, category);
    }
    sqlite3_reset(st);
    return TT_OK;
}

int tutor_set_rate(struct tt_db *db, int64_t id, tt_day from, tt_cents rate, const char *note,
                   struct tt_error *err)
{
    if (rate < 0 || rate > 100000)
        return tt_error_set_field(err, TT_ERR_INVALID, "rate",
                                  _("Hourly rate: expected an amount from 0 to 1000 dollars."));
    char iso[11];
    date_iso(from, iso);
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO tutor_rate (tutor_id, effective_on, rate_cents, set_by, note)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tutor_id, effective_on) DO UPDATE SET"
        " rate_cents = excluded.rate_cents, set_by = excluded.set_by, note = excluded.note", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, rate);
    sqlite3_bind_text(st, 4, db_login(db), -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 5, note);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Recording the rate"));
}

int tutor_named_in(const char *text, const char *first_name, const char *last_name)
{
    char *r = text_fold(text), *last = text_fold(last_name), *first = text_fold(first_name);
    int yes = last[0] && strstr(r, last) && (first[0] == '\0' || strstr(r, first));
    free(r);
    free(last);
    free(first);
    return yes;
}
