#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fields.h"
#include "i18n.h"
#include "payroll.h"
#include "tutors.h"
#include "util.h"


static struct payroll_line *add_line(struct payroll *p)
{
    p->lines = xreallocarray(p->lines, (size_t)p->n_lines + 1, sizeof *p->lines);
    struct payroll_line *l = &p->lines[p->n_lines++];
    memset(l, 0, sizeof *l);
    return l;
}

/* Rounded to the cent, half away from zero. */
static tt_cents amount_of(long minutes, tt_cents rate)
{
    long long num = (long long)minutes * rate;
    return (tt_cents)(num >= 0 ? (num + 30) / 60 : -((-num + 30) / 60));
}

static int closed_period_id(struct tt_db *db, const char *from, const char *to, int64_t *id,
                            struct tt_error *err)
{
    *id = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM pay_period WHERE from_date = ?1 AND to_date = ?2"
                                   " AND closed_at IS NOT NULL", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the payroll"));
}

static void tutor_columns(sqlite3_stmt *st, int first, struct payroll_line *l)
{
    field_col(st, first, l->employee_number, sizeof l->employee_number);
    field_col(st, first + 1, l->last_name, sizeof l->last_name);
    field_col(st, first + 2, l->first_name, sizeof l->first_name);
    field_col(st, first + 3, l->category, sizeof l->category);
}

static int load_frozen(struct tt_db *db, int64_t period, struct payroll *p, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT l.session_id, l.tutor_id, l.session_date, l.kind, l.minutes, l.rate_cents,"
        " l.amount_cents, ifnull(t.employee_number, ''), t.last_name, t.first_name, t.category"
        " FROM payroll_line l JOIN tutor t ON t.id = l.tutor_id WHERE l.period_id = ?1"
        " ORDER BY t.last_name, t.first_name, l.tutor_id, l.session_date, l.id", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, period);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct payroll_line *l = add_line(p);
        l->session_id = sqlite3_column_int64(st, 0);
        l->tutor_id = sqlite3_column_int64(st, 1);
        field_col(st, 2, l->date, sizeof l->date);
        field_col(st, 3, l->kind, sizeof l->kind);
        l->minutes = (long)sqlite3_column_int64(st, 4);
        l->rate = sqlite3_column_int64(st, 5);
        l->amount = sqlite3_column_int64(st, 6);
        tutor_columns(st, 7, l);
        p->total += l->amount;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the payroll"));
}

/* Sessions of the period not covered by a closed period: paid normally. */
static int regular_lines(struct tt_db *db, const struct settings *s, const char *from,
                         const char *to, struct payroll *p, struct tt_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db_handle(db),
        "SELECT se.id, se.tutor_id, se.session_date, se.actual_minutes,"
        " ifnull(t.employee_number, ''), t.last_name, t.first_name, t.category"
        " FROM session se JOIN tutor t ON t.id = se.tutor_id"
        " WHERE se.status = 'held' AND se.session_date BETWEEN ?1 AND ?2"
        " AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = se.id)"
        " AND NOT EXISTS (SELECT 1 FROM pay_period pp WHERE pp.closed_at IS NOT NULL"
        "   AND se.session_date BETWEEN pp.from_date AND pp.to_date)"
        " ORDER BY t.last_name, t.first_name, se.tutor_id, se.session_date, se.id", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, rc, err, _("Reading the payroll"));
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    int out = TT_OK;
    while (out == TT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct payroll_line *l = add_line(p);
        l->session_id = sqlite3_column_int64(st, 0);
        l->tutor_id = sqlite3_column_int64(st, 1);
        field_col(st, 2, l->date, sizeof l->date);
        tt_strlcpy(l->kind, "regular", sizeof l->kind);
        l->minutes = (long)sqlite3_column_int64(st, 3);
        tutor_columns(st, 4, l);
        tt_day day;
        date_parse(l->date, &day);
        out = tutor_rate_on(db, s, l->tutor_id, day, &l->rate, err);
        l->amount = amount_of(l->minutes, l->rate);
        p->total += l->amount;
    }
    if (out == TT_OK && rc != SQLITE_DONE)
        out = db_fail(db, rc, err, _("Reading the payroll"));
    sqlite3_finalize(st);
    return out;
}

/* Sessions of periods closed before this one whose due amount changed
 * since they were paid (more minutes, a cancellation, attendance entered
 * late): the difference, dated by the session. */
