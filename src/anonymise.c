/* Anonymising a finished school year (Law 25); what is removed and what is
 * kept is listed in anonymise.h.
 *
 * Rows are changed in place, never deleted: the weekly report counts rows
 * (candidates and their status history, attendance, sessions, groups), so
 * keeping every row and every date, status, category and number keeps
 * every total, while the values that say who someone is go.  The sets of
 * people are computed once into temporary tables (temp.anon_*), which hold
 * ids only. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "anonymise.h"
#include "backup.h"
#include "i18n.h"
#include "paths.h"
#include "util.h"

struct year {
    int64_t id;
    char start[11], end[11];
    char lower[11];             /* the previous school year's end, or 0000-00-00 */
    char *anonymised_at;        /* the previous run's, or NULL */
};

/* What the schema requires a value for gets this word instead. */
static const char *placeholder(void)
{
    return _("Anonymised");
}

static int stmt_error(struct tt_error *err)
{
    return err && err->code ? err->code : TT_ERR_DB;
}

/* Runs one of the literal statements below, binding its text parameters
 * in order (NULL binds NULL), and adds the rows it changed to *changed. */
static int run(struct tt_db *db, const char *sql, const char *const *params, int n_params,
               long *changed, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return stmt_error(err);
    int rc = SQLITE_OK;
    int wanted = sqlite3_bind_parameter_count(st);
    for (int i = 0; i < wanted && i < n_params && rc == SQLITE_OK; i++)
        rc = params[i] ? sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT)
                       : sqlite3_bind_null(st, i + 1);
    if (rc != SQLITE_OK) {
        sqlite3_reset(st);
        return db_fail(db, rc, err, _("Anonymising the school year"));
    }
    rc = db_step_done(db, st, _("Anonymising the school year"), err);
    if (rc == TT_OK && changed)
        *changed += (long)sqlite3_changes(db_handle(db));
    return rc;
}

#define RUN(db, sql, changed, err, ...) \
    run((db), (sql), (const char *const[]){ __VA_ARGS__ }, \
        (int)(sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *)), (changed), (err))

static int count(struct tt_db *db, const char *sql, long *out, struct tt_error *err)
{
    int64_t n = 0;
    int rc = db_scalar_int(db, sql, &n, err);
    *out = (long)n;
    return rc;
}

/* ---- which school year ------------------------------------------------- */

static int find_year(struct tt_db *db, const char *label, tt_day today, struct year *y,
                     struct anonymise_summary *sum, struct tt_error *err)
{
    memset(y, 0, sizeof *y);
    if (strcmp(db_role(db), "admin") != 0)
        return tt_error_set(err, TT_ERR_PERM,
                            _("Only an administrator may anonymise a school year (your role: "
                              "%s); nothing was changed."),
                            db_role(db)[0] ? db_role(db) : _("none"));
    sqlite3_stmt *st = db_stmt(db, "SELECT id, start_date, end_date, anonymised_at,"
                                   " ifnull((SELECT max(p.end_date) FROM school_year p"
                                   "   WHERE p.end_date < y.start_date), '0000-00-00')"
                                   " FROM school_year y WHERE label = ?1", err);
    if (st == NULL)
        return stmt_error(err);
    sqlite3_bind_text(st, 1, label, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        y->id = sqlite3_column_int64(st, 0);
        tt_strlcpy(y->start, (const char *)sqlite3_column_text(st, 1), sizeof y->start);
        tt_strlcpy(y->end, (const char *)sqlite3_column_text(st, 2), sizeof y->end);
        if (sqlite3_column_type(st, 3) != SQLITE_NULL)
            y->anonymised_at = xstrdup((const char *)sqlite3_column_text(st, 3));
        tt_strlcpy(y->lower, (const char *)sqlite3_column_text(st, 4), sizeof y->lower);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, rc, err, _("Reading the school years"));
    if (rc == SQLITE_DONE) {
        st = db_stmt(db, "SELECT ifnull(group_concat(label, ', '), '') FROM"
                         " (SELECT label FROM school_year ORDER BY start_date)", err);
        if (st == NULL)
            return stmt_error(err);
        char known[512] = "";
        if (sqlite3_step(st) == SQLITE_ROW)
            tt_strlcpy(known, (const char *)sqlite3_column_text(st, 0), sizeof known);
        sqlite3_reset(st);
        return known[0]
            ? tt_error_set(err, TT_ERR_NOTFOUND,
                           _("There is no school year %s in the database (known: %s); nothing "
                             "was changed."), label, known)
            : tt_error_set(err, TT_ERR_NOTFOUND,
                           _("There is no school year %s in the database (it has none); "
                             "nothing was changed."), label);
    }
    tt_strlcpy(sum->label, label, sizeof sum->label);
    if (date_parse(y->start, &sum->start) != 0 || date_parse(y->end, &sum->end) != 0) {
        free(y->anonymised_at);
        y->anonymised_at = NULL;
        return tt_error_set(err, TT_ERR_DB, _("The school year %s has no valid dates."), label);
    }
    /* Over means its last day has passed: sessions may still be held on
     * that day. */
    if (sum->end >= today) {
        char day[64];
        date_long(sum->end, day, sizeof day);
        free(y->anonymised_at);
        y->anonymised_at = NULL;
        return tt_error_set(err, TT_ERR_RULE,
                            _("The school year %s is not over: it ends on %s. It can be "
                              "anonymised from the day after; nothing was changed."),
                            label, day);
    }
    return TT_OK;
}

