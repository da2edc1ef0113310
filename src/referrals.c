#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"
#include "fields.h"
#include "i18n.h"
#include "referrals.h"
#include "text.h"
#include "util.h"

static const char *const subjects[SUBJECT_COUNT] = {
    "fr_reading", "fr_writing", "math", "english", "science", "social", "study_skills", "other",
};

const char *subject_code(int i)
{
    return i >= 0 && i < SUBJECT_COUNT ? subjects[i] : NULL;
}

/* Outside class hours, as the ministry asked. */
static const struct avail_slot slots[AVAIL_SLOTS] = {
    { N_("before school"), 7 * 60, 8 * 60 },
    { N_("lunch"), 11 * 60 + 30, 12 * 60 + 45 },
    { N_("after school"), 15 * 60 + 30, 17 * 60 },
    { N_("evening"), 18 * 60, 20 * 60 },
};

const struct avail_slot *avail_slots(void)
{
    return slots;
}

struct referral *referral_new(void)
{
    struct referral *r = xcalloc(1, sizeof *r);
    date_iso(date_today(), r->referral_date);
    tt_strlcpy(r->referrer_role, "teacher", sizeof r->referrer_role);
    tt_strlcpy(r->partner_suggestion, "none", sizeof r->partner_suggestion);
    tt_strlcpy(r->format, "either", sizeof r->format);
    tt_strlcpy(r->modality, "remote", sizeof r->modality);
    tt_strlcpy(r->status, "received", sizeof r->status);
    r->priority = 2;
    r->has_device = -1;
    r->has_internet = -1;
    return r;
}

void referral_free(struct referral *r)
{
    free(r);
}


static int check_len(char *v, const char *field, const char *label, size_t max, int required,
                     struct tt_error *err)
{
    tt_trim(v);
    if (required && v[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, field, _("%s is required."), label);
    if (!text_is_utf8(v))
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s contains characters that are not valid text."), label);
    if (field_chars(v) > max)
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s is too long: at most %zu characters."), label, max);
    return TT_OK;
}

static int in_list(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(v, *list) == 0)
            return 1;
    return 0;
}

int referral_validate(struct referral *r, struct tt_error *err)
{
    static const char *const roles[] = { "teacher", "special_ed", "professional", "principal",
                                         "other", NULL };
    static const char *const partners[] = { "none", "alloprof", "teljeunes", "both", NULL };
    static const char *const formats[] = { "individual", "group", "either", NULL };
    static const char *const modalities[] = { "remote", "school", "either", NULL };
    tt_day d;
    tt_trim(r->referral_date);
    if (r->referral_date[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, "referral_date", _("%s is required."),
                                  _("Referral date"));
    if (date_parse(r->referral_date, &d) != 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "referral_date",
                                  _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                    "24/02/2021."), _("Referral date"), r->referral_date);
    if (d > date_today())
        return tt_error_set_field(err, TT_ERR_INVALID, "referral_date",
                                  _("Referral date: %s is in the future."), r->referral_date);
    date_iso(d, r->referral_date);
    int rc;
    if ((rc = check_len(r->referrer_name, "referrer_name", _("Referred by"), 200, 1, err)))
        return rc;
    if (!in_list(r->referrer_role, roles))
        return tt_error_set_field(err, TT_ERR_INVALID, "referrer_role",
                                  _("%s: choose a value from the list."), _("Role"));
    if ((rc = check_len(r->class_group, "ref_class_group", _("Class group"), 20, 0, err)))
        return rc;
    if ((r->subjects & ((1u << SUBJECT_COUNT) - 1)) == 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "subjects",
                                  _("Choose at least one subject."));
    if ((rc = check_len(r->difficulties, "difficulties", _("Specific difficulties"), 4000, 0, err)) ||
        (rc = check_len(r->strengths, "strengths", _("Strengths and interests"), 4000, 0, err)) ||
        (rc = check_len(r->strategies_tried, "strategies_tried", _("Strategies already tried"), 4000, 0, err)) ||
        (rc = check_len(r->since_when, "since_when", _("Since when"), 200, 0, err)) ||
        (rc = check_len(r->pairing_constraints, "pairing_constraints", _("Pairing constraints"), 2000, 0, err)))
        return rc;
    if (!in_list(r->partner_suggestion, partners))
        return tt_error_set_field(err, TT_ERR_INVALID, "partner_suggestion",
                                  _("%s: choose a value from the list."), _("Partner referral"));
    if (r->rai_level < 0 || r->rai_level > 3)
        return tt_error_set_field(err, TT_ERR_INVALID, "rai_level",
                                  _("%s: choose a value from the list."), _("RAI level"));
    if (r->priority < 1 || r->priority > 3)
        return tt_error_set_field(err, TT_ERR_INVALID, "priority",
                                  _("%s: choose a value from the list."), _("Priority"));
    if (!in_list(r->format, formats))
        return tt_error_set_field(err, TT_ERR_INVALID, "format",
                                  _("%s: choose a value from the list."), _("Format"));
    if (!in_list(r->modality, modalities))
        return tt_error_set_field(err, TT_ERR_INVALID, "modality",
                                  _("%s: choose a value from the list."), _("Modality"));
    return TT_OK;
}


