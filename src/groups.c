#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "consent.h"
#include "fields.h"
#include "groups.h"
#include "i18n.h"
#include "labels.h"
#include "text.h"
#include "tutors.h"
#include "util.h"


const char *group_band_of_level(const char *level)
{
    static const struct { const char *level, *band; } map[] = {
        { "PRE4", "PRE" }, { "PRE5", "PRE" }, { "P1", "P1-P2" }, { "P2", "P1-P2" },
        { "P3", "P3-P4" }, { "P4", "P3-P4" }, { "P5", "P5-P6" }, { "P6", "P5-P6" },
        { "S1", "S1-S2" }, { "S2", "S1-S2" }, { "S3", "S3-S5" }, { "S4", "S3-S5" },
        { "S5", "S3-S5" },
    };
    for (size_t i = 0; level && i < TT_ARRAY_LEN(map); i++)
        if (strcmp(map[i].level, level) == 0)
            return map[i].band;
    return NULL;
}

/* Dates may be typed as 24/02/2021; they are stored as ISO. */
static int check_date(char *v, const char *field, const char *label, int required,
                      struct tt_error *err)
{
    tt_trim(v);
    if (v[0] == '\0')
        return required ? tt_error_set_field(err, TT_ERR_INVALID, field, _("%s is required."), label)
                        : TT_OK;
    tt_day d;
    if (date_parse(v, &d) != 0)
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s: \"%s\" is not a date; type it as 2021-02-24 or 24/02/2021."),
                                  label, v);
    date_iso(d, v);
    return TT_OK;
}

int group_validate(struct group *g, struct tt_error *err)
{
    static const char *const modalities[] = { "remote", "school", NULL };
    int rc;
    if ((rc = field_text(g->name, "name", _("Group name"), 100, 1, err)) ||
        (rc = field_text(g->place, "place", _("Place"), 200, 0, err)) ||
        (rc = field_text(g->meeting_link, "meeting_link", _("Meeting link"), 500, 0, err)) ||
        (rc = check_date(g->start_date, "start_date", _("Start date"), 1, err)) ||
        (rc = check_date(g->end_date, "end_date", _("End date"), 0, err)))
        return rc;
    if (!label_known(LBL_SUBJECT, g->subject))
        return tt_error_set_field(err, TT_ERR_INVALID, "subject", _("Choose a subject."));
    if (!label_known(LBL_LEVEL_BAND, g->level_band))
        return tt_error_set_field(err, TT_ERR_INVALID, "level_band", _("Choose a level band."));
    if (!field_one_of(g->modality, modalities))
        return tt_error_set_field(err, TT_ERR_INVALID, "modality",
                                  _("Choose remote or at school."));
    if (strcmp(g->modality, "school") == 0 && g->school_id <= 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "school_id",
                                  _("A group that meets at school needs its school."));
    if (g->end_date[0] && strcmp(g->end_date, g->start_date) < 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "end_date",
                                  _("The end date comes before the start date."));
    if (g->size_limit < 0 || g->size_limit > 10)
        return tt_error_set_field(err, TT_ERR_INVALID, "size_limit",
                                  _("The size limit is a number from 1 to 10."));
    if (g->n_slots < 0 || g->n_slots > GROUP_MAX_SLOTS)
        return tt_error_set_field(err, TT_ERR_INVALID, "slots",
                                  _("A group has at most %d weekly time slots."), GROUP_MAX_SLOTS);
    for (int i = 0; i < g->n_slots; i++) {
        const struct group_slot *sl = &g->slots[i];
        if (sl->weekday < 1 || sl->weekday > 7 || sl->start_min < 0 || sl->minutes < 5 ||
            sl->minutes > 480 || sl->start_min + sl->minutes > 24 * 60)
            return tt_error_set_field(err, TT_ERR_INVALID, "slots",
                                      _("A time slot is a weekday, a start time and 5 to 480 "
                                        "minutes within the day."));
        for (int j = 0; j < i; j++)
            if (g->slots[j].weekday == sl->weekday && g->slots[j].start_min == sl->start_min)
                return tt_error_set_field(err, TT_ERR_INVALID, "slots",
                                          _("The same time slot is given twice."));
    }
    return TT_OK;
}

