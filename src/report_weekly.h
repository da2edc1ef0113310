/* The weekly report the ministry asks of every organisation: table 1,
 * human resources (staff who volunteered; platform candidates received,
 * in processing and hired, by category); table 2, service (students served
 * and hours of tutoring, for the week and since the program's start, per
 * school).  Counted from the records, as they stood at the week's end. */
#ifndef TT_REPORT_WEEKLY_H
#define TT_REPORT_WEEKLY_H
#include <stdint.h>
#include "dates.h"
#include "db.h"
#include "settings.h"

enum { RPT_RETIREE, RPT_COLLEGE, RPT_UNIVERSITY, RPT_CATEGORIES };

struct weekly_service {
    char school[404];
    long students_week, students_total;
    long session_minutes_week, session_minutes_total;   /* tutor time of held sessions */
    long student_minutes_week, student_minutes_total;   /* minutes present, per student */
};

struct weekly_report {
    tt_day monday, program_start;
    char organisation[404];
    long staff_interest;                    /* staff and substitutes who volunteered */
    long received[RPT_CATEGORIES], processing[RPT_CATEGORIES], hired[RPT_CATEGORIES];
    long total_hired;                       /* every source */
    struct weekly_service *schools;     /* by name; free with report_weekly_free */
    int64_t *school_ids;                /* the schools' ids, same order */
    int n_schools;
    struct weekly_service total;
};

/* The week to report by default: the last complete one (Monday to Sunday)
 * before today, or the [report] week setting. */
tt_day report_default_week(const struct settings *s, tt_day today);
int report_weekly(struct tt_db *db, const struct settings *s, tt_day monday, tt_day today,
                  struct weekly_report *r, struct tt_error *err);
/* Writes the report as an Excel workbook (two sheets, real tables, numbers
 * as numbers, totals as formulas with their values) or as CSV, through a
 * temporary file renamed at the end: never a half-written file. */
void report_weekly_free(struct weekly_report *r);
/* One statement of the report with the dates it binds to ?1 and ?2
 * (n_params of them, as 'YYYY-MM-DD' text). */
enum { RPT_MAX_STEPS = 8 };
struct report_step {
    const char *sql;
    int n_params;
    char p1[11], p2[11];
};
/* Fills out with every statement report_weekly runs for r's week and
 * program start, in its order, and returns how many: the benchmark runs
 * exactly these in the bare sqlite3 shell, the tests check their plans. */
int report_weekly_steps(const struct weekly_report *r, struct report_step out[RPT_MAX_STEPS]);
int report_weekly_write(const struct weekly_report *r, const char *path, struct tt_error *err);

#endif
