#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "consent.h"
#include "fields.h"
#include "groups.h"
#include "i18n.h"
#include "labels.h"
#include "referral_status.h"
#include "sessions.h"
#include "text.h"
#include "tutors.h"
#include "util.h"

/* Is day a non-school day for this school (or for every school)? */
static int day_off(struct tt_db *db, int64_t school_id, const char *day, int *off,
                   struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT EXISTS (SELECT 1 FROM non_school_day WHERE day = ?1"
        " AND (school_id IS NULL OR school_id = ?2))", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, school_id);
    int s = sqlite3_step(st);
    *off = s == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return s == SQLITE_ROW ? TT_OK : db_fail(db, s, err, _("Reading the school calendar"));
}

int sessions_generate(struct tt_db *db, int64_t group_id, tt_day from, tt_day to, int *created,
                      struct tt_error *err)
{
    *created = 0;
    struct group g;
    int rc = group_get(db, group_id, &g, err);
    if (rc != TT_OK)
        return rc;
    if (strcmp(g.status, "ended") == 0)
        return tt_error_set(err, TT_ERR_RULE, _("The group \"%s\" has ended."), g.name);
    if (g.n_slots == 0)
        return tt_error_set(err, TT_ERR_INVALID,
                            _("The group \"%s\" has no weekly time slot to plan from."), g.name);
    tt_day start, end = to;
    date_parse(g.start_date, &start);
    if (start > from)
        from = start;
    if (g.end_date[0]) {
        tt_day e;
        date_parse(g.end_date, &e);
        if (e < end)
            end = e;
    }
    if (to - from > 400)
        return tt_error_set(err, TT_ERR_INVALID, _("Plan at most one school year at a time."));
    if ((rc = db_unit_begin(db, err)) != TT_OK)
        return rc;
    for (tt_day d = from; rc == TT_OK && d <= end; d++) {
        int wd = date_weekday(d);
        if (wd > 5)
            continue;
        char day[11];
        date_iso(d, day);
        int off = 0;
        for (int k = 0; rc == TT_OK && k < g.n_slots; k++) {
            if (g.slots[k].weekday != wd)
                continue;
            if (!off && (rc = day_off(db, g.school_id, day, &off, err)) != TT_OK)
                break;
            if (off)
                break;
            sqlite3_stmt *st = db_stmt(db,
                "INSERT INTO session (group_id, session_date, start_min, planned_minutes,"
                " tutor_id, modality) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                " ON CONFLICT (group_id, session_date, start_min) DO NOTHING", err);
            if (st == NULL) {
                rc = err ? err->code : TT_ERR_DB;
                break;
            }
            sqlite3_bind_int64(st, 1, group_id);
            sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 3, g.slots[k].start_min);
            sqlite3_bind_int(st, 4, g.slots[k].minutes);
            sqlite3_bind_int64(st, 5, g.tutor_id);
            sqlite3_bind_text(st, 6, g.modality, -1, SQLITE_TRANSIENT);
            rc = db_step_done(db, st, _("Planning the sessions"), err);
            if (rc == TT_OK)
                *created += sqlite3_changes(db_handle(db));
        }
    }
    int done = db_unit_end(db, rc == TT_OK, err);
    if (rc != TT_OK)
        *created = 0;
    return rc == TT_OK ? done : rc;
}