static int history_open(struct tt_db *db, int64_t group_id, int64_t tutor_id, const char *from,
                        const char *reason, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO group_tutor_history (group_id, tutor_id, from_date, reason, changed_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5)", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, group_id);
    sqlite3_bind_int64(st, 2, tutor_id);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 4, reason);
    sqlite3_bind_text(st, 5, db_login(db), -1, SQLITE_TRANSIENT);
    return db_step_done(db, st, _("Recording the group's tutor"), err);
}

static int tutor_gate(struct tt_db *db, int64_t tutor_id, struct tt_error *err)
{
    int ok = 0;
    char why[256];
    int rc = tutor_can_lead(db, tutor_id, &ok, why, sizeof why, err);
    if (rc == TT_OK && !ok)
        rc = tt_error_set_field(err, TT_ERR_RULE, "tutor_id",
                                _("This tutor cannot lead a group yet: %s."), why);
    return rc;
}

int group_create(struct tt_db *db, const struct settings *s, struct group *g,
                 struct tt_error *err)
{
    int rc = group_validate(g, err);
    if (rc != TT_OK)
        return rc;
    long most = settings_int(s, SET_GROUP_SIZE_LIMIT);
    if (g->size_limit == 0)
        g->size_limit = (int)most;
    if (g->size_limit > most)
        return tt_error_set_field(err, TT_ERR_RULE, "size_limit",
                                  _("A group holds at most %ld students (setting "
                                    "groups.size_limit)."), most);
    if (g->status[0] == '\0')
        tt_strlcpy(g->status, "active", sizeof g->status);
    if ((rc = tutor_gate(db, g->tutor_id, err)) != TT_OK)
        return rc;
    if ((rc = db_unit_begin(db, err)) != TT_OK)
        return rc;
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO tutoring_group (name, school_id, tutor_id, subject, level_band, modality,"
        " place, meeting_link, start_date, end_date, size_limit, status)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", err);
    if (st == NULL) {
        rc = err ? err->code : TT_ERR_DB;
    } else {
        sqlite3_bind_text(st, 1, g->name, -1, SQLITE_TRANSIENT);
        if (g->school_id > 0)
            sqlite3_bind_int64(st, 2, g->school_id);
        else
            sqlite3_bind_null(st, 2);
        sqlite3_bind_int64(st, 3, g->tutor_id);
        sqlite3_bind_text(st, 4, g->subject, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, g->level_band, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, g->modality, -1, SQLITE_TRANSIENT);
        field_bind_opt(st, 7, g->place);
        field_bind_opt(st, 8, g->meeting_link);
        sqlite3_bind_text(st, 9, g->start_date, -1, SQLITE_TRANSIENT);
        field_bind_opt(st, 10, g->end_date);
        sqlite3_bind_int(st, 11, g->size_limit);
        sqlite3_bind_text(st, 12, g->status, -1, SQLITE_TRANSIENT);
        rc = db_step_done(db, st, _("Creating the group"), err);
    }
    if (rc == TT_OK) {
        g->id = db_last_id(db);
        g->row_version = 1;
    }
    for (int i = 0; rc == TT_OK && i < g->n_slots; i++) {
        st = db_stmt(db, "INSERT INTO group_slot (group_id, weekday, start_min, minutes)"
                         " VALUES (?1, ?2, ?3, ?4)", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, g->id);
        sqlite3_bind_int(st, 2, g->slots[i].weekday);
        sqlite3_bind_int(st, 3, g->slots[i].start_min);
        sqlite3_bind_int(st, 4, g->slots[i].minutes);
        rc = db_step_done(db, st, _("Creating the group"), err);
    }
    if (rc == TT_OK)
        rc = history_open(db, g->id, g->tutor_id, g->start_date, NULL, err);
    int end = db_unit_end(db, rc == TT_OK, err);
    if (rc != TT_OK)
        g->id = 0;
    return rc == TT_OK ? end : rc;
}

