#include "config.h"
#include <stdio.h>
#include <string.h>
#include "consent.h"
#include "fields.h"
#include "i18n.h"
#include "util.h"

static int valid_date_field(const char *value, const char *field, const char *label,
                            int required, struct tt_error *err)
{
    tt_day d;
    if (value[0] == '\0') {
        if (!required)
            return TT_OK;
        return tt_error_set_field(err, TT_ERR_INVALID, field, _("%s is required."), label);
    }
    if (date_parse(value, &d) != 0)
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s: \"%s\" is not a date; write it 2021-02-24 or 24/02/2021."),
                                  label, value);
    return TT_OK;
}

/* Dates typed as 24/02/2021 are stored as 2021-02-24. */
static void normalise_date(char *value)
{
    tt_day d;
    if (value[0] && date_parse(value, &d) == 0)
        date_iso(d, value);
}


static int consent_validate(struct consent *c, struct tt_error *err)
{
    static const char *const purposes[] = { "tutoring", "share_referral", "remote", NULL };
    static const char *const statuses[] = { "pending", "given", "refused", NULL };
    static const char *const methods[] = { "signed_form", "email", "phone", NULL };
    if (!field_one_of(c->purpose, purposes))
        return tt_error_set_field(err, TT_ERR_INVALID, "purpose",
                                  _("Choose the purpose of the consent."));
    if (!field_one_of(c->status, statuses))
        return tt_error_set_field(err, TT_ERR_INVALID, "status",
                                  _("A new consent is pending, given or refused."));
    int decided = strcmp(c->status, "pending") != 0;
    int rc = valid_date_field(c->requested_on, "requested_on", _("Date requested"), 0, err);
    if (rc == TT_OK)
        rc = valid_date_field(c->decided_on, "decided_on", _("Date of the answer"), decided, err);
    if (rc == TT_OK)
        rc = valid_date_field(c->expires_on, "expires_on", _("Expiry date"), 0, err);
    if (rc != TT_OK)
        return rc;
    if (strcmp(c->status, "given") == 0 && !field_one_of(c->method, methods))
        return tt_error_set_field(err, TT_ERR_INVALID, "method",
                                  _("Say how the consent was given: signed form, e-mail or phone."));
    if (c->method[0] && !field_one_of(c->method, methods))
        return tt_error_set_field(err, TT_ERR_INVALID, "method",
                                  _("Say how the consent was given: signed form, e-mail or phone."));
    if (strcmp(c->method, "phone") == 0 && c->noted_by[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, "noted_by",
                                  _("A consent by phone needs the name of who noted it."));
    normalise_date(c->requested_on);
    normalise_date(c->decided_on);
    normalise_date(c->expires_on);
    if (c->expires_on[0] && c->decided_on[0] && strcmp(c->expires_on, c->decided_on) < 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "expires_on",
                                  _("The expiry date comes before the date of the answer."));
    return TT_OK;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v && v[0])
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int consent_record(struct tt_db *db, struct consent *c, tt_day default_expiry,
                   struct tt_error *err)
{
    int rc = consent_validate(c, err);
    if (rc != TT_OK)
        return rc;
    if (c->expires_on[0] == '\0' && default_expiry != TT_DAY_NONE)
        date_iso(default_expiry, c->expires_on);
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO consent (student_id, guardian_id, purpose, status, requested_on, decided_on,"
        " method, noted_by, expires_on, student_agreement, note, created_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, c->student_id);
    if (c->guardian_id > 0)
        sqlite3_bind_int64(st, 2, c->guardian_id);
    sqlite3_bind_text(st, 3, c->purpose, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, c->status, -1, SQLITE_TRANSIENT);
    bind_text_or_null(st, 5, c->requested_on);
    bind_text_or_null(st, 6, c->decided_on);
    bind_text_or_null(st, 7, c->method);
    bind_text_or_null(st, 8, c->noted_by);
    bind_text_or_null(st, 9, c->expires_on);
    if (c->student_agreement >= 0)
        sqlite3_bind_int(st, 10, c->student_agreement);
    bind_text_or_null(st, 11, c->note);
    sqlite3_bind_text(st, 12, db_login(db), -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Recording the consent"));
    c->id = db_last_id(db);
    return TT_OK;
}

int consent_withdraw(struct tt_db *db, int64_t consent_id, tt_day on, const char *note,
                     struct tt_error *err)
{
    char day[11];
    date_iso(on, day);
    sqlite3_stmt *st = db_stmt(db,
        "UPDATE consent SET status = 'withdrawn', withdrawn_on = ?2,"
        " note = CASE WHEN ?3 IS NULL THEN note ELSE ifnull(note || char(10), '') || ?3 END,"
        " row_version = row_version + 1"
        " WHERE id = ?1 AND status = 'given' AND decided_on <= ?2", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, consent_id);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
    bind_text_or_null(st, 3, note);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Withdrawing the consent"));
    if (sqlite3_changes(db_handle(db)) == 0)
        return tt_error_set_field(err, TT_ERR_RULE, "withdrawn_on",
                                  _("Only a given consent can be withdrawn, on or after the day "
                                    "it was given."));
    return TT_OK;
}

/* The newest record for a purpose says why a day is not covered when none
 * covers it. */
/* purpose_label reads "to tutoring": the article belongs to the
 * translation, since French needs "au" or "aux". */
static int purpose_covers(struct tt_db *db, int64_t student_id, const char *purpose,
                          const char *day, const char *purpose_label, int *ok,
                          char *reason, size_t size, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT EXISTS (SELECT 1 FROM consent WHERE student_id = ?1 AND purpose = ?2"
        "   AND status IN ('given','withdrawn') AND decided_on <= ?3"
        "   AND (expires_on IS NULL OR ?3 <= expires_on)"
        "   AND (withdrawn_on IS NULL OR ?3 < withdrawn_on)),"
        " (SELECT status || '|' || ifnull(decided_on, '') || '|' || ifnull(expires_on, '') || '|'"
        "   || ifnull(withdrawn_on, '') FROM consent WHERE student_id = ?1 AND purpose = ?2"
        "   ORDER BY id DESC LIMIT 1)", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, student_id);
    sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_fail(db, s, err, _("Checking the consent"));
    }
    *ok = sqlite3_column_int(st, 0);
    char last[64] = "";
    if (sqlite3_column_type(st, 1) != SQLITE_NULL)
        tt_strlcpy(last, (const char *)sqlite3_column_text(st, 1), sizeof last);
    sqlite3_reset(st);
    if (*ok)
        return TT_OK;

    char status[16] = "", decided[11] = "", expires[11] = "", withdrawn[11] = "";
    /* sscanf's %[^|] stops at an empty field, which would hide the
     * withdrawal date behind an empty expiry. */
    char *fields[4] = { status, decided, expires, withdrawn };
    size_t sizes[4] = { sizeof status, sizeof decided, sizeof expires, sizeof withdrawn };
    const char *p = last;
    for (int i = 0; i < 4 && p; i++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len >= sizes[i])
            len = sizes[i] - 1;
        memcpy(fields[i], p, len);
        fields[i][len] = '\0';
        p = bar ? bar + 1 : NULL;
    }
    if (last[0] == '\0')
        snprintf(reason, size, _("No consent %s has been recorded."), purpose_label);
    else if (strcmp(status, "pending") == 0)
        snprintf(reason, size, _("The consent %s is still pending."), purpose_label);
    else if (strcmp(status, "refused") == 0)
        snprintf(reason, size, _("The consent %s was refused."), purpose_label);
    else if (withdrawn[0] && strcmp(day, withdrawn) >= 0)
        snprintf(reason, size, _("The consent %s was withdrawn on %s."), purpose_label, withdrawn);
    else if (decided[0] && strcmp(day, decided) < 0)
        snprintf(reason, size, _("The consent %s was only given on %s."), purpose_label, decided);
    else if (expires[0] && strcmp(day, expires) > 0)
        snprintf(reason, size, _("The consent %s expired on %s."), purpose_label, expires);
    else
        snprintf(reason, size, _("No consent %s is valid on %s."), purpose_label, day);
    return TT_OK;
}

int consent_may_attend(struct tt_db *db, int64_t student_id, tt_day day, const char *modality,
                       int *allowed, char *reason, size_t size, struct tt_error *err)
{
    char d[11];
    date_iso(day, d);
    *allowed = 0;
    if (size)
        reason[0] = '\0';
    int ok;
    int rc = purpose_covers(db, student_id, "tutoring", d, _("to tutoring"), &ok, reason, size, err);
    if (rc != TT_OK || !ok)
        return rc;
    if (modality && strcmp(modality, "remote") == 0) {
        rc = purpose_covers(db, student_id, "remote", d, _("to remote sessions"), &ok, reason, size, err);
        if (rc != TT_OK || !ok)
            return rc;
    }
    *allowed = 1;
    return TT_OK;
}