/* ---- whose records ----------------------------------------------------- */

/* A person's activity, one dated row each; ?1 the previous year's end,
 * ?2 this year's last day.  The sessions of a group a student is still in
 * count only after the year (they only matter to keep someone out). */
static const char select_students[] =
    "INSERT INTO temp.anon_student (id)"
    " SELECT a.student_id FROM ("
    "   SELECT student_id, referral_date AS d FROM referral"
    "   UNION ALL SELECT student_id, status_date FROM referral"
    "   UNION ALL SELECT r.student_id, h.changed_on FROM referral_status_history h"
    "     JOIN referral r ON r.id = h.referral_id"
    "   UNION ALL SELECT student_id, requested_on FROM consent"
    "   UNION ALL SELECT student_id, decided_on FROM consent"
    "   UNION ALL SELECT student_id, withdrawn_on FROM consent"
    "   UNION ALL SELECT student_id, joined_on FROM membership"
    "   UNION ALL SELECT student_id, left_on FROM membership"
    "   UNION ALL SELECT m.student_id, se.session_date FROM membership m"
    "     JOIN session se ON se.group_id = m.group_id AND se.session_date > ?2"
    "       AND se.session_date >= m.joined_on"
    "       AND (m.left_on IS NULL OR se.session_date < m.left_on)"
    "   UNION ALL SELECT a.student_id, se.session_date FROM attendance a"
    "     JOIN session se ON se.id = a.session_id"
    "   UNION ALL SELECT student_id, note_date FROM progress_note"
    "   UNION ALL SELECT student_id, sent_on FROM partner_referral"
    "   UNION ALL SELECT student_id, outcome_on FROM partner_referral"
    " ) a JOIN student s ON s.id = a.student_id"
    " WHERE s.anonymised = 0"
    " GROUP BY a.student_id HAVING max(a.d) > ?1 AND max(a.d) <= ?2";

/* A tutor already anonymised (by an earlier run) has #id for first name
 * and an empty search key: nobody's real name. */
static const char select_tutors[] =
    "INSERT INTO temp.anon_tutor (id)"
    " SELECT a.tutor_id FROM ("
    "   SELECT id AS tutor_id, applied_on AS d FROM tutor"
    "   UNION ALL SELECT id, status_date FROM tutor"
    "   UNION ALL SELECT id, answered_on FROM tutor"
    "   UNION ALL SELECT id, hire_date FROM tutor"
    "   UNION ALL SELECT id, check_requested_on FROM tutor"
    "   UNION ALL SELECT id, check_completed_on FROM tutor"
    "   UNION ALL SELECT id, training_on FROM tutor"
    "   UNION ALL SELECT id, confidentiality_on FROM tutor"
    "   UNION ALL SELECT tutor_id, changed_on FROM tutor_status_history"
    "   UNION ALL SELECT tutor_id, effective_on FROM tutor_rate"
    "   UNION ALL SELECT tutor_id, session_date FROM session"
    "   UNION ALL SELECT g.tutor_id, se.session_date FROM tutoring_group g"
    "     JOIN session se ON se.group_id = g.id"
    "   UNION ALL SELECT tutor_id, start_date FROM tutoring_group"
    "   UNION ALL SELECT tutor_id, end_date FROM tutoring_group"
    "   UNION ALL SELECT tutor_id, from_date FROM group_tutor_history"
    "   UNION ALL SELECT tutor_id, to_date FROM group_tutor_history"
    " ) a JOIN tutor t ON t.id = a.tutor_id"
    " WHERE NOT (t.first_name = '#' || t.id AND t.search_key = '')"
    " GROUP BY a.tutor_id HAVING max(a.d) > ?1 AND max(a.d) <= ?2";

