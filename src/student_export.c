#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "i18n.h"
#include "student_export.h"
#include "util.h"

/* Everything held about one student, table by table; ?1 is the student's
 * id.  Each statement is a literal, prepared and bound like any other. */
static const struct {
    const char *name;
    const char *sql;
} sections[] = {
    { "student", "SELECT * FROM student WHERE id = ?1" },
    { "guardians", "SELECT * FROM guardian WHERE student_id = ?1 ORDER BY rank" },
    { "referrals", "SELECT * FROM referral WHERE student_id = ?1 ORDER BY referral_date, id" },
    { "referral_subjects", "SELECT rs.* FROM referral_subject rs JOIN referral r ON r.id ="
                           " rs.referral_id WHERE r.student_id = ?1" },
    { "referral_availability", "SELECT ra.* FROM referral_availability ra JOIN referral r"
                               " ON r.id = ra.referral_id WHERE r.student_id = ?1" },
    { "referral_status_history", "SELECT h.* FROM referral_status_history h JOIN referral r"
                                 " ON r.id = h.referral_id WHERE r.student_id = ?1 ORDER BY h.id" },
    { "partner_referrals", "SELECT * FROM partner_referral WHERE student_id = ?1 ORDER BY id" },
    { "consents", "SELECT * FROM consent WHERE student_id = ?1 ORDER BY id" },
    { "memberships", "SELECT m.*, g.name AS group_name, g.subject FROM membership m JOIN"
                     " tutoring_group g ON g.id = m.group_id WHERE m.student_id = ?1 ORDER BY m.id" },
    { "attendance", "SELECT s.session_date, s.start_min, g.name AS group_name, a.status, a.minutes,"
                    " a.recorded_by, a.recorded_at FROM attendance a JOIN session s ON s.id ="
                    " a.session_id JOIN tutoring_group g ON g.id = s.group_id"
                    " WHERE a.student_id = ?1 ORDER BY s.session_date, s.start_min" },
    { "progress_notes", "SELECT * FROM progress_note WHERE student_id = ?1 ORDER BY note_date, id" },
    { "changes", "SELECT * FROM audit_log WHERE (table_name = 'student' AND row_id = ?1)"
                 " OR (table_name IN ('guardian', 'referral', 'consent', 'membership',"
                 " 'progress_note', 'partner_referral') AND json_extract(CASE WHEN json_valid("
                 "ifnull(new_value, old_value)) THEN ifnull(new_value, old_value) END,"
                 " '$.student_id') = CAST(?1 AS TEXT)) ORDER BY id" },
    { "accesses", "SELECT * FROM access_log WHERE subject_table = 'student' AND subject_id = ?1"
                  " ORDER BY id" },
};

static void json_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void csv_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

static int write_section(struct tt_db *db, FILE *f, int json, const char *name, const char *sql,
                         int64_t id, int first, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    if (json) {
        fprintf(f, "%s\n  ", first ? "" : ",");
        json_text(f, name);
        fputs(": [", f);
    }
    int rc, row = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_count(st);
        if (json)
            fprintf(f, "%s\n    {", row ? "," : "");
        for (int i = 0; i < n; i++) {
            const char *col = sqlite3_column_name(st, i);
            const unsigned char *v = sqlite3_column_text(st, i);
            if (json) {
                fputs(i ? ", " : "", f);
                json_text(f, col);
                fputs(": ", f);
                if (v == NULL)
                    fputs("null", f);
                else if (sqlite3_column_type(st, i) == SQLITE_INTEGER ||
                         sqlite3_column_type(st, i) == SQLITE_FLOAT)
                    fputs((const char *)v, f);
                else
                    json_text(f, (const char *)v);
            } else {
                fprintf(f, "%s,%d,", name, row + 1);
                csv_text(f, col);
                fputc(',', f);
                csv_text(f, v ? (const char *)v : "");
                fputs("\r\n", f);
            }
        }
        if (json)
            fputc('}', f);
        row++;
    }
    sqlite3_reset(st);
    if (json)
        fputs(row ? "\n  ]" : "]", f);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the student's file"));
}

int student_find(struct tt_db *db, const char *key, int64_t *id, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM student WHERE local_number = ?1"
                                   " UNION ALL SELECT id FROM student WHERE CAST(id AS TEXT) = ?1"
                                   " LIMIT 1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return tt_error_set(err, TT_ERR_NOTFOUND,
                            _("No student has the local number (or number) \"%s\"."), key);
    return rc == SQLITE_ROW ? TT_OK : db_fail(db, rc, err, _("Reading the student's file"));
}

int student_export(struct tt_db *db, int64_t id, const char *path, struct tt_error *err)
{
    /* A person's data is theirs to have, not a read-only consultant's to
     * take away. */
    if (strcmp(db_role(db), "readonly") == 0)
        return tt_error_set(err, TT_ERR_PERM, "%s",
                            _("Your role (readonly) does not allow exporting personal data."));
    size_t plen = strlen(path);
    int json = !(plen >= 4 && strcasecmp(path + plen - 4, ".csv") == 0);
    char *tmp = xmalloc(plen + 16);
    snprintf(tmp, plen + 16, "%s.partial", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        int rc = tt_error_set(err, TT_ERR_IO, _("Cannot write %s: %s."), path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(tmp);
        return rc;
    }
    int rc = db_unit_begin(db, err);
    if (rc == TT_OK) {
        if (json)
            fputs("{\n  \"format\": \"tutorat student export 1\",", f);
        else
            fputs("\xEF\xBB\xBF" "table,row,field,value\r\n", f);
        for (size_t i = 0; rc == TT_OK && i < TT_ARRAY_LEN(sections); i++)
            rc = write_section(db, f, json, sections[i].name, sections[i].sql, id, i == 0, err);
        if (json)
            fputs("\n}\n", f);
        if (rc == TT_OK) {
            sqlite3_stmt *st = db_stmt(db, "INSERT INTO access_log (login, action, subject_table,"
                                           " subject_id, detail) VALUES (?1, 'export', 'student',"
                                           " ?2, ?3)", err);
            if (st == NULL) {
                rc = err ? err->code : TT_ERR_DB;
            } else {
                sqlite3_bind_text(st, 1, db_login(db), -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(st, 2, id);
                sqlite3_bind_text(st, 3, path, -1, SQLITE_TRANSIENT);
                int s = sqlite3_step(st);
                sqlite3_reset(st);
                if (s != SQLITE_DONE)
                    rc = db_fail(db, s, err, _("Recording the access"));
            }
        }
    }
    int closed = fclose(f);
    if (rc == TT_OK && closed != 0)
        rc = tt_error_set(err, TT_ERR_IO, _("Cannot write %s: %s."), path, strerror(errno));
    if (rc == TT_OK && rename(tmp, path) != 0)
        rc = tt_error_set(err, TT_ERR_IO, _("Cannot write %s: %s."), path, strerror(errno));
    int end = db_unit_end(db, rc == TT_OK, err);
    if (rc != TT_OK)
        unlink(tmp);
    free(tmp);
    return rc == TT_OK ? end : rc;
}
