/* Payroll for a pay period: per tutor, the session-hours of held sessions
 * with attendance entered, at the rate in force on each date.  Closing a
 * period freezes its lines; a later change to one of its sessions comes
 * out as a dated adjustment line in the next export. */
#ifndef TT_PAYROLL_H
#define TT_PAYROLL_H
#include <stdint.h>
#include <stdio.h>
#include "dates.h"
#include "db.h"
#include "money.h"
#include "settings.h"

struct payroll_line {
    int64_t session_id, tutor_id;
    char employee_number[24], last_name[404], first_name[404], category[20];
    char date[11];
    char kind[12];          /* regular, adjustment */
    long minutes;
    tt_cents rate, amount;
};

struct payroll {
    tt_day from, to;
    int closed;             /* the period was closed: its lines are frozen */
    struct payroll_line *lines;
    long n_lines;
    tt_cents total;
};

int payroll_compute(struct tt_db *db, const struct settings *s, tt_day from, tt_day to,
                    struct payroll *p, struct tt_error *err);
/* Freezes the period's lines (regular and adjustments). */
int payroll_close(struct tt_db *db, const struct settings *s, tt_day from, tt_day to,
                  struct tt_error *err);
void payroll_free(struct payroll *p);
/* CSV through a temporary file: employee number, names, category, date,
 * kind, minutes, hours, rate, amount; a total line at the end. */
int payroll_write_csv(const struct payroll *p, const char *path, struct tt_error *err);

#endif
