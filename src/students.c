#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"
#include "fields.h"
#include "i18n.h"
#include "students.h"
#include "text.h"
#include "util.h"

/* Characters, not bytes: "Éloïse" is six. */

int student_code_permanent_normalise(const char *in, char out[13])
{
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '-')
            continue;
        if (n == 12)
            return -1;
        out[n++] = (char)toupper((unsigned char)*p);
    }
    out[n] = '\0';
    if (n != 12)
        return -1;
    for (int i = 0; i < 4; i++)
        if (out[i] < 'A' || out[i] > 'Z')
            return -1;
    for (int i = 4; i < 12; i++)
        if (!isdigit((unsigned char)out[i]))
            return -1;
    return 0;
}

static int check_text(char *value, const char *field, const char *label, int required,
                      size_t max_chars, struct tt_error *err)
{
    tt_trim(value);
    if (required && value[0] == '\0')
        return tt_error_set_field(err, TT_ERR_INVALID, field, _("%s is required."), label);
    if (!text_is_utf8(value))
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s contains characters that are not valid text."), label);
    if (field_chars(value) > max_chars)
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s is too long: at most %zu characters."), label, max_chars);
    return TT_OK;
}

static int check_date(char *value, const char *field, const char *label, int required,
                      struct tt_error *err)
{
    tt_trim(value);
    if (value[0] == '\0')
        return required ? tt_error_set_field(err, TT_ERR_INVALID, field, _("%s is required."), label)
                        : TT_OK;
    tt_day d;
    if (date_parse(value, &d) != 0)
        return tt_error_set_field(err, TT_ERR_INVALID, field,
                                  _("%s: \"%s\" is not a real date; write it 2021-02-24 or "
                                    "24/02/2021."), label, value);
    date_iso(d, value);
    return TT_OK;
}

static int check_choice(const char *value, const char *field, const char *label,
                        const char *const *choices, int required, struct tt_error *err)
{
    if (value[0] == '\0' && !required)
        return TT_OK;
    for (; *choices; choices++)
        if (strcmp(value, *choices) == 0)
            return TT_OK;
    return tt_error_set_field(err, TT_ERR_INVALID, field, _("%s: choose a value from the list."),
                              label);
}

static const char *const levels[] = { "PRE4", "PRE5", "P1", "P2", "P3", "P4", "P5", "P6",
                                      "S1", "S2", "S3", "S4", "S5", NULL };
static const char *const languages[] = { "fr", "en", "other", NULL };

int student_validate(struct student *s, struct tt_error *err)
{
    int rc;
    if ((rc = check_text(s->last_name, "last_name", _("Last name"), 1, NAME_MAX_CHARS, err)) ||
        (rc = check_text(s->first_name, "first_name", _("First name"), 1, NAME_MAX_CHARS, err)) ||
        (rc = check_text(s->local_number, "local_number", _("Local student number"), 1, 20, err)))
        return rc;
    tt_trim(s->code_permanent);
    if (s->code_permanent[0]) {
        char cp[13];
        if (student_code_permanent_normalise(s->code_permanent, cp) != 0)
            return tt_error_set_field(err, TT_ERR_INVALID, "code_permanent",
                                      _("Code permanent: \"%s\" is not valid; expected four letters "
                                        "and eight digits, such as ABCD12345678."),
                                      s->code_permanent);
        tt_strlcpy(s->code_permanent, cp, sizeof s->code_permanent);
    }
    if ((rc = check_date(s->birth_date, "birth_date", _("Birth date"), 0, err)) ||
        (rc = check_choice(s->level, "level", _("Level"), levels, 1, err)) ||
        (rc = check_text(s->class_group, "class_group", _("Class group"), 0, 20, err)) ||
        (rc = check_choice(s->language, "language", _("Language"), languages, 0, err)))
        return rc;
    if (s->school_id <= 0)
        return tt_error_set_field(err, TT_ERR_INVALID, "school", _("%s is required."), _("School"));
    if (s->birth_date[0]) {
        tt_day birth;
        date_parse(s->birth_date, &birth);
        int age = date_age(birth, date_today());
        if (age < 3 || age > 25)
            return tt_error_set_field(err, TT_ERR_INVALID, "birth_date",
                                      _("Birth date: %s gives an age of %d, which is not a school "
                                        "age."), s->birth_date, age);
    }
    return TT_OK;
}