/* The rows whose audit entries hold removed values: those of the people
 * above, and rows since deleted that the log's whole-row entries tie to
 * them (a replaced guardian, say). */
#define ENTRY_JSON "CASE WHEN json_valid(ifnull(new_value, old_value))" \
                   " THEN ifnull(new_value, old_value) END"
static const char *const select_rows[] = {
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'student', id FROM temp.anon_student",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'guardian', id FROM guardian"
    " WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'referral', id FROM referral"
    " WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'referral_status_history', h.id"
    " FROM referral_status_history h JOIN referral r ON r.id = h.referral_id"
    " WHERE r.student_id IN (SELECT id FROM temp.anon_student)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'consent', id FROM consent"
    " WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'membership', id FROM membership"
    " WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'progress_note', id FROM progress_note"
    " WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'partner_referral', id FROM partner_referral"
    " WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'tutor', id FROM temp.anon_tutor",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'tutor_status_history', id"
    " FROM tutor_status_history WHERE tutor_id IN (SELECT id FROM temp.anon_tutor)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'group_tutor_history', id"
    " FROM group_tutor_history WHERE tutor_id IN (SELECT id FROM temp.anon_tutor)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'tutoring_group', id FROM tutoring_group"
    " WHERE tutor_id IN (SELECT id FROM temp.anon_tutor)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'session', id FROM session"
    " WHERE session_date > ?1 AND session_date <= ?2",
    "INSERT OR IGNORE INTO temp.anon_row SELECT table_name, row_id FROM audit_log"
    " WHERE field IS NULL AND row_id IS NOT NULL AND table_name IN ('guardian', 'referral',"
    " 'consent', 'membership', 'progress_note', 'partner_referral')"
    " AND CAST(json_extract(" ENTRY_JSON ", '$.student_id') AS INTEGER)"
    "   IN (SELECT id FROM temp.anon_student)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT table_name, row_id FROM audit_log"
    " WHERE field IS NULL AND row_id IS NOT NULL AND table_name IN ('tutor_status_history',"
    " 'group_tutor_history', 'tutoring_group')"
    " AND CAST(json_extract(" ENTRY_JSON ", '$.tutor_id') AS INTEGER)"
    "   IN (SELECT id FROM temp.anon_tutor)",
    "INSERT OR IGNORE INTO temp.anon_row SELECT 'referral_status_history', row_id FROM audit_log"
    " WHERE table_name = 'referral_status_history' AND field IS NULL AND row_id IS NOT NULL"
    " AND CAST(json_extract(" ENTRY_JSON ", '$.referral_id') AS INTEGER)"
    "   IN (SELECT row_id FROM temp.anon_row WHERE table_name = 'referral')",
};

static const char *const temp_tables[] = {
    "CREATE TEMP TABLE IF NOT EXISTS anon_student (id INTEGER PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS anon_tutor (id INTEGER PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS anon_row (table_name TEXT NOT NULL, row_id INTEGER NOT NULL,"
    " PRIMARY KEY (table_name, row_id)) WITHOUT ROWID",
    "DELETE FROM temp.anon_student",
    "DELETE FROM temp.anon_tutor",
    "DELETE FROM temp.anon_row",
};

static void drop_temp_tables(struct tt_db *db)
{
    /* Only ids; dropped so the connection is left as it was found. */
    static const char *const drops[] = {
        "DROP TABLE IF EXISTS temp.anon_student",
        "DROP TABLE IF EXISTS temp.anon_tutor",
        "DROP TABLE IF EXISTS temp.anon_row",
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(drops); i++) {
        sqlite3_stmt *st = db_stmt(db, drops[i], NULL);
        if (st) {
            sqlite3_step(st);
            sqlite3_reset(st);
        }
    }
}

