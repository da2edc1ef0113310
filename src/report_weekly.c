#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "csvread.h"
#include "i18n.h"
#include "report_weekly.h"
#include "util.h"

tt_day report_default_week(const struct settings *s, tt_day today)
{
    tt_day monday;
    const char *w = settings_str(s, SET_REPORT_WEEK);
    if (strcmp(w, "last") != 0 && week_parse(w, &monday) == 0)
        return monday;
    return date_week_monday(today) - 7;
}

/* The report's statements.  Written so that SQLite's plan does not hang on
 * statistics the database does not have (nobody runs ANALYZE): CROSS JOIN
 * fixes the join order where the other order is the slow one.  The indexes
 * they rely on come with schema version 3; tests/unit/test_query_plans.c
 * checks the plans.
 *
 * Recruitment as of ?1 (Sunday): each candidate's last status on or before
 * that day, one seek per candidate in tutor_status_history_asof. */
static const char hr_sql[] =
    "SELECT t.source, t.category, (SELECT h.to_status FROM tutor_status_history h"
    "   WHERE h.tutor_id = t.id AND h.changed_on <= ?1"
    "   ORDER BY h.changed_on DESC, h.id DESC LIMIT 1)"
    " FROM tutor t";
/* Students served and student-minutes for the week (?1 to ?2), by the
 * student's school: a week is a few sessions, so they lead (session_date
 * index), each followed to its attendance rows (the primary key) and the
 * student; sorting a week of rows for count(DISTINCT) is cheap. */
static const char students_week_sql[] =
    "SELECT s.school_id, count(DISTINCT a.student_id), sum(a.minutes)"
    " FROM session se CROSS JOIN attendance a ON a.session_id = se.id"
    " CROSS JOIN student s ON s.id = a.student_id"
    " WHERE se.session_date BETWEEN ?1 AND ?2 AND se.status = 'held' AND a.status = 'present'"
    " GROUP BY s.school_id";
/* The same since the program's start (?1 to ?2), most of the year.  Led by
 * the session dates, as the week's statement is, a year of attendance rows
 * comes in date order, scattered over the table, and is sorted twice (by
 * school, and for count(DISTINCT)): over a second for 15,000 students.
 * Instead attendance is read in student order (attendance_student covers
 * it), so each student's minutes add up without a sort, each row's session
 * checked by its primary key; then one row per student is joined to its
 * school and grouped.  That reads the whole year whatever the period, which
 * is why the week keeps its own statement. */
static const char students_total_sql[] =
    "SELECT s.school_id, count(*), sum(p.minutes)"
    " FROM (SELECT a.student_id, sum(a.minutes) AS minutes"
    "       FROM attendance a CROSS JOIN session se ON se.id = a.session_id"
    "       WHERE a.status = 'present' AND se.status = 'held'"
    "         AND se.session_date BETWEEN ?1 AND ?2"
    "       GROUP BY a.student_id) p"
    " CROSS JOIN student s ON s.id = p.student_id"
    " GROUP BY s.school_id";
/* Session-minutes by the group's school, for either period: each group's
 * held sessions in the period are one range of session_group_status, which
 * covers the minutes; only one row per group is then grouped by school.  A
 * school whose groups held nothing gets a NULL sum, read as 0. */
static const char sessions_sql[] =
    "SELECT g.school_id, sum((SELECT sum(se.actual_minutes) FROM session se"
    "   WHERE se.group_id = g.id AND se.status = 'held'"
    "     AND se.session_date BETWEEN ?1 AND ?2))"
    " FROM tutoring_group g GROUP BY g.school_id";

/* What report_weekly runs, in order; report_weekly_steps gives the same
 * list with the dates, so the benchmark and the tests run exactly this. */
enum step_kind { STEP_ORGANISATION, STEP_HR, STEP_SCHOOLS, STEP_STUDENTS, STEP_SESSIONS };
enum step_dates { DATES_NONE, DATES_SUNDAY, DATES_WEEK, DATES_SINCE_START };
static const struct {
    enum step_kind kind;
    enum step_dates dates;
    const char *sql;
} steps[] = {
    { STEP_ORGANISATION, DATES_NONE, "SELECT name FROM organisation WHERE id = 1" },
    { STEP_HR, DATES_SUNDAY, hr_sql },
    { STEP_SCHOOLS, DATES_NONE, "SELECT id, name FROM school ORDER BY name" },
    { STEP_STUDENTS, DATES_WEEK, students_week_sql },
    { STEP_SESSIONS, DATES_WEEK, sessions_sql },
    { STEP_STUDENTS, DATES_SINCE_START, students_total_sql },
    { STEP_SESSIONS, DATES_SINCE_START, sessions_sql },
};