int guardian_validate(struct guardian *g, struct tt_error *err)
{
    static const char *const relationships[] = { "mother", "father", "guardian", "other", NULL };
    const char *f_name = g->rank == 2 ? "guardian2_name" : "guardian1_name";
    const char *f_rel = g->rank == 2 ? "guardian2_relationship" : "guardian1_relationship";
    const char *f_phone = g->rank == 2 ? "guardian2_phone" : "guardian1_phone";
    const char *f_email = g->rank == 2 ? "guardian2_email" : "guardian1_email";
    int rc;
    if ((rc = check_text(g->full_name, f_name, _("Guardian's name"), 1, 200, err)) ||
        (rc = check_choice(g->relationship, f_rel, _("Relationship"), relationships, 1, err)) ||
        (rc = check_text(g->phone, f_phone, _("Phone"), 0, 40, err)) ||
        (rc = check_text(g->email, f_email, _("E-mail"), 0, 200, err)) ||
        (rc = check_choice(g->language, "guardian_language", _("Language"), languages, 0, err)))
        return rc;
    if (g->email[0]) {
        const char *at = strchr(g->email, '@');
        if (at == NULL || at == g->email || at[1] == '\0' || strchr(at + 1, '@') ||
            strchr(g->email, ' '))
            return tt_error_set_field(err, TT_ERR_INVALID, f_email,
                                      _("E-mail: \"%s\" is not an address such as name@example.org."),
                                      g->email);
    }
    if (g->phone[0]) {
        int digits = 0;
        for (const char *p = g->phone; *p; p++) {
            if (isdigit((unsigned char)*p))
                digits++;
            else if (!strchr(" -().+#poste", *p))
                digits = -100;
        }
        if (digits < 7)
            return tt_error_set_field(err, TT_ERR_INVALID, f_phone,
                                      _("Phone: \"%s\" is not a phone number such as 819-555-0123."),
                                      g->phone);
    }
    return TT_OK;
}


char *student_search_key(const char *last_name, const char *first_name,
                         const char *local_number, const char *code_permanent)
{
    char *names = xasprintf("%s %s", last_name, first_name);
    char *folded = text_fold(names);
    char *cp = text_fold(code_permanent ? code_permanent : "");
    char *key = xasprintf("%s %s %s", folded, local_number ? local_number : "", cp);
    free(names);
    free(folded);
    free(cp);
    tt_trim(key);
    return key;
}

int students_refresh_search_keys(struct tt_db *db, struct tt_error *err)
{
    sqlite3_stmt *read = NULL;
    int rc = sqlite3_prepare_v2(db_handle(db),
        "SELECT id, last_name, first_name, local_number, code_permanent FROM student",
        -1, &read, NULL);
    if (rc != SQLITE_OK)
        return db_fail(db, rc, err, _("Updating the search index"));
    while ((rc = sqlite3_step(read)) == SQLITE_ROW) {
        char *key = student_search_key((const char *)sqlite3_column_text(read, 1),
                                       (const char *)sqlite3_column_text(read, 2),
                                       (const char *)sqlite3_column_text(read, 3),
                                       (const char *)sqlite3_column_text(read, 4));
        sqlite3_stmt *up = db_stmt(db, "UPDATE student SET search_key = ?2 WHERE id = ?1"
                                       " AND search_key IS NOT ?2", err);
        if (up == NULL) {
            free(key);
            sqlite3_finalize(read);
            return err ? err->code : TT_ERR_DB;
        }
        sqlite3_bind_int64(up, 1, sqlite3_column_int64(read, 0));
        sqlite3_bind_text(up, 2, key, -1, SQLITE_TRANSIENT);
        int s2 = sqlite3_step(up);
        sqlite3_reset(up);
        free(key);
        if (s2 != SQLITE_DONE) {
            sqlite3_finalize(read);
            return db_fail(db, s2, err, _("Updating the search index"));
        }
    }
    sqlite3_finalize(read);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Updating the search index"));
}