/* Fills the temporary tables and counts what they cover. */
static int collect(struct tt_db *db, const struct year *y, struct anonymise_summary *sum,
                   struct tt_error *err)
{
    int rc = TT_OK;
    for (size_t i = 0; i < TT_ARRAY_LEN(temp_tables) && rc == TT_OK; i++)
        rc = RUN(db, temp_tables[i], NULL, err, NULL);
    if (rc == TT_OK)
        rc = RUN(db, select_students, NULL, err, y->lower, y->end);
    if (rc == TT_OK)
        rc = RUN(db, select_tutors, NULL, err, y->lower, y->end);
    for (size_t i = 0; i < TT_ARRAY_LEN(select_rows) && rc == TT_OK; i++)
        rc = RUN(db, select_rows[i], NULL, err, y->lower, y->end);
    const struct {
        const char *sql;
        long *out;
    } counts[] = {
        { "SELECT count(*) FROM temp.anon_student", &sum->students },
        { "SELECT count(*) FROM temp.anon_tutor", &sum->tutors },
        { "SELECT count(*) FROM guardian WHERE student_id IN (SELECT id FROM temp.anon_student)",
          &sum->guardians },
        { "SELECT count(*) FROM referral WHERE student_id IN (SELECT id FROM temp.anon_student)",
          &sum->referrals },
        { "SELECT count(*) FROM consent WHERE student_id IN (SELECT id FROM temp.anon_student)",
          &sum->consents },
        { "SELECT count(*) FROM membership WHERE student_id IN (SELECT id FROM temp.anon_student)",
          &sum->memberships },
        { "SELECT count(*) FROM progress_note"
          " WHERE student_id IN (SELECT id FROM temp.anon_student)",
          &sum->progress_notes },
        { "SELECT count(*) FROM partner_referral"
          " WHERE student_id IN (SELECT id FROM temp.anon_student)",
          &sum->partner_referrals },
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(counts) && rc == TT_OK; i++)
        rc = count(db, counts[i].sql, counts[i].out, err);
    if (rc == TT_OK) {
        sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM session WHERE session_date > ?1"
                                       " AND session_date <= ?2 AND cancel_reason IS NOT NULL"
                                       " AND cancel_reason IS NOT ?3", err);
        if (st == NULL)
            return stmt_error(err);
        sqlite3_bind_text(st, 1, y->lower, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, y->end, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, placeholder(), -1, SQLITE_TRANSIENT);
        int s = sqlite3_step(st);
        if (s == SQLITE_ROW)
            sum->sessions = (long)sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (s != SQLITE_ROW)
            rc = db_fail(db, s, err, _("Reading the database"));
    }
    return rc;
}

int anonymise_preview(struct tt_db *db, const char *label, tt_day today,
                      struct anonymise_summary *sum, struct tt_error *err)
{
    memset(sum, 0, sizeof *sum);
    struct year y;
    int rc = find_year(db, label, today, &y, sum, err);
    if (rc != TT_OK)
        return rc;
    free(y.anonymised_at);
    rc = collect(db, &y, sum, err);
    drop_temp_tables(db);
    return rc;
}

/* ---- what is removed --------------------------------------------------- */

