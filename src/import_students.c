#include "config.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Our field names (as in [import_students], and as student_validate and
 * guardian_validate name a wrong field) and the headers school systems
 * write, compared folded: no accents, no case, punctuation as spaces. */
static const struct import_field fields[F__COUNT] = {
    [F_LOCAL] = { "local_number", 1, "fiche|no fiche|numero de fiche|no de fiche|numero fiche|"
                                     "student number|local number|student id" },
    [F_CP] = { "code_permanent", 0, "code permanent|permanent code|code perm" },
    [F_LAST] = { "last_name", 1, "nom|nom de famille|last name|surname|family name" },
    [F_FIRST] = { "first_name", 1, "prenom|first name|given name" },
    [F_BIRTH] = { "birth_date", 0, "date de naissance|date naissance|naissance|birth date|"
                                   "date of birth" },
    [F_LEVEL] = { "level", 1, "niveau|classement|annee|level|grade" },
    [F_GROUP] = { "class_group", 0, "groupe|groupe repere|groupe classe|group|class|homeroom" },
    [F_SCHOOL] = { "school", 1, "ecole|school|etablissement" },
    [F_G1_NAME] = { "guardian1_name", 0, "parent 1|nom parent 1|tuteur 1|guardian 1|parent1|"
                                         "guardian 1 name|parent 1 name" },
    [F_G1_REL] = { "guardian1_relationship", 0, "lien parent 1|lien 1|relationship 1|"
                                                 "guardian 1 relationship" },
    [F_G1_PHONE] = { "guardian1_phone", 0, "telephone parent 1|tel parent 1|phone 1|"
                                           "guardian 1 phone" },
    [F_G1_EMAIL] = { "guardian1_email", 0, "courriel parent 1|email parent 1|e mail 1|email 1|"
                                           "guardian 1 email|guardian 1 e mail" },
    [F_G2_NAME] = { "guardian2_name", 0, "parent 2|nom parent 2|tuteur 2|guardian 2|parent2|"
                                         "guardian 2 name|parent 2 name" },
    [F_G2_REL] = { "guardian2_relationship", 0, "lien parent 2|lien 2|relationship 2|"
                                                 "guardian 2 relationship" },
    [F_G2_PHONE] = { "guardian2_phone", 0, "telephone parent 2|tel parent 2|phone 2|"
                                           "guardian 2 phone" },
    [F_G2_EMAIL] = { "guardian2_email", 0, "courriel parent 2|email parent 2|e mail 2|email 2|"
                                           "guardian 2 email|guardian 2 e mail" },
};

static int validate_mapping(const char *key, const char *value, char *expected, size_t size)
{
    return import_check_mapping(fields, F__COUNT, key, value, expected, size);
}

void import_students_register_settings(void)
{
    settings_register_section("import_students", validate_mapping);
}

/* ---- levels ----------------------------------------------------------
 * Accepted, accents and case ignored, punctuation as spaces:
 *   our codes            P1..P6, S1..S5, PRE4, PRE5
 *   primary              3e année, 1re année, année 3, primaire 3, Grade 3
 *   secondary            Sec 2, Secondaire 2, 2e secondaire, 2e année du
 *                        secondaire, Grade 8 (grades 7 to 11 are S1 to S5,
 *                        as English boards number them)
 *   preschool            maternelle, maternelle 5 ans, K (PRE5);
 *                        prématernelle, maternelle 4 ans, pré-K (PRE4)
 *   a bare number        3 or 03: P3 in a primary school, S3 in a school
 *                        whose name says secondaire, secondary, high
 *                        school or polyvalente.
 * Anything else, a second number or a level that does not exist (Sec 6,
 * P7) is refused rather than guessed: "Groupe 3" is not a level. */
enum level_kind { LK_SKIP, LK_YEAR, LK_PRIMARY, LK_SECONDARY, LK_GRADE, LK_PRESCHOOL };

