#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csvread.h"
#include "i18n.h"
#include "import_common.h"
#include "import_students.h"
#include "students.h"
#include "text.h"
#include "util.h"

enum field {
    F_LOCAL, F_CP, F_LAST, F_FIRST, F_BIRTH, F_LEVEL, F_GROUP, F_SCHOOL,
    F_G1_NAME, F_G1_REL, F_G1_PHONE, F_G1_EMAIL,
    F_G2_NAME, F_G2_REL, F_G2_PHONE, F_G2_EMAIL,
    F__COUNT
};

/* Our field names (as in [import_students]) and the headers school
 * systems write, compared without accents or case. */
static const struct import_field fields[F__COUNT] = {
    [F_LOCAL] = { "local_number", 1, "fiche|no fiche|numero de fiche|no de fiche|numero fiche|"
                                     "student number|local number|student id" },
    [F_CP] = { "code_permanent", 0, "code permanent|permanent code|code perm" },
    [F_LAST] = { "last_name", 1, "nom|nom de famille|last name|surname|family name" },
    [F_FIRST] = { "first_name", 1, "prenom|first name|given name" },
    [F_BIRTH] = { "birth_date", 0, "date de naissance|naissance|birth date|date of birth" },
    [F_LEVEL] = { "level", 1, "niveau|classement|annee|level|grade" },
    [F_GROUP] = { "class_group", 0, "groupe|groupe repere|groupe classe|group|class|homeroom" },
    [F_SCHOOL] = { "school", 1, "ecole|school|etablissement" },
    [F_G1_NAME] = { "guardian1_name", 0, "parent 1|nom parent 1|tuteur 1|guardian 1|parent1" },
    [F_G1_REL] = { "guardian1_relationship", 0, "lien parent 1|lien 1|relationship 1|"
                                                 "guardian 1 relationship" },
    [F_G1_PHONE] = { "guardian1_phone", 0, "telephone parent 1|tel parent 1|phone 1|"
                                           "guardian 1 phone" },
    [F_G1_EMAIL] = { "guardian1_email", 0, "courriel parent 1|email parent 1|e mail 1|email 1|"
                                           "guardian 1 email" },
    [F_G2_NAME] = { "guardian2_name", 0, "parent 2|nom parent 2|tuteur 2|guardian 2|parent2" },
    [F_G2_REL] = { "guardian2_relationship", 0, "lien parent 2|lien 2|relationship 2|"
                                                 "guardian 2 relationship" },
    [F_G2_PHONE] = { "guardian2_phone", 0, "telephone parent 2|tel parent 2|phone 2|"
                                           "guardian 2 phone" },
    [F_G2_EMAIL] = { "guardian2_email", 0, "courriel parent 2|email parent 2|e mail 2|email 2|"
                                           "guardian 2 email" },
};

static int validate_mapping(const char *key, const char *value, char *expected, size_t size)
{
    return import_check_mapping(fields, F__COUNT, key, value, expected, size);
}

void import_students_register_settings(void)
{
    settings_register_section("import_students", validate_mapping);
}

/* School system exports write levels many ways: P3, 3, 3e année, Sec 2,
 * 2e secondaire, S2, Maternelle 5 ans. */
static int parse_level(const char *v, int secondary_school, char out[8])
{
    char *f = text_fold(v);
    int rc = -1;
    int n = 0;
    const char *p = f;
    while (*p && (*p < '0' || *p > '9'))
        p++;
    if (*p)
        n = atoi(p);
    int sec = strstr(f, "sec") != NULL || f[0] == 's';
    int prim = f[0] == 'p' || strstr(f, "annee") != NULL || strstr(f, "grade") != NULL;
    if (strstr(f, "mat") || strstr(f, "pre") || strstr(f, "kind")) {
        if (n == 4 || n == 5) {
            snprintf(out, 8, "PRE%d", n);
            rc = 0;
        }
    } else if (n >= 1 && n <= 5 && (sec || (!prim && secondary_school))) {
        snprintf(out, 8, "S%d", n);
        rc = 0;
    } else if (n >= 1 && n <= 6) {
        snprintf(out, 8, "P%d", n);
        rc = 0;
    }
    free(f);
    return rc;
}

