#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dosage.h"
#include "fields.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* One pass: per student in an active group, the attendance of the window
 * and the two structural facts (tutors per subject, program length). */
static const char dosage_sql[] =
    "WITH m AS (SELECT m.student_id, max(m.joined_on) AS joined"
    "   FROM membership m JOIN tutoring_group g ON g.id = m.group_id"
    "   WHERE m.left_on IS NULL AND g.status = 'active' AND m.joined_on <= ?2"
    "   GROUP BY m.student_id),"
    " a AS (SELECT a.student_id, count(*) AS lines, sum(a.status = 'present') AS present,"
    "   sum(a.minutes) AS minutes"
    "   FROM attendance a JOIN session s ON s.id = a.session_id"
    "   WHERE s.status = 'held' AND s.session_date BETWEEN ?1 AND ?2"
    "   AND a.student_id IN (SELECT student_id FROM m)"
    "   GROUP BY a.student_id)"
    " SELECT st.id, st.last_name || ', ' || st.first_name, m.joined, ifnull(a.lines, 0),"
    "  ifnull(a.present, 0), ifnull(a.minutes, 0),"
    "  (SELECT max(n) FROM (SELECT count(DISTINCT h.tutor_id) AS n FROM membership mm"
    "     JOIN tutoring_group gg ON gg.id = mm.group_id"
    "     JOIN group_tutor_history h ON h.group_id = gg.id"
    "      AND h.from_date <= ifnull(mm.left_on, '9999-12-31')"
    "      AND ifnull(h.to_date, '9999-12-31') >= mm.joined_on"
    "     WHERE mm.student_id = st.id GROUP BY gg.subject)),"
    "  (SELECT min(CAST(julianday(g2.end_date) - julianday(m2.joined_on) AS INTEGER) / 7)"
    "     FROM membership m2 JOIN tutoring_group g2 ON g2.id = m2.group_id"
    "     WHERE m2.student_id = st.id AND m2.left_on IS NULL AND g2.end_date IS NOT NULL)"
    " FROM m JOIN student st ON st.id = m.student_id LEFT JOIN a ON a.student_id = st.id"
    " ORDER BY st.last_name, st.first_name, st.id";

int dosage_warnings(struct tt_db *db, const struct settings *s, tt_day today,
                    struct dosage_row **out, size_t *n, struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    long window = settings_int(s, SET_DOSAGE_WEEKS);
    tt_day monday = date_week_monday(today);
    tt_day from = monday - 7 * (tt_day)window, to = monday - 1;
    char a[11], b[11];
    date_iso(from, a);
    date_iso(to, b);
    sqlite3_stmt *st = db_stmt(db, dosage_sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int rc;
    struct dosage_row *v = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct dosage_row r;
        memset(&r, 0, sizeof r);
        r.student_id = sqlite3_column_int64(st, 0);
        char raw[420], joined_iso[11];
        field_col(st, 1, raw, sizeof raw);
        text_safe(r.name, sizeof r.name, raw);
        field_col(st, 2, joined_iso, sizeof joined_iso);
        long lines = sqlite3_column_int64(st, 3), present = sqlite3_column_int64(st, 4);
        long minutes = sqlite3_column_int64(st, 5);
        r.tutors = sqlite3_column_int(st, 6);
        r.program_weeks = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7);
        /* Weeks the student could have attended: a student who joined
         * inside the window is measured over the weeks since. */
        tt_day joined;
        if (date_parse(joined_iso, &joined) != 0)
            joined = from;
        tt_day start = date_week_monday(joined) + (date_weekday(joined) == 1 ? 0 : 7);
        if (start < from)
            start = from;
        r.weeks = start <= to ? (int)((to - start + 1) / 7) : 0;
        r.attendance = lines ? (int)(100 * present / lines) : -1;
        if (r.weeks > 0) {
            r.sessions_per_week = (double)present / r.weeks;
            r.minutes_per_week = (double)minutes / r.weeks;
            if (r.sessions_per_week < settings_int(s, SET_DOSAGE_SESSIONS))
                r.flags |= DOSE_FEW_SESSIONS;
            if (r.minutes_per_week < settings_int(s, SET_DOSAGE_MINUTES))
                r.flags |= DOSE_FEW_MINUTES;
            if (r.attendance >= 0 && r.attendance < settings_int(s, SET_DOSAGE_ATTENDANCE))
                r.flags |= DOSE_LOW_ATTENDANCE;
        }
        if (r.tutors > 1)
            r.flags |= DOSE_TUTORS;
        if (r.program_weeks >= 0 && r.program_weeks < settings_int(s, SET_DOSAGE_PROGRAM_WEEKS))
            r.flags |= DOSE_SHORT_PROGRAM;
        if (r.flags == 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[(*n)++] = r;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(v);
        *n = 0;
        return db_fail(db, rc, err, _("Reading the attendance"));
    }
    *out = v;
    return TT_OK;
}

void dosage_describe(const struct settings *s, const struct dosage_row *r, char *buf,
                     size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
#define PART(...)                                                                          \
    do {                                                                                   \
        if (used < size) {                                                                 \
            if (used)                                                                      \
                used += (size_t)snprintf(buf + used, size - used, "; ");                   \
            if (used < size)                                                               \
                used += (size_t)snprintf(buf + used, size - used, __VA_ARGS__);            \
        }                                                                                  \
    } while (0)
    if (r->flags & DOSE_FEW_SESSIONS)
        PART(_("%.1f sessions a week (at least %ld)"), r->sessions_per_week,
             settings_int(s, SET_DOSAGE_SESSIONS));
    if (r->flags & DOSE_FEW_MINUTES)
        PART(_("%.0f minutes a week (at least %ld)"), r->minutes_per_week,
             settings_int(s, SET_DOSAGE_MINUTES));
    if (r->flags & DOSE_LOW_ATTENDANCE)
        PART(_("attendance %d %% (at least %ld %%)"), r->attendance,
             settings_int(s, SET_DOSAGE_ATTENDANCE));
    if (r->flags & DOSE_TUTORS)
        PART(_("%d tutors in one subject"), r->tutors);
    if (r->flags & DOSE_SHORT_PROGRAM)
        PART(_("program of %d weeks (at least %ld)"), r->program_weeks,
             settings_int(s, SET_DOSAGE_PROGRAM_WEEKS));
#undef PART
}