static const struct level_word {
    const char *word;
    enum level_kind kind;
    int preschool_age;      /* what a preschool word means without a number */
} level_words[] = {
    { "e", LK_SKIP, 0 }, { "er", LK_SKIP, 0 }, { "re", LK_SKIP, 0 }, { "ere", LK_SKIP, 0 },
    { "eme", LK_SKIP, 0 }, { "ieme", LK_SKIP, 0 }, { "st", LK_SKIP, 0 }, { "nd", LK_SKIP, 0 },
    { "rd", LK_SKIP, 0 }, { "th", LK_SKIP, 0 }, { "du", LK_SKIP, 0 }, { "de", LK_SKIP, 0 },
    { "niveau", LK_SKIP, 0 }, { "level", LK_SKIP, 0 },
    { "annee", LK_YEAR, 0 }, { "year", LK_YEAR, 0 },
    { "p", LK_PRIMARY, 0 }, { "prim", LK_PRIMARY, 0 }, { "primaire", LK_PRIMARY, 0 },
    { "primary", LK_PRIMARY, 0 }, { "elementary", LK_PRIMARY, 0 },
    { "s", LK_SECONDARY, 0 }, { "sec", LK_SECONDARY, 0 }, { "secondaire", LK_SECONDARY, 0 },
    { "secondary", LK_SECONDARY, 0 },
    { "grade", LK_GRADE, 0 }, { "gr", LK_GRADE, 0 },
    { "pre", LK_PRESCHOOL, 4 }, { "prematernelle", LK_PRESCHOOL, 4 },
    { "maternelle", LK_PRESCHOOL, 5 }, { "mat", LK_PRESCHOOL, 5 },
    { "kindergarten", LK_PRESCHOOL, 5 }, { "k", LK_PRESCHOOL, 5 },
    { "prescolaire", LK_PRESCHOOL, 0 }, { "preschool", LK_PRESCHOOL, 0 },
    { "ans", LK_PRESCHOOL, 0 },
};

static int parse_level(const char *v, int secondary_school, char out[8])
{
    char *f = text_fold(v);
    int numbers = 0, n = 0, unknown = 0, kinds = 0, age = 0;
    for (const char *p = f; *p; ) {
        size_t digits = strspn(p, "0123456789");
        size_t letters = strspn(p, "abcdefghijklmnopqrstuvwxyz");
        if (digits) {
            numbers++;
            n = digits > 2 ? 99 : atoi(p);
            p += digits;
        } else if (letters) {
            const struct level_word *w = NULL;
            for (size_t i = 0; i < TT_ARRAY_LEN(level_words) && !w; i++)
                if (strlen(level_words[i].word) == letters &&
                    strncmp(level_words[i].word, p, letters) == 0)
                    w = &level_words[i];
            if (w == NULL)
                unknown = 1;
            else if (w->kind != LK_SKIP)
                kinds |= 1 << w->kind;
            if (w && w->preschool_age == 4)
                age = 4;
            else if (w && w->preschool_age == 5 && age == 0)
                age = 5;
            p += letters;
        } else {
            p++;
        }
    }
    free(f);
    /* "2e année du secondaire": the year belongs to the secondary. */
    if (kinds & (1 << LK_SECONDARY))
        kinds &= ~(1 << LK_YEAR);
    if (kinds & (1 << LK_YEAR))
        kinds = (kinds & ~(1 << LK_YEAR)) | (1 << LK_PRIMARY);
    if (unknown || numbers > 1 || (kinds & (kinds - 1)) != 0)
        return -1;
    char cycle = 0;
    if (kinds == 1 << LK_PRESCHOOL) {
        if (numbers)
            age = n;
        if (age != 4 && age != 5)
            return -1;
        snprintf(out, 8, "PRE%d", age);
        return 0;
    }
    if (numbers == 0)
        return -1;
    if (kinds == 1 << LK_GRADE) {
        cycle = n <= 6 ? 'P' : 'S';
        if (n > 6)
            n -= 6;
    } else if (kinds == 1 << LK_SECONDARY) {
        cycle = 'S';
    } else if (kinds == 1 << LK_PRIMARY) {
        cycle = 'P';
    } else {
        cycle = secondary_school ? 'S' : 'P';
    }
    if (n < 1 || n > (cycle == 'P' ? 6 : 5))
        return -1;
    snprintf(out, 8, "%c%d", cycle, n);
    return 0;
}

/* What school systems write in the relationship column, folded.  Step-
 * and grand-parents are "other": the holder of parental authority is
 * what the mother, father and guardian values mean. */