int student_find_duplicates(struct tt_db *db, const struct student *s, int64_t *ids, int max,
                            int *n, struct tt_error *err)
{
    *n = 0;
    char *names = xasprintf("%s %s", s->last_name, s->first_name);
    char *key = text_fold(names);
    free(names);
    /* Same name and birth date: the folded names open the search key. */
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id FROM student WHERE id <> ?1 AND (local_number = ?2"
        " OR (?3 IS NOT NULL AND code_permanent = ?3)"
        " OR (?4 IS NOT NULL AND birth_date = ?4 AND (search_key = ?5 OR search_key LIKE ?5 || ' %')))"
        " ORDER BY id LIMIT ?6", err);
    if (st == NULL) {
        free(key);
        return err ? err->code : TT_ERR_DB;
    }
    sqlite3_bind_int64(st, 1, s->id);
    sqlite3_bind_text(st, 2, s->local_number, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 3, s->code_permanent);
    field_bind_opt(st, 4, s->birth_date);
    sqlite3_bind_text(st, 5, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 6, max);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    free(key);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, rc, err, _("Looking for the same student"));
    return TT_OK;
}

/* Law 25: once anonymised (tutorat anonymise), a student's identity is
 * never written again, whatever the path: a form, an import, a command. */
static int refuse_anonymised(struct tt_db *db, int64_t id, struct tt_error *err)
{
    if (id == 0)
        return TT_OK;
    sqlite3_stmt *st = db_stmt(db, "SELECT anonymised FROM student WHERE id = ?1", err);
    STMT_OR_FAIL(st);
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    int yes = s == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return db_fail(db, s, err, _("Reading the student"));
    if (yes)
        return tt_error_set(err, TT_ERR_RULE, "%s",
                            _("This student's record was anonymised (Law 25): it can no longer "
                              "be changed. A student who comes back gets a new record."));
    return TT_OK;
}

int student_save(struct tt_db *db, struct student *s, struct tt_error *err)
{
    int rc = student_validate(s, err);
    if (rc == TT_OK)
        rc = refuse_anonymised(db, s->id, err);
    if (rc != TT_OK)
        return rc;
    char *key = student_search_key(s->last_name, s->first_name, s->local_number,
                                   s->code_permanent);
    sqlite3_stmt *st;
    if (s->id == 0)
        st = db_stmt(db,
            "INSERT INTO student (school_id, local_number, code_permanent, last_name, first_name,"
            " search_key, birth_date, level, class_group, language, has_intervention_plan,"
            " needs_francization) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", err);
    else
        st = db_stmt(db,
            "UPDATE student SET school_id = ?2, local_number = ?3, code_permanent = ?4,"
            " last_name = ?5, first_name = ?6, search_key = ?7, birth_date = ?8, level = ?9,"
            " class_group = ?10, language = ?11, has_intervention_plan = ?12,"
            " needs_francization = ?13, row_version = row_version + 1, updated_at = datetime('now')"
            " WHERE id = ?1 AND row_version = ?14", err);
    if (st == NULL) {
        free(key);
        return err ? err->code : TT_ERR_DB;
    }
    if (s->id)
        sqlite3_bind_int64(st, 1, s->id);
    sqlite3_bind_int64(st, 2, s->school_id);
    sqlite3_bind_text(st, 3, s->local_number, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 4, s->code_permanent);
    sqlite3_bind_text(st, 5, s->last_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, s->first_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, key, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 8, s->birth_date);
    sqlite3_bind_text(st, 9, s->level, -1, SQLITE_TRANSIENT);
    field_bind_opt(st, 10, s->class_group);
    field_bind_opt(st, 11, s->language);
    sqlite3_bind_int(st, 12, s->has_intervention_plan ? 1 : 0);
    sqlite3_bind_int(st, 13, s->needs_francization ? 1 : 0);
    if (s->id)
        sqlite3_bind_int64(st, 14, s->row_version);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    free(key);
    if (r != SQLITE_DONE) {
        if ((r & 0xff) == SQLITE_CONSTRAINT &&
            strstr(sqlite3_errmsg(db_handle(db)), "local_number"))
            return tt_error_set_field(err, TT_ERR_RULE, "local_number",
                                      _("Another student already has local number %s."),
                                      s->local_number);
        if ((r & 0xff) == SQLITE_CONSTRAINT &&
            strstr(sqlite3_errmsg(db_handle(db)), "code_permanent"))
            return tt_error_set_field(err, TT_ERR_RULE, "code_permanent",
                                      _("Another student already has code permanent %s."),
                                      s->code_permanent);
        return db_fail(db, r, err, _("Saving the student"));
    }
    if (s->id == 0) {
        s->id = db_last_id(db);
        s->row_version = 1;
    } else if (sqlite3_changes(db_handle(db)) == 0) {
        return tt_error_set(err, TT_ERR_CONFLICT,
                            _("Someone else changed this student since you opened it."));
    } else {
        s->row_version++;
    }
    return TT_OK;
}