int report_weekly_steps(const struct weekly_report *r, struct report_step out[RPT_MAX_STEPS])
{
    _Static_assert(TT_ARRAY_LEN(steps) <= RPT_MAX_STEPS, "RPT_MAX_STEPS is too small");
    char mon[11], sun[11], start[11];
    date_iso(r->monday, mon);
    date_iso(r->monday + 6, sun);
    date_iso(r->program_start, start);
    for (size_t i = 0; i < TT_ARRAY_LEN(steps); i++) {
        out[i].sql = steps[i].sql;
        out[i].n_params = steps[i].dates == DATES_NONE ? 0 : steps[i].dates == DATES_SUNDAY ? 1 : 2;
        const char *p1 = steps[i].dates == DATES_SUNDAY ? sun
                         : steps[i].dates == DATES_WEEK ? mon : start;
        tt_strlcpy(out[i].p1, out[i].n_params > 0 ? p1 : "", sizeof out[i].p1);
        tt_strlcpy(out[i].p2, out[i].n_params > 1 ? sun : "", sizeof out[i].p2);
    }
    return (int)TT_ARRAY_LEN(steps);
}

static int category_index(const char *c)
{
    if (strcmp(c, "retiree") == 0)
        return RPT_RETIREE;
    if (strcmp(c, "college") == 0)
        return RPT_COLLEGE;
    if (strcmp(c, "university") == 0)
        return RPT_UNIVERSITY;
    return -1;
}

/* Recruitment as it stood at the end of the week: each candidate's status
 * is the last one recorded on or before Sunday. */
static void count_candidate(struct weekly_report *r, sqlite3_stmt *st)
{
    const char *source = (const char *)sqlite3_column_text(st, 0);
    const char *category = (const char *)sqlite3_column_text(st, 1);
    const char *status = (const char *)sqlite3_column_text(st, 2);
    if (status == NULL)
        return; /* not known yet that week */
    if (strcmp(status, "hired") == 0)
        r->total_hired++;
    if (strcmp(source, "staff") == 0) {
        r->staff_interest++;
        return;
    }
    int c = category_index(category);
    if (c < 0 || strcmp(source, "platform") != 0)
        return;
    if (strcmp(status, "received") == 0 || strcmp(status, "interest") == 0)
        r->received[c]++;
    else if (strcmp(status, "processing") == 0)
        r->processing[c]++;
    else if (strcmp(status, "hired") == 0)
        r->hired[c]++;
}

static struct weekly_service *school_row(struct weekly_report *r, int64_t id)
{
    /* Schools are few next to the rows counted: a linear look-up is fine. */
    for (int i = 0; i < r->n_schools; i++)
        if (r->school_ids[i] == id)
            return &r->schools[i];
    return NULL;
}

static void add_school(struct weekly_report *r, sqlite3_stmt *st, int *cap)
{
    if (r->n_schools == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        r->schools = xreallocarray(r->schools, (size_t)*cap, sizeof *r->schools);
        r->school_ids = xreallocarray(r->school_ids, (size_t)*cap, sizeof *r->school_ids);
    }
    struct weekly_service *x = &r->schools[r->n_schools];
    memset(x, 0, sizeof *x);
    r->school_ids[r->n_schools++] = sqlite3_column_int64(st, 0);
    tt_strlcpy(x->school, (const char *)sqlite3_column_text(st, 1), sizeof x->school);
}

/* One row of the service statements: a school's students served and
 * student-minutes, or its session-minutes, for the week or since the start.
 * A NULL sum (nothing held) reads as 0. */
static void add_service(struct weekly_report *r, sqlite3_stmt *st, enum step_kind kind, int week)
{
    struct weekly_service *x = school_row(r, sqlite3_column_int64(st, 0));
    if (x == NULL)
        return;
    if (kind == STEP_SESSIONS) {
        long minutes = (long)sqlite3_column_int64(st, 1);
        if (week)
            x->session_minutes_week = minutes;
        else
            x->session_minutes_total = minutes;
        return;
    }
    long students = (long)sqlite3_column_int64(st, 1), minutes = (long)sqlite3_column_int64(st, 2);
    if (week) {
        x->students_week = students;
        x->student_minutes_week = minutes;
    } else {
        x->students_total = students;
        x->student_minutes_total = minutes;
    }
}

