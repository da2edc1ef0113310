#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "i18n.h"
#include "incidents.h"
#include "text.h"
#include "util.h"

/* No town in Québec is bigger than this; more is a typing slip. */
#define MAX_PEOPLE 10000000

int incidents_may_write(struct tt_db *db, struct tt_error *err)
{
    /* The register is the organisation's answer to the Commission: the
     * person in charge of personal information keeps it, not the
     * secretaries who enter the program's data (and never read-only
     * users, whose writes the database refuses anyway). */
    if (strcmp(db_role(db), "admin") == 0)
        return TT_OK;
    return tt_error_set(err, TT_ERR_PERM,
                        _("Only an administrator records or corrects privacy incidents; "
                          "ask an administrator."));
}

int incidents_list(struct tt_db *db, struct incident_row **out, size_t *n, struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id, discovered_on,"
        " replace(replace(substr(information, 1, 100), char(10), ' '), char(13), ' '),"
        " ifnull(people_count, -1), ifnull(commission_notified_on, ''),"
        " ifnull(people_notified_on, '')"
        " FROM privacy_incident ORDER BY discovered_on DESC, id DESC", err);
    STMT_OR_FAIL(st);
    size_t cap = 0;
    int rc;
    struct incident_row *v = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct incident_row *r = &v[(*n)++];
        char raw[404];
        r->id = sqlite3_column_int64(st, 0);
        field_col(st, 1, r->discovered_on, sizeof r->discovered_on);
        field_col(st, 2, raw, sizeof raw);
        text_safe(r->information, sizeof r->information, raw);
        r->people_count = sqlite3_column_int64(st, 3);
        field_col(st, 4, r->commission_notified_on, sizeof r->commission_notified_on);
        field_col(st, 5, r->people_notified_on, sizeof r->people_notified_on);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(v);
        *n = 0;
        return db_fail(db, rc, err, _("Reading the privacy incidents"));
    }
    *out = v;
    return TT_OK;
}

int incident_get(struct tt_db *db, int64_t id, struct incident *out, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id, row_version, information, circumstances, occurred_on, discovered_on,"
        " people_count, risk_assessment, commission_notified_on, people_notified_on, measures,"
        " recorded_by, created_at FROM privacy_incident WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        out->row_version = sqlite3_column_int64(st, 1);
        field_col(st, 2, out->information, sizeof out->information);
        field_col(st, 3, out->circumstances, sizeof out->circumstances);
        field_col(st, 4, out->occurred_on, sizeof out->occurred_on);
        field_col(st, 5, out->discovered_on, sizeof out->discovered_on);
        field_col(st, 6, out->people_count, sizeof out->people_count);
        field_col(st, 7, out->risk_assessment, sizeof out->risk_assessment);
        field_col(st, 8, out->commission_notified_on, sizeof out->commission_notified_on);
        field_col(st, 9, out->people_notified_on, sizeof out->people_notified_on);
        field_col(st, 10, out->measures, sizeof out->measures);
        field_col(st, 11, out->recorded_by, sizeof out->recorded_by);
        field_col(st, 12, out->created_at, sizeof out->created_at);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return tt_error_set(err, TT_ERR_NOTFOUND, _("This privacy incident is no longer in the "
                                                    "register."));
    return rc == SQLITE_ROW ? TT_OK : db_fail(db, rc, err, _("Reading the privacy incidents"));
}

/* A date field: empty (when allowed) or a real date no later than today,
 * written back in ISO form. */
static int check_date(char *v, size_t size, const char *field, const char *label, int required,
                      tt_day today, tt_day *out, struct tt_error *err)
{
    tt_trim(v);
    *out = TT_DAY_NONE;
    if (v[0] == '\0')
        return required ? tt_error_set_field(err, TT_ERR_INVALID, field, _("%s is required."),
                                             label)
                        : TT_OK;
    if (!text_is_utf8(v) || date_parse(v, out) != 0) {
        char shown[64];
        text_fit(shown, sizeof shown, text_is_utf8(v) ? v : "?", 20, 0);
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                    "24/02/2021."), label, shown);
    }
    char iso[11];
    date_iso(*out, iso);
    if (*out > today) {
        char now[11];
        date_iso(today, now);
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s: %s is after today (%s)."), label, iso, now);
    }
    tt_strlcpy(v, iso, size);
    return TT_OK;
}

static int check_count(char *v, int64_t *out, struct tt_error *err)
{
    tt_trim(v);
    *out = -1;
    if (v[0] == '\0')
        return TT_OK;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || n < 0 || n > MAX_PEOPLE)
        return tt_error_set_field(err, TT_ERR_INVALID, "people_count",
                                  _("%s: a whole number from %d to %d."),
                                  _("People concerned"), 0, MAX_PEOPLE);
    *out = n;
    snprintf(v, 24, "%lld", n);
    return TT_OK;
}

