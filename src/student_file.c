#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "fields.h"
#include "i18n.h"
#include "labels.h"
#include "student_file.h"
#include "util.h"


/* Runs a one-parameter query, calling row() for each row while there is
 * room. */
static int each_row(struct tt_db *db, const char *sql, int64_t id, int max, int *n,
                    void (*row)(sqlite3_stmt *st, void *dst, int i), void *dst,
                    struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n < max)
            row(st, dst, (*n)++);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the student's file"));
}

static void referral_row(sqlite3_stmt *st, void *dst, int i)
{
    struct file_referral *r = &((struct file_referral *)dst)[i];
    r->id = sqlite3_column_int64(st, 0);
    field_col(st, 1, r->date, sizeof r->date);
    field_col(st, 2, r->status, sizeof r->status);
    field_col(st, 3, r->status_date, sizeof r->status_date);
    field_col(st, 4, r->referrer, sizeof r->referrer);
    field_col(st, 5, r->subjects, sizeof r->subjects);
    r->priority = sqlite3_column_int(st, 6);
    field_col(st, 7, r->closed_reason, sizeof r->closed_reason);
}

static void consent_row(sqlite3_stmt *st, void *dst, int i)
{
    struct file_consent *c = &((struct file_consent *)dst)[i];
    c->id = sqlite3_column_int64(st, 0);
    field_col(st, 1, c->purpose, sizeof c->purpose);
    field_col(st, 2, c->status, sizeof c->status);
    field_col(st, 3, c->decided_on, sizeof c->decided_on);
    field_col(st, 4, c->expires_on, sizeof c->expires_on);
    field_col(st, 5, c->withdrawn_on, sizeof c->withdrawn_on);
    field_col(st, 6, c->method, sizeof c->method);
    field_col(st, 7, c->noted_by, sizeof c->noted_by);
    field_col(st, 8, c->guardian, sizeof c->guardian);
    c->student_agreement = sqlite3_column_int(st, 9);
}

static void membership_row(sqlite3_stmt *st, void *dst, int i)
{
    struct file_membership *m = &((struct file_membership *)dst)[i];
    field_col(st, 0, m->group, sizeof m->group);
    field_col(st, 1, m->tutor, sizeof m->tutor);
    field_col(st, 2, m->subject, sizeof m->subject);
    field_col(st, 3, m->joined_on, sizeof m->joined_on);
    field_col(st, 4, m->left_on, sizeof m->left_on);
    field_col(st, 5, m->leave_reason, sizeof m->leave_reason);
}

static void session_row(sqlite3_stmt *st, void *dst, int i)
{
    struct file_session *s = &((struct file_session *)dst)[i];
    field_col(st, 0, s->date, sizeof s->date);
    field_col(st, 1, s->group, sizeof s->group);
    field_col(st, 2, s->attendance, sizeof s->attendance);
    s->minutes = sqlite3_column_int(st, 3);
}

static void event_row(sqlite3_stmt *st, void *dst, int i)
{
    struct file_event *e = &((struct file_event *)dst)[i];
    field_col(st, 0, e->on, sizeof e->on);
    field_col(st, 1, e->from, sizeof e->from);
    field_col(st, 2, e->to, sizeof e->to);
    field_col(st, 3, e->by, sizeof e->by);
    field_col(st, 4, e->note, sizeof e->note);
    e->referral_id = sqlite3_column_int64(st, 5);
}


static void partner_row(sqlite3_stmt *st, void *dst, int i)
{
    struct file_partner *p = &((struct file_partner *)dst)[i];
    field_col(st, 0, p->partner, sizeof p->partner);
    field_col(st, 1, p->sent_on, sizeof p->sent_on);
    field_col(st, 2, p->sent_by, sizeof p->sent_by);
    field_col(st, 3, p->outcome, sizeof p->outcome);
}

static int log_view(struct tt_db *db, int64_t id, const char *detail, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO access_log (login, action, subject_table,"
                                   " subject_id, detail) VALUES (?1, 'view', 'student', ?2,"
                                   " ?3)", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, db_login(db), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, detail, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    /* A read-only database still shows the file; the log needs writing. */
    if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_READONLY)
        return db_fail(db, rc, err, _("Recording the access"));
    return TT_OK;
}

static void note_row(sqlite3_stmt *st, void *dst, int i)
{
    struct file_note *n = &((struct file_note *)dst)[i];
    field_col(st, 0, n->date, sizeof n->date);
    field_col(st, 1, n->subject, sizeof n->subject);
    field_col(st, 2, n->kind, sizeof n->kind);
    n->score = sqlite3_column_int(st, 3);
    field_col(st, 4, n->body, sizeof n->body);
    field_col(st, 5, n->author, sizeof n->author);
}