static const struct {
    const char *folded;
    const char *value;
} relationships[] = {
    { "mere", "mother" }, { "mother", "mother" }, { "maman", "mother" }, { "mom", "mother" },
    { "m", "mother" },
    { "pere", "father" }, { "father", "father" }, { "papa", "father" }, { "dad", "father" },
    { "p", "father" },
    { "tuteur", "guardian" }, { "tutrice", "guardian" }, { "tuteur trice", "guardian" },
    { "tuteur legal", "guardian" }, { "tutrice legale", "guardian" }, { "guardian", "guardian" },
    { "legal guardian", "guardian" }, { "parent", "guardian" },
    { "autre", "other" }, { "other", "other" }, { "grand mere", "other" },
    { "grand pere", "other" }, { "grand parent", "other" }, { "grandmother", "other" },
    { "grandfather", "other" }, { "grandparent", "other" }, { "belle mere", "other" },
    { "beau pere", "other" }, { "stepmother", "other" }, { "stepfather", "other" },
    { "oncle", "other" }, { "tante", "other" }, { "uncle", "other" }, { "aunt", "other" },
    { "frere", "other" }, { "soeur", "other" }, { "brother", "other" }, { "sister", "other" },
    { "famille d accueil", "other" }, { "foster parent", "other" }, { "foster family", "other" },
};

/* "" when the file says nothing (the caller decides), -1 when it says
 * something we do not know. */
static int parse_relationship(const char *v, char out[16])
{
    char *f = text_fold(v);
    int rc = f[0] ? -1 : 0;
    out[0] = '\0';
    for (size_t i = 0; i < TT_ARRAY_LEN(relationships) && rc != 0; i++)
        if (strcmp(relationships[i].folded, f) == 0) {
            tt_strlcpy(out, relationships[i].value, 16);
            rc = 0;
        }
    free(f);
    return rc;
}

struct school_key {
    int64_t id;
    char *code;     /* folded */
    char *name;     /* folded */
    int secondary;  /* a bare level number means S, not P */
};

static int names_secondary(const char *folded)
{
    char *padded = xasprintf(" %s ", folded);
    int yes = strstr(padded, " secondaire ") || strstr(padded, " secondary ") ||
              strstr(padded, " high school ") || strstr(padded, " polyvalente ");
    free(padded);
    return yes;
}

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
        k->secondary = names_secondary(k->name);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TT_OK : db_fail(db, rc, err, _("Reading the schools"));
}

/* Keys already met in the file, with the line of their first occurrence:
 * a hash table, so 200,000 rows cost 200,000 look-ups, not a scan each. */
struct seen {
    struct seen_slot {
        char *key;
        long line;
    } *slots;
    size_t cap, n;
};

static size_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

static void seen_put(struct seen *t, char *key, long line)
{
    size_t i = hash(key) & (t->cap - 1);
    while (t->slots[i].key)
        i = (i + 1) & (t->cap - 1);
    t->slots[i] = (struct seen_slot){ key, line };
    t->n++;
}

/* 0 when key is new (it is remembered with line), else the line where it
 * was first met. */
static long seen_add(struct seen *t, const char *key, long line)
{
    if (t->cap) {
        for (size_t i = hash(key) & (t->cap - 1); t->slots[i].key; i = (i + 1) & (t->cap - 1))
            if (strcmp(t->slots[i].key, key) == 0)
                return t->slots[i].line;
    }
    if (2 * (t->n + 1) > t->cap) {
        struct seen old = *t;
        t->cap = old.cap ? old.cap * 2 : 1024;
        t->slots = xcalloc(t->cap, sizeof *t->slots);
        t->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i].key)
                seen_put(t, old.slots[i].key, old.slots[i].line);
        free(old.slots);
    }
    seen_put(t, xstrdup(key), line);
    return 0;
}

static void seen_free(struct seen *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].key);
    free(t->slots);
}

/* One import: the file's columns, the schools, what the file has shown so
 * far, and the rows set aside. */
struct run {
    struct tt_db *db;
    const char *path;
    const struct csv_table *header;
    int col[F__COUNT];
    struct school_key *schools;
    int n_schools;
    struct seen locals, codes;
    struct import_summary *sum;
    struct csv_table *rejects;
};

static const char *column(const struct run *c, int f)
{
    return f >= 0 && c->col[f] >= 0 ? c->header->headers[c->col[f]] : "";
}

/* The column a validation error names: its field is one of ours. */
static int field_index(const char *name)
{
    for (int f = 0; f < F__COUNT; f++)
        if (strcmp(fields[f].name, name) == 0)
            return f;
    return -1;
}

__attribute__((format(printf, 4, 5)))
static void reject(struct run *c, const struct csv_record *rec, int f, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    import_add_problem(c->sum, rec->line, column(c, f), why);
    csv_table_append(c->rejects, rec);
}

static const struct school_key *find_school(const struct run *c, const char *v)
{
    char *f = text_fold(v);
    const struct school_key *found = NULL;
    for (int i = 0; i < c->n_schools && !found; i++)
        if (strcmp(c->schools[i].code, f) == 0 || strcmp(c->schools[i].name, f) == 0)
            found = &c->schools[i];
    free(f);
    return found;
}