/* ?1 the placeholder word; the row's own id makes the rest unique. */
static const char *const anonymise_people[] = {
    "UPDATE student SET local_number = 'ANON' || id, code_permanent = NULL, last_name = ?1,"
    " first_name = '#' || id, search_key = '', birth_date = NULL, class_group = NULL,"
    " anonymised = 1, row_version = row_version + 1, updated_at = datetime('now')"
    " WHERE id IN (SELECT id FROM temp.anon_student)",
    "UPDATE guardian SET full_name = ?1, phone = NULL, email = NULL,"
    " row_version = row_version + 1 WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "UPDATE referral SET referrer_name = ?1, class_group = NULL, difficulties = NULL,"
    " strengths = NULL, strategies_tried = NULL, since_when = NULL, pairing_constraints = NULL,"
    " closed_reason = CASE WHEN closed_reason IS NULL THEN NULL ELSE ?1 END,"
    " row_version = row_version + 1, updated_at = datetime('now')"
    " WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "UPDATE referral_status_history SET note = NULL WHERE note IS NOT NULL AND referral_id IN"
    " (SELECT id FROM referral WHERE student_id IN (SELECT id FROM temp.anon_student))",
    "UPDATE partner_referral SET outcome = NULL WHERE outcome IS NOT NULL"
    " AND student_id IN (SELECT id FROM temp.anon_student)",
    "UPDATE consent SET note = NULL, row_version = row_version + 1 WHERE note IS NOT NULL"
    " AND student_id IN (SELECT id FROM temp.anon_student)",
    "UPDATE membership SET join_reason = NULL,"
    " leave_reason = CASE WHEN leave_reason IS NULL THEN NULL ELSE ?1 END"
    " WHERE student_id IN (SELECT id FROM temp.anon_student)",
    "UPDATE progress_note SET body = NULL WHERE body IS NOT NULL"
    " AND student_id IN (SELECT id FROM temp.anon_student)",
    "UPDATE tutor SET last_name = ?1, first_name = '#' || id, search_key = '', email = NULL,"
    " phone = NULL, institution = NULL, program = NULL, region = NULL, desired_org = NULL,"
    " availability_text = NULL, employee_number = NULL, notes = NULL,"
    " row_version = row_version + 1, updated_at = datetime('now')"
    " WHERE id IN (SELECT id FROM temp.anon_tutor)",
    "UPDATE tutor_status_history SET note = NULL WHERE note IS NOT NULL"
    " AND tutor_id IN (SELECT id FROM temp.anon_tutor)",
    "UPDATE tutor_rate SET note = NULL WHERE note IS NOT NULL"
    " AND tutor_id IN (SELECT id FROM temp.anon_tutor)",
    "UPDATE group_tutor_history SET reason = NULL WHERE reason IS NOT NULL"
    " AND tutor_id IN (SELECT id FROM temp.anon_tutor)",
    "UPDATE tutoring_group SET meeting_link = NULL, row_version = row_version + 1"
    " WHERE meeting_link IS NOT NULL AND tutor_id IN (SELECT id FROM temp.anon_tutor)",
    /* Cancellation reasons name people ("Tutrice malade", a student's
     * name): every one of the year's sessions, whoever led it. */
    "UPDATE session SET cancel_reason = ?1, row_version = row_version + 1,"
    " updated_at = datetime('now') WHERE cancel_reason IS NOT NULL AND cancel_reason IS NOT ?1"
    " AND id IN (SELECT row_id FROM temp.anon_row WHERE table_name = 'session')",
};

/* In the audit entries of those rows: an updated field's old and new
 * values when the field is one removed above; in a whole-row entry (field
 * NULL, the row as JSON), those fields' keys.  One statement per table, so
 * each entry is counted once. */
#define JSON_OUT(v, paths) \
    "CASE WHEN field IS NOT NULL THEN NULL WHEN json_valid(" v ") THEN json_remove(" v ", " \
    paths ") END"
#define AUDIT_CLEAN(table, fields, paths) \
    "UPDATE audit_log SET old_value = " JSON_OUT("old_value", paths) \
    ", new_value = " JSON_OUT("new_value", paths) \
    " WHERE table_name = '" table "' AND (field IS NULL OR field IN (" fields "))" \
    " AND (old_value IS NOT NULL OR new_value IS NOT NULL)" \
    " AND row_id IN (SELECT row_id FROM temp.anon_row WHERE table_name = '" table "')"