int progress_note_add(struct tt_db *db, int64_t student_id, const char *subject,
                      const char *kind, tt_day on, int score, const char *body,
                      struct tt_error *err)
{
    static const char *const kinds[] = { "start", "middle", "end", "note", NULL };
    char text[4004];
    tt_strlcpy(text, body ? body : "", sizeof text);
    int rc;
    if (!label_known(LBL_SUBJECT, subject))
        return tt_error_set_field(err, TT_ERR_INVALID, "subject", _("Choose a subject."));
    if (!kind || !field_one_of(kind, kinds))
        return tt_error_set_field(err, TT_ERR_INVALID, "kind",
                                  _("A note is a start, middle or end assessment, or a note."));
    if (score < 0 || score > 5)
        return tt_error_set_field(err, TT_ERR_INVALID, "score",
                                  _("The score goes from 1 to 5 (empty: none)."));
    if ((rc = field_text(text, "body", _("Note"), 4000, strcmp(kind, "note") == 0, err)) != TT_OK)
        return rc;
    if (strcmp(kind, "note") != 0 && score == 0 && text[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, "score",
                                  _("An assessment needs a score or a comment."));
    char day[11];
    date_iso(on, day);
    /* A unit of work, so the note and its audit row commit together. */
    if ((rc = db_unit_begin(db, err)) != TT_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO progress_note (student_id, subject, kind, note_date, score, body, author)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
    if (st == NULL) {
        db_unit_end(db, 0, err);
        return err ? err->code : TT_ERR_DB;
    }
    sqlite3_bind_int64(st, 1, student_id);
    sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, day, -1, SQLITE_TRANSIENT);
    if (score > 0)
        sqlite3_bind_int(st, 5, score);
    else
        sqlite3_bind_null(st, 5);
    field_bind_opt(st, 6, text);
    sqlite3_bind_text(st, 7, db_login(db), -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    rc = s == SQLITE_DONE ? TT_OK : db_fail(db, s, err, _("Recording the note"));
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}

int student_file_load(struct tt_db *db, int64_t id, struct student_file **out,
                      struct tt_error *err)
{
    struct student_file *f = xcalloc(1, sizeof *f);
    int rc = student_get(db, id, &f->s, err);
    if (rc == TT_OK)
        rc = guardians_get(db, id, f->guardians, &f->n_guardians, err);
    if (rc == TT_OK) {
        sqlite3_stmt *st = db_stmt(db, "SELECT name || ' (' || code || ')' FROM school WHERE id = ?1",
                                   err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_int64(st, 1, f->s.school_id);
            if (sqlite3_step(st) == SQLITE_ROW)
                field_col(st, 0, f->school, sizeof f->school);
            sqlite3_reset(st);
        }
    }
    if (rc == TT_OK)
        rc = each_row(db,
            "SELECT r.id, r.referral_date, r.status, r.status_date, r.referrer_name,"
            " (SELECT group_concat(subject, ' ') FROM referral_subject WHERE referral_id = r.id),"
            " r.priority, r.closed_reason FROM referral r WHERE r.student_id = ?1"
            " ORDER BY r.referral_date DESC, r.id DESC",
            id, 16, &f->n_referrals, referral_row, f->referrals, err);
    if (rc == TT_OK)
        rc = each_row(db,
            "SELECT c.id, c.purpose, c.status, c.decided_on, c.expires_on, c.withdrawn_on,"
            " c.method, c.noted_by, g.full_name, ifnull(c.student_agreement, -1)"
            " FROM consent c LEFT JOIN guardian g ON g.id = c.guardian_id"
            " WHERE c.student_id = ?1 ORDER BY c.id DESC",
            id, 32, &f->n_consents, consent_row, f->consents, err);
    if (rc == TT_OK)
        rc = each_row(db,
            "SELECT g.name, t.first_name || ' ' || t.last_name, g.subject, m.joined_on, m.left_on,"
            " m.leave_reason FROM membership m JOIN tutoring_group g ON g.id = m.group_id"
            " JOIN tutor t ON t.id = g.tutor_id WHERE m.student_id = ?1"
            " ORDER BY m.left_on IS NOT NULL, m.joined_on DESC",
            id, 16, &f->n_groups, membership_row, f->groups, err);
    if (rc == TT_OK)
        rc = each_row(db,
            "SELECT se.session_date, g.name, a.status, a.minutes FROM attendance a"
            " JOIN session se ON se.id = a.session_id JOIN tutoring_group g ON g.id = se.group_id"
            " WHERE a.student_id = ?1 ORDER BY se.session_date DESC, se.start_min DESC",
            id, FILE_MAX_ROWS, &f->n_sessions, session_row, f->sessions, err);
    if (rc == TT_OK) {
        sqlite3_stmt *st = db_stmt(db,
            "SELECT count(*), ifnull(sum(minutes), 0) FROM attendance"
            " WHERE student_id = ?1 AND status = 'present'", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_int64(st, 1, id);
            if (sqlite3_step(st) == SQLITE_ROW) {
                f->sessions_present = (long)sqlite3_column_int64(st, 0);
                f->minutes_present = (long)sqlite3_column_int64(st, 1);
            }
            sqlite3_reset(st);
        }
    }
    if (rc == TT_OK)
        rc = each_row(db,
            "SELECT h.changed_on, ifnull(h.from_status, ''), h.to_status, h.changed_by,"
            " ifnull(h.note, ''), h.referral_id FROM referral_status_history h"
            " JOIN referral r ON r.id = h.referral_id WHERE r.student_id = ?1"
            " ORDER BY h.id DESC",
            id, FILE_MAX_ROWS, &f->n_history, event_row, f->history, err);
    if (rc == TT_OK)
        rc = each_row(db,
            "SELECT partner, sent_on, sent_by, ifnull(outcome, '') FROM partner_referral"
            " WHERE student_id = ?1 ORDER BY sent_on DESC, id DESC",
            id, 8, &f->n_partners, partner_row, f->partners, err);
    if (rc == TT_OK)
        rc = each_row(db,
            "SELECT note_date, subject, kind, ifnull(score, 0), ifnull(body, ''), author"
            " FROM progress_note WHERE student_id = ?1 ORDER BY note_date DESC, id DESC",
            id, 32, &f->n_notes, note_row, f->notes, err);
    if (rc == TT_OK)
        rc = history_recent(db, HISTORY_STUDENT, id, f->changes, 24, &f->n_changes, err);
    if (rc == TT_OK)
        rc = log_view(db, id, "student file", err);
    if (rc != TT_OK) {
        free(f);
        return rc;
    }
    *out = f;
    return TT_OK;
}

int student_file_log_reveal(struct tt_db *db, int64_t student_id, struct tt_error *err)
{
    return log_view(db, student_id, "code permanent and birth date shown", err);
}