static int parse_relationship(const char *v, char out[16])
{
    char *f = text_fold(v);
    int rc = 0;
    if (f[0] == '\0' || strstr(f, "tut") || strstr(f, "guard"))
        tt_strlcpy(out, "guardian", 16);
    else if (strstr(f, "mere") || strstr(f, "mother") || strcmp(f, "m") == 0)
        tt_strlcpy(out, "mother", 16);
    else if (strstr(f, "pere") || strstr(f, "father") || strcmp(f, "p") == 0)
        tt_strlcpy(out, "father", 16);
    else if (strstr(f, "autre") || strstr(f, "other"))
        tt_strlcpy(out, "other", 16);
    else
        rc = -1;
    free(f);
    return rc;
}

struct school_key {
    int64_t id;
    char *code;     /* folded */
    char *name;     /* folded */
    int secondary;
};

static int load_schools(struct tt_db *db, struct school_key **out, int *n, struct tt_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id, code, name FROM school", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xreallocarray(*out, (size_t)cap, sizeof **out);
        }
        struct school_key *k = &(*out)[(*n)++];
        k->id = sqlite3_column_int64(st, 0);
        k->code = text_fold((const char *)sqlite3_column_text(st, 1));
        k->name = text_fold((const char *)sqlite3_column_text(st, 2));
        k->secondary = strstr(k->name, "secondaire") != NULL || strstr(k->name, "secondary") != NULL ||
                       strstr(k->name, "high") != NULL;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the schools"));
}

static const struct school_key *find_school(const struct school_key *k, int n, const char *v)
{
    char *f = text_fold(v);
    const struct school_key *found = NULL;
    for (int i = 0; i < n && !found; i++)
        if (strcmp(k[i].code, f) == 0 || strcmp(k[i].name, f) == 0)
            found = &k[i];
    free(f);
    return found;
}

/* The input field a validation error names, as the file's header. */
static int field_to_column(const char *field)
{
    static const struct { const char *field; int f; } map[] = {
        { "local_number", F_LOCAL }, { "code_permanent", F_CP }, { "last_name", F_LAST },
        { "first_name", F_FIRST }, { "birth_date", F_BIRTH }, { "level", F_LEVEL },
        { "class_group", F_GROUP }, { "school", F_SCHOOL },
        { "guardian1_name", F_G1_NAME }, { "guardian1_relationship", F_G1_REL },
        { "guardian1_phone", F_G1_PHONE }, { "guardian1_email", F_G1_EMAIL },
        { "guardian2_name", F_G2_NAME }, { "guardian2_relationship", F_G2_REL },
        { "guardian2_phone", F_G2_PHONE }, { "guardian2_email", F_G2_EMAIL },
    };
    for (size_t i = 0; i < TT_ARRAY_LEN(map); i++)
        if (strcmp(map[i].field, field) == 0)
            return map[i].f;
    return -1;
}

struct row {
    struct student s;
    struct guardian g[2];
    int has_guardian[2];
    int ok;
};