static const char *const clean_audit[] = {
    AUDIT_CLEAN("student",
                "'local_number', 'code_permanent', 'last_name', 'first_name', 'search_key',"
                " 'birth_date', 'class_group'",
                "'$.local_number', '$.code_permanent', '$.last_name', '$.first_name',"
                " '$.search_key', '$.birth_date', '$.class_group'"),
    AUDIT_CLEAN("guardian", "'full_name', 'phone', 'email'",
                "'$.full_name', '$.phone', '$.email'"),
    AUDIT_CLEAN("referral",
                "'referrer_name', 'class_group', 'difficulties', 'strengths', 'strategies_tried',"
                " 'since_when', 'pairing_constraints', 'closed_reason'",
                "'$.referrer_name', '$.class_group', '$.difficulties', '$.strengths',"
                " '$.strategies_tried', '$.since_when', '$.pairing_constraints',"
                " '$.closed_reason'"),
    AUDIT_CLEAN("referral_status_history", "'note'", "'$.note'"),
    AUDIT_CLEAN("partner_referral", "'outcome'", "'$.outcome'"),
    AUDIT_CLEAN("consent", "'note'", "'$.note'"),
    AUDIT_CLEAN("membership", "'join_reason', 'leave_reason'",
                "'$.join_reason', '$.leave_reason'"),
    AUDIT_CLEAN("progress_note", "'body'", "'$.body'"),
    AUDIT_CLEAN("tutor",
                "'last_name', 'first_name', 'search_key', 'email', 'phone', 'institution',"
                " 'program', 'region', 'desired_org', 'availability_text', 'employee_number',"
                " 'notes'",
                "'$.last_name', '$.first_name', '$.search_key', '$.email', '$.phone',"
                " '$.institution', '$.program', '$.region', '$.desired_org',"
                " '$.availability_text', '$.employee_number', '$.notes'"),
    AUDIT_CLEAN("tutor_status_history", "'note'", "'$.note'"),
    AUDIT_CLEAN("group_tutor_history", "'reason'", "'$.reason'"),
    AUDIT_CLEAN("tutoring_group", "'meeting_link'", "'$.meeting_link'"),
    AUDIT_CLEAN("session", "'cancel_reason'", "'$.cancel_reason'"),
    /* tutor_rate has no rowid: its entries are whole rows, under the
     * tutor's id (older ones under none, found by the tutor they name). */
    "UPDATE audit_log SET old_value = CASE WHEN json_valid(old_value)"
    " THEN json_remove(old_value, '$.note') END,"
    " new_value = CASE WHEN json_valid(new_value) THEN json_remove(new_value, '$.note') END"
    " WHERE table_name = 'tutor_rate' AND (row_id IN (SELECT id FROM temp.anon_tutor)"
    " OR (row_id IS NULL AND CAST(json_extract(" ENTRY_JSON ", '$.tutor_id') AS INTEGER)"
    "   IN (SELECT id FROM temp.anon_tutor)))",
};

/* Who viewed or exported the file stays; the detail (an export's file
 * name, say) goes. */
static const char clean_access[] =
    "UPDATE access_log SET detail = NULL WHERE detail IS NOT NULL"
    " AND ((subject_table = 'student' AND subject_id IN (SELECT id FROM temp.anon_student))"
    "   OR (subject_table = 'tutor' AND subject_id IN (SELECT id FROM temp.anon_tutor)))";

static int anonymise_rows(struct tt_db *db, struct anonymise_summary *sum, struct tt_error *err)
{
    int rc = TT_OK;
    const char *word = placeholder();
    for (size_t i = 0; i < TT_ARRAY_LEN(anonymise_people) && rc == TT_OK; i++)
        rc = RUN(db, anonymise_people[i], NULL, err, word);
    /* The controlled exception: only this transaction, only these rows. */
    if (rc == TT_OK)
        rc = db_logs_unlock(db, err);
    for (size_t i = 0; i < TT_ARRAY_LEN(clean_audit) && rc == TT_OK; i++)
        rc = RUN(db, clean_audit[i], &sum->audit_entries, err, NULL);
    if (rc == TT_OK)
        rc = RUN(db, clean_access, &sum->access_entries, err, NULL);
    if (rc == TT_OK)
        rc = db_logs_relock(db, err);
    /* The external-content index keeps the old words in its segments
     * until rebuilt from the (now empty) search keys. */
    if (rc == TT_OK)
        rc = RUN(db, "INSERT INTO student_fts (student_fts) VALUES ('rebuild')", NULL, err, NULL);
    return rc;
}

/* ---- backup, record, vacuum -------------------------------------------- */

char *anonymise_backup_folder(const struct tt_db *db, const struct settings *s)
{
    return backup_folder(db, s);
}

/* tutorat-before-anonymise-LABEL-DAY.db, -2, -3... if run again that day.
 * Not the daily backups' name, so their rotation leaves it alone. */
