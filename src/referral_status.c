#include "config.h"
#include <string.h>
#include "i18n.h"
#include "labels.h"
#include "referral_status.h"
#include "util.h"

int referral_move_allowed(struct tt_db *db, const char *from, const char *to, int *allowed,
                          struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT count(*) FROM referral_transition WHERE from_status = ?1 AND to_status = ?2", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    *allowed = s == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_reset(st);
    return s == SQLITE_ROW ? TT_OK : db_fail(db, s, err, _("Reading the referral"));
}

static int current_status(struct tt_db *db, int64_t id, char *status, size_t size,
                          struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT status FROM referral WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        tt_strlcpy(status, (const char *)sqlite3_column_text(st, 0), size);
        sqlite3_reset(st);
        return TT_OK;
    }
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return tt_error_set(err, TT_ERR_NOTFOUND, _("This referral no longer exists."));
    return db_fail(db, s, err, _("Reading the referral"));
}

static int apply_move(struct tt_db *db, int64_t id, const char *from, const char *to,
                      const char *day, const char *note, const char *closed_reason,
                      struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "UPDATE referral SET status = ?2, status_date = ?3, closed_reason = ?4,"
        " row_version = row_version + 1, updated_at = datetime('now') WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
    if (strcmp(to, "closed") == 0)
        sqlite3_bind_text(st, 4, closed_reason, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Changing the referral's status"));

    st = db_stmt(db,
        "INSERT INTO referral_status_history (referral_id, from_status, to_status, changed_on,"
        " changed_by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, db_login(db), -1, SQLITE_TRANSIENT);
    if (note && note[0])
        sqlite3_bind_text(st, 6, note, -1, SQLITE_TRANSIENT);
    s = sqlite3_step(st);
    sqlite3_reset(st);
    return s == SQLITE_DONE ? TT_OK : db_fail(db, s, err, _("Recording the status history"));
}

int referral_set_status(struct tt_db *db, int64_t referral_id, const char *to, tt_day on,
                        const char *note, const char *closed_reason, struct tt_error *err)
{
    if (strcmp(to, "closed") == 0 && (closed_reason == NULL || closed_reason[0] == '\0'))
        return tt_error_set_field(err, TT_ERR_INVALID, "closed_reason",
                                  _("Closing a referral needs a reason."));
    int rc = db_unit_begin(db, err);
    if (rc != TT_OK)
        return rc;
    char from[24];
    int allowed = 0;
    char day[11];
    date_iso(on, day);
    rc = current_status(db, referral_id, from, sizeof from, err);
    if (rc == TT_OK)
        rc = referral_move_allowed(db, from, to, &allowed, err);
    if (rc == TT_OK && !allowed)
        rc = tt_error_set(err, TT_ERR_RULE, _("A referral cannot go from \"%s\" to \"%s\"."),
                          label_for(LBL_REFERRAL_STATUS, from), label_for(LBL_REFERRAL_STATUS, to));
    if (rc == TT_OK)
        rc = apply_move(db, referral_id, from, to, day, note, closed_reason, err);
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}

int referral_next_statuses(struct tt_db *db, const char *from, const char **codes, int max,
                           int *n, struct tt_error *err)
{
    static const char *const order[] = { "received", "awaiting_consent", "awaiting_pairing",
                                         "active", "suspended", "closed" };
    *n = 0;
    for (size_t i = 0; i < TT_ARRAY_LEN(order) && *n < max; i++) {
        int ok = 0;
        int rc = referral_move_allowed(db, from, order[i], &ok, err);
        if (rc != TT_OK)
            return rc;
        if (ok)
            codes[(*n)++] = order[i];
    }
    return TT_OK;
}