static void copy_col(sqlite3_stmt *st, int i, char *dst, size_t size)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    tt_strlcpy(dst, v ? (const char *)v : "", size);
}

int student_get(struct tt_db *db, int64_t id, struct student *s, struct tt_error *err)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id, row_version, school_id, local_number, code_permanent, last_name, first_name,"
        " birth_date, level, class_group, language, has_intervention_plan, needs_francization"
        " FROM student WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        if (r == SQLITE_DONE)
            return tt_error_set(err, TT_ERR_NOTFOUND, _("This student no longer exists."));
        return db_fail(db, r, err, _("Reading the student"));
    }
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    s->row_version = sqlite3_column_int64(st, 1);
    s->school_id = sqlite3_column_int64(st, 2);
    copy_col(st, 3, s->local_number, sizeof s->local_number);
    copy_col(st, 4, s->code_permanent, sizeof s->code_permanent);
    copy_col(st, 5, s->last_name, sizeof s->last_name);
    copy_col(st, 6, s->first_name, sizeof s->first_name);
    copy_col(st, 7, s->birth_date, sizeof s->birth_date);
    copy_col(st, 8, s->level, sizeof s->level);
    copy_col(st, 9, s->class_group, sizeof s->class_group);
    copy_col(st, 10, s->language, sizeof s->language);
    s->has_intervention_plan = sqlite3_column_int(st, 11);
    s->needs_francization = sqlite3_column_int(st, 12);
    sqlite3_reset(st);
    return TT_OK;
}

int guardian_save(struct tt_db *db, int64_t student_id, struct guardian *g, struct tt_error *err)
{
    tt_trim(g->full_name);
    int arc = refuse_anonymised(db, student_id, err);
    if (arc != TT_OK)
        return arc;
    sqlite3_stmt *st;
    if (g->full_name[0] == '\0') {
        st = db_stmt(db, "DELETE FROM guardian WHERE student_id = ?1 AND rank = ?2", err);
        if (st == NULL)
            return err ? err->code : TT_ERR_DB;
        sqlite3_bind_int64(st, 1, student_id);
        sqlite3_bind_int(st, 2, g->rank);
    } else {
        int rc = guardian_validate(g, err);
        if (rc != TT_OK)
            return rc;
        st = db_stmt(db,
            "INSERT INTO guardian (student_id, rank, full_name, relationship, phone, email, language)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (student_id, rank) DO UPDATE SET"
            " full_name = excluded.full_name, relationship = excluded.relationship,"
            " phone = excluded.phone, email = excluded.email, language = excluded.language,"
            " row_version = row_version + 1", err);
        if (st == NULL)
            return err ? err->code : TT_ERR_DB;
        sqlite3_bind_int64(st, 1, student_id);
        sqlite3_bind_int(st, 2, g->rank);
        sqlite3_bind_text(st, 3, g->full_name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, g->relationship, -1, SQLITE_TRANSIENT);
        field_bind_opt(st, 5, g->phone);
        field_bind_opt(st, 6, g->email);
        field_bind_opt(st, 7, g->language);
    }
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    return r == SQLITE_DONE ? TT_OK : db_fail(db, r, err, _("Saving the guardian"));
}

int guardians_get(struct tt_db *db, int64_t student_id, struct guardian g[2], int *n,
                  struct tt_error *err)
{
    *n = 0;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT id, rank, full_name, relationship, phone, email, language FROM guardian"
        " WHERE student_id = ?1 ORDER BY rank", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, student_id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && *n < 2) {
        struct guardian *x = &g[(*n)++];
        memset(x, 0, sizeof *x);
        x->id = sqlite3_column_int64(st, 0);
        x->rank = sqlite3_column_int(st, 1);
        copy_col(st, 2, x->full_name, sizeof x->full_name);
        copy_col(st, 3, x->relationship, sizeof x->relationship);
        copy_col(st, 4, x->phone, sizeof x->phone);
        copy_col(st, 5, x->email, sizeof x->email);
        copy_col(st, 6, x->language, sizeof x->language);
    }
    sqlite3_reset(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return db_fail(db, r, err, _("Reading the guardians"));
    return TT_OK;
}