static int choose_backup_path(const char *folder, const char *label, tt_day today, char *out,
                              size_t size, struct tt_error *err)
{
    char day[11];
    date_iso(today, day);
    for (int n = 1; n < 100; n++) {
        char suffix[8] = "";
        if (n > 1)
            snprintf(suffix, sizeof suffix, "-%d", n);
        int len = snprintf(out, size, "%s/tutorat-before-anonymise-%s-%s%s.db", folder, label,
                           day, suffix);
        if (len < 0 || (size_t)len >= size)
            break;
        struct stat st;
        if (stat(out, &st) != 0 && errno == ENOENT)
            return TT_OK;
    }
    out[0] = '\0';
    return tt_error_set(err, TT_ERR_IO, _("Cannot choose a name for the backup in %s."), folder);
}

static int record(struct tt_db *db, const struct year *y, struct anonymise_summary *sum,
                  struct tt_error *err)
{
    char at[32] = "";
    sqlite3_stmt *st = db_stmt(db, "SELECT datetime('now')", err);
    if (st == NULL)
        return stmt_error(err);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        tt_strlcpy(at, (const char *)sqlite3_column_text(st, 0), sizeof at);
    sqlite3_reset(st);
    if (s != SQLITE_ROW)
        return db_fail(db, s, err, _("Reading the database"));
    /* One entry says what was done, by whom, with the counts; the values
     * removed are written nowhere. */
    st = db_stmt(db, "INSERT INTO audit_log (login, table_name, row_id, action, field, old_value,"
                     " new_value) VALUES (?1, 'school_year', ?2, 'update', 'anonymised_at', ?3,"
                     " json_object('anonymised_at', ?4, 'students', ?5, 'guardians', ?6,"
                     " 'referrals', ?7, 'consents', ?8, 'memberships', ?9, 'progress_notes', ?10,"
                     " 'partner_referrals', ?11, 'tutors', ?12, 'sessions', ?13,"
                     " 'audit_entries', ?14, 'access_entries', ?15, 'backup', ?16))", err);
    if (st == NULL)
        return stmt_error(err);
    sqlite3_bind_text(st, 1, db_login(db), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, y->id);
    if (y->anonymised_at)
        sqlite3_bind_text(st, 3, y->anonymised_at, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    const long n[] = { sum->students, sum->guardians, sum->referrals, sum->consents,
                       sum->memberships, sum->progress_notes, sum->partner_referrals, sum->tutors,
                       sum->sessions, sum->audit_entries, sum->access_entries };
    for (int i = 0; i < (int)TT_ARRAY_LEN(n); i++)
        sqlite3_bind_int64(st, 5 + i, n[i]);
    sqlite3_bind_text(st, 16, sum->backup_path, -1, SQLITE_TRANSIENT);
    int rc = db_step_done(db, st, _("Writing the audit log"), err);
    if (rc != TT_OK)
        return rc;
    st = db_stmt(db, "UPDATE school_year SET anonymised_at = ?2 WHERE id = ?1", err);
    if (st == NULL)
        return stmt_error(err);
    sqlite3_bind_int64(st, 1, y->id);
    sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
    return db_step_done(db, st, _("Recording the school year"), err);
}

static int secure_delete_get(struct tt_db *db, struct tt_error *err)
{
    int64_t v = 0;
    return db_scalar_int(db, "PRAGMA secure_delete", &v, err) == TT_OK ? (int)v : -1;
}

static void secure_delete_set(struct tt_db *db, int v)
{
    /* A pragma takes no parameter: one literal per value. */
    const char *sql = v == 1 ? "PRAGMA secure_delete = 1"
                    : v == 2 ? "PRAGMA secure_delete = 2" : "PRAGMA secure_delete = 0";
    sqlite3_stmt *st = db_stmt(db, sql, NULL);
    if (st) {
        while (sqlite3_step(st) == SQLITE_ROW)
            ;
        sqlite3_reset(st);
    }
}

/* After the commit: VACUUM rewrites the file from the live rows only, and
 * the checkpoint copies it over the old pages and empties the log.  The
 * anonymisation stands either way; a failure here is reported, not undone. */
static void compact(struct tt_db *db, struct anonymise_summary *sum)
{
    struct tt_error e;
    tt_error_clear(&e);
    sqlite3_stmt *st = db_stmt(db, "VACUUM", &e);
    sum->vacuumed = st != NULL && db_step_done(db, st, _("Compacting the database"), &e) == TT_OK;
    if (!sum->vacuumed)
        tt_strlcpy(sum->warning, e.msg, sizeof sum->warning);
    st = db_stmt(db, "PRAGMA wal_checkpoint(TRUNCATE)", &e);
    if (st == NULL)
        return;
    if (sqlite3_step(st) == SQLITE_ROW)
        sum->wal_emptied = sqlite3_column_int(st, 0) == 0;
    sqlite3_reset(st);
}

/* The backup, then the write lock, with no one else's commit in between:
 * SQLite cannot copy from a connection that holds a write transaction, so
 * the copy comes first and data_version, which moves at every other
 * connection's commit, proves the lock was taken on the very state copied.
 * Otherwise the copy is thrown away and taken again. */
static int backup_then_lock(struct tt_db *db, const char *folder, const char *label, tt_day today,
                            struct anonymise_summary *sum, struct tt_error *err)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        int64_t before = 0, after = 0;
        int rc = db_scalar_int(db, "PRAGMA data_version", &before, err);
        if (rc == TT_OK)
            rc = choose_backup_path(folder, label, today, sum->backup_path,
                                    sizeof sum->backup_path, err);
        if (rc == TT_OK)
            rc = backup_to(db, sum->backup_path, err);
        if (rc != TT_OK) {
            sum->backup_path[0] = '\0';
            return rc;
        }
        /* Said and recorded in full, wherever the command was run from. */
        char *full = realpath(sum->backup_path, NULL);
        if (full && strlen(full) < sizeof sum->backup_path)
            tt_strlcpy(sum->backup_path, full, sizeof sum->backup_path);
        free(full);
        rc = db_begin(db, err);
        if (rc == TT_OK)
            rc = db_scalar_int(db, "PRAGMA data_version", &after, err);
        if (rc == TT_OK && after == before)
            return TT_OK;
        db_rollback(db);
        unlink(sum->backup_path);
        sum->backup_path[0] = '\0';
        if (rc != TT_OK)
            return rc;
    }
    return tt_error_set(err, TT_ERR_BUSY, "%s",
                        _("Other users kept changing the database while it was being backed up; "
                          "nothing was changed. Try again when fewer people are working."));
}