static int prepare_row(const struct csv_table *t, const struct csv_record *rec, const int *col,
                       const struct school_key *schools, int n_schools, struct row *row,
                       struct import_summary *sum)
{
    memset(row, 0, sizeof *row);
    struct student *s = &row->s;
    const char *school = import_cell(rec, col, F_SCHOOL);
    const struct school_key *k = find_school(schools, n_schools, school);
    if (k == NULL) {
        char why[512];
        snprintf(why, sizeof why, _("unknown school \"%s\"; expected the code or the name of a "
                                    "school of the database"), school);
        import_add_problem(sum, rec->line, t->headers[col[F_SCHOOL]], why);
        return -1;
    }
    s->school_id = k->id;
    tt_strlcpy(s->local_number, import_cell(rec, col, F_LOCAL), sizeof s->local_number);
    tt_strlcpy(s->code_permanent, import_cell(rec, col, F_CP), sizeof s->code_permanent);
    tt_strlcpy(s->last_name, import_cell(rec, col, F_LAST), sizeof s->last_name);
    tt_strlcpy(s->first_name, import_cell(rec, col, F_FIRST), sizeof s->first_name);
    tt_strlcpy(s->birth_date, import_cell(rec, col, F_BIRTH), sizeof s->birth_date);
    tt_strlcpy(s->class_group, import_cell(rec, col, F_GROUP), sizeof s->class_group);
    const char *level = import_cell(rec, col, F_LEVEL);
    if (parse_level(level, k->secondary, s->level) != 0) {
        char why[512];
        snprintf(why, sizeof why, _("level \"%s\" is not understood; expected P1 to P6, S1 to S5, "
                                    "3e année, 2e secondaire..."), level);
        import_add_problem(sum, rec->line, t->headers[col[F_LEVEL]], why);
        return -1;
    }
    struct tt_error err;
    tt_error_clear(&err);
    if (student_validate(s, &err) != TT_OK) {
        int f = field_to_column(err.field);
        import_add_problem(sum, rec->line, f >= 0 && col[f] >= 0 ? t->headers[col[f]] : "", err.msg);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        int base = i == 0 ? F_G1_NAME : F_G2_NAME;
        struct guardian *g = &row->g[i];
        g->rank = i + 1;
        tt_strlcpy(g->full_name, import_cell(rec, col, base), sizeof g->full_name);
        tt_trim(g->full_name);
        if (g->full_name[0] == '\0')
            continue;
        const char *rel = import_cell(rec, col, base + 1);
        if (parse_relationship(rel, g->relationship) != 0) {
            char why[512];
            snprintf(why, sizeof why, _("relationship \"%s\" is not understood; expected mère, "
                                        "père, tuteur or autre"), rel);
            import_add_problem(sum, rec->line, t->headers[col[base + 1]], why);
            return -1;
        }
        tt_strlcpy(g->phone, import_cell(rec, col, base + 2), sizeof g->phone);
        tt_strlcpy(g->email, import_cell(rec, col, base + 3), sizeof g->email);
        if (guardian_validate(g, &err) != TT_OK) {
            int f = field_to_column(err.field);
            import_add_problem(sum, rec->line, f >= 0 && col[f] >= 0 ? t->headers[col[f]] : "", err.msg);
            return -1;
        }
        row->has_guardian[i] = 1;
    }
    row->ok = 1;
    return 0;
}

/* Same student, same guardians: nothing to write. */
static int same_as_stored(struct tt_db *db, struct row *row, int64_t id, int *same,
                          struct tt_error *err)
{
    struct student old;
    struct guardian g[2];
    int ng = 0;
    int rc = student_get(db, id, &old, err);
    if (rc == TT_OK)
        rc = guardians_get(db, id, g, &ng, err);
    if (rc != TT_OK)
        return rc;
    const struct student *s = &row->s;
    *same = old.school_id == s->school_id && strcmp(old.code_permanent, s->code_permanent) == 0 &&
            strcmp(old.last_name, s->last_name) == 0 && strcmp(old.first_name, s->first_name) == 0 &&
            strcmp(old.birth_date, s->birth_date) == 0 && strcmp(old.level, s->level) == 0 &&
            strcmp(old.class_group, s->class_group) == 0;
    for (int i = 0; i < 2 && *same; i++) {
        if (!row->has_guardian[i])
            continue;
        const struct guardian *o = NULL;
        for (int k = 0; k < ng; k++)
            if (g[k].rank == i + 1)
                o = &g[k];
        *same = o && strcmp(o->full_name, row->g[i].full_name) == 0 &&
                strcmp(o->relationship, row->g[i].relationship) == 0 &&
                strcmp(o->phone, row->g[i].phone) == 0 && strcmp(o->email, row->g[i].email) == 0;
    }
    /* What the school recorded here and the export lacks stays as it is. */
    row->s.id = id;
    row->s.row_version = old.row_version;
    row->s.has_intervention_plan = old.has_intervention_plan;
    row->s.needs_francization = old.needs_francization;
    if (row->s.language[0] == '\0')
        tt_strlcpy(row->s.language, old.language, sizeof row->s.language);
    return TT_OK;
}