static int adjustment_lines(struct tt_db *db, const struct settings *s, const char *from,
                            struct payroll *p, struct tt_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db_handle(db),
        "SELECT se.id, se.tutor_id, se.session_date,"
        " CASE WHEN se.status = 'held' AND EXISTS (SELECT 1 FROM attendance a"
        "   WHERE a.session_id = se.id) THEN se.actual_minutes ELSE 0 END,"
        " ifnull((SELECT sum(minutes) FROM payroll_line WHERE session_id = se.id), 0),"
        " ifnull((SELECT sum(amount_cents) FROM payroll_line WHERE session_id = se.id), 0),"
        " ifnull(t.employee_number, ''), t.last_name, t.first_name, t.category"
        " FROM session se JOIN tutor t ON t.id = se.tutor_id"
        " WHERE EXISTS (SELECT 1 FROM pay_period pp WHERE pp.closed_at IS NOT NULL"
        "   AND pp.to_date < ?1 AND se.session_date BETWEEN pp.from_date AND pp.to_date)"
        " ORDER BY t.last_name, t.first_name, se.tutor_id, se.session_date, se.id", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, rc, err, _("Reading the payroll"));
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    int out = TT_OK;
    while (out == TT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        long minutes = (long)sqlite3_column_int64(st, 3);
        long paid_minutes = (long)sqlite3_column_int64(st, 4);
        tt_cents paid = sqlite3_column_int64(st, 5);
        char date[11];
        field_col(st, 2, date, sizeof date);
        tt_day day;
        date_parse(date, &day);
        tt_cents rate;
        out = tutor_rate_on(db, s, sqlite3_column_int64(st, 1), day, &rate, err);
        tt_cents due = amount_of(minutes, rate);
        if (out != TT_OK || due == paid)
            continue;
        struct payroll_line *l = add_line(p);
        l->session_id = sqlite3_column_int64(st, 0);
        l->tutor_id = sqlite3_column_int64(st, 1);
        tt_strlcpy(l->date, date, sizeof l->date);
        tt_strlcpy(l->kind, "adjustment", sizeof l->kind);
        l->minutes = minutes - paid_minutes;
        l->rate = rate;
        l->amount = due - paid;
        tutor_columns(st, 6, l);
        p->total += l->amount;
    }
    if (out == TT_OK && rc != SQLITE_DONE)
        out = db_fail(db, rc, err, _("Reading the payroll"));
    sqlite3_finalize(st);
    return out;
}

int payroll_compute(struct tt_db *db, const struct settings *s, tt_day from, tt_day to,
                    struct payroll *p, struct tt_error *err)
{
    memset(p, 0, sizeof *p);
    /* The payroll names the tutors and what they are paid: personal data a
     * read-only consultant does not take away (the screens refuse P too). */
    if (strcmp(db_role(db), "readonly") == 0)
        return tt_error_set(err, TT_ERR_PERM, "%s",
                            _("Your role (read-only) does not allow exporting the payroll."));
    p->from = from;
    p->to = to;
    if (to < from)
        return tt_error_set(err, TT_ERR_INVALID, "%s", _("The pay period ends before it begins."));
    char a[11], b[11];
    date_iso(from, a);
    date_iso(to, b);
    int64_t closed = 0;
    int rc = closed_period_id(db, a, b, &closed, err);
    if (rc != TT_OK)
        return rc;
    if (closed) {
        p->closed = 1;
        return load_frozen(db, closed, p, err);
    }
    rc = regular_lines(db, s, a, b, p, err);
    if (rc == TT_OK)
        rc = adjustment_lines(db, s, a, p, err);
    return rc;
}