int group_get(struct tt_db *db, int64_t id, struct group *g, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id, row_version, name, ifnull(school_id, 0), tutor_id, subject, level_band,"
        " modality, place, meeting_link, start_date, end_date, size_limit, status"
        " FROM tutoring_group WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? tt_error_set(err, TT_ERR_NOTFOUND, _("This group no longer exists."))
                                 : db_fail(db, rc, err, _("Reading the group"));
    }
    memset(g, 0, sizeof *g);
    g->id = sqlite3_column_int64(st, 0);
    g->row_version = sqlite3_column_int64(st, 1);
    field_col(st, 2, g->name, sizeof g->name);
    g->school_id = sqlite3_column_int64(st, 3);
    g->tutor_id = sqlite3_column_int64(st, 4);
    field_col(st, 5, g->subject, sizeof g->subject);
    field_col(st, 6, g->level_band, sizeof g->level_band);
    field_col(st, 7, g->modality, sizeof g->modality);
    field_col(st, 8, g->place, sizeof g->place);
    field_col(st, 9, g->meeting_link, sizeof g->meeting_link);
    field_col(st, 10, g->start_date, sizeof g->start_date);
    field_col(st, 11, g->end_date, sizeof g->end_date);
    g->size_limit = sqlite3_column_int(st, 12);
    field_col(st, 13, g->status, sizeof g->status);
    sqlite3_reset(st);
    st = db_stmt(db, "SELECT weekday, start_min, minutes FROM group_slot WHERE group_id = ?1"
                     " ORDER BY weekday, start_min", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && g->n_slots < GROUP_MAX_SLOTS) {
        struct group_slot *sl = &g->slots[g->n_slots++];
        sl->weekday = sqlite3_column_int(st, 0);
        sl->start_min = sqlite3_column_int(st, 1);
        sl->minutes = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the group"));
}