int session_add(struct tt_db *db, int64_t group_id, tt_day day, int start_min, int minutes,
                int64_t tutor_id, int64_t *id, struct tt_error *err)
{
    struct group g;
    int rc = group_get(db, group_id, &g, err);
    if (rc != TT_OK)
        return rc;
    if (start_min < 0 || minutes < 5 || minutes > 480 || start_min + minutes > 24 * 60)
        return tt_error_set_field(err, TT_ERR_INVALID, "minutes",
                                  _("A session lasts 5 to 480 minutes within the day."));
    if (tutor_id == 0)
        tutor_id = g.tutor_id;
    char iso[11];
    date_iso(day, iso);
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO session (group_id, session_date, start_min, planned_minutes, tutor_id,"
        " modality, outside_schedule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, group_id);
    sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, start_min);
    sqlite3_bind_int(st, 4, minutes);
    sqlite3_bind_int64(st, 5, tutor_id);
    sqlite3_bind_text(st, 6, g.modality, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    int extended = sqlite3_extended_errcode(db_handle(db));
    sqlite3_reset(st);
    if ((s & 0xff) == SQLITE_CONSTRAINT && extended == SQLITE_CONSTRAINT_UNIQUE)
        return tt_error_set(err, TT_ERR_RULE,
                            _("The group already has a session on %s at that time."), iso);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Adding the session"));
    if (id)
        *id = db_last_id(db);
    return TT_OK;
}

static int session_status(struct tt_db *db, int64_t id, char *status, size_t size,
                          struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT status FROM session WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        field_col(st, 0, status, size);
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return tt_error_set(err, TT_ERR_NOTFOUND, _("This session no longer exists."));
    return s == SQLITE_ROW ? TT_OK : db_fail(db, s, err, _("Reading the session"));
}

int session_cancel(struct tt_db *db, int64_t session_id, const char *side, const char *reason,
                   struct tt_error *err)
{
    const char *status = side && strcmp(side, "tutor") == 0     ? "cancelled_tutor"
                         : side && strcmp(side, "student") == 0 ? "cancelled_student"
                                                                : NULL;
    if (status == NULL)
        return tt_error_set_field(err, TT_ERR_INVALID, "side",
                                  _("Say who cancelled: the student's side or the tutor's."));
    if (reason == NULL || reason[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, "reason",
                                  _("Say why the session was cancelled."));
    char now[20];
    int rc = session_status(db, session_id, now, sizeof now, err);
    if (rc != TT_OK)
        return rc;
    if (strcmp(now, "held") == 0)
        return tt_error_set(err, TT_ERR_RULE,
                            _("This session was held; its attendance is recorded."));
    sqlite3_stmt *st = db_stmt(db,
        "UPDATE session SET status = ?2, cancel_reason = ?3, actual_minutes = NULL,"
        " row_version = row_version + 1, updated_at = datetime('now') WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
    return db_step_done(db, st, _("Cancelling the session"), err);
}

int session_set_tutor(struct tt_db *db, int64_t session_id, int64_t tutor_id,
                      struct tt_error *err)
{
    int ok = 0;
    char why[256];
    int rc = tutor_can_lead(db, tutor_id, &ok, why, sizeof why, err);
    if (rc != TT_OK)
        return rc;
    if (!ok)
        return tt_error_set(err, TT_ERR_RULE, _("This tutor cannot give sessions yet: %s."), why);
    sqlite3_stmt *st = db_stmt(db,
        "UPDATE session SET tutor_id = ?2, row_version = row_version + 1,"
        " updated_at = datetime('now') WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, tutor_id);
    rc = db_step_done(db, st, _("Changing the session's tutor"), err);
    if (rc == TT_OK && sqlite3_changes(db_handle(db)) == 0)
        rc = tt_error_set(err, TT_ERR_NOTFOUND, _("This session no longer exists."));
    return rc;
}

void session_sheet_free(struct session_sheet *sh)
{
    if (sh) {
        free(sh->lines);
        free(sh);
    }
}

static int load_lines(struct tt_db *db, struct session_sheet *sh, struct tt_error *err)
{
    /* Members that day, and anyone with attendance already recorded (a
     * student who left since keeps the line that was saved). */
    sqlite3_stmt *st = db_stmt(db,
        "SELECT s.id, s.last_name || ', ' || s.first_name, a.status, a.minutes"
        " FROM student s LEFT JOIN attendance a ON a.session_id = ?1 AND a.student_id = s.id"
        " WHERE s.id IN (SELECT student_id FROM membership WHERE group_id = ?2"
        "   AND joined_on <= ?3 AND (left_on IS NULL OR left_on >= ?3)"
        "   UNION SELECT student_id FROM attendance WHERE session_id = ?1)"
        " ORDER BY s.last_name, s.first_name, s.id", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, sh->id);
    sqlite3_bind_int64(st, 2, sh->group_id);
    sqlite3_bind_text(st, 3, sh->date, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (sh->n == cap) {
            cap = cap ? cap * 2 : 8;
            sh->lines = xrealloc(sh->lines, cap * sizeof *sh->lines);
        }
        struct attendance_line *l = &sh->lines[sh->n++];
        memset(l, 0, sizeof *l);
        l->student_id = sqlite3_column_int64(st, 0);
        char raw[420];
        field_col(st, 1, raw, sizeof raw);
        text_safe(l->name, sizeof l->name, raw);
        field_col(st, 2, l->status, sizeof l->status);
        l->minutes = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return db_fail(db, s, err, _("Reading the session"));
    tt_day day;
    date_parse(sh->date, &day);
    for (size_t i = 0; i < sh->n; i++) {
        struct attendance_line *l = &sh->lines[i];
        int rc = consent_may_attend(db, l->student_id, day, sh->modality, &l->allowed, l->reason,
                                    sizeof l->reason, err);
        if (rc != TT_OK)
            return rc;
        if (l->status[0] == '\0') {
            tt_strlcpy(l->status, l->allowed ? "present" : "absent", sizeof l->status);
            l->minutes = l->allowed ? sh->actual_minutes : 0;
        }
    }
    return TT_OK;
}

int session_sheet_load(struct tt_db *db, int64_t session_id, struct session_sheet **out,
                       struct tt_error *err)
{
    *out = NULL;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT s.id, s.row_version, s.group_id, g.name, s.session_date, s.start_min,"
        " s.planned_minutes, s.actual_minutes, s.tutor_id, t.last_name || ', ' || t.first_name,"
        " s.modality, s.status"
        " FROM session s JOIN tutoring_group g ON g.id = s.group_id"
        " JOIN tutor t ON t.id = s.tutor_id WHERE s.id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, session_id);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) {
        sqlite3_reset(st);
        return s == SQLITE_DONE ? tt_error_set(err, TT_ERR_NOTFOUND, _("This session no longer exists."))
                                : db_fail(db, s, err, _("Reading the session"));
    }
    struct session_sheet *sh = xcalloc(1, sizeof *sh);
    char raw[420];
    sh->id = sqlite3_column_int64(st, 0);
    sh->row_version = sqlite3_column_int64(st, 1);
    sh->group_id = sqlite3_column_int64(st, 2);
    field_col(st, 3, raw, sizeof raw);
    text_safe(sh->group_name, sizeof sh->group_name, raw);
    field_col(st, 4, sh->date, sizeof sh->date);
    sh->start_min = sqlite3_column_int(st, 5);
    sh->planned_minutes = sqlite3_column_int(st, 6);
    sh->actual_minutes = sqlite3_column_type(st, 7) == SQLITE_NULL ? sh->planned_minutes
                                                                   : sqlite3_column_int(st, 7);
    sh->tutor_id = sqlite3_column_int64(st, 8);
    field_col(st, 9, raw, sizeof raw);
    text_safe(sh->tutor_name, sizeof sh->tutor_name, raw);
    field_col(st, 10, sh->modality, sizeof sh->modality);
    field_col(st, 11, sh->status, sizeof sh->status);
    sqlite3_reset(st);
    int rc = load_lines(db, sh, err);
    if (rc != TT_OK) {
        session_sheet_free(sh);
        return rc;
    }
    *out = sh;
    return TT_OK;
}

static int check_line(struct tt_db *db, const char *date, const char *modality,
                      int64_t student_id, const char *name, const char *status, int minutes,
                      int session_minutes, struct tt_error *err)
{
    static const char *const statuses[] = { "present", "absent", "excused", NULL };
    if (!field_one_of(status, statuses))
        return tt_error_set(err, TT_ERR_INVALID, _("Attendance is present, absent or excused."));
    if (strcmp(status, "present") != 0)
        return minutes == 0 ? TT_OK
                            : tt_error_set(err, TT_ERR_INVALID,
                                           _("%s: minutes count only for a student present."),
                                           name);
    if (minutes < 1 || minutes > session_minutes)
        return tt_error_set(err, TT_ERR_INVALID,
                            _("%s: minutes present must be from 1 to the session's %d."), name,
                            session_minutes);
    tt_day day;
    date_parse(date, &day);
    int allowed = 0;
    char why[256];
    int rc = consent_may_attend(db, student_id, day, modality, &allowed, why, sizeof why, err);
    if (rc == TT_OK && !allowed)
        rc = tt_error_set(err, TT_ERR_RULE, _("%s cannot be marked present: %s"), name, why);
    return rc;
}

static int upsert_attendance(struct tt_db *db, int64_t session_id, int64_t student_id,
                             const char *status, int minutes, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO attendance (session_id, student_id, status, minutes, recorded_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (session_id, student_id) DO UPDATE SET"
        " status = excluded.status, minutes = excluded.minutes,"
        " recorded_by = excluded.recorded_by, recorded_at = datetime('now')", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, student_id);
    sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, minutes);
    sqlite3_bind_text(st, 5, db_login(db), -1, SQLITE_TRANSIENT);
    return db_step_done(db, st, _("Recording the attendance"), err);
}

/* The first session a student attends starts the referral's service. */
static int start_referral(struct tt_db *db, int64_t student_id, const char *date,
                          struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id FROM referral WHERE student_id = ?1 AND status = 'awaiting_pairing'", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, student_id);
    int64_t ids[8];
    int n = 0, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW && n < 8)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (s != SQLITE_DONE && s != SQLITE_ROW)
        return db_fail(db, s, err, _("Reading the referral"));
    tt_day day;
    date_parse(date, &day);
    for (int i = 0; i < n; i++) {
        int rc = referral_set_status(db, ids[i], "active", day, _("first session held"), NULL, err);
        if (rc != TT_OK)
            return rc;
    }
    return TT_OK;
}

static int mark_held(struct tt_db *db, int64_t session_id, int64_t row_version, int minutes,
                     struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "UPDATE session SET status = 'held', actual_minutes = ?3, cancel_reason = NULL,"
        " row_version = row_version + 1, updated_at = datetime('now')"
        " WHERE id = ?1 AND (?2 = 0 OR row_version = ?2)", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, row_version);
    sqlite3_bind_int(st, 3, minutes);
    int rc = db_step_done(db, st, _("Recording the session"), err);
    if (rc == TT_OK && sqlite3_changes(db_handle(db)) == 0)
        rc = tt_error_set(err, TT_ERR_CONFLICT,
                          _("Someone else saved this session in the meantime; open it again to "
                            "see their entry."));
    return rc;
}

int session_sheet_save(struct tt_db *db, struct session_sheet *sh, struct tt_error *err)
{
    if (sh->actual_minutes < 1 || sh->actual_minutes > 480)
        return tt_error_set_field(err, TT_ERR_INVALID, "actual_minutes",
                                  _("A session held lasts 1 to 480 minutes."));
    char today[11];
    date_iso(date_today(), today);
    if (strcmp(sh->date, today) > 0)
        return tt_error_set(err, TT_ERR_RULE,
                            _("This session is on %s: attendance is entered once it is held."),
                            sh->date);
    int rc = db_unit_begin(db, err);
    if (rc != TT_OK)
        return rc;
    for (size_t i = 0; rc == TT_OK && i < sh->n; i++) {
        struct attendance_line *l = &sh->lines[i];
        if (strcmp(l->status, "present") != 0)
            l->minutes = 0;
        rc = check_line(db, sh->date, sh->modality, l->student_id, l->name, l->status,
                        l->minutes, sh->actual_minutes, err);
    }
    if (rc == TT_OK)
        rc = mark_held(db, sh->id, sh->row_version, sh->actual_minutes, err);
    for (size_t i = 0; rc == TT_OK && i < sh->n; i++) {
        const struct attendance_line *l = &sh->lines[i];
        rc = upsert_attendance(db, sh->id, l->student_id, l->status, l->minutes, err);
        if (rc == TT_OK && strcmp(l->status, "present") == 0)
            rc = start_referral(db, l->student_id, sh->date, err);
    }
    int end = db_unit_end(db, rc == TT_OK, err);
    if (rc == TT_OK && end == TT_OK) {
        sh->row_version++;
        tt_strlcpy(sh->status, "held", sizeof sh->status);
    }
    return rc == TT_OK ? end : rc;
}

int session_set_attendance(struct tt_db *db, int64_t session_id, int64_t student_id,
                           const char *status, int minutes, struct tt_error *err)
{
    struct session_sheet *sh;
    int rc = session_sheet_load(db, session_id, &sh, err);
    if (rc != TT_OK)
        return rc;
    struct attendance_line *l = NULL;
    for (size_t i = 0; i < sh->n; i++)
        if (sh->lines[i].student_id == student_id)
            l = &sh->lines[i];
    if (l == NULL) {
        session_sheet_free(sh);
        return tt_error_set(err, TT_ERR_RULE,
                            _("This student is not a member of the group on the session's date."));
    }
    if (strcmp(sh->status, "held") != 0) {
        /* The other members' lines are not saved by a single entry. */
        for (size_t i = 0; i < sh->n; i++)
            if (&sh->lines[i] != l)
                sh->lines[i].status[0] = '\0';
    }
    tt_strlcpy(l->status, status ? status : "", sizeof l->status);
    l->minutes = minutes;
    if ((rc = db_unit_begin(db, err)) != TT_OK) {
        session_sheet_free(sh);
        return rc;
    }
    rc = check_line(db, sh->date, sh->modality, l->student_id, l->name, l->status,
                    strcmp(l->status, "present") == 0 ? l->minutes : 0, sh->actual_minutes, err);
    if (rc == TT_OK && strcmp(sh->status, "held") != 0)
        rc = mark_held(db, sh->id, sh->row_version, sh->actual_minutes, err);
    if (rc == TT_OK)
        rc = upsert_attendance(db, sh->id, l->student_id, l->status,
                               strcmp(l->status, "present") == 0 ? l->minutes : 0, err);
    if (rc == TT_OK && strcmp(l->status, "present") == 0)
        rc = start_referral(db, l->student_id, sh->date, err);
    int end = db_unit_end(db, rc == TT_OK, err);
    session_sheet_free(sh);
    return rc == TT_OK ? end : rc;
}

int hours_for(struct tt_db *db, enum hours_scope scope, int64_t id, tt_day from, tt_day to,
              struct hours *h, struct tt_error *err)
{
    /* One statement per scope, so each uses its own index. */
    static const char *const sql[] = {
        [HOURS_STUDENT] =
            "SELECT count(*), ifnull(sum(s.actual_minutes), 0), ifnull(sum(a.minutes), 0),"
            " count(DISTINCT a.student_id)"
            " FROM attendance a JOIN session s ON s.id = a.session_id"
            " WHERE a.student_id = ?1 AND a.status = 'present' AND s.status = 'held'"
            " AND s.session_date BETWEEN ?2 AND ?3",
        [HOURS_TUTOR] =
            "SELECT count(*), ifnull(sum(s.actual_minutes), 0),"
            " ifnull(sum((SELECT sum(minutes) FROM attendance WHERE session_id = s.id"
            "   AND status = 'present')), 0),"
            " (SELECT count(DISTINCT a.student_id) FROM attendance a JOIN session x"
            "   ON x.id = a.session_id WHERE x.tutor_id = ?1 AND x.status = 'held'"
            "   AND a.status = 'present' AND x.session_date BETWEEN ?2 AND ?3)"
            " FROM session s WHERE s.tutor_id = ?1 AND s.status = 'held'"
            " AND s.session_date BETWEEN ?2 AND ?3",
        [HOURS_GROUP] =
            "SELECT count(*), ifnull(sum(s.actual_minutes), 0),"
            " ifnull(sum((SELECT sum(minutes) FROM attendance WHERE session_id = s.id"
            "   AND status = 'present')), 0),"
            " (SELECT count(DISTINCT a.student_id) FROM attendance a JOIN session x"
            "   ON x.id = a.session_id WHERE x.group_id = ?1 AND x.status = 'held'"
            "   AND a.status = 'present' AND x.session_date BETWEEN ?2 AND ?3)"
            " FROM session s WHERE s.group_id = ?1 AND s.status = 'held'"
            " AND s.session_date BETWEEN ?2 AND ?3",
        [HOURS_SCHOOL] =
            "SELECT count(*), ifnull(sum(s.actual_minutes), 0),"
            " ifnull(sum((SELECT sum(minutes) FROM attendance WHERE session_id = s.id"
            "   AND status = 'present')), 0),"
            " (SELECT count(DISTINCT a.student_id) FROM attendance a JOIN session x"
            "   ON x.id = a.session_id JOIN tutoring_group gx ON gx.id = x.group_id"
            "   WHERE gx.school_id = ?1 AND x.status = 'held' AND a.status = 'present'"
            "   AND x.session_date BETWEEN ?2 AND ?3)"
            " FROM session s JOIN tutoring_group g ON g.id = s.group_id"
            " WHERE g.school_id = ?1 AND s.status = 'held' AND s.session_date BETWEEN ?2 AND ?3",
    };
    memset(h, 0, sizeof *h);
    if ((int)scope < 0 || scope > HOURS_SCHOOL)
        return tt_error_set(err, TT_ERR_INVALID, "%s", _("Unknown kind of total."));
    char a[11], b[11];
    date_iso(from, a);
    date_iso(to, b);
    sqlite3_stmt *st = db_stmt(db, sql[scope], err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        h->sessions = sqlite3_column_int64(st, 0);
        h->session_minutes = sqlite3_column_int64(st, 1);
        h->student_minutes = sqlite3_column_int64(st, 2);
        h->students = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return s == SQLITE_ROW ? TT_OK : db_fail(db, s, err, _("Counting the hours"));
}