static const char *step_what(enum step_kind kind)
{
    return kind == STEP_ORGANISATION ? _("Reading the database")
           : kind == STEP_HR          ? _("Counting the candidates")
                                      : _("Counting the service");
}

void report_weekly_free(struct weekly_report *r)
{
    free(r->schools);
    free(r->school_ids);
    r->schools = NULL;
    r->school_ids = NULL;
    r->n_schools = 0;
}

int report_weekly(struct tt_db *db, const struct settings *s, tt_day monday, tt_day today,
                  struct weekly_report *r, struct tt_error *err)
{
    memset(r, 0, sizeof *r);
    r->monday = date_week_monday(monday);
    const char *p = settings_str(s, SET_PROGRAM_START);
    if (strcmp(p, "auto") == 0 || date_parse(p, &r->program_start) != 0)
        r->program_start = settings_year_start(s, today);
    struct report_step run[RPT_MAX_STEPS];
    int n = report_weekly_steps(r, run);
    int rc = TT_OK, cap = 0;
    for (int i = 0; i < n && rc == TT_OK; i++) {
        sqlite3_stmt *st = db_stmt(db, run[i].sql, err);
        if (st == NULL)
            return err ? err->code : TT_ERR_DB;
        if (run[i].n_params > 0)
            sqlite3_bind_text(st, 1, run[i].p1, -1, SQLITE_TRANSIENT);
        if (run[i].n_params > 1)
            sqlite3_bind_text(st, 2, run[i].p2, -1, SQLITE_TRANSIENT);
        enum step_kind kind = steps[i].kind;
        int week = steps[i].dates == DATES_WEEK, s_rc;
        while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (kind == STEP_ORGANISATION)
                tt_strlcpy(r->organisation, (const char *)sqlite3_column_text(st, 0),
                           sizeof r->organisation);
            else if (kind == STEP_HR)
                count_candidate(r, st);
            else if (kind == STEP_SCHOOLS)
                add_school(r, st, &cap);
            else
                add_service(r, st, kind, week);
        }
        sqlite3_reset(st);
        if (s_rc != SQLITE_DONE)
            rc = db_fail(db, s_rc, err, step_what(kind));
    }
    for (int i = 0; i < r->n_schools; i++) {
        const struct weekly_service *x = &r->schools[i];
        r->total.students_week += x->students_week;
        r->total.students_total += x->students_total;
        r->total.session_minutes_week += x->session_minutes_week;
        r->total.session_minutes_total += x->session_minutes_total;
        r->total.student_minutes_week += x->student_minutes_week;
        r->total.student_minutes_total += x->student_minutes_total;
    }
    return rc;
}

/* ---- writing ------------------------------------------------------------- */

static void title(const struct weekly_report *r, char *buf, size_t size)
{
    char week[9], day[64];
    week_format(r->monday, week);
    date_long(r->monday, day, sizeof day);
    snprintf(buf, size, _("%s: weekly tutoring report, week of %s (%s)"),
             r->organisation[0] ? r->organisation : _("Organisation"), day, week);
}

static const char *category_label(int c)
{
    return c == RPT_RETIREE ? _("Retirees") : c == RPT_COLLEGE ? _("College students")
                                                                : _("University students");
}

static const char *definitions(void)
{
    return _("Session-hours: time tutors spent in held sessions, each session counted once. "
             "Student-hours: minutes each student was present, added over students. Students "
             "served: distinct students present at least once.");
}

