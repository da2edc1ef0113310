#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "i18n.h"
#include "text.h"
#include "tutor_file.h"
#include "util.h"


static int step_all(struct tt_db *db, const char *sql, int64_t id,
                    void (*row)(sqlite3_stmt *, struct tutor_file *), struct tutor_file *f,
                    struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        row(st, f);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the tutor's file"));
}

static void details_row(sqlite3_stmt *st, struct tutor_file *f)
{
    field_col(st, 0, f->status_date, sizeof f->status_date);
    field_col(st, 1, f->answered_on, sizeof f->answered_on);
    field_col(st, 2, f->answered_how, sizeof f->answered_how);
    field_col(st, 3, f->answered_by, sizeof f->answered_by);
    field_col(st, 4, f->hire_date, sizeof f->hire_date);
    field_col(st, 5, f->employee_number, sizeof f->employee_number);
    field_col(st, 6, f->check_status, sizeof f->check_status);
    field_col(st, 7, f->check_requested_on, sizeof f->check_requested_on);
    field_col(st, 8, f->check_completed_on, sizeof f->check_completed_on);
    field_col(st, 9, f->check_result, sizeof f->check_result);
    field_col(st, 10, f->training_on, sizeof f->training_on);
    field_col(st, 11, f->confidentiality_on, sizeof f->confidentiality_on);
    field_col(st, 12, f->school, sizeof f->school);
    f->minutes_given = sqlite3_column_int64(st, 13);
}

static void skill_row(sqlite3_stmt *st, struct tutor_file *f)
{
    if (f->n_skills >= 48)
        return;
    field_col(st, 0, f->skills[f->n_skills].subject, sizeof f->skills[0].subject);
    field_col(st, 1, f->skills[f->n_skills].level, sizeof f->skills[0].level);
    f->n_skills++;
}

static void availability_row(sqlite3_stmt *st, struct tutor_file *f)
{
    static const char *const days[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
                                        N_("Sat"), N_("Sun") };
    int d = sqlite3_column_int(st, 0), a = sqlite3_column_int(st, 1), b = sqlite3_column_int(st, 2);
    size_t len = strlen(f->availability_text);
    snprintf(f->availability_text + len, sizeof f->availability_text - len,
             "%s%s %02d:%02d-%02d:%02d", len ? ", " : "", d >= 1 && d <= 7 ? _(days[d - 1]) : "?",
             a / 60, a % 60, b / 60, b % 60);
}

static void rate_row(sqlite3_stmt *st, struct tutor_file *f)
{
    if (f->n_rates >= 16)
        return;
    struct tutor_rate_row *r = &f->rates[f->n_rates++];
    field_col(st, 0, r->from, sizeof r->from);
    r->rate = sqlite3_column_int64(st, 1);
    field_col(st, 2, r->by, sizeof r->by);
}

static void history_row(sqlite3_stmt *st, struct tutor_file *f)
{
    if (f->n_history >= 32)
        return;
    struct tutor_event *e = &f->history[f->n_history++];
    field_col(st, 0, e->on, sizeof e->on);
    field_col(st, 1, e->from, sizeof e->from);
    field_col(st, 2, e->to, sizeof e->to);
    field_col(st, 3, e->by, sizeof e->by);
    field_col(st, 4, e->note, sizeof e->note);
}

static void group_row(sqlite3_stmt *st, struct tutor_file *f)
{
    if (f->n_groups < 16)
        field_col(st, 0, f->groups[f->n_groups++], sizeof f->groups[0]);
}

static int own_students(struct tt_db *db, struct tutor_file *f, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT DISTINCT s.first_name || ' ' || s.last_name, r.referrer_name"
        " FROM tutoring_group g JOIN membership m ON m.group_id = g.id AND m.left_on IS NULL"
        " JOIN student s ON s.id = m.student_id JOIN referral r ON r.student_id = s.id"
        " WHERE g.tutor_id = ?1 AND g.status <> 'ended'", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, f->t.id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *referrer = (const char *)sqlite3_column_text(st, 1);
        if (referrer && tutor_named_in(referrer, f->t.first_name, f->t.last_name) && f->n_own_students < 8)
            field_col(st, 0, f->own_students[f->n_own_students++], sizeof f->own_students[0]);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the tutor's file"));
}

int tutor_file_load(struct tt_db *db, const struct settings *s, int64_t id, tt_day today,
                    struct tutor_file **out, struct tt_error *err)
{
    struct tutor_file *f = xcalloc(1, sizeof *f);
    int rc = tutor_get(db, id, &f->t, err);
    if (rc == TT_OK)
        rc = step_all(db,
            "SELECT t.status_date, t.answered_on, t.answered_how, t.answered_by, t.hire_date,"
            " t.employee_number, t.check_status, t.check_requested_on, t.check_completed_on,"
            " t.check_result, t.training_on, t.confidentiality_on, sc.name,"
            " (SELECT ifnull(sum(actual_minutes), 0) FROM session WHERE tutor_id = t.id"
            "   AND status = 'held') FROM tutor t LEFT JOIN school sc ON sc.id = t.school_id"
            " WHERE t.id = ?1", id, details_row, f, err);
    if (rc == TT_OK)
        rc = step_all(db, "SELECT subject, level FROM tutor_skill WHERE tutor_id = ?1"
                          " ORDER BY subject, level", id, skill_row, f, err);
    if (rc == TT_OK)
        rc = step_all(db, "SELECT weekday, start_min, end_min FROM tutor_availability"
                          " WHERE tutor_id = ?1 ORDER BY weekday, start_min", id,
                      availability_row, f, err);
    if (rc == TT_OK)
        rc = step_all(db, "SELECT effective_on, rate_cents, set_by FROM tutor_rate"
                          " WHERE tutor_id = ?1 ORDER BY effective_on DESC", id, rate_row, f, err);
    if (rc == TT_OK)
        rc = step_all(db, "SELECT changed_on, ifnull(from_status, ''), to_status, changed_by,"
                          " ifnull(note, '') FROM tutor_status_history WHERE tutor_id = ?1"
                          " ORDER BY id DESC", id, history_row, f, err);
    if (rc == TT_OK)
        rc = step_all(db, "SELECT name FROM tutoring_group WHERE tutor_id = ?1 AND status <> 'ended'"
                          " ORDER BY name", id, group_row, f, err);
    if (rc == TT_OK)
        rc = tutor_rate_on(db, s, id, today, &f->rate_today, err);
    if (rc == TT_OK)
        rc = tutor_can_lead(db, id, &f->may_lead, f->may_lead_why, sizeof f->may_lead_why, err);
    if (rc == TT_OK)
        rc = own_students(db, f, err);
    if (rc == TT_OK)
        rc = history_recent(db, HISTORY_TUTOR, id, f->changes, 24, &f->n_changes, err);
    if (rc != TT_OK) {
        free(f);
        return rc;
    }
    *out = f;
    return TT_OK;
}