struct row {
    struct student s;
    struct guardian g[2];
    int has_guardian[2];
    int relationship_unstated[2];
};

/* Reads and checks one record without the database; 0, or -1 when it was
 * set aside. */
static int read_row(struct run *c, const struct csv_record *rec, struct row *row)
{
    memset(row, 0, sizeof *row);
    struct student *s = &row->s;
    /* Every occurrence counts, good or bad: a file that gives a local
     * number twice does not say which row is right. */
    tt_strlcpy(s->local_number, import_cell(rec, c->col, F_LOCAL), sizeof s->local_number);
    tt_trim(s->local_number);
    long first = s->local_number[0] ? seen_add(&c->locals, s->local_number, rec->line) : 0;
    if (first) {
        reject(c, rec, F_LOCAL, _("local number %s is already on line %ld of the file"),
               s->local_number, first);
        return -1;
    }
    const char *school = import_cell(rec, c->col, F_SCHOOL);
    const struct school_key *k = find_school(c, school);
    if (k == NULL) {
        reject(c, rec, F_SCHOOL, _("unknown school \"%s\"; expected the code or the name of a "
                                   "school of the database"), school);
        return -1;
    }
    s->school_id = k->id;
    tt_strlcpy(s->code_permanent, import_cell(rec, c->col, F_CP), sizeof s->code_permanent);
    tt_strlcpy(s->last_name, import_cell(rec, c->col, F_LAST), sizeof s->last_name);
    tt_strlcpy(s->first_name, import_cell(rec, c->col, F_FIRST), sizeof s->first_name);
    tt_strlcpy(s->birth_date, import_cell(rec, c->col, F_BIRTH), sizeof s->birth_date);
    tt_strlcpy(s->class_group, import_cell(rec, c->col, F_GROUP), sizeof s->class_group);
    /* An empty level is left to student_validate, which says it is
     * required. */
    const char *level = import_cell(rec, c->col, F_LEVEL);
    if (level[strspn(level, " \t")] != '\0' && parse_level(level, k->secondary, s->level) != 0) {
        reject(c, rec, F_LEVEL, _("level \"%s\" is not understood; expected P1 to P6, S1 to S5, "
                                  "PRE4, PRE5, or such as 3e année, Sec 2, 2e secondaire, "
                                  "Grade 8, maternelle 5 ans, or a bare number (S in a "
                                  "secondary school)"), level);
        return -1;
    }
    char cp[13];
    if (student_code_permanent_normalise(s->code_permanent, cp) == 0 &&
        (first = seen_add(&c->codes, cp, rec->line)) != 0) {
        reject(c, rec, F_CP, _("code permanent %s is already on line %ld of the file"), cp, first);
        return -1;
    }
    struct tt_error e;
    tt_error_clear(&e);
    if (student_validate(s, &e) != TT_OK) {
        reject(c, rec, field_index(e.field), "%s", e.msg);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        int base = i == 0 ? F_G1_NAME : F_G2_NAME;
        struct guardian *g = &row->g[i];
        g->rank = i + 1;
        tt_strlcpy(g->full_name, import_cell(rec, c->col, base), sizeof g->full_name);
        tt_trim(g->full_name);
        if (g->full_name[0] == '\0')
            continue;
        const char *rel = import_cell(rec, c->col, base + 1);
        if (parse_relationship(rel, g->relationship) != 0) {
            reject(c, rec, base + 1, _("relationship \"%s\" is not understood; expected mère, "
                                       "père, tuteur or autre"), rel);
            return -1;
        }
        if (g->relationship[0] == '\0') {
            row->relationship_unstated[i] = 1;
            tt_strlcpy(g->relationship, "guardian", sizeof g->relationship);
        }
        tt_strlcpy(g->phone, import_cell(rec, c->col, base + 2), sizeof g->phone);
        tt_strlcpy(g->email, import_cell(rec, c->col, base + 3), sizeof g->email);
        if (guardian_validate(g, &e) != TT_OK) {
            reject(c, rec, field_index(e.field), "%s", e.msg);
            return -1;
        }
        row->has_guardian[i] = 1;
    }
    return 0;
}