static int find_by_local_number(struct tt_db *db, const char *local, int64_t *id,
                                struct tt_error *err)
{
    *id = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM student WHERE local_number = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, local, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the student"));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A local number twice in one file: the second one is a bad row. */
static void mark_repeats(const struct csv_table *t, const int *col, struct row *rows,
                         struct import_summary *sum)
{
    char **seen = xcalloc((size_t)t->n_rows + 1, sizeof *seen);
    long n = 0;
    for (long r = 0; r < t->n_rows; r++) {
        if (!rows[r].ok)
            continue;
        const char *key = rows[r].s.local_number;
        char **hit = n ? bsearch(&key, seen, (size_t)n, sizeof *seen, cmp_str) : NULL;
        if (hit) {
            char why[512];
            snprintf(why, sizeof why, _("local number %s appears a second time in the file"), key);
            import_add_problem(sum, t->rows[r].line, t->headers[col[F_LOCAL]], why);
            rows[r].ok = 0;
            continue;
        }
        /* Insertion keeps the array sorted; rosters are small enough. */
        long i = n;
        while (i > 0 && strcmp(seen[i - 1], key) > 0) {
            seen[i] = seen[i - 1];
            i--;
        }
        seen[i] = rows[r].s.local_number;
        n++;
    }
    free(seen);
}

int import_students(struct tt_db *db, const struct settings *s, const char *path, int skip_bad,
                    const char *rejects_path, struct import_summary *sum, struct tt_error *err)
{
    memset(sum, 0, sizeof *sum);
    struct csv_table *t = NULL;
    int rc = csv_table_read(path, &t, err);
    if (rc != TT_OK)
        return rc;
    int col[F__COUNT];
    struct school_key *schools = NULL;
    int n_schools = 0;
    rc = import_map_columns(t, s, "import_students", fields, F__COUNT, col, path, err);
    if (rc == TT_OK)
        rc = load_schools(db, &schools, &n_schools, err);
    struct row *rows = rc == TT_OK ? xcalloc((size_t)t->n_rows + 1, sizeof *rows) : NULL;
    if (rc == TT_OK) {
        sum->rows = t->n_rows;
        for (long r = 0; r < t->n_rows; r++)
            prepare_row(t, &t->rows[r], col, schools, n_schools, &rows[r], sum);
        mark_repeats(t, col, rows, sum);
        rc = import_settle_problems(sum, path, skip_bad, err);
    }
    if (rc == TT_OK)
        rc = db_unit_begin(db, err);
    if (rc == TT_OK) {
        for (long r = 0; r < t->n_rows && rc == TT_OK; r++) {
            if (!rows[r].ok)
                continue;
            int64_t id = 0;
            int same = 0;
            rc = find_by_local_number(db, rows[r].s.local_number, &id, err);
            if (rc == TT_OK && id)
                rc = same_as_stored(db, &rows[r], id, &same, err);
            if (rc != TT_OK)
                break;
            if (same) {
                sum->unchanged++;
                continue;
            }
            rc = student_save(db, &rows[r].s, err);
            for (int i = 0; i < 2 && rc == TT_OK; i++)
                if (rows[r].has_guardian[i])
                    rc = guardian_save(db, rows[r].s.id, &rows[r].g[i], err);
            if (rc != TT_OK) {
                char msg[sizeof err->msg];
                tt_strlcpy(msg, err->msg, sizeof msg);
                tt_error_set(err, rc, _("%s, line %ld: %s"), path, t->rows[r].line, msg);
                break;
            }
            if (id)
                sum->updated++;
            else
                sum->added++;
        }
        int end = db_unit_end(db, rc == TT_OK, err);
        if (rc == TT_OK)
            rc = end;
        if (rc != TT_OK)
            sum->added = sum->updated = sum->unchanged = 0;
    }
    if (rc == TT_OK && sum->n_problems > 0) {
        if (rejects_path)
            tt_strlcpy(sum->rejects_path, rejects_path, sizeof sum->rejects_path);
        else
            snprintf(sum->rejects_path, sizeof sum->rejects_path, "%s.rejects.csv", path);
        char *ok = xcalloc((size_t)t->n_rows + 1, 1);
        for (long r = 0; r < t->n_rows; r++)
            ok[r] = (char)rows[r].ok;
        rc = import_write_rejects(t, ok, sum, sum->rejects_path, err);
        free(ok);
    }
    for (int i = 0; i < n_schools; i++) {
        free(schools[i].code);
        free(schools[i].name);
    }
    free(schools);
    free(rows);
    csv_table_free(t);
    return rc;
}