static void bind_tri(sqlite3_stmt *st, int i, int v)
{
    if (v < 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int(st, i, v ? 1 : 0);
}

static int write_referral(struct tt_db *db, struct referral *r, struct tt_error *err)
{
    sqlite3_stmt *st;
    if (r->id == 0)
        st = db_stmt(db,
            "INSERT INTO referral (student_id, school_id, referral_date, referrer_name,"
            " referrer_role, class_group, difficulties, strengths, strategies_tried, since_when,"
            " wellbeing_concern, partner_suggestion, rai_level, priority, format, modality,"
            " has_device, has_internet, pairing_constraints, status_date, created_by)"
            " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
            " ?18, ?19, ?20, ?4, ?21)", err);
    else
        st = db_stmt(db,
            "UPDATE referral SET student_id = ?2, school_id = ?3, referral_date = ?4,"
            " referrer_name = ?5, referrer_role = ?6, class_group = ?7, difficulties = ?8,"
            " strengths = ?9, strategies_tried = ?10, since_when = ?11, wellbeing_concern = ?12,"
            " partner_suggestion = ?13, rai_level = ?14, priority = ?15, format = ?16,"
            " modality = ?17, has_device = ?18, has_internet = ?19, pairing_constraints = ?20,"
            " row_version = row_version + 1, updated_at = datetime('now')"
            " WHERE id = ?1 AND row_version = ?22", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    if (r->id)
        sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_int64(st, 2, r->student_id);
    sqlite3_bind_int64(st, 3, r->school_id);
    sqlite3_bind_text(st, 4, r->referral_date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, r->referrer_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, r->referrer_role, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 7, r->class_group);
    field_bind_opt(st, 8, r->difficulties);
    field_bind_opt(st, 9, r->strengths);
    field_bind_opt(st, 10, r->strategies_tried);
    field_bind_opt(st, 11, r->since_when);
    sqlite3_bind_int(st, 12, r->wellbeing_concern ? 1 : 0);
    sqlite3_bind_text(st, 13, r->partner_suggestion, -1, SQLITE_TRANSIENT);
    if (r->rai_level)
        sqlite3_bind_int(st, 14, r->rai_level);
    sqlite3_bind_int(st, 15, r->priority);
    sqlite3_bind_text(st, 16, r->format, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 17, r->modality, -1, SQLITE_TRANSIENT);
    bind_tri(st, 18, r->has_device);
    bind_tri(st, 19, r->has_internet);
    field_bind_opt(st, 20, r->pairing_constraints);
    if (r->id == 0)
        sqlite3_bind_text(st, 21, db_login(db), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int64(st, 22, r->row_version);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Saving the referral"));
    if (r->id == 0) {
        r->id = db_last_id(db);
        r->row_version = 1;
    } else if (sqlite3_changes(db_handle(db)) == 0) {
        return tt_error_set(err, TT_ERR_CONFLICT,
                            _("Someone else changed this referral since you opened it."));
    } else {
        r->row_version++;
    }
    return TT_OK;
}

static int step_set(struct tt_db *db, sqlite3_stmt *st, const char *what, struct tt_error *err)
{
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    return s == SQLITE_DONE ? TT_OK : db_fail(db, s, err, what);
}

/* Subjects and availability are one set each on the form.  Only what
 * changed is written, so the audit log records the subjects and time slots
 * added or removed rather than the whole set at every save; and times the
 * grid cannot show (an import's, the demo's 15:15-16:30) are kept, since
 * nobody removed them: a whole-set save used to drop them. */
static int write_sets(struct tt_db *db, const struct referral *r, struct tt_error *err)
{
    int rc = TT_OK;
    for (int i = 0; rc == TT_OK && i < SUBJECT_COUNT; i++) {
        int on = (r->subjects & (1u << i)) != 0;
        sqlite3_stmt *st = db_stmt(db, on ? "INSERT INTO referral_subject (referral_id, subject)"
                                            " VALUES (?1, ?2) ON CONFLICT DO NOTHING"
                                          : "DELETE FROM referral_subject WHERE referral_id = ?1"
                                            " AND subject = ?2", err);
        STMT_OR_FAIL(st);
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_text(st, 2, subjects[i], -1, SQLITE_STATIC);
        rc = step_set(db, st, _("Saving the referral's subjects"), err);
    }
    for (int day = 0; rc == TT_OK && day < AVAIL_DAYS; day++) {
        for (int slot = 0; rc == TT_OK && slot < AVAIL_SLOTS; slot++) {
            int on = (r->availability & AVAIL_BIT(day, slot)) != 0;
            sqlite3_stmt *st = db_stmt(db,
                on ? "INSERT INTO referral_availability (referral_id, weekday, start_min, end_min)"
                     " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET end_min = excluded.end_min"
                     " WHERE end_min <> excluded.end_min"
                   : "DELETE FROM referral_availability WHERE referral_id = ?1 AND weekday = ?2"
                     " AND start_min = ?3", err);
            STMT_OR_FAIL(st);
            sqlite3_bind_int64(st, 1, r->id);
            sqlite3_bind_int(st, 2, day + 1);
            sqlite3_bind_int(st, 3, slots[slot].start_min);
            if (on)
                sqlite3_bind_int(st, 4, slots[slot].end_min);
            rc = step_set(db, st, _("Saving the availability"), err);
        }
    }
    return rc;
}

int referral_form_validate(struct student *s, struct guardian g[2], struct referral *r,
                           struct tt_error *err)
{
    /* In the order of the form's pages, so the cursor goes to the first
     * wrong field whichever table it belongs to. */
    int rc = student_validate(s, err);
    for (int i = 0; i < 2 && rc == TT_OK; i++) {
        g[i].rank = i + 1;
        tt_trim(g[i].full_name);
        if (g[i].full_name[0])
            rc = guardian_validate(&g[i], err);
    }
    if (rc == TT_OK)
        rc = referral_validate(r, err);
    return rc;
}

int referral_save_form(struct tt_db *db, struct student *s, struct guardian g[2],
                       struct referral *r, struct tt_error *err)
{
    int rc = referral_form_validate(s, g, r, err);
    if (rc != TT_OK)
        return rc;

    /* Snapshot what saving changes, to restore it if the transaction fails. */
    struct student s_before = *s;
    int64_t r_id = r->id, r_version = r->row_version;

    rc = db_unit_begin(db, err);
    if (rc != TT_OK)
        return rc;
    rc = student_save(db, s, err);
    for (int i = 0; i < 2 && rc == TT_OK; i++)
        rc = guardian_save(db, s->id, &g[i], err);
    if (rc == TT_OK) {
        r->student_id = s->id;
        if (r->school_id == 0)
            r->school_id = s->school_id;
        rc = write_referral(db, r, err);
    }
    if (rc == TT_OK)
        rc = write_sets(db, r, err);
    if (rc == TT_OK && r_id == 0) {
        sqlite3_stmt *st = db_stmt(db,
            "INSERT INTO referral_status_history (referral_id, from_status, to_status, changed_on,"
            " changed_by) VALUES (?1, NULL, 'received', ?2, ?3)", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_int64(st, 1, r->id);
            sqlite3_bind_text(st, 2, r->referral_date, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, db_login(db), -1, SQLITE_TRANSIENT);
            int x = sqlite3_step(st);
            sqlite3_reset(st);
            if (x != SQLITE_DONE)
                rc = db_fail(db, x, err, _("Recording the status history"));
        }
    }
    int end = db_unit_end(db, rc == TT_OK, err);
    if (rc == TT_OK)
        rc = end;
    if (rc != TT_OK) {
        /* Keep what was typed, but forget ids the rollback undid. */
        int64_t keep_version = s_before.row_version;
        s->id = s_before.id;
        s->row_version = keep_version;
        r->id = r_id;
        r->row_version = r_version;
    }
    return rc;
}

static void copy_col(sqlite3_stmt *st, int i, char *dst, size_t size)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    tt_strlcpy(dst, v ? (const char *)v : "", size);
}

int referral_get(struct tt_db *db, int64_t id, struct referral *r, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id, row_version, student_id, school_id, referral_date, referrer_name,"
        " referrer_role, class_group, difficulties, strengths, strategies_tried, since_when,"
        " wellbeing_concern, partner_suggestion, ifnull(rai_level, 0), priority, format, modality,"
        " ifnull(has_device, -1), ifnull(has_internet, -1), pairing_constraints, status"
        " FROM referral WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) {
        sqlite3_reset(st);
        if (s == SQLITE_DONE)
            return tt_error_set(err, TT_ERR_NOTFOUND, _("This referral no longer exists."));
        return db_fail(db, s, err, _("Reading the referral"));
    }
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->row_version = sqlite3_column_int64(st, 1);
    r->student_id = sqlite3_column_int64(st, 2);
    r->school_id = sqlite3_column_int64(st, 3);
    copy_col(st, 4, r->referral_date, sizeof r->referral_date);
    copy_col(st, 5, r->referrer_name, sizeof r->referrer_name);
    copy_col(st, 6, r->referrer_role, sizeof r->referrer_role);
    copy_col(st, 7, r->class_group, sizeof r->class_group);
    copy_col(st, 8, r->difficulties, sizeof r->difficulties);
    copy_col(st, 9, r->strengths, sizeof r->strengths);
    copy_col(st, 10, r->strategies_tried, sizeof r->strategies_tried);
    copy_col(st, 11, r->since_when, sizeof r->since_when);
    r->wellbeing_concern = sqlite3_column_int(st, 12);
    copy_col(st, 13, r->partner_suggestion, sizeof r->partner_suggestion);
    r->rai_level = sqlite3_column_int(st, 14);
    r->priority = sqlite3_column_int(st, 15);
    copy_col(st, 16, r->format, sizeof r->format);
    copy_col(st, 17, r->modality, sizeof r->modality);
    r->has_device = sqlite3_column_int(st, 18);
    r->has_internet = sqlite3_column_int(st, 19);
    copy_col(st, 20, r->pairing_constraints, sizeof r->pairing_constraints);
    copy_col(st, 21, r->status, sizeof r->status);
    sqlite3_reset(st);

    st = db_stmt(db, "SELECT subject FROM referral_subject WHERE referral_id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        for (int i = 0; i < SUBJECT_COUNT; i++)
            if (code && strcmp(code, subjects[i]) == 0)
                r->subjects |= 1u << i;
    }
    sqlite3_reset(st);
    st = db_stmt(db, "SELECT weekday, start_min FROM referral_availability WHERE referral_id = ?1",
                 err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int day = sqlite3_column_int(st, 0) - 1, start = sqlite3_column_int(st, 1);
        for (int k = 0; k < AVAIL_SLOTS; k++)
            if (slots[k].start_min == start && day >= 0 && day < AVAIL_DAYS)
                r->availability |= AVAIL_BIT(day, k);
    }
    sqlite3_reset(st);
    return TT_OK;
}

int partner_referral_add(struct tt_db *db, int64_t student_id, int64_t referral_id,
                         const char *partner, const char *sent_on, const char *outcome,
                         struct tt_error *err)
{
    if (strcmp(partner, "alloprof") != 0 && strcmp(partner, "teljeunes") != 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "partner",
                                  _("%s: choose a value from the list."), _("Partner"));
    char day[32];
    tt_strlcpy(day, sent_on, sizeof day);
    tt_trim(day);
    tt_day d;
    if (date_parse(day, &d) != 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "sent_on",
                                  _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                    "24/02/2021."), _("Sent on"), sent_on);
    date_iso(d, day);
    char out[1100];
    tt_strlcpy(out, outcome ? outcome : "", sizeof out);
    int rc = check_len(out, "outcome", _("Outcome"), 1000, 0, err);
    if (rc != TT_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO partner_referral (student_id, referral_id, partner, sent_on, sent_by, outcome,"
        " outcome_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?6 IS NULL THEN NULL ELSE ?4 END)",
        err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, student_id);
    if (referral_id > 0)
        sqlite3_bind_int64(st, 2, referral_id);
    sqlite3_bind_text(st, 3, partner, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, db_login(db), -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 6, out);
    int s2 = sqlite3_step(st);
    sqlite3_reset(st);
    return s2 == SQLITE_DONE ? TT_OK : db_fail(db, s2, err, _("Recording the partner referral"));
}

/* Who saved the referral or its student last, and when: the conflict
 * screen names the other person.  From the audit log, newest first. */
int referral_last_change(struct tt_db *db, int64_t referral_id, int64_t student_id, char *who,
                         size_t who_size, char *at, size_t at_size, struct tt_error *err)
{
    who[0] = at[0] = '\0';
    sqlite3_stmt *st = db_stmt(db,
        "SELECT login, substr(datetime(at, 'localtime'), 1, 16) FROM ("
        " SELECT id, login, at FROM audit_log WHERE table_name = 'referral' AND row_id = ?1"
        " UNION ALL"
        " SELECT id, login, at FROM audit_log WHERE table_name = 'student' AND row_id = ?2)"
        " ORDER BY id DESC LIMIT 1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, referral_id);
    sqlite3_bind_int64(st, 2, student_id);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        field_col(st, 0, who, who_size);
        field_col(st, 1, at, at_size);
    }
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return db_fail(db, s, err, _("Reading the history"));
    return TT_OK;
}