static int find_student(struct tt_db *db, const char *sql, const char *key, int64_t *id,
                        char *local, size_t size, struct tt_error *err)
{
    *id = 0;
    sqlite3_stmt *st = db_stmt(db, sql, err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        if (local)
            tt_strlcpy(local, (const char *)sqlite3_column_text(st, 1), size);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TT_OK
                                                 : db_fail(db, rc, err, _("Reading the student"));
}

/* What the export does not carry (no such column, or fields it never
 * has: language, flags, the guardian's language) keeps its stored value;
 * an empty relationship keeps the stored one for the same person.  Then
 * says which parts differ from what is stored. */
static void merge_stored(const struct run *c, struct row *row, const struct student *old,
                         const struct guardian *og, int ng, int *student_changed,
                         int guardian_changed[2])
{
    struct student *s = &row->s;
    s->id = old->id;
    s->row_version = old->row_version;
    s->has_intervention_plan = old->has_intervention_plan;
    s->needs_francization = old->needs_francization;
    tt_strlcpy(s->language, old->language, sizeof s->language);
    if (c->col[F_CP] < 0)
        tt_strlcpy(s->code_permanent, old->code_permanent, sizeof s->code_permanent);
    if (c->col[F_BIRTH] < 0)
        tt_strlcpy(s->birth_date, old->birth_date, sizeof s->birth_date);
    if (c->col[F_GROUP] < 0)
        tt_strlcpy(s->class_group, old->class_group, sizeof s->class_group);
    *student_changed = s->school_id != old->school_id ||
                       strcmp(s->code_permanent, old->code_permanent) != 0 ||
                       strcmp(s->last_name, old->last_name) != 0 ||
                       strcmp(s->first_name, old->first_name) != 0 ||
                       strcmp(s->birth_date, old->birth_date) != 0 ||
                       strcmp(s->level, old->level) != 0 ||
                       strcmp(s->class_group, old->class_group) != 0;
    for (int i = 0; i < 2; i++) {
        guardian_changed[i] = 0;
        if (!row->has_guardian[i])
            continue;
        struct guardian *g = &row->g[i];
        const struct guardian *o = NULL;
        for (int k = 0; k < ng; k++)
            if (og[k].rank == g->rank)
                o = &og[k];
        if (o == NULL) {
            guardian_changed[i] = 1;
            continue;
        }
        char *a = text_fold(g->full_name), *b = text_fold(o->full_name);
        int same_person = strcmp(a, b) == 0;
        free(a);
        free(b);
        if (same_person) {
            int base = i == 0 ? F_G1_NAME : F_G2_NAME;
            tt_strlcpy(g->language, o->language, sizeof g->language);
            if (c->col[base + 1] < 0 || row->relationship_unstated[i])
                tt_strlcpy(g->relationship, o->relationship, sizeof g->relationship);
            if (c->col[base + 2] < 0)
                tt_strlcpy(g->phone, o->phone, sizeof g->phone);
            if (c->col[base + 3] < 0)
                tt_strlcpy(g->email, o->email, sizeof g->email);
        }
        guardian_changed[i] = strcmp(g->full_name, o->full_name) != 0 ||
                              strcmp(g->relationship, o->relationship) != 0 ||
                              strcmp(g->phone, o->phone) != 0 ||
                              strcmp(g->email, o->email) != 0 ||
                              strcmp(g->language, o->language) != 0;
    }
}

/* An anonymised student (tutorat anonymise) is never written again: a
 * school list must not put a name back on a record whose history was made
 * anonymous.  Anonymising replaces the local number, so a real list never
 * matches one; this holds even if a file does. */
static int is_anonymised(struct tt_db *db, int64_t id, int *yes, struct tt_error *err)
{
    *yes = 0;
    sqlite3_stmt *st = db_stmt(db, "SELECT anonymised FROM student WHERE id = ?1", err);
    if (st == NULL)
        return err ? err->code : TT_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *yes = sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TT_OK
                                                 : db_fail(db, rc, err, _("Reading the student"));
}

static int import_row(struct run *c, const struct csv_record *rec, struct tt_error *err)
{
    struct row row;
    if (read_row(c, rec, &row) != 0)
        return TT_OK;
    struct student *s = &row.s;
    int64_t id = 0, owner = 0;
    char owner_local[84] = "";
    int rc = find_student(c->db, "SELECT id FROM student WHERE local_number = ?1",
                          s->local_number, &id, NULL, 0, err);
    if (rc == TT_OK && s->code_permanent[0])
        rc = find_student(c->db, "SELECT id, local_number FROM student WHERE code_permanent = ?1",
                          s->code_permanent, &owner, owner_local, sizeof owner_local, err);
    if (rc != TT_OK)
        return rc;
    if (owner && owner != id) {
        reject(c, rec, F_CP, _("code permanent %s already belongs to the student with local "
                               "number %s"), s->code_permanent, owner_local);
        return TT_OK;
    }
    int anonymised = 0;
    if (id && (rc = is_anonymised(c->db, id, &anonymised, err)) != TT_OK)
        return rc;
    if (anonymised) {
        reject(c, rec, F_LOCAL, _("local number %s is that of an anonymised student, whose record "
                                  "is never changed again"), s->local_number);
        return TT_OK;
    }
    int student_changed = 1, guardian_changed[2] = { row.has_guardian[0], row.has_guardian[1] };
    if (id) {
        struct student old;
        struct guardian og[2];
        int ng = 0;
        rc = student_get(c->db, id, &old, err);
        if (rc == TT_OK)
            rc = guardians_get(c->db, id, og, &ng, err);
        if (rc != TT_OK)
            return rc;
        merge_stored(c, &row, &old, og, ng, &student_changed, guardian_changed);
    }
    if (!student_changed && !guardian_changed[0] && !guardian_changed[1]) {
        c->sum->unchanged++;
        return TT_OK;
    }
    if (student_changed)
        rc = student_save(c->db, s, err);
    for (int i = 0; i < 2 && rc == TT_OK; i++)
        if (guardian_changed[i])
            rc = guardian_save(c->db, s->id, &row.g[i], err);
    if (rc != TT_OK) {
        /* Checked above, so only the database itself (or someone writing
         * the same student this very moment) gets here: stop everything. */
        char msg[sizeof err->msg];
        tt_strlcpy(msg, err->msg, sizeof msg);
        return tt_error_set(err, rc, _("%s, line %ld: %s"), c->path, rec->line, msg);
    }
    if (id)
        c->sum->updated++;
    else
        c->sum->added++;
    return TT_OK;
}

int import_students(struct tt_db *db, const struct settings *s, const char *path, int skip_bad,
                    const char *rejects_path, struct import_summary *sum, struct tt_error *err)
{
    memset(sum, 0, sizeof *sum);
    struct csv_reader *reader = NULL;
    int rc = csv_reader_open(path, &reader, err);
    if (rc != TT_OK)
        return rc;
    struct run c = { .db = db, .path = path, .header = csv_reader_header(reader), .sum = sum };
    rc = import_map_columns(c.header, s, "import_students", fields, F__COUNT, c.col, path, err);
    if (rc == TT_OK)
        rc = db_unit_begin(db, err);
    if (rc != TT_OK) {
        csv_reader_close(reader);
        return rc;
    }
    c.rejects = csv_table_new_like(c.header);
    rc = load_schools(db, &c.schools, &c.n_schools, err);
    /* One pass inside the transaction: every row is checked against the
     * database as earlier rows of the file left it, and written; an
     * all-or-nothing import with bad rows is undone at the end, so both
     * modes name exactly the same rows. */
    const struct csv_record *rec;
    while (rc == TT_OK && (rc = csv_reader_next(reader, &rec, err)) == TT_OK && rec != NULL) {
        sum->rows++;
        rc = import_row(&c, rec, err);
    }
    if (rc == TT_OK)
        rc = import_settle_problems(sum, path, skip_bad, err);
    /* The rejects file before the commit: good rows never go in without
     * the list of the bad ones. */
    if (rc == TT_OK && sum->n_problems > 0) {
        if (rejects_path)
            tt_strlcpy(sum->rejects_path, rejects_path, sizeof sum->rejects_path);
        else
            snprintf(sum->rejects_path, sizeof sum->rejects_path, "%s.rejects.csv", path);
        char *none_ok = xcalloc((size_t)c.rejects->n_rows + 1, 1);
        rc = import_write_rejects(c.rejects, none_ok, sum, sum->rejects_path, err);
        free(none_ok);
        if (rc != TT_OK)
            sum->rejects_path[0] = '\0';
    }
    int end = db_unit_end(db, rc == TT_OK, err);
    if (rc == TT_OK)
        rc = end;
    if (rc != TT_OK)
        sum->added = sum->updated = sum->unchanged = 0;
    for (int i = 0; i < c.n_schools; i++) {
        free(c.schools[i].code);
        free(c.schools[i].name);
    }
    free(c.schools);
    seen_free(&c.locals);
    seen_free(&c.codes);
    csv_table_free(c.rejects);
    csv_reader_close(reader);
    return rc;
}