static int write_xlsx(const struct weekly_report *r, const char *path, struct tt_error *err)
{
    lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
    lxw_workbook *wb = workbook_new_opt(path, &options);
    if (wb == NULL)
        return tt_error_set(err, TT_ERR_IO, _("%s: cannot create the workbook."), path);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *hours = workbook_add_format(wb);
    format_set_num_format(hours, "0.00");
    char head[600];
    title(r, head, sizeof head);

    lxw_worksheet *hr = workbook_add_worksheet(wb, _("Human resources"));
    worksheet_write_string(hr, 0, 0, head, bold);
    worksheet_write_string(hr, 1, 0, _("Table 1: candidates and staff"), bold);
    worksheet_set_column(hr, 0, 0, 44, NULL);
    worksheet_set_column(hr, 1, 3, 16, NULL);
    lxw_table_column c0 = { .header = _("Platform candidates"), .total_string = _("Total") };
    lxw_table_column c1 = { .header = _("Received"), .total_function = LXW_TABLE_FUNCTION_SUM };
    lxw_table_column c2 = { .header = _("In processing"), .total_function = LXW_TABLE_FUNCTION_SUM };
    lxw_table_column c3 = { .header = _("Hired"), .total_function = LXW_TABLE_FUNCTION_SUM };
    long sums[3] = { 0, 0, 0 };
    for (int c = 0; c < RPT_CATEGORIES; c++) {
        worksheet_write_string(hr, 3 + c, 0, category_label(c), NULL);
        worksheet_write_number(hr, 3 + c, 1, (double)r->received[c], NULL);
        worksheet_write_number(hr, 3 + c, 2, (double)r->processing[c], NULL);
        worksheet_write_number(hr, 3 + c, 3, (double)r->hired[c], NULL);
        sums[0] += r->received[c];
        sums[1] += r->processing[c];
        sums[2] += r->hired[c];
    }
    c1.total_value = (double)sums[0];
    c2.total_value = (double)sums[1];
    c3.total_value = (double)sums[2];
    lxw_table_column *cols1[] = { &c0, &c1, &c2, &c3, NULL };
    lxw_table_options t1 = { .name = "HumanResources", .total_row = LXW_TRUE, .columns = cols1 };
    worksheet_add_table(hr, 2, 0, 3 + RPT_CATEGORIES, 3, &t1);
    worksheet_write_string(hr, 8, 0, _("Staff and substitutes who expressed interest"), NULL);
    worksheet_write_number(hr, 8, 1, (double)r->staff_interest, NULL);
    worksheet_write_string(hr, 9, 0, _("Total hired (all sources)"), bold);
    worksheet_write_number(hr, 9, 1, (double)r->total_hired, bold);

    lxw_worksheet *sv = workbook_add_worksheet(wb, _("Service"));
    worksheet_write_string(sv, 0, 0, head, bold);
    worksheet_write_string(sv, 1, 0, _("Table 2: students served and hours of tutoring"), bold);
    worksheet_set_column(sv, 0, 0, 40, NULL);
    worksheet_set_column(sv, 1, 6, 18, NULL);
    const char *headers[7] = {
        _("School"), _("Students served (week)"), _("Session-hours (week)"),
        _("Student-hours (week)"), _("Students served (since start)"),
        _("Session-hours (since start)"), _("Student-hours (since start)"),
    };
    lxw_table_column sc[7];
    lxw_table_column *cols2[8];
    memset(sc, 0, sizeof sc);
    for (int i = 0; i < 7; i++) {
        sc[i].header = (char *)headers[i];
        sc[i].total_function = i ? LXW_TABLE_FUNCTION_SUM : 0;
        sc[i].format = i == 2 || i == 3 || i == 5 || i == 6 ? hours : NULL;
        cols2[i] = &sc[i];
    }
    cols2[7] = NULL;
    sc[0].total_string = _("Total");
    sc[1].total_value = (double)r->total.students_week;
    sc[2].total_value = r->total.session_minutes_week / 60.0;
    sc[3].total_value = r->total.student_minutes_week / 60.0;
    sc[4].total_value = (double)r->total.students_total;
    sc[5].total_value = r->total.session_minutes_total / 60.0;
    sc[6].total_value = r->total.student_minutes_total / 60.0;
    for (int i = 0; i < r->n_schools; i++) {
        const struct weekly_service *x = &r->schools[i];
        lxw_row_t row = (lxw_row_t)(3 + i);
        worksheet_write_string(sv, row, 0, x->school, NULL);
        worksheet_write_number(sv, row, 1, (double)x->students_week, NULL);
        worksheet_write_number(sv, row, 2, x->session_minutes_week / 60.0, hours);
        worksheet_write_number(sv, row, 3, x->student_minutes_week / 60.0, hours);
        worksheet_write_number(sv, row, 4, (double)x->students_total, NULL);
        worksheet_write_number(sv, row, 5, x->session_minutes_total / 60.0, hours);
        worksheet_write_number(sv, row, 6, x->student_minutes_total / 60.0, hours);
    }
    lxw_table_options t2 = { .name = "ServiceTable", .total_row = LXW_TRUE, .columns = cols2 };
    worksheet_add_table(sv, 2, 0, (lxw_row_t)(3 + r->n_schools), 6, &t2);
    worksheet_write_string(sv, (lxw_row_t)(5 + r->n_schools), 0, definitions(), NULL);

    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return tt_error_set(err, TT_ERR_IO, _("%s: the workbook could not be written (%s)."), path,
                            lxw_strerror(e));
    return TT_OK;
}