/* Every field as the regulation names it, checked in the form's order so
 * the first wrong one gets the cursor. */
static int validate(struct incident *in, tt_day today, tt_day *occurred, tt_day *discovered,
                    int64_t *people, struct tt_error *err)
{
    tt_day commission = TT_DAY_NONE, notified = TT_DAY_NONE;
    int rc;
    if ((rc = field_text(in->information, "information", _("Information concerned"),
                         INCIDENT_TEXT_MAX, 1, err)) ||
        (rc = field_text(in->circumstances, "circumstances", _("Circumstances"),
                         INCIDENT_TEXT_MAX, 1, err)) ||
        (rc = check_date(in->occurred_on, sizeof in->occurred_on, "occurred_on",
                         _("Occurred on"), 0, today, occurred, err)) ||
        (rc = check_date(in->discovered_on, sizeof in->discovered_on, "discovered_on",
                         _("Discovered on"), 1, today, discovered, err)))
        return rc;
    if (*occurred != TT_DAY_NONE && *discovered < *occurred)
        return tt_error_set_field(err, TT_ERR_INVALID, "discovered_on",
                                  _("%s: an incident cannot be discovered (%s) before it "
                                    "happened (%s)."),
                                  _("Discovered on"), in->discovered_on, in->occurred_on);
    if ((rc = check_count(in->people_count, people, err)) ||
        (rc = field_text(in->risk_assessment, "risk_assessment", _("Risk assessment"),
                         INCIDENT_TEXT_MAX, 0, err)) ||
        (rc = check_date(in->commission_notified_on, sizeof in->commission_notified_on,
                         "commission_notified_on", _("Commission notified on"), 0, today,
                         &commission, err)) ||
        (rc = check_date(in->people_notified_on, sizeof in->people_notified_on,
                         "people_notified_on", _("People notified on"), 0, today, &notified,
                         err)) ||
        (rc = field_text(in->measures, "measures", _("Measures taken"), INCIDENT_TEXT_MAX, 0,
                         err)))
        return rc;
    if (commission != TT_DAY_NONE && commission < *discovered)
        return tt_error_set_field(err, TT_ERR_INVALID, "commission_notified_on",
                                  _("%s: a notice (%s) cannot come before the discovery (%s)."),
                                  _("Commission notified on"), in->commission_notified_on,
                                  in->discovered_on);
    if (notified != TT_DAY_NONE && notified < *discovered)
        return tt_error_set_field(err, TT_ERR_INVALID, "people_notified_on",
                                  _("%s: a notice (%s) cannot come before the discovery (%s)."),
                                  _("People notified on"), in->people_notified_on,
                                  in->discovered_on);
    return TT_OK;
}

int incident_save(struct tt_db *db, struct incident *in, tt_day today, struct tt_error *err)
{
    tt_day occurred = TT_DAY_NONE, discovered = TT_DAY_NONE;
    int64_t people = -1;
    int rc = incidents_may_write(db, err);
    if (rc == TT_OK)
        rc = validate(in, today, &occurred, &discovered, &people, err);
    if (rc != TT_OK)
        return rc;
    sqlite3_stmt *st;
    if (in->id == 0)
        st = db_stmt(db,
            "INSERT INTO privacy_incident (information, circumstances, occurred_on, discovered_on,"
            " people_count, risk_assessment, commission_notified_on, people_notified_on,"
            " measures, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
    else
        st = db_stmt(db,
            "UPDATE privacy_incident SET information = ?1, circumstances = ?2, occurred_on = ?3,"
            " discovered_on = ?4, people_count = ?5, risk_assessment = ?6,"
            " commission_notified_on = ?7, people_notified_on = ?8, measures = ?9,"
            " row_version = row_version + 1 WHERE id = ?11 AND row_version = ?12", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_text(st, 1, in->information, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, in->circumstances, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 3, in->occurred_on);
    sqlite3_bind_text(st, 4, in->discovered_on, -1, SQLITE_TRANSIENT);
    if (people >= 0)
        sqlite3_bind_int64(st, 5, people);
    else
        sqlite3_bind_null(st, 5);
    field_bind_opt(st, 6, in->risk_assessment);
    field_bind_opt(st, 7, in->commission_notified_on);
    field_bind_opt(st, 8, in->people_notified_on);
    field_bind_opt(st, 9, in->measures);
    if (in->id == 0) {
        sqlite3_bind_text(st, 10, db_login(db), -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_int64(st, 11, in->id);
        sqlite3_bind_int64(st, 12, in->row_version);
    }
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Saving the privacy incident"));
    int64_t id = in->id ? in->id : db_last_id(db);
    if (in->id && sqlite3_changes(db_handle(db)) == 0)
        return tt_error_set(err, TT_ERR_CONFLICT,
                            _("Someone else changed this privacy incident since you opened "
                              "it."));
    return incident_get(db, id, in, err);
}