int group_change_tutor(struct tt_db *db, int64_t group_id, int64_t tutor_id, tt_day on,
                       const char *reason, struct tt_error *err)
{
    if (reason == NULL || reason[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, "reason",
                                  _("Say why the group changes tutor."));
    int rc = tutor_gate(db, tutor_id, err);
    if (rc != TT_OK || (rc = db_unit_begin(db, err)) != TT_OK)
        return rc;
    char day[11], before[11];
    date_iso(on, day);
    date_iso(on - 1, before);
    sqlite3_stmt *st = db_stmt(db,
        "UPDATE group_tutor_history SET to_date = max(from_date, ?2)"
        " WHERE group_id = ?1 AND to_date IS NULL", err);
    if (st == NULL) {
        rc = err ? err->code : TT_ERR_DB;
    } else {
        sqlite3_bind_int64(st, 1, group_id);
        sqlite3_bind_text(st, 2, before, -1, SQLITE_TRANSIENT);
        rc = db_step_done(db, st, _("Changing the group's tutor"), err);
    }
    if (rc == TT_OK) {
        st = db_stmt(db, "UPDATE tutoring_group SET tutor_id = ?2, row_version = row_version + 1"
                         " WHERE id = ?1", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_int64(st, 1, group_id);
            sqlite3_bind_int64(st, 2, tutor_id);
            rc = db_step_done(db, st, _("Changing the group's tutor"), err);
            if (rc == TT_OK && sqlite3_changes(db_handle(db)) == 0)
                rc = tt_error_set(err, TT_ERR_NOTFOUND, _("This group no longer exists."));
        }
    }
    /* Planned sessions from that day on follow the new tutor; held ones
     * keep who gave them. */
    if (rc == TT_OK) {
        st = db_stmt(db, "UPDATE session SET tutor_id = ?2, row_version = row_version + 1,"
                         " updated_at = datetime('now')"
                         " WHERE group_id = ?1 AND status = 'planned' AND session_date >= ?3", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_int64(st, 1, group_id);
            sqlite3_bind_int64(st, 2, tutor_id);
            sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
            rc = db_step_done(db, st, _("Changing the group's tutor"), err);
        }
    }
    if (rc == TT_OK)
        rc = history_open(db, group_id, tutor_id, day, reason, err);
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}

/* Explains, before the trigger refuses, why a student cannot join. */
static int join_check(struct tt_db *db, int64_t group_id, int64_t student_id, tt_day on,
                      int64_t *referral_id, struct tt_error *err)
{
    struct group g;
    int rc = group_get(db, group_id, &g, err);
    if (rc != TT_OK)
        return rc;
    char day[11];
    date_iso(on, day);
    if (strcmp(g.status, "ended") == 0 || (g.end_date[0] && strcmp(day, g.end_date) > 0))
        return tt_error_set(err, TT_ERR_RULE, _("The group \"%s\" has ended."), g.name);
    sqlite3_stmt *st = db_stmt(db,
        "SELECT (SELECT count(*) FROM membership WHERE group_id = ?1 AND left_on IS NULL),"
        " (SELECT g.name FROM membership m JOIN tutoring_group g ON g.id = m.group_id"
        "   WHERE m.student_id = ?2 AND m.left_on IS NULL AND g.status <> 'ended'"
        "   AND g.subject = ?3 LIMIT 1),"
        " (SELECT last_name || ', ' || first_name FROM student WHERE id = ?2),"
        " (SELECT r.id FROM referral r WHERE r.student_id = ?2 AND r.status <> 'closed'"
        "   ORDER BY r.referral_date DESC, r.id DESC LIMIT 1)", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, group_id);
    sqlite3_bind_int64(st, 2, student_id);
    sqlite3_bind_text(st, 3, g.subject, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_fail(db, s, err, _("Reading the group"));
    }
    long members = sqlite3_column_int(st, 0);
    char other[404], name[420];
    field_col(st, 1, other, sizeof other);
    field_col(st, 2, name, sizeof name);
    *referral_id = sqlite3_column_int64(st, 3);
    int no_student = sqlite3_column_type(st, 2) == SQLITE_NULL;
    sqlite3_reset(st);
    char safe[420];
    text_safe(safe, sizeof safe, name);
    if (no_student)
        return tt_error_set(err, TT_ERR_NOTFOUND, _("This student no longer exists."));
    if (members >= g.size_limit)
        return tt_error_set(err, TT_ERR_RULE,
                            _("%s cannot join \"%s\": the group is full (%ld of %d places taken)."),
                            safe, g.name, members, g.size_limit);
    if (other[0]) {
        char safe_other[404];
        text_safe(safe_other, sizeof safe_other, other);
        return tt_error_set(err, TT_ERR_RULE,
                            _("%s cannot join \"%s\": already in the group \"%s\" for %s."), safe,
                            g.name, safe_other, label_for(LBL_SUBJECT, g.subject));
    }
    return TT_OK;
}

int group_add_member(struct tt_db *db, int64_t group_id, int64_t student_id, tt_day on,
                     const char *reason, int64_t *membership_id, struct tt_error *err)
{
    int64_t referral_id = 0;
    int rc = db_unit_begin(db, err);
    if (rc != TT_OK)
        return rc;
    rc = join_check(db, group_id, student_id, on, &referral_id, err);
    sqlite3_stmt *st = NULL;
    if (rc == TT_OK) {
        st = db_stmt(db, "INSERT INTO membership (group_id, student_id, referral_id, joined_on,"
                         " join_reason, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
        if (st == NULL)
            rc = err ? err->code : TT_ERR_DB;
    }
    if (rc == TT_OK) {
        char day[11];
        date_iso(on, day);
        sqlite3_bind_int64(st, 1, group_id);
        sqlite3_bind_int64(st, 2, student_id);
        if (referral_id > 0)
            sqlite3_bind_int64(st, 3, referral_id);
        else
            sqlite3_bind_null(st, 3);
        sqlite3_bind_text(st, 4, day, -1, SQLITE_TRANSIENT);
        field_bind_opt(st, 5, reason);
        sqlite3_bind_text(st, 6, db_login(db), -1, SQLITE_TRANSIENT);
        rc = db_step_done(db, st, _("Adding the student to the group"), err);
        if (rc == TT_OK && membership_id)
            *membership_id = db_last_id(db);
    }
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}

int group_end_member(struct tt_db *db, int64_t membership_id, tt_day on, const char *reason,
                     struct tt_error *err)
{
    if (reason == NULL || reason[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, "reason",
                                  _("Say why the student leaves the group."));
    char day[11];
    date_iso(on, day);
    sqlite3_stmt *st = db_stmt(db, "SELECT joined_on, left_on FROM membership WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, membership_id);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) {
        sqlite3_reset(st);
        return s == SQLITE_DONE ? tt_error_set(err, TT_ERR_NOTFOUND, _("This membership no longer exists."))
                                : db_fail(db, s, err, _("Reading the group"));
    }
    char joined[11], left[11];
    field_col(st, 0, joined, sizeof joined);
    field_col(st, 1, left, sizeof left);
    sqlite3_reset(st);
    if (left[0])
        return tt_error_set(err, TT_ERR_RULE, _("The student already left the group on %s."), left);
    if (strcmp(day, joined) < 0)
        return tt_error_set(err, TT_ERR_INVALID,
                            _("The student cannot leave (%s) before joining (%s)."), day, joined);
    st = db_stmt(db, "UPDATE membership SET left_on = ?2, leave_reason = ?3 WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, membership_id);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, reason, -1, SQLITE_TRANSIENT);
    return db_step_done(db, st, _("Ending the membership"), err);
}

int group_members(struct tt_db *db, int64_t group_id, tt_day day, int history,
                  struct group_member **out, size_t *n, struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    char iso[11], modality[8] = "school";
    date_iso(day, iso);
    sqlite3_stmt *st = db_stmt(db, "SELECT modality FROM tutoring_group WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, group_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        field_col(st, 0, modality, sizeof modality);
    sqlite3_reset(st);
    st = db_stmt(db,
        "SELECT m.id, m.student_id, s.last_name || ', ' || s.first_name, s.level, m.joined_on,"
        " m.left_on, m.join_reason, m.leave_reason"
        " FROM membership m JOIN student s ON s.id = m.student_id"
        " WHERE m.group_id = ?1 AND (?3 OR (m.joined_on <= ?2 AND"
        "   (m.left_on IS NULL OR m.left_on >= ?2)))"
        " ORDER BY CASE WHEN ?3 THEN m.joined_on END, CASE WHEN ?3 THEN m.id END,"
        "  s.last_name, s.first_name, m.id", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, group_id);
    sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, history != 0);
    size_t cap = 0;
    int s;
    struct group_member *v = NULL;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct group_member *m = &v[(*n)++];
        memset(m, 0, sizeof *m);
        m->membership_id = sqlite3_column_int64(st, 0);
        m->student_id = sqlite3_column_int64(st, 1);
        char raw[420];
        field_col(st, 2, raw, sizeof raw);
        text_safe(m->name, sizeof m->name, raw);
        field_col(st, 3, m->level, sizeof m->level);
        field_col(st, 4, m->joined_on, sizeof m->joined_on);
        field_col(st, 5, m->left_on, sizeof m->left_on);
        field_col(st, 6, raw, sizeof raw);
        text_safe(m->join_reason, sizeof m->join_reason, raw);
        field_col(st, 7, raw, sizeof raw);
        text_safe(m->leave_reason, sizeof m->leave_reason, raw);
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) {
        free(v);
        *n = 0;
        return db_fail(db, s, err, _("Reading the group"));
    }
    /* The consent state is asked after the list is read: consent_may_attend
     * uses its own cached statements. */
    for (size_t i = 0; i < *n; i++) {
        int rc = consent_may_attend(db, v[i].student_id, day, modality, &v[i].consent_ok,
                                    v[i].consent_reason, sizeof v[i].consent_reason, err);
        if (rc != TT_OK) {
            free(v);
            *n = 0;
            return rc;
        }
    }
    *out = v;
    return TT_OK;
}

static void warn(struct group_warning **v, size_t *n, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(struct group_warning **v, size_t *n, size_t *cap, const char *fmt, ...)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf((*v)[*n].text, sizeof (*v)[*n].text, fmt, ap);
    va_end(ap);
    (*n)++;
}

/* Is [start, start+minutes) inside one of the referral's availability
 * intervals on that weekday?  No availability recorded means unknown, not a
 * conflict. */
static int slot_fits(struct tt_db *db, int64_t referral_id, const struct group_slot *sl,
                     int *fits, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT count(*), sum(weekday = ?2 AND start_min <= ?3 AND end_min >= ?4)"
        " FROM referral_availability WHERE referral_id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, referral_id);
    sqlite3_bind_int(st, 2, sl->weekday);
    sqlite3_bind_int(st, 3, sl->start_min);
    sqlite3_bind_int(st, 4, sl->start_min + sl->minutes);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        *fits = sqlite3_column_int(st, 0) == 0 || sqlite3_column_int(st, 1) > 0;
    sqlite3_reset(st);
    return s == SQLITE_ROW ? TT_OK : db_fail(db, s, err, _("Reading the group"));
}

int group_warnings(struct tt_db *db, const struct settings *s, int64_t group_id, tt_day day,
                   struct group_warning **out, size_t *n, struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct group g;
    int rc = group_get(db, group_id, &g, err);
    if (rc != TT_OK)
        return rc;
    struct group_member *m = NULL;
    size_t nm = 0;
    if ((rc = group_members(db, group_id, day, 0, &m, &nm, err)) != TT_OK)
        return rc;
    long most = settings_int(s, SET_GROUP_SIZE_WARNING);
    if ((long)nm > most)
        warn(out, n, &cap, _("%zu students: research advises at most %ld per group."), nm, most);
    struct tutor t;
    int have_tutor = tutor_get(db, g.tutor_id, &t, err) == TT_OK;
    for (size_t i = 0; rc == TT_OK && i < nm; i++) {
        const char *band = group_band_of_level(m[i].level);
        if (band && strcmp(band, g.level_band) != 0)
            warn(out, n, &cap, _("%s is in %s, outside the group's level band (%s)."), m[i].name,
                 label_for(LBL_LEVEL, m[i].level), label_for(LBL_LEVEL_BAND, g.level_band));
        sqlite3_stmt *st = db_stmt(db,
            "SELECT r.id, r.referrer_name,"
            " EXISTS (SELECT 1 FROM referral_subject rs WHERE rs.referral_id = r.id),"
            " EXISTS (SELECT 1 FROM referral_subject rs WHERE rs.referral_id = r.id"
            "   AND rs.subject = ?2)"
            " FROM referral r WHERE r.student_id = ?1 AND r.status <> 'closed'"
            " ORDER BY r.referral_date DESC, r.id DESC LIMIT 1", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, m[i].student_id);
        sqlite3_bind_text(st, 2, g.subject, -1, SQLITE_TRANSIENT);
        int sr = sqlite3_step(st);
        int64_t referral_id = 0;
        char referrer[404] = "";
        int has_subjects = 0, has_subject = 0;
        if (sr == SQLITE_ROW) {
            referral_id = sqlite3_column_int64(st, 0);
            field_col(st, 1, referrer, sizeof referrer);
            has_subjects = sqlite3_column_int(st, 2);
            has_subject = sqlite3_column_int(st, 3);
        }
        sqlite3_reset(st);
        if (sr != SQLITE_ROW && sr != SQLITE_DONE) {
            rc = db_fail(db, sr, err, _("Reading the group"));
            break;
        }
        if (has_subjects && !has_subject)
            warn(out, n, &cap, _("%s was not referred for %s."), m[i].name,
                 label_for(LBL_SUBJECT, g.subject));
        if (have_tutor && referrer[0] && tutor_named_in(referrer, t.first_name, t.last_name))
            warn(out, n, &cap, _("The tutor is %s's own teacher (referred by %s)."), m[i].name,
                 referrer);
        for (int k = 0; referral_id && k < g.n_slots; k++) {
            int fits = 1;
            if ((rc = slot_fits(db, referral_id, &g.slots[k], &fits, err)) != TT_OK)
                break;
            if (!fits) {
                char at[6];
                time_format(g.slots[k].start_min, at);
                warn(out, n, &cap, _("%s is not available on %s at %s."), m[i].name,
                     label_weekday(g.slots[k].weekday), at);
            }
        }
        if (rc != TT_OK)
            break;
        /* Changing tutor in a subject breaks the relationship the program
         * counts on. */
        st = db_stmt(db,
            "SELECT count(DISTINCT h.tutor_id) FROM membership mm"
            " JOIN tutoring_group gg ON gg.id = mm.group_id AND gg.subject = ?2"
            " JOIN group_tutor_history h ON h.group_id = gg.id"
            "  AND h.from_date <= ifnull(mm.left_on, '9999-12-31')"
            "  AND ifnull(h.to_date, '9999-12-31') >= mm.joined_on"
            " WHERE mm.student_id = ?1", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, m[i].student_id);
        sqlite3_bind_text(st, 2, g.subject, -1, SQLITE_TRANSIENT);
        sr = sqlite3_step(st);
        int tutors = sr == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_reset(st);
        if (sr != SQLITE_ROW) {
            rc = db_fail(db, sr, err, _("Reading the group"));
            break;
        }
        if (tutors > 1)
            warn(out, n, &cap, _("%s has had %d tutors in %s."), m[i].name, tutors,
                 label_for(LBL_SUBJECT, g.subject));
    }
    free(m);
    if (rc != TT_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int group_eligible_tutors(struct tt_db *db, struct group_tutor_choice **out, size_t *n,
                          struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id, last_name || ', ' || first_name FROM tutor WHERE status = 'hired'"
        " AND check_status = 'completed' AND check_result = 'clear'"
        " ORDER BY last_name, first_name, id", err);
    STMT_OR_FAIL(st);
    size_t cap = 0;
    int s;
    struct group_tutor_choice *v = NULL;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        char raw[420];
        v[*n].id = sqlite3_column_int64(st, 0);
        field_col(st, 1, raw, sizeof raw);
        text_safe(v[*n].name, sizeof v[*n].name, raw);
        (*n)++;
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) {
        free(v);
        *n = 0;
        return db_fail(db, s, err, _("Reading the tutors"));
    }
    *out = v;
    return TT_OK;
}

int group_sessions_summary(struct tt_db *db, int64_t group_id, tt_day today,
                           struct group_sessions_summary *sum, struct tt_error *err)
{
    memset(sum, 0, sizeof *sum);
    char iso[11];
    date_iso(today, iso);
    sqlite3_stmt *st = db_stmt(db,
        "SELECT sum(status = 'planned' AND session_date >= ?2), sum(status = 'held'),"
        " sum(status LIKE 'cancelled%'),"
        " sum(status = 'planned' AND session_date < ?2 AND NOT EXISTS (SELECT 1 FROM attendance a"
        "   WHERE a.session_id = session.id)),"
        " (SELECT CAST(round(100.0 * sum(a.status = 'present') / count(*)) AS INTEGER)"
        "   FROM attendance a JOIN session x ON x.id = a.session_id WHERE x.group_id = ?1),"
        " min(CASE WHEN status = 'planned' AND session_date >= ?2 THEN session_date END)"
        " FROM session WHERE group_id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, group_id);
    sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        sum->planned = sqlite3_column_int64(st, 0);
        sum->held = sqlite3_column_int64(st, 1);
        sum->cancelled = sqlite3_column_int64(st, 2);
        sum->to_complete = sqlite3_column_int64(st, 3);
        sum->attendance_rate = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1
                                                                        : sqlite3_column_int(st, 4);
        field_col(st, 5, sum->next, sizeof sum->next);
    }
    sqlite3_reset(st);
    return s == SQLITE_ROW ? TT_OK : db_fail(db, s, err, _("Reading the group"));
}