/* French Excel reads ';' and decimal commas; English, ',' and points. */
static void csv_hours(long minutes, char *buf, size_t size)
{
    snprintf(buf, size, "%ld%s%02ld", minutes / 60, strcmp(i18n_lang(), "fr") == 0 ? "," : ".",
             (minutes % 60) * 100 / 60);
}

static int write_csv(const struct weekly_report *r, const char *path, struct tt_error *err)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return tt_error_set(err, TT_ERR_IO, _("%s: cannot write the report: %s."), path,
                            strerror(errno));
    char d = strcmp(i18n_lang(), "fr") == 0 ? ';' : ',';
    char head[600], n[8][64];
    title(r, head, sizeof head);
    char *line[8] = { head };
    csv_write_record(f, d, line, 1);
    char *h1[] = { (char *)_("Platform candidates"), (char *)_("Received"),
                   (char *)_("In processing"), (char *)_("Hired") };
    csv_write_record(f, d, h1, 4);
    for (int c = 0; c < RPT_CATEGORIES; c++) {
        snprintf(n[1], sizeof n[1], "%ld", r->received[c]);
        snprintf(n[2], sizeof n[2], "%ld", r->processing[c]);
        snprintf(n[3], sizeof n[3], "%ld", r->hired[c]);
        char *row[] = { (char *)category_label(c), n[1], n[2], n[3] };
        csv_write_record(f, d, row, 4);
    }
    snprintf(n[1], sizeof n[1], "%ld", r->staff_interest);
    char *staff[] = { (char *)_("Staff and substitutes who expressed interest"), n[1] };
    csv_write_record(f, d, staff, 2);
    snprintf(n[1], sizeof n[1], "%ld", r->total_hired);
    char *hired[] = { (char *)_("Total hired (all sources)"), n[1] };
    csv_write_record(f, d, hired, 2);
    fputs("\r\n", f);
    char *h2[] = { (char *)_("School"), (char *)_("Students served (week)"),
                   (char *)_("Session-hours (week)"), (char *)_("Student-hours (week)"),
                   (char *)_("Students served (since start)"),
                   (char *)_("Session-hours (since start)"), (char *)_("Student-hours (since start)") };
    csv_write_record(f, d, h2, 7);
    for (int i = 0; i <= r->n_schools; i++) {
        const struct weekly_service *x = i < r->n_schools ? &r->schools[i] : &r->total;
        snprintf(n[1], sizeof n[1], "%ld", x->students_week);
        csv_hours(x->session_minutes_week, n[2], sizeof n[2]);
        csv_hours(x->student_minutes_week, n[3], sizeof n[3]);
        snprintf(n[4], sizeof n[4], "%ld", x->students_total);
        csv_hours(x->session_minutes_total, n[5], sizeof n[5]);
        csv_hours(x->student_minutes_total, n[6], sizeof n[6]);
        char *row[] = { i < r->n_schools ? (char *)x->school : (char *)_("Total"), n[1], n[2],
                        n[3], n[4], n[5], n[6] };
        csv_write_record(f, d, row, 7);
    }
    char *def[] = { (char *)definitions() };
    csv_write_record(f, d, def, 1);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad)
        return tt_error_set(err, TT_ERR_IO, _("%s: cannot write the report: %s."), path,
                            strerror(errno ? errno : EIO));
    return TT_OK;
}

int report_weekly_write(const struct weekly_report *r, const char *path, struct tt_error *err)
{
    size_t len = strlen(path);
    int xlsx = len > 5 && strcasecmp(path + len - 5, ".xlsx") == 0;
    int csv = len > 4 && strcasecmp(path + len - 4, ".csv") == 0;
    if (!xlsx && !csv)
        return tt_error_set(err, TT_ERR_INVALID,
                            _("%s: the file name must end in .xlsx or .csv."), path);
    /* Beside the target, so the rename stays on one file system. */
    char *tmp = xasprintf("%s.tmp-%ld%s", path, (long)getpid(), xlsx ? ".xlsx" : ".csv");
    int rc = xlsx ? write_xlsx(r, tmp, err) : write_csv(r, tmp, err);
    /* Tests simulate a full disk here: the file written so far must go. */
    if (rc == TT_OK && getenv("TUTORAT_FAIL_WRITES"))
        rc = tt_error_set(err, TT_ERR_IO, _("%s: cannot write the report: %s."), path,
                          strerror(ENOSPC));
    if (rc == TT_OK && rename(tmp, path) != 0)
        rc = tt_error_set(err, TT_ERR_IO, _("%s: cannot write the report: %s."), path,
                          strerror(errno));
    if (rc != TT_OK)
        unlink(tmp);
    free(tmp);
    return rc;
}