int payroll_close(struct tt_db *db, const struct settings *s, tt_day from, tt_day to,
                  struct tt_error *err)
{
    char a[11], b[11];
    date_iso(from, a);
    date_iso(to, b);
    int rc = db_unit_begin(db, err);
    if (rc != TT_OK)
        return rc;
    struct payroll p;
    rc = payroll_compute(db, s, from, to, &p, err);
    if (rc == TT_OK && p.closed)
        rc = tt_error_set(err, TT_ERR_RULE, _("The pay period from %s to %s is already closed."), a, b);
    int64_t overlap = 0;
    sqlite3_stmt *st = NULL;
    if (rc == TT_OK) {
        st = db_stmt(db, "SELECT count(*) FROM pay_period WHERE closed_at IS NOT NULL"
                         " AND from_date <= ?2 AND to_date >= ?1", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW)
                overlap = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            if (overlap)
                rc = tt_error_set(err, TT_ERR_RULE,
                                  _("The pay period from %s to %s overlaps a closed one."), a, b);
        }
    }
    int64_t period = 0;
    if (rc == TT_OK) {
        st = db_stmt(db, "INSERT INTO pay_period (from_date, to_date, closed_at, closed_by)"
                         " VALUES (?1, ?2, datetime('now'), ?3)", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
        } else {
            sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, db_login(db), -1, SQLITE_TRANSIENT);
            int x = sqlite3_step(st);
            sqlite3_reset(st);
            if (x != SQLITE_DONE)
                rc = db_fail(db, x, err, _("Closing the pay period"));
            period = db_last_id(db);
        }
    }
    for (long i = 0; rc == TT_OK && i < p.n_lines; i++) {
        const struct payroll_line *l = &p.lines[i];
        st = db_stmt(db, "INSERT INTO payroll_line (period_id, session_id, tutor_id, session_date,"
                         " minutes, rate_cents, amount_cents, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                         " ?7, ?8)", err);
        if (st == NULL) {
            rc = err ? err->code : TT_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, period);
        sqlite3_bind_int64(st, 2, l->session_id);
        sqlite3_bind_int64(st, 3, l->tutor_id);
        sqlite3_bind_text(st, 4, l->date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, l->minutes);
        sqlite3_bind_int64(st, 6, l->rate);
        sqlite3_bind_int64(st, 7, l->amount);
        sqlite3_bind_text(st, 8, l->kind, -1, SQLITE_TRANSIENT);
        int x = sqlite3_step(st);
        sqlite3_reset(st);
        if (x != SQLITE_DONE)
            rc = db_fail(db, x, err, _("Closing the pay period"));
    }
    payroll_free(&p);
    int end = db_unit_end(db, rc == TT_OK, err);
    return rc == TT_OK ? end : rc;
}

void payroll_free(struct payroll *p)
{
    free(p->lines);
    p->lines = NULL;
    p->n_lines = 0;
}

int payroll_write_csv(const struct payroll *p, const char *path, struct tt_error *err)
{
    char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        int rc = tt_error_set(err, TT_ERR_IO, _("%s: cannot write the payroll: %s."), path,
                              strerror(errno));
        free(tmp);
        return rc;
    }
    /* A file for the payroll system: fixed English column names, dots. */
    fputs("employee_number,last_name,first_name,category,date,kind,minutes,hours,rate,amount\r\n", f);
    for (long i = 0; i < p->n_lines; i++) {
        const struct payroll_line *l = &p->lines[i];
        char rate[32], amount[32];
        money_format_plain(l->rate, rate, sizeof rate);
        money_format_plain(l->amount, amount, sizeof amount);
        char *fields[] = { (char *)l->employee_number, (char *)l->last_name,
                           (char *)l->first_name, (char *)l->category, (char *)l->date,
                           (char *)l->kind, NULL, NULL, rate, amount };
        char minutes[24], hours[32];
        snprintf(minutes, sizeof minutes, "%ld", l->minutes);
        snprintf(hours, sizeof hours, "%.2f", l->minutes / 60.0);
        fields[6] = minutes;
        fields[7] = hours;
        for (int k = 0; k < 10; k++) {
            const char *v = fields[k];
            int quote = strpbrk(v, ",\"\r\n") != NULL;
            if (k)
                fputc(',', f);
            if (!quote) {
                fputs(v, f);
                continue;
            }
            fputc('"', f);
            for (; *v; v++) {
                if (*v == '"')
                    fputc('"', f);
                fputc(*v, f);
            }
            fputc('"', f);
        }
        fputs("\r\n", f);
    }
    char total[32];
    money_format_plain(p->total, total, sizeof total);
    fprintf(f, ",,,,,total,,,,%s\r\n", total);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (getenv("TUTORAT_FAIL_WRITES"))
        bad = 1, errno = ENOSPC;
    int rc = TT_OK;
    if (bad || rename(tmp, path) != 0) {
        rc = tt_error_set(err, TT_ERR_IO, _("%s: cannot write the payroll: %s."), path,
                          strerror(errno ? errno : EIO));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}