int anonymise_year(struct tt_db *db, const struct settings *s, const char *label, tt_day today,
                   struct anonymise_summary *sum, struct tt_error *err)
{
    memset(sum, 0, sizeof *sum);
    struct tt_error local;
    tt_error_clear(&local);
    if (err == NULL)
        err = &local;
    if (strcmp(db_path(db), ":memory:") == 0)
        return tt_error_set(err, TT_ERR_INVALID, "%s",
                            _("A database in memory cannot be backed up, so it is not "
                              "anonymised."));
    /* Refused before any backup or lock; checked again inside. */
    struct year y;
    int rc = find_year(db, label, today, &y, sum, err);
    free(y.anonymised_at);
    if (rc != TT_OK)
        return rc;
    char *folder = backup_folder(db, s);
    rc = paths_mkdir_p(folder, 0700, err);
    if (rc != TT_OK) {
        free(folder);
        return rc;
    }
    int old_secure = secure_delete_get(db, err);
    if (old_secure < 0) {
        free(folder);
        return stmt_error(err);
    }
    /* Freed space and pages are overwritten with zeros as the rows change,
     * so even the log's copies of changed pages hold no old value. */
    secure_delete_set(db, 1);
    rc = backup_then_lock(db, folder, label, today, sum, err);
    free(folder);
    if (rc != TT_OK) {
        secure_delete_set(db, old_secure);
        return rc;
    }
    /* Someone may have changed the calendar or the roles meanwhile. */
    rc = find_year(db, label, today, &y, sum, err);
    db_set_audit(db, 0);
    if (rc == TT_OK)
        rc = collect(db, &y, sum, err);
    if (rc == TT_OK)
        rc = anonymise_rows(db, sum, err);
    if (rc == TT_OK)
        rc = record(db, &y, sum, err);
    if (rc == TT_OK)
        rc = db_commit(db, err);
    else
        db_rollback(db);
    db_set_audit(db, 1);
    drop_temp_tables(db);
    if (rc == TT_OK) {
        compact(db, sum);
    } else {
        /* Nothing changed: a spare copy of everyone's data is not kept. */
        unlink(sum->backup_path);
        sum->backup_path[0] = '\0';
    }
    secure_delete_set(db, old_secure);
    free(y.anonymised_at);
    return rc;
}
